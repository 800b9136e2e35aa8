"""Journey: a member books time off while a colleague is already away, then announces it.

The cell has five active members, so its TO-4 cap is 1: with Bob away on a
Monday and Tuesday, each of those days is an overlap day for Ada, and only
one per week is tolerated. Dates are weeks ahead of today so the journey
never goes stale and notice (TO-3) is always met.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus
from cellops.time_off import api
from cellops.time_off.data import Kind
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _long(day: date) -> str:
    """How a refusal names a day, e.g. 'Mon 18 Jan 2027'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _short(day: date) -> str:
    """How the panel names a day, e.g. 'Mon 18 Jan'."""
    return f"{day:%a} {day.day} {day:%b}"


def test_TO_4_a_member_books_around_a_colleagues_absence_and_announces_it(
    page, login, check_page, make_member
):
    """TO-3/TO-4/TO-6 in the browser: live panel, a refusal, the fix, the announcement — axe-clean."""
    for name in ("ada", "bob", "cyd", "dee", "eve"):
        make_member(name, cell="Falcon", password=PASSWORD if name == "ada" else None)
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
    today = date.today()
    monday = (
        today - timedelta(days=today.weekday()) + timedelta(weeks=4)
    )  # within the calendar's 6 weeks
    tuesday = monday + timedelta(days=1)
    api.book(Actor.system("bob"), member="bob", kind=Kind.OFF, start=monday, end=tuesday)

    login("ada")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Time off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book time off")
    check_page("booking-form")

    # Live feedback: Monday and Tuesday are both overlap days in one week.
    page.get_by_label("Off — whole days away").check()
    page.get_by_label("First day").fill(monday.isoformat())
    page.get_by_label("Last day").fill(tuesday.isoformat())
    panel = page.locator("#book-panel")
    expect(panel).to_contain_text("Would be refused")
    expect(panel).to_contain_text("would use 2 overlap days")
    expect(panel).to_contain_text("away 1 of cap 1")
    expect(panel).to_contain_text("24:00 UTC")
    expect(panel.locator("#panel-refusals")).to_contain_text("TO-4")
    check_page("live-panel-refused")

    # Booking anyway is refused with a useful message, and the values stay.
    page.get_by_role("button", name="Book time off").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The time off could not be booked")
    expect(summary).to_contain_text("TO-4: Refused; why")
    refusals = panel.locator("#panel-refusals")
    expect(refusals).to_contain_text("Too many people would be away")
    expect(refusals).to_contain_text(f"keep {_long(monday)}; move {_long(tuesday)}")
    expect(refusals.get_by_role("link", name=f"Use {_long(monday)} instead")).to_be_visible()
    expect(page.get_by_label("Last day")).to_have_value(tuesday.isoformat())
    check_page("booking-refused")

    # The fix: only the Monday, a single overlap day the week tolerates.
    page.get_by_label("Last day").fill(monday.isoformat())
    expect(panel).to_contain_text("Would be accepted")
    expect(panel).to_contain_text(f"would use 1 overlap day: {_short(monday)}")
    expect(panel.get_by_text("Overlap day", exact=True)).to_have_count(1)
    check_page("live-panel-accepted")

    page.get_by_role("button", name="Book time off").click()
    page.wait_for_url(re.compile(r".*/time-off/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Time off of Ada Tester")
    expect(page.locator("#request-facts")).to_contain_text("Pending: not announced yet")
    expect(page.locator("#request-facts")).to_contain_text("“Ada: off”")
    cover = page.get_by_label("Epic AC-1 Checkout")
    expect(cover).to_have_value("bob")  # TO-6: the epic's reviewer covers its owner
    check_page("request-pending")

    page.get_by_role("button", name="Announce").click()
    expect(page.locator("#request-facts")).to_contain_text("Confirmed")
    expect(page.locator("#coverage")).to_contain_text("Bob Tester")
    check_page("request-confirmed")

    page.get_by_role("link", name="See the calendar of Falcon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Time off calendar of Falcon")
    weeks = page.locator("#cell-weeks")
    expect(weeks).to_contain_text("Ada: off")
    expect(weeks).to_contain_text("Bob: off (pending)")
    expect(page.locator("#cell-requests")).to_contain_text("Confirmed")
    expect(page.locator("#cell-refused")).to_contain_text("TO-4")
    check_page("cell-calendar")

    page.get_by_role("button", name="Make my personal feed link").click()
    expect(page.get_by_label("Your personal feed link")).to_have_value(
        re.compile(r"calendar\.ics\?cell=Falcon&key=[\w-]+$")
    )
    check_page("feed-link-shown-once")
