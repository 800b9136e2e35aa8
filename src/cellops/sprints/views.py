"""Pages of sprints: the index, the board (SP-9, SP-11), estimation (SP-3) and the
planning dashboard (SP-5, SP-6, SP-7, SP-10).

Each view parses a form, calls `sprints.api`, renders. Every page works
without JavaScript: buttons are forms that post and come back to the page.
With htmx, a "Move to…" form on the board swaps the board region only, and a
polite live region says what happened ("FALC-3 moved to Under review").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import Permission
from cellops.sprints import api, charts
from cellops.sprints.data import STATUSES, SprintRecord
from cellops.sprints.forms import (
    BACK_PAGES,
    BoardFilterForm,
    CellForm,
    MoveForm,
    StartForm,
    VotesForm,
    refusal_text,
)

BOARD = "sprints/board.html"
ESTIMATION = "sprints/estimation.html"
PLANNING = "sprints/planning.html"


def _worker(request: HttpRequest) -> Actor:
    return org_api.require(request.user, Permission.WORK_ON_TICKETS)


def _manager(request: HttpRequest) -> Actor:
    return org_api.require(request.user, Permission.MANAGE_SPRINTS)


def _record(cell: str, number: int) -> SprintRecord:
    """The sprint, or 404 when the cell or the sprint does not exist."""
    try:
        org_api.get_cell(cell)
        return api.sprint_record(cell, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _zone(request: HttpRequest) -> str:
    me = org_api.member_of_user(request.user)
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
        if record.number > org_api.sprint_calendar().first_number
        else None,
        "next_number": record.number + 1,
        "zone": _zone(request),
        "can_manage": org_api.can(request.user, Permission.MANAGE_SPRINTS),
    }


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalnum()]
    return "".join(p[0] for p in parts[:2]).upper() or name[:2].upper()


def _person(username: str | None, names: dict[str, str]) -> dict[str, str] | None:
    if not username:
        return None
    name = names.get(username, username)
    return {"username": username, "name": name, "initials": _initials(name)}


# --- index -------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Choose a cell: links to its current sprint's board, the next estimation, planning."""
    actor = _worker(request)
    cells = org_api.list_cells()
    default = actor.cell or (cells[0].name if cells else "")
    form = CellForm(request.GET if "cell" in request.GET else {"cell": default}, cells=cells)
    cell = form.cleaned_data["cell"] if form.is_valid() else None
    current, following = org_api.sprint_overview(date.today(), count=2)
    return render(
        request,
        "sprints/index.html",
        {
            "page_title": "Sprints",
            "form": form,
            "cell": cell,
            "current": current,
            "following": following,
        },
    )


# --- board -------------------------------------------------------------------


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

    def card(c: api.Card) -> dict[str, Any]:
        t = c.ticket
        return {
            "ticket": t,
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


def _people(cell: str):
    try:
        return org_api.list_members(cell=cell, active_only=True)[0]
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def board(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-9 columns with a "Move to…" form on every card; filters in the query string."""
    actor = _worker(request)
    record = _record(cell, number)
    filters = BoardFilterForm(request.GET, people=_people(cell))
    context = _board_context(request, actor, record, filters)
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, f"{BOARD}#board" if partial else BOARD, context)


@login_required
@require_POST
def move(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-9: move a card; a stale version (409) changes nothing and shows the current board."""
    actor = _worker(request)
    record = _record(cell, number)
    filters = BoardFilterForm(request.POST, people=_people(cell))
    form = MoveForm(request.POST)
    key = request.POST.get("key", "")[:30]
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
                    actor.username, key, {"status": status}, version=form.cleaned_data["version"]
                )
                moved = f"{key} moved to {status}."
        except Conflict:
            problem = (
                f"Someone else changed {key} since you opened the board, so it was not moved. "
                "Here is the current board: check the card and move it again if it still needs it."
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            problem = " ".join(refusal_text(error))
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


# --- estimation --------------------------------------------------------------


def _estimation_context(
    request: HttpRequest, actor: Actor, record: SprintRecord, form: VotesForm | None = None
) -> dict[str, Any]:
    context = _base(request, record, "estimation", "Estimation")
    try:
        estimation = api.estimation(record.cell, record.number)
    except NotFound:
        return {**context, "estimation": None}
    tickets = api.list_tickets(record.cell, record.number, stretch=False)
    estimates = {e.ticket: e for e in estimation.tickets}
    mine = {
        e.ticket: v for e in estimation.tickets for v in e.votes if v["member"] == actor.username
    }
    if form is None:
        initial = {}
        for key, vote in mine.items():
            initial[VotesForm.vote_name(key)] = vote["value"]
            initial[VotesForm.comment_name(key)] = vote["comment"]
        form = VotesForm(initial=initial, tickets=tickets)
    voters = {v["member"] for e in estimation.tickets for v in e.votes}
    names = api.member_names(record.cell, voters)
    closes_at = estimation.closes_at
    return {
        **context,
        "estimation": estimation,
        # EOD is 24:00 UTC (SP-1): the instant is 00:00 of the next day, written as its day.
        "closes_day": (closes_at.astimezone(UTC) - timedelta(microseconds=1)).date()
        if closes_at
        else None,
        "form": form,
        "rows": form.rows(),
        "ticket_count": len(tickets),
        "my_count": len(mine),
        "members": [
            {"name": names.get(m.member, m.member), "progress": m} for m in estimation.members
        ],
        "done_count": sum(1 for m in estimation.members if m.done),
        "results": [
            {
                "ticket": t,
                "estimate": estimates[t.key],
                "votes": [
                    {**v, "name": names.get(v["member"], v["member"])}
                    for v in estimates[t.key].votes
                ],
            }
            for t in tickets
            if t.key in estimates
        ],
    }


@login_required
def estimation(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-3: vote on every ticket at once; progress; results with "discuss" after close."""
    actor = _worker(request)
    record = _record(cell, number)
    if request.method != "POST":
        return render(request, ESTIMATION, _estimation_context(request, actor, record))
    tickets = api.list_tickets(cell, number, stretch=False)
    form = VotesForm(request.POST, tickets=tickets)
    recorded = 0
    if form.is_valid():
        for key, value, comment in form.votes():
            try:
                api.vote(actor.username, cell, number, key, value, comment)
                recorded += 1
            except (InvalidInput, NotFound, RuleRefusal) as error:
                form.refuse(key, error)
        if not form.votes():
            form.add_error(None, "Choose an estimate for at least one ticket, then send.")
    if form.errors:
        context = _estimation_context(request, actor, record, form)
        context["recorded"] = recorded
        return render(request, ESTIMATION, context, status=422)
    messages.success(
        request,
        f"Your vote{'s' if recorded != 1 else ''} on {recorded} ticket"
        f"{'s are' if recorded != 1 else ' is'} recorded. You can change them until estimation closes.",
    )
    return redirect("sprints:estimation", cell=cell, number=number)


def _back(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    page = request.POST.get("back")
    return redirect(f"sprints:{page if page in BACK_PAGES else 'estimation'}", cell, number)


@login_required
@require_POST
def estimation_open(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-3: the sprint planning manager opens estimation for a sprint not started."""
    actor = _manager(request)
    _record(cell, number)
    try:
        api.open_estimation(actor.username, cell, number)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        messages.error(request, " ".join(refusal_text(error)))
    else:
        messages.success(
            request, f"Estimation for {cell} sprint {number} is open: members can vote now."
        )
    return _back(request, cell, number)


@login_required
@require_POST
def estimation_close(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-3: close estimation; each ticket's result becomes its story points."""
    actor = _manager(request)
    _record(cell, number)
    try:
        api.close_estimation(actor.username, cell, number)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        messages.error(request, " ".join(refusal_text(error)))
    else:
        messages.success(
            request, "Estimation is closed: each result is now its ticket's story points."
        )
    return _back(request, cell, number)


# --- planning dashboard --------------------------------------------------------


def _labelled(items: Iterable[Any], labels: dict, chips: dict) -> list[dict[str, Any]]:
    return [{"item": i, "label": labels[i.status], "chip": chips[i.status]} for i in items]


def _planning_context(request: HttpRequest, record: SprintRecord, **extra: Any) -> dict[str, Any]:
    cell, number = record.cell, record.number
    details = api.capacity_details(cell, number)
    names = {d.capacity.member: d.name for d in details}
    chart = charts.capacity_chart([d.capacity for d in details], names, f"{cell} sprint {number}")
    try:
        estimation_state = api.estimation(cell, number).state
    except NotFound:
        estimation_state = None
    budgets = None
    if org_api.can(request.user, Permission.VIEW_CLIENT_BUDGETS):
        budgets = _labelled(
            api.budgets(f"{record.start:%Y-%m}"), charts.BUDGET_LABELS, charts.BUDGET_CHIPS
        )
    completion = api.completion(cell, number)
    return {
        **_base(request, record, "planning", "Planning"),
        "members": [
            {
                "detail": d,
                "row": row,
                "chip": charts.CAPACITY_CHIPS[d.capacity.status],
                "committed_total": d.capacity.committed_hours,
                "working_total": sum((h for _, h in d.days), Decimal(0)),
            }
            for d, row in zip(details, chart.rows, strict=True)
        ],
        "chart": chart,
        "gaps": api.readiness(cell, number),
        "estimation_state": estimation_state,
        "budgets": budgets,
        "month": record.start,
        "completion": completion,
        "completion_names": [
            {"name": names.get(m.member, m.member), "result": m}
            for m in (completion.members if completion else ())
        ],
        "start_form": StartForm(),
        **extra,
    }


@login_required
def planning(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """Capacity per member (SP-6), readiness gaps (SP-5), budgets (SP-7), the manager's buttons."""
    _worker(request)
    record = _record(cell, number)
    return render(request, PLANNING, _planning_context(request, record))


@login_required
@require_POST
def start(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-5: start, or show every gap and offer the override with its reason."""
    actor = _manager(request)
    record = _record(cell, number)
    override = request.POST.get("override") == "1"
    form = StartForm(request.POST if override else None)
    if override and not form.is_valid():
        context = _planning_context(
            request, record, start_refusal=api.readiness(cell, number), start_form=form
        )
        return render(request, PLANNING, context, status=422)
    try:
        gaps = api.start(
            actor.username,
            cell,
            number,
            override=override,
            reason=form.cleaned_data["reason"] if override else "",
        )
    except RuleRefusal as refusal:
        if all("gap" in v.extra for v in refusal.violations):
            context = _planning_context(
                request, record, start_refusal=refusal.violations, start_form=form
            )
            return render(request, PLANNING, context, status=422)
        messages.error(request, " ".join(refusal_text(refusal)))
        return redirect("sprints:planning", cell=cell, number=number)
    overridden = (
        f" with an override of {len(gaps)} gap{'s' if len(gaps) != 1 else ''}, recorded with your reason"
        if gaps
        else ""
    )
    messages.success(request, f"{cell} sprint {number} has started{overridden}.")
    return redirect("sprints:planning", cell=cell, number=number)


@login_required
@require_POST
def complete(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-10: complete; open tickets move to the next sprint as spillover."""
    actor = _manager(request)
    _record(cell, number)
    try:
        done = api.complete(actor.username, cell, number)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        messages.error(request, " ".join(refusal_text(error)))
        return redirect("sprints:planning", cell=cell, number=number)
    messages.success(
        request,
        f"{cell} sprint {number} is complete: its open tickets moved to sprint {done.moved_to}.",
    )
    return redirect(f"{reverse('sprints:planning', args=[cell, number])}#completion")
