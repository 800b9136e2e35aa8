"""The bad-input suite: every door gets huge, negative, out-of-range, malformed,
non-UTF-8, NUL, deeply nested and odd-Unicode input, and must refuse it cleanly.

The doors are enumerated, not listed by hand: API operations from the OpenAPI
schema, pages from the URL configuration, commands from the management
commands of cellops' apps. Each throw is counted per door; the counts are
printed at the end of the run ("bad-input suite threw …").
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.test import Client

from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, MemberStatus, Role
from cellops.platform import api as core_api
from cellops.sprints import api as sprints_api

THROWN: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter):
    if THROWN:
        counts = ", ".join(f"{door} {n}" for door, n in sorted(THROWN.items()))
        terminalreporter.write_line(f"bad-input suite threw: {counts}")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Commands like ensure_admin hash a password per run: not the point here, and slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db, django_user_model):
    """A cell, a member holding a role, and an administrator; returns the admin."""
    # No password: hashing one costs more than the whole test (bearer token and force_login).
    admin = django_user_model.objects.create_superuser("fuzzer", "fuzz@example.com", None)
    org_api.create_cell(Actor.system("test"), "Falcon", CellKind.DEV)
    org_api.create_member(
        Actor.system("test"),
        username="ada",
        first_name="Ada",
        last_name="L",
        email="ada@example.com",
        cell="Falcon",
        status=MemberStatus.CORE,
        start_date=date(2026, 3, 4),
    )
    org_api.assign_role(
        Actor.system("test"), member="ada", role=Role.CORE_COMMITTER, start=date(2026, 1, 5)
    )
    org_api.create_client(Actor.system("test"), "Acme")
    org_api.create_account(Actor.system("test"), "Kestrel", client="Acme")
    ticket = sprints_api.create_ticket(
        Actor.system("test"), title="A ticket to aim at", cell="Falcon", account="Kestrel"
    )
    PATH_VALUES["key"] = ticket.key
    return admin


# Path values that name the fixture's objects, by parameter name; others get 1 or "x".
PATH_VALUES: dict[str, str] = {
    "cell": "Falcon",
    "name": "Falcon",
    "username": "ada",
    "member": "ada",
    "number": "1",
}


@pytest.fixture
def admin_client(organisation) -> Client:
    """A test client sending the administrator's bearer token: every operation is reachable."""
    token = core_api.create_token(Actor.system(), username=organisation.username).secret
    return Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)


@pytest.fixture
def admin_browser(organisation) -> Client:
    """A test client logged in as the administrator, like a browser (CSRF checks on)."""
    client = Client(raise_request_exception=False)
    client.force_login(organisation)
    return client
