"""Faults under `cellops serve` on PostgreSQL (issue #13): the database stops answering
during requests, then comes back. Run by `.ci/run` (the PostgreSQL pass of `make test`);
skipped on SQLite, which has no server to lose."""

from __future__ import annotations

import json
import time

import pytest

from tests.scale.servers import Database, Proxy, Server, postgres_url

pytestmark = pytest.mark.skipif(not postgres_url(), reason="needs PostgreSQL (DATABASE_URL)")

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from cellops.kernel.actor import Actor
from cellops.platform import api
admin = get_user_model().objects.create_superuser("root", "root@example.com", "a-long-password-1")
session = SessionStore()
session[SESSION_KEY] = str(admin.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
session.create()
print("SETUP", __import__("json").dumps({"token": api.create_token(Actor.system(), username="root").secret,
      "session": session.session_key}))
"""


@pytest.fixture(scope="module")
def served():
    database = Database("faults")
    database.cellops("migrate", "--noinput", "-v", "0")
    out = database.cellops("shell", "-c", SETUP)
    people = json.loads(out.split("SETUP ", 1)[1])
    proxy = Proxy((database.host, database.port))
    server = Server(database.url(proxy.port))
    yield server, proxy, people
    server.stop()
    proxy.cut()
    database.drop()


def test_postgresql_stopping_gives_503s_then_the_app_recovers_by_itself(served):
    """503 problem+json for the API, a friendly 503 page for pages, nothing half written,
    and answers again once PostgreSQL is back, without restarting anything."""
    server, proxy, people = served
    api = {"Authorization": f"Bearer {people['token']}"}
    page = {"Cookie": f"sessionid={people['session']}"}
    assert server.get("/api/v1/cells", api)[0] == 200
    assert server.get("/", page)[0] == 200

    proxy.cut()
    status, headers, body = server.get("/api/v1/cells", api)
    assert status == 503, body[:300]
    assert headers["Content-Type"].startswith("application/problem+json")
    assert headers["Retry-After"] == "5" and json.loads(body)["status"] == 503
    status, headers, body = server.get("/", page)
    assert status == 503 and b"Back in a moment" in body
    status, _, _ = server.request("POST", "/api/v1/cells", api, {"name": "Ghost", "kind": "dev"})
    assert status == 503

    proxy.restore()
    deadline = time.monotonic() + 30
    while (status := server.get("/api/v1/cells", api)[0]) != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == 200
    names = [c["name"] for c in json.loads(server.get("/api/v1/cells", api)[2])["items"]]
    assert "Ghost" not in names  # the write refused during the outage left nothing
    assert server.get("/", page)[0] == 200
