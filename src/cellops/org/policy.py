"""Who may do what: the permission policy, in one small explicit table.

Each permission lists the ORG-3 roles that grant it. Administrators (staff
accounts) may do everything (API.md); `ANY_MEMBER` marks permissions every
logged-in person has. Privacy rules (RC-7, client budgets) live here too, so
a reviewer can read all access decisions on one screen.
"""

from __future__ import annotations

from enum import StrEnum

from cellops.org.data import Actor, Role

ANY_MEMBER = "any member"


class Permission(StrEnum):
    VIEW_ORGANISATION = "org.view"
    EDIT_ORGANISATION = "org.edit"
    VIEW_CLIENT_BUDGETS = "org.view_client_budgets"
    VIEW_TRIAL = "trial.view"
    SCORE_LEADS = "sales.score"
    VIEW_AUDIT_LOG = "core.view_audit"
    VIEW_CANDIDATES = "recruitment.view_candidates"
    VIEW_TIME_OFF = "time_off.view"
    BOOK_TIME_OFF_FOR_OTHERS = "time_off.book_for_others"
    VIEW_TIME_OFF_KIND = "time_off.view_kind"
    WORK_ON_TICKETS = "sprints.work"
    MANAGE_SPRINTS = "sprints.manage"
    RUN_RITUALS = "sprints.rituals"


POLICY: dict[Permission, frozenset[Role] | str] = {
    Permission.VIEW_ORGANISATION: ANY_MEMBER,
    Permission.EDIT_ORGANISATION: frozenset({Role.CEO}),
    # Client budgets and rates: the people who plan, sell and bill work.
    Permission.VIEW_CLIENT_BUDGETS: frozenset(
        {
            Role.CEO,
            Role.CTO,
            Role.BUSINESS_DEVELOPMENT,
            Role.ADMIN_SPECIALIST,
            Role.SPRINT_PLANNING_MANAGER,
            Role.EPIC_PLANNING_MANAGER,
        }
    ),
    Permission.VIEW_TRIAL: ANY_MEMBER,
    Permission.SCORE_LEADS: ANY_MEMBER,
    Permission.VIEW_AUDIT_LOG: frozenset(),
    # RC-7: candidate data is for recruitment managers and the CEO only.
    Permission.VIEW_CANDIDATES: frozenset({Role.RECRUITMENT_MANAGER, Role.CEO}),
    # Everyone books their own time off; the shared calendar is open to all (TO-5).
    Permission.VIEW_TIME_OFF: ANY_MEMBER,
    # Booking for someone else (e.g. sick leave phoned in, an imported calendar); held per
    # cell (`allows_in_cell`): a sprint planning manager acts for their own cell's members.
    Permission.BOOK_TIME_OFF_FOR_OTHERS: frozenset({Role.CEO, Role.SPRINT_PLANNING_MANAGER}),
    # Decision 0016: which kind of time off someone took (sick leave) is for the member,
    # the managers of their cell and the CEO; colleagues see "off". Held per cell.
    Permission.VIEW_TIME_OFF_KIND: frozenset({Role.CEO, Role.SPRINT_PLANNING_MANAGER}),
    # Members create, estimate and move tickets and log time.
    Permission.WORK_ON_TICKETS: ANY_MEMBER,
    # SP-3/SP-5/SP-10: opening and closing estimation, starting and completing sprints.
    Permission.MANAGE_SPRINTS: frozenset({Role.SPRINT_PLANNING_MANAGER}),
    # SP-13/SP-14: publishing a cell's retrospective, setting its firefighters, acting for
    # its members on rituals (decision 0011); held per cell (`allows_in_cell`).
    Permission.RUN_RITUALS: frozenset({Role.SPRINT_PLANNING_MANAGER, Role.SPRINT_MANAGER}),
}


def allows(actor: Actor, permission: Permission) -> bool:
    """Whether `actor` holds `permission`."""
    if actor.is_admin:
        return True
    granted = POLICY[permission]
    if granted == ANY_MEMBER:
        return True
    return bool(actor.roles & granted)  # type: ignore[operator]


def allows_in_cell(actor: Actor, permission: Permission, cell: str) -> bool:
    """Whether `actor` holds `permission` for `cell`: through a role given for that
    cell or for the whole organisation (a sprint planning manager of one cell does
    not plan another's sprints)."""
    if actor.is_admin:
        return True
    granted = POLICY[permission]
    if granted == ANY_MEMBER:
        return True
    return any(role in granted and where in (None, cell) for role, where in actor.role_cells)


def sees_time_off_kind(actor: Actor, member: str, cell: str) -> bool:
    """Decision 0016: whether `actor` sees the kind of `member`'s time off (sick or off):
    the member themself, or a holder of VIEW_TIME_OFF_KIND for the member's cell."""
    return actor.username == member or allows_in_cell(actor, Permission.VIEW_TIME_OFF_KIND, cell)


def denial_message(permission: Permission, cell: str | None = None) -> str:
    granted = POLICY[permission]
    if isinstance(granted, str):
        return "You need to be logged in."
    names = ", ".join(sorted(role.label for role in granted)) or "none"
    where = f" of cell {cell}" if cell else ""
    return f"Only administrators and these roles{where} may do this: {names}."
