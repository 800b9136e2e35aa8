"""Journeys (issue #14 items 2 and 3): Falcon's sprint planning manager on Tue 1 Dec 2026,
day 8 of sprint 24, completes it early and starts sprint 25 early, each only after a
confirmation step listing what it does (SP-5, SP-10); and closes estimation with few
voters only after seeing the votes per ticket (SP-3). Without JavaScript-only steps, axe
clean on every state, at 1366 px and 390 px."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cellops.kernel import clock
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api as sprints_api
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [1366, 390]


@pytest.fixture
def falcon_on_1_dec(make_member):
    make_member(
        "sam",
        first_name="Sam",
        last_name="Planner",
        roles=(Role.SPRINT_PLANNING_MANAGER,),
        password=PASSWORD,
    )
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    sam = org_api.actor_named("sam")
    keys = {}

    def ticket(name, sprint, **fields):
        keys[name] = sprints_api.create_ticket(
            sam,
            title=f"Ticket {name}",
            cell="Falcon",
            account="Hedera LMS",
            sprint=sprint,
            **fields,
        ).key

    with clock.frozen(datetime(2026, 11, 16, 9, tzinfo=UTC)):
        ticket("a", 24, story_points=5, assignee="ada", reviewer="bob", remaining_hours=Decimal(10))
        ticket("b", 24, story_points=3, assignee="bob", reviewer="ada", remaining_hours=Decimal(6))
    with clock.frozen(datetime(2026, 11, 23, 8, tzinfo=UTC)):
        sprints_api.start(sam, "Falcon", 24)
    with clock.frozen(datetime(2026, 12, 1, 10, tzinfo=UTC)):
        sprints_api.update_ticket(sam, keys["a"], {"status": "Done"})
        ticket("c", 25, story_points=5, tentative_assignee="bob", reviewer="ada")
        ticket("d", 25, story_points=8, assignee="ada", reviewer="bob")
        sprints_api.open_estimation(sam, "Falcon", 25)
        sprints_api.vote(org_api.actor_named("ada"), "Falcon", 25, keys["c"], "3")
        yield keys


@pytest.mark.parametrize("width", WIDTHS)
def test_SP_5_and_SP_10_early_completion_and_start_are_confirmed_on_the_page(
    page, login, check_page, falcon_on_1_dec, width
):
    keys = falcon_on_1_dec
    page.set_viewport_size({"width": width, "height": 900})
    login("sam")
    page.goto("/sprints/Falcon/24/planning/")
    page.get_by_role("button", name="Complete the sprint").click()
    confirm = page.locator("#complete-confirm")
    expect(confirm).to_contain_text("Complete Falcon sprint 24 5 days early?")
    expect(confirm).to_contain_text(f"{keys['b']} (Bob Marley)")
    expect(confirm).to_contain_text("turns the sprint unclean for Bob Marley")
    check_page(f"complete-early-confirm-{width}")
    page.get_by_role("button", name="Yes, complete it now").click()
    expect(page.locator("#completion")).to_contain_text("Not clean")
    expect(page.locator("#committed")).to_contain_text("Committed at the start, and done")
    check_page(f"completed-early-{width}")

    page.goto("/sprints/Falcon/25/planning/")
    page.get_by_role("button", name="Start the sprint").click()
    confirm = page.locator("#start-confirm")
    expect(confirm).to_contain_text("Start Falcon sprint 25 6 days early?")
    expect(confirm).to_contain_text(f"makes Bob Marley the assignee of {keys['c']}")
    check_page(f"start-early-confirm-{width}")
    button = page.get_by_role("button", name="Yes, start it 6 days early")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Falcon sprint 25 has started early.")).to_be_visible()
    check_page(f"started-early-{width}")

    page.goto("/sprints/?cell=Falcon")
    expect(page.locator("#current-sprint")).to_contain_text("Sprint 25 (current)")
    expect(page.locator("#next-sprint")).to_contain_text("Sprint 26 (next)")
    check_page(f"index-after-running-ahead-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_SP_3_closing_estimation_early_shows_the_votes_per_ticket_first(
    page, login, check_page, falcon_on_1_dec, width
):
    keys = falcon_on_1_dec
    page.set_viewport_size({"width": width, "height": 900})
    login("sam")
    page.goto("/sprints/Falcon/25/estimation/")
    page.get_by_role("button", name="Close estimation").click()
    preview = page.locator("#close-preview")
    expect(page.locator("#close-confirm")).to_contain_text("with 0 of 3 members done")
    expect(preview.locator(f"#preview-{keys['c']}")).to_contain_text("5 pt becomes 3 pt")
    expect(preview.locator(f"#preview-{keys['d']}")).to_contain_text("keeps 8 pt")
    check_page(f"close-estimation-confirm-{width}")
    page.get_by_role("button", name="Yes, close estimation now").click()
    expect(page.locator(f"#result-{keys['d']}")).to_contain_text("no numeric votes: keeps its 8 pt")
    check_page(f"estimation-closed-{width}")
