"""Use cases of sales: the only door into `cellops.sales`.

- `leads`: the lead rubric (SL-1) scores seven factors and refuses, all at
  once, every factor that is missing, not an integer or outside 0–2; a lead's
  scores are kept as its history, each with its stage. The handbook check
  (SL-2) recomputes the handbook's three worked examples with the rubric.
- `lifecycle`: the eight stages and their gates (SL-3), the blueprint, the
  proposal and its quote lines, the close checklist, the epic on acceptance
  (SL-5).

Every use case that writes takes an `org.data.Actor` and authorises through
`org.policy`; functions take and return plain values (`cellops.sales.data`),
write inside a transaction and leave an audit entry.
"""

from cellops.sales.api.leads import (
    CONTACT_MAX,
    NAME_MAX,
    SCORERS,
    check_report,
    compare_rows,
    count_leads,
    create_lead,
    get_lead,
    handbook_check,
    lead_history,
    list_leads,
    needs_of,
    require_sales,
    rubric,
    score,
    score_lead,
    scores_from_text,
    verdict,
)
from cellops.sales.api.lifecycle import (
    CLOSE_STEPS,
    accept_proposal,
    advance,
    board,
    deliver_proposal,
    lead_detail,
    make_proposal,
    mark_lost,
    move_back,
    save_blueprint,
    set_close_steps,
    update_lead,
)
from cellops.sales.api.meetings import (
    OpenFollowUp,
    agenda,
    client_checklists,
    finish_follow_up,
    meeting,
    open_follow_ups,
    prepare_meeting,
    record_meeting,
    shows_rates,
    start_client_checklist,
    tick_agenda,
)
from cellops.sales.api.reports import BANDS as REPORT_BANDS
from cellops.sales.api.reports import SalesReport, sales_report

__all__ = [
    "CLOSE_STEPS",
    "CONTACT_MAX",
    "NAME_MAX",
    "REPORT_BANDS",
    "SCORERS",
    "OpenFollowUp",
    "SalesReport",
    "accept_proposal",
    "advance",
    "agenda",
    "board",
    "check_report",
    "client_checklists",
    "compare_rows",
    "count_leads",
    "create_lead",
    "deliver_proposal",
    "finish_follow_up",
    "get_lead",
    "handbook_check",
    "lead_detail",
    "lead_history",
    "list_leads",
    "make_proposal",
    "mark_lost",
    "meeting",
    "move_back",
    "needs_of",
    "open_follow_ups",
    "prepare_meeting",
    "record_meeting",
    "require_sales",
    "rubric",
    "sales_report",
    "save_blueprint",
    "score",
    "score_lead",
    "scores_from_text",
    "set_close_steps",
    "shows_rates",
    "start_client_checklist",
    "tick_agenda",
    "update_lead",
    "verdict",
]
