"""JSON door of sales (API.md § Sales), mounted at /api/v1/leads: parse, call api, render.

The factor scores are taken as sent, whatever their type: SL-1 itself
refuses a missing factor, a score outside 0–2, a non-integer ("2", 1.5, null)
or an unknown factor, reporting every one at once as an `SL-1` violation.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import Permission
from cellops.sales import api
from cellops.sales.data import FACTOR_KEYS
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


class RecordedScoreOut(ScoreOut):
    id: int
    lead_id: int
    scored_by: str
    scored_at: datetime


class LeadIn(Schema):
    name: LeadName
    contact: Contact = ""


class LeadOut(Schema):
    id: int
    name: str
    contact: str
    created_at: datetime
    responsive: bool
    total: int | None
    band: str | None
    scored_at: datetime | None


class LeadPage(Schema):
    items: list[LeadOut]
    count: int


class LeadDetailOut(LeadOut):
    scores: list[RecordedScoreOut]


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
    org_api.require(request.user, Permission.SCORE_LEADS)
    return asdict(api.score(body.as_sent()))


@router.get(
    "/handbook-check",
    response=HandbookCheckOut,
    summary="The handbook's three worked examples, recomputed by the rubric (SL-2)",
)
def handbook_check(request):
    org_api.require(request.user, Permission.SCORE_LEADS)
    items = [api.check_report(check) for check in api.handbook_check()]
    return {"items": items, "count": len(items)}


@router.post("", response={201: LeadOut}, summary="Create a lead")
def create_lead(request, payload: LeadIn):
    actor = _actor(request)
    return Status(201, asdict(api.create_lead(actor, payload.name, payload.contact)))


@router.get("", response=LeadPage, summary="Leads, by name, with their latest score")
def list_leads(request, limit: PageLimit = 50, offset: PageOffset = 0):
    org_api.require(request.user, Permission.SCORE_LEADS)
    items = [asdict(lead) for lead in api.list_leads(limit=limit, offset=offset)]
    return {"items": items, "count": api.count_leads()}


@router.get("/{int:lead_id}", response=LeadDetailOut, summary="One lead and its score history")
def get_lead(request, lead_id: int):
    org_api.require(request.user, Permission.SCORE_LEADS)
    history = api.lead_history(lead_id)
    return {**asdict(history.lead), "scores": [asdict(s) for s in history.scores]}


@router.post(
    "/{int:lead_id}/scores",
    response={201: RecordedScoreOut},
    summary="Score a lead (SL-1) and keep the score in its history",
)
def score_lead(request, lead_id: int, body: ScoresIn):
    actor = _actor(request)
    return Status(201, asdict(api.score_lead(actor, lead_id, body.as_sent())))
