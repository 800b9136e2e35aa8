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
    #: RC-6: the interview's length and its scorecard (key, what the interviewer grades)
    interview_minutes: int = 30
    criteria: tuple[tuple[str, str], ...] = (
        ("communication", "Communication: clear, concise, asks when unsure"),
        ("python_django", "Python and Django"),
        ("frontend", "React and the front end"),
        ("code_exercise", "The code exercise"),
        ("open_source", "Open source practice: pull requests, reviews, upstream work"),
        ("remote_work", "Remote work: time management, asynchronous habits"),
    )
    #: RC-5: the stages whose refusal sends the candidate a rejection e-mail, by template
    rejection_templates: tuple[tuple[str, str], ...] = (
        ("interviewed", "after-interview"),
        ("accepted by interviewer", "after-interview"),
        ("CEO interview", "after-ceo-interview"),
    )


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
    closed: datetime | None = None
    closed_by: str = ""


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
    preselection: Mapping[str, object] = field(default_factory=dict)
    rejection_sent: datetime | None = None


@dataclass(frozen=True)
class Grade:
    """RC-6: one criterion of the scorecard, graded 1 to 5 with a short comment."""

    criterion: str
    grade: int
    comment: str = ""


@dataclass(frozen=True)
class Interview:
    """RC-6: the interview of a candidature: when, by whom, the scorecard and recording."""

    candidature: int
    at: datetime
    interviewer: str
    interviewer_name: str
    minutes: int
    sequence: int = 0
    grades: tuple[Grade, ...] = ()
    recording_url: str = ""
    invitation_sent: datetime | None = None


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
    may_close: bool = False
    in_progress: int = 0


#: RC-5: the rejection e-mails a fresh database starts with (administrators edit them):
#: key → (subject, body). `{name}` and `{round}` are filled in when one is sent.
DEFAULT_REJECTIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "after-interview": (
            "Your application: our decision",
            "Dear {name},\n\n"
            "Thank you for the time you gave us, and for talking with us so openly during "
            "the interview. We have thought carefully about it, and we will not be offering "
            "you a place in this recruitment round ({round}).\n\n"
            "This was not an easy choice, and it says nothing about what you can achieve: "
            "we can only take very few people each round. Your open source work matters, "
            "and you are welcome to apply again in a later round.\n\n"
            "We wish you all the best,\nThe recruitment team",
        ),
        "after-ceo-interview": (
            "Your application: our decision",
            "Dear {name},\n\n"
            "Thank you for meeting us a second time. After that conversation we have decided "
            "not to go further with your application in this round ({round}).\n\n"
            "You came a long way through our selection, and we appreciated getting to know "
            "you. Please do not hesitate to apply again in the future.\n\n"
            "Warm regards,\nThe recruitment team",
        ),
    }
)

#: RC-6: the interview script a fresh database starts with (administrators replace it).
DEFAULT_SCRIPT = (
    "30 minutes, recorded (gallery view).\n"
    "1. Welcome (2 min): introduce yourself and the agency; check the recording is on.\n"
    "2. Their path (5 min): ask about the pull requests they linked; what the review was like.\n"
    "3. Skills (8 min): clear up every doubt of the skills field (e.g. Django? React?).\n"
    "4. Code exercise (10 min): explain it the same way every time; let them think aloud.\n"
    "5. Remote work (3 min): time zone, hours, how they plan and tell about spillover.\n"
    "6. Their questions (2 min); say when they will hear from us.\n"
    "Grade each scorecard criterion 1 to 5 with a short comment as you go."
)
