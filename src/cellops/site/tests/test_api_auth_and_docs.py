"""Issue #9, finding 6: unauthenticated API writes are 401; the API docs need no other origin."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

WRITES = [
    ("post", "/api/v1/cells"),
    ("patch", "/api/v1/tickets/FAL-1"),
    ("delete", "/api/v1/sprints/Falcon/1/retrospective/poll/approvals/1"),
    ("put", "/api/v1/sprints/Falcon/1/spillover/ada"),
]


def _assert_401(response) -> None:
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["status"] == 401 and "Authorization: Bearer" in body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_finding_6_an_anonymous_write_is_401_not_a_csrf_403(method, path):
    client = Client(enforce_csrf_checks=True)
    _assert_401(getattr(client, method)(path, {"name": "X"}, content_type="application/json"))


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_finding_6_a_bad_token_write_is_401_not_a_csrf_403(method, path):
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer cel_not-a-token"})
    _assert_401(getattr(client, method)(path, {"name": "X"}, content_type="application/json"))


def test_a_logged_in_session_without_csrf_is_still_refused_for_csrf(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/api/v1/cells", {"name": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "CSRF" in response.json()["detail"]


def test_a_logged_in_session_with_csrf_writes(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    client.get("/account/")  # sets the CSRF cookie, as a page would
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/cells",
        {"name": "Bebop", "kind": "dev"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_finding_6_the_docs_page_loads_only_local_assets_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in urls
    assert "/static/ninja/swagger-ui.css" in urls
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "cdn" not in html.lower()
    # Every script either loads a file or is inert JSON data (allowed by script-src 'self').
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        if "src=" in attrs:
            assert not body.strip()
    settings_json = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S
    )
    swagger = json.loads(settings_json[1])
    assert swagger["url"] == "/api/v1/openapi.json"
    assert swagger["validatorUrl"] is None  # no badge image from the online validator


def test_finding_6_the_swagger_files_are_shipped_and_served_locally():
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{name}"), name
