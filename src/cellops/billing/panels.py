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
from cellops.org.data import Actor


def planning_budgets(
    actor: Actor, sprint_start: date
) -> tuple[list[dict[str, Any]] | None, list | None]:
    """The budget lines (with their status words and chips) and burn charts of the month the
    sprint starts in; (None, None) for someone who may not see client budgets."""
    # Client budgets are private (SP-7 figures and their burn charts alike).
    month = f"{sprint_start:%Y-%m}"
    items = api.budgets_shown_to(actor, month)
    if items is None:
        return None, None
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


#: Budgets on one page of the planning dashboard's "whole organisation" (decision 0036).
BUDGETS_PER_PAGE = 20


def planning_panel(
    actor: Actor,
    sprint_start: date,
    *,
    accounts: frozenset[str] | None = None,
    epics: frozenset[str] | None = None,
    page: int = 1,
    per_page: int = BUDGETS_PER_PAGE,
) -> dict[str, Any] | None:
    """The planning page's SP-7 panel, sized for the person (decision 0036): the budget lines
    and burn charts of `accounts` and `epics` (the cell's own; None: the whole organisation,
    `per_page` at a time, page `page`). None for someone who may not see client budgets.

    Keys: `budgets`, `burns` (the lines and charts shown), `total` (budgets in scope),
    `page`, `pages`."""
    month = f"{sprint_start:%Y-%m}"
    items = api.budgets_shown_to(actor, month)
    if items is None:
        return None
    if accounts is not None or epics is not None:
        items = [
            i
            for i in items
            if (i.kind == "account" and i.name in (accounts or ()))
            or (i.kind == "epic" and i.name in (epics or ()))
        ]
    total = len(items)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    if accounts is None and epics is None:
        items = items[(page - 1) * per_page : page * per_page]
    days = api.budget_days(month, only=[(i.kind, i.name) for i in items])
    today = date.today()
    return {
        "budgets": [
            {
                "item": i,
                "label": charts.BUDGET_LABELS[i.status],
                "chip": charts.BUDGET_CHIPS[i.status],
            }
            for i in items
        ],
        "burns": [
            charts.burn_chart(
                i,
                days.get((i.kind, i.name), (Decimal(0), ()))[1],
                today,
                sprint_start,
                baseline=days.get((i.kind, i.name), (Decimal(0), ()))[0],
            )
            for i in items
        ],
        "total": total,
        "page": page,
        "pages": pages,
    }


def burn(actor: Actor, sprint_start: date, kind: str, name: str) -> Any | None:
    """One budget's burn chart (with its figures) of the sprint's month; None when there is
    no such budget or `actor` may not see client budgets."""
    month = f"{sprint_start:%Y-%m}"
    items = api.budgets_shown_to(actor, month)
    if items is None:
        return None
    item = next((i for i in items if (i.kind, i.name) == (kind, name)), None)
    if item is None:
        return None
    baseline, daily = api.budget_days(month, only=[(kind, name)]).get(
        (kind, name), (Decimal(0), ())
    )
    return charts.burn_chart(item, daily, date.today(), sprint_start, baseline=baseline)
