"""A sprint's life (SP-5, SP-9 to SP-11): its record, its board, the gaps emailed before
it starts, starting and completing it (early or not) and what each recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from cellops.sprints.data.planning import CapacityStatus
from cellops.sprints.data.tickets import Ticket


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
