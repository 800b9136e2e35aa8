"""Journey: log in, find what needs me, browse the organisation, manage a token."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cellops.org.data import MemberStatus, Role
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_administrator_logs_in_and_walks_the_organisation(
    page, login, check_page, make_member, django_user_model
):
    """Login, home, every organisation page and the account page pass axe; the keyboard reaches the skip link."""
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    make_member("ada", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("newbie", cell="Falcon", status=MemberStatus.NEWCOMER)

    page.goto("/login/")
    check_page("login")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    check_page("login-error")

    login("root")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs me now")
    check_page("home")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation")
    check_page("cells")
    page.get_by_label("Name").fill("Bebop")
    page.get_by_role("button", name="Create cell").click()
    expect(page.get_by_role("status")).to_contain_text("Cell Bebop created.")
    page.get_by_label("Name").fill("Bebop")
    page.get_by_role("button", name="Create cell").click()
    expect(page.get_by_role("alert")).to_contain_text("already exists")
    check_page("cells-error")

    page.get_by_role("link", name="Falcon").click()
    check_page("cell")
    for link, heading in [
        ("Members", "Members"),
        ("Clients and accounts", "Clients and accounts"),
        ("Epics", "Epics"),
        ("Sprint calendar", "Sprint calendar"),
    ]:
        page.get_by_role("navigation", name="Organisation").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(link.lower().replace(" ", "-"))

    page.get_by_label("Date").fill("2026-01-19")
    page.get_by_role("button", name="Find the sprint").click()
    expect(page.get_by_text("Mon 19 Jan 2026 is day 0 of Sprint 2 for dev cells")).to_be_visible()

    page.goto("/org/members/ada/")
    check_page("member")

    page.get_by_role("link", name=re.compile("^root$|Root")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    page.get_by_label("Name of the new token").fill("CI script")
    page.get_by_role("button", name="Create a token").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("cel_")
    check_page("account")
    page.get_by_role("button", name=re.compile("Revoke token")).click()
    expect(page.get_by_role("status")).to_contain_text("revoked")

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("cell", name="token.revoke")).to_be_visible()
    check_page("audit")
