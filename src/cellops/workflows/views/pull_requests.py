"""Pages of WF-2's pull requests: the list (and the form to record one), a pull request with
its checklist (each item pass / fail / n/a with a note and a link), merged and deployed.

Each view parses, calls `workflows.api`, renders; a refusal comes back on the page with its
rule ID. Every page works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.checklists import api as checklists_api
from cellops.checklists.data import Result
from cellops.web.pages import attempt, or_404, page_with_errors, posted
from cellops.workflows import api
from cellops.workflows.views import _actor, _named

#: An item's choices, as the page words them.
RESULT_CHOICES = (
    ("pass", "Pass"),
    ("fail", "Fail"),
    ("n/a", "N/a — not applicable"),
    ("", "Not checked yet"),
)


@login_required
def pull_requests(request: HttpRequest) -> HttpResponse:
    """WF-2: the pull requests, newest first (one ticket's with ?ticket=), and the form to
    record one: its address and its title, which names the ticket in square brackets."""
    actor = _actor(request)
    ticket = request.GET.get("ticket", "").strip()[:40].replace("\x00", "")
    typed, errors = posted(request, "url", "title")
    typed = {k: v.strip() for k, v in typed.items()}
    if request.method == "POST" and not errors:
        made, errors = attempt(lambda: api.open_pull_request(actor, typed["url"], typed["title"]))
        if made is not None:
            messages.success(request, f"Pull request recorded, linked to {made.ticket}.")
            return redirect("workflows:pull_request", pr_id=made.id)
    found = [api.pull_request_checklist(actor, p.id) for p in api.pull_requests(actor, ticket)]
    context = {
        "page_title": "Pull requests",
        "rows": [(pr, _named(run.counts()), run.total) for pr, run in found],
        "ticket": ticket,
        "typed": typed,
    }
    return page_with_errors(request, "workflows/pull_requests.html", context, errors)


def _page(
    request: HttpRequest, pr_id: int, errors: list | None = None, failed_item: int | None = None
) -> HttpResponse:
    actor = _actor(request)
    found, run = or_404(lambda: api.pull_request_checklist(actor, pr_id))
    action = "workflows:pull_request_item"
    context = {
        "page_title": f"Pull request: {found.title}",
        "pr": found,
        "run": run,
        "sections": [
            (name, [{"item": i, "action": reverse(action, args=[pr_id, i.id])} for i in items])
            for name, items in run.sections()
        ],
        "counts": _named(run.counts()),
        "gaps": checklists_api.gaps_of(run) if found.state.value == "open" else [],
        "result_choices": RESULT_CHOICES,
        "failed_item": failed_item,
    }
    return page_with_errors(request, "workflows/pull_request.html", context, errors)


@login_required
def pull_request(request: HttpRequest, pr_id: int) -> HttpResponse:
    return _page(request, pr_id)


@login_required
@require_POST
def pull_request_item(request: HttpRequest, pr_id: int, item_id: int) -> HttpResponse:
    """One checklist item checked: pass, fail or n/a with a note (and a link)."""
    actor = _actor(request)
    text = request.POST.get("result", "")
    if text not in {r.value for r in Result}:
        return _page(request, pr_id, [("result", "WF-2", "choose pass, fail or n/a")], item_id)
    typed, errors = posted(request, "note", "link")
    if errors:
        return _page(request, pr_id, errors, item_id)
    done, errors = attempt(
        lambda: api.record_item(
            actor, pr_id, item_id, Result(text), typed["note"], typed["link"].strip()
        )
    )
    if done is None:
        return _page(request, pr_id, errors, item_id)
    messages.success(request, "Checklist item saved.")
    return redirect(reverse("workflows:pull_request", args=[pr_id]) + f"#item-{item_id}")


@login_required
@require_POST
def pull_request_merged(request: HttpRequest, pr_id: int) -> HttpResponse:
    actor = _actor(request)
    done, errors = attempt(lambda: api.mark_merged(actor, pr_id))
    if done is None:
        return _page(request, pr_id, errors)
    messages.success(request, f"Merged: ticket {done.ticket} is now Merged.")
    return redirect("workflows:pull_request", pr_id=pr_id)


@login_required
@require_POST
def pull_request_deployed(request: HttpRequest, pr_id: int) -> HttpResponse:
    actor = _actor(request)
    done, errors = attempt(lambda: api.mark_deployed(actor, pr_id))
    if done is None:
        return _page(request, pr_id, errors)
    messages.success(request, f"Deployed: ticket {done.ticket} is now Deployed & delivered.")
    return redirect("workflows:pull_request", pr_id=pr_id)
