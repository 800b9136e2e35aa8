"""Journey: a mentor opens their newcomer's trial, then computes one from a typed date."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from tests.browser.conftest import PASSWORD


def _shown(day: date) -> str:
    """How the page writes a date, e.g. 'Fri 1 Jan 2027'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_TR_1_a_mentor_sees_the_trial_timeline_and_computes_one_by_keyboard(
    page, login, check_page, make_member
):
    """TR-1/TR-2/TR-7 in the browser: the mentee's trial, a typed start date, a refused date — axe-clean."""
    started = date.today() - timedelta(days=19)
    make_member("aiko", cell="Falcon", password=PASSWORD)
    make_member("yusuf", cell="Falcon", status=MemberStatus.NEWCOMER, start_date=started)
    org_api.assign_role(
        Actor.system("test"), member="aiko", role=Role.MENTOR, mentee="yusuf", start=started
    )

    login("aiko")
    expect(page.get_by_role("link", name=re.compile("Yusuf|yusuf")).first).to_be_visible()
    check_page("home-with-milestone")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trial").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trial timeline")
    end = _shown(started + timedelta(days=56))
    expect(page.locator("dl")).to_contain_text(end)
    expect(page.get_by_role("img").first).to_be_visible()
    check_page("mentee-timeline")

    page.get_by_label("Newcomer").select_option(value="")
    start = page.get_by_label("Start date")
    start.fill("2026-03-04")
    start.press("Enter")
    expect(page.locator("dl")).to_contain_text("Wed 29 Apr 2026")  # TR-1: 56 days later
    expect(page.locator("dl")).to_contain_text("Wed 22 Apr 2026")  # TR-1: review deadline
    expect(page.locator("table")).to_contain_text("Screening")
    check_page("typed-start")

    start.fill("2025-06-02")
    page.get_by_role("button", name="Show the timeline").click()
    expect(page.get_by_role("alert")).to_contain_text("first sprint")
    check_page("start-before-first-sprint")


def test_TR_3_a_developer_review_from_blind_votes_to_the_decision(
    page, login, check_page, make_member
):
    """TR-3 in the browser: a reviewer votes with the five notes without seeing the others'
    votes, then sees them; the CEO records the outcome of a split review — axe-clean."""
    from cellops.org.data import Actor
    from cellops.trial import api as trial_api
    from cellops.trial.data import CRITERIA

    started = date.today() - timedelta(days=40)
    make_member("aiko", cell="Falcon", password=PASSWORD)
    make_member("ben", cell="Falcon")
    make_member("ceo", cell="Board", roles=(Role.CEO,), password=PASSWORD)
    make_member("yusuf", cell="Falcon", status=MemberStatus.NEWCOMER, start_date=started)
    system = Actor.system("test")
    developer = next(r for r in trial_api.reviews_of(system, "yusuf") if r.kind == "developer")
    trial_api.vote(org_api.actor_named("ben"), developer.id, "extend", comment="BEN-SAYS-EXTEND")
    assert set(developer.reviewers) == {"aiko", "ben", "ceo"}
    trial_api.vote(org_api.actor_named("ceo"), developer.id, "accept")

    login("aiko")
    page.goto(f"/trial/reviews/{developer.id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Developer review of Yusuf Tester")
    expect(page.locator("main")).not_to_contain_text("BEN-SAYS-EXTEND")
    check_page("review-before-voting")

    page.get_by_role("button", name="Cast my vote").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("Write a note on technical skills")
    check_page("review-vote-refused")

    page.get_by_label("Accept").check()
    for label in CRITERIA.values():
        page.get_by_label(label).fill(f"My note on {label.lower()}.")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator("main")).to_contain_text("BEN-SAYS-EXTEND")
    check_page("review-after-voting")

    page.context.clear_cookies()  # the CEO next
    login("ceo")
    page.goto(f"/trial/reviews/{developer.id}/")
    page.get_by_role("group", name="Outcome").get_by_label("Extend").check()
    page.get_by_role("group", name="Length of the extension").get_by_label("2 sprints").check()
    page.get_by_label("Why (the discussion's conclusion)").fill("Needs one more clean sprint.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("main")).to_contain_text("Decided: extend")
    check_page("review-decided")
