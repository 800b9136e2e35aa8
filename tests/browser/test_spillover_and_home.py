"""Journey: a member whose tickets spilled over sees it on the home page ("What needs me
now"), follows the link to the completion section, gives the reason with the keyboard
(first empty: the error is tied to the field), and the home page no longer asks — every
page state axe-clean (SP-10, SCREENS.md)."""

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


def test_SP_10_a_member_gives_the_reason_of_their_spillover_from_the_home_page(
    page, login, check_page, make_member
):
    make_member("sam", first_name="Sam", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("bob", first_name="Bob", last_name="Marley", password=PASSWORD)
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    key = sprints_api.create_ticket(
        org_api.actor_named("sam"),
        title="Search by teacher",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        story_points=3,
        assignee="bob",
        reviewer="sam",
        remaining_hours=Decimal(6),
    ).key
    sprints_api.open_estimation(org_api.actor_named("sam"), "Falcon", number + 1)
    sprints_api.create_ticket(
        org_api.actor_named("sam"),
        title="Export grades",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number + 1,
    )
    sprints_api.start(org_api.actor_named("sam"), "Falcon", number, override=True, confirm=True)
    sprints_api.complete(org_api.actor_named("sam"), "Falcon", number, confirm=True)

    login("bob")
    page.goto("/")
    expect(
        page.get_by_role("link", name=re.compile(r"\d of \d tickets to vote on"))
    ).to_be_visible()
    reason_link = page.get_by_role("link", name=f"Say why {key} spilled over")
    expect(reason_link).to_be_visible()
    check_page("home-with-sprint-needs")

    reason_link.click()
    field = page.get_by_label("Why did Bob Marley's tickets spill over?")
    expect(field).to_be_visible()
    page.get_by_role("button", name="Save the reason").click()
    field = page.get_by_label("Why did Bob Marley's tickets spill over?")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#completion .field-error")).to_contain_text("spilled over")
    check_page("spillover-reason-error")

    field.focus()
    page.keyboard.type("The client's staging access came late.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save the reason")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#completion")).to_contain_text("The client's staging access came late.")
    check_page("spillover-reason-given")
    assert (
        next(
            m for m in sprints_api.completion("Falcon", number).members if m.member == "bob"
        ).reason
        == "The client's staging access came late."
    )

    page.goto("/")
    expect(page.get_by_role("link", name=f"Say why {key} spilled over")).to_have_count(0)
