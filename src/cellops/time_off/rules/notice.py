"""TO-3: the notice deadline, whether a request meets it, the earliest start that would.

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from cellops.kernel.calendar import SprintCalendar, end_of_day, format_day
from cellops.kernel.violations import Violation
from cellops.time_off.data import (
    BUSINESS_CELL,
    CELL_KINDS,
    DEFAULT_POLICY,
    Kind,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules.common import (
    _ONE_DAY,
    TO_3_NOTICE,
    _plural,
)
from cellops.time_off.rules.length import (
    length,
)

__all__ = ["check_notice", "earliest_acceptable_start", "notice_deadline", "notice_rule"]


# TO-3 -------------------------------------------------------------------


def _sprint_day_0(start: date, cell_kind: str, calendar: SprintCalendar) -> date:
    """Day 0 of the sprint, of the member's own cell, that holds `start` (ORG-1)."""
    if cell_kind not in CELL_KINDS:
        raise ValueError(f"unknown cell kind {cell_kind!r}; expected one of {CELL_KINDS}")
    # Asked for both kinds so a date before the first sprint is reported alike.
    dev_sprint = calendar.for_date(start)
    if cell_kind == BUSINESS_CELL:
        return start - timedelta(days=start.weekday())
    return dev_sprint.start


def _deadline_for(
    start: date, days: int, cell_kind: str, calendar: SprintCalendar, policy: TimeOffPolicy
) -> date:
    if days <= 1:
        return start - timedelta(days=policy.short_notice_days)
    if days <= policy.week_notice_max_length:
        day_0 = _sprint_day_0(start, cell_kind, calendar)
        return day_0 - timedelta(days=policy.cutoff_days_before_sprint)
    return start - timedelta(days=policy.long_notice_days)


def notice_deadline(
    request: Request, calendar: SprintCalendar, policy: TimeOffPolicy = DEFAULT_POLICY
) -> date | None:
    """TO-3: the date by whose EOD (24:00 UTC) the request must be made; None for sick.

    - length 1: start − 3 days;
    - length 2 to 5: day 0 of the sprint of the member's own cell holding the
      start, minus 4 days (the Thursday before). A dev cell's sprint comes
      from the calendar (day 10 of the previous sprint); a business cell's
      one-week sprints start on the same Mondays, so its day 0 is the Monday
      of the start's ISO week;
    - length over 5: start − 14 days.

    Raises `BeforeFirstSprint` (from the calendar) for a 2-to-5-day request
    starting before the first sprint, and `ValueError` for an unknown cell kind.
    """
    if request.kind is Kind.SICK:
        return None
    days = length(request.start, request.end, request.working_days, policy)
    return _deadline_for(request.start, days, request.cell_kind, calendar, policy)


def _in_time(requested_at: datetime, deadline: date) -> bool:
    return requested_at < end_of_day(deadline)


def _nth_working_date(start: date, count: int, working_days: Sequence[int]) -> date | None:
    """The `count`-th working date from `start` (inclusive); None if there is none."""
    weekdays = set(working_days)
    if count < 1 or not weekdays:
        return None
    day, seen = start, 0
    while True:
        if day.weekday() in weekdays:
            seen += 1
            if seen == count:
                return day
        day += _ONE_DAY


def earliest_acceptable_start(
    request: Request,
    requested_at: datetime,
    calendar: SprintCalendar,
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> tuple[date, date] | None:
    """TO-3: the earliest later (start, end) with as many working days, booked in time now.

    Scans forward day by day from the day after the request's start, at most
    `policy.earliest_start_search_days` days, trying only working days as
    starts; None when nothing in that window would be accepted.
    """
    days = length(request.start, request.end, request.working_days, policy)
    weekdays = set(request.working_days)
    for offset in range(1, policy.earliest_start_search_days + 1):
        start = request.start + timedelta(days=offset)
        if start.weekday() not in weekdays:
            continue
        end = _nth_working_date(start, days, request.working_days)
        if end is None:
            return None
        deadline = _deadline_for(start, days, request.cell_kind, calendar, policy)
        if _in_time(requested_at, deadline):
            return start, end
    return None


def notice_rule(
    days: int, policy: TimeOffPolicy = DEFAULT_POLICY, *, one_day: str = "a single working day"
) -> str:
    """TO-3 in words: the notice a request of `days` working days needs.

    The booking page says "a single working day"; a refusal says `one_day="a single day"`.
    """
    if days <= 1:
        return f"{one_day} needs {policy.short_notice_days} days' notice"
    if days <= policy.week_notice_max_length:
        return (
            f"2 to {policy.week_notice_max_length} working days must be booked by the "
            "Thursday before the sprint they start in"
        )
    return (
        f"more than {policy.week_notice_max_length} working days need "
        f"{policy.long_notice_days} days' notice"
    )


def check_notice(
    request: Request,
    requested_at: datetime,
    calendar: SprintCalendar,
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> list[Violation]:
    """TO-3: refuse a request made after its notice deadline's EOD (24:00 UTC).

    A request made at 23:59:59 UTC on the deadline is in time; one made at
    00:00 UTC the day after (the same instant as 24:00) is late. Sick time off
    needs no notice, and a range without working days is left to TO-2. The
    refusal names the deadline and suggests the earliest start, for the same
    number of working days, that would still be accepted now.

    `requested_at` must be timezone-aware (`ValueError` otherwise); it is
    compared in UTC. `BeforeFirstSprint` from the calendar propagates.
    """
    if requested_at.tzinfo is None or requested_at.utcoffset() is None:
        raise ValueError("requested_at must be timezone-aware (UTC)")
    days = length(request.start, request.end, request.working_days, policy)
    deadline = notice_deadline(request, calendar, policy)
    if deadline is None or days == 0 or _in_time(requested_at, deadline):
        return []
    message = (
        f"Too late: {notice_rule(days, policy, one_day='a single day')}, so to start on "
        f"{format_day(request.start)} you had to book this by {format_day(deadline)}, "
        "24:00 UTC."
    )
    extra: dict[str, str] = {"deadline": deadline.isoformat()}
    suggestion = earliest_acceptable_start(request, requested_at, calendar, policy)
    if suggestion is not None:
        start, end = suggestion
        span = format_day(start) if start == end else f"{format_day(start)} to {format_day(end)}"
        message += (
            f" Book from {span} instead (the same {_plural(days, 'working day')}), "
            "or book it as sick time off if you are ill."
        )
        extra["earliest_start"] = start.isoformat()
        extra["earliest_end"] = end.isoformat()
    else:
        message += " Pick later dates, or book it as sick time off if you are ill."
    return [Violation(TO_3_NOTICE, message, extra)]
