"""The SP-7 panel of the sprint planning page: budget lines and burn charts of the sprint's month.

The planning page is sprints', the budgets are billing's: sprints calls this
through `sprints.extensions`, handed over by `BillingConfig.ready`, so the
import runs one way (billing → sprints; decision 0023). Moved from
`sprints.views._planning_context`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cellops.billing import api, charts
from cellops.org import api as org_api
from cellops.org.policy import Permission


def planning_budgets(user, sprint_start: date) -> tuple[list[dict[str, Any]] | None, list | None]:
    """The budget lines (with their status words and chips) and burn charts of the month the
    sprint starts in; (None, None) for someone who may not see client budgets."""
    # Client budgets are private (SP-7 figures and their burn charts alike).
    if not org_api.can(user, Permission.VIEW_CLIENT_BUDGETS):
        return None, None
    month = f"{sprint_start:%Y-%m}"
    items = api.budgets(month)
    budgets = [
        {"item": i, "label": charts.BUDGET_LABELS[i.status], "chip": charts.BUDGET_CHIPS[i.status]}
        for i in items
    ]
    days = api.budget_days(month)
    today = date.today()
    burns = []
    for item in items:
        baseline, daily = days.get((item.kind, item.name), (Decimal(0), ()))
        burns.append(charts.burn_chart(item, daily, today, sprint_start, baseline=baseline))
    return budgets, burns
