"""The planning page reads the burn figures of the budgets it shows only (decision 0036):
the same figures for those as reading the whole organisation's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cellops.billing import api
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus
from cellops.sprints import api as sprints_api

pytestmark = pytest.mark.django_db


def test_budget_days_of_some_budgets_equal_their_figures_among_all(make_member):
    make_member("ada", cell="Falcon")
    make_member("bob", cell="Falcon")
    for name in ("Hedera", "Ivy", "Juniper"):
        org_api.create_account(Actor.system("test"), name, None, Decimal(100))
    org_api.create_epic(
        Actor.system("test"),
        key="IVY-1",
        title="e",
        account="Ivy",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
        budget_hours=Decimal(50),
    )
    today = date.today()
    number = org_api.sprint_calendar().for_date(today).number + 2
    for n, (account, epic) in enumerate(
        [("Hedera", None), ("Ivy", "IVY-1"), ("Juniper", None), ("Hedera", None)]
    ):
        key = sprints_api.create_ticket(
            Actor.system("test"),
            key=f"S-{n}",
            title="t",
            cell="Falcon",
            account=account,
            epic=epic,
            sprint=number,
            assignee="ada",
            reviewer="bob",
        ).key
        api.log_work(
            Actor.system("system"), ticket=key, member="ada", day=today, hours=Decimal(n + 1)
        )
    month = f"{today:%Y-%m}"
    everything = api.budget_days(month)
    wanted = [("account", "Hedera"), ("epic", "IVY-1")]
    some = api.budget_days(month, only=wanted)
    assert {k: some[k] for k in wanted} == {k: everything[k] for k in wanted}
    assert everything[("account", "Hedera")][1] == ((today, Decimal(5)),)
    assert ("account", "Juniper") not in some  # not read at all
