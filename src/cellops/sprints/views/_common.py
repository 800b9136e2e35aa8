"""What the pages of sprints share: the actor, the sprint, the viewer's zone, the base context."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api, extensions
from cellops.sprints.data import SprintRecord

BOARD = "sprints/board.html"
ESTIMATION = "sprints/estimation.html"
PLANNING = "sprints/planning.html"


def _worker(request: HttpRequest) -> Actor:
    """Who is asking, if they work on tickets: the use case decides (WORK_ON_TICKETS)."""
    return api.require_worker(org_api.actor_for(request.user))


def _actor(request: HttpRequest) -> Actor:
    """Who is asking; the use case decides what they may do (decision 0022)."""
    return org_api.actor_for(request.user)


def _record(cell: str, number: int) -> SprintRecord:
    """The sprint, or 404 when the cell or the sprint does not exist."""
    try:
        org_api.get_cell(cell)
        return api.sprint_record(cell, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _zone(request: HttpRequest) -> str:
    me = org_api.member_for(org_api.actor_for(request.user))
    return me.timezone if me and me.timezone else "UTC"


def _base(request: HttpRequest, record: SprintRecord, page: str, title: str) -> dict[str, Any]:
    return {
        "page_title": f"{title} · {record.cell} sprint {record.number}",
        "record": record,
        "cell": record.cell,
        "number": record.number,
        "current_page": page,
        "current_url": f"sprints:{page}",
        "previous_number": record.number - 1
        if record.number > org_api.sprint_calendar(record.cell).first_number
        else None,
        "next_number": record.number + 1
        if record.number < org_api.sprint_calendar(record.cell).last_number
        else None,
        "zone": _zone(request),
        "can_manage": api.may_manage(org_api.actor_for(request.user), record.cell),
        "sprint_pages": extensions.sprint_pages(),
    }


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalnum()]
    return "".join(p[0] for p in parts[:2]).upper() or name[:2].upper()


def _person(username: str | None, names: dict[str, str]) -> dict[str, str] | None:
    if not username:
        return None
    name = names.get(username, username)
    return {"username": username, "name": name, "initials": _initials(name)}


def _people(cell: str):
    try:
        return org_api.list_members(cell=cell, active_only=True)[0]
    except NotFound as exc:
        raise Http404(exc.message) from exc
