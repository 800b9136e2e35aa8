"""The agency overview of the home page (issue #14 item 13): each cell's capacity (SP-6)
in its current sprint, for the CEO and the managers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import sees_agency_overview
from cellops.sprints import models
from cellops.sprints.api._common import current_sprint
from cellops.sprints.api.pages import member_names
from cellops.sprints.api.planning import capacity
from cellops.sprints.data import UNDER_REVIEW, CapacityStatus, CellLoad


def cell_loads(actor: Actor, today: date) -> list[CellLoad] | None:
    """Each cell's SP-6 totals in its current sprint (decision 0047), cells by name; None
    for who does not see the agency overview (`org.policy.sees_agency_overview`)."""
    if not sees_agency_overview(actor):
        return None
    cells = sorted(org_api.list_cells(), key=lambda c: c.name)
    numbers = {cell.name: current_sprint(cell.name, today) for cell in cells}
    under_review: dict[tuple[str, int], int] = {}
    for cell, number, n in (
        models.Ticket.objects.filter(status=UNDER_REVIEW, sprint__number__in=set(numbers.values()))
        .values("cell__name", "sprint__number")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("cell__name", "sprint__number", "n")
    ):
        under_review[(cell, number)] = n
    loads = []
    for cell in cells:
        number = numbers[cell.name]
        rows = capacity(cell.name, number)
        names = member_names(cell.name) if rows else {}
        over = tuple(
            names.get(r.member, r.member) for r in rows if r.status == CapacityStatus.OVERCOMMITTED
        )
        loads.append(
            CellLoad(
                cell=cell.name,
                sprint=number,
                members=len(rows),
                available_hours=sum((r.available_hours for r in rows), Decimal(0)),
                committed_hours=sum((r.committed_hours for r in rows), Decimal(0)),
                overcommitted=over,
                under_committed=sum(r.status == CapacityStatus.UNDER_COMMITTED for r in rows),
                under_review=under_review.get((cell.name, number), 0),
            )
        )
    return loads
