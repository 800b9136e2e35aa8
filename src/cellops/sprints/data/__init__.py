"""Plain values for sprints (SP-1 to SP-16): the policy, ticket facts and rule results.

The rules in `cellops.sprints.rules` take these frozen dataclasses and a
`SprintPolicy`, and return them. Every handbook number (the story point
scale, "more than two steps apart", the 2 h planning reserve and epic
management time, 80 % for under-commitment, the review hours by points, the
Thursday day-10 cut-off, day 11 for
estimation, day 7 for the mid-sprint meeting (those three in the shared
`kernel.calendar.CalendarPolicy`))
is a policy field with the handbook's value as its default, so an agency
with other numbers changes configuration, not code.

A package by area (`tickets`, `policy`, `planning`, `lifecycle`, `backlog`), each
re-exported here: import from `cellops.sprints.data`. Pure Python (standard
library and the shared kernel): no Django, no other app.
"""

from __future__ import annotations

from cellops.sprints.data.backlog import (
    DEFAULT_STATUS_MAP,
    BacklogRow,
    BadRow,
    TicketImport,
)
from cellops.sprints.data.lifecycle import (
    Board,
    Card,
    Completion,
    EarlyCompletion,
    EarlyStart,
    GapNotices,
    MemberCompletion,
    SprintRecord,
    StartSnapshot,
)
from cellops.sprints.data.planning import (
    UNKNOWN_VOTE,
    CapacityDetail,
    CapacityStatus,
    CellLoad,
    CountedHours,
    EstimateResult,
    Estimation,
    EstimationVote,
    MemberCapacity,
    MemberProgress,
    PlannedSprints,
    TicketEstimate,
)
from cellops.sprints.data.policy import (
    DEFAULT_POLICY,
    SprintPolicy,
)
from cellops.sprints.data.tickets import (
    BACKLOG,
    DEPLOYED,
    DONE,
    EXTERNAL_REVIEW,
    IN_PROGRESS,
    KEY_EXAMPLE,
    KEY_NUMBER_DIGITS,
    KEY_PATTERN,
    KEY_PREFIX_MAX,
    KEY_PREFIX_PATTERN,
    LONG_EXTERNAL_REVIEW,
    MERGED,
    OPEN,
    STATUSES,
    UNDER_REVIEW,
    FieldChange,
    InsertionContext,
    InsertionDecision,
    InsertionPath,
    Recorded,
    Ticket,
    TicketChange,
    TicketComment,
    TicketFacts,
)

__all__ = [
    "BACKLOG",
    "DEFAULT_POLICY",
    "DEFAULT_STATUS_MAP",
    "DEPLOYED",
    "DONE",
    "EXTERNAL_REVIEW",
    "IN_PROGRESS",
    "KEY_EXAMPLE",
    "KEY_NUMBER_DIGITS",
    "KEY_PATTERN",
    "KEY_PREFIX_MAX",
    "KEY_PREFIX_PATTERN",
    "LONG_EXTERNAL_REVIEW",
    "MERGED",
    "OPEN",
    "STATUSES",
    "UNDER_REVIEW",
    "UNKNOWN_VOTE",
    "BacklogRow",
    "BadRow",
    "Board",
    "CapacityDetail",
    "CapacityStatus",
    "Card",
    "CellLoad",
    "Completion",
    "CountedHours",
    "EarlyCompletion",
    "EarlyStart",
    "EstimateResult",
    "Estimation",
    "EstimationVote",
    "FieldChange",
    "GapNotices",
    "InsertionContext",
    "InsertionDecision",
    "InsertionPath",
    "MemberCapacity",
    "MemberCompletion",
    "MemberProgress",
    "PlannedSprints",
    "Recorded",
    "SprintPolicy",
    "SprintRecord",
    "StartSnapshot",
    "Ticket",
    "TicketChange",
    "TicketComment",
    "TicketEstimate",
    "TicketFacts",
    "TicketImport",
]
