"""The index and the board (SP-9, SP-11): its cards move by drag and drop or from the
keyboard (sprints/board.js), or without JavaScript through each card's "Move…" form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel import clock
from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api, extensions
from cellops.sprints.data import STATUSES, SprintRecord
from cellops.sprints.forms import BoardFilterForm, CellForm, MoveForm, refusal_text
from cellops.sprints.views._common import BOARD, _base, _people, _person, _record, _worker

# --- index -------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Choose a cell: links to its current sprint's board, the next estimation, planning."""
    actor = _worker(request)
    cells = org_api.list_cells()
    default = actor.cell or (cells[0].name if cells else "")
    form = CellForm(request.GET if "cell" in request.GET else {"cell": default}, cells=cells)
    cell = form.cleaned_data["cell"] if form.is_valid() else None
    today = clock.today()
    context: dict[str, Any] = {
        "page_title": "Sprints",
        "form": form,
        "cell": cell,
        "today": today,
    }
    if cell:
        number = api.current_sprint(cell, today)  # decision 0047: the one "current"
        context["current"] = _index_box(cell, number, today)
        if number < org_api.sprint_calendar(cell).last_number:
            context["following"] = _index_box(cell, number + 1, today)
    panels = extensions.index_panels()  # what apps above add (the rituals' tech talks)
    for panel in panels:
        context.update(panel.context(actor, today))
    context["index_panels"] = [panel.template for panel in panels]
    return render(request, "sprints/index.html", context)


def _index_box(cell: str, number: int, today: date) -> dict[str, Any]:
    """One sprint's box on the index: its dates, SP-1 landmarks and what happened to it."""
    record = api.sprint_record(cell, number)
    dates = org_api.sprint_calendar(cell).sprint(number)  # the cell's own calendar (SP-1)
    mid_day = dates.on_day(org_api.calendar_policy(cell).mid_sprint_day)
    return {
        "sprint": dates,  # what the rituals' panel reads
        "record": record,
        "name": f"Sprint {number}",
        "mid_sprint": mid_day,
        "insertion_cutoff": api.insertion_cutoff(cell, number),
        "day": (today - record.start).days if record.start <= today <= record.end else None,
    }


# --- board -------------------------------------------------------------------


def _href(name: str, *args: object) -> Callable[[str], str]:
    """The URL `name` takes with `args` and a ticket's key, for any key: reversed once."""
    sample = "A-1"
    url = reverse(name, args=(*args, sample))
    at = url.rindex(sample)
    start, end = url[:at], url[at + len(sample) :]
    return lambda key: f"{start}{key}{end}"


def _board_context(
    request: HttpRequest, actor: Actor, record: SprintRecord, filters: BoardFilterForm
) -> dict[str, Any]:
    query = filters.query()
    show = query.get("show")
    board = api.board(
        record.cell,
        record.number,
        assignee=actor.username if show == "mine" else None,
        reviewer=actor.username if show == "reviews" else None,
        involving=query.get("person"),
    )

    # Each card's two links, made from one reversed URL each rather than a `{% url %}` per
    # card (hundreds on a board, decision 0067); keys are letters, digits and a hyphen.
    ticket_href = _href("sprints:ticket")
    move_href = _href("sprints:move_form", record.cell, record.number)
    after = f"?{urlencode(query)}" if query else ""

    def card(c: api.Card) -> dict[str, Any]:
        t = c.ticket
        return {
            "ticket": t,
            "href": ticket_href(t.key),
            "move_href": move_href(t.key) + after,
            "at_risk": c.at_risk,
            "risk": c.risk,
            "reassign": c.reassign,
            "assignee": _person(t.assignee, board.names),
            "tentative": None if t.assignee else _person(t.tentative_assignee, board.names),
            "reviewer": _person(t.reviewer, board.names),
        }

    return {
        **_base(request, record, "board", "Board"),
        "board": board,
        "columns": [
            {"status": status, "slug": f"col-{i}", "cards": [card(c) for c in cards]}
            for i, (status, cards) in enumerate(board.columns)
        ],
        "stretch": [card(c) for c in board.stretch],
        "filters": filters,
        "filter_query": query,
        "filter_qs": urlencode(query),
        "statuses": STATUSES,
    }


@login_required
def board(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-9 columns in one scrolling row, each card with its "Move…" link; one shared
    move menu for drag and drop and the keyboard; filters in the query string."""
    actor = _worker(request)
    record = _record(cell, number)
    filters = BoardFilterForm(request.GET, people=_people(cell))
    context = _board_context(request, actor, record, filters)
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, f"{BOARD}#board" if partial else BOARD, context)


def _move_fields(posted: QueryDict) -> dict[str, str]:
    """The board's one move form sends the pressed button (`move`: "KEY:VERSION") and
    every card's menu (`status-KEY`); a form of its own (a script) sends key, status and
    version. Either way: the one card's three fields."""
    if "move" not in posted:
        return {name: posted.get(name, "") for name in ("key", "status", "version")}
    key, _, version = posted["move"].rpartition(":")
    return {"key": key, "status": posted.get(f"status-{key}", ""), "version": version}


@login_required
def move_form(request: HttpRequest, cell: str, number: int, key: str) -> HttpResponse:
    """SP-9 without JavaScript: one card's "Move to…" form (a radio per column), which
    posts to `move` and comes back to the board at the card."""
    _worker(request)  # WORK_ON_TICKETS; who may move this one is decided when it is sent
    record = _record(cell, number)
    filters = BoardFilterForm(request.GET, people=_people(cell))
    try:
        ticket = api.get_ticket(key)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if ticket.cell != cell or ticket.sprint != number:
        raise Http404(f"{key} is not on the board of {cell} sprint {number}")
    query = filters.query()
    return render(
        request,
        "sprints/move.html",
        {
            **_base(request, record, "board", f"Move {key}"),
            "ticket": ticket,
            "statuses": STATUSES,
            "filter_query": query,
            "filter_qs": urlencode(query),
        },
    )


@login_required
@require_POST
def move(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-9: move a card; a stale version (409) changes nothing and shows the current board."""
    actor = _worker(request)
    record = _record(cell, number)
    filters = BoardFilterForm(request.POST, people=_people(cell))
    form = MoveForm(_move_fields(request.POST))
    key = form.data.get("key", "")[:30]
    moved, problem = "", ""
    if not form.is_valid():
        problem = "Choose one of the board's columns to move the ticket to."
    else:
        key, status = form.cleaned_data["key"], form.cleaned_data["status"]
        try:
            ticket = api.get_ticket(key)
            if ticket.cell != cell or ticket.sprint != number:
                problem = f"{key} is not on this board any more; here is the current board."
            elif ticket.status == status and ticket.version == form.cleaned_data["version"]:
                moved = f"{key} is already in {status}."
            else:
                api.update_ticket(
                    actor, key, {"status": status}, version=form.cleaned_data["version"]
                )
                moved = f"{key} moved to {status}."
        except Conflict:
            problem = (
                f"Someone else changed {key} since you opened the board, so it was not moved. "
                "Here is the current board: check the card and move it again if it still needs it."
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            problem = " ".join(refusal_text(error))
        except PermissionDenied as error:
            problem = f"{key} was not moved: {error}"
    if request.htmx:
        context = _board_context(request, actor, record, filters)
        context.update(moved=moved, problem=problem, focus_key=key)
        return render(request, f"{BOARD}#board", context)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, moved)
    url = reverse("sprints:board", args=[cell, number])
    query = filters.query()
    return redirect(f"{url}{'?' + urlencode(query) if query else ''}#card-{key}")
