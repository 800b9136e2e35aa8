"""Background work of billing, with Django's `django.tasks` (worker: `cellops db_worker`).

`draft_invoices_monthly` drafts the previous month's invoices on the first of
each month and e-mails the admin specialists (SL-6, decision 0033); it only
calls an idempotent use case, so a retried or doubled run changes nothing
twice. It registers itself in `billing.queue` (as sprints' tasks do), so
`api.schedule_monthly_drafts` queues it by name: after `cellops migrate`, on
every drafting, and from each run for the next first of the month (decision 0056).
"""

from __future__ import annotations

from datetime import date

from django.tasks import task

from cellops.billing import api, queue
from cellops.billing.api.schedule import MONTHLY_TASK, next_first
from cellops.org.data import Actor

__all__ = ["MONTHLY_TASK", "draft_invoices_monthly", "next_first"]


@queue.registered
@task()
def draft_invoices_monthly() -> int:
    """SL-6: draft last month's invoices today and queue the next month's run."""
    today = date.today()
    drafted = api.draft_previous_month(Actor.system("scheduler"), today)
    api.schedule_monthly_drafts(today)
    return len(drafted)
