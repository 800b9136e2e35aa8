"""TO-1 (what each kind states) and TO-2 (the length in working days, the bounds).

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from cellops.kernel.calendar import format_day
from cellops.kernel.violations import Violation
from cellops.time_off.data import (
    DEFAULT_POLICY,
    Kind,
    OwnRequest,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules.common import (
    _HOURS_STEP,
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_REQUEST_DAYS,
    TO_1_KINDS,
    TO_2_LENGTH,
)

__all__ = [
    "check_bounds",
    "check_double_booking",
    "check_kind",
    "check_length",
    "length",
    "working_dates",
]


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


def check_double_booking(
    request: Request,
    own: Sequence[OwnRequest],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> list[Violation]:
    """TO-2: a request overlapping one of the member's own pending or confirmed requests is
    refused, one violation per such request, naming it (extra ``{"field": "start",
    "request": id, "start", "end", "status"}``) so the member changes or cancels that one.

    Cancelled requests are not passed in (they free their days); a range that ends before
    it starts overlaps nothing (`check_length` refuses it).
    """
    violations = []
    for other in sorted(own, key=lambda o: (o.start, o.id)):
        if other.status == "cancelled" or other.start > request.end or other.end < request.start:
            continue
        span = (
            format_day(other.start)
            if other.start == other.end
            else f"{format_day(other.start)} to {format_day(other.end)}"
        )
        violations.append(
            Violation(
                TO_2_LENGTH,
                f"You already have {other.kind} time off on {span} ({other.status}, request "
                f"{other.id}), which overlaps these days; change or cancel that request "
                "instead of booking the days twice.",
                {
                    "field": "start",
                    "request": other.id,
                    "start": other.start.isoformat(),
                    "end": other.end.isoformat(),
                    "status": other.status,
                },
            )
        )
    return violations


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
