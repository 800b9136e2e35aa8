"""Billing through the JSON API (API.md § Billing): worklogs and SP-7 budgets.

The two SP-7 tests moved here from sprints/tests/test_rest.py (issue #8: a
billing test belongs to billing), unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta

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


def test_SP_7_budgets_show_logged_and_planned_hours_with_a_status(cell, admin_api):
    """SP-7: an account's month counts its worklogs; status by logged + planned against the budget."""
    clients, _ = cell
    org_api.create_account(Actor.system("test"), "Kestrel", None, 10)
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
