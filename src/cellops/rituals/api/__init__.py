"""Use cases of the sprint rituals (SP-13 to SP-16): the only door into `cellops.rituals`.

Retrospectives and their poll (SP-13), the firefighter rotation and the
sprint's social chat with its 30-minute cap (SP-14), video updates (SP-15)
and tech talks (SP-16). The rules are in `rules`; these functions take the
`Actor` the door passes, decide who may through `org.policy`, load, check,
write in a transaction, audit, and hand back plain values (`data`).

A package of one module per area; this module only re-exports their public
functions.
"""

from cellops.rituals.api._common import (
    MEETINGS_ACCOUNT,
    SOCIAL_CHAT_EPIC,
    is_cell_manager,
    may_see_cell,
)
from cellops.rituals.api.retrospectives import (
    add_retro_item,
    approve,
    publish_retrospective,
    retrospective,
    retrospective_thread,
    set_approvals,
    withdraw_approval,
)
from cellops.rituals.api.social import (
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
from cellops.rituals.api.updates import (
    post_video_update,
    schedule_tech_talk,
    tech_talks,
    video_updates,
)
from cellops.rituals.data import (
    Firefighters,
    Poll,
    PollLine,
    RetroEntry,
    Retrospective,
    RetrospectiveThread,
    SocialChat,
    TechTalk,
    VideoUpdateLine,
    VideoUpdates,
)

__all__ = [
    "MEETINGS_ACCOUNT",
    "SOCIAL_CHAT_EPIC",
    "Firefighters",
    "Poll",
    "PollLine",
    "RetroEntry",
    "Retrospective",
    "RetrospectiveThread",
    "SocialChat",
    "TechTalk",
    "VideoUpdateLine",
    "VideoUpdates",
    "add_retro_item",
    "approve",
    "check_social_chat_worklog",
    "firefighters",
    "is_cell_manager",
    "lock_social_chat",
    "may_organise_social_chat",
    "may_see_cell",
    "organise_social_chat",
    "post_video_update",
    "publish_retrospective",
    "require_social_chat_organiser",
    "retrospective",
    "retrospective_thread",
    "rotate",
    "schedule_tech_talk",
    "set_approvals",
    "set_firefighters",
    "social_chat",
    "social_chat_tickets",
    "tech_talks",
    "video_updates",
    "withdraw_approval",
]
