"""Use cases of sprints: the only door into `cellops.sprints`.

Tickets (SP-2, SP-5 people, SP-8 insertion, SP-9 statuses, with history and
409 on stale writes), estimation (SP-3), capacity (SP-6, availability from
`time_off.api`), readiness and start (SP-4, SP-5), completion (SP-10) and
the hours planned that budgets (SP-7, in `billing.api`) read. The rituals
(SP-13 to SP-16) are `cellops.rituals.api`.

A package of one module per area; this module only re-exports their public
functions, so callers keep `from cellops.sprints import api`.
"""

from cellops.sprints.api._common import (
    current_sprint,
    may_manage,
    require_worker,
    sprint_dates,
    sprint_id,
    sprint_record,
)
from cellops.sprints.api.consequences import early_completion, early_start, start_snapshot
from cellops.sprints.api.estimation_sessions import (
    close_estimation,
    estimation,
    estimation_state,
    may_vote,
    open_estimation,
    vote,
)
from cellops.sprints.api.followups import confirm_replacement, pull_stretch
from cellops.sprints.api.home import needs_of
from cellops.sprints.api.lifecycle import (
    SPILLOVER_REASON_LIMIT,
    complete,
    completion,
    give_spillover_reason,
    make_sprint_checklists,
    may_give_spillover_reason,
    start,
)
from cellops.sprints.api.overview import cell_loads
from cellops.sprints.api.pages import (
    board,
    capacity_details,
    member_names,
    readiness,
    reassignments,
)
from cellops.sprints.api.planning import capacity, planned_hours
from cellops.sprints.api.schedule import complete_on_schedule, notify_gaps, start_on_schedule
from cellops.sprints.api.ticket_comments import COMMENT_LIMIT, add_comment, comments
from cellops.sprints.api.ticket_import import MAX_BACKLOG_BYTES, import_tickets, tickets_csv
from cellops.sprints.api.tickets import (
    EDITABLE,
    check_key,
    create_ticket,
    get_ticket,
    insertion_cutoff,
    key_problem,
    list_tickets,
    ticket_cells,
    ticket_history,
    ticket_refs,
    update_ticket,
)
from cellops.sprints.data import (
    Board,
    CapacityDetail,
    Card,
    CountedHours,
    TicketComment,
)

__all__ = [
    "COMMENT_LIMIT",
    "EDITABLE",
    "MAX_BACKLOG_BYTES",
    "SPILLOVER_REASON_LIMIT",
    "Board",
    "CapacityDetail",
    "Card",
    "CountedHours",
    "TicketComment",
    "add_comment",
    "board",
    "capacity",
    "capacity_details",
    "cell_loads",
    "check_key",
    "close_estimation",
    "comments",
    "complete",
    "complete_on_schedule",
    "completion",
    "confirm_replacement",
    "create_ticket",
    "current_sprint",
    "early_completion",
    "early_start",
    "estimation",
    "estimation_state",
    "get_ticket",
    "give_spillover_reason",
    "import_tickets",
    "insertion_cutoff",
    "key_problem",
    "list_tickets",
    "make_sprint_checklists",
    "may_give_spillover_reason",
    "may_manage",
    "may_vote",
    "member_names",
    "needs_of",
    "notify_gaps",
    "open_estimation",
    "planned_hours",
    "pull_stretch",
    "readiness",
    "reassignments",
    "require_worker",
    "sprint_dates",
    "sprint_id",
    "sprint_record",
    "start",
    "start_on_schedule",
    "start_snapshot",
    "ticket_cells",
    "ticket_history",
    "ticket_refs",
    "tickets_csv",
    "update_ticket",
    "vote",
]
