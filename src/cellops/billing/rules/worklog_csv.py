"""Reading worklog CSV exports (Jira / Tempo): which columns, what a valid row is.

The one place the worklog CSV is parsed: a new column name or date format
(e.g. another export's dates) goes here, with its test in tests/test_api_import.py.

Pure Python: the use case resolves tickets and members afterwards. The
columns are matched by name, case-insensitively, with the names Jira and
Tempo exports use:

- ticket: "Issue Key", "Issue key", "Key", "Ticket"
- member: "Username", "Worker", "Author", "User", "Member"
- date:   "Work date", "Date", "Started", "Date Started" (YYYY-MM-DD, optionally
          followed by a time, or DD/MM/YYYY)
- hours:  "Hours", "Time Spent (h)", "Hours Worked"; or "Time Spent" /
          "Time Spent (seconds)" in seconds (Jira's native export)
- note:   "Work Description", "Description", "Comment", "Note" (optional)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from cellops.billing.data import BadRow, WorklogRow
from cellops.kernel.bounds import DATE_RANGE, in_range

COLUMNS: dict[str, tuple[str, ...]] = {
    "ticket": ("issue key", "key", "ticket"),
    "member": ("username", "worker", "author", "user", "member"),
    "date": ("work date", "date", "started", "date started"),
    "hours": ("hours", "time spent (h)", "hours worked"),
    "seconds": ("time spent", "time spent (seconds)"),
    "note": ("work description", "description", "comment", "note"),
}
REQUIRED = ("ticket", "member", "date")
MAX_HOURS = Decimal(24)

# Finding 9 of issue #9: an import streams its file, so these bound its memory
# whatever the file's size (decision 0021).
MAX_FILE_BYTES = 100_000_000
"""The largest worklog file an import takes (100 MB, about 1.5 million rows)."""
MAX_LINE_CHARS = 100_000
"""The longest line of a worklog file (a note is kept to 2 000 characters anyway)."""
IMPORT_BATCH = 10_000
"""Rows read, checked and written at a time."""
IMPORT_CACHE_SIZE = 20_000
"""Ticket keys (and usernames) remembered between batches before the lookups start afresh."""
MAX_REPORTED_BAD = 1_000
"""Bad rows reported one by one; past that, only counted."""

NUL = "\x00"
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def map_columns(header: Sequence[str]) -> tuple[dict[str, int], list[BadRow]]:
    """Which column holds what; a missing required column is reported on line 1."""
    lowered = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for field, names in COLUMNS.items():
        for name in names:
            if name in lowered:
                found[field] = lowered.index(name)
                break
    problems = [
        BadRow(1, field, f"no {field} column; name it one of: {', '.join(COLUMNS[field])}")
        for field in REQUIRED
        if field not in found
    ]
    if "hours" not in found and "seconds" not in found:
        problems.append(
            BadRow(1, "hours", "no hours column; name it 'Hours' (or 'Time Spent' in seconds)")
        )
    return found, problems


def _day(text: str) -> date | None:
    """The date in `text`, or None when it is not one or lies outside `bounds`' range."""
    day = _any_day(text.strip())
    return day if day is not None and in_range(day) else None


def _any_day(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        pass
    match = _DMY.match(text)
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


def _hours(text: str, in_seconds: bool) -> Decimal | None:
    try:
        hours = Decimal(text) / 3600 if in_seconds else Decimal(text.replace(",", "."))
        if not hours.is_finite():  # NaN or Infinity: comparing one raises
            return None
        hours = hours.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
    return hours if Decimal(0) < hours <= MAX_HOURS else None


def parse_rows(
    rows: Iterable[Sequence[str]], columns: Mapping[str, int], first_line: int = 2
) -> tuple[list[WorklogRow], list[BadRow]]:
    """Every row parsed, and every problem with its line number and column.

    Exports repeat the same dates and hours on many lines, so each distinct
    text is parsed once.
    """
    in_seconds = "hours" not in columns
    fields = ("ticket", "member", "date", "seconds" if in_seconds else "hours", "note")
    indexes = [columns.get(field) for field in fields]
    days: dict[str, date | None] = {}
    hours_of: dict[str, Decimal | None] = {}
    good: list[WorklogRow] = []
    bad: list[BadRow] = []
    for line, row in enumerate(rows, start=first_line):
        width = len(row)
        ticket, member, day_text, hours_text, note = (
            row[i].strip() if i is not None and i < width else "" for i in indexes
        )
        if day_text not in days:
            days[day_text] = _day(day_text)
        if hours_text not in hours_of:
            hours_of[hours_text] = _hours(hours_text, in_seconds)
        day, hours = days[day_text], hours_of[hours_text]
        with_nul = [
            f for f, text in (("ticket", ticket), ("member", member), ("note", note)) if NUL in text
        ]
        if ticket and member and day is not None and hours is not None and not with_nul:
            good.append(WorklogRow(line, ticket, member, day, hours, note[:2000]))
            continue
        if not ticket:
            bad.append(BadRow(line, "ticket", "the issue key is empty"))
        if not member:
            bad.append(BadRow(line, "member", "the username is empty"))
        if day is None:
            bad.append(
                BadRow(line, "date", f"{day_text!r} is not a date (YYYY-MM-DD) {DATE_RANGE}")
            )
        if hours is None:
            bad.append(BadRow(line, "hours", "give the hours worked: more than 0 and at most 24"))
        # PostgreSQL cannot store, nor even look up, a string holding NUL.
        bad.extend(BadRow(line, f, f"the {f} contains a NUL character") for f in with_nul)
    return good, bad
