"""The sprint policy (SP-1 to SP-6): every handbook number, with its default."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from cellops.kernel.calendar import DEFAULT_CALENDAR_POLICY, CalendarPolicy


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
