"""Background work of billing, with Django's `django.tasks` (worker: `cellops db_worker`).

`draft_invoices_monthly` drafts the previous month's invoices on the first of
each month and e-mails the admin specialists (SL-6, decision 0033); it only
calls an idempotent use case, so a retried or doubled run changes nothing
twice. Each run queues the next one for the first of the next month.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.tasks import task

from cellops.billing import api
from cellops.org.data import Actor


def next_first(today: date) -> datetime:
    """06:00 UTC on the first day of the month after `today`."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return datetime.combine(date(year, month, 1), time(6), UTC)


@task()
def draft_invoices_monthly() -> int:
    """SL-6: draft last month's invoices today and queue the next month's run."""
    today = date.today()
    drafted = api.draft_previous_month(Actor.system("scheduler"), today)
    draft_invoices_monthly.using(run_after=next_first(today)).enqueue()
    return len(drafted)
