"""The trial timeline page (TR-1, TR-2, TR-4 to TR-7): parse the query, call api, render.

Works without JavaScript (a GET form); with htmx the form refreshes only the
page's form-and-result region and a polite live region says what changed.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cellops.org import api as org_api
from cellops.trial import api, chart
from cellops.trial.forms import TimelineForm


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
    partial = request.htmx and not request.htmx.history_restore_request
    template = "trial/timeline.html#page" if partial else "trial/timeline.html"
    return render(request, template, context)
