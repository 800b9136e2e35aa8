"""Issue #14 item 10: the demo is a healthy agency with a few real problems to find, read
from the same read models the pages show (SP-6 capacity, SP-7 budgets, SP-10 spillover):
one overcommitted member, every other member's work fitting their hours; one budget at
risk, one over, every other fine; one ticket spilled over."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cellops.billing import api as billing_api
from cellops.billing.data import BudgetStatus
from cellops.org import api as org_api
from cellops.sprints import api as sprints_api
from cellops.sprints.data import CapacityStatus

pytestmark = pytest.mark.django_db


def test_item_10_the_demo_has_one_overcommitted_member_one_budget_at_risk_one_over_one_spillover():
    call_command("demo", stdout=StringIO())
    today = date.today()
    loads = {}
    for cell in org_api.list_cells():
        current = sprints_api.current_sprint(cell.name, today)
        for load in sprints_api.capacity(cell.name, current):
            loads[load.member] = load
    # The candidate hired in the demo's round (Kenji) starts on the next sprint's first
    # day: he has no hours in this one (SP-6), and nothing committed, so he is ok too.
    assert (loads["kenji"].available_hours, loads["kenji"].status) == (0, CapacityStatus.OK)
    statuses = Counter(load.status for load in loads.values())
    assert statuses[CapacityStatus.OVERCOMMITTED] == 1
    assert [m for m, load in loads.items() if load.status != CapacityStatus.OK] == ["dmitri"]
    assert len(loads) >= 25  # every active member of every cell, the business cell's too
    compass = sprints_api.capacity("Compass", sprints_api.current_sprint("Compass", today))
    assert {load.available_hours for load in compass} == {38}  # one-week sprints (SP-1)

    budgets = billing_api.budgets(f"{today:%Y-%m}")
    by_status = Counter(b.status for b in budgets)
    assert [b.name for b in budgets if b.status == BudgetStatus.AT_RISK] == ["HED-2"]
    assert [b.name for b in budgets if b.status == BudgetStatus.OVER] == ["AFF-1"]
    assert by_status[BudgetStatus.OK] == len(budgets) - 2 >= 10
    over = next(b for b in budgets if b.name == "AFF-1")
    assert over.logged_hours + over.planned_hours < over.budget_hours * 2  # over, believably

    spilled = []
    for cell in org_api.list_cells():
        previous = sprints_api.current_sprint(cell.name, today) - 1
        record = sprints_api.sprint_record(cell.name, previous)
        assert record.completed_at is not None, cell.name
        spilled += [(cell.name, key, member) for key, member in record.spillover]
    assert len(spilled) == 1 and spilled[0][0] == "Falcon"
