"""Checklists through the JSON API: GET /checklists/mine, GET /checklists/{id},
POST /checklists/{id}/items/{item_id}."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.checklists import api
from cellops.org.data import Role

pytestmark = pytest.mark.django_db

SPRINT_START = date(2026, 3, 2)


@pytest.fixture
def runs(make_member):
    """Falcon's sprint 24 checklists: Ada (sprint planning manager), Cyd and Eve (plain members)."""
    api.seed_default_templates()
    make_member("ada", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("cyd")
    make_member("eve")
    made = api.ensure_sprint_runs("Falcon", 24, SPRINT_START, ["ada", "cyd", "eve"])
    return {r.member: r for r in made}


def _tick(client, run_id: int, item_id: int, done=True):
    return client.post(
        f"/api/v1/checklists/{run_id}/items/{item_id}",
        {"done": done},
        content_type="application/json",
    )


def test_SP_12_mine_lists_my_open_checklists_with_due_dates(runs, api_client_for):
    """Cyd sees only her own sprint checklist, with its items and due dates."""
    response = api_client_for("cyd").get("/api/v1/checklists/mine")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (run,) = body["items"]
    assert (run["id"], run["member"], run["subject"], run["kind"]) == (
        runs["cyd"].id,
        "cyd",
        "sprint Falcon/24",
        "sprint",
    )
    assert run["done_count"] == 0 and run["total"] == len(run["items"]) > 0
    due = {i["due_day"]: i["due_date"] for i in run["items"]}
    assert due[7] == "2026-03-09" and due[None] is None


def test_ticking_my_own_item_records_who_and_when(runs, api_client_for):
    """POST done=true: 200, the item done by me with a time; done=false clears it."""
    cyd = api_client_for("cyd")
    run = runs["cyd"]
    item_id = run.items[1].id
    response = _tick(cyd, run.id, item_id)
    assert response.status_code == 200, response.json()
    item = next(i for i in response.json()["items"] if i["id"] == item_id)
    assert (item["done"], item["done_by"]) == (True, "cyd") and item["done_at"]
    assert response.json()["done_count"] == 1

    cleared = _tick(cyd, run.id, item_id, done=False).json()
    item = next(i for i in cleared["items"] if i["id"] == item_id)
    assert (item["done"], item["done_by"], item["done_at"]) == (False, "", None)


def test_someone_else_cannot_tick_or_read_my_checklist(runs, api_client_for):
    """Eve ticking or reading Cyd's checklist: 403, and the item stays not done."""
    eve = api_client_for("eve")
    run = runs["cyd"]
    response = _tick(eve, run.id, run.items[0].id)
    assert response.status_code == 403
    assert "someone else's" in response.json()["detail"]
    assert eve.get(f"/api/v1/checklists/{run.id}").status_code == 403
    assert api.run(run.id).items[0].done_at is None


def test_a_sprint_planning_manager_or_an_admin_may_tick_anyones(runs, api_client_for, admin_api):
    """MANAGE_SPRINTS (Ada) and administrators tick Cyd's items; the tick names them."""
    run = runs["cyd"]
    by_ada = _tick(api_client_for("ada"), run.id, run.items[0].id)
    by_admin = _tick(admin_api, run.id, run.items[1].id)
    assert (by_ada.status_code, by_admin.status_code) == (200, 200)
    done_by = {i["id"]: i["done_by"] for i in by_admin.json()["items"] if i["done"]}
    assert list(done_by.values()) == ["ada", "admin"]


def test_an_unknown_checklist_or_item_is_404(runs, api_client_for, admin_api):
    """A missing run is 404 naming run_id; an item of another run is 404 naming item_id."""
    missing = admin_api.get("/api/v1/checklists/999999")
    assert missing.status_code == 404
    wrong_item = _tick(api_client_for("cyd"), runs["cyd"].id, runs["eve"].items[0].id)
    assert wrong_item.status_code == 404
    assert wrong_item.json()["errors"][0]["field"] == "item_id"


def test_a_tick_without_done_is_422(runs, api_client_for):
    """The body must say done true or false."""
    run = runs["cyd"]
    response = api_client_for("cyd").post(
        f"/api/v1/checklists/{run.id}/items/{run.items[0].id}", {}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "done"


def test_finished_checklists_leave_mine_unless_asked(runs, api_client_for):
    """Once every item is done the run leaves /mine; open_only=false still lists it."""
    cyd = api_client_for("cyd")
    run = runs["cyd"]
    for item in run.items:
        assert _tick(cyd, run.id, item.id).status_code == 200
    assert cyd.get("/api/v1/checklists/mine").json()["count"] == 0
    every = cyd.get("/api/v1/checklists/mine?open_only=false").json()
    assert [r["id"] for r in every["items"]] == [run.id]


def test_reading_checklists_needs_authentication(runs, client):
    """Without a session or token: 401."""
    assert client.get("/api/v1/checklists/mine").status_code == 401


def test_SP_12_another_cells_sprint_planning_manager_may_not_tick_mine(
    runs, make_member, api_client_for
):
    """ORG-3: Heron's sprint planning manager neither sees nor ticks Cyd's (Falcon) checklist."""
    make_member("olga", cell="Heron", roles=(Role.SPRINT_PLANNING_MANAGER,))
    run = runs["cyd"]
    olga = api_client_for("olga")
    assert olga.get(f"/api/v1/checklists/{run.id}").status_code == 403
    assert _tick(olga, run.id, run.items[0].id).status_code == 403
    assert _tick(api_client_for("ada"), run.id, run.items[0].id).status_code == 200
