"""Journey: a member opens a ticket from the board with the keyboard, logs time, comments,
edits it, and creates a new ticket from the story template — every page state axe-clean."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api as sprints_api
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_works_on_a_ticket_from_its_page(page, login, check_page, make_member):
    """Board → ticket by keyboard; log time; comment; a refused edit (SP-5); a new ticket."""
    make_member("ada", first_name="Ada", last_name="Lovelace", password=PASSWORD)
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 2
    key = sprints_api.create_ticket(
        org_api.actor_named("ada"),
        title="Import the catalogue",
        description="Read the CSV export.\nOne course per line.",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        assignee="ada",
        reviewer="bob",
        remaining_hours=Decimal(12),
    ).key

    login("ada")
    page.goto(f"/sprints/Falcon/{number}/board/")
    link = page.get_by_role("link", name=re.compile(f"^{key} Import the catalogue"))
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{key} Import the catalogue")
    expect(page.locator("#description")).to_contain_text("One course per line.")
    check_page("ticket")

    # Log time: my own, today by default.
    form = page.locator("#log-time")
    expect(form.get_by_label("Date")).to_have_value(date.today().isoformat())
    form.get_by_label("Hours").fill("1.5")
    form.get_by_label("Note (optional)").fill("Parsed the sample file")
    form.get_by_role("button", name="Log time").click()
    expect(page.get_by_role("status")).to_contain_text(f"Logged 1.5 h on {key}")
    table = page.get_by_role("table", name=re.compile("Worklogs on"))
    expect(table).to_contain_text("Parsed the sample file")
    expect(page.locator("#worklog-total")).to_have_text("1.50")
    assert [w.hours for w in billing_api.worklogs_of(key)] == [Decimal("1.50")]
    check_page("ticket-time-logged")

    # Issue #14 item 15: logging offers to update the remaining hours, prefilled with
    # remaining - logged and focused, so Enter takes it.
    offer = page.locator("#remaining-offer")
    expect(offer).to_contain_text("You logged 1.5 h. The ticket still says 12.00 h remaining")
    remaining = offer.get_by_label("Remaining hours")
    expect(remaining).to_be_focused()
    expect(remaining).to_have_value("10.50")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"{key} has 10.50 h remaining.")
    expect(page.locator("#remaining-offer")).to_have_count(0)
    assert sprints_api.get_ticket(key).remaining_hours == Decimal("10.50")

    # A refused worklog keeps what was typed.
    form = page.locator("#log-time")
    form.get_by_label("Hours").fill("30")
    form.get_by_role("button", name="Log time").click()
    expect(page.get_by_role("alert").first).to_contain_text("at most 24")
    expect(page.locator("#log-time").get_by_label("Hours")).to_have_value("30")
    check_page("ticket-worklog-refused")

    # A comment.
    page.goto(f"/sprints/tickets/{key}/")
    page.get_by_label("Your comment").fill("Encoding is <latin-1>, careful")
    page.get_by_role("button", name="Add my comment").click()
    expect(page.locator(".comments")).to_contain_text("Encoding is <latin-1>, careful")
    check_page("ticket-commented")

    # SP-5: reviewer = assignee is refused on the field, with its rule.
    edit = page.locator("#edit-ticket")
    edit.get_by_label("Reviewer").select_option("ada")
    edit.get_by_role("button", name="Save changes").click()
    expect(page.locator("#edit-errors")).to_contain_text("SP-5")
    check_page("ticket-edit-refused")

    # A new ticket from the board's link, starting from the story template.
    page.goto(f"/sprints/Falcon/{number}/board/")
    page.get_by_role("link", name="New ticket").click()
    # Issue #14 item 15: the story template is a placeholder, never text that is saved.
    description = page.get_by_label("Description")
    expect(description).to_have_attribute("placeholder", "As a …, I want … so that …")
    expect(description).to_have_value("")
    check_page("ticket-new")
    page.get_by_role("button", name="Create the ticket").click()
    expect(page.locator("#new-errors")).to_contain_text("Give the ticket a title.")
    check_page("ticket-new-refused")
    page.get_by_label("Title").fill("Filter by language")
    page.get_by_label("Account").select_option("Hedera LMS")
    page.get_by_role("button", name="Create the ticket").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Filter by language")
    expect(page.get_by_role("status")).to_contain_text(f"is created in sprint {number}")
