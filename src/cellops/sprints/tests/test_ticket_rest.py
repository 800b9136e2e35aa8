"""A ticket's comments and worklogs through the JSON API (API.md § Sprints, § Billing)."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def ticket(make_member, api_client_for):
    make_member("ada")
    make_member("bob")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    key = api.create_ticket(
        org_api.actor_named("ada"), title="A ticket", cell="Falcon", account="Hedera LMS"
    ).key
    return key, api_client_for("ada"), api_client_for("bob")


def test_a_comment_is_added_then_listed_with_its_author(ticket):
    """POST answers 201 with the comment; GET lists it, oldest first."""
    key, ada, bob = ticket
    created = bob.post(f"/api/v1/tickets/{key}/comments", {"text": "Ready?"}, content_type=JSON)
    assert created.status_code == 201
    body = created.json()
    assert (body["author"], body["text"], body["source"]) == ("bob", "Ready?", "comment")
    ada.post(f"/api/v1/tickets/{key}/comments", {"text": "Yes"}, content_type=JSON)
    listed = ada.get(f"/api/v1/tickets/{key}/comments")
    assert listed.status_code == 200
    assert [(c["author"], c["text"]) for c in listed.json()] == [("bob", "Ready?"), ("ada", "Yes")]


def test_an_empty_comment_is_a_422_naming_the_field(ticket):
    """Empty or blank text: 422 problem+json naming `text`; nothing is added."""
    key, ada, _ = ticket
    for text in ("", "   "):
        response = ada.post(f"/api/v1/tickets/{key}/comments", {"text": text}, content_type=JSON)
        assert response.status_code == 422
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["field"] == "text"
    assert api.comments(key) == []


def test_an_unknown_ticket_is_a_404_for_comments_and_worklogs(ticket):
    """Comments (read and write) and worklogs of a key nobody has: 404."""
    _, ada, _ = ticket
    assert ada.get("/api/v1/tickets/NOPE-1/comments").status_code == 404
    assert (
        ada.post("/api/v1/tickets/NOPE-1/comments", {"text": "x"}, content_type=JSON).status_code
        == 404
    )
    response = ada.get("/api/v1/tickets/NOPE-1/worklogs")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "key"


def test_a_tickets_worklogs_are_listed_newest_day_first(ticket):
    """Each worklog with its member, name, hours and note."""
    key, ada, _ = ticket
    billing_api.log_work("ada", ticket=key, member="ada", day=date(2026, 3, 2), hours=1)
    billing_api.log_work("bob", ticket=key, member="bob", day=date(2026, 3, 3), hours=2, note="n")
    response = ada.get(f"/api/v1/tickets/{key}/worklogs")
    assert response.status_code == 200
    assert [(w["date"], w["member"], w["hours"], w["note"]) for w in response.json()] == [
        ("2026-03-03", "bob", 2.0, "n"),
        ("2026-03-02", "ada", 1.0, ""),
    ]


def test_logging_out_the_endpoints_need_a_login(ticket, client):
    """Without a session or token: 401."""
    key, _, _ = ticket
    assert client.get(f"/api/v1/tickets/{key}/comments").status_code == 401
    assert client.get(f"/api/v1/tickets/{key}/worklogs").status_code == 401
