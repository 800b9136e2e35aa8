"""SL-3…SL-5 through the JSON door (API.md § Sales): a lead from inquiry to development,
each gate refused with every unmet condition listed, then accepted; back and lost."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus
from cellops.sales.data import FACTOR_KEYS

pytestmark = pytest.mark.django_db

HEDERA = dict(zip(FACTOR_KEYS, (1, 1, 2, 2, 2, 2, 2), strict=True))  # 24 High
LOWER = dict(zip(FACTOR_KEYS, (1, 1, 1, 2, 2, 2, 2), strict=True))  # 22 High


def _send(client, method: str, url: str, body: object = None):
    return getattr(client, method)(
        url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


@pytest.fixture
def bd(make_member, api_client_for):
    """A business developer's API client, and Hedera's client, account and prospective epic."""
    from cellops.org.data import Role

    make_member("bea", cell="Falcon", roles=(Role.BUSINESS_DEVELOPMENT,))
    make_member("ada", cell="Falcon")
    org_api.create_client(Actor.system("test"), "Hedera University", Decimal(90))
    org_api.create_account(Actor.system("test"), "Hedera LMS", "Hedera University")
    org_api.create_epic(
        Actor.system("test"),
        key="HED-1",
        title="Catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="bea",
    )
    return api_client_for("bea")


def _conditions(response) -> list[str]:
    assert response.status_code == 422, response.json()
    violations = response.json()["violations"]
    assert {v["rule"] for v in violations} == {"SL-3"}
    return [v["condition"] for v in violations]


def test_SL_3_a_lead_goes_from_inquiry_to_development_through_every_gate(bd):
    created = _send(bd, "post", "/api/v1/leads", {"name": "Hedera University", "source": "inquiry"})
    assert created.status_code == 201
    lead = created.json()
    assert (lead["stage"], lead["state"], lead["source"]) == (
        {"number": 1, "name": "Generating leads"},
        "open",
        "inquiry",
    )
    url = f"/api/v1/leads/{lead['id']}"
    # 1 → 2: a contact
    assert _conditions(_send(bd, "post", f"{url}/advance")) == [
        "someone inquired: the lead has a contact"
    ]
    assert bd.get(url).json()["next_gate"] == [
        {"condition": "someone inquired: the lead has a contact", "met": False, "where": "facts"}
    ]
    assert _send(bd, "patch", url, {"contact": "Jimmy, curriculum"}).status_code == 200
    moved = _send(bd, "post", f"{url}/advance")
    assert moved.status_code == 200 and moved.json()["stage"]["number"] == 2
    # 2 → 3: band and responsive, both listed
    assert len(_conditions(_send(bd, "post", f"{url}/advance"))) == 2
    assert _send(bd, "post", f"{url}/scores", HEDERA).json()["stage"]["number"] == 2
    _send(bd, "patch", url, {"responsive": True})
    assert _send(bd, "post", f"{url}/advance").json()["stage"]["number"] == 3
    # 3 → 4: three facts and a stage-3 score not lower than stage 2's
    assert len(_conditions(_send(bd, "post", f"{url}/advance"))) == 4
    facts = {"challenges": "an old LMS", "needs": "search", "value_proposition": "faster"}
    _send(bd, "patch", url, facts)
    _send(bd, "post", f"{url}/scores", LOWER)
    assert _conditions(_send(bd, "post", f"{url}/advance")) == [
        "the lead was re-scored in this stage, not lower than in Prospect qualification"
    ]
    _send(bd, "post", f"{url}/scores", HEDERA)
    assert _send(bd, "post", f"{url}/advance").json()["stage"]["number"] == 4
    # 4 → 5: the blueprint
    assert len(_conditions(_send(bd, "post", f"{url}/advance"))) == 4
    blueprint = {
        "solution": "A catalogue with search",
        "acceptance_criteria": "A teacher finds a book in two clicks",
        "tasks": [{"title": "Search", "hours": "40"}, {"title": "Import", "hours": "16"}],
        "timeline": "Six weeks from kickoff",
    }
    assert _send(bd, "put", f"{url}/blueprint", blueprint).status_code == 200
    assert _send(bd, "post", f"{url}/advance").json()["stage"]["number"] == 5
    # 5 → 6: the proposal, delivered
    assert len(_conditions(_send(bd, "post", f"{url}/advance"))) == 2
    quote = {
        "lines": [
            {"feature": "Search", "hours": "40", "rate": "90"},
            {"feature": "Import", "hours": "16", "rate": "90"},
            {"feature": "Reviews", "hours": "12.5", "rate": "90"},
        ]
    }
    proposal = _send(bd, "post", f"{url}/proposal", quote)
    assert proposal.status_code == 201
    assert (proposal.json()["total_hours"], proposal.json()["total_amount"]) == (
        "68.50",
        "6165.00",
    )
    assert _send(bd, "post", f"{url}/proposal/deliver").status_code == 200
    assert _send(bd, "post", f"{url}/advance").json()["stage"]["number"] == 6
    # 6 → 7: accepted, the close steps, the deposit the deal has
    _send(
        bd, "patch", url, {"deposit_required": True, "epic": "HED-1", "client": "Hedera University"}
    )
    assert len(_conditions(_send(bd, "post", f"{url}/advance"))) == 6
    ids = [line["id"] for line in proposal.json()["lines"]]
    accepted = _send(bd, "post", f"{url}/proposal/accept", {"lines": ids[:2]})
    assert accepted.status_code == 200
    assert accepted.json() == {"epic": "HED-1", "budget_hours": "56.00"}
    epic = next(e for e in org_api.list_epics(show_money=True) if e.key == "HED-1")
    assert (epic.status, epic.budget_hours) == (EpicStatus.ACCEPTED, Decimal(56))
    steps = {
        "onboarding_done": True,
        "kickoff_held": True,
        "tracking_set": True,
        "epics_scheduled": True,
        "deposit_received": False,
    }
    _send(bd, "put", f"{url}/close-steps", steps)
    assert _conditions(_send(bd, "post", f"{url}/advance")) == ["the deposit was received"]
    _send(bd, "put", f"{url}/close-steps", {**steps, "deposit_received": True})
    assert _send(bd, "post", f"{url}/advance").json()["stage"]["number"] == 7
    # 7 → 8: an hourly project waits for a month of work
    (waiting,) = _conditions(_send(bd, "post", f"{url}/advance"))
    assert waiting.startswith("a month of work is done")
    kinds = [m["kind"] for m in bd.get(url).json()["moves"]]
    assert kinds == ["advance"] * 6


def test_SL_3_moving_back_and_losing_a_lead_are_always_allowed(bd):
    lead = _send(bd, "post", "/api/v1/leads", {"name": "Affogato", "contact": "Gia"}).json()
    url = f"/api/v1/leads/{lead['id']}"
    assert _send(bd, "post", f"{url}/advance").json()["stage"]["number"] == 2
    assert _send(bd, "post", f"{url}/back").json()["stage"]["number"] == 1
    first = _send(bd, "post", f"{url}/back")
    assert first.status_code == 422 and "stage" in first.json()["detail"]
    blank = _send(bd, "post", f"{url}/lost", {"reason": " "})
    assert blank.status_code == 422 and "reason" in blank.json()["detail"]
    lost = _send(bd, "post", f"{url}/lost", {"reason": "chose a cheaper agency"})
    assert lost.status_code == 200
    assert (lost.json()["state"], lost.json()["lost_reason"]) == ("lost", "chose a cheaper agency")
    refused = _send(bd, "post", f"{url}/advance")
    assert _conditions(refused) == ["the lead is open"]
    reopened = _send(bd, "post", f"{url}/back")
    assert (reopened.json()["state"], reopened.json()["stage"]["number"]) == ("open", 1)


def test_SL_3_bad_blueprints_and_quote_lines_are_refused_naming_the_field(bd):
    lead = _send(bd, "post", "/api/v1/leads", {"name": "Brown", "contact": "Ms. Brown"}).json()
    url = f"/api/v1/leads/{lead['id']}"
    blank = {
        "solution": "",
        "acceptance_criteria": "ok",
        "tasks": [{"title": "A", "hours": 0}],
        "timeline": "t",
    }
    refused = _send(bd, "put", f"{url}/blueprint", blank)
    assert refused.status_code == 422
    assert [v["field"] for v in refused.json()["violations"]] == ["solution", "tasks[0].hours"]
    for line, field in (
        ({"feature": "A", "hours": "0", "rate": "90"}, "lines[0].hours"),
        ({"feature": "A", "hours": "-3", "rate": "90"}, "lines[0].hours"),
        ({"feature": "A", "hours": "3", "rate": "-1"}, "lines[0].rate"),
    ):
        answer = _send(bd, "post", f"{url}/proposal", {"lines": [line]})
        assert answer.status_code == 422 and answer.json()["violations"][0]["field"] == field
    not_a_number = _send(
        bd, "post", f"{url}/proposal", {"lines": [{"feature": "A", "hours": "3", "rate": "ninety"}]}
    )
    assert not_a_number.status_code == 422 and "rate" in not_a_number.json()["detail"]
    accept = _send(bd, "post", f"{url}/proposal/accept", {"lines": [1]})
    assert accept.status_code == 422 and "proposal" in accept.json()["detail"]


def test_SL_5_accepting_without_the_epic_or_before_delivery_names_both(bd):
    lead = _send(bd, "post", "/api/v1/leads", {"name": "Oak", "contact": "Olive"}).json()
    url = f"/api/v1/leads/{lead['id']}"
    lines = _send(
        bd, "post", f"{url}/proposal", {"lines": [{"feature": "A", "hours": "3", "rate": "90"}]}
    )
    refused = _send(
        bd, "post", f"{url}/proposal/accept", {"lines": [lines.json()["lines"][0]["id"]]}
    )
    assert refused.status_code == 422
    assert [(v["rule"], v["field"]) for v in refused.json()["violations"]] == [
        ("SL-3", "proposal"),
        ("SL-5", "epic"),
    ]


def test_ORG_2_a_member_who_left_may_not_move_a_lead(bd, make_member, api_client_for):
    from cellops.org.data import MemberStatus

    make_member("gina", cell="Falcon", status=MemberStatus.LEFT)
    lead = _send(bd, "post", "/api/v1/leads", {"name": "Kestrel", "contact": "K"}).json()
    gone = api_client_for("gina")
    assert _send(gone, "post", f"/api/v1/leads/{lead['id']}/advance").status_code == 403
    assert _send(gone, "post", "/api/v1/leads", {"name": "Lynx"}).status_code == 403
    assert bd.get(f"/api/v1/leads/{lead['id']}").json()["stage"]["number"] == 1
