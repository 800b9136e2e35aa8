"""Pages of sales, the intro meeting (SL-4): the SPIN preparation notes, the agenda as a
checklist, after the meeting the next steps, follow-up tasks with dates, the re-score and
the discovery's payment, then the summary e-mail drafted from the notes; and the list of
every open follow-up.

A refused form comes back with every problem named and what was typed kept (422).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.sales import api
from cellops.sales.data import SPIN, FollowUpTask

TEMPLATE = "sales/meeting.html"
FOLLOW_UP_ROWS = 3


def _context(request: HttpRequest, lead_id: int, **extra: Any) -> dict[str, Any]:
    actor = api.require_sales(org_api.actor_for(request.user))
    try:
        lead = api.get_lead(lead_id)
        meeting = api.meeting(actor, lead_id)
        agenda = api.agenda(actor, lead_id)
        latest = api.lead_history(lead_id).scores
    except NotFound as exc:
        raise Http404(exc.message) from exc
    chosen = {b.factor: str(b.score) for b in latest[0].breakdown} if latest else {}
    chosen.update(extra.pop("typed_scores", {}))
    rubric = api.rubric()
    record = extra.pop("record", None) or {
        "held_on": meeting.held_on.isoformat() if meeting.held_on else date.today().isoformat(),
        "next_steps": meeting.next_steps,
        "discovery_payment": meeting.discovery_payment,
        "follow_ups": [
            {"task": f.task, "due": f.due.isoformat()} for f in meeting.follow_ups if not f.done
        ],
    }
    rows = list(record["follow_ups"])
    rows += [{"task": "", "due": ""} for _ in range(max(FOLLOW_UP_ROWS - len(rows), 1))]
    notes = extra.pop("notes", None) or meeting.notes
    return {
        "page_title": f"Intro meeting with {lead.name}",
        "lead": lead,
        "meeting": meeting,
        "agenda": agenda,
        "spin": [(key, label, notes.get(key, "")) for key, label in SPIN],
        "record": record,
        "follow_up_rows": rows,
        "factors": [
            {
                "key": f.key,
                "label": f.label,
                "weight": f.weight,
                "levels": [(str(n), text) for n, text in enumerate(f.levels)],
                "chosen": chosen.get(f.key, ""),
            }
            for f in rubric.factors
        ],
        "payments": [
            ("paid", "Paid: the client pays for the discovery"),
            ("deferred", "Deferred until the project starts (High leads only)"),
            ("none", "No discovery agreed"),
        ],
        **extra,
    }


@login_required
def meeting(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-4: the lead's intro meeting page."""
    return render(request, TEMPLATE, _context(request, lead_id))


def _back(lead_id: int, section: str) -> HttpResponse:
    return redirect(f"{reverse('sales:meeting', args=[lead_id])}#{section}")


@login_required
@require_POST
def notes(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-4: the preparation notes under the four SPIN headings; the agenda comes with them."""
    typed = {key: request.POST.get(key, "") for key, _ in SPIN}
    try:
        api.prepare_meeting(org_api.actor_for(request.user), lead_id, typed)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except RuleRefusal as refusal:
        errors = [f"{v.rule} {v.message}" for v in refusal.violations]
        fields = {str(v.extra.get("field")) for v in refusal.violations}
        context = _context(request, lead_id, notes=typed, notes_errors=errors, bad=fields)
        return render(request, TEMPLATE, context, status=422)
    except InvalidInput as exc:
        context = _context(
            request, lead_id, notes=typed, notes_errors=[f"{exc.field}: {exc.message}"]
        )
        return render(request, TEMPLATE, context, status=422)
    messages.success(request, "The preparation notes are saved; the agenda is ready.")
    return _back(lead_id, "agenda")


@login_required
@require_POST
def agenda_item(request: HttpRequest, lead_id: int, item_id: int) -> HttpResponse:
    """SL-4: an agenda item done, or not done again."""
    done = request.POST.get("done") == "1"
    try:
        api.tick_agenda(org_api.actor_for(request.user), lead_id, item_id, done)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _back(lead_id, f"agenda-item-{item_id}")


def _day(text: str) -> date | str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


@login_required
@require_POST
def record(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-4: after the meeting — held on, next steps, follow-ups with dates, discovery, and
    the lead re-scored with the seven factors; the summary e-mail is drafted."""
    post = request.POST
    rows = [
        {"task": post.get(f"follow_up_task_{n}", ""), "due": post.get(f"follow_up_due_{n}", "")}
        for n in range(20)
        if f"follow_up_task_{n}" in post
    ]
    typed = {
        "held_on": post.get("held_on", ""),
        "next_steps": post.get("next_steps", ""),
        "discovery_payment": post.get("discovery_payment", ""),
        "follow_ups": rows,
    }
    scores = {f.key: post[f.key] for f in api.rubric().factors if post.get(f.key, "") != ""}
    errors: list[str] = []
    held_on = _day(typed["held_on"])
    if isinstance(held_on, str):
        errors.append("held_on: give the day of the meeting as YYYY-MM-DD")
    tasks = []
    for n, row in enumerate(rows):
        if not (row["task"].strip() or row["due"].strip()):
            continue
        due = _day(row["due"])
        if not isinstance(due, date):
            errors.append(f"follow-up {n + 1}: give the day it is due as YYYY-MM-DD")
        else:
            tasks.append(FollowUpTask(row["task"], due))
    if not errors:
        try:
            api.record_meeting(
                org_api.actor_for(request.user),
                lead_id,
                held_on=held_on,  # type: ignore[arg-type]
                next_steps=typed["next_steps"],
                follow_ups=tasks,
                discovery_payment=typed["discovery_payment"],
                scores=api.scores_from_text(scores),
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except RuleRefusal as refusal:
            rubric = api.rubric()
            for v in refusal.violations:
                factor = str(v.extra.get("factor", ""))
                label = rubric.factor(factor).label if factor in rubric.keys else ""
                errors.append(f"{v.rule} {label + ': ' if label else ''}{v.message}")
        except InvalidInput as exc:
            errors.append(f"{exc.field}: {exc.message}")
    if errors:
        context = _context(
            request, lead_id, record=typed, record_errors=errors, typed_scores=scores
        )
        return render(request, TEMPLATE, context, status=422)
    messages.success(
        request, "The meeting is recorded, the lead re-scored; the summary e-mail is drafted below."
    )
    return _back(lead_id, "summary")


@login_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    """SL-4: every follow-up task not done yet, soonest first."""
    actor = api.require_sales(org_api.actor_for(request.user))
    return render(
        request,
        "sales/follow_ups.html",
        {
            "page_title": "Follow-ups",
            "follow_ups": api.open_follow_ups(actor),
            "today": date.today(),
        },
    )


@login_required
@require_POST
def follow_up_done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    """SL-4: a follow-up task done."""
    try:
        done = api.finish_follow_up(org_api.actor_for(request.user), follow_up_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, f"Done: {done.task} ({done.lead}).")
    return redirect("sales:follow_ups")
