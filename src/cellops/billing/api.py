"""Use cases of billing: worklogs (time logged on tickets) and the sums budgets read.

Every write of worklogs also adds its hours to `MonthlyTotal` (per account,
epic and month) in the same transaction, so budgets (SP-7) read a few
hundred rows instead of summing millions of worklogs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Min, Sum
from django.db.models.functions import TruncMonth

from cellops.billing import models, rules
from cellops.billing.data import BadRow, BudgetItem, WorklogImport
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.platform.api import record_audit
from cellops.sprints import api as sprints_api

TotalKey = tuple[int, int | None, date]


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
    sprints_api.lock_social_chat(ticket)
    logged = models.Worklog.objects.filter(ticket_id=ticket_pk, member_id=member_id).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    sprints_api.check_social_chat_worklog(logged, hours)


def log_work(
    actor: str, *, ticket: str, member: str, day: date, hours: Decimal, note: str = ""
) -> dict:
    """Log `hours` of `member`'s work on `ticket` on `day`.

    SP-14: on a social chat's ticket a member logs at most 30 minutes in all;
    a worklog that would go beyond is refused, naming what was logged and
    what still can be.
    """
    if not Decimal(0) < Decimal(hours) <= Decimal(24):
        raise InvalidInput("hours", "give the hours worked that day: more than 0 and at most 24")
    refs = sprints_api.ticket_refs({ticket})
    if ticket not in refs:
        raise NotFound("ticket", f"no ticket has the key {ticket!r}")
    ticket_pk, account_id, epic_id = refs[ticket]
    social_chat = bool(sprints_api.social_chat_tickets({ticket}))
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
    return {
        "id": row.pk,
        "ticket": ticket,
        "member": member,
        "date": day,
        "hours": Decimal(hours),
        "note": note,
    }


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


def daily_logged(first: date, last: date) -> dict[DailyKey, list[tuple[date, Decimal]]]:
    """SP-7 burn charts: hours logged per day from `first` to `last`, per account and per epic.

    Keys are ``("account", account name)`` and ``("epic", epic key)``; each list is
    sorted by day and holds only days with time logged. One aggregate query:
    the range on `date` uses the worklogs' date index, the join reaches the
    ticket's account and epic, and the rows are grouped by day, account and
    epic, so the answer is at most days × (account, epic) pairs whatever the
    number of worklogs. Both views are summed from those rows here.
    """
    rows = (
        models.Worklog.objects.filter(date__gte=first, date__lte=last)
        .values("date", "ticket__account__name", "ticket__epic__key")
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
    models.Worklog.objects.bulk_create(
        [
            models.Worklog(ticket_id=t, member_id=m, date=d, hours=h, note=n)
            for t, m, d, h, n in rows
        ],
        batch_size=2_000,
    )


def _within_social_chat_caps(
    rows: list, tickets: dict, members: dict[str, int], bad: list[BadRow]
) -> list:
    """SP-14 for an import: rows on social chat tickets count with what each member
    logged there before and with the file's earlier rows; a row over the cap is bad.
    Call inside the import's transaction."""
    chats = sprints_api.social_chat_tickets({row.ticket for row in rows})
    if not chats:
        return rows
    for chat in sorted(chats):
        sprints_api.lock_social_chat(chat)
    logged: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for ticket_id, member_id, hours in (
        models.Worklog.objects.filter(ticket_id__in=[tickets[key][0] for key in chats])
        .values_list("ticket_id", "member_id")
        .annotate(total=Sum("hours"))
    ):
        logged[(ticket_id, member_id)] = hours
    kept = []
    for row in rows:
        if row.ticket in chats:
            key = (tickets[row.ticket][0], members[row.member])
            try:
                sprints_api.check_social_chat_worklog(logged[key], row.hours)
            except RuleRefusal as refusal:
                violation = refusal.violations[0]
                bad.append(BadRow(row.line, "hours", f"{violation.rule}: {violation.message}"))
                continue
            logged[key] += row.hours
        kept.append(row)
    return kept


def import_worklogs(
    actor: str, lines: Iterable[Sequence[str]], skip_bad: bool = False, progress=None
) -> WorklogImport:
    """Import a Jira/Tempo worklog CSV (rows as lists of strings, header first).

    Every bad row is reported with its line number and column; nothing is
    imported when there is one, unless `skip_bad`. Tickets and members are
    looked up once for the whole file, and rows are written in batches.
    """
    rows = iter(lines)
    header = next(rows, None)
    if header is None:
        raise InvalidInput("file", "the file is empty; export worklogs as CSV with a header line")
    columns, problems = rules.map_columns(header)
    if problems:
        return WorklogImport(0, tuple(problems), skip_bad)
    parsed, bad = rules.parse_rows(rows, columns)
    tickets = sprints_api.ticket_refs({row.ticket for row in parsed})
    members = org_api.member_pks({row.member for row in parsed})
    usable = []
    for row in parsed:
        if row.ticket not in tickets:
            bad.append(BadRow(row.line, "ticket", f"no ticket has the key {row.ticket!r}"))
        elif row.member not in members:
            bad.append(BadRow(row.line, "member", f"no member has the username {row.member!r}"))
        else:
            usable.append(row)
    batch = 10_000
    totals: dict[TotalKey, Decimal] = defaultdict(Decimal)
    with transaction.atomic():
        # Social chats are locked before their caps are read (as log_work does).
        usable = _within_social_chat_caps(usable, tickets, members, bad)
        bad.sort(key=lambda b: b.line)
        if bad and not skip_bad:
            return WorklogImport(0, tuple(bad), skip_bad)
        for start in range(0, len(usable), batch):
            chunk = usable[start : start + batch]
            _insert(
                [(tickets[r.ticket][0], members[r.member], r.day, r.hours, r.note) for r in chunk]
            )
            for r in chunk:
                _, account_id, epic_id = tickets[r.ticket]
                totals[(account_id, epic_id, _month(r.day))] += r.hours
            if progress:
                progress(start + len(chunk), len(usable))
        _add_to_totals(totals)
        record_audit(
            actor, "worklog.import", "worklog", "csv", {"rows": len(usable), "bad": len(bad)}
        )
    return WorklogImport(len(usable), tuple(bad), skip_bad)


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
        first = date.fromisoformat(f"{month}-01")
    except ValueError as exc:
        raise InvalidInput("month", "give a month as YYYY-MM") from exc
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


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


def budget_days(month: str) -> dict[tuple[str, str], BudgetDays]:
    """SP-7 burn charts: per ``(kind, name)`` of `budgets`, the hours counted before the month
    and the hours logged on each day of it (days without time left out).

    An account's budget is monthly, so nothing before the month counts; an
    epic's is for its whole life, so its line starts at what was logged in
    the months before. Two queries, whatever the number of worklogs.
    """
    first, last = _month_bounds(month)
    daily = daily_logged(first, last)
    before = logged_by_epic(before=first)
    keys = daily.keys() | {("epic", key) for key in before}
    return {
        (kind, name): (
            before.get(name, Decimal(0)) if kind == "epic" else Decimal(0),
            tuple(daily.get((kind, name), ())),
        )
        for kind, name in keys
    }
