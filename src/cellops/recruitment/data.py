"""Plain values of recruitment (RC-1 to RC-7): rounds, candidatures, the status flow.

Pure Python: the rules in `cellops.recruitment.rules` take and return these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType


class RoundState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Status(StrEnum):
    """RC-5: where a candidature stands."""

    NEW = "new"
    ASSIGNED = "assigned"
    REJECTED = "rejected"
    SELECTED = "selected"
    INTERVIEW_SCHEDULED = "interview scheduled"
    INTERVIEWED = "interviewed"
    ACCEPTED_BY_INTERVIEWER = "accepted by interviewer"
    REFUSED = "refused"
    REVIEWED = "reviewed"
    CEO_INTERVIEW = "CEO interview"
    HIRED = "hired"


#: RC-5: the only steps a candidature may take, no skipping.
FLOW: Mapping[Status, tuple[Status, ...]] = MappingProxyType(
    {
        Status.NEW: (Status.ASSIGNED,),
        Status.ASSIGNED: (Status.REJECTED, Status.SELECTED),
        Status.SELECTED: (Status.INTERVIEW_SCHEDULED,),
        Status.INTERVIEW_SCHEDULED: (Status.INTERVIEWED,),
        Status.INTERVIEWED: (Status.ACCEPTED_BY_INTERVIEWER, Status.REFUSED),
        Status.ACCEPTED_BY_INTERVIEWER: (Status.REVIEWED, Status.REFUSED),
        Status.REVIEWED: (Status.CEO_INTERVIEW,),
        Status.CEO_INTERVIEW: (Status.HIRED, Status.REFUSED),
        Status.REJECTED: (),
        Status.REFUSED: (),
        Status.HIRED: (),
    }
)


class Clarity(StrEnum):
    """RC-3 (3): how clearly a candidature shows a skill."""

    CLEAR = "clear"
    DOUBT = "doubt"
    NONE = "none"


@dataclass(frozen=True)
class RecruitmentPolicy:
    """Recruitment's numbers, defaulting to the handbook's (RC-2, RC-3) and the form's bounds."""

    claim_interval: timedelta = timedelta(hours=48)
    min_stars: int = 10
    min_forks: int = 10
    min_years: int = 2
    max_contributions: int = 10
    max_text: int = 4000
    max_name: int = 200
    max_url: int = 500


DEFAULT_POLICY = RecruitmentPolicy()


@dataclass(frozen=True)
class CellNeed:
    """RC-1: how many newcomers one cell wants in a round, plus a margin."""

    cell: str
    wanted: int
    margin: int = 0


@dataclass(frozen=True)
class Round:
    id: int
    name: str
    state: RoundState
    cells: tuple[CellNeed, ...]
    opened: date | None = None


@dataclass(frozen=True)
class Application:
    """What a candidate sends through the public form (API.md § Recruitment)."""

    name: str
    email: str
    years_experience: int
    python: str
    django: str
    react: str
    motivation: str
    timezone: str = ""
    contributions: tuple[str, ...] = ()
    no_contribution: bool = False


@dataclass(frozen=True)
class Received:
    """The public answer: that it arrived, and nothing else (RC-7)."""

    id: int
    received: datetime


@dataclass(frozen=True)
class Candidature:
    """A candidature as the round's recruitment managers and the CEO see it (RC-7)."""

    id: int
    round: int
    status: Status
    assignee: str | None
    received: datetime
    name: str
    email: str
    timezone: str
    contributions: tuple[str, ...]
    no_contribution: bool
    years_experience: int
    python: str
    django: str
    react: str
    motivation: str
    skills: str = ""
    exclusivity_check: bool = False
    rejection_reasons: tuple[str, ...] = ()
    erased: bool = False
    history: tuple[tuple[str, str, str, str], ...] = ()  # (from, to, by, note)


@dataclass(frozen=True)
class Contribution:
    """RC-3 (1): the best pull request the manager found, as they checked it."""

    url: str
    merged: bool
    third_party: bool
    described: bool
    stars: int
    forks: int


@dataclass(frozen=True)
class Preselection:
    """RC-3, RC-4: what the manager checked, in the handbook's order."""

    contribution: Contribution | None
    writing_ok: bool
    python: Clarity
    django: Clarity
    react: Clarity
    years_experience: int
    open_source_exception: bool = False
    recent_open_edx_provider: bool = False
    notes: str = ""


@dataclass(frozen=True)
class ClaimResult:
    """RC-2: what a claim took, and when the manager may claim again."""

    claimed: tuple[int, ...]
    next_claim_at: datetime | None


@dataclass(frozen=True)
class RoundCounts:
    """A round's page: candidatures by status, per cell need, and mine."""

    round: Round
    by_status: Mapping[str, int]
    unassigned: int
    mine: Mapping[str, int] = field(default_factory=dict)
    next_claim_at: datetime | None = None
    may_claim: bool = False
