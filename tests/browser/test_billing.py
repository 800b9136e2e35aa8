"""Worklogs in the browser (issue #11): the list, one worklog changed by keyboard, a typo
re-shown with the error and what was typed, and its history — each page axe clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_worklog_is_found_changed_and_its_history_read(page, login, check_page, make_member):
    from datetime import date
    from decimal import Decimal

    from cellops.billing import api as billing_api
    from cellops.org import api as org_api
    from cellops.org.data import Actor
    from cellops.sprints import api as sprints_api

    make_member("ada", cell="Falcon", first_name="Ada", last_name="Lovelace", password=PASSWORD)
    org_api.create_client(Actor.system("test"), "Hedera University", Decimal(90))
    org_api.create_account(Actor.system("test"), "Hedera LMS", "Hedera University")
    key = sprints_api.create_ticket(
        Actor.system("test"), title="Search", cell="Falcon", account="Hedera LMS"
    ).key
    logged = billing_api.log_work(
        org_api.actor_named("ada"), ticket=key, member="ada", day=date(2026, 3, 2), hours=3
    )
    login("ada")
    page.goto(f"/billing/worklogs/?ticket={key}")
    rows = page.locator("#worklogs tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Mon 2 Mar 2026")
    expect(rows.first).to_contain_text("Ada Lovelace")
    check_page("worklogs")
    page.get_by_role("link", name=f"Worklog {logged.id}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Worklog {logged.id}")
    check_page("worklog")
    hours = page.get_by_label("Hours")
    hours.fill("three")
    hours.press("Enter")  # the keyboard submits the form
    expect(page.get_by_role("alert")).to_contain_text("Hours: give the hours as a number")
    expect(page.get_by_label("Hours")).to_have_value("three")
    check_page("worklog-refused")
    page.get_by_label("Hours").fill("2.5")
    page.get_by_label("Note").fill("pairing")
    page.get_by_role("button", name="Save the worklog").click()
    expect(page.get_by_role("status")).to_contain_text("is changed")
    expect(page.locator("#worklog-hours")).to_have_text("2.50 h")
    history = page.locator("#history tbody tr")
    expect(history).to_have_count(2)
    expect(history.nth(1)).to_contain_text("Changed")
    expect(history.nth(1)).to_contain_text("Ada Lovelace")
    check_page("worklog-changed")
