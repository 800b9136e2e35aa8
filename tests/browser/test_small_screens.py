"""Issue #14 item 17: every main page of the demo agency is usable on a 390 px wide screen.

The document never scrolls sideways (`document.scrollingElement.scrollWidth <= 390`): a
table or chart too wide for the screen scrolls inside its own region, which the keyboard
can reach (tabindex) and which has a name (a label) — and each page is axe-clean, in both
colour schemes, with a screenshot kept (`check_page`). The scoring form's radio buttons
all render at one size, however long their label.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cellops.site.demo.logins import DEMO_PASSWORD
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 390

#: The elements wider than the screen that are not inside a named, focusable scroll region.
OVERFLOW = """(width) => {
  const scroller = (el) => {
    for (let p = el; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (["auto", "scroll"].includes(style.overflowX) && p.scrollWidth > p.clientWidth) return p;
    }
    return null;
  };
  const out = [];
  for (const el of document.querySelectorAll("main *, header *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    const region = scroller(el);
    if (region && region.tabIndex >= 0 && region.getAttribute("role") === "region"
        && (region.getAttribute("aria-label") || region.getAttribute("aria-labelledby"))) continue;
    if (region) { out.push(`unlabelled or unfocusable scroller ${region.tagName}.${region.className}`); continue; }
    out.push(`${el.tagName}${el.id ? "#" + el.id : ""}.${el.className} ends at ${Math.round(box.right)} px`);
  }
  return [...new Set(out)].slice(0, 8);
}"""


def _too_wide(page, check_page, name: str) -> list[str]:
    """What makes the page wider than the screen (nothing, when it fits), axe-checked."""
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    culprits = page.evaluate(OVERFLOW, WIDTH)
    check_page(f"390-{name}")
    return [] if width <= WIDTH and not culprits else [f"{name} is {width} px wide: {culprits}"]


def _check_small(page, check_page, name: str) -> None:
    problems = _too_wide(page, check_page, name)
    assert not problems, problems


def _log_in(page, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_issue_14_item_17_the_main_pages_fit_a_390_px_screen(page, check_page, django_user_model):
    call_command("demo", stdout=StringIO())
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    page.set_viewport_size({"width": WIDTH, "height": 844})
    journeys = {
        ("root", PASSWORD): ["/audit/", "/org/", "/org/members/", "/org/epics/", "/billing/"],
        ("maria.santos", DEMO_PASSWORD): [
            "/",
            "/sprints/",
            "/sprints/Falcon/24/planning/",
            "/sprints/Falcon/25/estimation/",
            "/sprints/Falcon/24/retrospective/",
            "/sprints/tickets/FALC-1/",
            "/time-off/",
            "/time-off/calendar/",
            "/checklists/",
            "/org/sprints/",
        ],
        ("camille", DEMO_PASSWORD): ["/trial/"],
        ("gabriel", DEMO_PASSWORD): ["/sales/leads/", "/sales/score/", "/sales/reports/"],
        ("tomasz", DEMO_PASSWORD): ["/recruitment/", "/workflows/", "/workflows/decisions/"],
    }
    problems: list[str] = []  # every page's, not only the first's
    for (username, password), urls in journeys.items():
        _log_in(page, username, password)
        for url in urls:
            page.goto(url)
            name = f"{username}-{url.strip('/').replace('/', '-') or 'home'}"
            problems += _too_wide(page, check_page, name)
    assert problems == [], "\n".join(problems)


def test_issue_14_item_17_the_scoring_forms_radio_buttons_are_all_one_size(
    page, check_page, django_user_model
):
    call_command("demo", stdout=StringIO())
    page.set_viewport_size({"width": WIDTH, "height": 844})
    _log_in(page, "gabriel", DEMO_PASSWORD)
    page.goto("/sales/score/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll("input[type=radio]")].map((r) => {
             const box = r.getBoundingClientRect();
             return `${Math.round(box.width)}x${Math.round(box.height)}`;
           })"""
    )
    assert len(sizes) > 10 and len(set(sizes)) == 1, sorted(set(sizes))
    _check_small(page, check_page, "score-radios")
