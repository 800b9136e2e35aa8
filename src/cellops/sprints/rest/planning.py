"""Estimation (SP-3), capacity (SP-6), start (SP-5), completion (SP-10), reassignments (TO-7)
and the SP-8 paths, in JSON."""

import csv
import io
from dataclasses import asdict

from django.http import HttpResponse
from ninja import Field, Schema, Status

from cellops.org import api as org_api
from cellops.sprints import api
from cellops.sprints.rest._common import Comment, Key, SprintNumber, _actor, _worker, router
from cellops.sprints.rest.tickets import TicketOut
from cellops.web.schemas import Text


class VoteIn(Schema):
    ticket: Key
    value: Text(3, 1)
    comment: Comment = ""


class EstimateOut(Schema):
    ticket: str
    votes: list[dict]
    result: int | None
    discuss: bool


class ProgressOut(Schema):
    member: str
    done: bool
    voted: int


class EstimationOut(Schema):
    state: str
    closes_at: str | None
    tickets: list[EstimateOut]
    members: list[ProgressOut]


def _estimation(result) -> dict:
    body = asdict(result)
    body["closes_at"] = result.closes_at.isoformat() if result.closes_at else None
    return body


@router.post(
    "/sprints/{cell}/{number}/estimation",
    response={201: EstimationOut},
    summary="Open estimation (SP-3)",
)
def open_estimation(request, cell: str, number: SprintNumber):
    return Status(201, _estimation(api.open_estimation(_actor(request), cell, number)))


@router.get(
    "/sprints/{cell}/{number}/estimation",
    response=EstimationOut,
    summary="Estimation state, results and progress (SP-3)",
)
def get_estimation(request, cell: str, number: SprintNumber):
    _worker(request)
    return _estimation(api.estimation(cell, number))


@router.post(
    "/sprints/{cell}/{number}/estimation/votes",
    response=EstimationOut,
    summary="Vote on a ticket (SP-2, SP-3)",
)
def vote(request, cell: str, number: SprintNumber, payload: VoteIn):
    return _estimation(
        api.vote(_actor(request), cell, number, payload.ticket, payload.value, payload.comment)
    )


@router.post(
    "/sprints/{cell}/{number}/estimation/close",
    response=EstimationOut,
    summary="Close estimation: results become story points (SP-3)",
)
def close_estimation(request, cell: str, number: SprintNumber):
    return _estimation(api.close_estimation(_actor(request), cell, number))


class CapacityMemberOut(Schema):
    member: str
    available_hours: float
    committed_hours: float
    remaining_hours: float
    status: str
    unestimated: list[str]


class CapacityOut(Schema):
    sprint: str
    members: list[CapacityMemberOut]


@router.get(
    "/sprints/{cell}/{number}/capacity",
    response=CapacityOut,
    summary="Available vs committed hours (SP-6)",
)
def capacity(request, cell: str, number: SprintNumber):
    _worker(request)
    return {
        "sprint": f"{cell}/{number}",
        "members": api.capacity(cell, number),  # read by attribute, not copied into dicts
    }


@router.get(
    "/sprints/{cell}/{number}/capacity.csv",
    summary="Capacity per member as CSV, the figures of the planning page (SP-6)",
    openapi_extra={"responses": {200: {"description": "text/csv", "content": {"text/csv": {}}}}},
)
def export_capacity_csv(request, cell: str, number: SprintNumber):
    _worker(request)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "sprint",
            "member",
            "available_hours",
            "committed_hours",
            "remaining_hours",
            "status",
            "unestimated",
        ]
    )
    # The page's figures (capacity_details: tentative assignees count before the start, SP-4).
    for m in (d.capacity for d in api.capacity_details(cell, number)):
        writer.writerow(
            [
                f"{cell}/{number}",
                m.member,
                m.available_hours,
                m.committed_hours,
                m.remaining_hours,
                m.status,
                " ".join(m.unestimated),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="capacity-{cell}-{number}.csv"'
    return response


class StartIn(Schema):
    override: bool = False
    confirm: bool = Field(
        False,
        description="SP-5: start before the sprint's day 0 (refused without it, listing how early)",
    )


class CompleteIn(Schema):
    confirm: bool = Field(
        False,
        description="SP-10: complete before the sprint's last day has passed (refused "
        "without it, listing how many days are left)",
    )


class StartOut(Schema):
    sprint: str
    started: bool
    overridden_gaps: list[dict]


@router.post(
    "/sprints/{cell}/{number}/start",
    response=StartOut,
    summary="Start the sprint, or list every readiness gap (SP-4, SP-5)",
)
def start(request, cell: str, number: SprintNumber, payload: StartIn | None = None):
    gaps = api.start(
        _actor(request),
        cell,
        number,
        override=bool(payload and payload.override),
        confirm=bool(payload and payload.confirm),
    )
    return {
        "sprint": f"{cell}/{number}",
        "started": True,
        "overridden_gaps": [g.as_dict() for g in gaps],
    }


class CompletionMemberOut(Schema):
    member: str
    clean: bool
    spillover: list[str]
    reason: str = Field("", description="why their tickets spilled over; empty until given")


class CompletionOut(Schema):
    sprint: str
    moved_to: int
    members: list[CompletionMemberOut]


@router.post(
    "/sprints/{cell}/{number}/complete",
    response=CompletionOut,
    summary="Complete the sprint: spillover and clean sprints (SP-10)",
)
def complete(request, cell: str, number: SprintNumber, payload: CompleteIn | None = None):
    return asdict(
        api.complete(_actor(request), cell, number, confirm=bool(payload and payload.confirm))
    )


class ReassignmentOut(Schema):
    ticket: str
    reason: str


@router.get(
    "/sprints/{cell}/{number}/reassignments",
    response=list[ReassignmentOut],
    summary="Tickets whose assignee or reviewer is away the whole sprint (TO-7)",
)
def reassignments(request, cell: str, number: SprintNumber):
    _worker(request)
    org_api.get_cell(cell, field="cell")
    return [{"ticket": key, "reason": why} for key, why in api.reassignments(cell, number).items()]


@router.post(
    "/tickets/{key}/confirm",
    response=TicketOut,
    summary="Confirm a late replacement ticket (SP-8 a)",
)
def confirm_replacement(request, key: str):
    return asdict(api.confirm_replacement(_actor(request), key))


@router.post(
    "/tickets/{key}/pull",
    response=TicketOut,
    summary="Pull a stretch goal into its sprint when ready and under-committed (SP-8 b)",
)
def pull_stretch(request, key: str):
    return asdict(api.pull_stretch(_actor(request), key))
