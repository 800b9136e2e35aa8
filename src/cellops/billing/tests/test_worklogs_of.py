"""`billing.api.worklogs_of`: a ticket's worklogs as plain values, in one query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cellops.billing import api
from cellops.billing.tests.factories import TicketFactory, WorklogFactory
from cellops.kernel.violations import NotFound
from cellops.org.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(make_member):
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    hedera = AccountFactory(name="Hedera LMS")
    one = TicketFactory(title="One", account=hedera).key
    two = TicketFactory(title="Two", account=hedera).key
    return one, two


def test_a_tickets_worklogs_come_newest_first_with_names_in_one_query(tickets):
    """Only that ticket's worklogs, newest day first, each with the member's full name."""
    one, two = tickets
    WorklogFactory(ticket=one, member="ada", day=date(2026, 3, 2), hours=Decimal("1.5"))
    WorklogFactory(ticket=one, member="bob", day=date(2026, 3, 4), hours=Decimal(2), note="x")
    WorklogFactory(ticket=two, member="bob", day=date(2026, 3, 3), hours=Decimal(7))
    with CaptureQueriesContext(connection) as queries:
        lines = api.worklogs_of(one)
    assert len(queries) == 1
    assert [(w.date, w.member, w.name, w.hours, w.note) for w in lines] == [
        (date(2026, 3, 4), "bob", "Bob Marley", Decimal("2.00"), "x"),
        (date(2026, 3, 2), "ada", "Ada Lovelace", Decimal("1.50"), ""),
    ]


def test_a_ticket_without_worklogs_has_none_and_an_unknown_key_is_not_found(tickets):
    """[] for an existing ticket; NotFound naming `key` for a key nobody has."""
    one, _ = tickets
    assert api.worklogs_of(one) == []
    with pytest.raises(NotFound) as missing:
        api.worklogs_of("NOPE-1")
    assert missing.value.field == "key"
