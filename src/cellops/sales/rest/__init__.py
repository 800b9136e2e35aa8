"""JSON door of sales (API.md § Sales), mounted at /api/v1/leads: parse, call api, render.

The factor scores are taken as sent, whatever their type: SL-1 itself
refuses a missing factor, a score outside 0–2, a non-integer ("2", 1.5, null)
or an unknown factor, reporting every one at once as an `SL-1` violation.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sales import api
from cellops.sales.data import FACTOR_KEYS, CloseSteps, LeadDetail, LeadInfo, RecordedScore, stage
from cellops.web.schemas import PageLimit, PageOffset, Text

router = Router(tags=["sales"])

# Any JSON value is let through to SL-1, which names each bad factor; the
# schema documents what is accepted.
FactorValue = Annotated[
    Any,
    WithJsonSchema({"type": "integer", "enum": [0, 1, 2]}),
    Field(default=None, description="0, 1 or 2"),
]
LeadName = Text(api.NAME_MAX, 1)
Contact = Text(api.CONTACT_MAX)


def _actor(request: HttpRequest) -> Actor:
    """Who is asking; the use case decides what they may do (issue #8)."""
    return org_api.actor_for(request.user)


class ScoresIn(BaseModel):
    """The seven SL-1 factor scores, each 0, 1 or 2. All are required.

    A plain pydantic model rather than a ninja `Schema`: it must refuse a body
    that is not a JSON object and keep unknown keys (SL-1 names them).
    """

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"required": list(FACTOR_KEYS), "additionalProperties": False},
    )

    people_profile: FactorValue
    need: FactorValue
    budget: FactorValue
    contract_type: FactorValue
    prestige: FactorValue
    market_niche: FactorValue
    internal_positive_bias: FactorValue

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: object) -> object:
        if not isinstance(value, dict):
            raise PydanticCustomError(
                "object_expected",
                'send a JSON object with the seven factor scores, e.g. {"need": 2, …}',
            )
        return value

    def as_sent(self) -> dict[str, object]:
        """The factors the client sent, as sent (absent ones stay absent), plus unknown ones."""
        sent: dict[str, object] = {key: getattr(self, key) for key in self.model_fields_set}
        sent.update(self.model_extra or {})
        return sent


class FactorOut(Schema):
    factor: str
    score: int
    weight: int
    weighted: int


class ScoreOut(Schema):
    total: int
    band: str
    stance: str
    breakdown: list[FactorOut]


class StageOut(Schema):
    number: int
    name: str


class RecordedScoreOut(ScoreOut):
    id: int
    lead_id: int
    scored_by: str
    scored_at: datetime
    stage: StageOut


class LeadIn(Schema):
    name: LeadName
    contact: Contact = ""
    source: Text(20) = ""


class LeadOut(Schema):
    id: int
    name: str
    contact: str
    created_at: datetime
    responsive: bool
    total: int | None
    band: str | None
    scored_at: datetime | None
    stage: StageOut
    state: Literal["open", "lost"]
    stage_since: datetime | None
    source: str
    notes: str
    follow_up: date | None
    lost_reason: str


class LeadPage(Schema):
    items: list[LeadOut]
    count: int


class GateConditionOut(Schema):
    condition: str
    met: bool
    where: str


class MoveOut(Schema):
    from_stage: int
    to_stage: int
    kind: str
    at: datetime
    by: str
    reason: str


class LeadDetailOut(LeadOut):
    scores: list[RecordedScoreOut]
    next_gate: list[GateConditionOut]
    challenges: str
    needs: str
    value_proposition: str
    deposit_required: bool
    client: str
    epic: str
    moves: list[MoveOut]
    discovery: str
    probability: int | None
    timeline: str


class PrintedRowOut(Schema):
    factor: str
    score: int
    product_score: int
    weight: int
    weighted: int


class PrintedOut(Schema):
    rows: list[PrintedRowOut]
    total: int
    band: str | None


class FindingOut(Schema):
    kind: str
    factor: str | None
    printed: int | str | list[int] | None
    expected: int | str | list[int] | None
    message: str


class ExampleCheckOut(Schema):
    name: str
    ok: bool
    verdict: str
    printed: PrintedOut
    rows_sum: int
    rubric: ScoreOut | None
    possible_totals: list[int]
    possible_bands: list[str]
    findings: list[FindingOut]
    refusal: list[dict[str, Any]]


class HandbookCheckOut(Schema):
    items: list[ExampleCheckOut]
    count: int


@router.post(
    "/score",
    response=ScoreOut,
    summary="Score a lead with the rubric (SL-1); nothing is stored",
)
def score(request, body: ScoresIn):
    # The parameter is called `body` so a malformed body is reported as the field "body".
    api.require_sales(_actor(request))
    return asdict(api.score(body.as_sent()))


@router.get(
    "/handbook-check",
    response=HandbookCheckOut,
    summary="The handbook's three worked examples, recomputed by the rubric (SL-2)",
)
def handbook_check(request):
    api.require_sales(_actor(request))
    items = [api.check_report(check) for check in api.handbook_check()]
    return {"items": items, "count": len(items)}


@router.post("", response={201: LeadOut}, summary="Create a lead")
def create_lead(request, payload: LeadIn):
    actor = _actor(request)
    return Status(
        201, _lead_out(api.create_lead(actor, payload.name, payload.contact, payload.source))
    )


@router.get("", response=LeadPage, summary="Leads, by name, with their latest score")
def list_leads(request, limit: PageLimit = 50, offset: PageOffset = 0):
    api.require_sales(_actor(request))
    items = [_lead_out(lead) for lead in api.list_leads(limit=limit, offset=offset)]
    return {"items": items, "count": api.count_leads()}


@router.get("/{int:lead_id}", response=LeadDetailOut, summary="One lead and its score history")
def get_lead(request, lead_id: int):
    api.require_sales(_actor(request))
    return _detail_out(api.lead_detail(lead_id))


@router.post(
    "/{int:lead_id}/scores",
    response={201: RecordedScoreOut},
    summary="Score a lead (SL-1) and keep the score in its history",
)
def score_lead(request, lead_id: int, body: ScoresIn):
    actor = _actor(request)
    return Status(201, _score_out(api.score_lead(actor, lead_id, body.as_sent())))


# --- SL-3…SL-5: the lifecycle -------------------------------------------------------


def _lead_out(lead: LeadInfo) -> dict[str, Any]:
    return {**asdict(lead), "stage": asdict(stage(lead.stage))}


def _score_out(score: RecordedScore) -> dict[str, Any]:
    return {**asdict(score), "stage": asdict(stage(score.stage))}


def _detail_out(detail: LeadDetail) -> dict[str, Any]:
    return {
        **_lead_out(detail.lead),
        "scores": [_score_out(s) for s in detail.scores],
        "next_gate": [asdict(c) for c in detail.next_gate],
        "challenges": detail.challenges,
        "needs": detail.needs,
        "value_proposition": detail.value_proposition,
        "deposit_required": detail.deposit_required,
        "client": detail.client,
        "epic": detail.epic,
        "moves": [asdict(m) for m in detail.moves],
        "discovery": detail.discovery,
        "probability": detail.probability,
        "timeline": detail.timeline,
    }


class LeadPatch(Schema):
    contact: Contact | None = None
    responsive: bool | None = None
    challenges: Text(10_000) | None = None
    needs: Text(10_000) | None = None
    value_proposition: Text(10_000) | None = None
    deposit_required: bool | None = None
    client: Text(120) | None = None
    epic: Text(30) | None = None
    source: Text(20) | None = None
    notes: Text(10_000) | None = None
    follow_up: date | None = None
    fixed_price: bool | None = None
    discovery: Literal["", "none", "simple", "complex"] | None = None
    probability: int | None = Field(None, ge=0, le=100)

    @model_validator(mode="before")
    @classmethod
    def _no_jump(cls, value: object) -> object:
        """SL-3: the stage is never written: a lead moves one stage at a time, through its
        gate (`…/advance`) or back (`…/back`), or is dropped (`…/lost`)."""
        sent = getattr(value, "_obj", value)  # ninja hands the body over wrapped
        if isinstance(sent, dict) and ({"stage", "state"} & set(sent)):
            raise PydanticCustomError(
                "stage_not_writable",
                "stage: SL-3 moves a lead one stage at a time through its gate: POST "
                "…/advance, …/back or …/lost; the stage is never set by PATCH",
            )
        return value


@router.patch("/{int:lead_id}", response=LeadDetailOut, summary="Change a lead's recorded facts")
def update_lead(request, lead_id: int, payload: LeadPatch):
    changes = {
        k: v
        for k, v in payload.dict(exclude_unset=True).items()
        if v is not None or k == "probability"  # null: back to the stage's probability
    }
    return _detail_out(api.update_lead(_actor(request), lead_id, changes))


@router.post(
    "/{int:lead_id}/advance",
    response=LeadDetailOut,
    summary="Move a lead to the next stage through its gate (SL-3)",
)
def advance(request, lead_id: int):
    return _detail_out(api.advance(_actor(request), lead_id))


@router.post("/{int:lead_id}/back", response=LeadDetailOut, summary="Move a lead one stage back")
def move_back(request, lead_id: int):
    return _detail_out(api.move_back(_actor(request), lead_id))


class LostIn(Schema):
    reason: Text(2000)


@router.post("/{int:lead_id}/lost", response=LeadDetailOut, summary="Drop a lead, saying why")
def mark_lost(request, lead_id: int, payload: LostIn):
    return _detail_out(api.mark_lost(_actor(request), lead_id, payload.reason))


Hours = Annotated[Decimal, Field(ge=-100_000, le=100_000, max_digits=8, decimal_places=2)]
Rate = Annotated[Decimal, Field(ge=-100_000, le=100_000, max_digits=8, decimal_places=2)]


class TaskIn(Schema):
    title: Text(200)
    hours: Hours


class BlueprintIn(Schema):
    solution: Text(10_000)
    acceptance_criteria: Text(10_000)
    tasks: list[TaskIn] = Field(max_length=500)
    timeline: Text(10_000)


class TaskOut(Schema):
    title: str
    hours: Decimal


class BlueprintOut(Schema):
    solution: str
    acceptance_criteria: str
    tasks: list[TaskOut]
    timeline: str


@router.put(
    "/{int:lead_id}/blueprint", response=BlueprintOut, summary="Write a lead's blueprint (SL-3)"
)
def save_blueprint(request, lead_id: int, payload: BlueprintIn):
    blueprint = api.save_blueprint(
        _actor(request),
        lead_id,
        solution=payload.solution,
        acceptance_criteria=payload.acceptance_criteria,
        tasks=[t.dict() for t in payload.tasks],
        timeline=payload.timeline,
    )
    return asdict(blueprint)


class QuoteLineIn(Schema):
    feature: Text(200)
    hours: Hours
    rate: Rate


class ProposalIn(Schema):
    lines: list[QuoteLineIn] = Field(max_length=500)


class QuoteLineOut(Schema):
    id: int
    feature: str
    hours: str
    rate: str
    amount: str
    selected: bool


class ProposalOut(Schema):
    id: int
    lines: list[QuoteLineOut]
    total_hours: str
    total_amount: str
    delivered: bool
    accepted: bool


def _proposal_out(proposal: Any) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "lines": [
            {
                "id": line.id,
                "feature": line.feature,
                "hours": f"{line.hours:.2f}",
                "rate": f"{line.rate:.2f}",
                "amount": f"{line.amount:.2f}",
                "selected": line.selected,
            }
            for line in proposal.lines
        ],
        "total_hours": f"{proposal.total_hours:.2f}",
        "total_amount": f"{proposal.total_amount:.2f}",
        "delivered": proposal.delivered,
        "accepted": proposal.accepted,
    }


@router.post(
    "/{int:lead_id}/proposal",
    response={201: ProposalOut},
    summary="Write a lead's proposal: its quote lines (SL-3)",
)
def make_proposal(request, lead_id: int, payload: ProposalIn):
    lines = [line.dict() for line in payload.lines]
    return Status(201, _proposal_out(api.make_proposal(_actor(request), lead_id, lines)))


@router.post(
    "/{int:lead_id}/proposal/deliver", response=ProposalOut, summary="Mark the proposal delivered"
)
def deliver_proposal(request, lead_id: int):
    return _proposal_out(api.deliver_proposal(_actor(request), lead_id))


class AcceptIn(Schema):
    lines: list[int] = Field(max_length=500)
    monthly_budget_hours: Decimal | None = Field(
        None, ge=0, le=100_000, max_digits=8, decimal_places=2
    )


class AcceptOut(Schema):
    epic: str
    budget_hours: Decimal


@router.post(
    "/{int:lead_id}/proposal/accept",
    response=AcceptOut,
    summary="The client accepts quote lines: the epic is Accepted with their hours (SL-5)",
)
def accept_proposal(request, lead_id: int, payload: AcceptIn):
    epic, budget = api.accept_proposal(
        _actor(request), lead_id, payload.lines, monthly_budget_hours=payload.monthly_budget_hours
    )
    return {"epic": epic, "budget_hours": budget}


class CloseStepsIn(Schema):
    onboarding_done: bool = False
    kickoff_held: bool = False
    tracking_set: bool = False
    epics_scheduled: bool = False
    deposit_received: bool = False
    contract_agreed: bool = False
    sow_sent: bool = False


@router.put(
    "/{int:lead_id}/close-steps",
    response=LeadDetailOut,
    summary="The close checklist of a lead (SL-3)",
)
def set_close_steps(request, lead_id: int, payload: CloseStepsIn):
    steps = CloseSteps(**payload.dict())
    return _detail_out(api.set_close_steps(_actor(request), lead_id, steps))


# SL-4 (the intro meeting), SL-7 (client checklists) and the reports: `rest/meetings.py`.
from cellops.sales.rest import meetings as _meetings  # noqa: E402

router.add_router("", _meetings.router)
