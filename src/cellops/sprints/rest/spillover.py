"""Spillover reasons in JSON (SP-10)."""

from dataclasses import asdict

from ninja import Field, Schema

from cellops.sprints import api
from cellops.sprints.rest._common import SprintNumber, _actor, router
from cellops.sprints.rest.planning import CompletionMemberOut
from cellops.web.schemas import Text

# --- spillover reasons (SP-10) ----------------------------------------------------


class SpilloverReasonIn(Schema):
    reason: Text(1000) = Field(description="why the member's tickets spilled over (trimmed)")


@router.put(
    "/sprints/{cell}/{number}/spillover/{member}",
    response=CompletionMemberOut,
    summary="Give the reason of a member's spillover: the member, or the sprint planning "
    "manager (SP-10)",
)
def give_spillover_reason(
    request, cell: str, number: SprintNumber, member: str, payload: SpilloverReasonIn
):
    return asdict(api.give_spillover_reason(_actor(request), cell, number, member, payload.reason))
