"""Sprints through the JSON API (API.md § Sprints), end to end on one cell."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cellops.org import api as org_api
from cellops.org.data import Role

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def cell(make_member, api_client_for):
    """Falcon: a sprint planning manager and three developers, an account, a future sprint."""
    make_member("spm", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    for name in ("ada", "bob", "cyd"):
        make_member(name, cell="Falcon")
    org_api.create_account("test", "Hedera LMS")
    future = org_api.sprint_calendar().for_date(date.today()).number + 3
    clients = {name: api_client_for(name) for name in ("spm", "ada", "bob", "cyd")}
    return clients, future


def _ticket(client, **fields):
    body = {"title": "A ticket", "cell": "Falcon", "account": "Hedera LMS", **fields}
    return client.post("/api/v1/tickets", body, content_type=JSON)


def test_SP_2_points_off_the_scale_and_a_self_review_are_refused_together(cell):
    """SP-2/SP-5: 4 points and reviewer = assignee are both reported in one 422."""
    clients, future = cell
    response = _ticket(
        clients["ada"], sprint=future, story_points=4, assignee="ada", reviewer="ada"
    )
    assert response.status_code == 422
    assert {v["rule"] for v in response.json()["violations"]} == {"SP-2", "SP-5"}


def test_SP_8_a_ticket_for_a_started_sprint_takes_one_of_the_two_paths(cell):
    """SP-8: the running sprint refuses a plain insertion, accepts a stretch goal or a replacement."""
    clients, _ = cell
    current = org_api.sprint_calendar().for_date(date.today()).number
    refused = _ticket(clients["ada"], sprint=current)
    assert refused.status_code == 422 and refused.json()["violations"][0]["rule"] == "SP-8"
    stretch = _ticket(clients["ada"], sprint=current, stretch=True)
    assert stretch.status_code == 201 and stretch.json()["stretch"] is True
    replacement = _ticket(clients["ada"], sprint=current, replaces=stretch.json()["key"])
    assert replacement.status_code == 201 and replacement.json()["awaiting_confirmation"] is True


def test_SP_9_a_stale_patch_is_a_409_and_loses_nothing(cell):
    """Two people move the same ticket: the second, based on the old version, gets 409."""
    clients, future = cell
    key = _ticket(clients["ada"], sprint=future).json()["key"]
    first = clients["ada"].patch(
        f"/api/v1/tickets/{key}", {"status": "In progress", "version": 1}, content_type=JSON
    )
    second = clients["bob"].patch(
        f"/api/v1/tickets/{key}", {"status": "Merged", "version": 1}, content_type=JSON
    )
    assert first.status_code == 200 and second.status_code == 409
    assert clients["ada"].get(f"/api/v1/tickets/{key}").json()["status"] == "In progress"


def test_SP_3_to_SP_10_a_sprint_from_estimation_to_completion(cell):
    """SP-3 votes → points; SP-6 capacity; SP-5 gaps then start; SP-10 spillover and clean sprints."""
    clients, future = cell
    a = _ticket(
        clients["spm"], sprint=future, tentative_assignee="ada", reviewer="bob", remaining_hours=10
    ).json()["key"]
    b = _ticket(
        clients["spm"], sprint=future, assignee="bob", reviewer="ada", remaining_hours=6
    ).json()["key"]
    base = f"/api/v1/sprints/Falcon/{future}"
    assert clients["ada"].post(f"{base}/estimation").status_code == 403
    assert clients["spm"].post(f"{base}/estimation").status_code == 201
    for member, votes in {"ada": ("3", "5"), "bob": ("5", "?"), "cyd": ("8", "21")}.items():
        for ticket, value in zip((a, b), votes, strict=True):
            r = clients[member].post(
                f"{base}/estimation/votes",
                {"ticket": ticket, "value": value, "comment": "ok"},
                content_type=JSON,
            )
            assert r.status_code == 200, r.json()
    state = clients["ada"].get(f"{base}/estimation").json()
    results = {t["ticket"]: (t["result"], t["discuss"]) for t in state["tickets"]}
    assert results == {
        a: (5, False),
        b: (13, True),
    }  # medians 5 and 13; 5 vs 21 is three steps apart
    closed = clients["spm"].post(f"{base}/estimation/close").json()
    assert closed["state"] == "closed"
    assert clients["ada"].get(f"/api/v1/tickets/{a}").json()["story_points"] == 5

    capacity = clients["ada"].get(f"{base}/capacity").json()
    ada = next(m for m in capacity["members"] if m["member"] == "ada")
    assert ada["available_hours"] == 78 and ada["status"] == "under-committed"

    clients["spm"].patch(
        f"/api/v1/tickets/{b}", {"story_points": None, "reviewer": None}, content_type=JSON
    )
    gaps = clients["spm"].post(f"{base}/start", {}, content_type=JSON)
    assert gaps.status_code == 422
    assert {(v["ticket"], v["gap"]) for v in gaps.json()["violations"]} == {
        (b, "story_points"),
        (b, "reviewer"),
    }
    started = clients["spm"].post(f"{base}/start", {"override": True}, content_type=JSON)
    assert started.status_code == 200 and len(started.json()["overridden_gaps"]) == 2
    assert clients["ada"].get(f"/api/v1/tickets/{a}").json()["assignee"] == "ada"  # SP-4

    clients["ada"].patch(f"/api/v1/tickets/{a}", {"status": "Done"}, content_type=JSON)
    done = clients["spm"].post(f"{base}/complete").json()
    by_member = {m["member"]: (m["clean"], m["spillover"]) for m in done["members"]}
    assert by_member["ada"] == (True, []) and by_member["bob"] == (False, [b])
    assert clients["bob"].get(f"/api/v1/tickets/{b}").json()["sprint"] == future + 1
    again = clients["spm"].post(f"{base}/complete")
    assert again.status_code == 422 and again.json()["violations"][0]["rule"] == "SP-10"


def test_SP_7_budgets_show_logged_and_planned_hours_with_a_status(cell, admin_api):
    """SP-7: an account's month counts its worklogs; status by logged + planned against the budget."""
    clients, _ = cell
    org_api.create_account("test", "Kestrel", None, 10)
    key = _ticket(clients["ada"], account="Kestrel").json()["key"]
    today = date.today()
    logged = clients["ada"].post(
        "/api/v1/worklogs",
        {"ticket": key, "member": "ada", "date": str(today), "hours": 9.5},
        content_type=JSON,
    )
    assert logged.status_code == 201
    refused = clients["ada"].post(
        "/api/v1/worklogs",
        {"ticket": key, "member": "ada", "date": str(today), "hours": -1},
        content_type=JSON,
    )
    assert refused.status_code == 422 and "hours" in refused.json()["detail"]
    month = f"{today:%Y-%m}"
    items = admin_api.get(f"/api/v1/budgets?month={month}").json()["items"]
    kestrel = next(i for i in items if i.get("account") == "Kestrel")
    assert kestrel == {
        "account": "Kestrel",
        "budget_hours": 10,
        "logged_hours": 9.5,
        "planned_hours": 0,
        "status": "at risk",
    }
    assert clients["ada"].get(f"/api/v1/budgets?month={month}").status_code == 403
    last_month = today.replace(day=1) - timedelta(days=1)
    assert (
        next(
            i
            for i in admin_api.get(f"/api/v1/budgets?month={last_month:%Y-%m}").json()["items"]
            if i.get("account") == "Kestrel"
        )["logged_hours"]
        == 0
    )


def test_SP_3_a_cells_sprint_planning_manager_plans_that_cell_only(
    cell, make_member, api_client_for
):
    """SP-3/SP-5/SP-10 with ORG-3: Falcon's manager cannot open, start or complete Heron's
    sprints (403 naming the cell); Heron's own manager and administrators can."""
    clients, future = cell
    make_member("olga", cell="Heron", roles=(Role.SPRINT_PLANNING_MANAGER,))
    base = f"/api/v1/sprints/Heron/{future}"
    for action in ("estimation", "start", "complete"):
        refused = clients["spm"].post(f"{base}/{action}", {}, content_type=JSON)
        assert refused.status_code == 403, action
        assert "of cell Heron" in refused.json()["detail"]
    assert clients["spm"].post(f"/api/v1/sprints/Falcon/{future}/estimation").status_code == 201
    assert api_client_for("olga").post(f"{base}/estimation").status_code == 201
    assert (
        api_client_for("olga").post(f"/api/v1/sprints/Falcon/{future}/estimation/close").status_code
        == 403
    )


def test_SP_7_logging_time_for_someone_else_needs_a_manager_of_the_tickets_cell(
    cell, make_member, api_client_for
):
    """A member logs their own time; for someone else it takes the sprint planning manager
    of the ticket's cell: Heron's manager is refused (403) on a Falcon ticket."""
    clients, _ = cell
    make_member("olga", cell="Heron", roles=(Role.SPRINT_PLANNING_MANAGER,))
    key = _ticket(clients["ada"]).json()["key"]
    today = str(date.today())

    def log(client, member):
        body = {"ticket": key, "member": member, "date": today, "hours": 1}
        return client.post("/api/v1/worklogs", body, content_type=JSON)

    assert log(clients["bob"], "ada").status_code == 403
    assert log(api_client_for("olga"), "ada").status_code == 403
    assert log(clients["spm"], "ada").status_code == 201
    assert log(clients["ada"], "ada").status_code == 201
