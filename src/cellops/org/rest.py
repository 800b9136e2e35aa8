"""JSON door of the organisation (API.md § Organisation): parse, call api, render."""

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from cellops.kernel.violations import InvalidInput
from cellops.org import api
from cellops.org.data import Actor, CellKind, EpicStatus, MemberStatus, Role
from cellops.web.schemas import Day, Hours, Name, PageLimit, PageOffset, Text, Username

router = Router(tags=["organisation"])

CellKindName = Literal["dev", "business"]
StatusName = Literal["candidate", "newcomer", "core", "left"]
EpicStatusName = Literal["Prospective", "Accepted", "In progress", "On hold", "Done"]
RoleName = Literal[tuple(r.value for r in Role)]  # type: ignore[valid-type]
CellName = Text(60, 1)
PersonName = Text(150, 1)
LastName = Text(150)
Email = Text(254, 3)
TimezoneName = Text(64, 1)
JiraAccountId = Text(128)
EpicKey = Text(30, 1)
Title = Text(200, 1)


def _actor(request: HttpRequest) -> Actor:
    """Who is asking; the use case decides what they may (org.policy)."""
    return api.actor_for(request.user)


class CellIn(Schema):
    name: CellName
    kind: CellKindName = "dev"


class CellOut(Schema):
    name: str
    kind: str
    active_members: int


class CellPage(Schema):
    items: list[CellOut]
    count: int


@router.post("/cells", response={201: CellOut}, summary="Create a cell (ORG-1)")
def create_cell(request, payload: CellIn):
    actor = _actor(request)
    return Status(201, asdict(api.create_cell(actor, payload.name, CellKind(payload.kind))))


@router.get("/cells", response=CellPage, summary="All cells")
def list_cells(request):
    cells = [asdict(c) for c in api.cells_seen_by(_actor(request))]
    return {"items": cells, "count": len(cells)}


@router.get("/cells/{name}", response=CellOut, summary="One cell")
def get_cell(request, name: str):
    return asdict(api.cell_seen_by(_actor(request), name, field="name"))


class MemberIn(Schema):
    username: Username
    first_name: PersonName
    last_name: LastName = ""
    email: Email
    cell: Name
    status: StatusName = "core"
    weekly_hours: Decimal = Field(Decimal(40), gt=0, le=80, max_digits=5, decimal_places=2)
    working_days: list[int] = Field([0, 1, 2, 3, 4], min_length=1, max_length=7)
    timezone: TimezoneName = "UTC"
    start_date: Day | None = None
    jira_account_id: JiraAccountId = ""


class MemberOut(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    cell: str
    status: str
    weekly_hours: float
    working_days: list[int]
    timezone: str
    start_date: date | None
    jira_account_id: str = ""


class MemberPage(Schema):
    items: list[MemberOut]
    count: int


@router.post(
    "/members", response={201: MemberOut}, summary="Create a member and their login (ORG-2)"
)
def create_member(request, payload: MemberIn):
    actor = _actor(request)
    fields = payload.dict()
    fields["status"] = MemberStatus(fields["status"])
    fields["working_days"] = tuple(fields["working_days"])
    return Status(201, asdict(api.create_member(actor, **fields)))


@router.get("/members", response=MemberPage, summary="Members, optionally of one cell")
def list_members(
    request,
    cell: Name | None = None,
    limit: PageLimit = 50,
    offset: PageOffset = 0,
):
    viewer = api.actor_for(request.user)
    items, count = api.list_members(cell=cell, limit=limit, offset=offset, viewer=viewer)
    return {"items": [asdict(m) for m in items], "count": count}


@router.get("/members/{username}", response=MemberOut, summary="One member")
def get_member(request, username: str):
    viewer = api.actor_for(request.user)
    return asdict(api.get_member(username, field="username", viewer=viewer))


class MemberPatch(Schema):
    """The fields to change; those left out stay as they are."""

    first_name: PersonName | None = None
    last_name: LastName | None = None
    email: Email | None = None
    cell: Name | None = None
    status: StatusName | None = None
    weekly_hours: Decimal | None = Field(None, gt=0, le=80, max_digits=5, decimal_places=2)
    working_days: list[int] | None = Field(None, min_length=1, max_length=7)
    timezone: TimezoneName | None = None
    start_date: Day | None = None
    jira_account_id: JiraAccountId | None = None


@router.patch(
    "/members/{username}",
    response=MemberOut,
    summary="Change a member's fields, e.g. their Jira account id (ORG-2, issue #15)",
)
def update_member(request, username: str, payload: MemberPatch):
    actor = _actor(request)
    changes = payload.dict(exclude_unset=True)
    nullable = {"start_date", "last_name", "jira_account_id"}
    bad = next((k for k, v in changes.items() if v is None and k not in nullable), None)
    if bad:
        raise InvalidInput(bad, "give a value, or leave the field out")
    if "working_days" in changes:
        changes["working_days"] = tuple(changes["working_days"])
    return asdict(api.update_member(actor, username, **changes))


class RoleIn(Schema):
    role: RoleName
    start: Day
    end: Day | None = None
    cell: Name | None = None
    mentee: Username | None = None


class RoleOut(Schema):
    id: int
    member: str
    role: str
    start: date
    end: date | None
    cell: str | None
    mentee: str | None


@router.post(
    "/members/{username}/roles",
    response={201: RoleOut},
    summary="Give a member a role over dates (ORG-3)",
)
def assign_role(request, username: str, payload: RoleIn):
    actor = _actor(request)
    api.get_member(username, field="username")
    fields = payload.dict()
    fields["role"] = Role(fields["role"])
    return Status(201, asdict(api.assign_role(actor, member=username, **fields)))


@router.get(
    "/members/{username}/roles", response=list[RoleOut], summary="A member's roles over time"
)
def member_roles(request, username: str):
    api.get_member(username, field="username", viewer=api.actor_for(request.user))
    return [asdict(r) for r in api.roles_of(username)]


class ClientIn(Schema):
    name: Name
    hourly_rate: Hours | None = None


class ClientOut(Schema):
    name: str
    hourly_rate: float | None


@router.post("/clients", response={201: ClientOut}, summary="Create a client (ORG-4)")
def create_client(request, payload: ClientIn):
    actor = _actor(request)
    return Status(201, asdict(api.create_client(actor, payload.name, payload.hourly_rate)))


@router.get(
    "/clients",
    response=list[ClientOut],
    summary="Clients (rates only for those allowed to see them)",
)
def list_clients(request):
    return [asdict(c) for c in api.list_clients(api.shows_money(_actor(request)))]


class AccountIn(Schema):
    name: Name
    client: Name | None = None
    monthly_budget_hours: Hours | None = None


class AccountOut(Schema):
    name: str
    client: str | None
    monthly_budget_hours: float | None


@router.post("/accounts", response={201: AccountOut}, summary="Create an account (ORG-4)")
def create_account(request, payload: AccountIn):
    actor = _actor(request)
    account = api.create_account(actor, payload.name, payload.client, payload.monthly_budget_hours)
    return Status(201, asdict(account))


@router.get(
    "/accounts",
    response=list[AccountOut],
    summary="Accounts (budgets only for those allowed to see them)",
)
def list_accounts(request):
    return [asdict(a) for a in api.list_accounts(api.shows_money(_actor(request)))]


class EpicIn(Schema):
    key: EpicKey
    title: Title
    account: Name
    owner: Username
    reviewer: Username
    status: EpicStatusName = "Prospective"
    budget_hours: Hours | None = None


class EpicOut(Schema):
    key: str
    title: str
    account: str
    owner: str
    reviewer: str
    status: str
    budget_hours: float | None


@router.post("/epics", response={201: EpicOut}, summary="Create an epic (ORG-4)")
def create_epic(request, payload: EpicIn):
    actor = _actor(request)
    fields = payload.dict()
    fields["status"] = EpicStatus(fields["status"])
    return Status(201, asdict(api.create_epic(actor, **fields)))


@router.get(
    "/epics", response=list[EpicOut], summary="Epics (budgets only for those allowed to see them)"
)
def list_epics(request):
    return [asdict(e) for e in api.list_epics(api.shows_money(_actor(request)))]


class SprintOut(Schema):
    number: int
    name: str
    start: date
    end: date
    day: int


class ForDateQuery(Schema):
    date: Day
    cell: CellName | None = None


@router.get(
    "/sprints/for-date",
    response=SprintOut,
    summary="The sprint containing a date (on a business cell's own calendar when `cell` "
    "names one), and the date's day number in it",
)
def sprint_for_date(request, query: Query[ForDateQuery]):
    sprint, day = api.sprint_for_date_seen_by(_actor(request), query.date, cell=query.cell)
    return {
        "number": sprint.number,
        "name": sprint.name,
        "start": sprint.start,
        "end": sprint.end,
        "day": day,
    }
