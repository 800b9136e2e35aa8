"""A lead taken through the SL-3 gates by the use cases, for tests that start further on."""

from __future__ import annotations

from cellops.org.data import Actor
from cellops.sales import api
from cellops.sales.data import FACTOR_KEYS, CloseSteps

HEDERA = dict(zip(FACTOR_KEYS, (1, 1, 2, 2, 2, 2, 2), strict=True))  # 24 High
BLUEPRINT = {
    "solution": "A catalogue with search",
    "acceptance_criteria": "A teacher finds a book in two clicks",
    "tasks": [{"title": "Search", "hours": "40"}],
    "timeline": "Six weeks from kickoff",
}
QUOTE = [
    {"feature": "Search", "hours": "40", "rate": "90"},
    {"feature": "Import", "hours": "16", "rate": "90"},
]


def walk(actor: Actor, lead_id: int, to: int, epic: str = "HED-1") -> None:
    """Meet each gate from the lead's stage up to stage `to`, advancing through it."""
    for stage in range(api.get_lead(lead_id).stage, to):
        if stage == 2:
            api.score_lead(actor, lead_id, HEDERA)
            api.update_lead(actor, lead_id, {"responsive": True})
        elif stage == 3:
            api.update_lead(
                actor,
                lead_id,
                {"challenges": "old LMS", "needs": "search", "value_proposition": "x"},
            )
            api.score_lead(actor, lead_id, HEDERA)
        elif stage == 4:
            api.save_blueprint(actor, lead_id, **BLUEPRINT)
        elif stage == 5:
            api.make_proposal(actor, lead_id, QUOTE)
            api.deliver_proposal(actor, lead_id)
        elif stage == 6:
            api.update_lead(actor, lead_id, {"epic": epic})
            lines = api.lead_detail(lead_id).facts.proposal.lines  # type: ignore[union-attr]
            api.accept_proposal(actor, lead_id, [lines[0].id])
            api.set_close_steps(actor, lead_id, CloseSteps(True, True, True, True, True))
        api.advance(actor, lead_id)
