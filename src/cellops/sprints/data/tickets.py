"""Tickets (SP-8, SP-9, WF-2): statuses, the key grammar, a ticket, its facts for the
rules, how it enters a sprint, its history and comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from cellops.kernel.violations import Violation

#: SP-9: ticket statuses, left to right as the board shows them ("work from the right").
BACKLOG = "Backlog"
IN_PROGRESS = "In progress"
UNDER_REVIEW = "Under review"
EXTERNAL_REVIEW = "External review / blocker"
LONG_EXTERNAL_REVIEW = "Long external review / blocked"
MERGED = "Merged"
DEPLOYED = "Deployed & delivered"
DONE = "Done"
STATUSES: tuple[str, ...] = (
    BACKLOG,
    IN_PROGRESS,
    UNDER_REVIEW,
    EXTERNAL_REVIEW,
    LONG_EXTERNAL_REVIEW,
    MERGED,
    DEPLOYED,
    DONE,
)
#: SP-9 / SP-10: a ticket is open in every status but `Done`.
OPEN: tuple[str, ...] = tuple(status for status in STATUSES if status != DONE)


#: WF-2: a pull request's title carries its ticket's ID in square brackets
#: (``[SE-1234] …``), so a key has that shape to be found again: a project part
#: of ASCII capitals and digits starting with a capital, a hyphen, a number.
#: One grammar (checked by `rules.is_ticket_key`) for every door (API, pages,
#: worklog import, commands), the URL routes and the database's check constraint.
KEY_PREFIX_MAX = 10
KEY_NUMBER_DIGITS = 9
KEY_PREFIX_PATTERN = rf"[A-Z][A-Z0-9]{{0,{KEY_PREFIX_MAX - 1}}}"
#: The key grammar as a regular expression without anchors; ASCII ranges only, so it
#: means the same in Python, PostgreSQL, SQLite (Django's REGEXP) and URL routes.
KEY_PATTERN = rf"{KEY_PREFIX_PATTERN}-[0-9]{{1,{KEY_NUMBER_DIGITS}}}"
KEY_EXAMPLE = "LYNX-42"


class InsertionPath(StrEnum):
    """SP-8: how a ticket got into a sprint.

    `normal` before the cut-off; after it, only `replacement` (SP-8 a, waits
    for the sprint planning manager's confirmation) or `stretch` (SP-8 b, top
    of the stretch goals).
    """

    NORMAL = "normal"
    REPLACEMENT = "replacement"
    STRETCH = "stretch"


@dataclass(frozen=True)
class TicketFacts:
    """What the sprint rules need to know about one ticket of a sprint.

    `assignee` and `reviewer` are usernames; `remaining_hours` is the
    assignee's remaining-time estimate and `review_hours` the ticket's own
    review estimate (None when unset); `stretch` marks a stretch goal, which
    is not part of the sprint's commitment (SP-5, SP-6, SP-10).
    """

    key: str
    story_points: int | None = None
    assignee: str | None = None
    reviewer: str | None = None
    remaining_hours: Decimal | None = None
    review_hours: Decimal | None = None
    status: str = BACKLOG
    epic: str | None = None
    stretch: bool = False


@dataclass(frozen=True)
class InsertionContext:
    """SP-8: the sprint a ticket is added to, and when.

    `sprint_started` says its start was recorded (possibly before day 0);
    `now` must be timezone-aware and is compared in UTC.
    """

    sprint_start: date
    sprint_started: bool
    now: datetime

    def __post_init__(self) -> None:
        if self.now.tzinfo is None or self.now.utcoffset() is None:
            raise ValueError("InsertionContext.now must be timezone-aware (UTC)")


@dataclass(frozen=True)
class InsertionDecision:
    """SP-8: whether a ticket may enter a sprint, by which path.

    `path` is None when refused; `needs_confirmation` is True for a
    replacement, which waits for the sprint planning manager.
    """

    allowed: bool
    path: InsertionPath | None
    needs_confirmation: bool
    violations: tuple[Violation, ...] = ()


@dataclass(frozen=True)
class Ticket:
    """A ticket as the API shows it (API.md § Sprints)."""

    key: str
    title: str
    description: str
    cell: str
    sprint: int | None
    stretch: bool
    epic: str | None
    account: str
    story_points: int | None
    status: str
    assignee: str | None
    reviewer: str | None
    tentative_assignee: str | None
    remaining_hours: Decimal | None
    review_hours: Decimal | None
    due_date: date | None
    replaces: str | None
    awaiting_confirmation: bool
    version: int
    #: Issue #15: Jira's labels, kept as imported and exported with the ticket.
    labels: tuple[str, ...] = ()

    def facts(self) -> TicketFacts:
        return TicketFacts(
            key=self.key,
            story_points=self.story_points,
            assignee=self.assignee,
            reviewer=self.reviewer,
            remaining_hours=self.remaining_hours,
            review_hours=self.review_hours,
            status=self.status,
            epic=self.epic,
            stretch=self.stretch,
        )


#: A value as a ticket's history records it (JSON): a name, a number, a flag, or nothing.
Recorded = str | int | float | bool | None


@dataclass(frozen=True)
class FieldChange:
    """One field of a recorded ticket change.

    Most are `before` → `after` (`paired`); a few are recorded as a note
    alone (`note`: the ticket created, "tentative assignee at start (SP-4)").
    """

    field: str
    before: Recorded = None
    after: Recorded = None
    note: Recorded = None
    paired: bool = False


@dataclass(frozen=True)
class TicketChange:
    """One entry of a ticket's history: who changed it, when, and each field changed."""

    at: datetime
    actor: str
    changes: tuple[FieldChange, ...]

    def change_of(self, field: str) -> FieldChange | None:
        """The change of `field` in this entry, if it changed."""
        return next((c for c in self.changes if c.field == field), None)


@dataclass(frozen=True)
class TicketComment:
    """A comment on a ticket; `source` is "estimation" for an SP-3 vote comment kept at close."""

    id: int
    author: str
    at: datetime
    text: str
    source: str
