"""Time off rules (TO-1 to TO-5), as pure functions.

A request for time off is checked against:

- TO-1, its kind: reduced time states the hours still available, scoped time
  states its scope;
- TO-2, its length: the member's working days in the inclusive range, of
  which there must be at least one;
- TO-3, notice: three days for one day, the Thursday before the sprint for
  two to five days, two weeks for more; sick time off needs none;
- TO-4, the same-day cap: a day on which the cap of the cell is already away
  is an overlap day, and a person takes at most one per ISO week.

`check_request` runs them all and returns every violation at once, each
naming its rule and saying what to do instead. TO-5 turns a request into the
shared calendar's events and reads such titles back on import.

Pure Python (standard library and the shared kernel only), so the rules are
fast to test and can be read next to the handbook. Every public function
takes the `TimeOffPolicy` last, even when the handbook gives it no number to
use, so callers can pass it uniformly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from cellops.kernel.calendar import SprintCalendar, end_of_day, format_day
from cellops.kernel.violations import Violation
from cellops.time_off.data import (
    BUSINESS_CELL,
    CELL_KINDS,
    DEFAULT_POLICY,
    Absence,
    Booking,
    CalendarEvent,
    DayLoad,
    Kind,
    Request,
    TimeOffPolicy,
)

TO_1_KINDS = "TO-1"
TO_2_LENGTH = "TO-2"
TO_3_NOTICE = "TO-3"
TO_4_SAME_DAY_CAP = "TO-4"
TO_5_CALENDAR_EVENTS = "TO-5"

_ONE_DAY = timedelta(days=1)

#: The dates any door accepts (the JSON API's `Day`), and the longest range one
#: request covers: a longer absence is booked in parts (decision 0007).
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2199, 12, 31)
MAX_REQUEST_DAYS = 366
#: Hours per day are given to the hundredth (the stored column's two decimals).
_HOURS_STEP = Decimal("0.01")


def _list_days(days: Iterable[date]) -> str:
    names = [format_day(d) for d in days]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# TO-2 -------------------------------------------------------------------


def working_dates(
    start: date,
    end: date,
    working_days: Sequence[int],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> list[date]:
    """TO-2: the member's working dates in the inclusive range (empty if end < start)."""
    weekdays = set(working_days)
    count = (end - start).days + 1
    days = (start + timedelta(days=offset) for offset in range(max(count, 0)))
    return [day for day in days if day.weekday() in weekdays]


def length(
    start: date,
    end: date,
    working_days: Sequence[int],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> int:
    """TO-2: the length of time off is the number of the member's working days in it."""
    return len(working_dates(start, end, working_days, policy))


def check_length(
    start: date,
    end: date,
    working_days: Sequence[int],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> list[Violation]:
    """TO-2: a range must end on or after its start and hold at least one working day."""
    if end < start:
        return [
            Violation(
                TO_2_LENGTH,
                f"The last day ({format_day(end)}) is before the first day "
                f"({format_day(start)}); pick a last day on or after the first.",
                {"field": "end"},
            )
        ]
    if not working_dates(start, end, working_days, policy):
        return [
            Violation(
                TO_2_LENGTH,
                f"There is nothing to book: {format_day(start)} to {format_day(end)} holds "
                "none of your working days; choose dates that include a day you work.",
                {"field": "end"},
            )
        ]
    return []


def check_bounds(start: date, end: date, policy: TimeOffPolicy = DEFAULT_POLICY) -> list[Violation]:
    """TO-2, the outer bounds every door applies: each date between 1970-01-01 and
    2199-12-31, and at most 366 days in one request.

    Checked first, so no later rule ever walks an unbounded range.
    """
    violations = [
        Violation(
            TO_2_LENGTH,
            f"The {label} ({day.isoformat()}) must lie between {EARLIEST_DAY.isoformat()} "
            f"and {LATEST_DAY.isoformat()}; check the year.",
            {"field": field},
        )
        for field, label, day in (("start", "first day", start), ("end", "last day", end))
        if not EARLIEST_DAY <= day <= LATEST_DAY
    ]
    if not violations and (end - start).days >= MAX_REQUEST_DAYS:
        violations.append(
            Violation(
                TO_2_LENGTH,
                f"One request covers at most {MAX_REQUEST_DAYS} days; "
                "book a longer absence in parts.",
                {"field": "end"},
            )
        )
    return violations


# TO-1 -------------------------------------------------------------------


def _has_text(value: str | None) -> bool:
    return value is not None and value.strip() != ""


def check_kind(
    request: Request, daily_hours: Decimal, policy: TimeOffPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """TO-1: each kind carries what it needs, and nothing another kind needs.

    - reduced: `hours_per_day`, more than 0 and less than the member's daily
      hours (no hours is `off`; full hours is no time off at all);
    - scoped: a non-blank `scope`; hours are unchanged unless given, so
      `hours_per_day` is allowed, above 0 and at most the daily hours;
    - off and sick: no `hours_per_day` (they are full days away);
    - any kind but scoped: no `scope` (blank text counts as none).
    """
    violations: list[Violation] = []
    hours = request.hours_per_day
    if hours is not None and (not hours.is_finite() or hours != hours.quantize(_HOURS_STEP)):
        return [
            Violation(
                TO_1_KINDS,
                f"Give the hours per day to the hundredth at most (e.g. 4.5), not {hours}.",
                {"field": "hours_per_day"},
            )
        ]
    if request.kind is Kind.REDUCED:
        if hours is None:
            violations.append(
                Violation(
                    TO_1_KINDS,
                    "Reduced time off needs the hours you stay available each working day; "
                    f"give a number above 0 and below your daily {daily_hours:g} h.",
                    {"field": "hours_per_day"},
                )
            )
        elif not 0 < hours < daily_hours:
            violations.append(
                Violation(
                    TO_1_KINDS,
                    f"Reduced time off leaves you between 0 and {daily_hours:g} hours a day, "
                    f"not {hours:g}; book 'off' for no hours at all, or give fewer hours.",
                    {"field": "hours_per_day"},
                )
            )
    elif request.kind is Kind.SCOPED:
        if hours is not None and not 0 < hours <= daily_hours:
            violations.append(
                Violation(
                    TO_1_KINDS,
                    f"Scoped time off keeps your hours unless you give them, and then between "
                    f"0 and {daily_hours:g} hours a day, not {hours:g}; leave the hours empty "
                    "or correct them.",
                    {"field": "hours_per_day"},
                )
            )
    elif hours is not None:
        violations.append(
            Violation(
                TO_1_KINDS,
                f"'{request.kind}' time off is whole days, so it takes no hours per day; "
                "leave the hours empty, or book 'reduced' time off to stay available part-time.",
                {"field": "hours_per_day"},
            )
        )
    if request.kind is Kind.SCOPED and not _has_text(request.scope):
        violations.append(
            Violation(
                TO_1_KINDS,
                "Scoped time off needs its scope: say in a few words what you will work on "
                "(e.g. 'only client emergencies').",
                {"field": "scope"},
            )
        )
    elif request.kind is not Kind.SCOPED and _has_text(request.scope):
        violations.append(
            Violation(
                TO_1_KINDS,
                f"Only scoped time off states a scope, not '{request.kind}'; "
                "leave the scope empty or book 'scoped' time off.",
                {"field": "scope"},
            )
        )
    return violations


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


def _notice_rule_text(days: int, policy: TimeOffPolicy) -> str:
    if days <= 1:
        return f"a single day needs {policy.short_notice_days} days' notice"
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
        f"Too late: {_notice_rule_text(days, policy)}, so to start on "
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


# TO-4 -------------------------------------------------------------------


def cap(active_members: int, policy: TimeOffPolicy = DEFAULT_POLICY) -> int:
    """TO-4: cap = ceil(20 % × active members), in exact integer arithmetic.

    5 members → 1, 10 → 2, 11 → 3, 3 → 1. A cell with no active members has
    a cap of 0; `day_loads` never makes a day nobody else is away on an
    overlap day, so a cap of 0 refuses nothing by itself.
    """
    if active_members < 0:
        raise ValueError(f"a cell cannot have {active_members} active members")
    scaled = active_members * policy.cap_ratio.numerator
    return -(-scaled // policy.cap_ratio.denominator)


def _away_on(day: date, requester: str, others: Sequence[Absence]) -> int:
    members = {
        absence.member
        for absence in others
        if absence.member != requester
        and absence.start <= day <= absence.end
        and day.weekday() in absence.working_days
    }
    return len(members)


def day_loads(
    request: Request,
    others: Sequence[Absence],
    active_members: int,
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> list[DayLoad]:
    """TO-4: for each working date of the request, who else is away and the cap.

    `away` counts distinct other members (never the requester) whose absence,
    of any kind (sick included), covers the day and for whom it is a working
    day. The day is an overlap day when `away` ≥ cap and someone is away.
    """
    limit = cap(active_members, policy)
    loads = []
    for day in working_dates(request.start, request.end, request.working_days, policy):
        away = _away_on(day, request.member, others)
        loads.append(DayLoad(day=day, away=away, cap=limit, overlap=away > 0 and away >= limit))
    return loads


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def _week_advice(week_days: list[date], earlier: set[date], policy: TimeOffPolicy) -> str:
    """What still fits in one ISO week that holds too many overlap days (TO-4)."""
    monday = week_days[0] - timedelta(days=week_days[0].weekday())
    room = policy.overlap_days_per_week - len(earlier - set(week_days))
    if room > 0:
        fits = "one of these days fits" if room == 1 else f"{room} of these days fit"
        return (
            f"in the week of {format_day(monday)}, {fits} ({_list_days(week_days)}): "
            "keep that many and move the others to days when fewer people are away"
        )
    return (
        f"in the week of {format_day(monday)} you already have "
        f"{_plural(len(earlier), 'overlap day')} ({_list_days(sorted(earlier))}) from earlier "
        f"time off, so none of {_list_days(week_days)} fits: move them to days when fewer "
        "people are away, or to another week"
    )


def check_cap(
    request: Request,
    others: Sequence[Absence],
    active_members: int,
    earlier_overlap_days: Sequence[date],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> tuple[list[date], list[Violation]]:
    """TO-4: the request's overlap days, and a refusal if a week holds too many.

    Per ISO week a person takes at most one overlap day (the policy's
    `overlap_days_per_week`), counting the distinct overlap days of their
    earlier requests (`earlier_overlap_days`) with this request's. When a
    week has more, the refusal names all of this request's overlap days in
    every such week (extra ``{"days": [...], "cap": n}``) and says how many
    of them still fit. Sick time off is never refused: its overlap days are
    returned without a violation.
    """
    loads = day_loads(request, others, active_members, policy)
    overlap = [load.day for load in loads if load.overlap]
    if request.kind is Kind.SICK or not overlap:
        return overlap, []
    weeks: dict[tuple[int, int], list[date]] = {}
    for day in overlap:
        weeks.setdefault(_iso_week(day), []).append(day)
    earlier_by_week: dict[tuple[int, int], set[date]] = {}
    for day in earlier_overlap_days:
        earlier_by_week.setdefault(_iso_week(day), set()).add(day)
    offending: list[date] = []
    advice: list[str] = []
    for week, days in sorted(weeks.items()):
        earlier = earlier_by_week.get(week, set())
        if len(earlier | set(days)) > policy.overlap_days_per_week:
            offending.extend(days)
            advice.append(_week_advice(days, earlier, policy))
    if not offending:
        return overlap, []
    limit = cap(active_members, policy)
    message = (
        f"Too many people would be away: on {_list_days(offending)} at least "
        f"{_plural(limit, 'other member')} of your cell (the cap for {active_members} active "
        f"members) will already be away, and each person may take at most "
        f"{_plural(policy.overlap_days_per_week, 'such overlap day')} per week; "
        + "; ".join(advice)
        + "."
    )
    return overlap, [
        Violation(
            TO_4_SAME_DAY_CAP,
            message,
            {"days": [day.isoformat() for day in offending], "cap": limit},
        )
    ]


# TO-1 to TO-4 together --------------------------------------------------


def check_entry(
    request: Request, daily_hours: Decimal, policy: TimeOffPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """What every door checks, whoever books and whenever: the bounds, then TO-1 and TO-2.

    Booking through the API or the pages adds notice (TO-3) and the cap (TO-4)
    in `check_request`; an import records what the team already agreed and
    checks only this (decision 0015). Out-of-bounds dates stop here: no later
    check walks such a range.
    """
    bounds = check_bounds(request.start, request.end, policy)
    if bounds:
        return bounds
    return [
        *check_kind(request, daily_hours, policy),
        *check_length(request.start, request.end, request.working_days, policy),
    ]


def check_request(
    request: Request,
    requested_at: datetime,
    calendar: SprintCalendar,
    others: Sequence[Absence],
    active_members: int,
    earlier_overlap_days: Sequence[date],
    daily_hours: Decimal,
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> tuple[Booking | None, list[Violation]]:
    """TO-1 to TO-4: every violation of a request at once, or its `Booking`.

    Dates out of bounds (`check_bounds`) are refused alone. Otherwise runs
    the kind (TO-1), length (TO-2), notice (TO-3) and same-day cap (TO-4)
    checks and reports all that fail, e.g. both a late notice and too
    many overlap days. Returns ``(Booking, [])`` when none fails, else
    ``(None, violations)``. `BeforeFirstSprint` from the calendar propagates.
    """
    bounds = check_bounds(request.start, request.end, policy)
    if bounds:
        return None, bounds
    violations = [
        *check_entry(request, daily_hours, policy),
        *check_notice(request, requested_at, calendar, policy),
    ]
    overlap, cap_violations = check_cap(
        request, others, active_members, earlier_overlap_days, policy
    )
    violations += cap_violations
    if violations:
        return None, violations
    dates = working_dates(request.start, request.end, request.working_days, policy)
    return Booking(
        working_days=len(dates),
        working_dates=tuple(dates),
        overlap_days=tuple(overlap),
        deadline=notice_deadline(request, calendar, policy),
    ), []


# TO-5 -------------------------------------------------------------------


def display_name(
    first_name: str,
    last_name: str,
    first_names_of_other_active_members: Iterable[str],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> str:
    """TO-5: the first name, or "First Last" when another active member shares it.

    First names are compared case-insensitively, across the whole
    organisation (not only the cell); the caller passes the other active
    members' first names.
    """
    first, last = first_name.strip(), last_name.strip()
    taken = {name.strip().casefold() for name in first_names_of_other_active_members}
    if first.casefold() in taken and last:
        return f"{first} {last}"
    return first


def format_hours(hours: Decimal) -> str:
    """Hours without a trailing ".0": 4 → "4", 4.50 → "4.5", 40 → "40"."""
    return format(hours.normalize(), "f")


def _runs(days: Sequence[date]) -> list[tuple[date, date]]:
    """Consecutive calendar dates grouped into inclusive (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] + _ONE_DAY == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def calendar_events(
    request: Request, name: str, policy: TimeOffPolicy = DEFAULT_POLICY
) -> list[CalendarEvent]:
    """TO-5: the shared calendar's events for a request.

    - off and sick: one ``<Name>: off`` event over the whole range;
    - reduced: ``<Name>: available <N>h`` (``4h``, ``4.5h``) on the member's
      working days only, one event per run of consecutive working dates, so
      no event ever covers a weekend or another day off;
    - scoped: ``<Name>: <scope>`` over the same runs of working days.

    Raises `ValueError` for a reduced request without hours (TO-1 refuses it).
    """
    if request.kind in (Kind.OFF, Kind.SICK):
        return [CalendarEvent(title=f"{name}: off", start=request.start, end=request.end)]
    if request.kind is Kind.REDUCED:
        if request.hours_per_day is None:
            raise ValueError("reduced time off needs hours_per_day (TO-1)")
        title = f"{name}: available {format_hours(request.hours_per_day)}h"
    else:
        title = f"{name}: {(request.scope or '').strip()}"
    dates = working_dates(request.start, request.end, request.working_days, policy)
    return [CalendarEvent(title=title, start=first, end=last) for first, last in _runs(dates)]


_TITLE = re.compile(r"^\s*(?P<name>[^:]*?\S)\s*:\s*(?P<rest>.*?)\s*$")
_AVAILABLE = re.compile(r"^available\s*(?P<hours>\d+(?:\.\d+)?)\s*h$", re.IGNORECASE)


def parse_title(
    title: str, policy: TimeOffPolicy = DEFAULT_POLICY
) -> tuple[str, Kind, Decimal | None] | None:
    """TO-5: read an imported calendar title back as (name, kind, hours).

    ``"<Name>: off"`` → (name, OFF, None); ``"<Name>: available 4h"`` or
    ``"available 4.5 h"`` → (name, REDUCED, hours). Case and extra spaces
    are tolerated; anything else (including 0 hours) gives None.
    """
    match = _TITLE.match(title)
    if match is None:
        return None
    name, rest = match["name"].strip(), match["rest"]
    if rest.casefold() == "off":
        return name, Kind.OFF, None
    available = _AVAILABLE.match(rest)
    if available is None:
        return None
    try:
        hours = Decimal(available["hours"])
    except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
        return None
    if hours <= 0:
        return None
    return name, Kind.REDUCED, hours


# SP-6 seam --------------------------------------------------------------


def available_hours(
    start: date,
    end: date,
    working_days: Sequence[int],
    daily_hours: Decimal,
    time_off: Sequence[Request],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> dict[date, Decimal]:
    """SP-6 with TO-1: a member's hours on each of their working days in [start, end].

    An off or sick day removes the day; a reduced day leaves its stated hours;
    a scoped day keeps the daily hours unless it states fewer. Where requests
    overlap, the fewest hours win. Cancelled requests must not be passed in.
    """
    hours = {day: daily_hours for day in working_dates(start, end, working_days, policy)}
    for request in time_off:
        if request.kind in (Kind.OFF, Kind.SICK):
            left = Decimal(0)
        elif request.hours_per_day is not None:
            left = min(request.hours_per_day, daily_hours)
        else:
            left = daily_hours
        for day in hours:
            if request.start <= day <= request.end:
                hours[day] = min(hours[day], left)
    return hours


def away_whole_period(hours_per_day: dict[date, Decimal]) -> bool:
    """TO-7: away for the whole period — it has working days and none of them has hours left."""
    return bool(hours_per_day) and all(hours == 0 for hours in hours_per_day.values())
