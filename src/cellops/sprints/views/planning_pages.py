"""Estimation (SP-3) and the planning dashboard (SP-5, SP-6, SP-7, SP-10), with its spillover
reasons."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, timedelta
from decimal import Decimal
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel import clock
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api, charts, extensions
from cellops.sprints.data import SprintRecord, Ticket
from cellops.sprints.forms import BACK_PAGES, StartForm, VotesForm, refusal_text, refuse_on
from cellops.sprints.views._common import ESTIMATION, PLANNING, _actor, _base, _record, _worker

# --- estimation --------------------------------------------------------------

#: Tickets per page of the estimation's vote form and results (decision 0067): a sprint
#: of hundreds of tickets is voted on a page at a time, each page sent on its own.
ESTIMATION_PAGE = 50


def _estimation_page(request: HttpRequest, tickets: list[Ticket]) -> tuple[list[Ticket], int, int]:
    """The tickets of the page `?page=` asks for (the first when it names none or no such
    page), its number and the number of pages."""
    pages = max(1, -(-len(tickets) // ESTIMATION_PAGE))
    asked = request.GET.get("page", "1")
    page = int(asked) if asked.isdigit() and 1 <= int(asked) <= pages else 1
    return tickets[(page - 1) * ESTIMATION_PAGE : page * ESTIMATION_PAGE], page, pages


def _estimation_context(
    request: HttpRequest, actor: Actor, record: SprintRecord, form: VotesForm | None = None
) -> dict[str, Any]:
    context = _base(request, record, "estimation", "Estimation")
    try:
        estimation = api.estimation(record.cell, record.number)
    except NotFound:
        return {**context, "estimation": None}
    tickets = api.list_tickets(record.cell, record.number, stretch=False)
    shown, page, pages = _estimation_page(request, tickets)
    estimates = {e.ticket: e for e in estimation.tickets}
    mine = {e.ticket: v for e in estimation.tickets for v in e.votes if v.member == actor.username}
    if form is None:
        initial = {}
        for key, vote in mine.items():
            initial[VotesForm.vote_name(key)] = vote.value
            initial[VotesForm.comment_name(key)] = vote.comment
        form = VotesForm(initial=initial, tickets=shown)
    voters = {v.member for e in estimation.tickets for v in e.votes}
    names = api.member_names(record.cell, voters)
    closes_at = estimation.closes_at
    by_key = {t.key: t for t in tickets}
    return {
        **context,
        "may_vote": api.may_vote(actor, record.cell),
        "is_member_elsewhere": bool(actor.cell) and actor.cell != record.cell,
        "estimation": estimation,
        # SP-3 (issue #14 item 3): what closing now would do to each ticket's points.
        "close_preview": [
            {
                "ticket": by_key[e.ticket],
                "votes": len(e.votes),
                "numeric": sum(1 for v in e.votes if v.value.strip() != "?"),
                "result": e.result,
                "points": by_key[e.ticket].story_points,
            }
            for e in estimation.tickets
            if e.ticket in by_key
        ],
        # EOD is 24:00 UTC (SP-1): the instant is 00:00 of the next day, written as its day.
        "closes_day": (closes_at.astimezone(UTC) - timedelta(microseconds=1)).date()
        if closes_at
        else None,
        "form": form,
        "rows": form.rows(),
        "ticket_count": len(tickets),
        "my_count": len(mine),
        "page": page,
        "pages": pages,
        "page_first": (page - 1) * ESTIMATION_PAGE + 1,
        "page_last": (page - 1) * ESTIMATION_PAGE + len(shown),
        "page_numbers": range(1, pages + 1),
        "members": [
            {"name": names.get(m.member, m.member), "progress": m} for m in estimation.members
        ],
        "done_count": sum(1 for m in estimation.members if m.done),
        "results": [
            {
                "ticket": t,
                "estimate": estimates[t.key],
                "votes": [
                    {**asdict(v), "name": names.get(v.member, v.member)}
                    for v in estimates[t.key].votes
                ],
            }
            for t in shown
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
    if not api.may_vote(actor, cell):
        raise PermissionDenied(f"SP-3: only the active members of {cell} vote in its estimation.")
    tickets, page, _ = _estimation_page(request, api.list_tickets(cell, number, stretch=False))
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
    back = reverse("sprints:estimation", args=(cell, number))
    return redirect(f"{back}?page={page}" if page > 1 else back)


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
    """SP-3: close estimation; each ticket's result becomes its story points. Closing early
    (before its deadline, while some active member has not voted on every ticket) first
    shows what closing does to each ticket, with its count of votes, and asks to confirm."""
    record = _record(cell, number)
    if request.POST.get("confirm") != "1":
        try:
            state = api.estimation(cell, number)
        except NotFound:
            state = None
        early = state is not None and state.state == "open"
        if early and not all(m.done for m in state.members):
            context = _estimation_context(request, _worker(request), record)
            if context["can_manage"]:
                back = request.POST.get("back")
                context.update(
                    confirm_close=True, back=back if back in BACK_PAGES else "estimation"
                )
                return render(request, ESTIMATION, context, status=422)
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


def _budget_panel(
    request: HttpRequest, record: SprintRecord, tickets: list[Ticket]
) -> dict[str, Any] | None:
    """SP-7 sized for the person (decision 0036): the accounts and epics the sprint's own
    tickets bill to; `?scope=all` the whole organisation, a page (`?page=`) at a time."""
    billing = extensions.billing()
    if billing.planning_panel is None:  # a billing without the sized panel: all of it
        budgets, burns = billing.planning_budgets(org_api.actor_for(request.user), record.start)
        if budgets is None:
            return None
        total = len(budgets)
        return {
            "budgets": budgets,
            "burns": burns,
            "scope": "all",
            "total": total,
            "page": 1,
            "pages": 1,
        }
    if request.GET.get("scope") == "all":
        page = request.GET.get("page", "1")
        number = int(page) if page.isdigit() and len(page) < 6 else 1
        panel = billing.planning_panel(org_api.actor_for(request.user), record.start, page=number)
        scope = "all"
    else:
        accounts = frozenset(t.account for t in tickets)
        epics = frozenset(t.epic for t in tickets if t.epic)
        panel = billing.planning_panel(
            org_api.actor_for(request.user), record.start, accounts=accounts, epics=epics
        )
        scope = "cell"
    return {**panel, "scope": scope} if panel is not None else None


def _planning_context(request: HttpRequest, record: SprintRecord, **extra: Any) -> dict[str, Any]:
    cell, number = record.cell, record.number
    tickets = api.list_tickets(cell, number)  # read once for capacity and readiness
    details = api.capacity_details(cell, number, tickets)
    names = {d.capacity.member: d.name for d in details}
    chart = charts.capacity_chart([d.capacity for d in details], names, f"{cell} sprint {number}")
    estimation_state = api.estimation_state(cell, number)
    panel = _budget_panel(request, record, tickets)
    completion = api.completion(cell, number)
    snapshot = []
    if record.completed_at:  # issue #14 item 8: committed at the start, and done
        names_then = api.member_names(cell, {s.member for s in api.start_snapshot(cell, number)})
        for row in api.start_snapshot(cell, number):
            chip = charts.CAPACITY_CHIPS[row.status] if row.status else ""
            snapshot.append(
                {
                    "row": row,
                    "name": names_then.get(row.member, row.member),
                    "chip": chip,
                    "label": charts.CAPACITY_LABELS[row.status] if row.status else "",
                }
            )
    return {
        **_base(request, record, "planning", "Planning"),
        "today": clock.today(),
        "snapshot": snapshot,
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
        "gaps": api.readiness(cell, number, tickets, details),
        "estimation_state": estimation_state,
        "budgets": panel["budgets"] if panel else None,
        "burns": panel["burns"] if panel else None,
        "budget_scope": panel["scope"] if panel else None,
        "budget_total": panel["total"] if panel else 0,
        "budget_page": panel["page"] if panel else 1,
        "budget_pages": panel["pages"] if panel else 1,
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


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "1"


def _early_start_context(cell: str, number: int, names: dict[str, str]) -> dict[str, Any]:
    early = api.early_start(cell, number, clock.today())
    if early is None:
        return {}
    return {
        "early_start": early,
        "early_tentative": [(key, names.get(who, who)) for key, who in early.tentative],
    }


@login_required
@require_POST
def start(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-5: start; before day 0 a confirmation step lists what starting early does; with gaps
    show every gap and offer the override with its reason. Refused while an earlier sprint
    of the cell is open (no override)."""
    actor = _actor(request)
    record = _record(cell, number)
    override, confirm = request.POST.get("override") == "1", _confirmed(request)
    form = StartForm(request.POST if override else None)
    if override and not form.is_valid():
        context = _planning_context(
            request, record, start_refusal=api.readiness(cell, number), start_form=form
        )
        context["start_confirmed"] = confirm
        return render(request, PLANNING, context, status=422)
    try:
        gaps = api.start(
            actor,
            cell,
            number,
            override=override,
            reason=form.cleaned_data["reason"] if override else "",
            confirm=confirm,
        )
    except RuleRefusal as refusal:
        early = [v for v in refusal.violations if "early" in v.extra]
        gap_list = [v for v in refusal.violations if "gap" in v.extra]
        if early or (gap_list and len(gap_list) == len(refusal.violations)):
            context = _planning_context(request, record, start_refusal=gap_list, start_form=form)
            context["start_confirmed"] = confirm
            if early:
                context.update(_early_start_context(cell, number, api.member_names(cell)))
            return render(request, PLANNING, context, status=422)
        messages.error(request, " ".join(refusal_text(refusal)))
        return redirect("sprints:planning", cell=cell, number=number)
    overridden = (
        f" with an override of {len(gaps)} gap{'s' if len(gaps) != 1 else ''}, recorded with your reason"
        if gaps
        else ""
    )
    early = " early" if confirm and clock.today() < record.start else ""
    messages.success(request, f"{cell} sprint {number} has started{early}{overridden}.")
    return redirect("sprints:planning", cell=cell, number=number)


@login_required
@require_POST
def complete(request: HttpRequest, cell: str, number: int) -> HttpResponse:
    """SP-10: complete; open tickets move to the next sprint as spillover. Before the sprint's
    last day has passed, a confirmation step lists the tickets that move and whose sprint
    turns unclean."""
    record = _record(cell, number)
    try:
        done = api.complete(_actor(request), cell, number, confirm=_confirmed(request))
    except RuleRefusal as refusal:
        early = api.early_completion(cell, number, clock.today())
        if early is not None and any("early" in v.extra for v in refusal.violations):
            names = api.member_names(cell)
            context = _planning_context(request, record)
            context.update(
                early_completion=early,
                early_moving=[
                    (key, names.get(who, who) if who else None) for key, who in early.moving
                ],
                early_unclean=[names.get(who, who) for who in early.unclean],
            )
            return render(request, PLANNING, context, status=422)
        messages.error(request, " ".join(refusal_text(refusal)))
        return redirect("sprints:planning", cell=cell, number=number)
    except (InvalidInput, NotFound) as error:
        messages.error(request, " ".join(refusal_text(error)))
        return redirect("sprints:planning", cell=cell, number=number)
    messages.success(
        request,
        f"{cell} sprint {number} is complete: its open tickets moved to sprint {done.moved_to}.",
    )
    return redirect(f"{reverse('sprints:planning', args=[cell, number])}#completion")


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
            refuse_on(form, error, field="reason")
    if form.errors:
        if not api.may_give_spillover_reason(actor, cell, member):
            raise PermissionDenied("SP-10: only the member or the sprint planning manager may.")
        context = _planning_context(request, record, spillover_form=form)
        return render(request, PLANNING, context, status=422)
    messages.success(request, "The reason of the spillover is saved.")
    return redirect(f"{reverse('sprints:planning', args=[cell, number])}#completion")
