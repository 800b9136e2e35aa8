"""Who acts for whom and who sees sick leave (issue #8, issue #9 finding 8): managers act
for their own cell only; sick leave shows only to the member, their managers and the CEO.

Each test is named after the finding (and rule) it proves; they came from
`test_trust.py` (issues #8 and #9), split by layer and topic.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.time_off import api
from cellops.time_off.data import Kind
from cellops.time_off.tests.calendar_files import event, ics, import_calendar, login, monday_in

pytestmark = pytest.mark.django_db


# --- finding 1: an imported line never breaks the calendar ---------------------


@pytest.fixture
def two_cells(make_member, api_client_for):
    make_member("otto", cell="Otter", first_name="Otto", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("olive", cell="Otter", first_name="Olive")
    make_member("fran", cell="Falcon", first_name="Fran")
    make_member("finn", cell="Falcon", first_name="Finn")
    return api_client_for("otto")


def test_issue_8_an_otter_manager_cannot_book_for_a_falcon_member(two_cells):
    monday = monday_in(6)
    fields = {"kind": "off", "start": str(monday), "end": str(monday)}
    other = two_cells.post(
        "/api/v1/time-off", {"member": "fran", **fields}, content_type="application/json"
    )
    assert other.status_code == 403
    assert "Falcon" in other.json()["detail"]
    own = two_cells.post(
        "/api/v1/time-off", {"member": "olive", **fields}, content_type="application/json"
    )
    assert own.status_code == 201, own.content


def test_issue_8_an_otter_manager_cannot_cancel_or_announce_for_falcon(two_cells):
    monday = monday_in(6)
    fran = api.book(Actor.system("fran"), member="fran", kind=Kind.OFF, start=monday, end=monday).id
    cancel = two_cells.post(f"/api/v1/time-off/{fran}/cancel")
    assert cancel.status_code == 403
    announce = two_cells.post(
        f"/api/v1/time-off/{fran}/announce", {"coverage": []}, content_type="application/json"
    )
    assert announce.status_code == 403
    assert api.get_time_off(fran).status.value == "pending"
    web = login("otto")
    assert web.post(f"/time-off/{fran}/cancel/").status_code == 403
    assert api.get_time_off(fran).status.value == "pending"
    page = web.get(f"/time-off/{fran}/").content.decode()
    assert "Cancel this time off" not in page


def test_issue_8_an_otter_manager_imports_only_otter_members(two_cells):
    monday = monday_in(6)
    data = ics(
        event("f", "Fran: off", f"{monday:%Y%m%d}"),
        event("o", "Olive: off", f"{monday:%Y%m%d}"),
    )
    body = import_calendar(two_cells, data).json()
    assert [i["member"] for i in body["imported"]] == ["olive"]
    assert [(i["member"], i["title"]) for i in body["skipped"]] == [("fran", "Fran: off")]
    assert "Falcon" in body["skipped"][0]["reason"]


def test_issue_8_the_booking_page_offers_only_the_managers_cell(two_cells):
    page = login("otto").get("/time-off/").content.decode()
    assert 'value="olive"' in page
    assert 'value="fran"' not in page


# --- finding 7: feed secrets never reach a log -------------------------------


@pytest.fixture
def sick_olga(make_member, api_client_for):
    """Olga (Falcon) is off sick; Paul a colleague, Sam Falcon's sprint planning manager,
    Otto Otter's, Bea the CEO."""
    make_member("olga", cell="Falcon", first_name="Olga")
    make_member("paul", cell="Falcon", first_name="Paul")
    make_member("sam", cell="Falcon", first_name="Sam", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("otto", cell="Otter", first_name="Otto", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("boss", cell="Otter", first_name="Bea", roles=(Role.CEO,))
    day = date.today()
    while day.weekday() > 4:
        day += timedelta(days=1)
    return api.book(Actor.system("olga"), member="olga", kind=Kind.SICK, start=day, end=day).id


SEES_KIND = {"olga": True, "sam": True, "boss": True, "paul": False, "otto": False}


@pytest.mark.parametrize("viewer", sorted(SEES_KIND))
def test_finding_8_the_api_shows_sick_only_to_the_member_managers_and_ceo(
    sick_olga, api_client_for, viewer
):
    client = api_client_for(viewer)
    expected = "sick" if SEES_KIND[viewer] else "off"
    items = client.get("/api/v1/time-off?member=olga").json()["items"]
    assert [i["kind"] for i in items] == [expected]
    assert client.get(f"/api/v1/time-off/{sick_olga}").json()["kind"] == expected


@pytest.mark.parametrize("viewer", sorted(SEES_KIND))
def test_finding_8_feeds_describe_sick_only_to_the_member_managers_and_ceo(
    sick_olga, api_client_for, viewer
):
    client = api_client_for(viewer)
    for query in ("", "?cell=Falcon", "?member=olga"):
        body = client.get(f"/api/v1/time-off/calendar.ics{query}").content.decode()
        assert "SUMMARY:Olga: off" in body
        assert ("DESCRIPTION:sick" in body) is SEES_KIND[viewer], (query, body)
        if not SEES_KIND[viewer]:
            assert "sick" not in body.lower()


@pytest.mark.parametrize("viewer", sorted(SEES_KIND))
def test_finding_8_pages_show_sick_only_to_the_member_managers_and_ceo(sick_olga, viewer):
    web = login(viewer)
    for url in (f"/time-off/{sick_olga}/", "/time-off/calendar/?cell=Falcon"):
        page = web.get(url).content.decode()
        assert ("Sick" in page or "sick" in page) is SEES_KIND[viewer], url
    if viewer in ("paul", "sam"):  # the booking panel names the cell's others away
        day = api.get_time_off(sick_olga).start
        panel = web.get(
            f"/time-off/check/?member={viewer}&kind=off&start={day}&end={day}"
        ).content.decode()
        assert "Olga" in panel
        assert ("Olga (sick)" in panel) is SEES_KIND[viewer]


# --- issue 8: the use cases decide who may, whatever the door ---------------------


def test_issue_8_an_otter_manager_books_nothing_for_falcon_through_the_api(two_cells):
    """The use case itself refuses another cell's manager (the doors used to be the only
    check): booking, even a dry run, cancelling and announcing Fran's time off."""
    monday = monday_in(6)
    otto = org_api.actor_named("otto")
    with pytest.raises(PermissionDenied, match="Falcon"):
        api.book(otto, member="fran", kind=Kind.OFF, start=monday, end=monday)
    with pytest.raises(PermissionDenied, match="Falcon"):
        api.book(otto, member="fran", kind=Kind.OFF, start=monday, end=monday, dry_run=True)
    assert api.list_time_off(member="fran") == []
    fran = api.book(Actor.system("fran"), member="fran", kind=Kind.OFF, start=monday, end=monday)
    with pytest.raises(PermissionDenied, match="Falcon"):
        api.cancel(otto, fran.id)
    with pytest.raises(PermissionDenied, match="Falcon"):
        api.announce(otto, fran.id, [])
    assert api.get_time_off(fran.id).status.value == "pending"
    # their own cell's member, through the same use case, is theirs to book for
    olive = api.book(otto, member="olive", kind=Kind.OFF, start=monday, end=monday)
    assert api.get_time_off(olive.id).requested_by == "otto"


def test_issue_8_a_plain_member_books_only_their_own_time_off_through_the_api(two_cells):
    monday = monday_in(6)
    finn = org_api.actor_named("finn")
    with pytest.raises(PermissionDenied, match="Only administrators and these roles may"):
        api.book(finn, member="fran", kind=Kind.OFF, start=monday, end=monday)
    own = api.book(finn, member="finn", kind=Kind.OFF, start=monday, end=monday)
    assert api.get_time_off(own.id).requested_by == "finn"


def test_issue_8_a_plain_member_imports_nothing_through_the_api(two_cells):
    """Importing is booking for others: the use case refuses a plain member outright
    (before, only the JSON door checked; the api imported for anyone)."""
    monday = monday_in(6)
    data = ics(event("f", "Fran: off", f"{monday:%Y%m%d}"))
    with pytest.raises(PermissionDenied):
        api.import_calendar(org_api.actor_named("finn"), data)
    assert api.list_time_off(member="fran") == []


@pytest.mark.parametrize("status", [MemberStatus.LEFT, MemberStatus.CANDIDATE])
def test_ORG_2_an_inactive_member_books_no_time_off_not_even_their_own(
    two_cells, make_member, api_client_for, status
):
    """ORG-2: a member who left (or a candidate) holds no permission: their own booking is
    refused by the use case and by the JSON door (which used to let one's own through)."""
    make_member("lou", cell="Falcon", status=status)
    monday = monday_in(6)
    with pytest.raises(PermissionDenied, match="ORG-2"):
        api.book(org_api.actor_named("lou"), member="lou", kind=Kind.OFF, start=monday, end=monday)
    answer = api_client_for("lou").post(
        "/api/v1/time-off",
        {"member": "lou", "kind": "off", "start": str(monday), "end": str(monday)},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert "ORG-2" in answer.json()["detail"]
    assert api.list_time_off(member="lou") == []
