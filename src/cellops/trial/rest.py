"""JSON door of the newcomers' trial (API.md § Newcomers' trial): parse, call api, render.

Bad numbers are left to the handbook rules where one decides them, so a
refusal names its rule: an extension of 3 sprints is a TR-4 violation, a
clean sprint question about 0 sprints or an unknown kind a TR-6 one. The
bounds on the integers only keep absurd values out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status

from cellops.org import api as org_api
from cellops.trial import api
from cellops.trial.data import NOTE_LIMIT, ReviewDetail
from cellops.web.schemas import Day, Text, Username

router = Router(tags=["trial"])

KindName = Text(20, 1)


class ScheduleQuery(Schema):
    start: Day = Field(description="The newcomer's first day, YYYY-MM-DD.")


class ReviewSprintOut(Schema):
    number: int
    start: date
    end: date


class ScheduleOut(Schema):
    start_date: date
    end_of_trial: date
    review_deadline: date
    screening_review_due: date
    developer_review_sprint: ReviewSprintOut


@router.get(
    "/schedule",
    response=ScheduleOut,
    summary="The key dates of a newcomer's trial (TR-1, TR-2, TR-5)",
)
def schedule(request, query: Query[ScheduleQuery]):
    return api.schedule(org_api.actor_for(request.user), query.start)


class ExtensionQuery(Schema):
    date_of_121: Day = Field(description="The day of the 121 that decided the extension.")
    sprints: int = Field(
        ge=-1000, le=1000, description="How long the extension lasts: 2 or 4 sprints (TR-4)."
    )


class ExtensionOut(Schema):
    end_of_extension: date
    review_deadline: date


@router.get(
    "/extension",
    response=ExtensionOut,
    summary="The end and review deadline of an extension of the trial (TR-4)",
)
def extension(request, query: Query[ExtensionQuery]):
    return api.extension(org_api.actor_for(request.user), query.date_of_121, query.sprints)


class CleanSprintsQuery(Schema):
    sprints: int = Field(
        ge=-1000, le=1000, description="How many sprints are counted: 1 or more (TR-6)."
    )
    kind: KindName = Field(
        description="Whose sprints: initial (trial), extended (trial) or core (member)."
    )


class CleanSprintsOut(Schema):
    required: int


@router.get(
    "/clean-sprints",
    response=CleanSprintsOut,
    summary="The minimum number of clean sprints out of N (TR-6)",
)
def clean_sprints(request, query: Query[CleanSprintsQuery]):
    actor = org_api.actor_for(request.user)
    return {"required": api.clean_sprints_required(actor, query.sprints, query.kind)}


# --- reviews (TR-2, TR-3, TR-4) -------------------------------------------------------

ReviewId = Annotated[int, Field(ge=1, le=2_147_483_647)]
Note = Text(NOTE_LIMIT)


class ReviewOut(Schema):
    id: int
    kind: str
    due: date
    sprint: int | None
    reviewers: list[str]
    voted: list[str]
    state: str
    outcome: str | None


class ReviewsOut(Schema):
    items: list[ReviewOut]


def _review_out(review) -> dict:
    return {
        "id": review.id,
        "kind": review.kind.value,
        "due": review.due,
        "sprint": review.sprint,
        "reviewers": list(review.reviewers),
        "voted": list(review.voted),
        "state": review.state.value,
        "outcome": review.outcome,
    }


@router.get(
    "/newcomers/{username}/reviews",
    response=ReviewsOut,
    summary="A newcomer's reviews, made by the software (TR-2, TR-3, TR-4, TR-5)",
)
def reviews(request, username: Username):
    found = api.reviews_of(org_api.actor_for(request.user), username)
    return {"items": [_review_out(r) for r in found]}


class ReviewNotesIn(Schema):
    technical_skills: Note = ""
    time_management: Note = ""
    communication: Note = ""
    adaptability: Note = ""
    potential_for_growth: Note = ""


class ReviewVoteIn(Schema):
    vote: Text(10, 1) = Field(description="continue|end (screening), accept|extend|end (developer)")
    comment: Note = ""
    notes: ReviewNotesIn | None = None


class ReviewVoteOut(Schema):
    reviewer: str
    vote: str
    comment: str
    notes: dict[str, str]


class ReviewDetailOut(ReviewOut):
    votes: list[ReviewVoteOut]
    votes_hidden: bool
    decided_by: str
    note: str
    extension_sprints: int | None


def _detail_out(detail: ReviewDetail) -> dict:
    review = detail.review
    return {
        **_review_out(review),
        "votes": [
            {"reviewer": v.reviewer, "vote": v.vote, "comment": v.comment, "notes": dict(v.notes)}
            for v in detail.votes
        ],
        "votes_hidden": detail.votes_hidden,
        "decided_by": review.decided_by,
        "note": review.decision_note,
        "extension_sprints": review.extension_sprints,
    }


@router.get(
    "/reviews/{review_id}",
    response=ReviewDetailOut,
    summary="One review; the others' votes only once you voted (TR-3)",
)
def review(request, review_id: ReviewId):
    return _detail_out(api.review(org_api.actor_for(request.user), review_id))


@router.post(
    "/reviews/{review_id}/votes",
    response={201: ReviewDetailOut},
    summary="Your own vote on a review, with a note per criterion; again replaces it (TR-2, TR-3)",
)
def vote(request, review_id: ReviewId, payload: ReviewVoteIn):
    notes = payload.notes.dict() if payload.notes else None
    detail = api.vote(
        org_api.actor_for(request.user), review_id, payload.vote, payload.comment, notes
    )
    return Status(201, _detail_out(detail))


class DecideIn(Schema):
    outcome: Text(10, 1)
    sprints: int | None = Field(
        None, ge=-1000, le=1000, description="An extension's length: 2 or 4 sprints (TR-4)."
    )
    date_of_121: Day | None = Field(None, description="The 121 of an extension; default today.")
    note: Note = ""


@router.post(
    "/reviews/{review_id}/decide",
    response=ReviewOut,
    summary="Record a review's outcome: the mentor (screening), the manager involved or the CEO",
)
def decide(request, review_id: ReviewId, payload: DecideIn):
    decided = api.decide(
        org_api.actor_for(request.user),
        review_id,
        payload.outcome,
        sprints=payload.sprints,
        date_of_121=payload.date_of_121,
        note=payload.note,
    )
    return _review_out(decided)
