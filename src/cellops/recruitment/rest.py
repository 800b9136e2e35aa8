"""JSON door of recruitment (API.md § Recruitment): parse, call api, render.

Only `POST /recruitment/candidatures` is public (no authentication); every other
operation needs a login, and RC-7 decides who sees a candidature (404 for the others).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from cellops.org import api as org_api
from cellops.recruitment import api
from cellops.recruitment.data import (
    Application,
    Candidature,
    CellNeed,
    Clarity,
    Contribution,
    Grade,
    Interview,
    Preselection,
    Round,
)
from cellops.web.client import client_address
from cellops.web.problems import problem
from cellops.web.schemas import Day, Name, Text, Username

router = Router(tags=["recruitment"])

Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Small = Annotated[int, Field(ge=-1000, le=1000)]
Long = Text(4000)


class CellNeedIn(Schema):
    cell: Name
    wanted: Small
    margin: Small = 0


class RoundIn(Schema):
    name: Text(120)
    cells: list[CellNeedIn] = Field(max_length=50)


class CellNeedOut(Schema):
    cell: str
    wanted: int
    margin: int


class RoundOut(Schema):
    id: int
    name: str
    state: str
    cells: list[CellNeedOut]


def _round(found: Round) -> dict:
    return {
        "id": found.id,
        "name": found.name,
        "state": found.state.value,
        "cells": [{"cell": c.cell, "wanted": c.wanted, "margin": c.margin} for c in found.cells],
    }


@router.post("/rounds", response={201: RoundOut}, summary="Open a recruitment round (RC-1)")
def open_round(request, payload: RoundIn):
    cells = [CellNeed(c.cell, c.wanted, c.margin) for c in payload.cells]
    found = api.open_round(org_api.actor_for(request.user), payload.name, cells)
    return Status(201, _round(found))


@router.post("/rounds/{round_id}/close", response=RoundOut, summary="Close a round (RC-1)")
def close_round(request, round_id: Id):
    return _round(api.close_round(org_api.actor_for(request.user), round_id))


class ApplicationIn(Schema):
    round: Id | None = None
    name: Text(200)
    email: Text(254)
    timezone: Text(64) = ""
    contributions: list[Text(500)] = Field(default_factory=list, max_length=10)
    no_contribution: bool = False
    years_experience: Annotated[int, Field(ge=0, le=60)]
    python: Long
    django: Long
    react: Long
    motivation: Long


class ReceivedOut(Schema):
    id: int
    received: datetime


@router.post(
    "/candidatures",
    auth=None,
    response={201: ReceivedOut},
    summary="Apply: the public candidature form, no login (RC-1); the same e-mail twice → 409",
)
def apply(request, payload: ApplicationIn):
    application = Application(
        name=payload.name,
        email=payload.email,
        timezone=payload.timezone,
        contributions=tuple(payload.contributions),
        no_contribution=payload.no_contribution,
        years_experience=payload.years_experience,
        python=payload.python,
        django=payload.django,
        react=payload.react,
        motivation=payload.motivation,
    )
    try:
        received = api.submit(application, payload.round, address=client_address(request))
    except api.TooManyCandidatures as too_many:
        return _too_many(str(too_many))
    return Status(201, {"id": received.id, "received": received.received})


def _too_many(detail: str) -> HttpResponse:
    response = problem(429, detail)
    response["Retry-After"] = "3600"
    return response


class CandidatureOut(Schema):
    id: int
    round: int
    status: str
    assignee: str | None
    received: datetime
    name: str
    email: str
    timezone: str
    contributions: list[str]
    no_contribution: bool
    years_experience: int
    python: str
    django: str
    react: str
    motivation: str
    skills: str
    exclusivity_check: bool
    rejection_reasons: list[str]


class CandidaturesOut(Schema):
    items: list[CandidatureOut]
    count: int


def _candidature(c: Candidature) -> dict:
    return {
        "id": c.id,
        "round": c.round,
        "status": c.status.value,
        "assignee": c.assignee,
        "received": c.received,
        "name": c.name,
        "email": c.email,
        "timezone": c.timezone,
        "contributions": list(c.contributions),
        "no_contribution": c.no_contribution,
        "years_experience": c.years_experience,
        "python": c.python,
        "django": c.django,
        "react": c.react,
        "motivation": c.motivation,
        "skills": c.skills,
        "exclusivity_check": c.exclusivity_check,
        "rejection_reasons": list(c.rejection_reasons),
    }


class CandidaturesQuery(Schema):
    round: Id | None = None
    status: Text(30) | None = None
    assignee: Username | None = None


@router.get(
    "/candidatures",
    response=CandidaturesOut,
    summary="Candidatures (RC-7: only the round's recruitment managers and the CEO see any)",
)
def candidatures(request, query: Query[CandidaturesQuery]):
    found = api.candidatures(
        org_api.actor_for(request.user), query.round, query.status, query.assignee
    )
    return {"items": [_candidature(c) for c in found], "count": len(found)}


@router.get(
    "/candidatures/{candidature_id}",
    response=CandidatureOut,
    summary="One candidature (RC-7: 404 for anyone but the round's managers and the CEO)",
)
def candidature(request, candidature_id: Id):
    return _candidature(api.candidature(org_api.actor_for(request.user), candidature_id))


class ClaimOut(Schema):
    claimed: list[int]
    next_claim_at: datetime | None


@router.post(
    "/rounds/{round_id}/claim",
    response=ClaimOut,
    summary="Claim my share: ceil(U / X) of the oldest unassigned candidatures (RC-2)",
)
def claim(request, round_id: Id):
    found = api.claim(org_api.actor_for(request.user), round_id)
    return {"claimed": list(found.claimed), "next_claim_at": found.next_claim_at}


class ContributionIn(Schema):
    url: Text(500)
    merged: bool
    third_party: bool
    described: bool
    stars: Annotated[int, Field(ge=0, le=10_000_000)]
    forks: Annotated[int, Field(ge=0, le=10_000_000)]


ClarityName = Literal["clear", "doubt", "none"]


class PreselectionIn(Schema):
    contribution: ContributionIn | None
    writing_ok: bool
    python: ClarityName
    django: ClarityName
    react: ClarityName
    years_experience: Annotated[int, Field(ge=0, le=60)]
    open_source_exception: bool = False
    recent_open_edx_provider: bool = False
    notes: Long = ""


class ViolationOut(Schema):
    rule: str
    message: str


class PreselectionOut(Schema):
    status: str
    violations: list[ViolationOut]
    skills: str
    exclusivity_check: bool


@router.post(
    "/candidatures/{candidature_id}/preselection",
    response=PreselectionOut,
    summary="Pre-select in the handbook's order: contribution first (RC-3), skills (RC-4)",
)
def preselection(request, candidature_id: Id, payload: PreselectionIn):
    c = payload.contribution
    check = Preselection(
        contribution=Contribution(c.url, c.merged, c.third_party, c.described, c.stars, c.forks)
        if c
        else None,
        writing_ok=payload.writing_ok,
        python=Clarity(payload.python),
        django=Clarity(payload.django),
        react=Clarity(payload.react),
        years_experience=payload.years_experience,
        open_source_exception=payload.open_source_exception,
        recent_open_edx_provider=payload.recent_open_edx_provider,
        notes=payload.notes,
    )
    status, reasons, skills, exclusivity = api.preselect(
        org_api.actor_for(request.user), candidature_id, check
    )
    return {
        "status": status.value,
        "violations": [{"rule": v.rule, "message": v.message} for v in reasons],
        "skills": skills,
        "exclusivity_check": exclusivity,
    }


class StatusIn(Schema):
    to: Text(30, 1)
    note: Text(2000) = ""
    cell: Name | None = None
    start_date: Day | None = None
    mentor: Username | None = None


@router.post(
    "/candidatures/{candidature_id}/status",
    response=CandidatureOut,
    summary="One step of the status flow (RC-5); `hired` creates the member as a newcomer",
)
def change_status(request, candidature_id: Id, payload: StatusIn):
    found = api.change_status(
        org_api.actor_for(request.user),
        candidature_id,
        payload.to,
        payload.note,
        cell=payload.cell,
        start_date=payload.start_date,
        mentor=payload.mentor,
    )
    return _candidature(found)


@router.get(
    "/candidatures/{candidature_id}/export",
    response=dict,
    summary="Everything kept about a candidate, as JSON (RC-7)",
)
def export(request, candidature_id: Id):
    return api.export(org_api.actor_for(request.user), candidature_id)


@router.delete(
    "/candidatures/{candidature_id}",
    response={204: None},
    summary="Erase a candidate's personal data; anonymous counts stay (RC-7)",
)
def erase(request, candidature_id: Id):
    api.erase(org_api.actor_for(request.user), candidature_id)
    return Status(204, None)


class InterviewIn(Schema):
    at: datetime
    interviewer: Username


class GradeOut(Schema):
    criterion: str
    grade: int
    comment: str


class InterviewOut(Schema):
    candidature: int
    at: datetime
    interviewer: str
    minutes: int
    sequence: int
    grades: list[GradeOut]
    recording_url: str
    invitation_sent: datetime | None


def _interview(found: Interview) -> dict:
    return {
        "candidature": found.candidature,
        "at": found.at,
        "interviewer": found.interviewer,
        "minutes": found.minutes,
        "sequence": found.sequence,
        "grades": [g.__dict__ for g in found.grades],
        "recording_url": found.recording_url,
        "invitation_sent": found.invitation_sent,
    }


@router.post(
    "/candidatures/{candidature_id}/interview",
    response={201: InterviewOut},
    summary="Schedule the interview: the candidate is e-mailed an .ics invitation (RC-5, RC-6)",
)
def schedule_interview(request, candidature_id: Id, payload: InterviewIn):
    found = api.schedule_interview(
        org_api.actor_for(request.user), candidature_id, payload.at, payload.interviewer
    )
    return Status(201, _interview(found))


class GradeIn(Schema):
    criterion: Text(40, 1)
    # RC-6: a whole number, strictly: `true` or `"4"` is not a grade
    grade: Annotated[int, Field(ge=1, le=5, strict=True)]
    comment: Long


class GradesIn(Schema):
    grades: list[GradeIn] = Field(max_length=20)
    recording_url: Text(500) = ""


@router.post(
    "/candidatures/{candidature_id}/grades",
    response={201: InterviewOut},
    summary="The interviewer's scorecard: 1–5 and a comment per criterion, the recording (RC-6)",
)
def grades(request, candidature_id: Id, payload: GradesIn):
    found = api.record_grades(
        org_api.actor_for(request.user),
        candidature_id,
        [Grade(g.criterion, g.grade, g.comment) for g in payload.grades],
        payload.recording_url,
    )
    return Status(201, _interview(found))
