"""Browser tests: Playwright drives Debian's real Chromium against a live server.

Each page a journey visits is checked with axe (WCAG 2.0/2.1 A and AA rules) in
the light and the dark colour scheme, and a screenshot is kept under
test-artifacts/screenshots/ (see ARTIFACTS). Every Content-Security-Policy violation (the
browser's `securitypolicyviolation` event, or its console message) fails the
journey: at the next `check_page` and, at the latest, when the test ends. Without Chromium the tests are skipped with the
reason, unless CELLOPS_REQUIRE_BROWSER=1 (set by CI) makes that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make for their fixtures are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: Screenshots land in test-artifacts/screenshots/, one per test and page under a stable name
#: (`<test>--<page>.png`); CELLOPS_SCREENSHOTS_RUN=before (or after…) keeps a run in its own
#: folder beside the others, for `scripts/compare_screenshots.py before after`.
ARTIFACTS = (
    Path(os.environ.get("CELLOPS_TEST_ARTIFACTS", "test-artifacts"))
    / "screenshots"
    / os.environ.get("CELLOPS_SCREENSHOTS_RUN", "")
)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PASSWORD = "a-long-test-password-42"
#: Runs before any page script, in every page and frame: reports each CSP violation.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cellopsCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` in ${event.sourceFile || document.location.href}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : "")
  );
});
"""


def _chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CELLOPS_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CELLOPS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """The CSP violations the browser reported so far in this test (see `page`)."""
    return []


@pytest.fixture
def page(browser, live_server, csp_violations):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})

    def on_violation(text: str) -> None:
        csp_violations.append(text)

    context.expose_function("cellopsCspViolation", on_violation)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            csp_violations.append(f"console: {message.text}")

    page.on("console", on_console)
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not csp_violations, "CSP violations:\n" + "\n".join(csp_violations)


class Checker:
    """Checks a page with axe in both colour schemes, keeps a screenshot, fails on CSP violations."""

    def __init__(self, page, test_name: str, csp_violations: list[str]):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.csp_violations = csp_violations
        self.axe = Axe()
        self.prefix = re.sub(r"[^a-z0-9_]+", "-", test_name.lower())
        self.checked: list[str] = []

    def __call__(self, name: str) -> None:
        reports = []
        for scheme in ("light", "dark"):
            self.page.emulate_media(color_scheme=scheme)
            results = self.axe.run(self.page, options=AXE_OPTIONS)
            if results.violations_count:
                reports.append(f"[{scheme}] {results.generate_report()}")
        self.page.emulate_media(color_scheme="light")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.prefix}--{name}.png"), full_page=True)
        self.checked.append(name)
        assert not reports, f"axe found violations on {name} ({self.page.url}):\n" + "\n".join(
            reports
        )
        assert not self.csp_violations, (
            f"CSP violations by {name} ({self.page.url}):\n" + "\n".join(self.csp_violations)
        )


@pytest.fixture
def check_page(page, request, csp_violations):
    """Call `check_page("name")` on every page a journey visits."""
    return Checker(page, request.node.name, csp_violations)


@pytest.fixture
def login(page):
    """Log in through the real login form."""

    def do(username: str, password: str = PASSWORD) -> None:
        page.goto("/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r".*/$"))

    return do
