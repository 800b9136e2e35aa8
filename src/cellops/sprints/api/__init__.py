"""Use cases of sprints: the only door into `cellops.sprints`.

Tickets (SP-2, SP-5 people, SP-8 insertion, SP-9 statuses, with history and
409 on stale writes), estimation (SP-3), capacity (SP-6, availability from
`time_off.api`), readiness and start (SP-4, SP-5), completion (SP-10) and
the hours planned that budgets (SP-7, in `billing.api`) read.

A package of one module per area; this module only re-exports their public
functions, so callers keep `from cellops.sprints import api`.
"""

from cellops.sprints.api._common import sprint_dates, sprint_record
from cellops.sprints.api.estimation_sessions import (
    close_estimation,
    estimation,
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
from cellops.sprints.api.pages import (
    board,
    capacity_details,
    member_names,
    readiness,
    reassignments,
)
from cellops.sprints.api.planning import capacity, planned_hours
from cellops.sprints.api.retrospectives import (
    add_retro_item,
    approve,
    publish_retrospective,
    retrospective,
    retrospective_thread,
    set_approvals,
    withdraw_approval,
)
from cellops.sprints.api.rituals import (
    MEETINGS_ACCOUNT,
    SOCIAL_CHAT_EPIC,
    is_cell_manager,
    may_see_cell,
    post_video_update,
    schedule_tech_talk,
    tech_talks,
    video_updates,
)
from cellops.sprints.api.schedule import complete_on_schedule, notify_gaps, start_on_schedule
from cellops.sprints.api.social import (
    check_social_chat_worklog,
    firefighters,
    lock_social_chat,
    may_organise_social_chat,
    organise_social_chat,
    require_social_chat_organiser,
    rotate,
    set_firefighters,
    social_chat,
    social_chat_tickets,
)
from cellops.sprints.api.ticket_comments import COMMENT_LIMIT, add_comment, comments
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
    Firefighters,
    Poll,
    PollLine,
    RetroEntry,
    Retrospective,
    RetrospectiveThread,
    SocialChat,
    TechTalk,
    TicketComment,
    VideoUpdateLine,
    VideoUpdates,
)

__all__ = [
    "COMMENT_LIMIT",
    "EDITABLE",
    "MEETINGS_ACCOUNT",
    "SOCIAL_CHAT_EPIC",
    "SPILLOVER_REASON_LIMIT",
    "Board",
    "CapacityDetail",
    "Card",
    "CountedHours",
    "Firefighters",
    "Poll",
    "PollLine",
    "RetroEntry",
    "Retrospective",
    "RetrospectiveThread",
    "SocialChat",
    "TechTalk",
    "TicketComment",
    "VideoUpdateLine",
    "VideoUpdates",
    "add_comment",
    "add_retro_item",
    "approve",
    "board",
    "capacity",
    "capacity_details",
    "check_key",
    "check_social_chat_worklog",
    "close_estimation",
    "comments",
    "complete",
    "complete_on_schedule",
    "completion",
    "confirm_replacement",
    "create_ticket",
    "estimation",
    "firefighters",
    "get_ticket",
    "give_spillover_reason",
    "insertion_cutoff",
    "is_cell_manager",
    "key_problem",
    "list_tickets",
    "lock_social_chat",
    "make_sprint_checklists",
    "may_give_spillover_reason",
    "may_organise_social_chat",
    "may_see_cell",
    "member_names",
    "needs_of",
    "notify_gaps",
    "open_estimation",
    "organise_social_chat",
    "planned_hours",
    "post_video_update",
    "publish_retrospective",
    "pull_stretch",
    "readiness",
    "reassignments",
    "require_social_chat_organiser",
    "retrospective",
    "retrospective_thread",
    "rotate",
    "schedule_tech_talk",
    "set_approvals",
    "set_firefighters",
    "social_chat",
    "social_chat_tickets",
    "sprint_dates",
    "sprint_record",
    "start",
    "start_on_schedule",
    "tech_talks",
    "ticket_cells",
    "ticket_history",
    "ticket_refs",
    "update_ticket",
    "video_updates",
    "vote",
    "withdraw_approval",
]
