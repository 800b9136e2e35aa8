"""The sales JSON door, as API.md § Sales fixes it: /api/v1/leads (SL-1, SL-2)."""

from __future__ import annotations

import json

import pytest

from cellops.sales.data import FACTOR_KEYS

pytestmark = pytest.mark.django_db

SCORE_URL = "/api/v1/leads/score"
HEDERA = dict(zip(FACTOR_KEYS, (1, 1, 2, 2, 2, 2, 2), strict=True))
MISSING = object()


def post(client, url: str, body: object):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_SL_1_hedera_scores_24_high_in_exactly_the_documented_shape(member_api):
    """POST /leads/score answers total, band, stance and the per-factor breakdown."""
    response = post(member_api, SCORE_URL, HEDERA)
    assert response.status_code == 200
    assert response.json() == {
        "total": 24,
        "band": "High",
        "stance": "Pursue aggressively; run technical discovery with no upfront charge.",
        "breakdown": [
            {"factor": "people_profile", "score": 1, "weight": 2, "weighted": 2},
            {"factor": "need", "score": 1, "weight": 2, "weighted": 2},
            {"factor": "budget", "score": 2, "weight": 2, "weighted": 4},
            {"factor": "contract_type", "score": 2, "weight": 1, "weighted": 2},
            {"factor": "prestige", "score": 2, "weight": 3, "weighted": 6},
            {"factor": "market_niche", "score": 2, "weight": 2, "weighted": 4},
            {"factor": "internal_positive_bias", "score": 2, "weight": 2, "weighted": 4},
        ],
    }


@pytest.mark.parametrize(
    ("factor", "value", "says"),
    [
        ("need", MISSING, "Need is missing"),
        ("prestige", 3, "not 3"),
        ("budget", -1, "not -1"),
        ("market_niche", "2", "not '2'"),
        ("contract_type", 1.5, "not 1.5"),
        ("people_profile", None, "not None"),
        ("internal_positive_bias", True, "not True"),
        ("vibes", 2, "it is not a rubric factor"),
    ],
)
def test_SL_1_a_bad_factor_is_a_422_violation_naming_it(member_api, factor, value, says):
    """Missing, out of range, string, fractional, null, boolean and unknown factors are refused."""
    body: dict[str, object] = dict(HEDERA)
    if value is MISSING:
        del body[factor]
    else:
        body[factor] = value
    response = post(member_api, SCORE_URL, body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert [(v["rule"], v["factor"]) for v in problem["violations"]] == [("SL-1", factor)]
    assert says in problem["violations"][0]["message"]
    assert factor in problem["detail"] and "SL-1" in problem["detail"]


def test_SL_1_every_bad_factor_is_listed_at_once(member_api):
    """Two missing factors, three bad scores and an unknown name: six violations together."""
    body = {"people_profile": 3, "budget": "2", "contract_type": 1.5, "prestige": None, "x": 1}
    response = post(member_api, SCORE_URL, body)
    assert response.status_code == 422
    assert [v["factor"] for v in response.json()["violations"]] == [
        "people_profile",
        "need",
        "budget",
        "contract_type",
        "prestige",
        "market_niche",
        "internal_positive_bias",
        "x",
    ]
    assert {v["rule"] for v in response.json()["violations"]} == {"SL-1"}


def test_SL_1_a_typed_in_total_is_refused_because_the_total_is_computed(member_api):
    """Sending a 'total' is refused by name: SL-1 computes it, never takes it."""
    response = post(member_api, SCORE_URL, {**HEDERA, "total": 28})
    assert response.status_code == 422
    assert [v["factor"] for v in response.json()["violations"]] == ["total"]


@pytest.mark.parametrize("body", [[1, 1, 2, 2, 2, 2, 2], "High", 24, None])
def test_a_body_that_is_not_a_json_object_is_a_422_naming_body(member_api, body):
    """A list, string, number or null is malformed input naming the field 'body', never a 500."""
    response = post(member_api, SCORE_URL, body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "body"
    assert response.json()["detail"].startswith("body: send a JSON object")


def test_an_empty_body_is_a_422_naming_body(member_api):
    """No body at all is refused naming 'body'."""
    response = member_api.post(SCORE_URL, "", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body", "message": "Field required"}]


def test_scoring_without_credentials_answers_401_in_problem_json(client):
    """Every sales endpoint needs authentication."""
    response = post(client, SCORE_URL, HEDERA)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/leads").status_code == 401
    assert client.get("/api/v1/leads/handbook-check").status_code == 401


def test_creating_a_lead_answers_201_with_the_unscored_lead(member_api):
    """POST /leads makes a lead; it has no score yet."""
    response = post(member_api, "/api/v1/leads", {"name": "Hedera University", "contact": "Ivy"})
    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k] for k in ("name", "contact", "responsive", "total", "band", "scored_at")
    } == {
        "name": "Hedera University",
        "contact": "Ivy",
        "responsive": False,
        "total": None,
        "band": None,
        "scored_at": None,
    }
    assert isinstance(body["id"], int)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"contact": "Ivy"}, "name"),
        ({"name": ""}, "name"),
        ({"name": "A", "contact": 5}, "contact"),
    ],
)
def test_a_malformed_lead_is_a_422_naming_the_field(member_api, body, field):
    """A missing or empty name, or a contact that is not text, is refused by name."""
    response = post(member_api, "/api/v1/leads", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_a_duplicate_lead_name_is_a_422_naming_name(member_api):
    """Two leads cannot share a name."""
    post(member_api, "/api/v1/leads", {"name": "Hedera University"})
    response = post(member_api, "/api/v1/leads", {"name": "Hedera University"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "name", "message": "a lead called 'Hedera University' already exists"}
    ]


def test_leads_are_listed_with_items_and_count(member_api):
    """GET /leads answers items (by name) and count; limit pages through them."""
    for name in ("Hedera University", "Affogato International"):
        post(member_api, "/api/v1/leads", {"name": name})
    body = member_api.get("/api/v1/leads").json()
    assert body["count"] == 2
    assert [lead["name"] for lead in body["items"]] == [
        "Affogato International",
        "Hedera University",
    ]
    page = member_api.get("/api/v1/leads?limit=1&offset=1").json()
    assert (page["count"], [lead["name"] for lead in page["items"]]) == (2, ["Hedera University"])


def test_SL_1_scoring_a_lead_answers_201_and_shows_in_its_history(member_api):
    """POST /leads/{id}/scores records a score; GET /leads/{id} shows it as the latest."""
    lead = post(member_api, "/api/v1/leads", {"name": "Hedera University"}).json()
    response = post(member_api, f"/api/v1/leads/{lead['id']}/scores", HEDERA)
    assert response.status_code == 201
    recorded = response.json()
    assert (recorded["total"], recorded["band"], recorded["scored_by"]) == (24, "High", "plain")
    assert recorded["lead_id"] == lead["id"]
    assert len(recorded["breakdown"]) == 7
    detail = member_api.get(f"/api/v1/leads/{lead['id']}").json()
    assert (detail["total"], detail["band"]) == (24, "High")
    assert [(s["id"], s["total"]) for s in detail["scores"]] == [(recorded["id"], 24)]
    assert detail["scores"][0]["breakdown"] == recorded["breakdown"]


def test_SL_1_scoring_a_lead_is_refused_like_the_score_endpoint_and_stores_nothing(member_api):
    """Bad factors on /leads/{id}/scores are the same SL-1 422; the history stays empty."""
    lead = post(member_api, "/api/v1/leads", {"name": "Hedera University"}).json()
    response = post(member_api, f"/api/v1/leads/{lead['id']}/scores", {**HEDERA, "need": 3})
    assert response.status_code == 422
    assert [(v["rule"], v["factor"]) for v in response.json()["violations"]] == [("SL-1", "need")]
    assert member_api.get(f"/api/v1/leads/{lead['id']}").json()["scores"] == []


@pytest.mark.parametrize("lead_id", ["999", "99999999999999999999999"])
def test_an_unknown_lead_in_the_path_is_404(member_api, lead_id):
    """An unknown lead id answers 404 problem+json, also when scoring it."""
    response = member_api.get(f"/api/v1/leads/{lead_id}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert lead_id in response.json()["detail"]
    assert post(member_api, f"/api/v1/leads/{lead_id}/scores", HEDERA).status_code == 404


def test_SL_2_the_handbook_check_answers_the_three_examples_and_their_findings(member_api):
    """GET /leads/handbook-check: Hedera agrees, Affogato 18 → 14, Ms. Brown refused (4–8)."""
    body = member_api.get("/api/v1/leads/handbook-check").json()
    assert body["count"] == 3
    hedera, affogato, brown = body["items"]
    assert (hedera["ok"], hedera["findings"], hedera["rubric"]["total"]) == (True, [], 24)
    assert (affogato["printed"]["total"], affogato["rubric"]["total"]) == (18, 14)
    assert [f["kind"] for f in affogato["findings"]] == [
        "wrong_weight",
        "wrong_weighted_value",
        "total_not_sum_of_rows",
        "total_disagrees_with_rubric",
    ]
    assert brown["rubric"] is None
    assert (brown["possible_totals"], brown["possible_bands"]) == ([4, 8], ["Low"])
    assert len(brown["findings"]) == 8
    assert [v["factor"] for v in brown["refusal"]] == ["need"]
    assert brown["verdict"].endswith("whatever it is, the total is 4–8, Low.")


def test_the_openapi_schema_documents_the_seven_factors_as_required_0_to_2(member_api):
    """The score body is documented as seven required integers 0, 1 or 2."""
    schema = member_api.get("/api/v1/openapi.json").json()["components"]["schemas"]["ScoresIn"]
    assert schema["required"] == list(FACTOR_KEYS)
    enums = {key: value["enum"] for key, value in schema["properties"].items()}
    assert enums == {key: [0, 1, 2] for key in FACTOR_KEYS}
