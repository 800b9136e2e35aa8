"""Estimation and planning (SP-2 to SP-7): votes and estimates, capacity and what it
counted, the sprints budgets plan with, a cell's load for the home page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

#: SP-2: the "no idea" vote of an estimation session.
UNKNOWN_VOTE = "?"


class CapacityStatus(StrEnum):
    """SP-6: how a member's committed hours compare with their available hours."""

    OVERCOMMITTED = "overcommitted"
    UNDER_COMMITTED = "under-committed"
    OK = "ok"


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
class PlannedSprints:
    """SP-7: the sprints whose open tickets are planned work: for a client's month (the
    sprints starting in it) and for an epic (the current sprint and the next)."""

    for_month: tuple[int, ...]
    for_epics: tuple[int, ...]


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
