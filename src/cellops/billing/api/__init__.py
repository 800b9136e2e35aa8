"""Use cases of billing: the only door into `cellops.billing`.

Worklogs (time logged on tickets, one at a time or from a CSV export), the
monthly totals budgets read, SP-7 budgets. Every use case that writes takes
an `org.data.Actor` and decides who may through `org.policy` (issue #8).

A package of one module per area; this module only re-exports their public
names, so callers keep `from cellops.billing import api`:

- `worklogs`: logging time, a ticket's worklogs;
- `worklog_import`: the Jira/Tempo CSV import (its format is parsed by
  `billing.rules.worklog_csv`);
- `totals`: the sums of logged hours;
- `budgets`: SP-7 budgets and burn-chart days;
- `invoices`: SL-6 monthly invoices drafted from worklogs, sent, as CSV;
- `schedule`: the monthly drafting run queued once per first of the month.
"""

from cellops.billing.api._common import TotalKey, may_log_for_others
from cellops.billing.api.budgets import (
    BudgetDays,
    budget_days,
    budgets,
    budgets_at_risk,
    budgets_seen_by,
    budgets_shown_to,
)
from cellops.billing.api.invoices import (
    draft_invoices,
    draft_previous_month,
    get_invoice,
    invoice_csv,
    invoiced_month,
    list_invoices,
    send_invoice,
)
from cellops.billing.api.schedule import next_first, schedule_monthly_drafts
from cellops.billing.api.totals import (
    DailyKey,
    daily_logged,
    logged_by_account,
    logged_by_epic,
    move_ticket_time,
    rebuild_totals,
    worklog_span,
)
from cellops.billing.api.worklog_import import (
    DATE_FORMAT_NAMES,
    MAX_FILE_BYTES,
    csv_rows,
    import_worklogs,
    too_large,
)
from cellops.billing.api.worklogs import (
    HISTORY_ACTIONS,
    delete_worklog,
    full_names,
    get_worklog,
    is_locked,
    list_worklogs,
    log_work,
    update_worklog,
    worklog_history,
    worklogs_of,
    worklogs_seen_by,
)
from cellops.billing.data import Invoice, InvoiceLineDraft, InvoiceStatus, Worklog, WorklogLine

__all__ = [
    "DATE_FORMAT_NAMES",
    "HISTORY_ACTIONS",
    "MAX_FILE_BYTES",
    "BudgetDays",
    "DailyKey",
    "Invoice",
    "InvoiceLineDraft",
    "InvoiceStatus",
    "TotalKey",
    "Worklog",
    "WorklogLine",
    "budget_days",
    "budgets",
    "budgets_at_risk",
    "budgets_seen_by",
    "budgets_shown_to",
    "csv_rows",
    "daily_logged",
    "delete_worklog",
    "draft_invoices",
    "draft_previous_month",
    "full_names",
    "get_invoice",
    "get_worklog",
    "import_worklogs",
    "invoice_csv",
    "invoiced_month",
    "is_locked",
    "list_invoices",
    "list_worklogs",
    "log_work",
    "logged_by_account",
    "logged_by_epic",
    "may_log_for_others",
    "move_ticket_time",
    "next_first",
    "rebuild_totals",
    "schedule_monthly_drafts",
    "send_invoice",
    "too_large",
    "update_worklog",
    "worklog_history",
    "worklog_span",
    "worklogs_of",
    "worklogs_seen_by",
]
