"""What the time-off rule tests share: the calendar they use and request builders.

A calendar whose sprint 1 starts on Monday 2026-01-05, so sprint 5 starts on
Mon 2 Mar 2026, sprint 6 on Mon 16 Mar, sprint 7 on Mon 30 Mar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from cellops.kernel.calendar import SprintCalendar
from cellops.kernel.violations import Violation
from cellops.time_off.data import (
    Absence,
    Kind,
    Request,
)

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))
MON_TO_FRI = (0, 1, 2, 3, 4)
EIGHT_HOURS = Decimal(8)
#: Days of March 2026 the TO-1 … TO-4 tests share (Monday the 9th to Monday the 16th).
MAR_10 = date(2026, 3, 10)
MON_9, TUE_10, WED_11, THU_12, FRI_13 = (date(2026, 3, d) for d in (9, 10, 11, 12, 13))
MON_16 = date(2026, 3, 16)


def at(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """An aware UTC datetime on `day`."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def request(
    start: date,
    end: date,
    kind: Kind = Kind.OFF,
    member: str = "ann",
    **fields: object,
) -> Request:
    """A request by `member` (default: ann, Mon–Fri, dev cell)."""
    return Request(member=member, kind=kind, start=start, end=end, **fields)  # type: ignore[arg-type]


def away(member: str, start: date, end: date | None = None, **fields: object) -> Absence:
    """Another member's absence (default: one day, Mon–Fri, off)."""
    return Absence(member=member, start=start, end=end or start, **fields)  # type: ignore[arg-type]


def fields_of(violations: list[Violation]) -> list[tuple[str, object]]:
    return [(v.rule, v.extra.get("field")) for v in violations]
