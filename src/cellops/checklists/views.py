"""Pages of checklists: my open checklists (`/checklists/`) and one checklist.

Each view parses, calls `checklists.api`, renders. Every item is a small
form with a checkbox and a Save button, so ticking works without
JavaScript (the form posts and comes back to the item). With htmx, changing
the checkbox posts at once and swaps that item only; a polite live region
says what happened ("Marked done: …").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.checklists import api
from cellops.checklists.data import DEVELOPER, Kind, Result, RunInfo, RunItemInfo
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import ROLE_LABELS, Actor, Role
from cellops.web.pages import page_with_errors

MINE = "checklists/mine.html"
DETAIL = "checklists/detail.html"
TICKED = "checklists/_ticked.html"
BACK_PAGES = ("mine", "detail")
_TIME_OFF_SUBJECT = re.compile(r"^time off (\d+)$")


#: The choices of an item that records a result (decision 0038), as the page words them.
RESULT_CHOICES = (
    ("pass", "Pass"),
    ("fail", "Fail"),
    ("n/a", "N/a — not applicable"),
    ("", "Not checked yet"),
)


def _zone(request: HttpRequest) -> ZoneInfo:
    me = org_api.member_for(org_api.actor_for(request.user))
    try:
        return ZoneInfo(me.timezone) if me and me.timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _role_label(role: str) -> str:
    if role == DEVELOPER:
        return "Developer"
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role.replace("_", " ").capitalize()


def _due_words(kind: Kind, due_day: int | None) -> str:
    """Where a due day sits: 'sprint day 10', '3 days before the time off'."""
    if due_day is None:
        return ""
    if kind is Kind.SPRINT:
        return f"sprint day {due_day}"
    if kind is Kind.VACATION:
        if due_day < 0:
            days = -due_day
            return f"{days} day{'s' if days != 1 else ''} before the time off"
        return "the first day away" if due_day == 0 else f"day {due_day} of the time off"
    return f"day {due_day}"


def _item(run: RunInfo, item: RunItemInfo, today: date) -> dict[str, Any]:
    state = "done" if item.done else ""
    if not item.done and item.due_date is not None:
        state = "overdue" if item.due_date < today else ("today" if item.due_date == today else "")
    return {
        "item": item,
        "state": state,
        "due_words": _due_words(run.kind, item.due_day),
        "role_label": _role_label(item.role) if item.role else "",
        "action": reverse("checklists:result", args=[run.id, item.id])
        if run.records_results
        else "",
    }


def _subject(run: RunInfo) -> dict[str, str | None]:
    """The subject as people read it, with a link to the time off it is about."""
    match = _TIME_OFF_SUBJECT.match(run.subject)
    link = reverse("time_off:detail", args=[int(match.group(1))]) if match else None
    return {"text": run.subject[:1].upper() + run.subject[1:], "link": link}


def _run(run: RunInfo, today: date) -> dict[str, Any]:
    return {
        "run": run,
        "subject": _subject(run),
        "items": [_item(run, i, today) for i in run.items],
        "backup_of": _role_label(run.backup_of_role) if run.backup_of_role else "",
    }


def _access(request: HttpRequest, run_id: int) -> tuple[Actor, RunInfo]:
    actor = org_api.actor_for(request.user)
    try:
        return actor, api.run_for(actor, run_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My checklists with items left (all of them with ?all=1), each with its items."""
    me = org_api.actor_for(request.user)
    show_all = request.GET.get("all") == "1"
    today = date.today()
    runs = [_run(r, today) for r in api.runs_of(me, open_only=not show_all)]
    context = {
        "page_title": "My checklists",
        "runs": runs,
        "show_all": show_all,
        "back": "mine",
        "zone": _zone(request),
    }
    return render(request, MINE, context)


@login_required
def detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """One checklist: its owner, subject and items (own, or anyone's for managers)."""
    _, run = _access(request, run_id)
    return _detail_page(request, run)


def _detail_page(
    request: HttpRequest,
    run: RunInfo,
    errors: list[tuple[str, str]] | None = None,
    failed_item: int | None = None,
) -> HttpResponse:
    try:
        owner = org_api.get_member(run.member).full_name or run.member
    except NotFound:
        owner = run.member
    context = {
        "page_title": run.title,
        "r": _run(run, date.today()),
        "owner": owner,
        "own": run.member == request.user.username,
        "back": "detail",
        "zone": _zone(request),
        "result_choices": RESULT_CHOICES,
        "counts": {("na" if k == "n/a" else k): v for k, v in run.counts().items()},
        "gaps": api.gaps_of(run),
        "failed_item": failed_item,
    }
    return page_with_errors(request, DETAIL, context, errors)


@login_required
@require_POST
def tick(request: HttpRequest, run_id: int, item_id: int) -> HttpResponse:
    """Tick an item done (the checkbox sent) or not done (the checkbox left out)."""
    actor, _ = _access(request, run_id)
    done = request.POST.get("done") == "1"
    try:
        run = api.tick(actor, run_id, item_id, done)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    item = next(i for i in run.items if i.id == item_id)
    message = f"{'Marked done' if done else 'Marked not done'}: “{item.text}”."
    if not run.is_open:
        message += f" All {run.total} items of “{run.title}” are done."
    back = request.POST.get("back")
    back = back if back in BACK_PAGES else "mine"
    if request.htmx:
        context = {
            "run": run,
            "i": _item(run, item, date.today()),
            "back": back,
            "message": message,
            "zone": _zone(request),
        }
        return render(request, TICKED, context)
    messages.success(request, message)
    url = (
        reverse("checklists:detail", args=[run_id])
        if back == "detail"
        else reverse("checklists:mine")
    )
    return redirect(f"{url}#item-{item_id}")


@login_required
@require_POST
def result(request: HttpRequest, run_id: int, item_id: int) -> HttpResponse:
    """Record an item's result — pass, fail or n/a with a note and a link (decision 0038);
    a refusal comes back on the page, next to the item."""
    actor, run = _access(request, run_id)
    typed = {name: request.POST.get(name, "") for name in ("result", "note", "link")}
    valid = {r.value for r in Result}
    if typed["result"] not in valid:
        return _detail_page(request, run, [("result", "choose pass, fail or n/a")], item_id)
    if any("\x00" in v for v in typed.values()):
        return _detail_page(request, run, [("note", "remove the NUL character")], item_id)
    try:
        run = api.record_result(
            actor, run_id, item_id, Result(typed["result"]), typed["note"], typed["link"]
        )
    except InvalidInput as exc:
        return _detail_page(request, run, [(exc.field, exc.message)], item_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    item = next(i for i in run.items if i.id == item_id)
    words = f"“{item.text}”: {item.result.value or 'not checked'}"
    messages.success(request, f"Saved {words}.")
    return redirect(reverse("checklists:detail", args=[run_id]) + f"#item-{item_id}")
