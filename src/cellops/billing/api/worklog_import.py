"""The worklog CSV import (Jira / Tempo exports), streamed a batch at a time.

The file's format (columns, dates, hours) is parsed by `billing.rules.worklog_csv`;
this module resolves tickets and members, applies who may (issue #8) and SP-14,
and writes the rows.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import TextIO

from django.db import connection, transaction
from django.db.models import Sum

from cellops.billing import models, rules
from cellops.billing.api._common import LogsFor, TotalKey, add_to_totals, require_logging
from cellops.billing.api.invoices import invoiced_month
from cellops.billing.api.worklogs import invoiced_refusal
from cellops.billing.data import BadRow, WorklogImport, WorklogRow
from cellops.kernel.violations import InvalidInput, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.rituals import api as rituals_api
from cellops.sprints import api as sprints_api

MAX_FILE_BYTES = rules.MAX_FILE_BYTES  # the largest worklog file an import takes (for doors)
DATE_FORMAT_NAMES = tuple(rules.DATE_FORMAT_NAMES)  # what --date-format / date_format take


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    """A value for COPY's text format (backslash, tab and line breaks escaped)."""
    return value.translate(_COPY_ESCAPES) if value else value


def _insert(rows: list[tuple[int, int, date, Decimal, str]]) -> None:
    """Write worklog rows fast: COPY on PostgreSQL, batched INSERTs elsewhere."""
    if connection.vendor == "postgresql":
        # COPY's text format, a block of lines at a time: ids, ISO dates and
        # decimals need no escaping, notes have their escapes applied.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY billing_worklog (ticket_id, member_id, date, hours, note, locked) FROM STDIN"
            ) as copy,
        ):
            for start in range(0, len(rows), 5_000):
                copy.write(
                    "".join(
                        f"{t}\t{m}\t{d}\t{h}\t{_copy_text(n)}\tf\n"
                        for t, m, d, h, n in rows[start : start + 5_000]
                    )
                )
        return
    # Elsewhere (SQLite) one prepared INSERT for the batch: no model instances.
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO billing_worklog (ticket_id, member_id, date, hours, note, locked)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [(t, m, d.isoformat(), str(h), n, False) for t, m, d, h, n in rows],
        )


class _Importer:
    """The state of one streaming import: bounded lookups, caps and totals, never the rows.

    Tickets and members are looked up once per batch for the keys not seen yet,
    in caches emptied past `rules.IMPORT_CACHE_SIZE` keys; social chats are locked
    (SP-14) the first time a batch names them, and what each member logged there
    is then counted in memory with the file's earlier rows.
    """

    def __init__(self, actor: Actor, skip_bad: bool) -> None:
        self.actor = actor
        self.skip_bad = skip_bad
        self.tickets: dict[str, tuple[int, int, int | None] | None] = {}
        self.members: dict[str, tuple[org_api.Match, ...] | None] = {}
        self.cells: dict[str, str] = {}
        self.chats: set[str] = set()
        self.logged: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        self.totals: dict[TotalKey, Decimal] = defaultdict(Decimal)
        self.imported = 0
        self.bad: list[BadRow] = []
        self.bad_count = 0
        self._who: LogsFor | None = None
        #: SL-6: (account, month) → the sent invoice covering it, or None
        self.invoiced: dict[tuple[int, date], str | None] = {}

    def _lookup(self, cache: dict, keys: set[str], find: Callable[[set[str]], dict]) -> None:
        missing = keys - cache.keys()
        if not missing:
            return
        if len(cache) + len(missing) > rules.IMPORT_CACHE_SIZE:
            cache.clear()  # start afresh with this batch's keys only
            missing = keys
        found = find(missing)
        cache.update({key: found.get(key) for key in missing})

    def _chats_of(self, keys: set[str]) -> None:
        """SP-14: lock the social chats among this batch's (known) tickets the first time
        they come (as log_work does, before their caps are read) and read what was logged
        there before."""
        new = rituals_api.social_chat_tickets(keys) - self.chats
        if not new:
            return
        for chat in sorted(new):
            rituals_api.lock_social_chat(chat)
        self.chats |= new
        for ticket_id, member_id, hours in (
            models.Worklog.objects.filter(ticket_id__in=[self.tickets[key][0] for key in new])
            .values_list("ticket_id", "member_id")
            .annotate(total=Sum("hours"))
        ):
            self.logged[(ticket_id, member_id)] = hours

    def _refuse(self, row: BadRow) -> None:
        self.bad_count += 1
        if len(self.bad) < rules.MAX_REPORTED_BAD:
            self.bad.append(row)

    def _member_of(self, row: WorklogRow) -> org_api.Match | str:
        """Issue #15: the member a row names, (id, username), by the first of its names
        that names exactly one member; or why none does."""
        ambiguous: tuple[str, tuple[org_api.Match, ...]] | None = None
        for name in (row.member, *row.also):
            found = self.members.get(name) or ()
            if len(found) == 1:
                return found[0]
            if found and ambiguous is None:
                ambiguous = (name, found)
        if ambiguous:
            name, found = ambiguous
            return (
                f"{name!r} names {len(found)} members ({', '.join(u for _, u in found)}); "
                "name the member by username, e-mail or Jira account id"
            )
        return (
            f"no member is named {row.member!r} (by username, Jira account id, e-mail or "
            "full name); set the member's Jira account id if the file names people by it"
        )

    def batch(self, rows: list[WorklogRow], bad: list[BadRow]) -> None:
        """Check one batch of parsed rows and, while all is good, write its good ones."""
        keys = {r.ticket for r in rows}
        self._lookup(self.tickets, keys, sprints_api.ticket_refs)
        names = {r.member for r in rows} | {name for r in rows for name in r.also}
        self._lookup(self.members, names, org_api.match_members)
        tickets, actor = self.tickets, self.actor.username
        people = [self._member_of(row) for row in rows]
        who = self._for_others(rows, people)
        self._chats_of({key for key in keys if tickets[key] is not None})
        chats, logged, totals = self.chats, self.logged, self.totals
        usable: list[tuple[int, int, date, Decimal, str]] = []
        for row, person in zip(rows, people, strict=True):
            ref = tickets[row.ticket]
            if key_problem := sprints_api.key_problem(row.ticket):
                bad.append(BadRow(row.line, "ticket", f"WF-2: {key_problem}"))
                continue
            if ref is None:
                bad.append(BadRow(row.line, "ticket", f"no ticket has the key {row.ticket!r}"))
                continue
            if isinstance(person, str):
                bad.append(BadRow(row.line, "member", person))
                continue
            member_id, username = person
            if who is not None and username != actor:
                refusal = who.refusal(username, row.ticket, self.cells.get(row.ticket))
                if refusal:
                    bad.append(BadRow(row.line, "member", refusal))
                    continue
            invoiced_key = (ref[1], row.day.replace(day=1))
            if invoiced_key not in self.invoiced:
                self.invoiced[invoiced_key] = invoiced_month(ref[1], row.day)
            if number := self.invoiced[invoiced_key]:
                bad.append(
                    BadRow(row.line, "date", f"SL-6: {invoiced_refusal(number, row.day).message}")
                )
                continue
            if chats and row.ticket in chats:
                key = (ref[0], member_id)
                try:
                    rituals_api.check_social_chat_worklog(logged[key], row.hours)
                except RuleRefusal as refusal:
                    violation = refusal.violations[0]
                    bad.append(BadRow(row.line, "hours", f"{violation.rule}: {violation.message}"))
                    continue
                logged[key] += row.hours
            usable.append((ref[0], member_id, row.day, row.hours, row.note))
            totals[(ref[1], ref[2], row.day)] += row.hours
        for problem in sorted(bad, key=lambda b: b.line):
            self._refuse(problem)
        if self.bad_count and not self.skip_bad:
            return  # nothing will be kept: check the rest, write no more
        if usable:
            _insert(usable)
        self.imported += len(usable)

    def _for_others(
        self, rows: list[WorklogRow], people: list[org_api.Match | str]
    ) -> LogsFor | None:
        """Who the actor may log for, when this batch has rows of someone else and the
        actor may not log for anyone (the cells of those rows' tickets then looked up)."""
        me = self.actor.username
        others = {
            r.ticket
            for r, person in zip(rows, people, strict=True)
            if not isinstance(person, str) and person[1] != me
        }
        if not others:
            return None
        if self._who is None:
            self._who = LogsFor(self.actor)
        if self._who.anyone:
            return None
        self._lookup(self.cells, others, sprints_api.ticket_cells)
        return self._who


def import_worklogs(
    actor: Actor,
    lines: Iterable[Sequence[str]],
    skip_bad: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    date_format: rules.DateFormat | str | None = None,
) -> WorklogImport:
    """Import a Jira/Tempo worklog CSV (rows as lists of strings, header first), streaming.

    `date_format` (a `rules.DateFormat` or one of its names: ``day-first``/``dmy``,
    ``month-first``/``mdy``, ``iso``) says how the file writes numeric dates; without
    one, a date that reads both ways (03/05/2026) is a bad row naming it (issue #15).
    People are matched by username, Jira account id, e-mail or full name
    (`org.api.match_members`), in the order of the file's member columns.

    Rows are read, checked and written `rules.IMPORT_BATCH` at a time inside one
    transaction, so memory does not grow with the file (finding 9 of issue #9).
    Every bad row is reported with its line number and column (the first
    `rules.MAX_REPORTED_BAD`, and how many there were); with one, nothing is
    imported (the transaction is rolled back), unless `skip_bad`. A row for
    someone other than `actor` needs the right to log time for others on that
    ticket's cell (`may_log_for_others`), or is a bad row on `member`; an actor who
    may log no time at all (ORG-2: a member who left, a candidate) is refused
    before a line is read (`PermissionDenied`). A file with no header line, or whose
    header lacks a required column (`rules.map_columns`), is refused before a row is
    read (`InvalidInput` on `file`, naming every missing column), even with `skip_bad`:
    it is not a worklog CSV, so there are no good lines to keep.
    """
    require_logging(actor)
    fmt = rules.date_format(date_format) if isinstance(date_format, str) else date_format
    rows = iter(lines)
    header = next(rows, None)
    if header is None:
        raise InvalidInput("file", "the file is empty; export worklogs as CSV with a header line")
    columns, problems = rules.map_columns(header)
    if problems:  # no usable header: not a worklog CSV at all, whatever `skip_bad` says
        raise InvalidInput("file", "; ".join(p.message for p in problems))
    importer = _Importer(actor, skip_bad)
    line = 2
    with transaction.atomic():
        while batch := list(islice(rows, rules.IMPORT_BATCH)):
            parsed, bad = rules.parse_rows(batch, columns, first_line=line, date_format=fmt)
            line += len(batch)
            importer.batch(parsed, bad)
            if progress:
                progress(line - 2, None)
        if importer.bad_count and not skip_bad:
            transaction.set_rollback(True)
            return WorklogImport(0, tuple(importer.bad), skip_bad, importer.bad_count)
        add_to_totals(importer.totals)
        record_audit(
            actor.username,
            "worklog.import",
            "worklog",
            "csv",
            {"rows": importer.imported, "bad": importer.bad_count},
        )
    return WorklogImport(importer.imported, tuple(importer.bad), skip_bad, importer.bad_count)


def csv_rows(handle: TextIO, max_bytes: int = rules.MAX_FILE_BYTES) -> Iterator[list[str]]:
    """The rows of a CSV file read a line at a time, for `import_worklogs`.

    Refuses (`InvalidInput` on `file`) a file past `max_bytes` (counted as it is
    read, so a pipe is held to it too), a line longer than `rules.MAX_LINE_CHARS`,
    text that is not UTF-8 and CSV that cannot be read, each naming where.
    """
    read = 0
    number = 0

    def lines() -> Iterator[str]:
        nonlocal read, number
        while text := handle.readline(rules.MAX_LINE_CHARS + 1):
            read += len(text)
            number += 1
            if read > max_bytes:
                raise InvalidInput("file", too_large(max_bytes))
            if len(text) > rules.MAX_LINE_CHARS:
                raise InvalidInput(
                    "file", f"line {number} is longer than {rules.MAX_LINE_CHARS:,} characters"
                )
            yield text

    reader = csv.reader(lines())
    try:
        yield from reader
    except UnicodeDecodeError:
        raise InvalidInput(
            "file", f"not UTF-8 text (near line {reader.line_num + 1}); export the CSV as UTF-8"
        ) from None
    except csv.Error as exc:
        raise InvalidInput("file", f"line {reader.line_num}: not readable CSV ({exc})") from None


def too_large(max_bytes: int) -> str:
    """What a refusal of a file larger than the limit says (the limit, in MB)."""
    return (
        f"the file is larger than the import limit of {max_bytes / 1_000_000:g} MB; "
        "split it into smaller files (each is imported whole or not at all)"
    )
