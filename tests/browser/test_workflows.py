"""Journeys of workflows (WF-1, WF-3, WF-4), axe-clean on every page:

- a blog post from its idea to its publication by the marketing specialist;
- a decision paused by a blocking comment, then agreed once it is resolved;
- an instance test run to its report.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.workflows import api
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(make_member):
    make_member("ada", password=PASSWORD)
    make_member("bob", password=PASSWORD)
    make_member("gab", cell="Board", roles=(Role.MARKETING,), password=PASSWORD)
    make_member("tom", cell="Board", roles=(Role.CTO,))
    org_api.create_account(Actor.system("test"), "Marketing")
    org_api.create_epic(
        Actor.system("test"),
        key="OC-5152",
        title="Blog",
        account="Marketing",
        owner="gab",
        reviewer="tom",
        status=EpicStatus.IN_PROGRESS,
    )


def _logout(page):
    page.context.clear_cookies()


def test_WF_1_a_blog_post_from_idea_to_published(page, login, check_page, people):
    login("ada")
    page.goto("/workflows/blog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Blog posts")
    check_page("board-empty")
    page.get_by_label("Title").fill("Five years of Open edX")
    page.get_by_label("Forum thread where the idea is discussed").fill("https://forum.example/t/5")
    page.get_by_label("Reviewer (username)").fill("bob")
    page.get_by_role("button", name="Create the post and its ticket").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Five years of Open edX")
    check_page("post-idea")

    # A step without what it needs is refused on the page, naming the field.
    page.get_by_role("button", name="Move to the next step").click()
    expect(page.get_by_role("alert")).to_contain_text("add the link to the draft")
    check_page("post-refused")
    page.get_by_label("Link to the draft").fill("https://docs.example/five")
    page.get_by_role("button", name="Save the fields").click()
    for _ in range(3):  # draft, review, proofreading
        page.get_by_role("button", name="Move to the next step").click()
    expect(page.locator(".lead")).to_contain_text("Step: Proofreading")
    page.get_by_label("Document to proofread (link)").fill("https://docs.example/five")
    page.get_by_role("button", name="Record the request").click()
    page.get_by_role("button", name="Mark returned").click()
    page.get_by_label("Author attribution line").fill("By Ada, developer")
    page.get_by_label("Category").fill("Open edX")
    page.get_by_label("Tags").fill("openedx, community")
    page.get_by_label("Featured image (link)").fill("https://img.example/five.png")
    page.get_by_label("Image credit").fill("Photo: Ada")
    page.get_by_label("Publication date").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Save the fields").click()
    page.get_by_role("button", name="Move to the next step").click()  # CMS draft
    page.get_by_role("button", name="Move to the next step").click()  # scheduled
    expect(page.locator(".lead")).to_contain_text("Step: Scheduled")
    check_page("post-scheduled")

    # Ada may not publish; the marketing specialist does.
    page.get_by_role("button", name="Move to the next step").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Five years of Open edX")
    url = page.url
    _logout(page)
    login("gab")
    post_id = api.board(org_api.actor_named("gab"))[5][1][0].id
    page.goto(f"/workflows/blog/{post_id}/")
    page.get_by_role("button", name="Move to the next step").click()
    expect(page.locator(".lead")).to_contain_text("Step: Published")
    check_page("post-published")
    assert "/advance/" in url  # Ada's attempt answered 403 there


def test_WF_3_a_decision_paused_by_a_blocking_comment_then_agreed(page, login, check_page, people):
    login("ada")
    page.goto("/workflows/decisions/")
    check_page("decisions-empty")
    page.get_by_label("Title", exact=True).fill("One database for tests")
    page.get_by_label("Problem").fill("We test on two databases.")
    page.get_by_label("Options considered").fill("Both\nPostgreSQL only")
    page.get_by_label("Proposal").fill("PostgreSQL only.")
    page.get_by_label("Reviewers (usernames)").fill("bob")
    page.get_by_role("button", name="Propose").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One database for tests")
    check_page("decision-open")
    _logout(page)

    login("bob")
    decision_id = api.decisions(org_api.actor_named("bob"))[0].id
    page.goto(f"/workflows/decisions/{decision_id}/")
    page.get_by_label("Your comment").fill("Not before the CI image has PostgreSQL.")
    page.get_by_label("Blocking: pause the decision until this is resolved").check()
    page.get_by_role("button", name="Comment").click()
    expect(page.get_by_text("Paused:", exact=False)).to_be_visible()
    check_page("decision-paused")
    _logout(page)

    login("ada")
    page.goto(f"/workflows/decisions/{decision_id}/")
    page.get_by_role("button", name="Record as agreed").click()
    expect(page.get_by_role("alert")).to_contain_text("WF-3")
    check_page("decision-agree-refused")
    page.get_by_role("button", name=re.compile("Resolve this comment")).click()
    page.get_by_role("button", name="Record as agreed").click()
    expect(page.locator(".lead .chip")).to_have_text("Agreed")
    check_page("decision-agreed")
    page.goto("/workflows/decisions/?q=database&state=agreed")
    expect(page.get_by_role("link", name="One database for tests")).to_be_visible()
    check_page("decisions-search")


def test_WF_4_an_instance_test_run_to_its_report(page, login, check_page, people):
    login("ada")
    page.goto("/workflows/instance-tests/")
    check_page("tests-empty")
    page.get_by_label("Instance").fill("courses.example.com")
    page.get_by_label("Deep change being tested").fill("MySQL 5.7 to 8 upgrade")
    page.get_by_role("button", name="Start the run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Instance test: courses.example.com")
    check_page("run")
    first = page.locator("li.card").nth(0)
    first.get_by_label("Pass").check()
    first.get_by_role("button", name=re.compile("^Save")).click()
    second = page.locator("li.card").nth(1)
    second.get_by_label("Fail").check()
    second.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_role("alert")).to_contain_text("note")
    check_page("run-refused")
    second = page.locator("li.card").nth(1)
    second.get_by_label("Fail").check()
    second.get_by_role("textbox").fill("Sent from the instance, not the mail service")
    second.get_by_role("button", name=re.compile("^Save")).click()
    page.get_by_role("link", name="Report").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Instance test report: courses.example.com"
    )
    row = page.get_by_role("row", name=re.compile("^Registration"))
    expect(row).to_contain_text("1")
    expect(page.get_by_text("Sent from the instance, not the mail service")).to_be_visible()
    check_page("report")


def test_WF_2_a_pull_request_checked_item_by_item_then_merged(page, login, check_page, people):
    from cellops.sprints import api as sprints_api
    from cellops.sprints.data import MERGED

    ticket = sprints_api.create_ticket(
        org_api.actor_named("ada"), title="Fix", cell="Falcon", account="Marketing", assignee="ada"
    )
    login("ada")
    page.goto("/workflows/pull-requests/")
    check_page("prs-empty")
    page.get_by_label("Address of the pull request").fill("https://git.example/pr/1")
    page.get_by_label("Title").fill(f"[{ticket.key}] Fix the login")
    page.get_by_role("button", name="Record the pull request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pull request:")
    check_page("pr-open")
    page.get_by_role("button", name="Mark merged").click()
    expect(page.get_by_role("alert")).to_contain_text("WF-2")
    check_page("pr-merge-refused")
    for n in range(12):
        item = page.locator("li.checklist-result").nth(n)
        item.get_by_label("Pass").check()
        item.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.locator("#checklist-counts")).to_contain_text("12 pass")
    page.get_by_role("button", name="Mark merged").click()
    expect(page.locator(".lead .chip")).to_have_text("Merged")
    check_page("pr-merged")
    assert sprints_api.get_ticket(ticket.key).status == MERGED
