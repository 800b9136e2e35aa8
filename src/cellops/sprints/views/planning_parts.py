"""The parts of the planning dashboard that load when opened (decision 0036): one member's
"how it is computed" and one budget's burn figures.

Each is a page of its own (the link inside the closed `<details>` works without
JavaScript) and, asked by htmx when the `<details>` opens, only the part itself.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cellops.org import api as org_api
from cellops.sprints import api, extensions
from cellops.sprints.views._common import _base, _record, _worker

HOW = "sprints/planning_how.html"
BURN = "sprints/planning_burn.html"


def _template(request: HttpRequest, template: str, part: str) -> str:
    return f"{template}#{part}" if getattr(request, "htmx", False) else template


@login_required
def planning_how(request: HttpRequest, cell: str, number: int, member: str) -> HttpResponse:
    """SP-6: how one member's available and committed hours are computed."""
    _worker(request)
    record = _record(cell, number)
    detail = next(
        (d for d in api.capacity_details(cell, number) if d.capacity.member == member), None
    )
    if detail is None:
        raise Http404(f"{member} is not an active member of {cell} in sprint {number}")
    context = {
        **_base(request, record, "planning", f"How {detail.name}'s hours are computed"),
        "m": {"detail": detail, "working_total": sum((h for _, h in detail.days), Decimal(0))},
    }
    return render(request, _template(request, HOW, "how"), context)


@login_required
def planning_burn(
    request: HttpRequest, cell: str, number: int, kind: str, name: str
) -> HttpResponse:
    """SP-7: one budget's burn figures (hours logged per day) in the sprint's month."""
    _worker(request)
    record = _record(cell, number)
    chart = None
    if kind in ("account", "epic") and extensions.billing().burn is not None:
        chart = extensions.billing().burn(org_api.actor_for(request.user), record.start, kind, name)
    if chart is None:
        raise Http404(f"no {kind} budget called {name} that you may see")
    title = f"Burn figures of {kind} {name}"
    context = {**_base(request, record, "planning", title), "b": chart}
    return render(request, _template(request, BURN, "figures"), context)
