"""Journey: a sprint's rituals — retrospective items, publishing, the poll, the video titles
and the social chat (SP-13 to SP-15), every page state axe-clean in light and dark."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.rituals import api as rituals_api
from cellops.sprints import api as sprints_api
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_SP_13_to_SP_15_a_manager_collects_publishes_polls_and_finds_the_video_titles(
    page, login, check_page, make_member
):
    """SP-13 add an item (refused first, then added), publish after rollover, approve in the
    poll; SP-15 the exact titles and my link; SP-14 the social chat form and firefighters."""
    make_member(
        "sam",
        first_name="Sam",
        last_name="Planner",
        roles=(Role.SPRINT_PLANNING_MANAGER,),
        password=PASSWORD,
    )
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    number = org_api.sprint_calendar().for_date(date.today()).number + 1
    rituals_api.add_retro_item(
        org_api.actor_named("ada"), "Falcon", number, "went well", "The demo went well"
    )
    rituals_api.add_retro_item(
        org_api.actor_named("ada"), "Falcon", number, "to improve", "Flaky CI"
    )
    rituals_api.add_retro_item(
        org_api.actor_named("bob"), "Falcon", number, "to improve", "Slow reviews"
    )

    login("sam")
    page.goto(f"/sprints/Falcon/{number}/board/")
    page.get_by_role("navigation", name=f"Falcon sprint {number}").get_by_role(
        "link", name="Retrospective and updates"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Retrospective and updates: Falcon sprint {number}"
    )
    check_page("retrospective-open")

    # SP-13: a refused item is named on its field; then the item is added.
    page.get_by_label("Your item").fill("Estimates came late")
    page.get_by_role("button", name="Add my item").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose whether it went well")
    check_page("item-refused")
    page.get_by_role("radio", name="To improve").check()
    page.get_by_role("button", name="Add my item").click()
    expect(page.get_by_role("status")).to_contain_text("Your item is in the retrospective")
    to_improve = page.get_by_role("region", name=re.compile("To improve"))
    expect(to_improve).to_contain_text("Estimates came late")
    expect(page.get_by_role("heading", name="To improve (3)")).to_be_visible()

    # SP-15: each member's exact title, and my link recorded.
    expect(page.get_by_label("Video title for Ada Lovelace")).to_have_value(
        f"Sprint {number} - Falcon - Ada Lovelace"
    )
    expect(page.get_by_role("button", name="Copy the title for Ada Lovelace")).to_be_visible()
    page.get_by_label("Link to your video").fill("https://www.loom.com/share/sam")
    page.get_by_role("button", name="Record my video update").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sprint {number} - Falcon - Sam Planner")
    expect(page.locator("#update-sam")).to_contain_text("Posted")
    check_page("video-recorded")

    # SP-14: the manager may organise the chat; the firefighters of the coming weeks.
    expect(page.get_by_role("heading", name="Organise the social chat")).to_be_visible()
    expect(page.locator("table.firefighters tbody tr")).to_have_count(6)

    # SP-13: after rollover the manager publishes; three items to improve open a poll.
    sprints_api.complete(org_api.actor_named("sam"), "Falcon", number, confirm=True)
    page.reload()
    page.get_by_role("button", name="Publish the retrospective").click()
    expect(page.get_by_role("status")).to_contain_text("A poll is open")
    check_page("published-poll")
    page.get_by_label("Slow reviews").check()
    page.get_by_label("Estimates came late").check()
    page.get_by_role("button", name="Save my approvals").click()
    expect(page.get_by_role("status")).to_contain_text("2 item(s)")
    results = page.get_by_role("table", name="Results, ranked by votes")
    expect(results.locator("tbody tr").first).to_contain_text("Slow reviews")
    expect(results.locator("tbody tr").last).to_contain_text("Flaky CI")
    expect(page.get_by_label("Slow reviews")).to_be_checked()
    check_page("approved")
    poll = rituals_api.retrospective(Actor.system(), "Falcon", number).poll
    assert [(line.text, line.votes) for line in poll.results] == [
        ("Slow reviews", 1),
        ("Estimates came late", 1),
        ("Flaky CI", 0),
    ]
