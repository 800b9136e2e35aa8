"""The reviews' JSON door (API.md § Newcomers' trial): shapes, blind votes, problem+json."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, MemberStatus, Role

pytestmark = pytest.mark.django_db

START = date(2026, 1, 7)


@pytest.fixture
def people(make_member, api_client_for):
    for name in ("mia", "amy", "bob"):
        make_member(name)
    make_member("ceo", roles=(Role.CEO,))
    # a business cell sends no developer to the developer review (TR-3)
    org_api.create_cell(Actor.system("test"), "Sales", CellKind.BUSINESS)
    make_member("stranger", cell="Sales")
    make_member("newbie", status=MemberStatus.NEWCOMER, start_date=START)
    org_api.assign_role(
        Actor.system("test"), member="mia", role=Role.MENTOR, start=START, mentee="newbie"
    )
    return {name: api_client_for(name) for name in ("mia", "amy", "bob", "ceo", "stranger")}


def _items(client):
    response = client.get("/api/v1/trial/newcomers/newbie/reviews")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_TR_2_TR_5_the_reviews_list_has_the_api_shape(people):
    items = _items(people["mia"])
    assert [set(i) for i in items] == [
        {"id", "kind", "due", "sprint", "reviewers", "voted", "state", "outcome"}
    ] * 2
    screening = items[0]
    assert (screening["kind"], screening["due"], screening["sprint"]) == (
        "screening",
        "2026-02-01",
        2,
    )
    assert screening["reviewers"] == ["amy", "bob", "mia"]
    assert (screening["state"], screening["outcome"], screening["voted"]) == ("open", None, [])


def test_TR_3_votes_hidden_in_the_api_until_one_votes(people):
    review_id = _items(people["mia"])[0]["id"]
    answer = people["amy"].post(
        f"/api/v1/trial/reviews/{review_id}/votes",
        {"vote": "continue", "notes": {"communication": "clear"}},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert [v["reviewer"] for v in answer.json()["votes"]] == ["amy"]
    hidden = people["bob"].get(f"/api/v1/trial/reviews/{review_id}").json()
    assert (hidden["votes_hidden"], hidden["votes"], hidden["voted"]) == (True, [], ["amy"])
    people["bob"].post(
        f"/api/v1/trial/reviews/{review_id}/votes",
        {"vote": "end"},
        content_type="application/json",
    )
    seen = people["bob"].get(f"/api/v1/trial/reviews/{review_id}").json()
    assert [(v["reviewer"], v["vote"]) for v in seen["votes"]] == [
        ("amy", "continue"),
        ("bob", "end"),
    ]
    assert seen["votes"][0]["notes"]["communication"] == "clear"


def test_TR_3_not_a_reviewer_gets_403_a_stranger_404_and_a_bad_vote_422(people):
    review_id = _items(people["mia"])[0]["id"]
    url = f"/api/v1/trial/reviews/{review_id}/votes"
    assert (
        people["ceo"].post(url, {"vote": "end"}, content_type="application/json").status_code == 403
    )
    assert (
        people["stranger"].post(url, {"vote": "end"}, content_type="application/json").status_code
        == 404
    )
    assert people["stranger"].get("/api/v1/trial/newcomers/newbie/reviews").status_code == 403
    bad = people["amy"].post(url, {"vote": "accept"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.headers["Content-Type"].startswith("application/problem+json")
    assert bad.json()["violations"][0]["rule"] == "TR-2"
    missing = people["amy"].post(url, {}, content_type="application/json")
    assert missing.status_code == 422 and "vote" in missing.json()["detail"]
    assert people["amy"].get("/api/v1/trial/reviews/999999").status_code == 404


def test_TR_4_decide_extend_with_3_sprints_names_TR_4_and_the_mentor_records_screening(people):
    items = _items(people["mia"])
    developer = items[1]["id"]
    wrong = people["ceo"].post(
        f"/api/v1/trial/reviews/{developer}/decide",
        {"outcome": "extend", "sprints": 3, "note": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert "TR-4" in [v["rule"] for v in wrong.json()["violations"]]
    screening = items[0]["id"]
    for name in ("amy", "bob", "mia"):
        people[name].post(
            f"/api/v1/trial/reviews/{screening}/votes",
            {"vote": "continue"},
            content_type="application/json",
        )
    done = people["mia"].post(
        f"/api/v1/trial/reviews/{screening}/decide",
        {"outcome": "continue"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert (done.json()["state"], done.json()["outcome"]) == ("decided", "continue")
