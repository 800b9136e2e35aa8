"""Pages of workflows: the blog board and a post (WF-1, WF-5), decisions (WF-3), instance
test runs and their report (WF-4).

Each view parses, calls `workflows.api`, renders; a refusal comes back on the page next to
what was typed, with its rule ID. Every page works without JavaScript.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.checklists.data import Result
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.web.pages import attempt, or_404, page_with_errors, posted
from cellops.workflows import api
from cellops.workflows.data import DecisionState, Matter, Step


def _actor(request: HttpRequest) -> Actor:
    return org_api.actor_for(request.user)


def _named(counts: dict[str, int]) -> dict[str, int]:
    """Counts with "n/a" as "na", which a template can read."""
    return {("na" if key == "n/a" else key): value for key, value in counts.items()}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    context = {
        "page_title": "Workflows",
        "board": or_404(lambda: api.board(actor)),
        "decisions": api.decisions(actor)[:5],
        "tests": api.instance_tests(actor)[:5],
        "prs": api.pull_requests(actor)[:5],
    }
    return render(request, "workflows/index.html", context)


# --- WF-1 blog -------------------------------------------------------------------------


@login_required
def blog(request: HttpRequest) -> HttpResponse:
    """The board of posts by step, and the form for a new idea."""
    actor = _actor(request)
    typed, errors = posted(request, "title", "idea_url", "author", "reviewer")
    typed = {k: v.strip() for k, v in typed.items()}
    if request.method == "POST" and not errors:
        made, errors = attempt(lambda: api.create_post(actor, **typed))
        if made is not None:
            messages.success(request, f"Post “{made.title}” created with ticket {made.ticket}.")
            return redirect("workflows:post", post_id=made.id)
    context = {
        "page_title": "Blog posts",
        "board": api.board(actor),
        "typed": typed if request.method == "POST" else {"author": actor.username},
    }
    return page_with_errors(request, "workflows/blog.html", context, errors)


POST_FIELDS = (
    "title",
    "draft_url",
    "attribution",
    "category",
    "tags",
    "featured_image",
    "image_credit",
    "publish_at",
)


def _post_page(
    request: HttpRequest, post_id: int, errors: list | None = None, typed: dict | None = None
) -> HttpResponse:
    actor = _actor(request)
    found = or_404(lambda: api.post(actor, post_id))
    values = typed or {
        "title": found.title,
        "draft_url": found.draft_url,
        "attribution": found.attribution,
        "category": found.category,
        "tags": ", ".join(found.tags),
        "featured_image": found.featured_image,
        "image_credit": found.image_credit,
        "publish_at": found.publish_at.isoformat() if found.publish_at else "",
    }
    context = {
        "page_title": found.title,
        "post": found,
        "values": values,
        "steps": list(Step),
        "step_index": list(Step).index(found.step),
        "proofreading": api.proofreading_requests(actor, post_id),
        "today": date.today().isoformat(),
    }
    return page_with_errors(request, "workflows/post.html", context, errors)


@login_required
def post(request: HttpRequest, post_id: int) -> HttpResponse:
    """One post: its step, budget, fields (saved here) and proofreading."""
    if request.method != "POST":
        return _post_page(request, post_id)
    typed, errors = posted(request, *POST_FIELDS)
    if errors:
        return _post_page(request, post_id, errors, typed)
    changes: dict[str, Any] = {k: v for k, v in typed.items() if k != "publish_at"}
    day = _day(typed["publish_at"].strip())
    if typed["publish_at"].strip() and day is None:
        return _post_page(
            request, post_id, [("publish_at", "", "give the day as YYYY-MM-DD")], typed
        )
    changes["publish_at"] = day
    actor = _actor(request)
    saved, errors = attempt(lambda: api.update_post(actor, post_id, changes))
    if saved is None:
        return _post_page(request, post_id, errors, typed)
    messages.success(request, "Saved.")
    return redirect("workflows:post", post_id=post_id)


@login_required
@require_POST
def advance(request: HttpRequest, post_id: int) -> HttpResponse:
    actor = _actor(request)
    moved, errors = attempt(lambda: api.advance(actor, post_id))
    if moved is None:
        return _post_page(request, post_id, errors)
    messages.success(request, f"“{moved.title}” is now at step {moved.step.label}.")
    return redirect("workflows:post", post_id=post_id)


@login_required
@require_POST
def proofreading(request: HttpRequest, post_id: int) -> HttpResponse:
    """WF-5: a proofreading request for this post."""
    actor = _actor(request)
    typed, errors = posted(request, "sent_on", "document_url")
    if errors:
        return _post_page(request, post_id, errors)
    sent_on = _day(typed["sent_on"].strip()) or date.today()
    made, errors = attempt(
        lambda: api.request_proofreading(
            actor, typed["document_url"].strip(), sent_on, post_id=post_id
        )
    )
    if made is None:
        return _post_page(request, post_id, errors)
    messages.success(request, "Proofreading request recorded.")
    return redirect(reverse("workflows:post", args=[post_id]) + "#proofreading")


@login_required
@require_POST
def proofreading_returned(request: HttpRequest, post_id: int, request_id: int) -> HttpResponse:
    actor = _actor(request)
    returned_on = _day(request.POST.get("returned_on", "").strip()) or date.today()
    done, errors = attempt(lambda: api.proofreading_returned(actor, request_id, returned_on))
    if done is None:
        return _post_page(request, post_id, errors)
    messages.success(request, "The proofread copy is back.")
    return redirect(reverse("workflows:post", args=[post_id]) + "#proofreading")


# --- WF-3 decisions ----------------------------------------------------------------------


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    """The searchable list of decisions, and the form for a proposal."""
    actor = _actor(request)
    query = request.GET.get("q", "")[:200]
    state_text = request.GET.get("state", "")
    state = DecisionState(state_text) if state_text in {s.value for s in DecisionState} else None
    names = ("title", "problem", "options", "proposal", "reviewers", "matter", "manager")
    typed, errors = posted(request, *names)
    if request.method == "POST" and not errors:
        matter = Matter.OTHER if typed["matter"] == "other" else Matter.TECHNICAL
        made, errors = attempt(
            lambda: api.propose(
                actor,
                title=typed["title"],
                problem=typed["problem"],
                options=typed["options"].splitlines(),
                proposal=typed["proposal"],
                reviewers=[r.strip() for r in typed["reviewers"].replace(",", " ").split()],
                matter=matter,
                manager=typed["manager"].strip(),
            )
        )
        if made is not None:
            messages.success(request, f"Decision “{made.title}” proposed.")
            return redirect("workflows:decision", decision_id=made.id)
    context = {
        "page_title": "Decisions",
        "decisions": api.decisions(actor, query, state),
        "query": query,
        "state": state_text,
        "states": list(DecisionState),
        "typed": typed,
    }
    return page_with_errors(request, "workflows/decisions.html", context, errors)


def _decision_page(
    request: HttpRequest, decision_id: int, errors: list | None = None
) -> HttpResponse:
    actor = _actor(request)
    found = or_404(lambda: api.decision(actor, decision_id))
    context = {
        "page_title": found.title,
        "d": found,
        "settles": api.who_decides(found),
        "is_author": actor.username == found.author,
    }
    return page_with_errors(request, "workflows/decision.html", context, errors)


@login_required
def decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    return _decision_page(request, decision_id)


@login_required
@require_POST
def decision_edit(request: HttpRequest, decision_id: int) -> HttpResponse:
    """WF-3: the author edits the open proposal; the history keeps what it was."""
    actor = _actor(request)
    typed, errors = posted(request, "title", "problem", "options", "proposal")
    if errors:
        return _decision_page(request, decision_id, errors)
    done, errors = attempt(
        lambda: api.revise(
            actor,
            decision_id,
            title=typed["title"],
            problem=typed["problem"],
            options=typed["options"].splitlines(),
            proposal=typed["proposal"],
        )
    )
    if done is None:
        return _decision_page(request, decision_id, errors)
    messages.success(request, "Proposal edited; the earlier text is kept in its history.")
    return redirect(reverse("workflows:decision", args=[decision_id]) + "#history-heading")


@login_required
@require_POST
def decision_comment(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = _actor(request)
    typed, errors = posted(request, "text")
    if errors:
        return _decision_page(request, decision_id, errors)
    text, blocking = typed["text"], request.POST.get("blocking") == "1"
    made, errors = attempt(lambda: api.comment(actor, decision_id, text, blocking))
    if made is None:
        return _decision_page(request, decision_id, errors)
    messages.success(
        request, "Blocking comment added: the decision is paused." if blocking else "Comment added."
    )
    return redirect(reverse("workflows:decision", args=[decision_id]) + f"#comment-{made.id}")


@login_required
@require_POST
def decision_resolve(request: HttpRequest, decision_id: int, comment_id: int) -> HttpResponse:
    actor = _actor(request)
    done, errors = attempt(lambda: api.resolve(actor, decision_id, comment_id))
    if done is None:
        return _decision_page(request, decision_id, errors)
    messages.success(request, "Comment resolved.")
    return redirect("workflows:decision", decision_id=decision_id)


@login_required
@require_POST
def decision_agree(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = _actor(request)
    done, errors = attempt(lambda: api.agree(actor, decision_id))
    if done is None:
        return _decision_page(request, decision_id, errors)
    messages.success(request, "Recorded as agreed.")
    return redirect("workflows:decision", decision_id=decision_id)


@login_required
@require_POST
def decision_decide(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = _actor(request)
    typed, errors = posted(request, "outcome")
    if errors:
        return _decision_page(request, decision_id, errors)
    outcome = typed["outcome"]
    done, errors = attempt(lambda: api.decide(actor, decision_id, outcome))
    if done is None:
        return _decision_page(request, decision_id, errors)
    messages.success(request, "Decided.")
    return redirect("workflows:decision", decision_id=decision_id)


# --- WF-4 instance tests -------------------------------------------------------------------


@login_required
def instance_tests(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    typed, errors = posted(request, "instance", "reason")
    if request.method == "POST" and not errors:
        made, errors = attempt(
            lambda: api.start_instance_test(actor, typed["instance"], typed["reason"])
        )
        if made is not None:
            messages.success(request, f"Instance test of {made[0].instance} started.")
            return redirect("workflows:instance_test", test_id=made[0].id)
    context = {
        "page_title": "Instance tests",
        "tests": api.instance_tests(actor),
        "typed": typed,
    }
    return page_with_errors(request, "workflows/instance_tests.html", context, errors)


def _test_page(
    request: HttpRequest, test_id: int, errors: list | None = None, failed_item: int | None = None
) -> HttpResponse:
    actor = _actor(request)
    info, run = or_404(lambda: api.instance_test(actor, test_id))
    context = {
        "page_title": f"Instance test: {info.instance}",
        "info": info,
        "run": run,
        "sections": run.sections(),
        "counts": _named(run.counts()),
        "results": [
            (r.value, "n/a — not applicable" if r is Result.NOT_APPLICABLE else r.value)
            for r in Result
            if r.value
        ],
        "failed_item": failed_item,
    }
    return page_with_errors(request, "workflows/instance_test.html", context, errors)


@login_required
def instance_test(request: HttpRequest, test_id: int) -> HttpResponse:
    return _test_page(request, test_id)


@login_required
@require_POST
def instance_test_item(request: HttpRequest, test_id: int, item_id: int) -> HttpResponse:
    actor = _actor(request)
    text = request.POST.get("result", "")
    if text not in {r.value for r in Result if r.value}:
        return _test_page(
            request, test_id, [("result", "WF-4", "choose pass, fail or n/a")], item_id
        )
    typed, errors = posted(request, "note")
    if errors:
        return _test_page(request, test_id, errors, item_id)
    note = typed["note"]
    done, errors = attempt(lambda: api.record(actor, test_id, item_id, Result(text), note))
    if done is None:
        return _test_page(request, test_id, errors, item_id)
    messages.success(request, "Result saved.")
    return redirect(reverse("workflows:instance_test", args=[test_id]) + f"#item-{item_id}")


@login_required
def instance_test_report(request: HttpRequest, test_id: int) -> HttpResponse:
    """WF-4: the report to share — counts per section, then every fail and n/a with its note."""
    actor = _actor(request)
    info, run = or_404(lambda: api.instance_test(actor, test_id))
    context = {
        "page_title": f"Instance test report: {info.instance}",
        "info": info,
        "run": run,
        "counts": _named(run.counts()),
        "sections": [(name, _named(c)) for name, c in api.section_counts(run)],
        "notes": [i for i in run.items if i.note],
    }
    return render(request, "workflows/report.html", context)
