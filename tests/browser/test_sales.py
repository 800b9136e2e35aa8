"""Journey: a business developer adds a lead, scores it live, and reads the handbook check."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cellops.org.data import Role
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEDERA = {
    "People profile": 1,
    "Need": 1,
    "Budget": 2,
    "Contract type": 2,
    "Prestige": 2,
    "Market niche": 2,
    "Internal positive bias": 2,
}


def _choose(page, factor: str, score: int) -> None:
    group = page.get_by_role("group", name=re.compile(f"^{factor}"))
    group.get_by_role("radio", name=re.compile(f"^{score} ")).check()


def test_SL_1_a_lead_is_scored_live_and_refused_while_a_factor_is_missing(
    page, login, check_page, make_member
):
    """SL-1 in the browser: the total appears live, a missing factor is refused by name, the score is saved."""
    make_member("gabriel", cell="Compass", roles=(Role.BUSINESS_DEVELOPMENT,), password=PASSWORD)
    login("gabriel")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Leads").click()
    check_page("leads")
    page.get_by_label("Name", exact=True).fill("Hedera University")
    page.get_by_label(re.compile("^Contact")).fill("Jimmy")
    page.get_by_role("button", name=re.compile("Add")).click()
    expect(page.get_by_text("Hedera University").first).to_be_visible()

    page.goto("/sales/score/")
    check_page("score-empty")
    for factor, score in list(HEDERA.items())[:-1]:
        _choose(page, factor, score)
    result = page.locator("#score-result")
    expect(result).to_contain_text("6 of 7 factors scored")
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_role("alert")).to_contain_text("SL-1")
    expect(page.get_by_role("alert")).to_contain_text("Internal positive bias")
    check_page("score-missing-factor")

    _choose(page, "Internal positive bias", 2)
    expect(result).to_contain_text("24")
    expect(result).to_contain_text("High")
    hedera = page.locator("#lead option", has_text="Hedera University").get_attribute("value")
    page.get_by_label("Save the score in the history of").select_option(value=hedera)
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hedera University")
    expect(page.get_by_text("24").first).to_be_visible()
    check_page("lead")


def test_SL_2_the_handbook_check_lists_the_printed_arithmetic_errors(
    page, login, check_page, make_member
):
    """SL-2 in the browser: the handbook check shows Affogato's 18 against the rubric's 14."""
    make_member("gabriel", cell="Compass", roles=(Role.BUSINESS_DEVELOPMENT,), password=PASSWORD)
    login("gabriel")
    page.goto("/sales/handbook-check/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile("printed 18, the rubric gives 14"))).to_be_visible()
    check_page("handbook-check")


def test_SL_3_a_lead_moves_on_the_board_by_keyboard_and_a_refused_move_lists_its_gate(
    page, login, check_page, make_member
):
    """SL-3 in the browser: the board (axe clean), a lead moved forward with the keyboard,
    then refused at the next gate with each unmet condition linking to where it is met."""
    from cellops.org.data import Actor
    from cellops.sales import api as sales_api

    make_member("gabriel", cell="Compass", roles=(Role.BUSINESS_DEVELOPMENT,), password=PASSWORD)
    lead = sales_api.create_lead(Actor.system("test"), "Hedera University", "Jimmy")
    login("gabriel")
    page.goto("/sales/board/")
    check_page("board")
    forward = page.get_by_role("button", name=re.compile("Forward.*Hedera University"))
    forward.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "Prospect qualification"
    )
    check_page("board-after-move")
    page.goto(f"/sales/leads/{lead.id}/")
    page.get_by_role("button", name="Move forward").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("2 conditions unmet")
    expect(alert.get_by_role("link", name="where to meet it")).to_have_count(2)
    check_page("lead-refused-move")


def test_SL_6_a_month_of_worklogs_is_invoiced_sent_and_downloaded(
    page, login, check_page, make_member
):
    """SL-6 in the browser: the admin specialist drafts the month, opens the invoice (axe
    clean), sends it and downloads its PDF."""
    from datetime import date
    from decimal import Decimal

    from cellops.billing import api as billing_api
    from cellops.org import api as org_api
    from cellops.org.data import Actor
    from cellops.sprints import api as sprints_api

    make_member("sunita", cell="Compass", roles=(Role.ADMIN_SPECIALIST,), password=PASSWORD)
    make_member("ada", cell="Falcon")
    org_api.create_client(Actor.system("test"), "Hedera University", Decimal(90))
    org_api.create_account(Actor.system("test"), "Hedera LMS", "Hedera University")
    key = sprints_api.create_ticket(
        Actor.system("test"), title="Search", cell="Falcon", account="Hedera LMS"
    ).key
    day = date.today().replace(day=1)
    billing_api.log_work(org_api.actor_named("ada"), ticket=key, member="ada", day=day, hours=3)
    login("sunita")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Billing").click()
    check_page("invoices")
    page.get_by_role("button", name=re.compile("^Draft the invoices")).click()
    page.get_by_role("link", name="Hedera University").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft")
    check_page("invoice-draft")
    page.get_by_role("button", name="Send the invoice").click()
    expect(page.get_by_role("status")).to_contain_text("is sent")
    check_page("invoice-sent")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_sales_reports_are_axe_clean_with_their_figures(page, login, check_page, make_member):
    """The reports page: SVG charts with the same numbers in tables beside them."""
    from cellops.org.data import Actor
    from cellops.sales import api as sales_api

    make_member("gabriel", cell="Compass", roles=(Role.BUSINESS_DEVELOPMENT,), password=PASSWORD)
    bea = Actor(username="gabriel", is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}))
    oak = sales_api.create_lead(bea, "Oak Press", "Olive")
    sales_api.make_proposal(bea, oak.id, [{"feature": "Site", "hours": "20", "rate": "50"}])
    sales_api.mark_lost(bea, sales_api.create_lead(bea, "Affogato").id, "no budget")
    login("gabriel")
    page.goto("/sales/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sales reports")
    expect(page.get_by_text("Forecast: 50.00 EUR weighted of 1000.00 EUR quoted")).to_be_visible()
    check_page("sales-reports")
