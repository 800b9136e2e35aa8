"""Sprints through the JSON API (API.md § Sprints), end to end on one cell."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, Role

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def cell(make_member, api_client_for):
    """Falcon: a sprint planning manager and three developers, an account, a future sprint."""
    make_member("spm", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    for name in ("ada", "bob", "cyd"):
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
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
    gaps = clients["spm"].post(f"{base}/start", {"confirm": True}, content_type=JSON)
    assert gaps.status_code == 422
    assert {(v["ticket"], v["gap"]) for v in gaps.json()["violations"]} == {
        (b, "story_points"),
        (b, "reviewer"),
    }
    started = clients["spm"].post(
        f"{base}/start", {"override": True, "confirm": True}, content_type=JSON
    )
    assert started.status_code == 200 and len(started.json()["overridden_gaps"]) == 2
    assert clients["ada"].get(f"/api/v1/tickets/{a}").json()["assignee"] == "ada"  # SP-4

    clients["ada"].patch(f"/api/v1/tickets/{a}", {"status": "Done"}, content_type=JSON)
    done = clients["spm"].post(f"{base}/complete", {"confirm": True}, content_type=JSON).json()
    by_member = {m["member"]: (m["clean"], m["spillover"]) for m in done["members"]}
    assert by_member["ada"] == (True, []) and by_member["bob"] == (False, [b])
    assert clients["bob"].get(f"/api/v1/tickets/{b}").json()["sprint"] == future + 1
    again = clients["spm"].post(f"{base}/complete", {"confirm": True}, content_type=JSON)
    assert again.status_code == 422 and again.json()["violations"][0]["rule"] == "SP-10"


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


# --- issue #8: who may, decided in the use cases (decision 0022) -------------------------


@pytest.fixture
def estimating(cell, make_member, api_client_for):
    """Falcon's future sprint with one ticket and estimation open; Otter's Otto; Falcon's
    Gina who left and Carl, a candidate."""
    from cellops.org.data import MemberStatus

    clients, future = cell
    make_member("otto", cell="Otter")
    make_member("gina", cell="Falcon", status=MemberStatus.LEFT)
    make_member("carl", cell="Falcon", status=MemberStatus.CANDIDATE)
    for name in ("otto", "gina", "carl"):
        clients[name] = api_client_for(name)
    key = _ticket(clients["spm"], sprint=future).json()["key"]
    base = f"/api/v1/sprints/Falcon/{future}/estimation"
    assert clients["spm"].post(base).status_code == 201
    return clients, base, key


def _vote(client, base, key, value="5"):
    return client.post(f"{base}/votes", {"ticket": key, "value": value}, content_type=JSON)


@pytest.mark.parametrize("who", ["gina", "carl"])
def test_ORG_2_left_member_cannot_vote(estimating, who):
    """ORG-2: a member who left (or a candidate) votes in no estimation: 403 naming ORG-2,
    and nothing is counted."""
    clients, base, key = estimating
    refused = _vote(clients[who], base, key, "21")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "ORG-2" in refused.json()["detail"]
    votes = clients["spm"].get(base).json()["tickets"][0]["votes"]
    assert votes == []


def test_ORG_2_left_member_cannot_write_in_a_retrospective(estimating):
    """ORG-2 with SP-13: a member who left writes no retrospective item (403)."""
    clients, _, _ = estimating
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    body = {"kind": "to improve", "text": "Everything"}
    url = f"/api/v1/sprints/Falcon/{number}/retrospective/items"
    assert clients["gina"].post(url, body, content_type=JSON).status_code == 403
    assert clients["ada"].post(url, body, content_type=JSON).status_code == 201


def test_ORG_2_left_member_cannot_edit_or_create_tickets(estimating):
    clients, _, key = estimating
    assert (
        clients["gina"]
        .patch(f"/api/v1/tickets/{key}", {"status": "Done"}, content_type=JSON)
        .status_code
        == 403
    )
    assert _ticket(clients["gina"]).status_code == 403


def test_SP_3_other_cells_member_cannot_vote(estimating):
    """SP-3: Otter's Otto votes in Falcon's estimation: 403 naming SP-3; Falcon's Ada can."""
    clients, base, key = estimating
    refused = _vote(clients["otto"], base, key, "21")
    assert refused.status_code == 403
    assert "SP-3" in refused.json()["detail"]
    assert _vote(clients["ada"], base, key, "3").status_code == 200
    ticket = clients["spm"].get(base).json()["tickets"][0]
    assert [v["member"] for v in ticket["votes"]] == ["ada"]
    assert ticket["result"] == 3


def test_SP_3_a_stray_vote_already_stored_does_not_count(estimating):
    """SP-3: a vote stored by an outsider before the fix is ignored in the result, in the
    progress and when closing sets the points."""
    from cellops.sprints import models

    clients, base, key = estimating
    assert _vote(clients["ada"], base, key, "2").status_code == 200
    session = models.EstimationSession.objects.get()
    models.Vote.objects.create(
        session=session,
        ticket=models.Ticket.objects.get(key=key),
        member_id=org_api.member_pk("otto"),
        value="21",
    )
    state = clients["spm"].get(base).json()
    assert state["tickets"][0]["result"] == 2 and state["tickets"][0]["discuss"] is False
    assert "otto" not in [m["member"] for m in state["members"]]
    closed = clients["spm"].post(f"{base}/close").json()
    assert closed["tickets"][0]["result"] == 2
    assert clients["spm"].get(f"/api/v1/tickets/{key}").json()["story_points"] == 2


def test_ticket_edit_scope_another_cells_member_cannot_edit_a_ticket(estimating):
    """Decision 0022: Otto (Otter) may not mark a Falcon ticket Done, reassign it or zero
    its points (403, nothing changed); Falcon's Ada may move it."""
    clients, _, key = estimating
    url = f"/api/v1/tickets/{key}"
    for change in ({"status": "Done"}, {"assignee": "otto"}, {"story_points": 0}):
        refused = clients["otto"].patch(url, change, content_type=JSON)
        assert refused.status_code == 403, change
        assert "Falcon" in refused.json()["detail"]
    ticket = clients["ada"].get(url).json()
    assert (ticket["status"], ticket["assignee"], ticket["story_points"], ticket["version"]) == (
        "Backlog",
        None,
        None,
        1,
    )
    assert (
        clients["ada"].patch(url, {"status": "In progress"}, content_type=JSON).status_code == 200
    )


def test_ticket_edit_scope_the_tickets_own_people_of_another_cell_may_edit(estimating):
    """Decision 0022: a reviewer from another cell works on the ticket they review."""
    clients, _, key = estimating
    url = f"/api/v1/tickets/{key}"
    assert clients["spm"].patch(url, {"reviewer": "otto"}, content_type=JSON).status_code == 200
    moved = clients["otto"].patch(url, {"status": "Under review"}, content_type=JSON)
    assert moved.status_code == 200 and moved.json()["status"] == "Under review"


def test_ticket_edit_scope_a_started_sprints_plan_changes_only_by_its_planning_manager(cell):
    """Decision 0022 with SP-5: once the sprint started, points, assignee and reviewer change
    only by the cell's sprint planning manager; members still move the ticket."""
    clients, _ = cell
    current = org_api.sprint_calendar().for_date(date.today()).number
    base = f"/api/v1/sprints/Falcon/{current}"
    key = _ticket(
        clients["spm"], sprint=current, stretch=True, assignee="ada", reviewer="bob"
    ).json()["key"]
    assert (
        clients["spm"]
        .post(f"{base}/start", {"override": True, "confirm": True}, content_type=JSON)
        .status_code
        == 200
    )
    url = f"/api/v1/tickets/{key}"
    for change in ({"story_points": 0}, {"assignee": "cyd"}, {"reviewer": "cyd"}):
        refused = clients["ada"].patch(url, change, content_type=JSON)
        assert refused.status_code == 403, change
        assert "SP-5" in refused.json()["detail"]
    assert (
        clients["ada"].patch(url, {"status": "In progress"}, content_type=JSON).status_code == 200
    )
    changed = clients["spm"].patch(url, {"story_points": 3, "assignee": "cyd"}, content_type=JSON)
    assert changed.status_code == 200
    assert (changed.json()["story_points"], changed.json()["assignee"]) == (3, "cyd")
