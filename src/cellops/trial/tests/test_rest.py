"""The trial's JSON door, as API.md § Newcomers' trial fixes it.

Every 422 is problem+json and names the field; a handbook refusal names its rule.
"""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


def _field_errors(response) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


# /schedule -------------------------------------------------------------------


def test_TR_1_schedule_answers_the_key_dates_in_the_api_shape(member_api):
    """GET /trial/schedule?start=D answers exactly the five documented keys."""
    response = member_api.get("/api/v1/trial/schedule", {"start": "2026-01-07"})
    assert response.status_code == 200
    assert response.json() == {
        "start_date": "2026-01-07",
        "end_of_trial": "2026-03-04",
        "review_deadline": "2026-02-25",
        "screening_review_due": "2026-02-01",
        "developer_review_sprint": {"number": 3, "start": "2026-02-02", "end": "2026-02-15"},
    }


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({}, "required"),
        ({"start": "07/01/2026"}, "YYYY-MM-DD"),
        ({"start": "2026-02-30"}, "outside expected range"),
        ({"start": "2026-01-04"}, "on or after Mon 5 Jan 2026"),
        ({"start": "2300-01-05"}, "2199-12-31"),
    ],
)
def test_a_bad_start_is_a_422_problem_naming_start(member_api, query, words):
    """Missing, malformed, impossible, before-the-calendar and far-future starts are refused."""
    response = member_api.get("/api/v1/trial/schedule", query)
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_JSON
    assert _field_errors(response) == ["start"]
    assert response.json()["detail"].startswith("start: ")
    assert words in response.json()["detail"]


# /extension ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sprints", "end", "deadline"),
    [(2, "2026-04-01", "2026-03-25"), (4, "2026-04-29", "2026-04-22")],
)
def test_TR_4_extension_answers_its_end_and_review_deadline(member_api, sprints, end, deadline):
    """2 sprints: 121 + 28 days; 4 sprints: 121 + 56 days; reviews 7 days before."""
    response = member_api.get(
        "/api/v1/trial/extension", {"date_of_121": "2026-03-04", "sprints": sprints}
    )
    assert response.status_code == 200
    assert response.json() == {"end_of_extension": end, "review_deadline": deadline}


@pytest.mark.parametrize("sprints", [3, 0, -2, 1000])
def test_TR_4_an_extension_of_other_lengths_is_refused_by_the_rule_on_sprints(member_api, sprints):
    """Anything but 2 or 4 is a 422 whose violation names TR-4 and the `sprints` field."""
    response = member_api.get(
        "/api/v1/trial/extension", {"date_of_121": "2026-03-04", "sprints": sprints}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_JSON
    [violation] = response.json()["violations"]
    assert violation["rule"] == "TR-4" and violation["field"] == "sprints"
    assert "2 or 4" in violation["message"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_of_121": "2026-03-04", "sprints": "99999999999999999999"}, "sprints"),
        ({"date_of_121": "2026-03-04", "sprints": "two"}, "sprints"),
        ({"date_of_121": "2026-03-04"}, "sprints"),
        ({"date_of_121": "4 March", "sprints": 2}, "date_of_121"),
        ({"sprints": 2}, "date_of_121"),
    ],
)
def test_malformed_extension_input_is_a_422_naming_the_field(member_api, query, field):
    """Huge or non-numeric sprints and a missing or malformed 121 date are named, never a 500."""
    response = member_api.get("/api/v1/trial/extension", query)
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_JSON
    assert _field_errors(response) == [field]
    assert field in response.json()["detail"]


# /clean-sprints --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sprints", "kind", "required"),
    [(4, "initial", 2), (8, "extended", 5), (8, "core", 6), (5, "initial", 3)],
)
def test_TR_6_clean_sprints_answers_the_minimum(member_api, sprints, kind, required):
    """GET /trial/clean-sprints?sprints=N&kind=K answers {"required": K}."""
    response = member_api.get("/api/v1/trial/clean-sprints", {"sprints": sprints, "kind": kind})
    assert response.status_code == 200
    assert response.json() == {"required": required}


def test_TR_6_zero_sprints_and_an_unknown_kind_are_both_refused_naming_each_field(member_api):
    """Both TR-6 violations come back at once, one on `sprints`, one on `kind`."""
    response = member_api.get("/api/v1/trial/clean-sprints", {"sprints": 0, "kind": "senior"})
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_JSON
    violations = response.json()["violations"]
    assert [(v["rule"], v["field"]) for v in violations] == [("TR-6", "sprints"), ("TR-6", "kind")]
    assert "initial, extended, core" in violations[1]["message"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"sprints": 8}, "kind"),
        ({"sprints": 8, "kind": ""}, "kind"),
        ({"kind": "core"}, "sprints"),
        ({"sprints": 10**30, "kind": "core"}, "sprints"),
    ],
)
def test_malformed_clean_sprints_input_is_a_422_naming_the_field(member_api, query, field):
    """A missing or empty kind, a missing or huge count: 422 naming the field."""
    response = member_api.get("/api/v1/trial/clean-sprints", query)
    assert response.status_code == 422
    assert _field_errors(response) == [field]


# authentication --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/trial/schedule?start=2026-01-07",
        "/api/v1/trial/extension?date_of_121=2026-03-04&sprints=2",
        "/api/v1/trial/clean-sprints?sprints=4&kind=initial",
    ],
)
def test_every_trial_endpoint_needs_authentication(db, url):
    """Without a session or a bearer token the answer is a 401 problem."""
    response = Client().get(url)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["status"] == 401


def test_a_revoked_or_unknown_token_is_refused(db):
    """A made-up bearer token opens nothing."""
    client = Client(headers={"Authorization": "Bearer cel_not-a-real-token"})
    response = client.get("/api/v1/trial/schedule", {"start": "2026-01-07"})
    assert response.status_code == 401


def test_a_logged_in_browser_session_may_call_the_api(make_member, client, django_user_model):
    """The session is the other way in (API.md § Conventions)."""
    make_member("ada")
    client.force_login(django_user_model.objects.get(username="ada"))
    response = client.get("/api/v1/trial/clean-sprints", {"sprints": 4, "kind": "initial"})
    assert response.status_code == 200
    assert response.json() == {"required": 2}


def test_the_openapi_schema_documents_the_trial_endpoints(member_api):
    """The endpoints appear under the `trial` tag with their rule IDs in the summaries.

    (The reviews' four operations joined the three date endpoints: issue #10.)"""
    paths = member_api.get("/api/v1/openapi.json").json()["paths"]
    everything = {(m, p) for p, v in paths.items() if p.startswith("/api/v1/trial/") for m in v}
    assert sorted(everything) == [
        ("get", "/api/v1/trial/clean-sprints"),
        ("get", "/api/v1/trial/extension"),
        ("get", "/api/v1/trial/newcomers/{username}/reviews"),
        ("get", "/api/v1/trial/reviews/{review_id}"),
        ("get", "/api/v1/trial/schedule"),
        ("post", "/api/v1/trial/reviews/{review_id}/decide"),
        ("post", "/api/v1/trial/reviews/{review_id}/votes"),
    ]
    trial = {p: v["get"] for p, v in paths.items() if p.startswith("/api/v1/trial/") and "get" in v}
    assert all(op["tags"] == ["trial"] for op in trial.values())
    assert "TR-4" in trial["/api/v1/trial/extension"]["summary"]
