"""Acceptance: the lead rubric (SL-1) and the handbook's worked examples (SL-2), over HTTP.

A business development specialist uses the JSON API with a personal bearer
token, as another tool would.
"""

from __future__ import annotations

import json

import pytest

from cellops.org.data import Role

pytestmark = pytest.mark.django_db

FACTORS = (
    "people_profile",
    "need",
    "budget",
    "contract_type",
    "prestige",
    "market_niche",
    "internal_positive_bias",
)
HEDERA = dict(zip(FACTORS, (1, 1, 2, 2, 2, 2, 2), strict=True))
AFFOGATO = dict(zip(FACTORS, (2, 1, 1, 1, 1, 0, 1), strict=True))


@pytest.fixture
def sales(make_member, api_client_for):
    """Bea, business development specialist, with her bearer token."""
    make_member("bea", cell="Hummingbird", roles=(Role.BUSINESS_DEVELOPMENT,))
    return api_client_for("bea")


def post(client, url: str, body: object):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_SL_1_hedera_university_scores_24_high_pursue_aggressively(sales):
    """Composite = Σ score × weight; 24 is in the High band (20–28) with its stance."""
    response = post(sales, "/api/v1/leads/score", HEDERA)
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["band"]) == (24, "High")
    assert "aggressively" in body["stance"] and "discovery" in body["stance"]
    assert [(b["factor"], b["weight"], b["weighted"]) for b in body["breakdown"]] == [
        ("people_profile", 2, 2),
        ("need", 2, 2),
        ("budget", 2, 4),
        ("contract_type", 1, 2),
        ("prestige", 3, 6),
        ("market_niche", 2, 4),
        ("internal_positive_bias", 2, 4),
    ]


@pytest.mark.parametrize(
    ("scores", "total", "band"),
    [
        ({**dict.fromkeys(FACTORS, 0), "need": 2, "budget": 1, "prestige": 1}, 9, "Low"),
        (
            {
                **dict.fromkeys(FACTORS, 0),
                "need": 2,
                "budget": 1,
                "prestige": 1,
                "contract_type": 1,
            },
            10,
            "Medium",
        ),
        ({**dict.fromkeys(FACTORS, 1), "need": 2, "budget": 2, "contract_type": 2}, 19, "Medium"),
        ({**dict.fromkeys(FACTORS, 1), "need": 2, "budget": 2, "market_niche": 2}, 20, "High"),
        (dict.fromkeys(FACTORS, 2), 28, "High"),
        (dict.fromkeys(FACTORS, 0), 0, "Low"),
    ],
)
def test_SL_1_the_bands_start_at_10_and_20(sales, scores, total, band):
    """Low below 10, Medium 10–19, High 20–28, at the edges and the extremes."""
    body = post(sales, "/api/v1/leads/score", scores).json()
    assert (body["total"], body["band"]) == (total, band)


def test_SL_1_a_missing_factor_and_scores_outside_0_to_2_are_refused_all_at_once(sales):
    """Every bad factor is its own SL-1 violation in one 422; nothing is guessed."""
    scores: dict[str, object] = {**HEDERA, "budget": 3, "prestige": -1, "market_niche": 1.5}
    del scores["need"]
    response = post(sales, "/api/v1/leads/score", scores)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [(v["rule"], v["factor"]) for v in response.json()["violations"]] == [
        ("SL-1", "need"),
        ("SL-1", "budget"),
        ("SL-1", "prestige"),
        ("SL-1", "market_niche"),
    ]


def test_SL_1_the_total_is_computed_never_typed_in(sales):
    """A client cannot supply the total: it is refused by name as not a factor."""
    response = post(sales, "/api/v1/leads/score", {**dict.fromkeys(FACTORS, 0), "total": 28})
    assert response.status_code == 422
    assert [(v["rule"], v["factor"]) for v in response.json()["violations"]] == [("SL-1", "total")]


def test_SL_1_a_lead_keeps_every_score_and_shows_the_latest_band(sales):
    """Scoring a stored lead twice keeps both scores, newest first; the list shows the latest."""
    lead = post(sales, "/api/v1/leads", {"name": "Hedera University"}).json()
    assert post(sales, f"/api/v1/leads/{lead['id']}/scores", AFFOGATO).status_code == 201
    assert post(sales, f"/api/v1/leads/{lead['id']}/scores", HEDERA).status_code == 201
    refused = post(sales, f"/api/v1/leads/{lead['id']}/scores", {**HEDERA, "need": None})
    assert refused.status_code == 422
    detail = sales.get(f"/api/v1/leads/{lead['id']}").json()
    assert [(s["total"], s["band"], s["scored_by"]) for s in detail["scores"]] == [
        (24, "High", "bea"),
        (14, "Medium", "bea"),
    ]
    listed = sales.get("/api/v1/leads").json()["items"]
    assert [(item["name"], item["total"], item["band"]) for item in listed] == [
        ("Hedera University", 24, "High")
    ]


def test_SL_2_hedera_university_is_reproduced_exactly(sales):
    """The handbook's Hedera example (1,1,2,2,2,2,2) → 24 High, with no finding."""
    scored = post(sales, "/api/v1/leads/score", HEDERA).json()
    hedera = sales.get("/api/v1/leads/handbook-check").json()["items"][0]
    assert hedera["name"] == "Hedera University"
    assert (hedera["printed"]["total"], hedera["printed"]["band"]) == (24, "High")
    assert hedera["rubric"] == scored
    assert (hedera["ok"], hedera["findings"]) == (True, [])


def test_SL_2_affogato_is_recomputed_to_14_medium_and_the_slips_are_named(sales):
    """Affogato prints 18 with contract type weighted 2; the rubric gives 14, still Medium."""
    affogato = sales.get("/api/v1/leads/handbook-check").json()["items"][1]
    assert affogato["name"] == "Affogato International"
    assert (affogato["rubric"]["total"], affogato["rubric"]["band"]) == (14, "Medium")
    assert affogato["rubric"] == post(sales, "/api/v1/leads/score", AFFOGATO).json()
    assert [
        (f["kind"], f["factor"], f["printed"], f["expected"]) for f in affogato["findings"]
    ] == [
        ("wrong_weight", "contract_type", 2, 1),
        ("wrong_weighted_value", "contract_type", 2, 1),
        ("total_not_sum_of_rows", None, 18, 15),
        ("total_disagrees_with_rubric", None, 18, 14),
    ]
    assert affogato["verdict"] == (
        "Affogato International: printed 18, the rubric gives 14 — still Medium."
    )


def test_SL_2_ms_brown_is_refused_for_its_missing_need_and_bounded_4_to_8_low(sales):
    """Ms. Brown's class has no Need row: SL-1 refuses to score it; any Need gives 4–8, Low."""
    brown = sales.get("/api/v1/leads/handbook-check").json()["items"][2]
    assert brown["name"] == "Ms. Brown's 5th Grade Class"
    assert brown["rubric"] is None
    assert [(v["rule"], v["factor"]) for v in brown["refusal"]] == [("SL-1", "need")]
    assert (brown["possible_totals"], brown["possible_bands"]) == ([4, 8], ["Low"])
    assert [f["kind"] for f in brown["findings"]] == [
        "wrong_weight",
        "wrong_weight",
        "score_operand_mismatch",
        "wrong_weight",
        "score_operand_mismatch",
        "wrong_weighted_value",
        "missing_factor",
        "total_disagrees_with_rubric",
    ]
    printed_scores = {row["factor"]: row["score"] for row in brown["printed"]["rows"]}
    for need in (0, 1, 2):
        body = post(sales, "/api/v1/leads/score", {**printed_scores, "need": need}).json()
        assert (body["total"], body["band"]) == (4 + 2 * need, "Low")
