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
from cellops.recruitment.data import FLOW, Status
from cellops.recruitment.forms import (
    ApplicationForm,
    GradesForm,
    PreselectionForm,
    ScheduleForm,
    StatusForm,
)
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


def _forms(actor, found, interview, bound: dict) -> dict:
    """The forms the candidature's status calls for (RC-3 to RC-6), bound when refused."""
    status = found.status
    out = {}
    if status is Status.ASSIGNED:
        out["preselect_form"] = bound.get("preselect") or PreselectionForm(
            initial={
                "years_experience": found.years_experience,
                "python": "clear",
                "django": "clear",
                "react": "clear",
                "contribution_url": found.contributions[0] if found.contributions else "",
            }
        )
    if status in (Status.SELECTED, Status.INTERVIEW_SCHEDULED):
        out["schedule_form"] = bound.get("schedule") or ScheduleForm(
            initial={"interviewer": actor.username},
            interviewers=api.interviewers(actor, found.id),
        )
    if interview and status in (Status.INTERVIEW_SCHEDULED, Status.INTERVIEWED):
        initial = {"recording_url": interview.recording_url}
        for g in interview.grades:
            initial[f"grade_{g.criterion}"] = g.grade
            initial[f"comment_{g.criterion}"] = g.comment
        out["grades_form"] = bound.get("grades") or GradesForm(
            initial=initial, criteria=api.criteria()
        )
    allowed = [
        s.value
        for s in FLOW[status]
        if s not in (Status.REJECTED, Status.SELECTED, Status.INTERVIEW_SCHEDULED)
        and not (s is Status.INTERVIEWED and status is Status.INTERVIEW_SCHEDULED)
    ]
    if allowed or bound.get("step"):  # a refused step shows why, even with nothing next
        form = bound.get("step") or StatusForm(allowed=allowed)
        form.offer(allowed)  # refused: what is next from here
        out["status_form"] = form
    return out


def _candidature_page(request, actor, candidature_id: int, status: int = 200, **bound):
    try:
        found = api.candidature(actor, candidature_id)
        interview = api.interview(actor, candidature_id)
        script = api.interview_script(actor)
        forms = _forms(actor, found, interview, bound)
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
        **forms,
    }
    return render(request, "recruitment/candidature.html", context, status=status)


@login_required
def candidature_page(request: HttpRequest, candidature_id: int) -> HttpResponse:
    """RC-3 to RC-7: one candidature, its history, the pre-selection form, the interview and
    scorecard; the interview script for recruitment managers and the CEO. 404 for anyone
    RC-7 does not name."""
    return _candidature_page(request, org_api.actor_for(request.user), candidature_id)


def _visible_or_404(actor, candidature_id: int):
    try:
        return api.candidature(actor, candidature_id)
    except NotFound as missing:
        raise Http404(missing.message) from None


def _done(candidature_id: int, request: HttpRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("recruitment:candidature", candidature_id=candidature_id)


@login_required
@require_POST
def preselect(request: HttpRequest, candidature_id: int) -> HttpResponse:
    """RC-3, RC-4: record the pre-selection decision from the application's fields."""
    actor = org_api.actor_for(request.user)
    _visible_or_404(actor, candidature_id)
    form = PreselectionForm(request.POST)
    if form.is_valid():
        with form.refusals():
            status, reasons, skills, _ = api.preselect(actor, candidature_id, form.preselection())
            return _done(
                candidature_id,
                request,
                f"Pre-selection recorded: {status.value}"
                + (f" ({len(reasons)} reason{'s' if len(reasons) != 1 else ''})" if reasons else "")
                + f"; skills {skills}.",
            )
    return _candidature_page(request, actor, candidature_id, 422, preselect=form)


@login_required
@require_POST
def schedule(request: HttpRequest, candidature_id: int) -> HttpResponse:
    """RC-6: schedule (or move) the interview; the candidate is e-mailed the invitation."""
    actor = org_api.actor_for(request.user)
    _visible_or_404(actor, candidature_id)
    form = ScheduleForm(request.POST, interviewers=api.interviewers(actor, candidature_id))
    if form.is_valid():
        with form.refusals():
            api.schedule_interview(
                actor, candidature_id, form.cleaned_data["at"], form.cleaned_data["interviewer"]
            )
            return _done(candidature_id, request, "Interview scheduled; the invitation is sent.")
    return _candidature_page(request, actor, candidature_id, 422, schedule=form)


@login_required
@require_POST
def grades(request: HttpRequest, candidature_id: int) -> HttpResponse:
    """RC-6: the interviewer's scorecard and the recording link."""
    actor = org_api.actor_for(request.user)
    _visible_or_404(actor, candidature_id)
    form = GradesForm(request.POST, criteria=api.criteria())
    if form.is_valid():
        try:
            with form.refusals():
                api.record_grades(
                    actor, candidature_id, form.grades(), form.cleaned_data["recording_url"]
                )
                return _done(candidature_id, request, "The scorecard is recorded.")
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
    return _candidature_page(request, actor, candidature_id, 422, grades=form)


@login_required
@require_POST
def step(request: HttpRequest, candidature_id: int) -> HttpResponse:
    """RC-5: the next step of the flow; a refusal after the interview sends the e-mail."""
    actor = org_api.actor_for(request.user)
    _visible_or_404(actor, candidature_id)
    # any status is taken as input: the use case refuses a jump naming RC-5 and what is next
    form = StatusForm(request.POST, allowed=[s.value for s in Status])
    if form.is_valid():
        d = form.cleaned_data
        try:
            with form.refusals():
                api.change_status(
                    actor,
                    candidature_id,
                    d["to"],
                    d["note"],
                    cell=d["cell"] or None,
                    start_date=d["start_date"],
                    mentor=d["mentor"] or None,
                )
                return _done(candidature_id, request, f"Status changed to {d['to']}.")
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
    return _candidature_page(request, actor, candidature_id, 422, step=form)


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
