"""Pure rules of billing: SP-7 budget status, SL-6 invoices, and the worklog CSV format.

A package of one module per area; this module re-exports their names, so
callers keep `from cellops.billing import rules`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from cellops.billing.data import DEFAULT_BUDGET_POLICY, BudgetPolicy, BudgetStatus
from cellops.billing.rules.csv_dates import DATE_FORMAT_NAMES, DateFormat, date_format, read_day
from cellops.billing.rules.invoices import amount, invoice_lines, invoice_number, total
from cellops.billing.rules.worklog_csv import (
    COLUMNS,
    IMPORT_BATCH,
    IMPORT_CACHE_SIZE,
    MAX_FILE_BYTES,
    MAX_HOURS,
    MAX_LINE_CHARS,
    MAX_REPORTED_BAD,
    MEMBER_COLUMNS,
    NUL,
    REQUIRED,
    map_columns,
    parse_rows,
)

__all__ = [
    "COLUMNS",
    "DATE_FORMAT_NAMES",
    "IMPORT_BATCH",
    "IMPORT_CACHE_SIZE",
    "MAX_FILE_BYTES",
    "MAX_HOURS",
    "MAX_LINE_CHARS",
    "MAX_REPORTED_BAD",
    "MEMBER_COLUMNS",
    "NUL",
    "REQUIRED",
    "DateFormat",
    "amount",
    "budget_status",
    "date_format",
    "invoice_lines",
    "invoice_number",
    "map_columns",
    "parse_rows",
    "read_day",
    "total",
]


# SP-7 (moved from sprints.rules, decision 0023) -------------------------------------------------------------------


def budget_status(
    budget: Decimal, logged: Decimal, planned: Decimal, policy: BudgetPolicy = DEFAULT_BUDGET_POLICY
) -> BudgetStatus:
    """SP-7: ok when logged + planned ≤ 90 % of the budget, at risk ≤ 100 %, over beyond.

    Compared exactly, so 90.00 h of a 100 h budget is still ok. A budget of
    0 h is ok with no hours and over with any. Negative figures raise
    ValueError.
    """
    if min(budget, logged, planned) < 0:
        raise ValueError("a budget, logged and planned hours cannot be negative")
    used, limit = Fraction(logged) + Fraction(planned), Fraction(budget)
    if used <= limit * policy.ok_ratio:
        return BudgetStatus.OK
    if used <= limit * policy.at_risk_ratio:
        return BudgetStatus.AT_RISK
    return BudgetStatus.OVER
