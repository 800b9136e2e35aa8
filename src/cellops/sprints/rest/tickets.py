"""Tickets in JSON (API.md § Sprints): create, read, patch (SP-2, SP-5, SP-8, SP-9)."""

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from ninja import Field, Schema, Status

from cellops.sprints import api
from cellops.sprints.rest._common import (
    Description,
    HoursIn,
    Key,
    PointsIn,
    StatusName,
    Title,
    _actor,
    _worker,
    router,
)
from cellops.web.schemas import Day, Name, Username


class TicketIn(Schema):
    key: Key | None = None
    title: Title
    description: Description = ""
    cell: Name
    sprint: int | None = Field(None, ge=1, le=100_000)
    stretch: bool = False
    epic: Key | None = None
    account: Name
    story_points: int | None = PointsIn
    assignee: Username | None = None
    reviewer: Username | None = None
    tentative_assignee: Username | None = None
    remaining_hours: Decimal | None = HoursIn
    review_hours: Decimal | None = HoursIn
    due_date: Day | None = None
    replaces: Key | None = None


class TicketOut(Schema):
    key: str
    title: str
    description: str
    cell: str
    sprint: int | None
    stretch: bool
    epic: str | None
    account: str
    story_points: int | None
    status: str
    assignee: str | None
    reviewer: str | None
    tentative_assignee: str | None
    remaining_hours: float | None
    review_hours: float | None
    due_date: date | None
    replaces: str | None
    awaiting_confirmation: bool
    version: int


@router.post("/tickets", response={201: TicketOut}, summary="Create a ticket (SP-2, SP-5, SP-8)")
def create_ticket(request, payload: TicketIn):
    return Status(201, asdict(api.create_ticket(_actor(request), **payload.dict())))


@router.get("/tickets/{key}", response=TicketOut, summary="One ticket")
def get_ticket(request, key: str):
    _worker(request)
    return asdict(api.get_ticket(key))


class TicketPatch(Schema):
    title: Title | None = None
    description: Description | None = None
    status: StatusName | None = None
    story_points: int | None = PointsIn
    assignee: Username | None = None
    reviewer: Username | None = None
    tentative_assignee: Username | None = None
    remaining_hours: Decimal | None = HoursIn
    review_hours: Decimal | None = HoursIn
    due_date: Day | None = None
    epic: Key | None = None
    version: int | None = Field(
        None, ge=1, le=2**31, description="The version you read; a stale one answers 409"
    )


@router.patch(
    "/tickets/{key}",
    response=TicketOut,
    summary="Change a ticket (refused like a creation; 409 when stale)",
)
def patch_ticket(request, key: str, payload: TicketPatch):
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    return asdict(api.update_ticket(_actor(request), key, changes, version=version))
