"""Content-Security-Policy on every page, and no page that needs an exception (finding 5, #9).

The demo agency is loaded and an administrator walks the site: every page
without parameters in the URL map, then every link and GET form they show
(a few of each kind of page). Each response carries the strict policy, and
no page has what the policy would block: inline scripts, `<style>`, `style=`
attributes, `on…=` handlers or `javascript:` links.
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from cellops.sprints import models as sprints_models
from cellops.time_off import models as time_off_models

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
#: Pages with parameters the walk must reach through links (each kind of page once at least).
#: (The demo has no checklist runs, so a run's page is checked by the browser tests only.)
MUST_REACH = {
    "org:cell",
    "org:member",
    "sales:lead",
    "time_off:detail",
    "sprints:board",
    "sprints:estimation",
    "sprints:planning",
    "rituals:retrospective",
    "sprints:ticket",
}
#: Not walked: Django's admin and the JSON API are not our templates; logging out ends the walk.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/logout/")
PER_KIND = 3


class InlineFinder(HTMLParser):
    """Collects links, GET forms, and everything a strict CSP would block."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.blocked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        if tag == "form" and (found.get("method") or "get").lower() == "get":
            self.links.append(found.get("action") or "")
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script" and not found.get("src") and found.get("type") != "application/json":
            self.blocked.append("inline <script>")
        for name, value in attrs:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.blocked.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:…>")


def _pages_without_parameters() -> list[str]:
    """Every named page of the URL map whose path takes no parameter."""
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
                paths.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return [p for p in paths if not p.startswith(SKIP_PREFIXES)]


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _check(response, url: str, problems: list[str]) -> InlineFinder:
    finder = InlineFinder()
    if response.headers.get("Content-Security-Policy") != POLICY:
        problems.append(f"{url}: CSP {response.headers.get('Content-Security-Policy')!r}")
    if response.headers.get("Content-Type", "").startswith("text/html"):
        finder.feed(response.content.decode())
        problems.extend(f"{url}: {blocked}" for blocked in finder.blocked)
    return finder


def test_finding_5_every_page_carries_the_csp_and_nothing_it_would_block(admin_user):
    """An administrator's walk over the demo agency: the policy on every page, nothing inline."""
    call_command("demo", stdout=StringIO())
    client = Client()
    client.force_login(admin_user)
    # A ticket's and a time-off request's page are reached through pages the walk may cap
    # before it gets to them (their order differs between databases): start from one each.
    ticket = sprints_models.Ticket.objects.order_by("key").first()
    request = time_off_models.TimeOffRequest.objects.order_by("pk").first()
    queue = deque(
        [
            *_pages_without_parameters(),
            reverse("sprints:ticket", args=[ticket.key]),
            reverse("time_off:detail", args=[request.pk]),
        ]
    )
    seen: set[str] = set(queue)
    kinds: Counter[str] = Counter()
    problems: list[str] = []
    visited: list[str] = []
    while queue:
        url = queue.popleft()
        kind = _view_name(urlsplit(url).path)
        if kind is None or kinds[kind] >= PER_KIND:
            continue
        kinds[kind] += 1
        response = client.get(url, follow=True)
        visited.append(url)
        finder = _check(response, url, problems)
        for href in finder.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIP_PREFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert not problems, "\n".join(problems)
    assert set(kinds) >= MUST_REACH, f"not reached: {sorted(MUST_REACH - set(kinds))}"
    assert len(visited) > 40


def test_finding_5_login_not_found_and_csrf_failure_pages_carry_the_csp_too(db):
    """Anonymous pages and the error pages are ours, with the policy and nothing inline."""
    problems: list[str] = []
    anonymous = Client(enforce_csrf_checks=True)
    login = anonymous.get("/login/")
    assert login.status_code == 200
    _check(login, "/login/", problems)
    # htmx would otherwise add its own <style> and copy style attributes onto swapped content.
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", login.content.decode())
    assert config, "base.html has no htmx-config meta tag"
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "attributesToSettle": ["class", "width", "height"],
    }
    missing = anonymous.get("/no-such-page/")
    assert missing.status_code == 404
    _check(missing, "/no-such-page/", problems)
    refused = anonymous.post("/login/", {"username": "a", "password": "b"})
    assert refused.status_code == 403
    assert "security token is missing or out of date" in refused.content.decode()
    _check(refused, "csrf failure", problems)
    assert not problems, "\n".join(problems)


def test_finding_5_the_finder_sees_what_the_policy_blocks():
    """The walk's HTML check is not vacuous: each blocked form is reported."""
    finder = InlineFinder()
    finder.feed(
        '<p style="margin:0">x</p><style>p{}</style><script>go()</script>'
        '<script src="/static/a.js"></script><button onclick="go()" hx-on:click="go()">b</button>'
        '<a href="javascript:go()">j</a>'
    )
    assert finder.blocked == [
        "<p style=…>",
        "<style>",
        "inline <script>",
        "<button onclick=…>",
        "<button hx-on:click=…>",
        "<a href=javascript:…>",
    ]
