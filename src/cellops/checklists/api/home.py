"""The home page's "what needs me now": my checklist items coming due."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from django.urls import reverse

from cellops.checklists import models
from cellops.kernel.calendar import BeforeFirstSprint, format_day
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform.data import Need, NeedLine

NEEDS_HORIZON_DAYS = 7

#: `rules.sprint_subject`'s shape: ``sprint Falcon/24``.
_SPRINT_SUBJECT = re.compile(r"^sprint (?P<cell>.+)/(?P<number>\d+)$")


def _calendar_sprint(today: date) -> Callable[[str], int]:
    """The calendar's sprint of `today` for every cell (when nothing better is given)."""
    try:
        number = org_api.sprint_calendar().for_date(today).number
    except BeforeFirstSprint:
        number = 0
    return lambda cell: number


def needs_of(
    actor: Actor, today: date, *, current_sprint: Callable[[str], int] | None = None
) -> list[Need]:
    """My checklist items not done and due by a week from today (overdue ones too), one
    entry per checklist with each item's day as a list (SP-12, TO-8). One query.

    A sprint checklist of a sprint before its cell's current one is left out: that
    sprint is over, its items are no longer anything to do (issue #14 item 13).
    `current_sprint(cell)` is the cell's current sprint (sprints' decision 0047, which
    the home page hands in); without it, the calendar's sprint of `today`."""
    current = current_sprint or _calendar_sprint(today)
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
    currents: dict[str, int] = {}
    for run_items in by_run.values():
        run = run_items[0].run
        sprint = _SPRINT_SUBJECT.match(run.subject)
        if sprint:
            cell = sprint["cell"]
            if cell not in currents:
                currents[cell] = current(cell)
            if int(sprint["number"]) < currents[cell]:
                continue
        url = reverse("checklists:detail", args=[run.pk])
        lines = tuple(
            NeedLine(
                text=f"{'Day ' + str(i.due_day) + ', ' if i.due_day is not None else ''}"
                f"{format_day(i.due_date)}"
                f"{' (overdue)' if i.due_date < today else ''}: {i.text.rstrip('.')}",
                url=f"{url}#item-{i.pk}",
                when=i.due_date,
            )
            for i in run_items
        )
        overdue = sum(i.due_date < today for i in run_items)
        count = len(run_items)
        needs.append(
            Need(
                area="Checklists",
                title=f"{count} item{'s' if count != 1 else ''} due in {run.template.title}"
                + (f" ({run.subject})" if run.subject else "")
                + (f", {overdue} overdue" if overdue else ""),
                detail="Tick each item on the checklist once it is done.",
                url=url,
                when=run_items[0].due_date,
                lines=lines,
            )
        )
    return needs
