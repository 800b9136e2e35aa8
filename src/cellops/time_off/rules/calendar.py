"""TO-5: display names, the shared calendar's events, and reading their titles back.

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from cellops.time_off.data import (
    DEFAULT_POLICY,
    CalendarEvent,
    Kind,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules.common import (
    _ONE_DAY,
)
from cellops.time_off.rules.length import (
    working_dates,
)

__all__ = ["calendar_events", "display_name", "format_hours", "parse_title"]


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
