"""Fuzzing the whole OpenAPI schema: no input a client can send gives a server error.

schemathesis generates valid and invalid requests (positive and negative
data) for every operation of the schema served at /api/v1/openapi.json and
sends them to the real WSGI application, with an administrator's token so
every operation is reachable. Every check runs — no server error, status
codes, content types, response headers and bodies conforming to the schema,
negative data refused — but one: `positive_data_acceptance` expects every
schema-valid request to succeed, while API.md makes a handbook rule's
refusal, a duplicate name or an unknown member named in a body a 422.

A stateful test then chains operations through the links schemathesis infers
from the schema (a created object's name or id fed to the operations that
take it), in short bounded scenarios.
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, MemberStatus, Role
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
    # No password: hashing one costs more than the whole test (the token is what is used).
    admin = django_user_model.objects.create_superuser("fuzzer", "fuzz@example.com", None)
    org_api.create_cell(Actor.system("test"), "Falcon", CellKind.DEV)
    org_api.create_member(
        Actor.system("test"),
        username="ada",
        first_name="Ada",
        last_name="L",
        email="ada@example.com",
        cell="Falcon",
        status=MemberStatus.NEWCOMER,
        start_date=date(2026, 3, 4),
    )
    org_api.assign_role(
        Actor.system("test"), member="ada", role=Role.CORE_COMMITTER, start=date(2026, 1, 5)
    )
    return {
        "Authorization": f"Bearer {core_api.create_token(Actor.system(), username=admin.username).secret}"
    }


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_a_server_error(case, admin_headers):
    """Whatever the body, query or path, the API answers below 500, as its schema says."""
    case.call_and_validate(headers=admin_headers, excluded_checks=EXCLUDED)


EXCLUDED = [positive_data_acceptance]
STATEFUL = settings(
    max_examples=15,
    stateful_step_count=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


def test_the_schema_links_operations_for_stateful_testing():
    """The inferred links chain creations to the operations that use what they made."""
    schema.as_state_machine()
    assert schema.statistic.transitions.total >= 10


def test_chained_operations_answer_as_the_schema_says(admin_headers):
    """Scenarios of linked calls: every answer conforms, none is a server error."""
    machine = schema.as_state_machine()

    class Machine(machine):
        def setup(self):
            # Each scenario starts from the same data: what one scenario made is rolled
            # back, so Hypothesis replaying a scenario gets the same answers (otherwise
            # its generation depends on earlier scenarios and it reports it as flaky).
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": admin_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                excluded_checks=EXCLUDED,
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs,
            )

    Machine.run(settings=STATEFUL)
