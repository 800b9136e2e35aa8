"""SL-3 through the use cases, for what the JSON journey leaves out: gate 7→8 accepted (an
hourly project after a month of work, a fixed-price one when its epic is Done), the close
checklist's contract and SOW recorded without changing RULES.md's gate 6→7, and a lead
never skipping a stage."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from cellops.kernel.violations import InvalidInput, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sales import api
from cellops.sales.data import CloseSteps
from cellops.sales.tests.walk import walk

pytestmark = pytest.mark.django_db
BEA = Actor(
    username="bea", is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}), active=True
)


@pytest.fixture
def org(make_member):
    make_member("bea", cell="Falcon", roles=(Role.BUSINESS_DEVELOPMENT,))
    make_member("ada", cell="Falcon")
    system = Actor.system("test")
    org_api.create_client(system, "Hedera University", Decimal(90))
    org_api.create_account(system, "Hedera LMS", "Hedera University")
    for key, status in (("HED-1", EpicStatus.PROSPECTIVE), ("HED-2", EpicStatus.DONE)):
        org_api.create_epic(
            system,
            key=key,
            title="Catalogue",
            account="Hedera LMS",
            owner="ada",
            reviewer="bea",
            status=status,
        )


def _conditions(refused: RuleRefusal) -> list[str]:
    assert {v.rule for v in refused.violations} == {"SL-3"}
    return [str(v.extra["condition"]) for v in refused.violations]


def test_SL_3_gate_7_an_hourly_project_moves_to_billing_after_a_month_of_work(org):
    lead = api.create_lead(BEA, "Hedera University", "jimmy@hedera.edu").id
    walk(BEA, lead, 7)
    since = api.get_lead(lead).stage_since
    with pytest.raises(RuleRefusal) as refused:
        api.advance(BEA, lead, now=since + timedelta(days=27))
    assert _conditions(refused.value) == [
        "a month of work is done (28 days in Development, 27 so far)"
    ]
    moved = api.advance(BEA, lead, now=since + timedelta(days=28))
    assert (moved.lead.stage, moved.next_gate) == (8, [])


def test_SL_3_gate_7_a_fixed_price_project_moves_when_its_epic_is_done(org):
    lead = api.create_lead(BEA, "Hedera University", "jimmy@hedera.edu").id
    walk(BEA, lead, 7)
    api.update_lead(BEA, lead, {"fixed_price": True})
    with pytest.raises(RuleRefusal) as refused:
        api.advance(BEA, lead)
    assert _conditions(refused.value) == ["the project is complete (its epic is Done)"]
    api.update_lead(BEA, lead, {"epic": "HED-2"})  # the project's epic, Done
    assert api.advance(BEA, lead).lead.stage == 8


def test_SL_3_gate_6_lists_every_unmet_close_condition_and_the_contract_is_recorded(org):
    lead = api.create_lead(BEA, "Hedera University", "jimmy@hedera.edu").id
    walk(BEA, lead, 6)
    api.update_lead(BEA, lead, {"deposit_required": True})
    api.set_close_steps(BEA, lead, CloseSteps(contract_agreed=True, sow_sent=True))
    with pytest.raises(RuleRefusal) as refused:
        api.advance(BEA, lead)
    assert _conditions(refused.value) == [
        "the proposal was accepted",
        "the onboarding steps are done",
        "the kickoff was held",
        "communication and budget tracking are set",
        "the epics are scheduled",
        "the deposit was received",
    ]
    close = api.lead_detail(lead).facts.close
    assert (close.contract_agreed, close.sow_sent) == (True, True)
    assert api.get_lead(lead).stage == 6  # refused: nothing moved


def test_SL_3_a_lead_never_skips_a_stage(org, api_client_for):
    lead = api.create_lead(BEA, "Hedera University", "jimmy@hedera.edu").id
    with pytest.raises(InvalidInput) as refused:
        api.update_lead(BEA, lead, {"stage": 5})
    assert refused.value.field == "stage"
    answer = api_client_for("bea").patch(
        f"/api/v1/leads/{lead}", json.dumps({"stage": 5}), content_type="application/json"
    )
    assert answer.status_code == 422
    assert "stage: SL-3 moves a lead one stage at a time" in answer.json()["detail"]
    assert api.get_lead(lead).stage == 1
    walk(BEA, lead, 2)
    assert api.get_lead(lead).stage == 2  # one advance, one stage
