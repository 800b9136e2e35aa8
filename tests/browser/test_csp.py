"""The browser tests see Content-Security-Policy violations (finding 5 of issue #9)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_finding_5_the_browser_tests_catch_an_inline_style_and_an_inline_script(
    page, login, check_page, admin_user, csp_violations
):
    """What the policy blocks is reported by the `page` fixture, so every journey fails on it."""
    admin_user.set_password(PASSWORD)
    admin_user.save()
    login(admin_user.username)
    check_page("home")
    assert csp_violations == []
    page.evaluate(
        """() => {
            document.querySelector("h1").setAttribute("style", "color: red");
            const script = document.createElement("script");
            script.textContent = "window.ranInline = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.ranInline === undefined")
    assert any("style-src-attr blocked inline" in v for v in csp_violations), csp_violations
    assert any("script-src-elem blocked inline" in v for v in csp_violations), csp_violations
    assert any(v.startswith("console: ") for v in csp_violations), csp_violations
    csp_violations.clear()  # seen and asserted: the fixture's own check stays for the journeys
