"""Pure rules of the organisation (ORG-1 … ORG-4): what a valid member, role
assignment or epic is, and what follows from them. Standard library only."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from zoneinfo import available_timezones

from cellops.kernel.calendar import (
    BUSINESS_CALENDAR_POLICY,
    DEFAULT_CALENDAR_POLICY,
    CalendarPolicy,
    Sprint,
    SprintCalendar,
)
from cellops.kernel.violations import InvalidInput
from cellops.org.data import (
    CELL_ROLES,
    CellKind,
    MemberStatus,
    Role,
    SprintRow,
)

#: ORG-2: the statuses that count as active.
ACTIVE_STATUSES = frozenset({MemberStatus.NEWCOMER, MemberStatus.CORE})

#: A member's weekly hours must lie in this range (a week has 168 hours).
MAX_WEEKLY_HOURS = Decimal(80)


def is_active(status: MemberStatus) -> bool:
    """ORG-2: only newcomers and core members are active."""
    return status in ACTIVE_STATUSES


def daily_hours(weekly_hours: Decimal, working_days: Iterable[int]) -> Decimal:
    """A member's daily hours: weekly hours spread over their working days (40/5 = 8)."""
    days = len(set(working_days))
    return (Decimal(weekly_hours) / days) if days else Decimal(0)


def check_working_days(working_days: Iterable[object]) -> tuple[int, ...]:
    """ORG-2: working days are weekday numbers 0 (Monday) … 6 (Sunday), at least one."""
    days = list(working_days)
    if not days:
        raise InvalidInput(
            "working_days", "give at least one working day (0 = Monday … 6 = Sunday)"
        )
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise InvalidInput(
                "working_days", f"{day!r} is not a weekday number; use 0 (Monday) … 6 (Sunday)"
            )
    if len(set(days)) != len(days):
        raise InvalidInput("working_days", "a working day is listed twice")
    return tuple(sorted(days))


def check_weekly_hours(weekly_hours: Decimal) -> Decimal:
    """ORG-2: weekly hours are above 0 and at most 80."""
    if not Decimal(0) < Decimal(weekly_hours) <= MAX_WEEKLY_HOURS:
        raise InvalidInput(
            "weekly_hours", f"give a number of hours above 0 and at most {MAX_WEEKLY_HOURS}"
        )
    return Decimal(weekly_hours)


def check_role_scope(
    role: Role, cell: str | None, mentee: str | None, start: date, end: date | None
) -> None:
    """ORG-3: cell roles name their cell, a mentor names a newcomer, the range is in order."""
    if role in CELL_ROLES and not cell:
        raise InvalidInput("cell", f"the role {role.label} is held for one cell: name the cell")
    if role not in CELL_ROLES and cell:
        raise InvalidInput(
            "cell", f"the role {role.label} is not held per cell: leave the cell out"
        )
    if role is Role.MENTOR and not mentee:
        raise InvalidInput("mentee", "a mentor is the mentor of one newcomer: name the newcomer")
    if role is not Role.MENTOR and mentee:
        raise InvalidInput("mentee", "only a mentor has a mentee")
    if end is not None and end < start:
        raise InvalidInput("end", f"the role cannot end ({end}) before it starts ({start})")


def role_held_on(start: date, end: date | None, day: date) -> bool:
    """ORG-3: a role is held from its start to its end, both inclusive (open-ended without an end)."""
    return start <= day and (end is None or day <= end)


USERNAME_PATTERN = re.compile(r"^[\w.@+-]{1,150}$")
NAME_PATTERN = re.compile(r"^\S(.{0,58}\S)?$")


def check_username(username: str) -> str:
    """A username is 1–150 letters, digits or @ . + - _ (the login name)."""
    if not USERNAME_PATTERN.match(username or ""):
        raise InvalidInput("username", "use 1–150 letters, digits or @ . + - _ (no spaces)")
    return username


def check_name(field: str, value: str, max_length: int = 60) -> str:
    """Names of cells, clients and accounts: not blank, no surrounding spaces, bounded."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field, "give a name")
    if len(value) > max_length or "/" in value:
        raise InvalidInput(field, f"use at most {max_length} characters and no '/'")
    return value


def check_timezone(name: str) -> str:
    """A member's time zone is an IANA name such as 'Europe/Berlin' or 'UTC'."""
    if name not in available_timezones() and name != "UTC":
        raise InvalidInput(
            "timezone", f"{name!r} is not a known time zone; use e.g. 'Europe/Berlin' or 'UTC'"
        )
    return name


JIRA_ACCOUNT_ID_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_"
)


def check_jira_account_id(value: str) -> str:
    """Issue #15: an Atlassian account id as Jira Cloud exports it (``557058:f58131cb-…`` or
    24 hexadecimal digits): letters, digits, ``:``, ``-``, ``_``, at most 128; blank for none."""
    value = (value or "").strip()
    if len(value) > 128 or not set(value) <= JIRA_ACCOUNT_ID_CHARS:
        raise InvalidInput(
            "jira_account_id",
            "give the Atlassian account id as Jira shows it (letters, digits, ':', '-', '_'; "
            "at most 128), e.g. '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', or leave it blank",
        )
    return value


def check_not_negative(field: str, value: Decimal | None) -> Decimal | None:
    if value is not None and Decimal(value) < 0:
        raise InvalidInput(field, "give a number of 0 or more")
    return value


def same_first_name_elsewhere(first_name: str, others: Iterable[str]) -> bool:
    """TO-5 helper: another active member anywhere in the organisation shares this first name."""
    folded = first_name.casefold()
    return any(other.casefold() == folded for other in others)


def calendar_of_kind(dev: SprintCalendar, kind: CellKind) -> SprintCalendar:
    """ORG-1 / SP-1: a cell's own sprint calendar: the dev calendar, or for a business
    cell the one-week calendar numbered from the same first Monday."""
    return dev.business() if CellKind(kind) is CellKind.BUSINESS else dev


def calendar_policy_of_kind(kind: CellKind) -> CalendarPolicy:
    """SP-1's landmark days for a cell of `kind` (decision 0062 for business cells)."""
    return (
        BUSINESS_CALENDAR_POLICY if CellKind(kind) is CellKind.BUSINESS else DEFAULT_CALENDAR_POLICY
    )


def sprint_row(
    sprint: Sprint, today: date, policy: CalendarPolicy = DEFAULT_CALENDAR_POLICY
) -> SprintRow:
    """SP-1 landmarks of a sprint: mid-sprint meeting and the insertion cut-off before it
    (Thursday EOD of the week before: a dev sprint's day 10, a business sprint's day 3,
    which is this sprint's day -4)."""
    return SprintRow(
        sprint=sprint,
        mid_sprint=sprint.on_day(policy.mid_sprint_day),
        insertion_cutoff=sprint.on_day(policy.before_sprint(policy.insertion_cutoff_day)),
        current=sprint.contains(today),
    )
