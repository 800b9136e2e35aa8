"""JSON door of billing: worklogs."""

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from cellops.billing import api
from cellops.org import api as org_api
from cellops.org.policy import Permission
from cellops.web.schemas import Day, Month, Text, Username

router = Router(tags=["billing"])


class WorklogIn(Schema):
    ticket: Text(30, 1)
    member: Username
    date: Day
    hours: Decimal = Field(ge=-1000, le=1000, max_digits=6, decimal_places=2)
    note: Text(2000) = ""


class WorklogOut(Schema):
    id: int
    ticket: str
    member: str
    date: date
    hours: float
    note: str


@router.post("/worklogs", response={201: WorklogOut}, summary="Log time on a ticket")
def log_work(request, payload: WorklogIn):
    # Who may log for someone else is decided by the use case (403 when refused).
    actor = org_api.actor_for(request.user)
    return Status(
        201,
        api.log_work(
            actor,
            ticket=payload.ticket,
            member=payload.member,
            day=payload.date,
            hours=payload.hours,
            note=payload.note,
        ),
    )


class WorklogLineOut(Schema):
    id: int
    date: date
    member: str
    name: str
    hours: float
    note: str


@router.get(
    "/tickets/{key}/worklogs",
    response=list[WorklogLineOut],
    summary="A ticket's worklogs, newest day first",
)
def worklogs_of(request, key: str):
    org_api.require(request.user, Permission.WORK_ON_TICKETS)
    return [asdict(line) for line in api.worklogs_of(key)]


# --- budgets (SP-7, moved from sprints.rest, decision 0023) -----------------


class BudgetQuery(Schema):
    month: Month


BudgetStatus = Literal["ok", "at risk", "over"]


class AccountBudgetOut(Schema):
    account: str
    budget_hours: float
    logged_hours: float
    planned_hours: float
    status: BudgetStatus


class EpicBudgetOut(Schema):
    epic: str
    budget_hours: float
    logged_hours: float
    planned_hours: float
    status: BudgetStatus


class BudgetsOut(Schema):
    month: str
    items: list[AccountBudgetOut | EpicBudgetOut]


@router.get(
    "/budgets",
    response=BudgetsOut,
    tags=["sprints"],  # where it was before it moved (decision 0023)
    summary="Budgets per account (month) and epic (SP-7)",
)
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
