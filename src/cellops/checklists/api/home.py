"""The home page's "what needs me now": my checklist items coming due."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from cellops.checklists import models
from cellops.kernel.calendar import format_day
from cellops.org.data import Actor
from cellops.platform.data import Need

NEEDS_HORIZON_DAYS = 7


def needs_of(actor: Actor, today: date) -> list[Need]:
    """My checklist items not done and due by a week from today (overdue ones too), one
    entry per checklist with each item's day (SP-12, TO-8). One query."""
    items = (
        models.RunItem.objects.filter(
            run__member__user__username=actor.username,
            done_at__isnull=True,
            due_date__isnull=False,
            due_date__lte=today + timedelta(days=NEEDS_HORIZON_DAYS),
        )
        .select_related("run__template")
        .order_by("due_date", "run_id", "position")
    )
    by_run: dict[int, list[models.RunItem]] = {}
    for item in items:
        by_run.setdefault(item.run_id, []).append(item)
    needs = []
    for run_items in by_run.values():
        run = run_items[0].run
        first = run_items[0].due_date
        lines = "; ".join(
            f"{'day ' + str(i.due_day) + ', ' if i.due_day is not None else ''}"
            f"{format_day(i.due_date)}: {i.text.rstrip('.')}"
            for i in run_items[:5]
        ) + (f"; and {len(run_items) - 5} more" if len(run_items) > 5 else "")
        overdue = sum(i.due_date < today for i in run_items)
        count = len(run_items)
        needs.append(
            Need(
                area="Checklists",
                title=f"{count} item{'s' if count != 1 else ''} due in {run.template.title}"
                + (f" ({run.subject})" if run.subject else "")
                + (f", {overdue} overdue" if overdue else ""),
                detail=lines,
                url=reverse("checklists:detail", args=[run.pk]),
                when=first,
            )
        )
    return needs
