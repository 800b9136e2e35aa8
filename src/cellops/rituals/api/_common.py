"""What the rituals' use cases share: who may (through `org.policy`), the checks of days
and sprints, the "Meetings" account, wording."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied

from cellops.kernel.bounds import LATEST, check_field_day
from cellops.kernel.calendar import OutsideCalendar, Sprint
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor, Member
from cellops.org.policy import Permission, allows_in_cell
from cellops.sprints import api as sprints_api

#: The account meetings are logged to (ORG-4), and the epic social chats go on.
MEETINGS_ACCOUNT = "Meetings"
SOCIAL_CHAT_EPIC = "Social chat"


# who may (decision 0022): every check is made here, through org.policy --------------


def _reader(actor: Actor) -> Actor:
    """The one check of the rituals' reads that show no private thing (firefighters, the
    social chat, video updates, tech talks): who works on tickets (WORK_ON_TICKETS, any
    active member or an administrator, ORG-2); PermissionDenied otherwise."""
    return org_api.check(actor, Permission.WORK_ON_TICKETS)


def may_see_cell(actor: Actor, cell: str) -> bool:
    """SP-13 privacy: the cell's active members, its sprint planning and sprint managers,
    and administrators see and write its retrospective (`policy.sees_cell`)."""
    return policy.sees_cell(actor, cell)


def _require_cell_access(actor: Actor, cell: str) -> str:
    """The username of `actor` if they may see and write `cell`'s retrospective (NotFound for
    an unknown cell, PermissionDenied for anyone else)."""
    org_api.get_cell(cell)
    if not policy.sees_cell(actor, cell):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"The retrospective of {cell} is private to its members, its sprint planning "
            "and sprint managers, and administrators."
        )
    return actor.username


def is_cell_manager(actor: Actor, cell: str) -> bool:
    """Administrators, and the cell's sprint planning manager or sprint manager."""
    return allows_in_cell(actor, Permission.RUN_RITUALS, cell)


def _require_cell_manager(actor: Actor, cell: str) -> str:
    """The username of `actor` if they run `cell`'s rituals (publish its retrospective, set
    its firefighters, act for its members); PermissionDenied otherwise."""
    org_api.get_cell(cell)
    if not allows_in_cell(actor, Permission.RUN_RITUALS, cell):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"Only {cell}'s sprint planning manager or sprint manager, or an administrator, "
            "may do this."
        )
    return actor.username


def _acting_for(actor: Actor, cell: str, member: str) -> str:
    """The username of `actor` if they may do a ritual in `member`'s name: themself, or the
    cell's ritual managers (decision 0011)."""
    if not policy.may_act_for(actor, cell, member):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"Only {cell}'s sprint planning manager or sprint manager, or an administrator, "
            "may do this."
        )
    return actor.username


# checks -------------------------------------------------------------------------


_check_day = check_field_day


def _check_moment(field: str, moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, "give a time with its offset, like 2026-03-10T15:00:00+00:00")
    _check_day(field, moment.date())
    return moment


def _ritual_dates(cell: str, number: int, field: str = "number") -> Sprint:
    """`cell`'s sprint's dates (its own calendar, SP-1), refused on `field` when it lies
    beyond the dates we keep."""
    dates = sprints_api.sprint_dates(cell, number, field)
    return _kept(dates, number, field)


def _dev_ritual_dates(number: int, field: str = "number") -> Sprint:
    """Dev sprint `number`'s dates (SP-16: a tech talk is on a dev mid-sprint meeting day,
    whatever the speaker's cell; decision 0062), refused on `field` like `_ritual_dates`."""
    try:
        dates = org_api.sprint_calendar().named_sprint(number)
    except OutsideCalendar as exc:
        raise NotFound(field, str(exc)) from exc
    return _kept(dates, number, field)


def _kept(dates: Sprint, number: int, field: str) -> Sprint:
    if dates.end > LATEST:
        raise InvalidInput(field, f"give a sprint that ends by {LATEST}, not sprint {number}")
    return dates


def _completed(cell: str, number: int) -> bool:
    """Whether the sprint was completed (rolled over, SP-10)."""
    return sprints_api.sprint_record(cell, number).completed_at is not None


def _active_member_of(username: str, cell: str, field: str = "member") -> Member:
    member = org_api.get_member(username, field=field)
    if member.cell != cell or member.status.value not in org_api.ACTIVE_STATUS_VALUES:
        raise InvalidInput(field, f"{username} is not an active member of {cell}")
    return member


def _meetings_account(actor: Actor) -> str:
    """ORG-4: the "Meetings" account, made (and audited, in `actor`'s name) the first time a
    ritual needs it: the software makes it, whoever runs the ritual."""
    if not any(a.name == MEETINGS_ACCOUNT for a in org_api.list_accounts(show_money=False)):
        org_api.create_account(Actor.system(actor.username), MEETINGS_ACCOUNT)
    return MEETINGS_ACCOUNT


def _ticket_id(key: str) -> int:
    """The id of the ticket `key` that a ritual (social chat, tech talk) is made with."""
    return sprints_api.ticket_refs({key})[key][0]


# wording --------------------------------------------------------------------------


def _full_name(member: Member) -> str:
    return member.full_name or member.username


def _text(field: str, value: str, limit: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field, what)
    if len(value) > limit:
        raise InvalidInput(field, f"keep it to {limit} characters")
    return value
