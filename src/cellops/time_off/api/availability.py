"""Availability for other apps and the booking page: hours left after time off (SP-6),
who is away (TO-7, TO-9), the cell's day loads and cap (TO-4), the notice that applies (TO-3).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from cellops.kernel.calendar import BeforeFirstSprint
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor, Member
from cellops.time_off import models, rules
from cellops.time_off.api.access import shown_to
from cellops.time_off.api.booking import (
    _others,
    _request,
)
from cellops.time_off.api.reading import (
    list_time_off,
)
from cellops.time_off.data import (
    DayLoad,
    Kind,
    Request,
    Status,
)

__all__ = [
    "Notice",
    "available_hours",
    "available_hours_by_id",
    "available_hours_in_cell",
    "away_by_day",
    "away_for_whole",
    "away_on",
    "cap_of",
    "day_loads",
    "notice",
    "notice_rule",
]


def available_hours(member: str, start: date, end: date) -> dict[date, Decimal]:
    """For sprint capacity (SP-6): the member's hours on each working day, after time off.

    Pending and confirmed requests count; cancelled ones do not.
    """
    person = org_api.get_member(member)
    requests = [
        Request(
            t.member,
            t.kind,
            t.start,
            t.end,
            person.working_days,
            hours_per_day=t.hours_per_day,
            scope=t.scope or None,
        )
        for t in list_time_off(member=member, start=start, end=end)
    ]
    return rules.available_hours(
        start, end, person.working_days, org_api.daily_hours_of(person), requests
    )


def available_hours_in_cell(
    cell: str, start: date, end: date, members: list[Member] | None = None
) -> dict[str, dict[date, Decimal]]:
    """`available_hours` for every active member of a cell at once (a fixed number of queries).

    Pass the cell's active members when the caller has them already.
    """
    if members is None:
        members = org_api.active_members_of(cell)
    rows = (
        models.TimeOffRequest.objects.filter(
            member__cell__name=cell, start__lte=end, end__gte=start
        )
        .exclude(status=Status.CANCELLED.value)
        .values_list("member__user__username", "kind", "start", "end", "hours_per_day", "scope")
    )
    return _available(members, start, end, rows)


@functools.cache
def _requests_by_id() -> QuerySet:
    """The rows `available_hours_by_id` reads, shaped once per process: on the dashboard's
    hot path building the queryset cost more than running it (decision 0069)."""
    return models.TimeOffRequest.objects.exclude(status=Status.CANCELLED.value).values_list(
        "member_id", "kind", "start", "end", "hours_per_day", "scope"
    )


def available_hours_by_id(
    members: Mapping[int, Member], start: date, end: date
) -> dict[str, dict[date, Decimal]]:
    """`available_hours_in_cell` for members given by database id (no join to find them)."""
    rows = _requests_by_id().filter(member_id__in=list(members), start__lte=end, end__gte=start)
    usernames = {pk: m.username for pk, m in members.items()}
    return _available(
        list(members.values()),
        start,
        end,
        ((usernames[pk], *rest) for pk, *rest in rows),
    )


def _available(
    members: list[Member], start: date, end: date, rows: Iterable[tuple]
) -> dict[str, dict[date, Decimal]]:
    by_member: dict[str, list[Request]] = {m.username: [] for m in members}
    working_days = {m.username: m.working_days for m in members}
    for username, kind, first, last, hours, scope in rows:
        if username in by_member:
            by_member[username].append(
                Request(
                    username,
                    Kind(kind),
                    first,
                    last,
                    working_days[username],
                    hours_per_day=hours,
                    scope=scope or None,
                )
            )
    return {
        m.username: rules.available_hours(
            start, end, m.working_days, org_api.daily_hours_of(m), by_member[m.username]
        )
        for m in members
    }


def away_on(day: date, members: Iterable[str]) -> dict[str, date]:
    """TO-9: which of `members` have time off (not cancelled) covering `day`, and since when."""
    rows = (
        models.TimeOffRequest.objects.filter(
            member__user__username__in=list(members), start__lte=day, end__gte=day
        )
        .exclude(status=Status.CANCELLED.value)
        .values_list("member__user__username", "start")
    )
    found: dict[str, date] = {}
    for username, start in rows:
        found[username] = min(start, found.get(username, start))
    return found


def away_for_whole(cell: str, start: date, end: date) -> set[str]:
    """TO-7: the cell's active members who are away on every working day of [start, end]."""
    return {
        username
        for username, hours in available_hours_in_cell(cell, start, end).items()
        if rules.away_whole_period(hours)
    }


def day_loads(member: str, kind: Kind, start: date, end: date) -> list[DayLoad]:
    """For the booking page: per working day, who else is away against the cap (TO-4)."""
    person = org_api.get_member(member)
    cell = org_api.get_cell(person.cell)
    req = _request(person, cell.kind.value, kind, start, end, None, None)
    return rules.day_loads(req, _others(person.cell, member, start, end), cell.active_members)


class Notice(NamedTuple):
    """TO-3 for the booking page: the deadline, its EOD instant, and whether now is in time."""

    deadline: date | None  # None: sick time off needs no notice
    due: datetime | None  # 24:00 UTC of the deadline
    met: bool
    working_days: int


def notice(member: str, kind: Kind, start: date, end: date, now: datetime | None = None) -> Notice:
    """Read only: the TO-3 deadline that applies to this request and whether `now` meets it."""
    person = org_api.get_member(member)
    cell = org_api.get_cell(person.cell)
    req = _request(person, cell.kind.value, kind, start, end, None, None)
    days = rules.length(start, end, person.working_days)
    try:
        deadline = rules.notice_deadline(req, org_api.sprint_calendar())
    except BeforeFirstSprint as exc:
        raise InvalidInput("start", str(exc)) from exc
    if deadline is None:
        return Notice(None, None, True, days)
    due = rules.end_of_day(deadline)
    return Notice(deadline, due, (now or timezone.now()) < due, days)


def cap_of(cell: str) -> int:
    """Read only: the cell's TO-4 cap today (ceil of 20 % of its active members)."""
    return rules.cap(org_api.get_cell(cell).active_members)


def notice_rule(days: int) -> str:
    """TO-3 in words for the booking page: the notice `days` working days need."""
    return rules.notice_rule(days)


def away_by_day(actor: Actor, member: Member, first: date, last: date) -> dict[date, list[str]]:
    """TO-4 for the booking page: who else of `member`'s cell is away on each day of
    [first, last], as "Name (kind)" the way `actor` may see them (`rules.away_by_day`)."""
    working = {
        m.username: m.working_days
        for m in org_api.list_members(cell=member.cell, active_only=True)[0]
    }
    items = shown_to(actor, list_time_off(cell=member.cell, start=first, end=last))
    absences = [(i.member, f"{i.name} ({i.kind.value})", i.start, i.end) for i in items]
    return rules.away_by_day(member.username, absences, working, first, last)
