"""The organisation's JSON door, as API.md § Organisation fixes it."""

from __future__ import annotations

import pytest

from cellops.kernel.actor import Actor
from cellops.org import api as org_api

pytestmark = pytest.mark.django_db


def test_ORG_1_creating_a_cell_answers_201_with_the_cell(admin_api):
    """POST /cells makes a cell and answers it back."""
    response = admin_api.post(
        "/api/v1/cells", {"name": "Bebop", "kind": "dev"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() == {"name": "Bebop", "kind": "dev", "active_members": 0}


def test_an_unknown_cell_kind_is_refused_naming_the_field(admin_api):
    """A kind other than dev/business is a 422 whose detail names `kind`."""
    response = admin_api.post(
        "/api/v1/cells", {"name": "Bebop", "kind": "sales"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "kind"
    assert "kind" in response.json()["detail"]


def test_ORG_2_creating_a_member_creates_their_login_account(admin_api, django_user_model):
    """ORG-2: POST /members makes a member of a cell and a login account."""
    admin_api.post(
        "/api/v1/cells", {"name": "Bebop", "kind": "dev"}, content_type="application/json"
    )
    response = admin_api.post(
        "/api/v1/members",
        {
            "username": "ada",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "cell": "Bebop",
            "status": "newcomer",
            "weekly_hours": 30,
            "working_days": [0, 1, 2],
            "timezone": "Europe/London",
            "start_date": "2026-03-02",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["cell"] == "Bebop" and body["status"] == "newcomer" and body["weekly_hours"] == 30
    assert body["working_days"] == [0, 1, 2] and body["start_date"] == "2026-03-02"
    assert django_user_model.objects.filter(username="ada").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cell": "Nowhere"}, "cell"),
        ({"working_days": [7]}, "working_days"),
        ({"weekly_hours": 0}, "weekly_hours"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"email": "not-an-address"}, "email"),
        ({"start_date": "02/03/2026"}, "start_date"),
        ({"username": "has space"}, "username"),
    ],
)
def test_a_bad_member_field_is_named_in_a_422(admin_api, change, field):
    """Malformed member input is refused with a 422 that names the field; nothing is created."""
    admin_api.post(
        "/api/v1/cells", {"name": "Bebop", "kind": "dev"}, content_type="application/json"
    )
    payload = {
        "username": "ada",
        "first_name": "Ada",
        "email": "ada@example.com",
        "cell": "Bebop",
        **change,
    }
    response = admin_api.post("/api/v1/members", payload, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert admin_api.get("/api/v1/members").json()["count"] == 0


def test_members_are_listed_paginated_and_filtered_by_cell(admin_api, make_member):
    """GET /members answers items and count; ?cell=NAME filters."""
    make_member("a1", cell="Bebop")
    make_member("a2", cell="Bebop")
    make_member("b1", cell="Swordfish")
    everyone = admin_api.get("/api/v1/members?limit=2").json()
    assert everyone["count"] == 3 and len(everyone["items"]) == 2
    bebop = admin_api.get("/api/v1/members?cell=Bebop").json()
    assert [m["username"] for m in bebop["items"]] == ["a1", "a2"]


def test_an_unknown_member_in_the_path_is_404(admin_api):
    """Unknown objects in the path answer 404 in problem+json."""
    response = admin_api.get("/api/v1/members/nobody")
    assert response.status_code == 404
    assert response.json()["status"] == 404 and "nobody" in response.json()["detail"]


def test_without_credentials_the_api_answers_401(client):
    """Every endpoint needs authentication."""
    response = client.get("/api/v1/cells")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_revoked_token_no_longer_opens_the_api(make_member, client):
    """A revoked personal token is refused like no token."""
    from cellops.platform import api as core_api

    make_member("ada")
    new = core_api.create_token(Actor.system(), username="ada")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {new.secret}"}
    assert client.get("/api/v1/cells", **auth).status_code == 200
    core_api.revoke_token(org_api.actor_named("ada"), new.info.id)
    assert client.get("/api/v1/cells", **auth).status_code == 401


def test_a_plain_member_may_not_create_cells(member_api):
    """Editing the organisation is for administrators and the CEO: 403 otherwise."""
    response = member_api.post("/api/v1/cells", {"name": "Bebop"}, content_type="application/json")
    assert response.status_code == 403
    assert "CEO" in response.json()["detail"]


def test_client_budgets_are_hidden_from_members_without_a_planning_role(admin_api, member_api):
    """Privacy: monthly budgets and rates are shown only to the roles of the policy."""
    admin_api.post(
        "/api/v1/clients", {"name": "Hedera", "hourly_rate": 120}, content_type="application/json"
    )
    admin_api.post(
        "/api/v1/accounts",
        {"name": "Hedera LMS", "client": "Hedera", "monthly_budget_hours": 80},
        content_type="application/json",
    )
    assert admin_api.get("/api/v1/accounts").json()[0]["monthly_budget_hours"] == 80
    assert member_api.get("/api/v1/accounts").json()[0]["monthly_budget_hours"] is None
    assert member_api.get("/api/v1/clients").json()[0]["hourly_rate"] is None


def test_ORG_4_epics_name_their_account_owner_and_reviewer(admin_api, make_member):
    """ORG-4: an epic belongs to an account and has an owner, a reviewer and a status."""
    make_member("owner1")
    make_member("rev1")
    admin_api.post("/api/v1/accounts", {"name": "Marketing"}, content_type="application/json")
    response = admin_api.post(
        "/api/v1/epics",
        {
            "key": "MKT-1",
            "title": "Blog",
            "account": "Marketing",
            "owner": "owner1",
            "reviewer": "rev1",
            "status": "In progress",
            "budget_hours": 10,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "In progress" and response.json()["budget_hours"] == 10
    unknown = admin_api.post(
        "/api/v1/epics",
        {
            "key": "MKT-2",
            "title": "Blog",
            "account": "Marketing",
            "owner": "ghost",
            "reviewer": "rev1",
        },
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "owner" in unknown.json()["detail"]


@pytest.mark.parametrize(
    ("day", "number", "start", "end", "day_number"),
    [
        ("2026-01-05", 1, "2026-01-05", "2026-01-18", 0),
        ("2026-01-18", 1, "2026-01-05", "2026-01-18", 13),
        ("2026-01-19", 2, "2026-01-19", "2026-02-01", 0),
        ("2026-11-25", 24, "2026-11-23", "2026-12-06", 2),
    ],
)
def test_SP_1_sprint_for_date_gives_the_sprint_and_day_number(
    member_api, day, number, start, end, day_number
):
    """SP-1: the periodic calendar from the first sprint names the sprint and day of any date."""
    response = member_api.get(f"/api/v1/sprints/for-date?date={day}")
    assert response.status_code == 200
    assert response.json() == {
        "number": number,
        "name": f"Sprint {number}",
        "start": start,
        "end": end,
        "day": day_number,
    }


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2025-12-31", ""])
def test_sprint_for_date_refuses_bad_or_early_dates_naming_date(member_api, bad):
    """A malformed date, or one before the first sprint, is a 422 naming `date`."""
    response = member_api.get(f"/api/v1/sprints/for-date?date={bad}")
    assert response.status_code == 422
    assert "date" in response.json()["detail"]


def test_unknown_api_paths_and_methods_answer_problem_json(member_api):
    """Django's own 404 and 405 under /api/ are problem+json too."""
    missing = member_api.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    wrong = member_api.delete("/api/v1/cells")
    assert wrong.status_code == 405 and wrong.json()["status"] == 405


def test_every_write_leaves_an_audit_entry(admin_api):
    """Who, when, what changed: a created cell is in the audit log."""
    from cellops.platform import api as core_api

    admin_api.post(
        "/api/v1/cells", {"name": "Bebop", "kind": "business"}, content_type="application/json"
    )
    entry = core_api.audit_log(object_type="cell")[0]
    assert (entry.action, entry.object_id, entry.changes) == (
        "cell.create",
        "Bebop",
        {"kind": "business"},
    )
    assert entry.actor == "admin"


# --- RC-7 and ORG-2 through the members endpoints (issue #8, decision 0022) ---------


@pytest.fixture
def with_candidate(make_member):
    from cellops.org.data import MemberStatus

    make_member("ada")
    make_member("carla", status=MemberStatus.CANDIDATE)


def test_RC_7_members_list_hides_candidates_from_a_developer(with_candidate, api_client_for):
    """A developer lists members without candidates (count included) and gets 404 for one."""
    client = api_client_for("ada")
    body = client.get("/api/v1/members").json()
    assert [m["username"] for m in body["items"]] == ["ada"]
    assert body["count"] == 1
    assert "carla@example.com" not in str(body)
    assert client.get("/api/v1/members/carla").status_code == 404
    assert client.get("/api/v1/members/carla/roles").status_code == 404


@pytest.mark.parametrize("role", ["recruitment_manager", "ceo"])
def test_RC_7_recruitment_managers_and_the_ceo_see_candidates(
    with_candidate, make_member, api_client_for, role
):
    from cellops.org.data import Role

    make_member("rita", roles=(Role(role),))
    client = api_client_for("rita")
    names = [m["username"] for m in client.get("/api/v1/members").json()["items"]]
    assert names == ["ada", "carla", "rita"]
    assert client.get("/api/v1/members/carla").json()["email"] == "carla@example.com"


def test_RC_7_administrators_see_candidates(with_candidate, admin_api):
    names = [m["username"] for m in admin_api.get("/api/v1/members").json()["items"]]
    assert "carla" in names


@pytest.mark.parametrize("status", ["left", "candidate"])
def test_ORG_2_inactive_members_get_403_on_the_organisation(make_member, api_client_for, status):
    """ORG-2: only newcomers and core members are active; the others hold no permission."""
    from cellops.org.data import MemberStatus

    make_member("gone", status=MemberStatus(status))
    response = api_client_for("gone").get("/api/v1/members")
    assert response.status_code == 403
    assert "ORG-2" in response.json()["detail"]
