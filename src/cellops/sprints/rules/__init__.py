"""Sprint rules (SP-1 to SP-11), as pure functions.

- SP-1: the sprint calendar's deadlines (insertion cut-off on day 10, close
  of estimation on day 11 of the sprint before, both at EOD = 24:00 UTC);
- SP-2 / SP-3: story points on the scale, votes, the estimate of a ticket
  (median rounded up to the scale, "discuss" when votes are far apart);
- SP-4: the tentative assignee becomes the assignee at sprint start;
- SP-5: the gaps that keep a sprint from starting;
- SP-6: available and committed hours, over- and under-commitment;
- SP-8: task insertion after the cut-off (replacement or stretch goal);
- SP-9 / SP-10: statuses, spillover and clean sprints;
- SP-7: which tickets and sprints count as planned hours for budgets;
- SP-11: tickets at risk at mid-sprint, and why;
- issue #15: a Jira backlog CSV read (statuses mapped to SP-9) and written;
- TO-7: a ticket whose assignee or reviewer is away the whole sprint.

The rituals' rules (SP-13 to SP-16) are `cellops.rituals.rules`.

Checks return every `Violation` they find (never stop at the first), each
naming its rule and saying what to do instead; computations return values
from `cellops.sprints.data`. Pure Python (standard library, this app's
`data` and the shared kernel), so the rules are fast to test and can be read
next to the handbook. Every public function takes the `SprintPolicy` last,
even when the handbook gives it no number to use, so callers can pass it
uniformly.

A package of one module per area (pure, like the whole package); this
module re-exports every rule, so callers keep `from cellops.sprints import rules`.
"""

from cellops.sprints.rules._common import (
    SP_1_CALENDAR,
    SP_2_STORY_POINTS,
    SP_3_ESTIMATION,
    SP_4_TENTATIVE_ASSIGNEE,
    SP_5_READINESS,
    SP_6_CAPACITY,
    SP_7_BUDGETS,
    SP_8_INSERTION,
    SP_9_STATUSES,
    SP_10_SPILLOVER,
    SP_11_AT_RISK,
    WF_2_TICKET_ID,
    end_of_day,
    hours_in_words,
)
from cellops.sprints.rules.backlog_csv import (
    BACKLOG_COLUMNS,
    EXPORT_COLUMNS,
    parse_backlog,
    status_map,
    write_backlog_csv,
)
from cellops.sprints.rules.estimation import (
    check_points,
    check_vote,
    estimate,
    estimation_closed,
    estimation_closes_at,
    estimation_deadline,
    member_done,
    parse_vote,
    round_up_to_scale,
)
from cellops.sprints.rules.lifecycle import (
    SprintState,
    check_earlier_open,
    check_early_completion,
    check_early_start,
    current_sprint,
    days_early,
)
from cellops.sprints.rules.planning import (
    assignee_at_start,
    available_hours,
    capacity_status,
    check_ticket_people,
    committed_hours,
    completion_due,
    counts_as_planned,
    gap_recipients,
    hours_from_start,
    member_capacity,
    planned_sprints,
    readiness_gaps,
    review_hours,
    review_hours_for_points,
    start_due,
    unestimated,
)
from cellops.sprints.rules.tickets import (
    at_risk,
    at_risk_reason,
    can_pull_stretch,
    check_insertion,
    check_status,
    clean_sprint,
    insertion_cutoff,
    is_open,
    is_ticket_key,
    key_number,
    key_prefix,
    key_problem,
    next_key,
    reassignment_reason,
    remaining_after_log,
    repaired_keys,
    risk_checked,
    spillover,
    tickets_to_move,
)

__all__ = [
    "BACKLOG_COLUMNS",
    "EXPORT_COLUMNS",
    "SP_1_CALENDAR",
    "SP_2_STORY_POINTS",
    "SP_3_ESTIMATION",
    "SP_4_TENTATIVE_ASSIGNEE",
    "SP_5_READINESS",
    "SP_6_CAPACITY",
    "SP_7_BUDGETS",
    "SP_8_INSERTION",
    "SP_9_STATUSES",
    "SP_10_SPILLOVER",
    "SP_11_AT_RISK",
    "WF_2_TICKET_ID",
    "SprintState",
    "assignee_at_start",
    "at_risk",
    "at_risk_reason",
    "available_hours",
    "can_pull_stretch",
    "capacity_status",
    "check_earlier_open",
    "check_early_completion",
    "check_early_start",
    "check_insertion",
    "check_points",
    "check_status",
    "check_ticket_people",
    "check_vote",
    "clean_sprint",
    "committed_hours",
    "completion_due",
    "counts_as_planned",
    "current_sprint",
    "days_early",
    "end_of_day",
    "estimate",
    "estimation_closed",
    "estimation_closes_at",
    "estimation_deadline",
    "gap_recipients",
    "hours_from_start",
    "hours_in_words",
    "insertion_cutoff",
    "is_open",
    "is_ticket_key",
    "key_number",
    "key_prefix",
    "key_problem",
    "member_capacity",
    "member_done",
    "next_key",
    "parse_backlog",
    "parse_vote",
    "planned_sprints",
    "readiness_gaps",
    "reassignment_reason",
    "remaining_after_log",
    "repaired_keys",
    "review_hours",
    "review_hours_for_points",
    "risk_checked",
    "round_up_to_scale",
    "spillover",
    "start_due",
    "status_map",
    "tickets_to_move",
    "unestimated",
    "write_backlog_csv",
]
