"""The rule IDs, the bounds every door accepts, and wording shared by the rules.

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from cellops.kernel.calendar import format_day

__all__ = [
    "EARLIEST_DAY",
    "LATEST_DAY",
    "MAX_REQUEST_DAYS",
    "TO_1_KINDS",
    "TO_2_LENGTH",
    "TO_3_NOTICE",
    "TO_4_SAME_DAY_CAP",
    "TO_5_CALENDAR_EVENTS",
]


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
