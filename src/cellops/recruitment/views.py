"""Recruitment pages: the public application form (no login) and the round pages (RC-7).

Parse, call api, render. The public form never shows a server error: every refusal is
the form again, with what was typed, and the message on its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.recruitment import api, rules
from cellops.recruitment.forms import ApplicationForm
from cellops.web.client import client_address


def apply(request: HttpRequest) -> HttpResponse:
    """The public application form: GET shows it, POST sends it (no login)."""
    open_round = api.open_round_id()
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_robot():
            return redirect("recruitment:thanks")  # the honeypot: nothing stored
        if form.is_valid():
            application = form.application()
            problems = rules.application_problems(application)
            if problems:
                form.problems(problems)
            else:
                try:
                    api.submit(application, open_round, address=client_address(request))
                except Conflict as duplicate:
                    form.add_error("email", duplicate.message)
                except api.TooManyCandidatures as too_many:
                    form.add_error(None, str(too_many))
                    status = 429
                except (InvalidInput, NotFound) as refused:
                    form.problems({refused.field: refused.message})
                else:
                    return redirect("recruitment:thanks")
        if status == 200:
            status = 422
    context = {"page_title": "Apply to join us", "form": form, "open": open_round is not None}
    return render(request, "recruitment/apply.html", context, status=status)


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/thanks.html", {"page_title": "Thank you"})


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    actor = org_api.actor_for(request.user)
    found = api.rounds(actor)
    return render(
        request, "recruitment/rounds.html", {"page_title": "Recruitment", "rounds": found}
    )


@login_required
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """RC-1, RC-2, RC-7: counts by status, claim my share, my candidatures by status."""
    actor = org_api.actor_for(request.user)
    try:
        counts = api.round_counts(actor, round_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    mine = api.candidatures(actor, round_id, assignee=actor.username)
    context = {
        "page_title": counts.round.name,
        "counts": counts,
        "mine": mine,
        "everyone": api.candidatures(actor, round_id),
        "claim_size": rules.claim_size(counts.unassigned, len(counts.round.cells)),
    }
    return render(request, "recruitment/round.html", context)


@login_required
@require_POST
def claim(request: HttpRequest, round_id: int) -> HttpResponse:
    actor = org_api.actor_for(request.user)
    try:
        result = api.claim(actor, round_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    except RuleRefusal as refused:
        for violation in refused.violations:
            messages.error(request, f"{violation.rule}: {violation.message}")
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        taken = len(result.claimed)
        messages.success(
            request,
            f"You claimed {taken} candidature{'s' if taken != 1 else ''}."
            if taken
            else "There was nothing left to claim; your 48 hours have not started.",
        )
    return redirect("recruitment:round", round_id=round_id)


@login_required
@require_POST
def close(request: HttpRequest, round_id: int) -> HttpResponse:
    """RC-1: the CEO closes the round; the page then shows it closed."""
    actor = org_api.actor_for(request.user)
    try:
        api.round_counts(actor, round_id)  # RC-7: 404 for anyone who may not see it
        api.close_round(actor, round_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        messages.success(request, "The round is closed: the public form takes no more.")
    return redirect("recruitment:round", round_id=round_id)


@login_required
def candidature_page(request: HttpRequest, candidature_id: int) -> HttpResponse:
    """RC-3 to RC-7: one candidature, its history, interview and scorecard; the interview
    script for recruitment managers and the CEO. 404 for anyone RC-7 does not name."""
    actor = org_api.actor_for(request.user)
    try:
        found = api.candidature(actor, candidature_id)
        interview = api.interview(actor, candidature_id)
        script = api.interview_script(actor)
    except NotFound as missing:
        raise Http404(missing.message) from None
    labels = dict(api.criteria())
    context = {
        "page_title": f"Candidature of {found.name}",
        "c": found,
        "interview": interview,
        "grades": [(labels.get(g.criterion, g.criterion), g) for g in interview.grades]
        if interview
        else [],
        "script": script,
        "preselection": found.preselection,
    }
    return render(request, "recruitment/candidature.html", context)


@login_required
def invitation(request: HttpRequest, candidature_id: int) -> HttpResponse:
    """RC-6: the interview's `.ics`, as e-mailed to the candidate."""
    try:
        content = api.invitation_ics(org_api.actor_for(request.user), candidature_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{candidature_id}.ics"'
    return response
