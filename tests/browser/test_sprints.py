"""Journey: a sprint planning manager runs a sprint from estimation to completion.

Estimation opened, votes sent, closed; the planning dashboard; a start refused
for its gaps, then overridden with a reason; a card moved on the board with
the keyboard only (its move menu); the sprint completed — every page state axe-clean.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api as sprints_api
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_SP_3_to_SP_10_a_manager_plans_starts_moves_by_keyboard_and_completes(
    page, login, check_page, make_member
):
    """SP-3 estimation, SP-5 override, SP-6 dashboard, SP-9 keyboard move, SP-10 completion."""
    make_member(
        "sam",
        first_name="Sam",
        last_name="Planner",
        roles=(Role.SPRINT_PLANNING_MANAGER,),
        password=PASSWORD,
    )
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS", monthly_budget_hours=Decimal(120))
    number = org_api.sprint_calendar().for_date(date.today()).number + 2
    catalogue = sprints_api.create_ticket(
        org_api.actor_named("sam"),
        title="Import the catalogue",
        description="Read the CSV export and create one course per line.",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        assignee="ada",
        reviewer="bob",
        remaining_hours=Decimal(12),
    ).key
    search = sprints_api.create_ticket(
        org_api.actor_named("sam"),
        title="Search by teacher",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        tentative_assignee="bob",
        remaining_hours=Decimal(6),
    ).key
    base = f"/sprints/Falcon/{number}"

    login("sam")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sprints").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprints")
    check_page("index")

    # SP-3: open estimation, vote on both tickets at once, close it.
    page.goto(f"{base}/estimation/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Estimation: Falcon sprint {number}")
    check_page("estimation-not-open")
    page.get_by_role("button", name="Open estimation").click()
    expect(page.get_by_role("status")).to_contain_text("members can vote now")
    expect(page.get_by_text("0 of 2 voted")).to_be_visible()
    check_page("estimation-open")

    first = page.get_by_role("group", name=re.compile(f"^{catalogue} "))
    first.get_by_label("5", exact=True).check()
    first.get_by_label(f"Comment on {catalogue} (optional)").fill("The CSV has duplicates")
    page.get_by_role("group", name=re.compile(f"^{search} ")).get_by_label("?", exact=True).check()
    page.get_by_role("button", name="Send my votes").click()
    expect(page.get_by_text("2 of 2 voted")).to_be_visible()
    expect(first.get_by_label("5", exact=True)).to_be_checked()
    check_page("estimation-voted")

    page.get_by_role("button", name="Close estimation").click()
    # SP-3 (issue #14 item 3): Ada and Bob have not voted, so closing asks first.
    expect(page.locator("#close-confirm")).to_contain_text("with 1 of 3 members done")
    check_page("estimation-close-confirm")
    page.get_by_role("button", name="Yes, close estimation now").click()
    expect(page.locator(f"#result-{catalogue} caption")).to_contain_text("result 5 pt")
    expect(page.locator(f"#result-{search} caption")).to_contain_text("unestimated")
    check_page("estimation-results")

    # SP-6: the dashboard, its chart and the numbers behind it.
    page.get_by_role("navigation", name=f"Falcon sprint {number}").get_by_role(
        "link", name="Planning dashboard"
    ).click()
    expect(page.get_by_role("img", name=re.compile("Committed against available"))).to_be_visible()
    ada = page.locator("#member-ada")
    expect(ada).to_contain_text("78 h")
    expect(ada).to_contain_text("Under-committed")
    page.locator("#how-bob summary").click()
    expect(page.locator("#how-bob")).to_contain_text("Planning reserve")
    # SP-7: the account's burn chart, named by its figures, and the same figures as a table.
    burn = page.locator('[data-budget="account:Hedera LMS"]')
    expect(burn.get_by_role("img", name=re.compile("Burn of account Hedera LMS"))).to_be_visible()
    expect(burn.locator("figcaption")).to_contain_text("18 of 120 h (15 %)")
    burn.get_by_text("Show the figures").click()
    figures = burn.get_by_role("table")
    expect(figures).to_be_visible()
    expect(figures.get_by_role("row", name=re.compile("Logged and planned"))).to_contain_text("18")
    check_page("planning")

    # SP-5: refused with its gaps, then started with a recorded override.
    page.get_by_role("button", name="Start the sprint").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"{search} has no story points")
    expect(alert).to_contain_text(f"{search} has no reviewer")
    check_page("start-refused")
    page.get_by_role("button", name="Override and start").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why the sprint starts")
    page.get_by_label("Why start it anyway").fill("The client demo is on Monday")
    page.get_by_role("button", name="Override and start").click()
    expect(page.get_by_role("status")).to_contain_text(
        "has started early with an override of 2 gaps"
    )
    check_page("started")

    # SP-9: move a card with the keyboard only, through the board's move menu.
    page.get_by_role("navigation", name=f"Falcon sprint {number}").get_by_role(
        "link", name="Board", exact=True
    ).click()
    expect(page.locator("#col-0-heading")).to_contain_text("Backlog")
    check_page("board")
    move = page.get_by_role("link", name=re.compile(rf"^Move {catalogue}\s*…$"))
    move.focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("dialog", name=f"Move {catalogue} to…")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name="Backlog (now)")).to_be_focused()
    page.keyboard.press("ArrowDown")  # Backlog → In progress
    expect(menu.get_by_role("button", name="In progress")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_have_text(f"{catalogue} moved to In progress.")
    in_progress = page.get_by_role("region", name="In progress")
    expect(in_progress.locator(f"#card-{catalogue}")).to_be_visible()
    expect(page.locator(f"#card-{catalogue} .move-link")).to_be_focused()
    assert sprints_api.get_ticket(catalogue).status == "In progress"
    check_page("board-moved")

    # SP-10: complete; both open tickets spill over, so nobody's sprint is clean.
    page.get_by_role("navigation", name=f"Falcon sprint {number}").get_by_role(
        "link", name="Planning dashboard"
    ).click()
    page.get_by_role("button", name="Complete the sprint").click()
    # SP-10 (issue #14 item 2): before its last day, completing asks first.
    expect(page.locator("#complete-confirm")).to_contain_text(f"{search}")
    page.get_by_role("button", name="Yes, complete it now").click()
    completion = page.locator("#completion")
    expect(completion).to_contain_text("Not clean")
    expect(completion.get_by_role("link", name=catalogue)).to_be_visible()
    assert sprints_api.get_ticket(search).sprint == number + 1
    check_page("completed")
