"""Fuzzing the whole OpenAPI schema: no input a client can send gives a server error.

schemathesis generates valid and invalid requests for every operation of the
schema served at /api/v1/openapi.json and sends them to the real WSGI
application, with an administrator's token so every operation is reachable.
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from cellops.org import api as org_api
from cellops.org.data import CellKind, MemberStatus, Role
from cellops.platform import api as core_api
from cellops.site.api_v1 import api

# The time-off import takes an iCalendar body: send generated text as it is.
schemathesis.serializer.alias("text/calendar", "text/plain")
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = WSGIHandler()


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: requests must not close the test's database connection.

    The WSGI handler closes old connections when a request finishes; inside a
    test that would close the connection holding the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(db, django_user_model, keep_test_connection):
    """An organisation with a little data, and an administrator's bearer token."""
    admin = django_user_model.objects.create_superuser(
        "fuzzer", "fuzz@example.com", "fuzz-password-123"
    )
    org_api.create_cell("test", "Falcon", CellKind.DEV)
    org_api.create_member(
        "test",
        username="ada",
        first_name="Ada",
        last_name="L",
        email="ada@example.com",
        cell="Falcon",
        status=MemberStatus.NEWCOMER,
        start_date=date(2026, 3, 4),
    )
    org_api.assign_role("test", member="ada", role=Role.CORE_COMMITTER, start=date(2026, 1, 5))
    return {"Authorization": f"Bearer {core_api.create_token(admin.username).secret}"}


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_a_server_error(case, admin_headers):
    """Whatever the body, query or path, the API answers below 500."""
    case.call_and_validate(headers=admin_headers, checks=[not_a_server_error])
