"""The dates cellops keeps, one definition for every door (API, pages, forms, commands).

A date outside `EARLIEST`..`LATEST` is malformed input: the JSON door refuses
it with a problem that names the field, a page shows a form error or a 404,
a command exits 2. Keeping every date in this range also keeps the sprint
calendar's arithmetic (a sprint's end, the next month) inside what Python's
`date` can hold, so no door can reach an overflow.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from cellops.kernel.violations import InvalidInput

EARLIEST = date(1970, 1, 1)
LATEST = date(2199, 12, 31)

DATE_RANGE = f"between {EARLIEST} and {LATEST}"
MONTH_RANGE = f"between {EARLIEST:%Y-%m} and {LATEST:%Y-%m}"

_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)


class OutOfRange(ValueError):
    """A date, month or sprint outside the range cellops keeps; the message says which."""


def in_range(day: date) -> bool:
    """Whether `day` lies within the dates cellops keeps."""
    return EARLIEST <= day <= LATEST


def check_day(day: date) -> date:
    """`day` itself, or `OutOfRange` saying which dates are accepted."""
    if not in_range(day):
        raise OutOfRange(f"give a date {DATE_RANGE}, not {day}")
    return day


def check_field_day(field: str, day: date) -> date:
    """`day` itself, or `InvalidInput` naming `field` and the dates accepted: a use case's
    check of a date it was given (far-off dates would overflow date arithmetic; the
    API's `Day` type accepts the same range)."""
    if not in_range(day):
        raise InvalidInput(field, f"give a date {DATE_RANGE}, not {day}")
    return day


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of a month written ``YYYY-MM`` within the range kept.

    Raises `OutOfRange` (a `ValueError`) for anything else, with what to give instead.
    """
    if not isinstance(month, str) or not _MONTH.fullmatch(month):
        raise OutOfRange(f"give a month as YYYY-MM, {MONTH_RANGE}")
    try:
        first = date(int(month[:4]), int(month[5:]), 1)
    except ValueError as exc:
        raise OutOfRange(f"give a month as YYYY-MM, {MONTH_RANGE}") from exc
    if not in_range(first):
        raise OutOfRange(f"give a month {MONTH_RANGE}, not {month}")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)
