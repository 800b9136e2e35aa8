"""The sums of logged hours that budgets (SP-7) and burn charts read.

Every write of worklogs also adds its hours to `MonthlyTotal` (per account,
epic and month) and `DailyTotal` (per account, epic and day) in the same
transaction, so budgets and burn charts read a few hundred rows instead of
summing millions of worklogs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Min, Q, Sum
from django.db.models.functions import TruncMonth

from cellops.billing import models
from cellops.billing.api._common import TotalKey, add_to_totals, month_of

DailyKey = tuple[str, str]


def logged_by_account(first: date, last: date) -> dict[str, Decimal]:
    """SP-7: hours logged per account in the months from `first` to `last`."""
    rows = (
        models.MonthlyTotal.objects.filter(month__gte=month_of(first), month__lte=month_of(last))
        .values("account__name")
        .annotate(h=Sum("hours"))
        .values_list("account__name", "h")
    )
    return dict(rows)


def logged_by_epic(before: date | None = None) -> dict[str, Decimal]:
    """SP-7: hours ever logged per epic; with `before`, only in the months before its month."""
    totals = models.MonthlyTotal.objects.filter(epic__isnull=False)
    if before is not None:
        totals = totals.filter(month__lt=month_of(before))
    rows = totals.values("epic__key").annotate(h=Sum("hours")).values_list("epic__key", "h")
    return dict(rows)


def daily_logged(
    first: date,
    last: date,
    accounts: Iterable[str] | None = None,
    epics: Iterable[str] | None = None,
) -> dict[DailyKey, list[tuple[date, Decimal]]]:
    """SP-7 burn charts: hours logged per day from `first` to `last`, per account and per epic.

    Keys are ``("account", account name)`` and ``("epic", epic key)``; each list is
    sorted by day and holds only days with time logged. One index read of the daily
    totals every worklog write keeps (decision 0067): at most days × (account, epic)
    rows whatever the number of worklogs. Both views are summed from those rows here.
    """
    totals = models.DailyTotal.objects.filter(day__gte=first, day__lte=last, hours__gt=0)
    if accounts is not None or epics is not None:  # only these budgets' (decision 0036)
        totals = totals.filter(
            Q(account__name__in=list(accounts or ())) | Q(epic__key__in=list(epics or ()))
        )
    rows = totals.order_by().values_list("day", "account__name", "epic__key", "hours")
    sums: dict[DailyKey, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for day, account, epic, hours in rows:
        sums[("account", account)][day] += hours
        if epic is not None:
            sums[("epic", epic)][day] += hours
    return {key: sorted(days.items()) for key, days in sums.items()}


def rebuild_totals() -> int:
    """Recompute the monthly and daily totals from the worklogs (after a raw load, or to
    repair); the number of monthly rows."""
    with transaction.atomic():
        models.MonthlyTotal.objects.all().delete()
        models.DailyTotal.objects.all().delete()
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
        days = (
            models.Worklog.objects.values("ticket__account_id", "ticket__epic_id", "date")
            .annotate(h=Sum("hours"))
            .order_by()
        )
        models.DailyTotal.objects.bulk_create(
            (
                models.DailyTotal(
                    account_id=g["ticket__account_id"],
                    epic_id=g["ticket__epic_id"],
                    day=g["date"],
                    hours=g["h"],
                )
                for g in days.iterator(chunk_size=5_000)
            ),
            batch_size=2_000,
        )
    return len(rows)


def worklog_span() -> tuple[date | None, date | None]:
    """The first and last days any time was logged on."""
    span = models.Worklog.objects.aggregate(first=Min("date"), last=Max("date"))
    return span["first"], span["last"]


def move_ticket_time(ticket_id: int, epic_before: int | None, epic_after: int | None) -> None:
    """SP-7: a ticket moved to another epic takes the time already logged on it along: its
    hours, day by day, leave the old epic's daily and monthly totals and join the new one's
    (sprints calls this inside the ticket's change, `extensions.Billing.epic_changed`)."""
    if epic_before == epic_after:
        return
    groups: dict[TotalKey, Decimal] = {}
    days = (
        models.Worklog.objects.filter(ticket_id=ticket_id)
        .values_list("ticket__account_id", "date")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    for account_id, day, hours in days:
        groups[(account_id, epic_before, day)] = -hours
        groups[(account_id, epic_after, day)] = hours
    if groups:
        add_to_totals(groups)
