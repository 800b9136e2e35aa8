"""JSON door of the newcomers' trial (API.md § Newcomers' trial): parse, call api, render.

Bad numbers are left to the handbook rules where one decides them, so a
refusal names its rule: an extension of 3 sprints is a TR-4 violation, a
clean sprint question about 0 sprints or an unknown kind a TR-6 one. The
bounds on the integers only keep absurd values out.
"""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema

from cellops.org import api as org_api
from cellops.trial import api
from cellops.web.schemas import Day, Text

router = Router(tags=["trial"])

KindName = Text(20, 1)


class ScheduleQuery(Schema):
    start: Day = Field(description="The newcomer's first day, YYYY-MM-DD.")


class SprintOut(Schema):
    number: int
    start: date
    end: date


class ScheduleOut(Schema):
    start_date: date
    end_of_trial: date
    review_deadline: date
    screening_review_due: date
    developer_review_sprint: SprintOut


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
