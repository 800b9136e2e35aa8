"""The trial timeline page (TR-1, TR-2, TR-4 to TR-7): parse the query, call api, render.

Works without JavaScript (a GET form); with htmx the form refreshes only the
page's form-and-result region and a polite live region says what changed.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.trial import api, chart
from cellops.trial.data import CRITERIA, VOTES
from cellops.trial.forms import DecideForm, TimelineForm, VoteForm


@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    actor = org_api.actor_for(request.user)
    today = date.today()
    query = request.GET if any(f in request.GET for f in TimelineForm.base_fields) else None
    if query is None and (mine := api.default_newcomer_for(actor, today)):
        query = {"newcomer": mine}
    form = TimelineForm(query, newcomers=api.newcomers(actor, today))
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    extension = result = None
    # Each part that parsed is checked, so every problem shows at once.
    if data.get("date_of_121") is not None and data.get("sprints") is not None:
        with form.refusals():
            extension = api.extension(actor, data["date_of_121"], data["sprints"])
    if data.get("trial_start") is not None:
        with form.refusals():
            result = api.timeline(actor, data["trial_start"], today, extension)
    if form.errors:
        result = None
    whose = form.picked.full_name if form.picked and result else ""
    context = {
        "page_title": "Trial timeline",
        "form": form,
        "timeline": result,
        "whose": whose,
        "chart": chart.build(result, whose) if result else None,
        "today_sentence": chart.today_sentence(result) if result else "",
        "review_flags": [
            f
            for f in api.review_flags(actor, today)
            if form.picked and f.newcomer == form.picked.username
        ]
        if result
        else [],
    }
    context["reviews"] = _reviews_of(actor, form.picked.username) if form.picked and result else []
    partial = request.htmx and not request.htmx.history_restore_request
    template = "trial/timeline.html#page" if partial else "trial/timeline.html"
    return render(request, template, context)


# --- reviews (TR-2, TR-3, TR-4) -----------------------------------------------------


def _reviews_of(actor, username: str) -> list:
    """The newcomer's reviews below their timeline, for those who may read them."""
    try:
        return api.reviews_of(actor, username)
    except PermissionDenied:
        return []


def _review_page(request, actor, review_id: int, vote_form=None, decide_form=None, status=200):
    detail = api.review(actor, review_id)
    kind = detail.review.kind
    if vote_form is None:
        mine = detail.my_vote
        initial = {"vote": mine.vote, "comment": mine.comment, **mine.notes} if mine else None
        vote_form = VoteForm(initial=initial, votes=VOTES[kind])
    if decide_form is None:
        decide_form = DecideForm(
            initial={"outcome": detail.suggested_outcome}, outcomes=VOTES[kind]
        )
    newcomer_name = org_api.full_names().get(detail.review.newcomer, detail.review.newcomer)
    context = {
        "page_title": f"{kind.value.capitalize()} review of {newcomer_name}",
        "detail": detail,
        "review": detail.review,
        "criteria": CRITERIA,
        "vote_form": vote_form,
        "decide_form": decide_form,
        "brief": api.reviewer_brief(actor, review_id),
    }
    return render(request, "trial/review.html", context, status=status)


@login_required
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    """A review: its reviewers, my vote (with the five notes), the others' votes once I
    voted, the figures to look at, and the decision for who may record it."""
    try:
        return _review_page(request, org_api.actor_for(request.user), review_id)
    except NotFound as missing:
        raise Http404(missing.message) from None


@login_required
@require_POST
def vote(request: HttpRequest, review_id: int) -> HttpResponse:
    actor = org_api.actor_for(request.user)
    try:
        detail = api.review(actor, review_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    form = VoteForm(request.POST, votes=VOTES[detail.review.kind])
    if form.is_valid():
        try:
            api.vote(
                actor,
                review_id,
                form.cleaned_data["vote"],
                form.cleaned_data["comment"],
                form.notes(),
                require_notes=True,
            )
        except (InvalidInput, RuleRefusal) as refused:
            form.refuse(refused)
        else:
            messages.success(request, "Your vote is recorded.")
            return redirect("trial:review", review_id=review_id)
    return _review_page(request, actor, review_id, vote_form=form, status=422)


@login_required
@require_POST
def decide(request: HttpRequest, review_id: int) -> HttpResponse:
    actor = org_api.actor_for(request.user)
    try:
        detail = api.review(actor, review_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    form = DecideForm(request.POST, outcomes=VOTES[detail.review.kind])
    if form.is_valid():
        data = form.cleaned_data
        try:
            api.decide(
                actor,
                review_id,
                data["outcome"],
                sprints=data["sprints"],
                date_of_121=data["date_of_121"],
                note=data["note"],
            )
        except (InvalidInput, RuleRefusal) as refused:
            form.refuse(refused)
        else:
            messages.success(request, f"The outcome is recorded: {data['outcome']}.")
            return redirect("trial:review", review_id=review_id)
    return _review_page(request, actor, review_id, decide_form=form, status=422)
