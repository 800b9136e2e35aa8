"""Issue #15: a Jira backlog as CSV, read and written (pure: names are resolved by the use case).

The columns are matched by name, case-insensitively, with the names Jira's
"Export CSV (all fields / current fields)" uses (`BACKLOG_COLUMNS`); the file's
own column name is what a bad row reports. Jira repeats "Sprint" (a ticket that
spilled over was in several: the last one counts) and "Labels" (one column per
label). Statuses become SP-9 statuses through `data.DEFAULT_STATUS_MAP`, which
an import may extend or override (`status_map`). Line numbers are the file's
own lines: a description over several lines moves the next row down.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from cellops.kernel.violations import InvalidInput
from cellops.sprints.data import (
    BACKLOG,
    DEFAULT_POLICY,
    DEFAULT_STATUS_MAP,
    STATUSES,
    BacklogRow,
    BadRow,
    SprintPolicy,
    Ticket,
)
from cellops.sprints.rules.estimation import check_points
from cellops.sprints.rules.tickets import key_problem

#: Each field → the column names Jira exports give it (lower case), the first found used.
BACKLOG_COLUMNS: dict[str, tuple[str, ...]] = {
    "key": ("issue key", "key"),
    "title": ("summary", "title"),
    "description": ("description",),
    "status": ("status",),
    "story_points": (
        "story points",
        "custom field (story points)",
        "custom field (story point estimate)",
        "story point estimate",
    ),
    "assignee": ("assignee",),
    "assignee_id": ("assignee id",),
    "reviewer": ("reviewer", "custom field (reviewer)", "custom field (reviewer 1)"),
    "reviewer_id": ("reviewer id", "custom field (reviewer id)"),
    "sprint": ("sprint",),
    "epic": ("epic link", "custom field (epic link)", "parent key", "epic"),
    "account": ("account", "custom field (account)"),
    "remaining_hours": ("remaining estimate",),
    "labels": ("labels", "label"),
}
REQUIRED = ("key", "title")
#: Fields Jira writes in as many columns as it needs (all are read).
REPEATED = ("sprint", "labels")

#: The columns `backlog_csv` writes, in order (one "Labels" per label, at least one).
EXPORT_COLUMNS = (
    "Issue key",
    "Summary",
    "Description",
    "Status",
    "Story Points",
    "Assignee",
    "Reviewer",
    "Sprint",
    "Epic Link",
    "Account",
    "Remaining Estimate",
)

MAX_FILE_BYTES = 20_000_000
"""The largest backlog an import takes (20 MB: tens of thousands of tickets)."""
MAX_REPORTED_BAD = 1_000
"""Bad rows reported one by one; past that, only counted."""
TITLE_LIMIT = 200
DESCRIPTION_LIMIT = 20_000
LABEL_LIMIT = 255
MAX_LABELS = 50
MAX_SPRINT = 100_000
MAX_REMAINING_HOURS = Decimal(10_000)
NUL = "\x00"
_DIGITS = re.compile(r"\d+", re.ASCII)


def status_map(entries: Iterable[str], policy: SprintPolicy = DEFAULT_POLICY) -> dict[str, str]:
    """The status mapping of an import: `data.DEFAULT_STATUS_MAP` with `entries`
    (``Jira status=SP-9 status``, either side in any case) added or overriding it.
    `InvalidInput` on `status_map` for an entry without ``=`` or whose right side is
    not an SP-9 status."""
    canonical = {status.lower(): status for status in STATUSES}
    mapping = {**canonical, **DEFAULT_STATUS_MAP}
    for entry in entries:
        jira, sep, ours = entry.partition("=")
        jira, ours = " ".join(jira.split()).lower(), " ".join(ours.split()).lower()
        if not sep or not jira:
            raise InvalidInput(
                "status_map",
                f"{entry!r}: write it as 'Jira status=SP-9 status', e.g. 'QA=Under review'",
            )
        if ours not in canonical:
            raise InvalidInput(
                "status_map",
                f"{entry!r}: {ours!r} is not an SP-9 status; use one of: {', '.join(STATUSES)}",
            )
        mapping[jira] = canonical[ours]
    return mapping


def _columns(header: Sequence[str]) -> tuple[dict[str, list[int]], list[BadRow]]:
    lowered = [" ".join(h.split()).lower() for h in header]
    found: dict[str, list[int]] = {}
    for field, names in BACKLOG_COLUMNS.items():
        for name in names:
            indexes = [i for i, h in enumerate(lowered) if h == name]
            if indexes:
                found[field] = indexes if field in REPEATED else indexes[:1]
                break
    problems = [
        BadRow(1, field, f"no {field} column; name it one of: {', '.join(BACKLOG_COLUMNS[field])}")
        for field in REQUIRED
        if field not in found
    ]
    return found, problems


def _points(text: str) -> int | str | None:
    """SP-2: story points as Jira writes them ("5", "5.0"), None when blank, or what is wrong."""
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.to_integral_value():
        return f"SP-2: {text!r} is not a number of story points (0, 1, 2, 3, 5, 8, 13 or 21)"
    points = int(value)
    violations = check_points(points)
    return f"SP-2: {violations[0].message}" if violations else points


def _sprint(text: str) -> int | str | None:
    """The sprint number in a Jira sprint name ("FALC Sprint 12" → 12), the last number."""
    if not text:
        return None
    numbers = _DIGITS.findall(text)
    if not numbers:
        return f"{text!r} names no sprint number; sprints are matched by number (e.g. 'Sprint 12')"
    number = int(numbers[-1]) if len(numbers[-1]) <= 7 else MAX_SPRINT + 1
    if not 1 <= number <= MAX_SPRINT:
        return f"{text!r}: a sprint number is from 1 to {MAX_SPRINT:,}"
    return number


def _remaining(text: str) -> Decimal | str | None:
    """Jira's "Remaining Estimate", in seconds, as hours (two places)."""
    if not text:
        return None
    try:
        hours = (Decimal(text) / 3600).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not 0 <= hours <= MAX_REMAINING_HOURS:
        return (
            f"{text!r} is not a remaining estimate in seconds (0 to {MAX_REMAINING_HOURS * 3600:,})"
        )
    return hours


class _Row:
    """One record's cells by field, with its problems, for `parse_backlog`."""

    def __init__(
        self,
        line: int,
        cells: Sequence[str],
        columns: Mapping[str, list[int]],
        header: Sequence[str],
    ) -> None:
        self.line = line
        self.cells = cells
        self.columns = columns
        self.header = header
        self.bad: list[BadRow] = []

    def name_of(self, field: str) -> str:
        indexes = self.columns.get(field)
        return self.header[indexes[0]].strip() if indexes else field

    def all(self, field: str) -> list[str]:
        width = len(self.cells)
        return [self.cells[i].strip() for i in self.columns.get(field, ()) if i < width]

    def one(self, field: str) -> str:
        values = [v for v in self.all(field) if v]
        return values[-1] if values else ""  # Jira's last sprint is the current one

    def refuse(self, field: str, message: str) -> None:
        self.bad.append(BadRow(self.line, self.name_of(field), message))


def _record(row: _Row, statuses: Mapping[str, str]) -> BacklogRow | None:
    """The ticket a record holds, or None with its problems on `row.bad`."""
    for field in BACKLOG_COLUMNS:
        if any(NUL in value for value in row.all(field)):
            row.refuse(field, f"the {row.name_of(field)} contains a NUL character")
    if row.bad:
        return None
    key, title = row.one("key"), row.one("title")
    if problem := key_problem(key):
        row.refuse("key", f"WF-2: {problem}" if key else "the issue key is empty")
    if not title:
        row.refuse("title", "the summary is empty; every ticket needs a title")
    elif len(title) > TITLE_LIMIT:
        row.refuse("title", f"keep the summary to {TITLE_LIMIT} characters (it has {len(title):,})")
    description = row.one("description")
    if len(description) > DESCRIPTION_LIMIT:
        row.refuse("description", f"keep the description to {DESCRIPTION_LIMIT:,} characters")
    written = row.one("status")
    status = statuses.get(" ".join(written.split()).lower(), None) if written else BACKLOG
    if status is None:
        row.refuse(
            "status",
            f"the status {written!r} has no SP-9 status; map it, e.g. --status-map "
            f"'{written}=In progress' (status_map in the API), to one of: {', '.join(STATUSES)}",
        )
    points, sprint, remaining = (
        _points(row.one("story_points")),
        _sprint(row.one("sprint")),
        _remaining(row.one("remaining_hours")),
    )
    for field, value in (
        ("story_points", points),
        ("sprint", sprint),
        ("remaining_hours", remaining),
    ):
        if isinstance(value, str):
            row.refuse(field, value)
    labels: list[str] = []
    for cell in row.all("labels"):
        labels.extend(label for label in cell.split() if label not in labels)
    if len(labels) > MAX_LABELS or any(len(label) > LABEL_LIMIT for label in labels):
        row.refuse(
            "labels", f"at most {MAX_LABELS} labels of at most {LABEL_LIMIT} characters each"
        )
    if row.bad:
        return None
    people = {
        role: tuple(dict.fromkeys(v for v in (row.one(role), row.one(f"{role}_id")) if v))
        for role in ("assignee", "reviewer")
    }
    return BacklogRow(
        line=row.line,
        key=key,
        title=title,
        description=description,
        status=status or BACKLOG,
        story_points=points,  # type: ignore[arg-type]
        assignee=people["assignee"],
        reviewer=people["reviewer"],
        sprint=sprint,  # type: ignore[arg-type]
        epic=row.one("epic") or None,
        account=row.one("account") or None,
        remaining_hours=remaining,  # type: ignore[arg-type]
        labels=tuple(labels),
        columns=tuple(
            (field, row.name_of(field)) for field in BACKLOG_COLUMNS if field in row.columns
        ),
    )


def parse_backlog(
    text: str, statuses: Mapping[str, str] | None = None
) -> tuple[list[BacklogRow], list[BadRow]]:
    """Every ticket of a Jira backlog CSV (`text`, header first), and every problem with
    its line and the file's column name; a key twice in the file is a problem on its
    second line. `statuses` is the status mapping (`status_map([])` when not given)."""
    statuses = statuses if statuses is not None else status_map([])
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [BadRow(1, "file", f"not readable CSV ({exc})")]
    if header is None or not any(h.strip() for h in header):
        return [], [
            BadRow(1, "file", "the file is empty; export the backlog as CSV with a header line")
        ]
    columns, problems = _columns(header)
    if problems:
        return [], problems
    good: list[BacklogRow] = []
    bad: list[BadRow] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            bad.append(BadRow(line, "file", f"not readable CSV ({exc})"))
            break
        if cells is None:
            break
        row = _Row(line, cells, columns, header)
        line = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue  # a blank line
        ticket = _record(row, statuses)
        if ticket is not None and ticket.key in seen:
            row.refuse(
                "key", f"{ticket.key} is also on line {seen[ticket.key]}; give each issue once"
            )
            ticket = None
        if ticket is None:
            bad.extend(row.bad)
            continue
        seen[ticket.key] = ticket.line
        good.append(ticket)
    return good, bad


def write_backlog_csv(tickets: Iterable[Ticket]) -> str:
    """Tickets as a Jira backlog CSV in the columns the import reads (`EXPORT_COLUMNS` and
    one "Labels" column per label): a round trip gives the same tickets."""
    tickets = list(tickets)
    width = max([1, *(len(t.labels) for t in tickets)])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*EXPORT_COLUMNS, *(["Labels"] * width)])
    for t in tickets:
        writer.writerow(
            [
                t.key,
                t.title,
                t.description,
                t.status,
                "" if t.story_points is None else t.story_points,
                t.assignee or "",
                t.reviewer or "",
                "" if t.sprint is None else f"{t.cell} Sprint {t.sprint}",
                t.epic or "",
                t.account,
                "" if t.remaining_hours is None else int(t.remaining_hours * 3600),
                *t.labels,
                *([""] * (width - len(t.labels))),
            ]
        )
    return out.getvalue()
