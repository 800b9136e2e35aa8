"""Journeys: a paused login, resetting a forgotten password by email, changing it; the API docs."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


def _fail_login(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_finding_4_a_paused_member_resets_the_password_by_email_then_changes_it(
    page, check_page, login, make_member, live_server
):
    make_member("ada", password=PASSWORD)
    for _ in range(5):
        _fail_login(page, "ada", "not my password")
    expect(page.get_by_role("alert")).to_contain_text("Logging in is paused")
    check_page("login-paused")
    _fail_login(page, "ada", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("even with the right password")
    expect(page).to_have_url(re.compile(r"/login/$"))

    page.get_by_role("link", name="reset it by email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset my password")
    check_page("password-reset")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page("password-reset-sent")

    assert len(mail.outbox) == 1
    link = re.search(r"(\S+/reset/\S+/)", mail.outbox[0].body)[1]
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password:", exact=True).fill("short")
    page.get_by_label("New password confirmation").fill("short")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("alert")).to_contain_text("too short")
    check_page("password-reset-confirm-error")
    page.get_by_label("New password:", exact=True).fill("brand-new-secret-77")
    page.get_by_label("New password confirmation").fill("brand-new-secret-77")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password set")
    check_page("password-reset-complete")

    page.get_by_role("link", name="Log in").click()
    login("ada", "brand-new-secret-77")
    page.goto("/account/")
    page.get_by_role("link", name="Change my password").click()
    check_page("password-change")
    page.get_by_label("Old password").fill("brand-new-secret-77")
    page.get_by_label("New password:", exact=True).fill("third-secret-99")
    page.get_by_label("New password confirmation").fill("third-secret-99")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    check_page("password-change-done")


def test_finding_6_the_api_docs_work_under_a_strict_csp_without_other_origins(page, live_server):
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    def with_csp(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route("**/api/v1/docs", with_csp)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("cellops")
    expect(page.locator(".opblock").first).to_be_visible()
    assert requests, "the page made no requests"
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert not [p for p in problems if "Content Security Policy" in p], problems
