"""Tickets through the JSON API (API.md § Sprints, § Billing): comments and worklogs, the
SP-8 paths after a late insertion, the WF-2 key grammar, and SP-10 spillover reasons.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api, models
from cellops.sprints.tests.conftest import spillover_line as _line

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
    billing_api.log_work(
        org_api.actor_named("ada"), ticket=key, member="ada", day=date(2026, 3, 2), hours=1
    )
    billing_api.log_work(
        org_api.actor_named("bob"),
        ticket=key,
        member="bob",
        day=date(2026, 3, 3),
        hours=2,
        note="n",
    )
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


@pytest.fixture
def running(make_member, api_client_for):
    make_member("spm", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number
    return {n: api_client_for(n) for n in ("spm", "ada")}, number


def _ticket(client, number, **fields):
    body = {"title": "t", "cell": "Falcon", "account": "Hedera LMS", "sprint": number, **fields}
    return client.post("/api/v1/tickets", body, content_type=JSON).json()


def test_SP_8_a_replacement_waits_for_the_managers_confirmation(running):
    """SP-8 (a): only the sprint planning manager confirms; confirming twice is refused."""
    clients, number = running
    stretch = _ticket(clients["ada"], number, stretch=True)
    late = _ticket(clients["ada"], number, replaces=stretch["key"])
    assert late["awaiting_confirmation"] is True
    assert clients["ada"].post(f"/api/v1/tickets/{late['key']}/confirm").status_code == 403
    confirmed = clients["spm"].post(f"/api/v1/tickets/{late['key']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["awaiting_confirmation"] is False
    again = clients["spm"].post(f"/api/v1/tickets/{late['key']}/confirm")
    assert again.status_code == 422 and again.json()["violations"][0]["rule"] == "SP-8"


def test_SP_8_a_stretch_goal_is_pulled_in_when_ready_and_its_assignee_under_committed(running):
    """SP-8 (b): with every committed ticket ready, an under-committed assignee's stretch goal comes in."""
    clients, number = running
    stretch = _ticket(
        clients["ada"],
        number,
        stretch=True,
        assignee="ada",
        reviewer="spm",
        story_points=2,
        remaining_hours=2,
    )
    pulled = clients["ada"].post(f"/api/v1/tickets/{stretch['key']}/pull")
    assert pulled.status_code == 200 and pulled.json()["stretch"] is False


def test_SP_8_pulling_is_refused_while_the_sprint_is_not_ready_or_without_an_assignee(running):
    """SP-8 (b): a committed ticket without points blocks it (SP-5); no assignee names the field."""
    clients, number = running
    first = _ticket(clients["ada"], number, stretch=True)
    _ticket(clients["ada"], number, replaces=first["key"])  # committed, no points: not ready
    stretch = _ticket(
        clients["ada"],
        number,
        stretch=True,
        assignee="ada",
        reviewer="spm",
        story_points=2,
        remaining_hours=2,
    )
    refused = clients["ada"].post(f"/api/v1/tickets/{stretch['key']}/pull")
    assert refused.status_code == 422
    assert [v.get("gap") for v in refused.json()["violations"]] == ["sprint_not_ready"]
    nobody = clients["ada"].post(f"/api/v1/tickets/{first['key']}/pull")
    assert nobody.status_code == 422 and "assignee" in nobody.json()["detail"]


@pytest.fixture
def lynx(make_member):
    make_member("sam", cell="Lynx", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", cell="Lynx")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    return org_api.sprint_calendar().for_date(date.today()).number + 3


def _post(client, **fields):
    client.raise_request_exception = False
    body = {"title": "A ticket", "cell": "Lynx", "account": "Hedera LMS", **fields}
    return client.post("/api/v1/tickets", body, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["LYNX-²", "EVIL/1", "lynx-7", "LYNX-1\n"])
def test_finding_2_the_api_refuses_a_key_of_another_shape_and_keys_on(
    lynx, admin_api, admin_client, key
):
    """POST /tickets with LYNX-² or EVIL/1 is a 422 naming `key`; the next auto-keyed ticket
    is made (it was a 500 for every later ticket of the cell) and the board renders."""
    refused = _post(admin_api, key=key, sprint=lynx)
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"][0]["field"] == "key"
    assert "LYNX-42" in refused.json()["detail"]
    assert not models.Ticket.objects.filter(key=key).exists()

    made = _post(admin_api, sprint=lynx)
    assert made.status_code == 201 and made.json()["key"] == "LYNX-1"
    board = admin_client.get(reverse("sprints:board", args=["Lynx", lynx]))
    assert board.status_code == 200 and "LYNX-1" in board.content.decode()


def _put(client, number: int, member: str, body) -> object:
    return client.put(
        f"/api/v1/sprints/Falcon/{number}/spillover/{member}", body, content_type=JSON
    )


def test_SP_10_rest_put_answers_the_members_completion_line(spilled, api_client_for):
    response = _put(api_client_for("bob"), spilled["number"], "bob", {"reason": " Blocked "})
    assert response.status_code == 200
    assert response.json() == {
        "member": "bob",
        "clean": False,
        "spillover": list(spilled["keys"]),
        "reason": "Blocked",
    }


def test_SP_10_rest_refuses_an_empty_reason_with_422_naming_the_field(spilled, api_client_for):
    client = api_client_for("bob")
    for body in ({"reason": "   "}, {"reason": ""}, {}, {"reason": "x" * 1001}):
        response = _put(client, spilled["number"], "bob", body)
        assert response.status_code == 422, body
        assert response["Content-Type"].startswith("application/problem+json")
        assert "reason" in response.content.decode()


def test_SP_10_rest_404_for_a_member_without_spillover_and_403_for_another(spilled, api_client_for):
    number = spilled["number"]
    assert _put(api_client_for("ada"), number, "ada", {"reason": "x"}).status_code == 404
    assert _put(api_client_for("sam"), number, "nobody", {"reason": "x"}).status_code == 404
    assert _put(api_client_for("ada"), number, "bob", {"reason": "x"}).status_code == 403
    assert _put(api_client_for("bob"), 0, "bob", {"reason": "x"}).status_code == 422
    assert _line(number, "bob").reason == ""
