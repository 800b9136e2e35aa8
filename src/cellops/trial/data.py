"""Plain values for the newcomers' trial (TR-1 to TR-7): policy and results.

The trial rules in `cellops.trial.rules` take a `TrialPolicy` and return the
frozen dataclasses and enums defined here. Keeping every handbook number in
the policy (56 days, 7 days of lead time, 2 or 4 sprint extensions, the clean
sprint ratios, the 8 story points) lets an agency with other numbers change
configuration rather than code. This module is pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from cellops.kernel.calendar import Sprint


class CleanSprintKind(StrEnum):
    """Whose sprints are counted for TR-6, each with its own clean ratio."""

    INITIAL = "initial"
    EXTENDED = "extended"
    CORE = "core"


@dataclass(frozen=True)
class CleanSprintRatio:
    """A TR-6 share of clean sprints: numerator/denominator of N, rounded up or down.

    Rounding is explicit so the rule is computed with integers only.
    """

    numerator: int
    denominator: int
    round_up: bool

    def __post_init__(self) -> None:
        if self.denominator < 1 or not 0 < self.numerator <= self.denominator:
            raise ValueError(
                f"a clean sprint ratio must lie in (0, 1], not {self.numerator}/{self.denominator}"
            )

    def of(self, sprints: int) -> int:
        """The number of clean sprints this ratio asks for out of `sprints`."""
        scaled = sprints * self.numerator
        if self.round_up:
            return -(-scaled // self.denominator)
        return scaled // self.denominator


def _default_extension_days() -> Mapping[int, int]:
    return MappingProxyType({2: 28, 4: 56})


def _default_clean_sprint_ratios() -> Mapping[CleanSprintKind, CleanSprintRatio]:
    return MappingProxyType(
        {
            # At least half of the initial trial's sprints (2 of 4).
            CleanSprintKind.INITIAL: CleanSprintRatio(1, 2, round_up=True),
            # Two thirds of an extended trial's sprints, rounded down (5 of 8).
            CleanSprintKind.EXTENDED: CleanSprintRatio(2, 3, round_up=False),
            # At least 75 % for confirmed core members (6 of 8).
            CleanSprintKind.CORE: CleanSprintRatio(3, 4, round_up=True),
        }
    )


@dataclass(frozen=True)
class TrialPolicy:
    """The trial's numbers, defaulting to the handbook's.

    - `trial_days`, `review_lead_days`: TR-1 (end of trial, review deadline).
    - `screening_day`: TR-2, the sprint day the screening review is due on.
    - `extension_days`: TR-4, accepted extension lengths in sprints -> days.
    - `clean_sprint_ratios`: TR-6, the share of clean sprints per kind.
    - the `*_week` numbers, `min_points` and `due_window_days`: TR-7 milestones.
    """

    trial_days: int = 56
    review_lead_days: int = 7
    screening_day: int = 13
    extension_days: Mapping[int, int] = field(default_factory=_default_extension_days)
    clean_sprint_ratios: Mapping[CleanSprintKind, CleanSprintRatio] = field(
        default_factory=_default_clean_sprint_ratios
    )
    screening_week: int = 2
    points_week: int = 3
    min_points: int = 8
    breadth_week: int = 4
    developer_review_week: int = 7
    end_of_trial_week: int = 8
    due_window_days: int = 7

    def __post_init__(self) -> None:
        if not 0 < self.review_lead_days < self.trial_days:
            raise ValueError("review_lead_days must be positive and shorter than the trial")
        if not self.extension_days:
            raise ValueError("at least one extension length must be accepted")
        for sprints, days in self.extension_days.items():
            if sprints < 1 or days <= self.review_lead_days:
                raise ValueError(
                    f"an extension of {sprints} sprints must last longer than the review lead"
                )
        if self.min_points < 0 or self.due_window_days < 0:
            raise ValueError("min_points and due_window_days cannot be negative")


DEFAULT_POLICY = TrialPolicy()


@dataclass(frozen=True)
class TrialSchedule:
    """The key dates of one newcomer's initial trial (TR-1, TR-2, TR-5)."""

    start_date: date
    end_of_trial: date
    review_deadline: date
    screening_review_due: date
    developer_review_sprint: Sprint


@dataclass(frozen=True)
class Extension:
    """An extension of the trial decided at a 121 (TR-4)."""

    date_of_121: date
    sprints: int
    end_of_extension: date
    review_deadline: date


class MilestoneState(StrEnum):
    """Where a milestone stands relative to today (TR-7)."""

    DONE = "done"
    DUE = "due"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Milestone:
    """One step shown on the newcomer's page (TR-7); `week` counts from week 1 (TR-7: the start date is in week 1)."""

    key: str
    title: str
    week: int
    date: date
    description: str
    state: MilestoneState


class TodayPosition(StrEnum):
    """Where today falls relative to a trial (and its extension, if any)."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


@dataclass(frozen=True)
class Timeline:
    """Everything the trial timeline shows (TR-1, TR-2, TR-4 to TR-7).

    `sprints` are the calendar sprints from the one holding the start date to
    the one holding the last milestone. `today_week` is the trial week holding
    today (TR-7: week 1 begins on the start date), or None when today is outside the
    trial. `clean_sprints_required` of `sprint_count` is the TR-6 minimum for
    the whole trial, extension included.
    """

    schedule: TrialSchedule
    extension: Extension | None
    milestones: tuple[Milestone, ...]
    sprints: tuple[Sprint, ...]
    today: date
    today_position: TodayPosition
    today_week: int | None
    sprint_count: int
    clean_sprint_kind: CleanSprintKind
    clean_sprints_required: int

    @property
    def start_date(self) -> date:
        return self.schedule.start_date

    @property
    def ends_on(self) -> date:
        """The last date of the trial: the end of the extension, else the end of trial."""
        return self.extension.end_of_extension if self.extension else self.schedule.end_of_trial


@dataclass(frozen=True)
class Newcomer:
    """An active newcomer, with what their trial timeline needs."""

    username: str
    full_name: str
    cell: str
    start_date: date | None
    mentor: str | None


@dataclass(frozen=True)
class ReviewFlag:
    """TO-9: a newcomer review due while its reviewer is away — send it before leaving."""

    newcomer: str
    review: str
    due: date
    reviewer: str
    away_from: date

    @property
    def send_by(self) -> date:
        return self.away_from - timedelta(days=1)


# --- reviews (TR-2, TR-3, TR-4): stored, voted on, decided ---------------------------


class ReviewKind(StrEnum):
    """TR-2 screening review (week 2) or TR-3 developer review (week 7, and after an extension)."""

    SCREENING = "screening"
    DEVELOPER = "developer"


class ReviewState(StrEnum):
    OPEN = "open"
    DECIDED = "decided"


#: The votes (and outcomes) each kind of review accepts (TR-2, TR-3).
VOTES: Mapping[ReviewKind, tuple[str, ...]] = MappingProxyType(
    {
        ReviewKind.SCREENING: ("continue", "end"),
        ReviewKind.DEVELOPER: ("accept", "extend", "end"),
    }
)

#: TR-3: the five criteria a reviewer writes a note on, with how the page names them.
CRITERIA: Mapping[str, str] = MappingProxyType(
    {
        "technical_skills": "Technical skills",
        "time_management": "Time management and spillover",
        "communication": "Communication",
        "adaptability": "Adaptability",
        "potential_for_growth": "Potential for growth",
    }
)

#: The longest note on one criterion, and the longest comment or decision note.
NOTE_LIMIT = 4000


@dataclass(frozen=True)
class ReviewPlan:
    """A review the software makes (TR-2, TR-5, TR-4): which, when due, in which sprint."""

    kind: ReviewKind
    sequence: int  # 0 for the initial trial, n for the review ending the n-th extension
    due: date
    sprint: int


@dataclass(frozen=True)
class Review:
    """One review of a newcomer, as API.md's list shows it, plus its decision."""

    id: int
    newcomer: str
    kind: ReviewKind
    sequence: int
    due: date
    sprint: int | None
    reviewers: tuple[str, ...]
    voted: tuple[str, ...]
    state: ReviewState
    outcome: str | None
    decided_by: str = ""
    decision_note: str = ""
    extension_sprints: int | None = None


@dataclass(frozen=True)
class ReviewVote:
    """One reviewer's vote with a note per criterion (TR-3)."""

    reviewer: str
    vote: str
    comment: str
    notes: Mapping[str, str]


@dataclass(frozen=True)
class ReviewDetail:
    """A review as one person may see it: the votes only once they may (TR-3).

    `votes_hidden` is true for a reviewer who has not voted yet and for the
    newcomer; `votes` is then empty. `my_vote` is the viewer's own vote.
    """

    review: Review
    votes: tuple[ReviewVote, ...]
    votes_hidden: bool
    my_vote: ReviewVote | None
    is_reviewer: bool
    may_decide: bool
    suggested_outcome: str | None


@dataclass(frozen=True)
class SprintFigures:
    """A reviewer's look at one sprint of the newcomer (TR-6, TR-7), from the sprints data."""

    number: int
    start: date
    end: date
    completed: bool
    clean: bool | None  # None while the sprint is not completed
    spillover: tuple[str, ...]
    points_done: int
    tickets: tuple[str, ...]
    reviewed: tuple[str, ...]


@dataclass(frozen=True)
class ReviewerBrief:
    """What a reviewer looks at (TR-3, TR-6, TR-7): computed, never typed in."""

    sprints: tuple[SprintFigures, ...]
    clean_sprints: int
    completed_sprints: int
    clean_required: int
    sprint_count: int
    points_by_week_3: int
    points_warning: str | None
    reviews_given: int
