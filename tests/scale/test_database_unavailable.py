"""A database that stops answering gives a clean 503, never a 500 (issue #13): problem+json
under /api/, a friendly page elsewhere, both with Retry-After. Here the database's failure
is simulated inside the process (any database); tests/scale/test_faults.py cuts a real
PostgreSQL connection under `cellops serve`."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from cellops.org import api as org_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_gone(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    # the reads the cells endpoint and the organisation page call (decision 0045)
    for name in ("list_cells", "cells_seen_by"):
        monkeypatch.setattr(org_api, name, refuse)


def test_the_api_answers_503_problem_json_when_the_database_is_unavailable(
    admin_api, database_gone
):
    response = admin_api.get("/api/v1/cells")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == 503 and "nothing was changed" in body["detail"]


def test_a_page_answers_a_friendly_503_page_when_the_database_is_unavailable(
    admin_client, database_gone
):
    response = admin_client.get("/org/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    html = response.content.decode()
    assert "<h1>Back in a moment</h1>" in html and "nothing was changed" in html
    assert "<script" not in html and "style=" not in html  # strict CSP


def test_the_session_middleware_losing_the_database_is_a_503_too(client, monkeypatch):
    """Failures outside any view (the session read by the login middleware) are covered."""
    from django.contrib.sessions.backends import db

    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db.SessionStore, "load", refuse)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/")
    assert response.status_code == 503
