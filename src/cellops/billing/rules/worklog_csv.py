"""Reading worklog CSV exports (Jira / Tempo): which columns, what a valid row is.

The one place the worklog CSV is parsed: a new column name or date format
(e.g. another export's dates) goes here, with its test in tests/test_api_import.py
(and its sample file in tests/samples/).

Pure Python: the use case resolves tickets and members afterwards. The
columns are matched by name, case-insensitively, with the names Jira and
Tempo exports use:

- ticket: "Issue Key", "Issue key", "Key", "Ticket"
- member: whichever of these the file has, tried in this order for each row
  (issue #15): an Atlassian account id ("Author Account ID", "Worker Account
  ID", "User Account ID", "Atlassian Account ID"), a username ("Username",
  "Worker", "Author", "User", "Member"), an e-mail address ("Email", "E-mail",
  "Author Email", "Worker Email", "User Email", "Email Address"), a display
  name ("Full name", "Author Name", "Worker Name", "Display Name"); each is
  matched like `org.api.match_members` does (Tempo Cloud's "Username" column
  holds account ids: they are matched too)
- date:   "Work date", "Date", "Started", "Date Started" (see `csv_dates`: ISO,
          Jira's 05/Mar/26, and day-first or month-first numbers as the file's
          `DateFormat` says; a date read both ways is refused without one)
- hours:  "Hours", "Time Spent (h)", "Hours Worked" (Tempo); or "Time Spent" /
          "Time Spent (seconds)" / "Time Spent (s)" in seconds (Jira's native export)
- note:   "Work Description", "Description", "Comment", "Note" (optional)

Jira Cloud's issue export ("Export CSV (all fields)") carries no worklog
columns of this kind but one "Log Work" column per worklog, each
``comment;started;author account id;seconds``: a file with an issue key
column and "Log Work" columns gives one worklog per non-empty "Log Work" cell,
reported as column "log work N" when bad.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from cellops.billing.data import BadRow, WorklogRow
from cellops.billing.rules.csv_dates import DateFormat, read_day

COLUMNS: dict[str, tuple[str, ...]] = {
    "ticket": ("issue key", "key", "ticket"),
    "member": ("username", "worker", "author", "user", "member"),
    "date": ("work date", "date", "started", "date started"),
    "hours": ("hours", "time spent (h)", "hours worked"),
    "seconds": ("time spent", "time spent (seconds)", "time spent (s)"),
    "note": ("work description", "description", "comment", "note"),
}
#: Issue #15: the other columns that name the member, tried with "member" in this order.
MEMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "member_account_id": (
        "author account id",
        "worker account id",
        "user account id",
        "atlassian account id",
    ),
    "member": COLUMNS["member"],
    "member_email": (
        "email",
        "e-mail",
        "author email",
        "worker email",
        "user email",
        "email address",
    ),
    "member_name": ("full name", "author name", "worker name", "display name"),
}
LOG_WORK = "log work"
"""Jira Cloud's issue export: one such column per worklog (``comment;started;author;seconds``)."""
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


def map_columns(header: Sequence[str]) -> tuple[dict[str, int], list[BadRow]]:
    """Which column holds what; a missing required column is reported on line 1.

    The member's other columns (`MEMBER_COLUMNS`) are found too; any one of them
    stands for the member column. Jira Cloud's "Log Work" columns are
    ``log work 1``, ``log work 2``…, and stand for the date and hours columns."""
    lowered = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for field, names in {**COLUMNS, **MEMBER_COLUMNS}.items():
        for name in names:
            if name in lowered:
                found[field] = lowered.index(name)
                break
    logs = [i for i, name in enumerate(lowered) if name == LOG_WORK]
    for number, index in enumerate(logs, start=1):
        found[f"{LOG_WORK} {number}"] = index
    if logs:
        for field in ("member", "member_account_id", "member_email", "member_name"):
            found.pop(field, None)  # each worklog names its own author
        found.pop("note", None)  # the description is no worklog's note
        return found, (
            []
            if "ticket" in found
            else [
                BadRow(
                    1, "ticket", f"no ticket column; name it one of: {', '.join(COLUMNS['ticket'])}"
                )
            ]
        )
    if any(field in found for field in MEMBER_COLUMNS):
        found.setdefault("member", -1)  # found under another name
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


def _hours(text: str, in_seconds: bool) -> Decimal | None:
    try:
        hours = Decimal(text) / 3600 if in_seconds else Decimal(text.replace(",", "."))
        if not hours.is_finite():  # NaN or Infinity: comparing one raises
            return None
        hours = hours.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
    return hours if Decimal(0) < hours <= MAX_HOURS else None


def _members_of(row: Sequence[str], indexes: Sequence[int]) -> tuple[str, ...]:
    """The names a row gives its member, in `MEMBER_COLUMNS`' order, each once."""
    width = len(row)
    names: list[str] = []
    for i in indexes:
        name = row[i].strip() if i < width else ""
        if name and name not in names:
            names.append(name)
    return tuple(names)


def parse_rows(
    rows: Iterable[Sequence[str]],
    columns: Mapping[str, int],
    first_line: int = 2,
    date_format: DateFormat | None = None,
) -> tuple[list[WorklogRow], list[BadRow]]:
    """Every row parsed, and every problem with its line number and column.

    Exports repeat the same dates and hours on many lines, so each distinct
    text is parsed once. `date_format` says how numeric dates are written
    (`csv_dates`); without it a date that reads both ways is a bad row.
    """
    if any(field.startswith(LOG_WORK) for field in columns):
        return _parse_log_work(rows, columns, first_line, date_format)
    in_seconds = "hours" not in columns
    fields = ("ticket", "date", "seconds" if in_seconds else "hours", "note")
    indexes = [columns.get(field) for field in fields]
    member_indexes = [columns[field] for field in MEMBER_COLUMNS if columns.get(field, -1) >= 0]
    days: dict[str, date | str] = {}
    hours_of: dict[str, Decimal | None] = {}
    good: list[WorklogRow] = []
    bad: list[BadRow] = []
    for line, row in enumerate(rows, start=first_line):
        width = len(row)
        ticket, day_text, hours_text, note = (
            row[i].strip() if i is not None and i < width else "" for i in indexes
        )
        names = _members_of(row, member_indexes)
        member = names[0] if names else ""
        if day_text not in days:
            days[day_text] = read_day(day_text, date_format)
        if hours_text not in hours_of:
            hours_of[hours_text] = _hours(hours_text, in_seconds)
        day, hours = days[day_text], hours_of[hours_text]
        with_nul = [
            f
            for f, text in (("ticket", ticket), ("member", "".join(names)), ("note", note))
            if NUL in text
        ]
        if ticket and member and isinstance(day, date) and hours is not None and not with_nul:
            good.append(WorklogRow(line, ticket, member, day, hours, note[:2000], names[1:]))
            continue
        if not ticket:
            bad.append(BadRow(line, "ticket", "the issue key is empty"))
        if not member:
            bad.append(BadRow(line, "member", "the username is empty"))
        if not isinstance(day, date):
            bad.append(BadRow(line, "date", day))
        if hours is None:
            bad.append(BadRow(line, "hours", "give the hours worked: more than 0 and at most 24"))
        # PostgreSQL cannot store, nor even look up, a string holding NUL.
        bad.extend(BadRow(line, f, f"the {f} contains a NUL character") for f in with_nul)
    return good, bad


def _parse_log_work(
    rows: Iterable[Sequence[str]],
    columns: Mapping[str, int],
    first_line: int,
    date_format: DateFormat | None,
) -> tuple[list[WorklogRow], list[BadRow]]:
    """Jira Cloud's "Log Work" cells: ``comment;started;author;seconds``, the comment
    itself possibly holding ``;`` (so the cell is read from the right)."""
    ticket_at = columns["ticket"]
    logs = sorted(
        ((field, i) for field, i in columns.items() if field.startswith(LOG_WORK)),
        key=lambda pair: pair[1],
    )
    good: list[WorklogRow] = []
    bad: list[BadRow] = []
    for line, row in enumerate(rows, start=first_line):
        width = len(row)
        ticket = row[ticket_at].strip() if ticket_at < width else ""
        for field, i in logs:
            cell = row[i].strip() if i < width else ""
            if not cell:
                continue
            if not ticket:
                bad.append(BadRow(line, "ticket", "the issue key is empty"))
                break
            if NUL in cell or NUL in ticket:
                bad.append(BadRow(line, field, f"the {field} contains a NUL character"))
                continue
            parts = cell.rsplit(";", 3)
            if len(parts) != 4:
                bad.append(
                    BadRow(line, field, f"{cell[:80]!r} is not 'comment;started;author;seconds'")
                )
                continue
            note, started, author, seconds = (p.strip() for p in parts)
            day, hours = read_day(started, date_format), _hours(seconds, in_seconds=True)
            problems = [
                *([] if author else ["the author is empty"]),
                *([] if isinstance(day, date) else [day]),
                *(
                    []
                    if hours is not None
                    else ["the time spent (seconds) is not above 0 and at most 24 h"]
                ),
            ]
            if problems:
                bad.append(BadRow(line, field, "; ".join(problems)))
                continue
            good.append(WorklogRow(line, ticket, author, day, hours, note[:2000]))  # type: ignore[arg-type]
    return good, bad
