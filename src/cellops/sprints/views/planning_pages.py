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

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import Permission
from cellops.sprints import api, charts, extensions
from cellops.sprints import forms as ritual_forms
from cellops.sprints.data import STATUSES, SprintRecord, Ticket
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
        "next_number": record.number + 1
        if record.number < org_api.sprint_calendar().last_number
        else None,
        "zone": _zone(request),
        "can_manage": org_api.can_in_cell(request.user, Permission.MANAGE_SPRINTS, record.cell),
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
            "tech_talks": api.tech_talks(date.today()),
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
                api.vote(actor, cell, number, key, value, comment)
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
    _record(cell, number)
    try:
        api.open_estimation(_actor(request), cell, number)
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
    _record(cell, number)
    try:
        api.close_estimation(_actor(request), cell, number)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        messages.error(request, " ".join(refusal_text(error)))
    else:
        messages.success(
            request, "Estimation is closed: each result is now its ticket's story points."
        )
    return _back(request, cell, number)


# --- planning dashboard --------------------------------------------------------


def _planning_context(request: HttpRequest, record: SprintRecord, **extra: Any) -> dict[str, Any]:
    cell, number = record.cell, record.number
    details = api.capacity_details(cell, number)
    names = {d.capacity.member: d.name for d in details}
    chart = charts.capacity_chart([d.capacity for d in details], names, f"{cell} sprint {number}")
    try:
        estimation_state = api.estimation(cell, number).state
    except NotFound:
        estimation_state = None
    budgets, burns = extensions.billing().planning_budgets(request.user, record.start)
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
        "burns": burns,
        "month": record.start,
        "completion": completion,
        "completion_names": _completion_rows(
            request, cell, completion, names, extra.pop("spillover_form", None)
        ),
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
    actor = _actor(request)
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
            actor,
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
    _record(cell, number)
    try:
        done = api.complete(_actor(request), cell, number)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        messages.error(request, " ".join(refusal_text(error)))
        return redirect("sprints:planning", cell=cell, number=number)
    messages.success(
        request,
        f"{cell} sprint {number} is complete: its open tickets moved to sprint {done.moved_to}.",
    )
    return redirect(f"{reverse('sprints:planning', args=[cell, number])}#completion")


# --- sprint rituals (SP-13 to SP-15) --------------------------------------------
#
# One page per sprint: the retrospective (private to the cell: items, publish,
# the poll), the video updates with their exact titles, the social chat and the
# firefighters of the coming weeks. Each form posts to its own URL and comes
# back to the page; a refusal is shown on the form it concerns, with its rule.

RETROSPECTIVE = "sprints/retrospective.html"
FIREFIGHTER_WEEKS = 6


def _ritual_context(request: HttpRequest, record: SprintRecord, **forms: Any) -> dict[str, Any]:
    cell, number = record.cell, record.number
    actor = _actor(request)
    username = actor.username
    zone = _zone(request)
    member = org_api.member_of_user(request.user)
    private = api.may_see_cell(actor, cell)
    retro = api.retrospective(cell, number, viewer=actor) if private else None
    manager = api.is_cell_manager(actor, cell)
    chat = api.social_chat(cell, number)
    updates = api.video_updates(cell, number)
    coming = api.firefighters(cell, date.today(), FIREFIGHTER_WEEKS)
    people = set(chat.organisers) | ({chat.organiser} if chat.organiser else set())
    if retro:
        people |= {i.author for i in retro.went_well + retro.to_improve}
        people |= {retro.published_by} - {""}
    names = api.member_names(cell, people)
    poll_form = forms.get("poll_form")
    if retro and retro.poll and poll_form is None:
        poll_form = ritual_forms.PollForm(
            initial={"items": [str(line.item) for line in retro.poll.results if line.approved]},
            choices=[(line.item, line.text) for line in retro.poll.results],
        )
    mine = next((line for line in updates.members if line.member == username), None)
    return {
        **_base(request, record, "retrospective", "Retrospective"),
        "private": private,
        "retro": retro,
        "published_by": names.get(retro.published_by, retro.published_by) if retro else "",
        "went_well": [{"item": i, "name": names.get(i.author, i.author)} for i in retro.went_well]
        if retro
        else [],
        "to_improve": [{"item": i, "name": names.get(i.author, i.author)} for i in retro.to_improve]
        if retro
        else [],
        "can_publish": manager and retro is not None and retro.state == "closed",
        "can_vote": bool(member and member.cell == cell),
        "item_form": forms.get("item_form") or ritual_forms.RetroItemForm(),
        "poll_form": poll_form,
        "updates": updates,
        "my_update": mine,
        "video_form": forms.get("video_form")
        or ritual_forms.VideoUpdateForm(initial={"url": mine.url} if mine and mine.url else None),
        "chat": chat,
        "chat_last_day": (chat.window_end - timedelta(days=1)).date(),
        "chat_organisers": [names.get(u, u) for u in chat.organisers],
        "can_organise": api.may_organise_social_chat(actor, cell, number),
        "chat_form": forms.get("chat_form")
        or ritual_forms.SocialChatForm(
            initial={"topic": chat.topic, "at": chat.at.astimezone(_tz(zone)).replace(tzinfo=None)}
            if chat.organised and chat.at
            else None,
            zone=zone,
        ),
        "firefighters": coming,
        "problem": forms.get("problem", ""),
    }


def _tz(zone: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(zone)


def _ritual_page(request: HttpRequest, cell: str, number: int, status: int = 200, **forms: Any):
    record = _record(cell, number)
    return render(request, RETROSPECTIVE, _ritual_context(request, record, **forms), status=status)


def _refusal_on(form, field: str | None, error: InvalidInput | NotFound | RuleRefusal) -> None:
    """Put a refusal on the field it names (or the form), each sentence with its rule ID."""
    named = getattr(error, "field", None)
    if isinstance(error, RuleRefusal):
        named = next((v.extra.get("field") for v in error.violations if v.extra.get("field")), None)
    target = named if named in form.fields else field
    for message in ritual_forms.refusal_text(error):
        form.add_error(target, message)


def _back_to(cell: str, number: int, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('sprints:retrospective', args=[cell, number])}#{anchor}")


@login_required
def retrospective(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13 to SP-15: the retrospective, its poll, video updates, the social chat."""
    _worker(request)
    return _ritual_page(request, cell, number)


@login_required
@require_POST
def retrospective_item(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13: add an item before the sprint ends."""
    _record(cell, number)
    author = _actor(request)
    form = ritual_forms.RetroItemForm(request.POST)
    if form.is_valid():
        try:
            api.add_retro_item(
                author, cell, number, form.cleaned_data["kind"], form.cleaned_data["text"]
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, None, error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, item_form=form)
    messages.success(request, "Your item is in the retrospective.")
    return _back_to(cell, number, "retrospective-heading")


@login_required
@require_POST
def retrospective_publish(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13: the manager publishes the retrospective to the running thread, once."""
    _record(cell, number)
    try:
        retro = api.publish_retrospective(_actor(request), cell, number)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        messages.error(request, " ".join(ritual_forms.refusal_text(error)))
    else:
        poll = " A poll is open on the items to improve." if retro.poll else ""
        messages.success(request, f"The retrospective is published to “{retro.thread}”.{poll}")
    return _back_to(cell, number, "retrospective-heading")


@login_required
@require_POST
def retrospective_poll(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-13: the member's approvals become the items checked."""
    _record(cell, number)
    member = _actor(request)
    retro = api.retrospective(cell, number, viewer=member)
    choices = [(line.item, line.text) for line in retro.poll.results] if retro.poll else []
    form = ritual_forms.PollForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            api.set_approvals(member, cell, number, form.chosen())
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, "items", error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, poll_form=form)
    messages.success(request, f"Your approvals are recorded: {len(form.chosen())} item(s).")
    return _back_to(cell, number, "poll-heading")


@login_required
@require_POST
def video_update(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-15: record the link of my video update; its title is generated."""
    _record(cell, number)
    actor = _actor(request)
    form = ritual_forms.VideoUpdateForm(request.POST)
    if form.is_valid():
        try:
            line = api.post_video_update(
                actor, cell, number, actor.username, form.cleaned_data["url"]
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, "url", error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, video_form=form)
    messages.success(request, f"Your video update “{line.title}” is recorded.")
    return _back_to(cell, number, "updates-heading")


@login_required
@require_POST
def social_chat(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-14: the first week's firefighter sets the social chat's topic and time."""
    _record(cell, number)
    actor = _actor(request)
    api.require_social_chat_organiser(actor, cell, number)  # SP-14's refusal before the form
    form = ritual_forms.SocialChatForm(request.POST, zone=_zone(request))
    if form.is_valid():
        try:
            chat = api.organise_social_chat(
                actor, cell, number, form.cleaned_data["topic"], form.cleaned_data["at"]
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            _refusal_on(form, None, error)
    if form.errors:
        return _ritual_page(request, cell, number, status=422, chat_form=form)
    messages.success(
        request,
        f"The social chat is set: {chat.topic}. Participants log their time on {chat.ticket}.",
    )
    return _back_to(cell, number, "chat-heading")


# --- spillover reasons (SP-10) ------------------------------------------------------


class SpilloverReasonForm(django_forms.Form):
    """SP-10: why a member's tickets spilled over (one small form per member on the page)."""

    reason = django_forms.CharField(
        label="Reason",
        max_length=api.SPILLOVER_REASON_LIMIT,
        widget=django_forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the tickets spilled over before saving."},
    )


def _spillover_form(member: str, data=None) -> SpilloverReasonForm:
    return SpilloverReasonForm(data, prefix=f"spill-{member}")


def _completion_rows(
    request: HttpRequest,
    cell: str,
    completion,
    names: dict[str, str],
    bound: SpilloverReasonForm | None,
) -> list[dict[str, Any]]:
    """Each member's result; a member with spillover shows their reason, and the member
    themself or the manager gets a form to give (or change) it."""
    actor = _actor(request)
    rows = []
    for m in completion.members if completion else ():
        row: dict[str, Any] = {"name": names.get(m.member, m.member), "result": m, "form": None}
        if m.spillover and api.may_give_spillover_reason(actor, cell, m.member):
            form = bound if bound is not None and bound.prefix == f"spill-{m.member}" else None
            row["form"] = form or _spillover_form(m.member)
            if form is None and m.reason:
                row["form"].initial["reason"] = m.reason
        rows.append(row)
    return rows


@login_required
@require_POST
def spillover_reason(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-10: the member (or the manager) says why their tickets spilled over."""
    actor = _actor(request)
    record = _record(cell, number)
    member = request.POST.get("member", "")[:150]
    form = _spillover_form(member, request.POST)
    if form.is_valid():
        try:
            api.give_spillover_reason(actor, cell, number, member, form.cleaned_data["reason"])
        except NotFound as error:
            raise Http404(error.message) from error
        except (InvalidInput, RuleRefusal) as error:
            for message in refusal_text(error):
                form.add_error("reason", message)
    if form.errors:
        if not api.may_give_spillover_reason(actor, cell, member):
            raise PermissionDenied("SP-10: only the member or the sprint planning manager may.")
        context = _planning_context(request, record, spillover_form=form)
        return render(request, PLANNING, context, status=422)
    messages.success(request, "The reason of the spillover is saved.")
    return redirect(f"{reverse('sprints:planning', args=[cell, number])}#completion")


# --- the ticket page and the new-ticket page (issue #3 items 1 and 5) ------------------
#
# `/sprints/tickets/<key>/` shows everything about one ticket: its facts, its
# description (plain text), comments (SP-3 vote comments among them), history
# and worklogs, with forms to edit it (version sent: a stale edit is a 409
# that keeps what was typed), comment on it and log time on it. Each form
# posts to its own URL and comes back to the page; a refusal is shown on the
# form it concerns, every violation with its rule ID. Budgets and rates are
# never shown here.

TICKET = "sprints/ticket.html"
NEW_TICKET = "sprints/ticket_new.html"
HISTORY_LABELS = {
    "created": "Created",
    "title": "Title",
    "description": "Description",
    "status": "Status",
    "story_points": "Story points",
    "assignee": "Assignee",
    "reviewer": "Reviewer",
    "tentative_assignee": "Tentative assignee",
    "remaining_hours": "Remaining hours",
    "review_hours": "Review hours",
    "due_date": "Due date",
    "epic": "Epic",
    "stretch": "Stretch goal",
    "sprint": "Sprint",
    "awaiting_confirmation": "Awaiting confirmation",
}
PEOPLE_FIELDS = ("assignee", "reviewer", "tentative_assignee")


def _ticket_or_404(key: str) -> Ticket:
    try:
        return api.get_ticket(key)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _shown(value: Any, field: str, names: dict[str, str]) -> str:
    if value is None or value == "":
        return "none"
    if field in PEOPLE_FIELDS and isinstance(value, str):
        return names.get(value, value)
    if field == "description":
        return "changed"
    return str(value)


def _history_lines(history: list[dict], names: dict[str, str]) -> list[dict[str, Any]]:
    """Each recorded change as who, when and a sentence per field ("Status: Backlog → Merged")."""
    lines = []
    for entry in reversed(history):
        what = []
        for field, change in entry["changes"].items():
            label = HISTORY_LABELS.get(field, field.replace("_", " ").capitalize())
            if field == "created":
                what.append("Created the ticket")
            elif field == "description":
                what.append("Changed the description")
            elif isinstance(change, list) and len(change) == 2:
                before, after = (_shown(v, field, names) for v in change)
                what.append(f"{label}: {before} → {after}")
            else:
                what.append(f"{label}: {_shown(change, field, names)}")
        lines.append(
            {"at": entry["at"], "actor": names.get(entry["actor"], entry["actor"]), "what": what}
        )
    return lines


def _people_choices(cell: str, also: Iterable[str | None] = ()) -> list[tuple[str, str]]:
    """The cell's active members, and anyone else already on the ticket, as (username, name)."""
    people = {m.username: m.full_name or m.username for m in _people(cell)}
    for username in also:
        if username and username not in people:
            try:
                member = org_api.get_member(username)
                people[username] = member.full_name or username
            except NotFound:
                people[username] = username
    return sorted(people.items(), key=lambda p: p[1].lower())


def _may_log_for_others(request: HttpRequest, cell: str) -> bool:
    """Whether the worklog form offers a choice of member: billing decides who may log
    for someone else (and refuses it again when the worklog is written)."""
    return extensions.billing().may_log_for_others(request.user.get_username(), cell)


def _worklog_people(request: HttpRequest, cell: str) -> list[tuple[str, str]] | None:
    if not _may_log_for_others(request, cell):
        return None
    members = org_api.list_members(active_only=True)[0]
    return sorted(
        ((m.username, m.full_name or m.username) for m in members), key=lambda p: p[1].lower()
    )


def _ticket_context(request: HttpRequest, ticket: Ticket, **forms: Any) -> dict[str, Any]:
    key = ticket.key
    history = api.ticket_history(key)
    notes = api.comments(key)
    worklogs = extensions.billing().worklogs_of(key)
    people = {ticket.assignee, ticket.reviewer, ticket.tentative_assignee} - {None}
    people |= {h["actor"] for h in history} | {c.author for c in notes}
    for field in PEOPLE_FIELDS:
        for entry in history:
            change = entry["changes"].get(field)
            if isinstance(change, list):
                people |= {v for v in change if isinstance(v, str)}
    names = api.member_names(ticket.cell, people)
    choices = _people_choices(
        ticket.cell, (ticket.assignee, ticket.reviewer, ticket.tentative_assignee)
    )
    worklog_people = _worklog_people(request, ticket.cell)
    me = request.user.get_username()
    if ticket.sprint is None:
        placement = "Backlog"
    elif ticket.stretch:
        placement = f"Stretch goal of sprint {ticket.sprint}"
    else:
        placement = f"Sprint {ticket.sprint}"
    return {
        "page_title": f"{key} {ticket.title}",
        "ticket": ticket,
        "placement": placement,
        "zone": _zone(request),
        "person": {f: names.get(getattr(ticket, f)) or getattr(ticket, f) for f in PEOPLE_FIELDS},
        "history": _history_lines(history, names),
        "comments": [{"comment": c, "name": names.get(c.author, c.author)} for c in notes],
        "worklogs": worklogs,
        "worklog_total": sum((w.hours for w in worklogs), Decimal(0)),
        "edit_form": forms.get("edit_form")
        or ritual_forms.TicketEditForm(
            initial=ritual_forms.TicketEditForm.initial_of(ticket), people=choices
        ),
        "comment_form": forms.get("comment_form") or ritual_forms.CommentForm(),
        "worklog_form": forms.get("worklog_form")
        or ritual_forms.WorklogForm(
            initial={"date": date.today(), "member": me}, people=worklog_people
        ),
        "conflict": forms.get("conflict", ""),
    }


def _ticket_page(request: HttpRequest, ticket: Ticket, status: int = 200, **forms: Any):
    return render(request, TICKET, _ticket_context(request, ticket, **forms), status=status)


def _back_to_ticket(key: str, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('sprints:ticket', args=[key])}#{anchor}")


@login_required
def ticket(request: HttpRequest, key: str) -> HttpResponse:
    """A ticket with its description, comments, history and worklogs, and its forms."""
    _worker(request)
    return _ticket_page(request, _ticket_or_404(key))


@login_required
@require_POST
def ticket_edit(request: HttpRequest, key: str) -> HttpResponse:
    """SP-2, SP-5, SP-9: change a ticket; a stale version changes nothing and keeps the input."""
    actor = _worker(request)
    current = _ticket_or_404(key)
    choices = _people_choices(
        current.cell, (current.assignee, current.reviewer, current.tentative_assignee)
    )
    form = ritual_forms.TicketEditForm(request.POST, people=choices)
    if not form.is_valid():
        return _ticket_page(request, current, status=422, edit_form=form)
    changes = form.changes(current)
    sent = form.cleaned_data["version"]
    try:
        if sent != current.version:
            raise Conflict(f"{key} changed meanwhile")
        if not changes:
            messages.info(request, f"Nothing to save: {key} already has these values.")
            return _back_to_ticket(key, "edit-heading")
        api.update_ticket(actor, key, changes, version=sent)
    except Conflict:
        current = _ticket_or_404(key)
        history = api.ticket_history(key)
        by = history[-1]["actor"] if history else "someone"
        name = api.member_names(current.cell, {by}).get(by, by)
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = ritual_forms.TicketEditForm(data, people=choices)
        conflict = (
            f"{key} was changed meanwhile by {name}, so your changes were not saved. "
            "They are kept in the form below; the ticket as it is now is shown above. "
            "Reload the page to start again from the current ticket, or check the fields "
            "and press Save changes to apply yours over it."
        )
        return _ticket_page(request, current, status=409, edit_form=form, conflict=conflict)
    except (InvalidInput, NotFound, RuleRefusal) as error:
        form.refuse(error)
        return _ticket_page(request, current, status=422, edit_form=form)
    messages.success(request, f"{key} is saved.")
    return _back_to_ticket(key, "edit-heading")


@login_required
@require_POST
def ticket_comment(request: HttpRequest, key: str) -> HttpResponse:
    """Add my comment to the ticket."""
    actor = _worker(request)
    current = _ticket_or_404(key)
    form = ritual_forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            api.add_comment(actor, key, form.cleaned_data["text"])
        except (InvalidInput, NotFound, RuleRefusal) as error:
            ritual_forms.refuse_on(form, error)
    if form.errors:
        return _ticket_page(request, current, status=422, comment_form=form)
    messages.success(request, f"Your comment is on {key}.")
    return _back_to_ticket(key, "comments-heading")


@login_required
@require_POST
def ticket_worklog(request: HttpRequest, key: str) -> HttpResponse:
    """Log time on the ticket: mine, or anyone's for those who may log for others (SP-14 cap)."""
    actor = _worker(request)
    current = _ticket_or_404(key)
    form = ritual_forms.WorklogForm(request.POST, people=_worklog_people(request, current.cell))
    if form.is_valid():
        data = form.cleaned_data
        member = data.get("member") or actor.username
        try:
            extensions.billing().log_work(
                actor.username,
                ticket=key,
                member=member,
                day=data["date"],
                hours=data["hours"],
                note=data["note"],
            )
        except (InvalidInput, NotFound, RuleRefusal) as error:
            ritual_forms.refuse_on(form, error)
    if form.errors:
        return _ticket_page(request, current, status=422, worklog_form=form)
    whose = "" if member == actor.username else f" for {member}"
    messages.success(
        request, f"Logged {data['hours']} h on {key}{whose} on {data['date']:%a %d %b %Y}."
    )
    return _back_to_ticket(key, "worklogs-heading")


def _new_ticket_form(cell: str, number: int, data=None) -> ritual_forms.NewTicketForm:
    return ritual_forms.NewTicketForm(
        data,
        people=_people_choices(cell),
        epics=[(e.key, f"{e.key} {e.title}") for e in org_api.list_epics(show_money=False)],
        accounts=[a.name for a in org_api.list_accounts(show_money=False)],
        number=number,
    )


@login_required
def ticket_new(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """A new ticket in this sprint or its stretch goals; SP-8 after the cut-off."""
    actor = _worker(request)
    record = _record(cell, number)
    form = _new_ticket_form(cell, number, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = api.create_ticket(actor, cell=cell, sprint=number, **form.values())
            except (InvalidInput, NotFound, RuleRefusal) as error:
                form.refuse(error)
            else:
                where = (
                    f"at the top of sprint {number}'s stretch goals"
                    if created.stretch
                    else f"in sprint {number}"
                )
                waits = (
                    f" It replaces {created.replaces} and waits for the sprint planning "
                    "manager's confirmation (SP-8)."
                    if created.awaiting_confirmation
                    else ""
                )
                messages.success(request, f"{created.key} is created {where}.{waits}")
                return redirect("sprints:ticket", key=created.key)
        status = 422
    context = {
        **_base(request, record, "ticket_new", "New ticket"),
        "form": form,
        "cutoff": api.insertion_cutoff(number),
    }
    return render(request, NEW_TICKET, context, status=status)
