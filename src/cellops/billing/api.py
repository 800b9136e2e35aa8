"""Use cases of billing: worklogs (time logged on tickets) and the sums budgets read.

Every write of worklogs also adds its hours to `MonthlyTotal` (per account,
epic and month) in the same transaction, so budgets (SP-7) read a few
hundred rows instead of summing millions of worklogs.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth

from cellops.billing import models, rules
from cellops.billing.data import BadRow, BudgetItem, Worklog, WorklogImport, WorklogRow
from cellops.kernel.bounds import DATE_RANGE, OutOfRange, in_range, month_bounds
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.policy import Permission, allows_in_cell
from cellops.platform.api import SYSTEM_ACTOR, record_audit
from cellops.rituals import api as rituals_api
from cellops.sprints import api as sprints_api

__all__ = [
    "MAX_FILE_BYTES",
    "BudgetDays",
    "DailyKey",
    "TotalKey",
    "WorklogLine",
    "budget_days",
    "budgets",
    "csv_rows",
    "daily_logged",
    "import_worklogs",
    "log_work",
    "logged_by_account",
    "logged_by_epic",
    "may_log_for_others",
    "rebuild_totals",
    "too_large",
    "worklog_span",
    "worklogs_of",
]

TotalKey = tuple[int, int | None, date]
MAX_FILE_BYTES = rules.MAX_FILE_BYTES  # the largest worklog file an import takes (for doors)


def _month(day: date) -> date:
    return day.replace(day=1)


def _add_to_totals(groups: dict[TotalKey, Decimal]) -> None:
    """Add hours to the monthly totals; call inside the worklogs' transaction."""
    for (account_id, epic_id, month), hours in groups.items():
        updated = models.MonthlyTotal.objects.filter(
            account_id=account_id, epic_id=epic_id, month=month
        ).update(hours=F("hours") + hours)
        if updated:
            continue
        try:
            with transaction.atomic():
                models.MonthlyTotal.objects.create(
                    account_id=account_id, epic_id=epic_id, month=month, hours=hours
                )
        except IntegrityError:  # made meanwhile by a concurrent write
            models.MonthlyTotal.objects.filter(
                account_id=account_id, epic_id=epic_id, month=month
            ).update(hours=F("hours") + hours)


def _check_social_chat_cap(ticket: str, ticket_pk: int, member_id: int, hours: Decimal) -> None:
    """SP-14: refuse hours that would bring the member above the social chat's 30 minutes.

    Call inside the worklog's transaction: the chat is locked first, so two
    worklogs at once cannot both fit under the cap.
    """
    rituals_api.lock_social_chat(ticket)
    logged = models.Worklog.objects.filter(ticket_id=ticket_pk, member_id=member_id).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    rituals_api.check_social_chat_worklog(logged, hours)


def log_work(
    actor: str, *, ticket: str, member: str, day: date, hours: Decimal, note: str = ""
) -> Worklog:
    """Log `hours` of `member`'s work on `ticket` on `day`.

    Logging for someone else takes a manager of the ticket's cell (issue #8,
    `PermissionDenied` otherwise): the decision is here, so every door gets it.
    SP-14: on a social chat's ticket a member logs at most 30 minutes in all;
    a worklog that would go beyond is refused, naming what was logged and
    what still can be.
    """
    if not Decimal(0) < Decimal(hours) <= Decimal(24):
        raise InvalidInput("hours", "give the hours worked that day: more than 0 and at most 24")
    if not in_range(day):
        raise InvalidInput("date", f"give the day worked {DATE_RANGE}, not {day}")
    refs = sprints_api.ticket_refs({ticket})
    if ticket not in refs:
        raise NotFound("ticket", f"no ticket has the key {ticket!r}")
    ticket_pk, account_id, epic_id = refs[ticket]
    if member != actor:
        refusal = _LogsFor(actor).refusal(
            member, ticket, sprints_api.ticket_cells({ticket})[ticket]
        )
        if refusal:
            raise PermissionDenied(refusal)
    social_chat = bool(rituals_api.social_chat_tickets({ticket}))
    with transaction.atomic():
        member_id = org_api.member_pk(member)
        if social_chat:
            _check_social_chat_cap(ticket, ticket_pk, member_id, Decimal(hours))
        row = models.Worklog.objects.create(
            ticket_id=ticket_pk,
            member_id=member_id,
            date=day,
            hours=hours,
            note=note,
        )
        _add_to_totals({(account_id, epic_id, _month(day)): Decimal(hours)})
        record_audit(
            actor,
            "worklog.create",
            "worklog",
            row.pk,
            {"ticket": ticket, "member": member, "date": day, "hours": hours},
        )
    return Worklog(
        id=row.pk, ticket=ticket, member=member, date=day, hours=Decimal(hours), note=note
    )


def logged_by_account(first: date, last: date) -> dict[str, Decimal]:
    """SP-7: hours logged per account in the months from `first` to `last`."""
    rows = (
        models.MonthlyTotal.objects.filter(month__gte=_month(first), month__lte=_month(last))
        .values("account__name")
        .annotate(h=Sum("hours"))
        .values_list("account__name", "h")
    )
    return dict(rows)


def logged_by_epic(before: date | None = None) -> dict[str, Decimal]:
    """SP-7: hours ever logged per epic; with `before`, only in the months before its month."""
    totals = models.MonthlyTotal.objects.filter(epic__isnull=False)
    if before is not None:
        totals = totals.filter(month__lt=_month(before))
    rows = totals.values("epic__key").annotate(h=Sum("hours")).values_list("epic__key", "h")
    return dict(rows)


DailyKey = tuple[str, str]


def daily_logged(
    first: date,
    last: date,
    accounts: Iterable[str] | None = None,
    epics: Iterable[str] | None = None,
) -> dict[DailyKey, list[tuple[date, Decimal]]]:
    """SP-7 burn charts: hours logged per day from `first` to `last`, per account and per epic.

    Keys are ``("account", account name)`` and ``("epic", epic key)``; each list is
    sorted by day and holds only days with time logged. One aggregate query:
    the range on `date` uses the worklogs' date index, the join reaches the
    ticket's account and epic, and the rows are grouped by day, account and
    epic, so the answer is at most days × (account, epic) pairs whatever the
    number of worklogs. Both views are summed from those rows here.
    """
    worklogs = models.Worklog.objects.filter(date__gte=first, date__lte=last)
    if accounts is not None or epics is not None:  # only these budgets' (decision 0036)
        worklogs = worklogs.filter(
            Q(ticket__account__name__in=list(accounts or ()))
            | Q(ticket__epic__key__in=list(epics or ()))
        )
    rows = (
        worklogs.values("date", "ticket__account__name", "ticket__epic__key")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("date", "ticket__account__name", "ticket__epic__key", "h")
    )
    sums: dict[DailyKey, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for day, account, epic, hours in rows:
        sums[("account", account)][day] += hours
        if epic is not None:
            sums[("epic", epic)][day] += hours
    return {key: sorted(days.items()) for key, days in sums.items()}


def rebuild_totals() -> int:
    """Recompute the monthly totals from the worklogs (after a raw load, or to repair)."""
    with transaction.atomic():
        models.MonthlyTotal.objects.all().delete()
        groups = (
            models.Worklog.objects.annotate(month=TruncMonth("date"))
            .values("ticket__account_id", "ticket__epic_id", "month")
            .annotate(h=Sum("hours"))
        )
        rows = [
            models.MonthlyTotal(
                account_id=g["ticket__account_id"],
                epic_id=g["ticket__epic_id"],
                month=g["month"],
                hours=g["h"],
            )
            for g in groups
        ]
        models.MonthlyTotal.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)


def worklog_span() -> tuple[date | None, date | None]:
    """The first and last days any time was logged on."""
    span = models.Worklog.objects.aggregate(first=Min("date"), last=Max("date"))
    return span["first"], span["last"]


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

    def __init__(self, actor: str, skip_bad: bool):
        self.actor = actor
        self.skip_bad = skip_bad
        self.tickets: dict[str, tuple[int, int, int | None] | None] = {}
        self.members: dict[str, int | None] = {}
        self.cells: dict[str, str] = {}
        self.chats: set[str] = set()
        self.logged: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        self.totals: dict[TotalKey, Decimal] = defaultdict(Decimal)
        self.imported = 0
        self.bad: list[BadRow] = []
        self.bad_count = 0
        self._who: _LogsFor | None = None

    def _lookup(self, cache: dict, keys: set[str], find) -> None:
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

    def batch(self, rows: list[WorklogRow], bad: list[BadRow]) -> None:
        """Check one batch of parsed rows and, while all is good, write its good ones."""
        keys = {r.ticket for r in rows}
        self._lookup(self.tickets, keys, sprints_api.ticket_refs)
        self._lookup(self.members, {r.member for r in rows}, org_api.member_pks)
        tickets, members, actor = self.tickets, self.members, self.actor
        who = self._for_others(rows)
        self._chats_of({key for key in keys if tickets[key] is not None})
        chats, logged, totals = self.chats, self.logged, self.totals
        usable: list[tuple[int, int, date, Decimal, str]] = []
        for row in rows:
            ref = tickets[row.ticket]
            member_id = members[row.member]
            if key_problem := sprints_api.key_problem(row.ticket):
                bad.append(BadRow(row.line, "ticket", f"WF-2: {key_problem}"))
                continue
            if ref is None:
                bad.append(BadRow(row.line, "ticket", f"no ticket has the key {row.ticket!r}"))
                continue
            if member_id is None:
                bad.append(BadRow(row.line, "member", f"no member has the username {row.member!r}"))
                continue
            if who is not None and row.member != actor:
                refusal = who.refusal(row.member, row.ticket, self.cells.get(row.ticket))
                if refusal:
                    bad.append(BadRow(row.line, "member", refusal))
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
            totals[(ref[1], ref[2], row.day.replace(day=1))] += row.hours
        for problem in sorted(bad, key=lambda b: b.line):
            self._refuse(problem)
        if self.bad_count and not self.skip_bad:
            return  # nothing will be kept: check the rest, write no more
        if usable:
            _insert(usable)
        self.imported += len(usable)

    def _for_others(self, rows: list[WorklogRow]) -> _LogsFor | None:
        """Who the actor may log for, when this batch has rows of someone else and the
        actor may not log for anyone (the cells of those rows' tickets then looked up)."""
        others = {r.ticket for r in rows if r.member != self.actor}
        if not others:
            return None
        if self._who is None:
            self._who = _LogsFor(self.actor)
        if self._who.anyone:
            return None
        self._lookup(self.cells, others, sprints_api.ticket_cells)
        return self._who


def import_worklogs(
    actor: str, lines: Iterable[Sequence[str]], skip_bad: bool = False, progress=None
) -> WorklogImport:
    """Import a Jira/Tempo worklog CSV (rows as lists of strings, header first), streaming.

    Rows are read, checked and written `rules.IMPORT_BATCH` at a time inside one
    transaction, so memory does not grow with the file (finding 9 of issue #9).
    Every bad row is reported with its line number and column (the first
    `rules.MAX_REPORTED_BAD`, and how many there were); with one, nothing is
    imported (the transaction is rolled back), unless `skip_bad`. A row for
    someone other than `actor` needs the right to log time for others on that
    ticket's cell (`may_log_for_others`), or is a bad row on `member`.
    """
    rows = iter(lines)
    header = next(rows, None)
    if header is None:
        raise InvalidInput("file", "the file is empty; export worklogs as CSV with a header line")
    columns, problems = rules.map_columns(header)
    if problems:
        return WorklogImport(0, tuple(problems), skip_bad, len(problems))
    importer = _Importer(actor, skip_bad)
    line = 2
    with transaction.atomic():
        while batch := list(islice(rows, rules.IMPORT_BATCH)):
            parsed, bad = rules.parse_rows(batch, columns, first_line=line)
            line += len(batch)
            importer.batch(parsed, bad)
            if progress:
                progress(line - 2, None)
        if importer.bad_count and not skip_bad:
            transaction.set_rollback(True)
            return WorklogImport(0, tuple(importer.bad), skip_bad, importer.bad_count)
        _add_to_totals(importer.totals)
        record_audit(
            actor,
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


class _LogsFor:
    """Who `actor` may log time for (issue #8): themself always; anyone else on a ticket of
    a cell where they hold `Permission.MANAGE_SPRINTS` (its sprint planning manager, or one
    for the whole organisation) or as an administrator. The system actor (the command line
    without `--as`, background work) may log for anyone; an actor who is no user, for nobody."""

    def __init__(self, actor: str):
        self.username = actor
        self.actor = None
        self.anyone = actor == SYSTEM_ACTOR
        if not self.anyone:
            user = get_user_model().objects.filter(username=actor).first()
            self.actor = org_api.actor_for(user) if user is not None and user.is_active else None
            self.anyone = self.actor is not None and self.actor.is_admin
        self._cells: dict[str, bool] = {}

    def for_others_in(self, cell: str | None) -> bool:
        """Whether the actor may log time for other members on tickets of `cell`."""
        if self.anyone:
            return True
        if self.actor is None or cell is None:
            return False
        if cell not in self._cells:
            self._cells[cell] = allows_in_cell(self.actor, Permission.MANAGE_SPRINTS, cell)
        return self._cells[cell]

    def refusal(self, member: str, ticket: str, cell: str | None) -> str | None:
        """None if the actor may log `member`'s time on `ticket` (of `cell`); else why not."""
        if member == self.username or self.for_others_in(cell):
            return None
        return (
            f"{self.username} may not log time for {member}: logging for someone else takes the "
            f"permission {Permission.MANAGE_SPRINTS.value!r} in the ticket's cell "
            f"({cell or ticket}): its sprint planning manager or an administrator"
        )


def may_log_for_others(username: str, cell: str) -> bool:
    """Whether `username` may log time for other members on tickets of `cell` (issue #8)."""
    return _LogsFor(username).for_others_in(cell)


@dataclass(frozen=True)
class WorklogLine:
    """One worklog as a ticket page lists it: the member's username and full name."""

    id: int
    date: date
    member: str
    name: str
    hours: Decimal
    note: str


def worklogs_of(ticket_key: str) -> list[WorklogLine]:
    """The worklogs of the ticket `ticket_key`, newest day first, in one query.

    Raises `NotFound` (field `key`) when no ticket has that key (looked up only
    when the ticket has no worklogs); an existing ticket with none answers [].
    """
    rows = (
        models.Worklog.objects.filter(ticket__key=ticket_key)
        .order_by("-date", "-id")
        .values_list(
            "id",
            "date",
            "member__user__username",
            "member__user__first_name",
            "member__user__last_name",
            "hours",
            "note",
        )
    )
    lines = [
        WorklogLine(pk, day, username, f"{first} {last}".strip() or username, hours, note)
        for pk, day, username, first, last, hours, note in rows
    ]
    if not lines and ticket_key not in sprints_api.ticket_refs({ticket_key}):
        raise NotFound("key", f"no ticket has the key {ticket_key!r}")
    return lines


# --- budgets (SP-7, moved from sprints.api, decision 0023) -----------------


def _month_bounds(month: str) -> tuple[date, date]:
    try:
        return month_bounds(month)
    except OutOfRange as exc:
        raise InvalidInput("month", str(exc)) from exc


def budgets(month: str) -> list[BudgetItem]:
    """SP-7: each account with a monthly budget and each epic with a budget: logged, planned, status."""
    first, last = _month_bounds(month)
    planned_by_account, planned_by_epic = sprints_api.planned_hours(first, last)
    logged_by_accounts = logged_by_account(first, last)
    logged_by_epics = logged_by_epic()
    items = []
    for account in org_api.list_accounts(show_money=True):
        if account.monthly_budget_hours is None:
            continue
        logged = logged_by_accounts.get(account.name, Decimal(0))
        planned = planned_by_account.get(account.name) or Decimal(0)
        items.append(
            BudgetItem(
                "account",
                account.name,
                account.monthly_budget_hours,
                logged,
                planned,
                rules.budget_status(account.monthly_budget_hours, logged, planned),
            )
        )
    for epic in org_api.list_epics(show_money=True):
        if epic.budget_hours is None:
            continue
        logged = logged_by_epics.get(epic.key, Decimal(0))
        planned = planned_by_epic.get(epic.key) or Decimal(0)
        items.append(
            BudgetItem(
                "epic",
                epic.key,
                epic.budget_hours,
                logged,
                planned,
                rules.budget_status(epic.budget_hours, logged, planned),
            )
        )
    return items


BudgetDays = tuple[Decimal, tuple[tuple[date, Decimal], ...]]


def budget_days(
    month: str, only: Iterable[tuple[str, str]] | None = None
) -> dict[tuple[str, str], BudgetDays]:
    """SP-7 burn charts: per ``(kind, name)`` of `budgets`, the hours counted before the month
    and the hours logged on each day of it (days without time left out).

    An account's budget is monthly, so nothing before the month counts; an
    epic's is for its whole life, so its line starts at what was logged in
    the months before. Two queries, whatever the number of worklogs.
    """
    first, last = _month_bounds(month)
    if only is None:
        daily = daily_logged(first, last)
    else:  # only these `(kind, name)` are read (the ones a page shows); others may be partial
        wanted = set(only)
        daily = daily_logged(
            first,
            last,
            accounts={n for k, n in wanted if k == "account"},
            epics={n for k, n in wanted if k == "epic"},
        )
    before = logged_by_epic(before=first)
    keys = daily.keys() | {("epic", key) for key in before}
    return {
        (kind, name): (
            before.get(name, Decimal(0)) if kind == "epic" else Decimal(0),
            tuple(daily.get((kind, name), ())),
        )
        for kind, name in keys
    }
