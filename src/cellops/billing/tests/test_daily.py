"""Hours logged per day for the SP-7 burn charts, from real worklogs, in one query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cellops.billing import api
from cellops.billing.tests.factories import TicketFactory, WorklogFactory
from cellops.org.data import EpicStatus
from cellops.org.tests.factories import AccountFactory, EpicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(make_member):
    """Two accounts; FALC-1 and FALC-2 in epic HED-1 of Hedera, FALC-3 of Hedera without one,
    OAK-1 of Oak; worklogs in February, March and April 2026."""
    make_member("ada", cell="Falcon")
    make_member("bob", cell="Falcon")
    hedera = AccountFactory(name="Hedera LMS", monthly_budget_hours=Decimal(100))
    oak = AccountFactory(name="Oak Press", monthly_budget_hours=Decimal(40))
    epic = EpicFactory(
        key="HED-1",
        title="Catalogue",
        account=hedera,
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
        budget_hours=Decimal(300),
    )
    for key, account, in_epic in (
        ("FALC-1", hedera, epic),
        ("FALC-2", hedera, epic),
        ("FALC-3", hedera, None),
        ("OAK-1", oak, None),
    ):
        TicketFactory(key=key, title=key, account=account, epic=in_epic)
    for ticket, member, day, hours in (
        ("FALC-1", "ada", date(2026, 2, 27), "5"),  # before March
        ("FALC-1", "ada", date(2026, 3, 2), "2"),
        ("FALC-1", "bob", date(2026, 3, 2), "1.5"),  # same day, another member
        ("FALC-2", "ada", date(2026, 3, 2), "3"),  # same day and epic, another ticket
        ("FALC-3", "bob", date(2026, 3, 2), "4"),  # same account, no epic
        ("FALC-2", "bob", date(2026, 3, 31), "0.25"),  # last day of March
        ("OAK-1", "ada", date(2026, 3, 1), "6"),  # first day of March
        ("OAK-1", "ada", date(2026, 4, 1), "7"),  # after March
    ):
        WorklogFactory(actor="system", ticket=ticket, member=member, day=day, hours=Decimal(hours))


def test_SP_7_hours_per_day_are_summed_per_account_and_per_epic_within_the_month(work):
    """Each account gets every ticket's hours of a day; each epic its tickets' hours; only March."""
    daily = api.daily_logged(date(2026, 3, 1), date(2026, 3, 31))
    assert daily == {
        ("account", "Hedera LMS"): [
            (date(2026, 3, 2), Decimal("10.50")),
            (date(2026, 3, 31), Decimal("0.25")),
        ],
        ("epic", "HED-1"): [
            (date(2026, 3, 2), Decimal("6.50")),
            (date(2026, 3, 31), Decimal("0.25")),
        ],
        ("account", "Oak Press"): [(date(2026, 3, 1), Decimal(6))],
    }


def test_SP_7_the_days_add_up_to_the_monthly_totals_budgets_read(work):
    """Summed over the month, the daily hours equal the kept monthly totals of each account."""
    daily = api.daily_logged(date(2026, 3, 1), date(2026, 3, 31))
    sums = {
        name: sum(h for _, h in days) for (kind, name), days in daily.items() if kind == "account"
    }
    assert sums == api.logged_by_account(date(2026, 3, 1), date(2026, 3, 31))


def test_SP_7_daily_hours_are_one_query_however_many_worklogs(work):
    """One aggregate query: grouped rows, not one row per worklog."""
    with CaptureQueriesContext(connection) as captured:
        api.daily_logged(date(2026, 3, 1), date(2026, 3, 31))
    assert len(captured) == 1
    assert "GROUP BY" in captured[0]["sql"].upper()


def test_SP_7_an_epics_hours_before_a_month_come_from_the_earlier_months_only(work):
    """`logged_by_epic(before=…)`: February's 5 h, not March's or later."""
    assert api.logged_by_epic(before=date(2026, 3, 15)) == {"HED-1": Decimal(5)}
    assert api.logged_by_epic() == {"HED-1": Decimal("11.75")}
    assert api.logged_by_epic(before=date(2026, 2, 1)) == {}
