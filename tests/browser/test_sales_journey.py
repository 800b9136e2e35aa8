"""Journey (issue #11): a business developer takes a lead from inquiry through scoring, the
intro meeting, the blueprint, the proposal and the close into development (its epic
Accepted); then the admin specialist invoices a month of the epic's worklogs, sends the
invoice and downloads its PDF. Every page is checked with axe."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

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


def _forward(page, to: str) -> None:
    page.get_by_role("button", name="Move forward").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        f"is now in {to}"
    )


def _said(page, text: str) -> None:
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(text)


def test_SL_3_a_lead_goes_from_inquiry_to_development_and_its_month_is_invoiced(
    page, login, check_page, make_member
):
    """SL-1, SL-3, SL-4, SL-5 and SL-6 in the browser, one lead all the way."""
    from cellops.billing import api as billing_api
    from cellops.org import api as org_api
    from cellops.org.data import Actor, EpicStatus
    from cellops.sprints import api as sprints_api

    system = Actor.system("test")
    make_member("gabriel", cell="Compass", roles=(Role.BUSINESS_DEVELOPMENT,), password=PASSWORD)
    make_member("sunita", cell="Compass", roles=(Role.ADMIN_SPECIALIST,), password=PASSWORD)
    make_member("ada", cell="Falcon")
    org_api.create_client(system, "Hedera University", Decimal(90))
    org_api.create_account(system, "Hedera LMS", "Hedera University")
    org_api.create_epic(
        system, key="HED-1", title="Catalogue", account="Hedera LMS", owner="ada", reviewer="ada"
    )

    # 1 Generating leads: someone inquired
    login("gabriel")
    page.goto("/sales/leads/")
    page.get_by_label("Name", exact=True).fill("Hedera University")
    page.get_by_label(re.compile("^Contact")).fill("jimmy@hedera.edu")
    page.get_by_role("button", name=re.compile("Add")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hedera University")
    check_page("lead-new")
    _forward(page, "Prospect qualification")

    # 2 Prospect qualification: scored High, responsive
    page.get_by_role("link", name="Score this lead").click()
    for factor, score in HEDERA.items():
        _choose(page, factor, score)
    page.get_by_role("button", name="Score").click()
    expect(page.locator("#scores .total")).to_have_text("24")
    page.get_by_label("The lead answers (responsive)").check()
    page.get_by_role("button", name="Save the facts").click()
    _said(page, "facts are saved")
    _forward(page, "Assess needs")

    # 3 Assess needs: the intro meeting, re-scored there; the needs recorded
    page.get_by_role("link", name=re.compile("Prepare, run and record")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Intro meeting with Hedera University"
    )
    page.get_by_label("Situation").fill("A university library with 40 courses")
    page.get_by_label("Problem").fill("Learners cannot find the books a course needs")
    page.get_by_label("Implications").fill("Courses start late")
    page.get_by_label("Need payoff").fill("A catalogue inside Open edX")
    page.get_by_role("button", name="Save the notes").click()
    _said(page, "agenda is ready")
    page.get_by_role("button", name=re.compile("^Done: Ask which problem")).click()
    expect(page.locator("#agenda")).to_contain_text("1 of 6 done.")
    check_page("meeting-prepared")
    page.get_by_label("Next steps (one a line)").fill("Send the requirements list")
    page.get_by_label("Follow-up 1 task").fill("Call Jimmy about the budget")
    page.get_by_label("Follow-up 1 due").fill(date.today().isoformat())
    page.get_by_role("radio", name=re.compile("Deferred until the project starts")).check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_label("Body")).to_have_value(
        re.compile("Your challenge: Learners cannot find the books a course needs")
    )
    check_page("meeting-recorded")
    page.get_by_role("link", name="Back to Hedera University").click()
    page.get_by_label("Challenges").fill("An old LMS nobody maintains")
    page.get_by_label("Needs", exact=True).fill("Search across the catalogue")
    page.get_by_label("Value proposition").fill("Faster, and contributed upstream")
    page.get_by_role("button", name="Save the facts").click()
    _forward(page, "Blueprint")

    # 4 Blueprint: first refused naming the task without hours, then written
    page.get_by_label("Solution").fill("A catalogue with search")
    page.get_by_label("Acceptance criteria").fill("A teacher finds a book in two clicks")
    page.get_by_label("Task 1", exact=True).fill("Search")
    page.get_by_label("Task 1 hours").fill("0")
    page.get_by_label("Timeline").fill("Six weeks from kickoff")
    page.get_by_role("button", name="Save the blueprint").click()
    expect(page.locator("#blueprint-errors")).to_contain_text(
        "task 1 needs an estimate of more than 0 hours"
    )
    expect(page.get_by_label("Solution")).to_have_value("A catalogue with search")
    check_page("blueprint-refused")
    page.get_by_label("Task 1 hours").fill("40")
    page.get_by_label("Task 2", exact=True).fill("Import")
    page.get_by_label("Task 2 hours").fill("16")
    page.get_by_role("button", name="Save the blueprint").click()
    _said(page, "blueprint is saved")
    _forward(page, "Proposal")

    # 5 Proposal: the quote, delivered
    page.get_by_label("Line 1 feature").fill("Search")
    page.get_by_label("Line 1 hours").fill("40")
    page.get_by_label("Line 1 rate").fill("90")
    page.get_by_label("Line 2 feature").fill("Import")
    page.get_by_label("Line 2 hours").fill("16")
    page.get_by_label("Line 2 rate").fill("ninety")
    page.get_by_role("button", name="Save the quote").click()
    expect(page.locator("#quote-errors")).to_contain_text("line 2 needs a rate of 0 or more")
    page.get_by_label("Line 2 rate").fill("90")
    page.get_by_role("button", name="Save the quote").click()
    expect(page.locator("#proposal tfoot")).to_contain_text("5040.00 EUR")
    page.get_by_role("button", name="Mark the proposal delivered").click()
    _said(page, "marked delivered")
    check_page("proposal-delivered")
    _forward(page, "Close")

    # 6 Close: the epic named, the client accepts both lines, the checklist done
    page.get_by_label("Work epic (its key)").fill("HED-1")
    page.get_by_role("button", name="Save the facts").click()
    _said(page, "facts are saved")
    page.get_by_role("button", name="Move forward").click()
    expect(page.locator("#move-errors")).to_contain_text("5 conditions unmet")
    check_page("close-refused")
    page.get_by_label("Accept Search").check()
    page.get_by_label("Accept Import").check()
    page.get_by_role("button", name="The client accepts the selected lines").click()
    _said(page, "epic HED-1 is Accepted with a budget of 56.00 h")
    for step in (
        "Contract agreed, with its pricing and terms",
        "Onboarding steps done",
        "Kickoff held",
        "Communication and budget tracking set",
        "Epics scheduled",
    ):
        page.get_by_label(step).check()
    page.get_by_role("button", name="Save the checklist").click()
    _said(page, "close checklist is saved")
    check_page("lead-closing")
    _forward(page, "Development")
    epic = next(e for e in org_api.list_epics(show_money=True) if e.key == "HED-1")
    assert (epic.status, epic.budget_hours) == (EpicStatus.ACCEPTED, Decimal(56))
    check_page("lead-in-development")

    # 8 Billing: a month of the epic's worklogs invoiced, sent and downloaded
    key = sprints_api.create_ticket(
        system, title="Search", cell="Falcon", account="Hedera LMS", epic="HED-1"
    ).key
    first = date.today().replace(day=1)
    ada = org_api.actor_named("ada")
    billing_api.log_work(ada, ticket=key, member="ada", day=first, hours=6)
    billing_api.log_work(ada, ticket=key, member="ada", day=first, hours=Decimal("1.5"))
    page.context.clear_cookies()
    login("sunita")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Billing").click()
    page.get_by_role("button", name=re.compile("^Draft the invoices")).click()
    page.get_by_role("link", name="Hedera University").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft")
    expect(page.locator("main")).to_contain_text("675.00")  # 7.5 h × 90
    check_page("invoice-draft")
    page.get_by_role("button", name="Send the invoice").click()
    expect(page.get_by_role("status")).to_contain_text("is sent")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
