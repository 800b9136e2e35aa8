"""Issue #9 finding 3 in the JSON API: months, sprint numbers and dates out of range are a
422 problem (or a 404 for a sprint in the path) naming the field, never a 500.
"""

from __future__ import annotations

import pytest

from cellops.org import api as org_api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1969-12", "2200-01", "2026-13", "2026-1"])
def test_finding_3_budgets_of_a_month_outside_the_range_are_a_422_naming_month(admin_api, month):
    """/api/v1/budgets?month=9999-12 is a problem naming `month` and the accepted months."""
    admin_api.raise_request_exception = False
    response = admin_api.get("/api/v1/budgets", {"month": month})
    assert response.status_code == 422, response.content
    body = response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    assert body["errors"][0]["field"] == "month"
    assert "between 1970-01 and 2199-12" in body["detail"]


def test_finding_3_budgets_of_the_first_and_last_months_kept_answer(admin_api):
    """The bounds themselves are accepted."""
    for month in ("1970-01", "2199-12"):
        response = admin_api.get("/api/v1/budgets", {"month": month})
        assert response.status_code == 200
        assert response.json() == {"month": month, "items": []}


@pytest.mark.parametrize("number", [4541, 99_999, 100_000])
def test_finding_3_an_api_sprint_beyond_the_calendar_is_a_404(admin_api, make_member, number):
    """A sprint number after the calendar's last sprint is an unknown sprint in the path."""
    make_member("ada", cell="Lynx")
    admin_api.raise_request_exception = False
    assert org_api.sprint_calendar().last_number < number
    for path in ("capacity", "estimation", "retrospective", "video-updates"):
        response = admin_api.get(f"/api/v1/sprints/Lynx/{number}/{path}")
        assert response.status_code == 404, (path, response.content)
        assert response.json()["errors"][0]["field"] == "number"


def test_finding_3_a_ticket_for_a_sprint_beyond_the_calendar_is_a_422_naming_sprint(
    admin_api, make_member
):
    """In a body, the same sprint is bad input on `sprint`; nothing is created."""
    make_member("ada", cell="Lynx")
    org_api.create_account("test", "Hedera LMS")
    admin_api.raise_request_exception = False
    response = admin_api.post(
        "/api/v1/tickets",
        {"title": "Far ahead", "cell": "Lynx", "sprint": 99_999, "account": "Hedera LMS"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "sprint"


def test_finding_3_rules_that_look_past_the_last_sprint_still_answer_on_the_last_day_kept(
    admin_api,
):
    """A trial starting on 2199-12-31 (the API's last date) still gets its schedule: the
    calendar bounds what people name, not what rules compute from an accepted date."""
    response = admin_api.get("/api/v1/trial/schedule", {"start": "2199-12-31"})
    assert response.status_code == 200, response.content
    assert response.json()["start_date"] == "2199-12-31"
