"""Plain values of the sprint rituals (SP-13 to SP-16): the policy and what the use cases
return.

Every handbook number of the rituals is a `RitualPolicy` field with the
handbook's value as its default. Pure Python (standard library and the
kernel): no Django, no other app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cellops.kernel.calendar import DEFAULT_CALENDAR_POLICY, CalendarPolicy

#: ORG-1: the two kinds of cell (SP-15 tells them apart), as `org` names them.
DEV_CELL = "dev"
BUSINESS_CELL = "business"
CELL_KINDS: tuple[str, ...] = (DEV_CELL, BUSINESS_CELL)

#: SP-13: the two kinds of retrospective item.
WENT_WELL = "went well"
TO_IMPROVE = "to improve"
RETRO_KINDS: tuple[str, ...] = (WENT_WELL, TO_IMPROVE)


@dataclass(frozen=True)
class RitualPolicy:
    """The rituals' numbers, defaulting to the handbook's.

    - `poll_min_to_improve`: SP-13, a poll opens with more "to improve" items
      than this (2).
    - `social_chat_cap_minutes`: SP-14, time logged per participant per chat (30).
    - `firefighters_per_week`: SP-14, firefighters per cell per week (2).
    - `business_video_interval`: SP-15, business-cell members post a video
      update on sprints whose number is a multiple of this (every other one).
    - `social_chat_first_day`, `social_chat_last_day`: SP-14, the social chat
      happens from this day to that day of the sprint's first week (days 0,
      Monday, to 4, Friday, UTC).
    - `calendar`: SP-1's landmark days, the one `kernel.calendar.CalendarPolicy`
      the organisation and the sprints read too; SP-16 puts a tech talk on its
      mid-sprint day (Monday, day 7).
    """

    poll_min_to_improve: int = 2
    social_chat_cap_minutes: int = 30
    firefighters_per_week: int = 2
    business_video_interval: int = 2
    social_chat_first_day: int = 0
    social_chat_last_day: int = 4
    calendar: CalendarPolicy = DEFAULT_CALENDAR_POLICY

    def __post_init__(self) -> None:
        if self.poll_min_to_improve < 0 or self.social_chat_cap_minutes < 0:
            raise ValueError("poll_min_to_improve and social_chat_cap_minutes cannot be negative")
        if self.firefighters_per_week < 1:
            raise ValueError("firefighters_per_week must be at least 1")
        if self.business_video_interval < 1:
            raise ValueError("business_video_interval must be at least 1")
        if not 0 <= self.social_chat_first_day <= self.social_chat_last_day < 7:
            raise ValueError("the social chat days must be in order within the first week")


DEFAULT_POLICY = RitualPolicy()


@dataclass(frozen=True)
class RetroEntry:
    """SP-13: one item of a retrospective."""

    id: int
    kind: str
    text: str
    author: str
    created: datetime


@dataclass(frozen=True)
class PollLine:
    """SP-13: one "to improve" item in the poll: its votes, its rank (1 = most votes, ties
    share a rank) and whether the viewer approved it."""

    item: int
    text: str
    votes: int
    rank: int
    approved: bool


@dataclass(frozen=True)
class Poll:
    """SP-13: the poll's results ranked by votes, and how many members took part."""

    results: tuple[PollLine, ...]
    voters: int


@dataclass(frozen=True)
class Retrospective:
    """SP-13: a sprint's retrospective.

    `state` is ``open`` (members add items until the sprint ends or is
    completed), ``closed`` (waiting to be published after rollover) or
    ``published`` (posted to the cell's running `thread`); `poll` is set once
    published with more than two "to improve" items.
    """

    cell: str
    number: int
    thread: str
    state: str
    deadline: datetime
    published_at: datetime | None
    published_by: str
    went_well: tuple[RetroEntry, ...]
    to_improve: tuple[RetroEntry, ...]
    poll: Poll | None


@dataclass(frozen=True)
class RetrospectiveThread:
    """SP-13: the cell's running thread: its published retrospectives, newest first."""

    cell: str
    title: str
    posts: tuple[Retrospective, ...]


@dataclass(frozen=True)
class Firefighters:
    """SP-14: a cell's firefighters of the week starting `week_start` (a Monday).

    `recorded` is False when nobody was set for the week yet: `members` are
    then the ones the rotation gives (what `rotate` would record).
    """

    cell: str
    week_start: date
    members: tuple[str, ...]
    names: tuple[str, ...]
    recorded: bool


@dataclass(frozen=True)
class SocialChat:
    """SP-14: a sprint's social chat: who organises it (the firefighters of its first week),
    when it may take place, and once organised its topic, time and ticket."""

    cell: str
    number: int
    organisers: tuple[str, ...]
    window_start: datetime
    window_end: datetime
    organised: bool
    topic: str = ""
    at: datetime | None = None
    organiser: str = ""
    ticket: str | None = None


@dataclass(frozen=True)
class VideoUpdateLine:
    """SP-15: one member's video update of a sprint: due or not, its exact title, posted or not."""

    member: str
    name: str
    due: bool
    title: str
    posted: bool
    url: str = ""
    posted_at: datetime | None = None


@dataclass(frozen=True)
class VideoUpdates:
    """SP-15: a sprint's video updates for every active member of the cell."""

    cell: str
    number: int
    thread: str
    due: bool
    members: tuple[VideoUpdateLine, ...]


@dataclass(frozen=True)
class TechTalk:
    """SP-16: a tech talk on a mid-sprint meeting day, with its preparation ticket."""

    id: int
    title: str
    cell: str
    sprint: int
    day: date
    speaker: str
    speaker_name: str
    ticket: str
