"""The time-off pages: booking with its live panel, a request and its announcement, the calendar.

Dates are chosen relative to today (weeks ahead, on Mondays) so the tests
never go stale; notice (TO-3) is then always met unless a test wants it late.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.time_off import api
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db

FIVE = ("ada", "bob", "cyd", "dee", "eve")


def _monday_in(weeks: int) -> date:
    today = date.today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def _shown(day: date) -> str:
    """How the pages write a date, e.g. 'Fri 6 Mar 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _next_weekday(day: date) -> date:
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def falcon(make_member):
    """A dev cell of five active members (cap 1); Ada owns an epic Bob reviews."""
    for name in FIVE:
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Acme")
    org_api.create_epic(
        Actor.system("test"),
        key="AC-1",
        title="Checkout",
        account="Acme",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
    )
    return _login("ada")


def _book_for(member: str, start: date, end: date | None = None) -> int:
    return api.book(
        Actor.system(member), member=member, kind=Kind.OFF, start=start, end=end or start
    ).id


def test_each_page_renders_with_one_h1(falcon):
    """The booking page, a request's page and the cell calendar each have one h1."""
    request_id = _book_for("ada", _monday_in(6))
    for url in ("/time-off/", f"/time-off/{request_id}/", "/time-off/calendar/"):
        page = text(falcon.get(url))
        assert page.count("<h1") == 1, url
        assert 'aria-current="page"' in page  # the "Time off" area is current in the nav


def test_the_booking_page_offers_kinds_dates_and_the_live_panel(falcon):
    """Kind radios, date inputs, no member choice for a plain member; htmx asks for the panel."""
    page = text(falcon.get("/time-off/"))
    for kind in ("off", "reduced", "scoped", "sick"):
        assert f'name="kind" value="{kind}"' in page
    assert 'type="date" name="start"' in page and 'type="date" name="end"' in page
    assert 'name="member"' not in page
    assert 'hx-get="/time-off/check/"' in page
    assert 'hx-trigger="change, input delay:400ms"' in page
    assert 'id="book-panel" class="card mt-4" aria-live="polite"' in page


def test_a_planning_manager_may_pick_the_member(falcon, make_member):
    """Booking for others (BOOK_TIME_OFF_FOR_OTHERS): the member select, default oneself."""
    make_member("pam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    page = text(_login("pam").get("/time-off/"))
    assert '<select name="member"' in page
    assert re.search(r'<option value="pam" selected>', page)


def test_TO_3_TO_4_the_live_panel_reports_the_deadline_and_an_overlap_day(falcon):
    """The fragment names the TO-3 deadline (24:00 UTC, met) and Monday as a TO-4 overlap day."""
    monday = _monday_in(8)
    _book_for("bob", monday)
    query = {"kind": "off", "start": str(monday), "end": str(monday + timedelta(days=1))}
    fragment = text(falcon.get("/time-off/check/", query, headers={"HX-Request": "true"}))
    assert "<h1" not in fragment and "<html" not in fragment
    assert "2 working days" in fragment
    sprint, _ = org_api.sprint_for_date(monday)
    deadline = sprint.start - timedelta(days=4)  # the Thursday before the sprint
    notice = fragment[fragment.index('id="panel-notice"') :]
    assert "In time" in notice and "24:00 UTC" in notice
    assert "Thursday before the sprint" in notice
    assert f"{_shown(deadline)}, 24:00 UTC" in notice
    overlap = fragment[fragment.index('id="panel-overlap"') :]
    assert re.search(
        rf"would use 1 overlap day: <time[^>]*>{monday:%a} {monday.day} {monday:%b}<", overlap
    )
    assert "away 1 of cap 1" in fragment
    assert fragment.count('data-overlap="true"') == 1
    assert "Overlap day" in fragment and "Would be accepted" in fragment
    assert "Bob (off)" in fragment  # who is away, in words
    assert '<th scope="col">Mon</th>' in fragment and "<caption" in fragment


def test_TO_3_the_deadline_is_also_given_in_the_viewers_time_zone(make_member):
    """A member in Berlin reads the 24:00 UTC deadline as 01:00 (or 02:00) their time."""
    make_member("ines", cell="Falcon", timezone="Europe/Berlin")
    monday = _monday_in(6)
    fragment = text(
        _login("ines").get("/time-off/check/", {"kind": "off", "start": monday, "end": monday})
    )
    deadline = monday - timedelta(days=3)
    assert f"{_shown(deadline)}, 24:00 UTC</time>" in fragment
    after = deadline + timedelta(days=1)
    assert re.search(
        rf"\({after:%a} {after.day} {after:%b} 0[12]:00 Europe/Berlin time\)", fragment
    )


def test_TO_3_a_late_single_day_shows_the_deadline_missed_and_the_earliest_start(falcon):
    """Tomorrow is too late for one day: the panel says so and links the earliest start."""
    tomorrow = _next_weekday(date.today() + timedelta(days=1))
    fragment = text(
        falcon.get("/time-off/check/", {"kind": "off", "start": tomorrow, "end": tomorrow})
    )
    assert "Too late" in fragment and "Would be refused" in fragment
    assert _shown(tomorrow - timedelta(days=3)) + ", 24:00 UTC" in fragment
    assert '<span class="rule-id">TO-3</span> Too late' in fragment
    assert "The earliest accepted now:" in fragment
    link = re.search(r'<a href="(/time-off/\?[^"]+)">Use ', fragment)
    assert link and "kind=off" in link[1]


def test_TO_3_a_refused_booking_keeps_the_values_and_summarises_the_rules(falcon):
    """Posting a late request re-renders the form: summary with TO-3, values kept, nothing booked."""
    tomorrow = _next_weekday(date.today() + timedelta(days=1))
    response = falcon.post(
        "/time-off/", {"kind": "reduced", "start": tomorrow, "end": tomorrow, "hours_per_day": "4"}
    )
    page = text(response)
    summary = page[
        page.index('class="errors"') : page.index("</div>", page.index('class="errors"'))
    ]
    assert "The time off could not be booked" in summary
    assert 'href="#id_start"' in summary and "TO-3: Refused; why" in summary
    assert page.count("a single day needs 3 days") == 1  # the reason once, in the panel (#14)
    assert f'value="{tomorrow}"' in page
    assert 'name="kind" value="reduced" required aria-invalid' not in page
    assert re.search(r'name="kind" value="reduced"[^>]*checked', page)
    assert 'name="hours_per_day" value="4"' in page
    assert 'aria-describedby="id_start_helptext id_start_error"' in page
    assert "Would be refused" in page  # the same panel, without JavaScript
    assert api.list_time_off(member="ada") == []
    assert [r.violations[0]["rule"] for r in api.refusals("ada")] == ["TO-3"]


def test_checking_without_booking_shows_the_panel_and_books_nothing(falcon):
    """The no-JS "Check" button posts, shows the panel, keeps the values, books nothing."""
    monday = _monday_in(6)
    page = text(
        falcon.post(
            "/time-off/", {"kind": "off", "start": monday, "end": monday, "action": "check"}
        )
    )
    assert "Would be accepted" in page and 'class="errors"' not in page
    assert api.list_time_off(member="ada") == [] and api.refusals("ada") == []


def test_TO_1_a_parse_error_is_tied_to_its_field(falcon):
    """Missing days and a word for hours: each error on its field and in the summary."""
    page = text(falcon.post("/time-off/", {"kind": "reduced", "hours_per_day": "four"}))
    assert 'href="#id_start"' in page and 'href="#id_end"' in page
    assert 'id="id_hours_per_day_error"' in page


def test_TO_6_book_then_announce_then_cancel_through_the_pages(falcon):
    """Booking redirects to the request; coverage is pre-filled (Bob reviews AC-1); cancel."""
    monday = _monday_in(7)
    response = falcon.post(
        "/time-off/", {"kind": "off", "start": monday, "end": monday + timedelta(days=4)}
    )
    assert response.status_code == 302
    url = response["Location"]
    assert re.fullmatch(r"/time-off/\d+/", url)
    request_id = int(url.split("/")[2])
    page = text(falcon.get(url))
    assert "Pending: not announced yet" in page
    assert "“Ada: off”" in page and "5" in page
    assert "Epic AC-1 Checkout" in page
    assert re.search(r'<option value="bob" selected>Bob Tester \(Falcon\)</option>', page)
    assert '<option value="ada"' not in page  # nobody covers themselves

    response = falcon.post(f"/time-off/{request_id}/announce/", {"cover_0": "bob"})
    assert response.status_code == 302 and response["Location"] == url
    page = text(falcon.get(url))
    assert '<span class="chip ok">Confirmed</span>' in page
    assert "Announced: the time off is confirmed (TO-6)." in page
    assert re.search(r"Epic AC-1 Checkout</th><td>Bob Tester</td>", page)

    response = falcon.post(f"/time-off/{request_id}/cancel/")
    assert response.status_code == 302
    page = text(falcon.get(url))
    assert '<span class="chip info">Cancelled</span>' in page
    assert f'action="/time-off/{request_id}/announce/"' not in page
    assert api.get_time_off(request_id).status.value == "cancelled"


def test_TO_6_an_announcement_without_a_cover_is_refused_on_its_field(falcon):
    """A firefighter rotation has no default cover: leaving it empty is refused, tied to it."""
    org_api.assign_role(
        Actor.system("test"),
        member="ada",
        role=Role.FIREFIGHTER,
        start=date(2020, 1, 1),
        cell="Falcon",
    )
    request_id = _book_for("ada", _monday_in(6))
    page = text(falcon.post(f"/time-off/{request_id}/announce/", {"cover_0": "bob"}))
    assert "The announcement was refused" in page
    assert 'href="#id_cover_1"' in page and 'id="id_cover_1_error"' in page
    assert api.get_time_off(request_id).status.value == "pending"


def test_someone_else_cannot_announce_or_cancel_my_time_off(falcon):
    """Another plain member sees the request but gets 403 on announcing or cancelling."""
    request_id = _book_for("ada", _monday_in(6))
    bob = _login("bob")
    page = text(bob.get(f"/time-off/{request_id}/"))
    assert "Cancel this time off" not in page
    assert bob.post(f"/time-off/{request_id}/cancel/").status_code == 403
    assert api.get_time_off(request_id).status.value == "pending"


def test_an_unknown_request_is_a_404(falcon):
    assert falcon.get("/time-off/999999/").status_code == 404


def test_TO_5_the_cell_calendar_shows_titles_requests_and_refusals(falcon):
    """The weeks table names who is away (TO-5 titles), lists requests and refused ones."""
    monday = _monday_in(1)
    api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.REDUCED,
        start=monday,
        end=monday,
        hours_per_day=Decimal(4),
    )
    with pytest.raises(RuleRefusal):  # TO-3: too late; kept in the history
        api.book(
            Actor.system("cyd"), member="cyd", kind=Kind.OFF, start=date.today(), end=date.today()
        )
    page = text(falcon.get("/time-off/calendar/"))
    assert "Time off calendar of Falcon" in page
    weeks = page[page.index('id="cell-weeks"') : page.index('id="requests-heading"')]
    assert re.search(r'<a href="/time-off/\d+/">Bob: available 4h</a> \(pending\)', weeks)
    assert '<th scope="row">Ada Tester</th>' in weeks
    assert "Away, of cap 1" in weeks and "At cap" in weeks
    assert weeks.count("<table") == 3  # six weeks, two per table
    assert weeks.count('<th scope="col">Member</th>') == 3
    assert "Cyd Tester" in page[page.index('id="cell-refused"') :]
    assert "Pending: not announced yet" in page[page.index('id="cell-requests"') :]


def test_the_calendar_of_an_unknown_cell_is_a_404(falcon):
    assert falcon.get("/time-off/calendar/", {"cell": "Nope"}).status_code == 404


def test_TO_5_a_personal_feed_link_is_shown_once_and_can_be_revoked(falcon):
    """The secret is shown on the answer to the POST only; revoking stops it."""
    page = text(falcon.post("/time-off/calendar/feed-link/", {"cell": "Falcon"}))
    found = re.search(r"calendar\.ics\?cell=Falcon&amp;key=([\w-]+)", page)
    assert found, page
    secret = found[1]
    assert api.user_for_feed_secret(secret) == "ada"
    again = text(falcon.get("/time-off/calendar/"))
    assert secret not in again and "key=" not in again
    assert "Revoke my personal feed link" in again
    assert "/api/v1/time-off/calendar.ics?cell=Falcon" in again
    response = falcon.post("/time-off/calendar/feed-link/revoke/", {"cell": "Falcon"})
    assert response.status_code == 302
    assert api.user_for_feed_secret(secret) is None
    assert "Revoke my personal feed link" not in text(falcon.get(response["Location"]))


def test_the_pages_need_a_login(client):
    for url in ("/time-off/", "/time-off/calendar/", "/time-off/check/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_TO_2_double_booked_days_are_refused_on_the_page_with_a_link_to_the_booking(falcon):
    """7–8 over a confirmed 7–9: the panel names the booking and links to it; nothing booked."""
    monday = _monday_in(6)
    first = _book_for("ada", monday, monday + timedelta(days=2))
    api.announce(Actor.system("ada"), first, [])
    query = {"kind": "off", "start": str(monday), "end": str(monday + timedelta(days=1))}
    fragment = text(falcon.get("/time-off/check/", query))
    assert "Would be refused" in fragment
    refusals = fragment[fragment.index('id="panel-refusals"') :]
    assert '<span class="rule-id">TO-2</span> You already have off time off on ' in refusals
    assert f"{_shown(monday)} to {_shown(monday + timedelta(days=2))} (confirmed" in refusals
    assert f'<a href="/time-off/{first}/">Change or cancel request {first}</a>' in refusals
    response = falcon.post("/time-off/", query)
    assert response.status_code == 200
    assert [t.id for t in api.list_time_off(member="ada")] == [first]
    assert [r.violations[0]["rule"] for r in api.refusals("ada")] == ["TO-2"]


def test_issue_14_item_12_a_refusal_is_written_once_and_the_summary_points_to_it(falcon):
    """The notice refusal was printed three times (summary, field, panel): now its sentence
    is in the panel only; the summary and the field name TO-3 and point there."""
    tomorrow = _next_weekday(date.today() + timedelta(days=1))
    page = text(falcon.post("/time-off/", {"kind": "off", "start": tomorrow, "end": tomorrow}))
    assert page.count("Too late: a single day needs") == 1
    panel = page[page.index('id="panel-refusals"') :]
    assert "Too late: a single day needs" in panel
    assert page.count("TO-3: Refused; why, and what would be accepted instead, is under") == 2


def test_TO_4_the_cap_refusal_names_the_day_to_keep_and_offers_dates_that_fit(falcon):
    """Two overlap days in one week (Mon, Tue): the panel says which to keep and links the
    longest dates that would be accepted, which book when followed."""
    monday = _monday_in(8)
    tuesday, friday = monday + timedelta(days=1), monday + timedelta(days=4)
    _book_for("bob", monday)
    _book_for("cyd", tuesday)
    query = {"kind": "off", "start": str(monday), "end": str(friday)}
    fragment = text(falcon.get("/time-off/check/", query))
    refusals = fragment[fragment.index('id="panel-refusals"') :]
    assert f"keep {_shown(tuesday)}; move {_shown(monday)}" in refusals
    span = f"{_shown(tuesday)} to {_shown(friday)}"
    assert f"These days would be accepted: {span}." in refusals
    link = re.search(rf'<a href="(/time-off/\?[^"]+)">Use {span} instead</a>', refusals)
    assert link, refusals[:2000]
    assert f"start={tuesday}" in link[1] and f"end={friday}" in link[1]
    filled = text(falcon.get(link[1].replace("&amp;", "&")))
    assert "Would be accepted" in filled


def test_TO_5_the_time_off_csv_has_the_requests_of_the_calendar_page_and_of_the_api(falcon):
    """Issue #15: the calendar links its requests as CSV (cell, from, to); the rows are the
    page's and the JSON list's, sick leave shown to a colleague as off."""
    import csv

    monday = _monday_in(1)
    api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.REDUCED,
        start=monday,
        end=monday,
        hours_per_day=Decimal(4),
    )
    api.book(Actor.system("cyd"), member="cyd", kind=Kind.SICK, start=monday, end=monday)
    later = api.book(
        Actor.system("dee"), member="dee", kind=Kind.OFF, start=_monday_in(4), end=_monday_in(4)
    )
    page = text(falcon.get("/time-off/calendar/"))
    table = page[page.index('id="cell-requests"') : page.index('id="refused-heading"')]
    first = re.search(r'Time off in Falcon from <time datetime="([\d-]+)"', table).group(1)
    link = f"/api/v1/time-off.csv?cell=Falcon&amp;from={first}"
    assert f'<a href="{link}" download>Download CSV' in table
    response = falcon.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(response.content.decode().splitlines()))
    assert [(r["member"], r["kind"], r["hours_per_day"], r["start"]) for r in rows] == [
        ("bob", "reduced", "4.0", str(monday)),
        ("cyd", "off", "", str(monday)),
        ("dee", "off", "", str(_monday_in(4))),
    ]
    for r in rows:  # each row is the page's line for that request
        line = table[table.index(f'<a href="/time-off/{r["id"]}/">') :]
        line = line[: line.index("</tr>")]
        assert f'datetime="{r["start"]}"' in line and f'datetime="{r["end"]}"' in line
        assert f'<td class="num">{r["working_days"]}</td>' in line
    assert table.count('<a href="/time-off/') == len(rows)
    listed = falcon.get("/api/v1/time-off", {"cell": "Falcon", "start": first}).json()["items"]
    assert [(i["id"], i["kind"], i["working_days"], i["status"]) for i in listed] == [
        (int(r["id"]), r["kind"], int(r["working_days"]), r["status"]) for r in rows
    ]
    # A range: `to` leaves out what starts after it.
    ranged = falcon.get("/api/v1/time-off.csv", {"cell": "Falcon", "from": first, "to": monday})
    ids = [r["id"] for r in csv.DictReader(ranged.content.decode().splitlines())]
    assert ids == [rows[0]["id"], rows[1]["id"]] and str(later.id) not in ids
    unknown = falcon.get("/api/v1/time-off.csv", {"cell": "Nope"})
    assert unknown.status_code == 422 and "cell" in unknown.content.decode()
