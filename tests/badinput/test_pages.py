"""Bad input at every page, generated from the URL configuration.

Every URL pattern outside /api/ and /admin/ is found by walking the resolver.
Each is requested with odd values in each path parameter (NUL, non-UTF-8,
odd Unicode, huge, slashes, numbers past 64 bits) and with odd values in the
query parameters its view reads (found in the view's source, plus the usual
date/month/cell ones). Each page that shows a form is then posted with
garbage in every field the form has (the field names come from the page's
HTML), with a body over the size limit and with too many fields.

Every answer must be below 500, and a refusal an HTML page, never a traceback.
"""

from __future__ import annotations

import inspect
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.badinput.conftest import PATH_VALUES, THROWN

SKIPPED_PREFIXES = ("api/", "admin/")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
READS_QUERY = re.compile(r"""GET\.get(?:list)?\(\s*["'](\w+)["']""")
LOGOUT = "/logout/"
USUAL_QUERY = ("date", "month", "cell", "member", "from", "week", "type", "page")


def _patterns(resolvers=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


PAGES = sorted(dict(_patterns()).items())

ODD_STR = {
    "NUL": "a%00b",
    "non-UTF-8 bytes": "%ff%fe%c3%28",
    "odd Unicode": quote("LYNX-²\u202e🦄", safe=""),
    "huge": "x" * 3000,
    "a slash": "EVIL%2F1",
    "a dot dot": "..",
}
ODD_INT = {"past 64 bits": "9" * 30, "huge": "9" * 3000, "zero": "0", "year 9999": "999999"}
ODD_QUERY = {
    "NUL": "a%00b",
    "non-UTF-8 bytes": "%ff%fe",
    "odd Unicode": quote("²\u202e🦄", safe=""),
    "huge": "9" * 5000,
    "negative": "-1",
    "far future date": "9999-12-31",
    "year one": "0001-01-01",
    "impossible date": "2026-02-30",
    "far future month": "9999-12",
    "malformed": "not%20a%20value",
}
ODD_FORM = {
    "NUL": "a\x00b",
    "odd Unicode": "LYNX-²\u202e🦄\ufeff",
    "lone surrogate escaped": "\\ud800",
    "huge text": "x" * 100_000,
    "huge number": "9" * 400,
    "negative": "-99999999999",
    "far future date": "9999-12-31",
    "year one": "0001-01-01",
    "impossible date": "2026-02-30",
    "empty": "",
}


def _url(route: str, overrides: dict[str, str] | None = None) -> str:
    overrides = overrides or {}

    def value(match: re.Match) -> str:
        name = match["name"]
        if name in overrides:
            return overrides[name]
        if match["converter"] == "int":
            return "1"
        return quote(PATH_VALUES.get(name, "x"), safe="")

    return "/" + PARAMETER.sub(value, route)


class FormFields(HTMLParser):
    """The names of the fields of the page's POST forms, and where they post."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._current: set[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = set()
            self.forms.append((attrs.get("action") or "", self._current))
        elif (
            tag in ("input", "select", "textarea")
            and self._current is not None
            and attrs.get("name") not in (None, "", "csrfmiddlewaretoken")
        ):
            self._current.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _check(failures: list[str], label: str, response) -> None:
    THROWN["pages"] += 1
    status = response.status_code
    if status >= 500:
        failures.append(f"{label}: {status}")
    elif status >= 400 and not response.get("Content-Type", "").startswith("text/html"):
        failures.append(f"{label}: {status} as {response.get('Content-Type')}, not a page")


def _form_post(client, target: str, body: bytes):
    return client.generic("POST", target, body, "application/x-www-form-urlencoded")


@pytest.mark.parametrize(("route", "view"), PAGES, ids=[route or "/" for route, _ in PAGES])
def test_bad_input_on_a_page_never_a_server_error(admin_browser, route, view):
    client = admin_browser
    failures: list[str] = []
    # Odd values in each path parameter.
    for match in PARAMETER.finditer(route):
        odd = ODD_INT if match["converter"] == "int" else ODD_STR
        for what, value in odd.items():
            url = _url(route, {match["name"]: value})
            _check(failures, f"GET {url[:80]} ({match['name']} {what})", client.get(url))
    url = _url(route)
    # Odd values in each query parameter the view reads.
    source = inspect.getsource(getattr(view, "view_class", view))
    names = sorted(set(READS_QUERY.findall(source)) | set(USUAL_QUERY))
    for what, value in ODD_QUERY.items():
        query = "&".join(f"{name}={value}" for name in names)
        _check(failures, f"GET {url}?… ({what})", client.get(f"{url}?{query}"))
    # Garbage in every field of every form on the page.
    page = client.get(url)
    parser = FormFields()
    if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
        parser.feed(page.content.decode())
    targets = {(action or url): fields for action, fields in parser.forms}
    if url != LOGOUT:
        targets.pop(LOGOUT, None)  # on every page; posting it would end the session
    for target, fields in targets.items():
        for what, value in ODD_FORM.items():
            data = dict.fromkeys(fields, value)
            _check(failures, f"POST {target} ({what} in every field)", client.post(target, data))
        too_big = _form_post(client, target, b"name=" + b"x" * 2_700_000)
        _check(failures, f"POST {target} (a body over the limit)", too_big)
        if too_big.status_code != 413:
            failures.append(f"POST {target} over the limit: {too_big.status_code}, not 413")
        many = _form_post(client, target, b"&".join(b"f%d=x" % i for i in range(1500)))
        _check(failures, f"POST {target} (too many fields)", many)
        if many.status_code != 413:
            failures.append(f"POST {target} with 1500 fields: {many.status_code}, not 413")
    # A POST where the page shows no form: refused (405) or handled, never a 500.
    if url not in targets:
        _check(failures, f"POST {url} (garbage, no form)", client.post(url, {"name": "\x00"}))
    for target in {url, *targets}:
        non_utf8 = _form_post(client, target, b"name=%ff%fe&\xff\xfe=\x00")
        _check(failures, f"POST {target} (non-UTF-8 body)", non_utf8)
    assert not failures, "\n".join(failures)


def test_a_token_name_with_nul_characters_is_kept_without_them(admin_browser, organisation):
    from cellops.kernel.actor import Actor
    from cellops.platform import api as core_api

    response = admin_browser.post("/account/", {"name": "lap\x00top"})
    assert response.status_code == 200
    assert [t.name for t in core_api.tokens_of(Actor.system(), organisation.username)] == ["laptop"]
