"""SP-8's two paths, to the end: confirming a replacement, pulling a stretch goal in."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, Role

pytestmark = pytest.mark.django_db
JSON = "application/json"


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
