"""The dates of a worklog export, in every shape Jira and Tempo write them (issue #15).

- ISO: ``2026-03-05``, optionally with a time (``2026-03-05 09:00``,
  ``2026-03-05T09:00:00.000+0100``): always read, whatever the format said.
- Jira's own: ``05/Mar/26 9:00 AM`` (day, English month abbreviation, year of two
  or four digits, optional time): one reading only, always read.
- Numbers with ``/``, ``.`` or ``-`` (``03/05/2026``, ``3.5.26 14:00``,
  ``3/5/2026 9:00 AM``): day-first in most of the world, month-first in US locales.
  Which one is the file's `DateFormat`; without one, a date that can be read both
  ways (both numbers 12 or less, and different) is refused, naming it, rather than
  guessed: a silent wrong date on every row is worse than a refusal.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from cellops.kernel.bounds import DATE_RANGE, in_range
from cellops.kernel.violations import InvalidInput


class DateFormat(StrEnum):
    """How the numeric dates of a file are written (`--date-format`, `date_format`)."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"
    ISO = "iso"


#: The names a door accepts for each format (API.md writes dmy, mdy, iso).
DATE_FORMAT_NAMES: dict[str, DateFormat] = {
    "day-first": DateFormat.DAY_FIRST,
    "dmy": DateFormat.DAY_FIRST,
    "month-first": DateFormat.MONTH_FIRST,
    "mdy": DateFormat.MONTH_FIRST,
    "iso": DateFormat.ISO,
}

_TIME = r"(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[AaPp]\.?[Mm]\.?)?)?"
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}$", re.ASCII)
_NAMED = re.compile(rf"^(\d{{1,2}})[/\- ]([A-Za-z]{{3}})[/\- ](\d{{4}}|\d{{2}}){_TIME}$", re.ASCII)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_FORMATS_HINT = "--date-format day-first, month-first or iso (date_format in the API)"


def date_format(name: str | None) -> DateFormat | None:
    """The format a door was given by name (`DATE_FORMAT_NAMES`), None when not given;
    `InvalidInput` on `date_format` for another name."""
    if name is None or not name.strip():
        return None
    found = DATE_FORMAT_NAMES.get(name.strip().lower())
    if found is None:
        raise InvalidInput(
            "date_format",
            f"{name!r} is not a date format; give one of: {', '.join(DATE_FORMAT_NAMES)}",
        )
    return found


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _made(year: int, month: int, day: int) -> date | None:
    try:
        made = date(year, month, day)
    except ValueError:
        return None
    return made if in_range(made) else None


def _shown(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def read_day(text: str, fmt: DateFormat | None = None) -> date | str:
    """The date `text` holds, read as `fmt` says; or, when it holds none, what is wrong
    (ready for a bad row: what was written and what would be read)."""
    text = text.strip()
    iso = _iso(text)
    if iso is not None:
        return iso if in_range(iso) else f"{text!r} is not a date {DATE_RANGE}"
    named = _NAMED.match(text)
    if named and named[2].lower() in _MONTHS:
        day = _made(_year(named[3]), _MONTHS[named[2].lower()], int(named[1]))
        return day or f"{text!r} is not a date {DATE_RANGE}"
    numeric = _NUMERIC.match(text)
    if numeric is None:
        return (
            f"{text!r} is not a date; write it as YYYY-MM-DD (or DD/MM/YYYY, MM/DD/YYYY "
            f"with {_FORMATS_HINT}) {DATE_RANGE}"
        )
    first, second, year = int(numeric[1]), int(numeric[3]), _year(numeric[4])
    if fmt is DateFormat.ISO:
        return (
            f"{text!r} is not an ISO date (YYYY-MM-DD), which --date-format iso says the file has"
        )
    if fmt is DateFormat.DAY_FIRST:
        return _made(year, second, first) or f"{text!r} is not a day-first date (DD/MM/YYYY)"
    if fmt is DateFormat.MONTH_FIRST:
        return _made(year, first, second) or f"{text!r} is not a month-first date (MM/DD/YYYY)"
    day_first, month_first = _made(year, second, first), _made(year, first, second)
    if day_first and month_first and day_first != month_first:
        return (
            f"{text!r} could be {_shown(day_first)} (day first) or {_shown(month_first)} "
            f"(month first); say which with {_FORMATS_HINT}"
        )
    return day_first or month_first or f"{text!r} is not a date {DATE_RANGE}"


def _iso(text: str) -> date | None:
    if len(text) < 10 or not text[:4].isdigit() or text[4:5] != "-":
        return None
    try:
        return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        return None
