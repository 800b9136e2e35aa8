"""SL-6 on schedule: the monthly drafting run is queued, once per first of the month.

`schedule_monthly_drafts` queues `tasks.draft_invoices_monthly` for 06:00 UTC on the
first of the month after `today`, unless that run is queued already (a row per run
date, unique). It is called after `cellops migrate` (`BillingConfig.ready`), by every
drafting of invoices, and by the run itself for the next month, so the chain never
breaks and never doubles (decision 0056).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.db import IntegrityError, transaction

from cellops.billing import models, queue

MONTHLY_TASK = "draft_invoices_monthly"


def next_first(today: date) -> datetime:
    """06:00 UTC on the first day of the month after `today`."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return datetime.combine(date(year, month, 1), time(6), UTC)


def schedule_monthly_drafts(today: date | None = None) -> datetime | None:
    """Queue the monthly drafting for the next first of the month; its time, or None when
    it was queued already (or the task backend cannot run work later)."""
    run_after = next_first(today or date.today())
    task = queue.task(MONTHLY_TASK)
    if not task.get_backend().supports_defer:
        return None
    try:
        with transaction.atomic():
            models.ScheduledDraft.objects.create(run_on=run_after.date())
    except IntegrityError:
        return None
    transaction.on_commit(lambda: task.using(run_after=run_after).enqueue())
    return run_after
