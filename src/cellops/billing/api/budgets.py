"""SP-7 budgets (moved from sprints.api, decision 0023): logged and planned hours
against each account's monthly budget and each epic's, and the days of a burn chart."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from cellops.billing import rules
from cellops.billing.api.totals import daily_logged, logged_by_account, logged_by_epic
from cellops.billing.data import BudgetItem, BudgetStatus
from cellops.kernel.bounds import OutOfRange, month_bounds
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import Permission, allows
from cellops.sprints import api as sprints_api


def _month_bounds(month: str) -> tuple[date, date]:
    try:
        return month_bounds(month)
    except OutOfRange as exc:
        raise InvalidInput("month", str(exc)) from exc


def budgets_seen_by(actor: Actor, month: str) -> list[BudgetItem]:
    """`budgets`, for who may see client budgets (VIEW_CLIENT_BUDGETS); PermissionDenied
    otherwise (decision 0045)."""
    org_api.check(actor, Permission.VIEW_CLIENT_BUDGETS)
    return budgets(month)


def budgets_shown_to(actor: Actor, month: str) -> list[BudgetItem] | None:
    """`budgets`, or None for who may not see client budgets (VIEW_CLIENT_BUDGETS): the
    sprint planning page leaves its SP-7 panel out for them (decision 0045)."""
    if not allows(actor, Permission.VIEW_CLIENT_BUDGETS):
        return None
    return budgets(month)


def budgets_at_risk(actor: Actor, today: date) -> list[BudgetItem] | None:
    """The home page's agency overview (issue #14 item 13): this month's budgets that are
    `over`, then `at risk`, fullest first; None for who may not see client budgets
    (VIEW_CLIENT_BUDGETS)."""
    shown = budgets_shown_to(actor, today.strftime("%Y-%m"))
    if shown is None:
        return None
    order = {BudgetStatus.OVER: 0, BudgetStatus.AT_RISK: 1}

    def fullness(b: BudgetItem) -> Decimal:
        used = b.logged_hours + b.planned_hours
        return used / b.budget_hours if b.budget_hours else Decimal("Infinity")

    return sorted(
        (b for b in shown if b.status in order),
        key=lambda b: (order[b.status], -fullness(b), b.kind, b.name),
    )


def budgets(month: str) -> list[BudgetItem]:
    """SP-7: each account with a monthly budget and each epic with a budget: logged, planned, status."""
    first, last = _month_bounds(month)
    planned_by_account, planned_by_epic = sprints_api.planned_hours(first, last)
    logged_by_accounts = logged_by_account(first, last)
    logged_by_epics = logged_by_epic()
    items = []
    for account in org_api.list_accounts(show_money=True):
        if account.monthly_budget_hours is None:
            continue
        logged = logged_by_accounts.get(account.name, Decimal(0))
        planned = planned_by_account.get(account.name) or Decimal(0)
        items.append(
            BudgetItem(
                "account",
                account.name,
                account.monthly_budget_hours,
                logged,
                planned,
                rules.budget_status(account.monthly_budget_hours, logged, planned),
            )
        )
    for epic in org_api.list_epics(show_money=True):
        if epic.budget_hours is None:
            continue
        logged = logged_by_epics.get(epic.key, Decimal(0))
        planned = planned_by_epic.get(epic.key) or Decimal(0)
        items.append(
            BudgetItem(
                "epic",
                epic.key,
                epic.budget_hours,
                logged,
                planned,
                rules.budget_status(epic.budget_hours, logged, planned),
            )
        )
    return items


BudgetDays = tuple[Decimal, tuple[tuple[date, Decimal], ...]]


def budget_days(
    month: str, only: Iterable[tuple[str, str]] | None = None
) -> dict[tuple[str, str], BudgetDays]:
    """SP-7 burn charts: per ``(kind, name)`` of `budgets`, the hours counted before the month
    and the hours logged on each day of it (days without time left out).

    An account's budget is monthly, so nothing before the month counts; an
    epic's is for its whole life, so its line starts at what was logged in
    the months before. Two queries, whatever the number of worklogs.
    """
    first, last = _month_bounds(month)
    if only is None:
        daily = daily_logged(first, last)
    else:  # only these `(kind, name)` are read (the ones a page shows); others may be partial
        wanted = set(only)
        daily = daily_logged(
            first,
            last,
            accounts={n for k, n in wanted if k == "account"},
            epics={n for k, n in wanted if k == "epic"},
        )
    before = logged_by_epic(before=first)
    keys = daily.keys() | {("epic", key) for key in before}
    return {
        (kind, name): (
            before.get(name, Decimal(0)) if kind == "epic" else Decimal(0),
            tuple(daily.get((kind, name), ())),
        )
        for kind, name in keys
    }
