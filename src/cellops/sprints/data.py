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

This module is pure Python (standard library and the shared kernel): no
Django, no other app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from cellops.kernel.calendar import DEFAULT_CALENDAR_POLICY, CalendarPolicy
from cellops.kernel.violations import Violation

#: SP-2: the "no idea" vote of an estimation session.
UNKNOWN_VOTE = "?"

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


class CapacityStatus(StrEnum):
    """SP-6: how a member's committed hours compare with their available hours."""

    OVERCOMMITTED = "overcommitted"
    UNDER_COMMITTED = "under-committed"
    OK = "ok"


class InsertionPath(StrEnum):
    """SP-8: how a ticket got into a sprint.

    `normal` before the cut-off; after it, only `replacement` (SP-8 a, waits
    for the sprint planning manager's confirmation) or `stretch` (SP-8 b, top
    of the stretch goals).
    """

    NORMAL = "normal"
    REPLACEMENT = "replacement"
    STRETCH = "stretch"


def _default_review_hours_by_points() -> tuple[tuple[int, Decimal], ...]:
    # SP-6: 0–1 pt 0.5 h, 2 pt 1 h, 3 pt 2 h, 5 pt 3 h, 8 pt or more 5 h.
    return (
        (0, Decimal("0.5")),
        (2, Decimal(1)),
        (3, Decimal(2)),
        (5, Decimal(3)),
        (8, Decimal(5)),
    )


@dataclass(frozen=True)
class SprintPolicy:
    """The sprint numbers, defaulting to the handbook's.

    - `story_point_scale`: SP-2, the allowed story points, increasing.
    - `discuss_steps`: SP-3, a ticket is flagged "discuss" when its lowest and
      highest numeric votes are more than this many steps apart on the scale.
    - `planning_reserve_hours`: SP-6, hours per sprint kept for meetings.
    - `epic_management_hours`: SP-6, hours per sprint per epic `In progress`
      a member owns.
    - `under_commit_ratio`: SP-6, committed below this share of available is
      "under-committed" (80 %).
    - `unestimated_review_hours`, `review_hours_by_points`: SP-6, review time
      of a ticket without its own review estimate; each pair is "from this
      many points up, this many hours" (so 8 pt or more is 5 h).
    - `calendar`: SP-1's landmark days, the one `kernel.calendar.CalendarPolicy`
      the organisation's calendar reads too: the insertion cut-off (day 10 of
      the sprint before), estimation's close (day 11), the mid-sprint meeting
      (day 7, SP-11 / SP-16) and the sprint length they are placed by.

    The rituals' numbers (SP-13 to SP-16) are `cellops.rituals.data.RitualPolicy`.
    """

    story_point_scale: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21)
    discuss_steps: int = 2
    planning_reserve_hours: Decimal = Decimal(2)
    epic_management_hours: Decimal = Decimal(2)
    under_commit_ratio: Fraction = Fraction(4, 5)
    unestimated_review_hours: Decimal = Decimal(2)
    review_hours_by_points: tuple[tuple[int, Decimal], ...] = _default_review_hours_by_points()
    calendar: CalendarPolicy = DEFAULT_CALENDAR_POLICY

    def __post_init__(self) -> None:
        scale = self.story_point_scale
        if not scale or scale[0] < 0 or any(a >= b for a, b in pairwise(scale)):
            raise ValueError(f"the story point scale must be non-negative and increasing: {scale}")
        if self.discuss_steps < 0:
            raise ValueError("discuss_steps cannot be negative")
        if (
            min(
                self.planning_reserve_hours,
                self.epic_management_hours,
                self.unestimated_review_hours,
            )
            < 0
        ):
            raise ValueError("hours in the sprint policy cannot be negative")
        if not 0 < self.under_commit_ratio <= 1:
            raise ValueError(
                f"under_commit_ratio must lie in (0, 1], not {self.under_commit_ratio}"
            )
        bands = self.review_hours_by_points
        if not bands or bands[0][0] != 0:
            raise ValueError("review_hours_by_points must start at 0 points")
        if any(a[0] >= b[0] for a, b in pairwise(bands)):
            raise ValueError("review_hours_by_points must be in increasing order of points")
        if any(hours < 0 for _, hours in bands):
            raise ValueError("review hours cannot be negative")


DEFAULT_POLICY = SprintPolicy()


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
class EstimateResult:
    """SP-3: a ticket's estimate from its votes.

    `result` is on the scale, or None (unestimated) without numeric votes;
    `discuss` flags votes more than `discuss_steps` apart; `numeric_votes`
    are the votes counted, sorted, with `?` left out.
    """

    result: int | None
    discuss: bool
    numeric_votes: tuple[int, ...]


@dataclass(frozen=True)
class MemberCapacity:
    """SP-6: one member's capacity in one sprint.

    `remaining_hours` is available − committed (negative when overcommitted);
    `unestimated` lists the keys of their tickets without story points.
    """

    member: str
    available_hours: Decimal
    committed_hours: Decimal
    remaining_hours: Decimal
    status: CapacityStatus
    unestimated: tuple[str, ...]


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


@dataclass(frozen=True)
class EstimationVote:
    """SP-3: one member's vote on a ticket: a value on the scale or `?`, and its comment."""

    member: str
    value: str
    comment: str = ""


@dataclass(frozen=True)
class TicketEstimate:
    """SP-3: a ticket's counted votes (the cell's active members') and the result they give."""

    ticket: str
    votes: tuple[EstimationVote, ...]
    result: int | None
    discuss: bool


@dataclass(frozen=True)
class MemberProgress:
    """SP-3: how many of the session's tickets a member voted on; `done` when all."""

    member: str
    done: bool
    voted: int


@dataclass(frozen=True)
class Estimation:
    """SP-3: a session's state, each ticket's votes and result, each member's progress."""

    state: str
    closes_at: datetime | None
    tickets: tuple[TicketEstimate, ...]
    members: tuple[MemberProgress, ...]


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
class MemberCompletion:
    """SP-10: one member's result; `reason` is why their tickets spilled over ("" until given)."""

    member: str
    clean: bool
    spillover: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class Completion:
    """SP-10: what completing a sprint did."""

    sprint: str
    moved_to: int
    members: tuple[MemberCompletion, ...]


@dataclass(frozen=True)
class PlannedSprints:
    """SP-7: the sprints whose open tickets are planned work: for a client's month (the
    sprints starting in it) and for an epic (the current sprint and the next)."""

    for_month: tuple[int, ...]
    for_epics: tuple[int, ...]


@dataclass(frozen=True)
class SprintRecord:
    """What happened to a cell's sprint: start (and overrides), completion, spillover."""

    cell: str
    number: int
    start: date
    end: date
    started_at: datetime | None
    started_by: str
    start_overridden: bool
    completed_at: datetime | None
    spillover: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class GapNotices:
    """SP-5 / SP-6 gaps emailed for a sprint: who was emailed now (username → gaps sent),
    who had been told every gap already, who could not be emailed (no address, or
    ``""`` when the cell has no sprint planning manager to tell), and why nothing
    was checked (`note`, e.g. "already started")."""

    sprint: str
    emailed: dict[str, int]
    already_told: tuple[str, ...] = ()
    no_address: tuple[str, ...] = ()
    note: str = ""


# --- what the use cases hand the pages: the read models of the board and planning,
# the rituals (SP-13 to SP-16) and ticket comments (moved from api.py, decision 0024).


@dataclass(frozen=True)
class CountedHours:
    """One line of a member's committed hours (SP-6): a ticket they do or review, or an epic.

    `kind` is ``assignee``, ``reviewer`` or ``epic``; `basis` says where the
    hours come from; `tentative` marks a ticket counted for its tentative
    assignee, who becomes its assignee when the sprint starts (SP-4).
    """

    item: str
    kind: str
    hours: Decimal
    basis: str
    tentative: bool = False


@dataclass(frozen=True)
class CapacityDetail:
    """SP-6 for one member, with everything counted: `capacity` is what the rules computed
    from `days` (hours per working day after time off), `reserve` and `counted`."""

    capacity: MemberCapacity
    name: str
    daily_hours: Decimal
    days: tuple[tuple[date, Decimal], ...]
    reserve: Decimal
    counted: tuple[CountedHours, ...]


@dataclass(frozen=True)
class Card:
    """A ticket on the board, with its SP-11 flag and the reason for it."""

    ticket: Ticket
    at_risk: bool = False
    risk: str = ""
    reassign: str = ""


@dataclass(frozen=True)
class Board:
    """A sprint's board: SP-9 columns left to right, then the stretch goals' lane.

    `risk_checked` says whether SP-11 applies today (from the mid-sprint day
    to the end of a sprint not completed yet); `shown` and `total` count the
    tickets after and before the filters; `names` maps usernames to names.
    """

    record: SprintRecord
    columns: tuple[tuple[str, tuple[Card, ...]], ...]
    stretch: tuple[Card, ...]
    risk_checked: bool
    shown: int
    total: int
    names: dict[str, str]


@dataclass(frozen=True)
class TicketComment:
    """A comment on a ticket; `source` is "estimation" for an SP-3 vote comment kept at close."""

    id: int
    author: str
    at: datetime
    text: str
    source: str


# --- issue #15: a Jira backlog brought in, and taken out -------------------------------

#: SP-9: how a Jira workflow's status names become SP-9 statuses when a backlog is
#: imported (compared without case); each SP-9 name also stands for itself. An import
#: may add to it or override it (`--status-map 'QA=Under review'`).
DEFAULT_STATUS_MAP: dict[str, str] = {
    "to do": BACKLOG,
    "open": BACKLOG,
    "new": BACKLOG,
    "reopened": BACKLOG,
    "selected for development": BACKLOG,
    "ready for development": BACKLOG,
    "in progress": IN_PROGRESS,
    "in development": IN_PROGRESS,
    "in review": UNDER_REVIEW,
    "code review": UNDER_REVIEW,
    "review": UNDER_REVIEW,
    "blocked": EXTERNAL_REVIEW,
    "external review": EXTERNAL_REVIEW,
    "waiting for customer": EXTERNAL_REVIEW,
    "on hold": LONG_EXTERNAL_REVIEW,
    "merged": MERGED,
    "deployed": DEPLOYED,
    "released": DEPLOYED,
    "delivered": DEPLOYED,
    "closed": DONE,
    "resolved": DONE,
}


@dataclass(frozen=True)
class BadRow:
    """A line of an imported file that cannot be imported: its column and what is wrong."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class BacklogRow:
    """One ticket of a Jira backlog export, as written (people, epic, account by name).

    `assignee` and `reviewer` are the names the file gives, each a tuple of the
    columns that name the person in order (e.g. "Assignee", then "Assignee Id"): the
    first that names one member wins. `columns` maps each field to the file's own
    column name, for bad rows found once names are resolved."""

    line: int
    key: str
    title: str
    description: str = ""
    status: str = BACKLOG
    story_points: int | None = None
    assignee: tuple[str, ...] = ()
    reviewer: tuple[str, ...] = ()
    sprint: int | None = None
    epic: str | None = None
    account: str | None = None
    remaining_hours: Decimal | None = None
    labels: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()

    def column(self, field: str) -> str:
        """The file's name of the column holding `field` (the field itself if none)."""
        return dict(self.columns).get(field, field)


@dataclass(frozen=True)
class TicketImport:
    """What a backlog import did, or would do (`dry_run`): the keys of the tickets made,
    those already there (left as they are), and every bad row (nothing imported while
    there is one, unless `skipped_bad`)."""

    imported: tuple[str, ...]
    unchanged: tuple[str, ...]
    bad: tuple[BadRow, ...]
    dry_run: bool = False
    skipped_bad: bool = False
    bad_count: int = 0


@dataclass(frozen=True)
class EarlyStart:
    """SP-5 (issue #14 item 2): what starting a sprint before its day 0 would do, for the
    confirmation step. `tentative` is (ticket, username) of each SP-4 tentative assignee
    who becomes assignee; `estimation` is (ticket, numeric votes, result) when estimation
    is still open and starting closes it; `open_before` the earlier sprint still running."""

    sprint: str
    start: date
    days_early: int
    tentative: tuple[tuple[str, str], ...]
    estimation_open: bool
    estimation: tuple[tuple[str, int, int | None], ...]
    open_before: int | None


@dataclass(frozen=True)
class EarlyCompletion:
    """SP-10 (issue #14 item 2): what completing a sprint before its end would do, for the
    confirmation step: the open tickets that move (ticket, assignee username or None) to
    `moved_to`, and whose sprint turns unclean (usernames)."""

    sprint: str
    end: date
    days_left: int
    moved_to: int
    moving: tuple[tuple[str, str | None], ...]
    unclean: tuple[str, ...]


@dataclass(frozen=True)
class StartSnapshot:
    """SP-6 at start (issue #14 item 8): a member's hours when the sprint started, and of the
    tickets they were assignee of then, the remaining estimate of those done by the end."""

    member: str
    available_hours: Decimal
    committed_hours: Decimal
    status: CapacityStatus | None  # None: not recorded (started before snapshots were kept)
    assigned_hours: Decimal
    done_hours: Decimal
    tickets: int
    tickets_done: int


@dataclass(frozen=True)
class CellLoad:
    """SP-6 for a whole cell in its current sprint, for the home page's agency overview
    (issue #14 item 13): hours over all active members, who is overcommitted, how many
    are under-committed, and how many tickets wait in `Under review`."""

    cell: str
    sprint: int
    members: int
    available_hours: Decimal
    committed_hours: Decimal
    overcommitted: tuple[str, ...]  # full names
    under_committed: int
    under_review: int
