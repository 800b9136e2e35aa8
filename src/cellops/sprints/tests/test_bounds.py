"""Issue #9 finding 3: every door shares the API's bounds for dates, months and sprint
numbers (`kernel.bounds`, the calendar's last sprint); out of range is a 422 problem in
the API, a 404 or a form error on pages, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cellops.org import api as org_api
from cellops.org.data import Actor, Role

pytestmark = pytest.mark.django_db

# Every page of a sprint (sprints/urls.py), and whether it answers GET or takes a POST.
SPRINT_PAGES = [
    ("board", "get"),
    ("move", "post"),
    ("estimation", "get"),
    ("estimation_open", "post"),
    ("estimation_close", "post"),
    ("planning", "get"),
    ("start", "post"),
    ("complete", "post"),
    ("spillover_reason", "post"),
    ("retrospective", "get"),
    ("retrospective_item", "post"),
    ("retrospective_publish", "post"),
    ("retrospective_poll", "post"),
    ("video_update", "post"),
    ("social_chat", "post"),
    ("ticket_new", "get"),
    ("ticket_new", "post"),
]


@pytest.fixture
def lynx(make_member, client, django_user_model):
    make_member("sam", cell="Lynx", roles=(Role.SPRINT_PLANNING_MANAGER, Role.SPRINT_MANAGER))
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    client.force_login(django_user_model.objects.get(username="sam"))
    return client


def test_finding_3_the_calendar_ends_with_the_sprint_that_holds_the_last_date_kept():
    """The last sprint a person can name holds 2199-12-31; later ones are refused, and a
    number or date whose dates would overflow is refused too instead of an OverflowError."""
    from datetime import date

    from cellops.kernel.bounds import LATEST
    from cellops.kernel.calendar import AfterLastSprint, OutsideCalendar, SprintCalendar

    calendar = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))
    last = calendar.named_sprint(calendar.last_number)
    assert last.start <= LATEST <= last.end
    assert calendar.for_date(LATEST) == last
    for number in (calendar.last_number + 1, 999_999, 10**30):
        with pytest.raises(AfterLastSprint):
            calendar.named_sprint(number)
    # Rules may look past the last sprint (a trial starting on the last day kept)...
    assert calendar.sprint(calendar.last_number + 1).start == last.end + timedelta(days=1)
    # ...but never to a date Python cannot hold.
    for number in (999_999, 10**30):
        with pytest.raises(AfterLastSprint):
            calendar.sprint(number)
    with pytest.raises(OutsideCalendar):
        calendar.for_date(date(9999, 12, 31))


@pytest.mark.parametrize("number", [999_999, 10**30])
@pytest.mark.parametrize(("page", "method"), SPRINT_PAGES)
def test_finding_3_a_sprint_beyond_the_calendar_is_a_404_on_every_sprint_page(
    lynx, page, method, number
):
    """/sprints/Lynx/999999/board/ (and every other sprint page) is a 404, not a 500."""
    lynx.raise_request_exception = False
    url = reverse(f"sprints:{page}", args=["Lynx", number])
    response = getattr(lynx, method)(url)
    assert response.status_code == 404, (url, response.status_code)


def test_finding_3_the_last_sprint_page_has_no_link_to_a_sprint_after_it(lynx):
    """The board of the calendar's last sprint works and links back, not forward."""
    last = org_api.sprint_calendar().last_number
    page = lynx.get(reverse("sprints:board", args=["Lynx", last])).content.decode()
    assert f"Sprint {last - 1}" in page
    assert f"Sprint {last + 1}" not in page


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
    org_api.create_account(Actor.system("test"), "Hedera LMS")
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
