"""Time off through the JSON API (API.md § Time off)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cellops.org.data import Actor, MemberStatus, Role

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "shared-calendar.ics"


def _monday_in(weeks: int) -> date:
    today = date.today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


@pytest.fixture
def cell_of_five(make_member, api_client_for):
    """A dev cell of five active members (cap 1), each with a token."""
    for name in ("ada", "bob", "cyd", "dee", "eve"):
        make_member(name, cell="Falcon")
    return {name: api_client_for(name) for name in ("ada", "bob", "cyd", "dee", "eve")}


def _book(client, **fields):
    return client.post("/api/v1/time-off", fields, content_type="application/json")


def test_TO_2_a_booking_answers_its_working_days_and_events(cell_of_five):
    """TO-2/TO-5: a week off over a weekend counts its working days and gives its calendar event."""
    start = _monday_in(6) + timedelta(days=3)  # a Thursday
    response = _book(
        cell_of_five["ada"],
        member="ada",
        kind="off",
        start=str(start),
        end=str(start + timedelta(days=4)),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending" and body["working_days"] == 3 and body["overlap_days"] == []
    assert body["calendar_events"] == [
        {"title": "Ada: off", "start": str(start), "end": str(start + timedelta(days=4))}
    ]


def test_TO_3_a_late_request_is_refused_with_its_deadline(cell_of_five):
    """TO-3: a one-day request for tomorrow is refused, naming the deadline; nothing is booked."""
    tomorrow = date.today() + timedelta(days=1)
    while tomorrow.weekday() > 4:
        tomorrow += timedelta(days=1)
    response = _book(
        cell_of_five["ada"], member="ada", kind="off", start=str(tomorrow), end=str(tomorrow)
    )
    assert response.status_code == 422
    violation = response.json()["violations"][0]
    assert violation["rule"] == "TO-3" and violation["deadline"] == str(
        tomorrow - timedelta(days=3)
    )
    assert cell_of_five["ada"].get("/api/v1/time-off?member=ada").json()["count"] == 0


def test_TO_4_a_second_overlap_day_in_a_week_is_refused_naming_the_days(cell_of_five):
    """TO-4: with the cap (1 of 5) taken on Mon and Tue, booking both is refused; one day is tolerated."""
    monday = _monday_in(8)
    assert (
        _book(
            cell_of_five["bob"],
            member="bob",
            kind="off",
            start=str(monday),
            end=str(monday + timedelta(days=1)),
        ).status_code
        == 201
    )
    refused = _book(
        cell_of_five["ada"],
        member="ada",
        kind="off",
        start=str(monday),
        end=str(monday + timedelta(days=1)),
    )
    assert refused.status_code == 422
    violation = next(v for v in refused.json()["violations"] if v["rule"] == "TO-4")
    assert violation["days"] == [str(monday), str(monday + timedelta(days=1))]
    tolerated = _book(
        cell_of_five["ada"], member="ada", kind="off", start=str(monday), end=str(monday)
    )
    assert tolerated.status_code == 201 and tolerated.json()["overlap_days"] == [str(monday)]


def test_a_dry_run_checks_without_booking(cell_of_five):
    """dry_run answers 200 with what would happen and stores nothing."""
    monday = _monday_in(8)
    response = _book(
        cell_of_five["ada"],
        member="ada",
        kind="off",
        start=str(monday),
        end=str(monday),
        dry_run=True,
    )
    assert response.status_code == 200 and response.json()["id"] is None
    assert cell_of_five["ada"].get("/api/v1/time-off").json()["count"] == 0


def test_booking_for_someone_else_needs_a_role(cell_of_five):
    """Members book their own time off; booking for another is 403 without the role."""
    monday = _monday_in(8)
    response = _book(
        cell_of_five["ada"], member="bob", kind="off", start=str(monday), end=str(monday)
    )
    assert response.status_code == 403


def test_TO_6_announcing_with_coverage_confirms_and_missing_cover_is_refused(
    cell_of_five, make_member, api_client_for
):
    """TO-6: a firefighter's request needs someone named for the rotation; then it is confirmed."""
    from cellops.org import api as org_api

    org_api.assign_role(
        Actor.system("test"),
        member="ada",
        role=Role.FIREFIGHTER,
        cell="Falcon",
        start=date(2020, 1, 1),
    )
    monday = _monday_in(8)
    booked = _book(
        cell_of_five["ada"], member="ada", kind="off", start=str(monday), end=str(monday)
    ).json()
    missing = cell_of_five["ada"].post(
        f"/api/v1/time-off/{booked['id']}/announce",
        {"coverage": []},
        content_type="application/json",
    )
    assert missing.status_code == 422 and missing.json()["violations"][0]["rule"] == "TO-6"
    done = cell_of_five["ada"].post(
        f"/api/v1/time-off/{booked['id']}/announce",
        {"coverage": [{"duty": "role:firefighter:Falcon", "covered_by": "bob"}]},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    assert done.json()["coverage"] == [{"duty": "role:firefighter:Falcon", "covered_by": "bob"}]


def test_TO_5_the_cell_feed_is_icalendar_with_the_events(cell_of_five, client):
    """TO-5: GET calendar.ics?cell= answers text/calendar with the '<Name>: off' events."""
    monday = _monday_in(8)
    _book(
        cell_of_five["ada"],
        member="ada",
        kind="reduced",
        hours_per_day=4,
        start=str(monday),
        end=str(monday + timedelta(days=6)),
    )
    response = cell_of_five["bob"].get("/api/v1/time-off/calendar.ics?cell=Falcon")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("SUMMARY:Ada: available 4h") == 1
    assert (
        f"DTEND;VALUE=DATE:{(monday + timedelta(days=5)):%Y%m%d}" in body
    )  # Mon–Fri only, never the weekend


def test_TO_5_a_feed_link_works_without_headers_until_revoked(
    cell_of_five, client, django_user_model
):
    """A calendar app subscribes with ?key=…; a new link revokes the old one."""
    from cellops.org import api as org_api
    from cellops.time_off import api

    user = django_user_model.objects.get(username="ada")
    old = api.new_feed_secret(org_api.actor_for(user))
    assert client.get(f"/api/v1/time-off/calendar.ics?key={old}").status_code == 200
    api.new_feed_secret(org_api.actor_for(user))
    assert client.get(f"/api/v1/time-off/calendar.ics?key={old}").status_code == 401


@pytest.fixture
def calendar_people(make_member):
    for username, first, last, cell in [
        ("maria.santos", "Maria", "Santos", "Falcon"),
        ("maria.keller", "Maria", "Keller", "Lynx"),
        ("jonas", "Jonas", "Berg", "Falcon"),
        ("aiko", "Aiko", "Tanaka", "Falcon"),
        ("priya", "Priya", "N", "Lynx"),
        ("chen", "Chen", "Wei", "Lynx"),
        ("dmitri", "Dmitri", "Volkov", "Falcon"),
    ]:
        make_member(username, cell=cell, first_name=first, last_name=last)
    make_member("boss", cell="Falcon", roles=(Role.CEO,))


def test_TO_5_importing_a_shared_calendar_reports_each_event_and_twice_adds_nothing(
    calendar_people, api_client_for
):
    """TO-5 import: names match first or full names; unknown, ambiguous, unreadable and duplicate events are reported."""
    boss = api_client_for("boss")
    first = boss.post("/api/v1/time-off/import", SAMPLE.read_bytes(), content_type="text/calendar")
    assert first.status_code == 200, first.json()
    body = first.json()
    imported = {(i["member"], i["start"], i["end"]) for i in body["imported"]}
    assert ("maria.keller", "2026-04-06", "2026-04-10") in imported
    assert ("jonas", "2026-03-16", "2026-03-16") in imported
    assert ("dmitri", "2026-03-30", "2026-04-01") in imported
    reasons = {i["title"]: i["reason"] for i in body["skipped"]}
    assert "write the full name" in reasons["Maria: off"]
    assert "no active member" in reasons["Zed: off"]
    assert "not '<Name>: off'" in reasons["Team offsite"]
    assert "duplicate" in reasons["Jonas: off"]
    again = boss.post(
        "/api/v1/time-off/import", SAMPLE.read_bytes(), content_type="text/calendar"
    ).json()
    assert again["imported"] == []
    assert boss.get("/api/v1/time-off").json()["count"] == len(body["imported"])


def test_an_unreadable_import_is_a_422_naming_the_body(calendar_people, api_client_for):
    """Not an iCalendar: 422 naming `body`, nothing imported."""
    response = api_client_for("boss").post(
        "/api/v1/time-off/import", b"<html></html>", content_type="text/calendar"
    )
    assert response.status_code == 422 and "body" in response.json()["detail"]


def test_newcomer_status_counts_as_active_for_the_cap(make_member, api_client_for):
    """ORG-2 with TO-4: a cell of 4 core + 1 newcomer has a cap of 1."""
    for name in ("a1", "a2", "a3", "a4"):
        make_member(name, cell="Falcon")
    make_member("new", cell="Falcon", status=MemberStatus.NEWCOMER)
    monday = _monday_in(8)
    assert (
        _book(
            api_client_for("a1"),
            member="a1",
            kind="off",
            start=str(monday),
            end=str(monday + timedelta(days=1)),
        ).status_code
        == 201
    )
    assert (
        _book(
            api_client_for("new"),
            member="new",
            kind="off",
            start=str(monday),
            end=str(monday + timedelta(days=1)),
        ).status_code
        == 422
    )


def test_a_request_over_a_year_is_refused_naming_end(cell_of_five):
    """Bad input, not a rule: one request covers at most 366 days, the answer names `end`."""
    start = _monday_in(8)
    response = _book(
        cell_of_five["ada"], member="ada", kind="off", start=str(start), end="2199-12-31"
    )
    assert response.status_code == 422 and "end" in response.json()["detail"]


def test_TO_5_an_event_cancelled_after_import_is_not_imported_again(
    calendar_people, api_client_for
):
    """Re-importing a file whose imported request was cancelled skips that event with the reason."""
    from cellops.time_off import api

    boss = api_client_for("boss")
    boss.post("/api/v1/time-off/import", SAMPLE.read_bytes(), content_type="text/calendar")
    jonas = next(t for t in api.list_time_off(member="jonas"))
    api.cancel(Actor.system("boss"), jonas.id)
    again = boss.post("/api/v1/time-off/import", SAMPLE.read_bytes(), content_type="text/calendar")
    assert again.status_code == 200 and again.json()["imported"] == []
    reasons = [i["reason"] for i in again.json()["skipped"] if i["title"] == "Jonas: off"]
    assert any("cancelled here" in r for r in reasons)
