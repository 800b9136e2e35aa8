"""Who may do what: the permission policy, in one small explicit table.

Each permission lists the ORG-3 roles that grant it. Administrators (staff
accounts) may do everything (API.md); `ANY_MEMBER` marks permissions every
active member has (ORG-2: a candidate or a member who left holds none).
Privacy rules (RC-7, client budgets, SP-13) and the scoped decisions of
decision 0022 (who votes, who edits a ticket, who acts for another member)
live here too, so a reviewer can read all access decisions on one screen.
The use cases call these on the `Actor` the door passes.
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
    DECIDE_TRIAL_REVIEWS = "trial.decide"
    SCORE_LEADS = "sales.score"
    VIEW_AUDIT_LOG = "core.view_audit"
    VIEW_CANDIDATES = "recruitment.view_candidates"
    OPEN_RECRUITMENT_ROUNDS = "recruitment.open_rounds"
    VIEW_TIME_OFF = "time_off.view"
    BOOK_TIME_OFF_FOR_OTHERS = "time_off.book_for_others"
    VIEW_TIME_OFF_KIND = "time_off.view_kind"
    WORK_ON_TICKETS = "sprints.work"
    MANAGE_SPRINTS = "sprints.manage"
    RUN_RITUALS = "sprints.rituals"
    VIEW_INVOICES = "billing.view_invoices"
    SEND_INVOICES = "billing.send_invoices"
    PUBLISH_BLOG_POSTS = "workflows.publish"


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
    # TR-3: the CEO records a review's outcome when no manager took part (decision 0030).
    Permission.DECIDE_TRIAL_REVIEWS: frozenset({Role.CEO}),
    # SL-1…SL-7 (decision 0055): leads, their scores, meetings, proposals and the sales
    # reports are for those who sell: business development and the CEO.
    Permission.SCORE_LEADS: frozenset({Role.BUSINESS_DEVELOPMENT, Role.CEO}),
    Permission.VIEW_AUDIT_LOG: frozenset(),
    # RC-7: candidate data is for recruitment managers and the CEO only.
    Permission.VIEW_CANDIDATES: frozenset({Role.RECRUITMENT_MANAGER, Role.CEO}),
    # RC-1: the CEO opens (and closes) recruitment rounds.
    Permission.OPEN_RECRUITMENT_ROUNDS: frozenset({Role.CEO}),
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
    # SL-6 / issue #11: invoices, rates and amounts are for those who sell and bill work
    # (not for the planners, who see budget hours only); drafting too.
    Permission.VIEW_INVOICES: frozenset(
        {Role.ADMIN_SPECIALIST, Role.CEO, Role.CTO, Role.BUSINESS_DEVELOPMENT}
    ),
    # SL-6: the admin specialist reviews and sends (administrators by the flag).
    Permission.SEND_INVOICES: frozenset({Role.ADMIN_SPECIALIST}),
    # WF-1: the marketing specialist publishes blog posts.
    Permission.PUBLISH_BLOG_POSTS: frozenset({Role.MARKETING}),
}


def allows(actor: Actor, permission: Permission) -> bool:
    """Whether `actor` holds `permission` (ORG-2: an inactive member holds none)."""
    if actor.is_admin:
        return True
    if not actor.active:
        return False
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
    if not actor.active:
        return False
    granted = POLICY[permission]
    if granted == ANY_MEMBER:
        return True
    return any(role in granted and where in (None, cell) for role, where in actor.role_cells)


def sees_time_off_kind(actor: Actor, member: str, cell: str) -> bool:
    """Decision 0016: whether `actor` sees the kind of `member`'s time off (sick or off):
    the member themself, or a holder of VIEW_TIME_OFF_KIND for the member's cell."""
    return actor.username == member or allows_in_cell(actor, Permission.VIEW_TIME_OFF_KIND, cell)


def denial_message(
    permission: Permission, cell: str | None = None, actor: Actor | None = None
) -> str:
    if actor is not None and not actor.active and not actor.is_admin:
        return INACTIVE_MESSAGE
    granted = POLICY[permission]
    if isinstance(granted, str):
        return "You need to be logged in."
    where = f" of cell {cell}" if cell else ""
    if not granted:  # issue #14: never "these roles may do this: none"
        return (
            "Only administrators may do this: no role gives it, so none of yours does. "
            "Ask an administrator if you need it done."
        )
    names = ", ".join(sorted(role.label for role in granted))
    return f"Only administrators and these roles{where} may do this: {names}."


INACTIVE_MESSAGE = (
    "ORG-2: only newcomers and core members are active; your membership is not active, "
    "so you may not do this. Ask an administrator if that is wrong."
)


def inactive_refusal(actor: Actor) -> str | None:
    """ORG-2's refusal for an inactive member (None for an active one or an administrator)."""
    return INACTIVE_MESSAGE if not actor.active and not actor.is_admin else None


# --- scoped decisions (decision 0022) ------------------------------------------------


def may_book_time_off_for(actor: Actor, member: str, cell: str) -> bool:
    """Booking, announcing and cancelling `member`'s time off: an active member for
    themself; for someone else, the CEO (any cell) or a sprint planning manager of the
    member's `cell` (BOOK_TIME_OFF_FOR_OTHERS held per cell, issue #8)."""
    if member == actor.username:
        return allows(actor, Permission.VIEW_TIME_OFF)
    return allows_in_cell(actor, Permission.BOOK_TIME_OFF_FOR_OTHERS, cell)


def time_off_refusal(actor: Actor, member: str, cell: str | None) -> str | None:
    """Why `actor` may not book, announce or cancel `member`'s time off (None: they may).

    `cell` is the member's cell; None when it is not known yet (the member is still to
    be looked up), which is enough to refuse someone who may book only for themself.
    """
    if member == actor.username:
        return inactive_refusal(actor)
    others = Permission.BOOK_TIME_OFF_FOR_OTHERS
    if not allows(actor, others):
        return denial_message(others, actor=actor)
    if cell is not None and not may_book_time_off_for(actor, member, cell):
        return denial_message(others, cell, actor=actor)
    return None


def is_active_member_of(actor: Actor, cell: str) -> bool:
    """ORG-2: `actor` is an active member of `cell` (administrators are not, by the flag)."""
    return actor.active and actor.cell == cell


def sees_cell(actor: Actor, cell: str) -> bool:
    """SP-13 privacy: a cell's retrospective is for its active members, its sprint
    planning and sprint managers, and administrators."""
    return is_active_member_of(actor, cell) or allows_in_cell(actor, Permission.RUN_RITUALS, cell)


def may_vote_in_estimation(actor: Actor, cell: str) -> bool:
    """SP-3: the cell's active members vote in its estimation, nobody else (the
    administrator flag does not make anyone a member of the cell)."""
    return is_active_member_of(actor, cell)


def may_act_for(actor: Actor, cell: str, member: str) -> bool:
    """Doing a ritual in another member's name (their video update, their tech talk):
    oneself, or the cell's ritual managers (decision 0011)."""
    if member == actor.username:
        return allows(actor, Permission.WORK_ON_TICKETS)
    return allows_in_cell(actor, Permission.RUN_RITUALS, cell)


#: Ticket fields that are the sprint's plan once it started (SP-4, SP-5, SP-6): who does
#: and reviews the work, its size and whether it is a stretch goal.
PLAN_FIELDS = frozenset({"story_points", "assignee", "reviewer", "tentative_assignee", "stretch"})


def may_work_on_ticket(actor: Actor, cell: str, people: frozenset[str]) -> bool:
    """Decision 0022: a ticket is worked on by the active members of its cell, its own
    people (creator, assignee, reviewer, tentative assignee, its epic's owner, who may be
    of another cell), the cell's sprint planning and sprint managers, and administrators."""
    if not allows(actor, Permission.WORK_ON_TICKETS):
        return False
    return (
        is_active_member_of(actor, cell)
        or actor.username in people
        or allows_in_cell(actor, Permission.MANAGE_SPRINTS, cell)
        or allows_in_cell(actor, Permission.RUN_RITUALS, cell)
    )


def ticket_edit_refusal(
    actor: Actor, cell: str, people: frozenset[str], started: bool, fields: frozenset[str]
) -> str | None:
    """Why `actor` may not change `fields` of a ticket of `cell` (None: they may).

    Decision 0022: `may_work_on_ticket` decides who edits at all; once the ticket's sprint
    has started, its plan (`PLAN_FIELDS`) changes only by the cell's sprint planning
    manager or an administrator; status, hours, title and the rest stay open to its people.
    """
    if not may_work_on_ticket(actor, cell, people):
        return inactive_refusal(actor) or (
            f"Only the active members of {cell}, the ticket's own people (creator, assignee, "
            "reviewer, tentative assignee, epic owner), the cell's sprint planning and sprint "
            "managers, and administrators may change this ticket."
        )
    planned = sorted(fields & PLAN_FIELDS)
    if started and planned and not allows_in_cell(actor, Permission.MANAGE_SPRINTS, cell):
        return (
            f"SP-5: the sprint has started, so its plan ({', '.join(planned)}) changes only by "
            f"{cell}'s sprint planning manager or an administrator; ask them."
        )
    return None


# --- newcomers' reviews (TR-2, TR-3; decision 0030) ---------------------------------

#: The roles that make a reviewer "the manager involved" in a developer review (TR-3).
MANAGER_ROLES = frozenset(
    {
        Role.CTO,
        Role.SPRINT_PLANNING_MANAGER,
        Role.SPRINT_MANAGER,
        Role.RECRUITMENT_MANAGER,
        Role.EPIC_PLANNING_MANAGER,
    }
)


def sees_trial_review(
    actor: Actor, newcomer: str, cell: str, reviewers: frozenset[str], mentor: str | None
) -> bool:
    """API.md: a newcomer's reviews are read by their reviewers, the mentor, the cell's
    managers, the CEO and administrators, and by the newcomer (who never sees the votes)."""
    if not allows(actor, Permission.VIEW_TRIAL):
        return False
    return (
        actor.username in reviewers | {newcomer, mentor}
        or allows(actor, Permission.DECIDE_TRIAL_REVIEWS)
        or allows_in_cell(actor, Permission.RUN_RITUALS, cell)
    )


def sees_agency_overview(actor: Actor) -> bool:
    """Issue #14 item 13: the home page's overview of the agency (each cell's capacity,
    open trial reviews, upcoming time off) is for the CEO, the managers
    (`MANAGER_ROLES`) and administrators. Budgets in it still need VIEW_CLIENT_BUDGETS."""
    if actor.is_admin:
        return True
    return actor.active and bool(actor.roles & (MANAGER_ROLES | {Role.CEO}))


def may_decide_trial_review(
    actor: Actor, screening: bool, reviewers: frozenset[str], mentor: str | None
) -> bool:
    """TR-2: the mentor records a screening review's outcome. TR-3: a developer review is
    decided by the manager involved (a reviewer holding a manager role), else the CEO.
    The CEO and administrators may always record it."""
    if allows(actor, Permission.DECIDE_TRIAL_REVIEWS):
        return True
    if not actor.active:
        return False
    if screening:
        return mentor is not None and actor.username == mentor
    return actor.username in reviewers and bool(actor.roles & MANAGER_ROLES)


# --- recruitment (RC-1, RC-7; decision 0031) ----------------------------------------


def sees_round_candidates(actor: Actor, round_cells: frozenset[str]) -> bool:
    """RC-7: a round's candidatures are seen by its recruitment managers (the role held for
    one of its recruiting cells, or for the whole organisation), the CEO and administrators."""
    if allows(actor, Permission.OPEN_RECRUITMENT_ROUNDS):
        return True
    if not actor.active:
        return False
    return any(
        role is Role.RECRUITMENT_MANAGER and (where is None or where in round_cells)
        for role, where in actor.role_cells
    )


# --- checklists and workflows (decision 0038) ----------------------------------------


def may_see_checklist(actor: Actor, owner: str, owner_cell: str | None) -> bool:
    """A checklist run is seen and ticked by its owner (an active member, ORG-2), the
    sprint planning manager of the owner's cell, and administrators."""
    if actor.username == owner and (actor.active or actor.is_admin):
        return True
    if owner_cell is None:
        return actor.is_admin
    return allows_in_cell(actor, Permission.MANAGE_SPRINTS, owner_cell)


def may_edit_checklist_template(actor: Actor, cell: str | None) -> bool:
    """A cell's own template is its sprint planning manager's; any other is for who edits
    the organisation (the CEO) and administrators."""
    if cell:
        return allows_in_cell(actor, Permission.MANAGE_SPRINTS, cell)
    return allows(actor, Permission.EDIT_ORGANISATION)


def may_publish_blog_post(actor: Actor) -> bool:
    """WF-1: only the marketing specialist (and administrators) take a post's `published` step."""
    return allows(actor, Permission.PUBLISH_BLOG_POSTS)


def may_work_on_workflows(actor: Actor) -> bool:
    """WF-1…WF-5: every active member proposes, comments, tests and writes (ORG-2)."""
    return allows(actor, Permission.WORK_ON_TICKETS)


def may_agree_decision(actor: Actor, author: str) -> bool:
    """WF-3: the decision's author records that it is agreed (administrators too)."""
    return actor.is_admin or (actor.username == author and actor.active)


def may_resolve_comment(actor: Actor, comment_author: str, decision_author: str) -> bool:
    """WF-3: a comment is resolved by who wrote it, the decision's author, or an administrator."""
    if actor.is_admin:
        return True
    return actor.active and actor.username in (comment_author, decision_author)


def decides_as(actor: Actor, named: str | None) -> str | None:
    """WF-3: in what capacity `actor` may settle a disagreement: ``"named"`` for the person
    the rule names (the manager involved, else the CTO or the CEO), ``"ceo"`` for the CEO
    deciding any matter (marked as such), None when they may not."""
    if not actor.active and not actor.is_admin:
        return None
    if named and actor.username == named:
        return "named"
    if Role.CEO in actor.roles:
        return "ceo"
    return None
