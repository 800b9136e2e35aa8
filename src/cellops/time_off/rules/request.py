"""TO-1 to TO-4 together: what every door checks, and what booking checks.

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from cellops.kernel.calendar import SprintCalendar
from cellops.kernel.violations import Violation
from cellops.time_off.data import (
    DEFAULT_POLICY,
    Absence,
    Booking,
    OwnRequest,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules.cap import (
    check_cap,
)
from cellops.time_off.rules.length import (
    check_bounds,
    check_double_booking,
    check_kind,
    check_length,
    working_dates,
)
from cellops.time_off.rules.notice import (
    check_notice,
    notice_deadline,
)

__all__ = ["check_entry", "check_request"]


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
    own: Sequence[OwnRequest] = (),
) -> tuple[Booking | None, list[Violation]]:
    """TO-1 to TO-4: every violation of a request at once, or its `Booking`.

    Dates out of bounds (`check_bounds`) are refused alone. Otherwise runs
    the kind (TO-1), length and double booking against the member's `own` requests
    (TO-2), notice (TO-3) and same-day cap (TO-4)
    checks and reports all that fail, e.g. both a late notice and too
    many overlap days. Returns ``(Booking, [])`` when none fails, else
    ``(None, violations)``. `BeforeFirstSprint` from the calendar propagates.
    """
    bounds = check_bounds(request.start, request.end, policy)
    if bounds:
        return None, bounds
    violations = [
        *check_entry(request, daily_hours, policy),
        *check_double_booking(request, own, policy),
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
