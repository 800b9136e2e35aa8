"""JSON door of sprints (API.md § Sprints): parse, call api, render."""

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema, Status

from cellops.core.schemas import Day, Name, Text, Username
from cellops.org import api as org_api
from cellops.org.policy import Permission
from cellops.sprints import api

router = Router(tags=["sprints"])

Key = Text(30, 1)
Title = Text(200, 1)
Description = Text(20_000)
Comment = Text(2_000)
StatusName = Literal[
    "Backlog",
    "In progress",
    "Under review",
    "External review / blocker",
    "Long external review / blocked",
    "Merged",
    "Deployed & delivered",
    "Done",
]
SprintNumber = Annotated[int, Field(ge=1, le=100_000)]
HoursIn = Field(None, ge=-1000, le=10_000, max_digits=7, decimal_places=2)
PointsIn = Field(None, ge=-1000, le=1000)


def _worker(request) -> str:
    return org_api.require(request.user, Permission.WORK_ON_TICKETS).username


def _manager(request) -> str:
    return org_api.require(request.user, Permission.MANAGE_SPRINTS).username


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
    actor = _worker(request)
    return Status(201, asdict(api.create_ticket(actor, **payload.dict())))


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
    actor = _worker(request)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    return asdict(api.update_ticket(actor, key, changes, version=version))


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
    return Status(201, _estimation(api.open_estimation(_manager(request), cell, number)))


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
    member = _worker(request)
    return _estimation(
        api.vote(member, cell, number, payload.ticket, payload.value, payload.comment)
    )


@router.post(
    "/sprints/{cell}/{number}/estimation/close",
    response=EstimationOut,
    summary="Close estimation: results become story points (SP-3)",
)
def close_estimation(request, cell: str, number: SprintNumber):
    return _estimation(api.close_estimation(_manager(request), cell, number))


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
        "members": [asdict(m) for m in api.capacity(cell, number)],
    }


class StartIn(Schema):
    override: bool = False


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
    gaps = api.start(_manager(request), cell, number, override=bool(payload and payload.override))
    return {
        "sprint": f"{cell}/{number}",
        "started": True,
        "overridden_gaps": [g.as_dict() for g in gaps],
    }


class CompletionMemberOut(Schema):
    member: str
    clean: bool
    spillover: list[str]


class CompletionOut(Schema):
    sprint: str
    moved_to: int
    members: list[CompletionMemberOut]


@router.post(
    "/sprints/{cell}/{number}/complete",
    response=CompletionOut,
    summary="Complete the sprint: spillover and clean sprints (SP-10)",
)
def complete(request, cell: str, number: SprintNumber):
    return asdict(api.complete(_manager(request), cell, number))


class BudgetQuery(Schema):
    month: Text(7, 7) = Field(description="YYYY-MM")


@router.get("/budgets", summary="Budgets per account (month) and epic (SP-7)")
def budgets(request, query: Query[BudgetQuery]):
    org_api.require(request.user, Permission.VIEW_CLIENT_BUDGETS)
    items = []
    for item in api.budgets(query.month):
        items.append(
            {
                item.kind: item.name,
                "budget_hours": float(item.budget_hours),
                "logged_hours": float(item.logged_hours),
                "planned_hours": float(item.planned_hours),
                "status": item.status.value,
            }
        )
    return {"month": query.month, "items": items}


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
    return asdict(api.confirm_replacement(_manager(request), key))


@router.post(
    "/tickets/{key}/pull",
    response=TicketOut,
    summary="Pull a stretch goal into its sprint when ready and under-committed (SP-8 b)",
)
def pull_stretch(request, key: str):
    return asdict(api.pull_stretch(_worker(request), key))
