"""SP-6 with TO-1 (hours left after time off) and TO-7 (away a whole period).

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from cellops.time_off.data import (
    DEFAULT_POLICY,
    Kind,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules.length import (
    working_dates,
)

__all__ = ["available_hours", "away_whole_period"]


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
