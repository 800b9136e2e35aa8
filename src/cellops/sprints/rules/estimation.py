"""SP-1 deadlines of estimation, SP-2 story points and votes, SP-3 the estimate."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from cellops.kernel.violations import Violation
from cellops.sprints.data import DEFAULT_POLICY, UNKNOWN_VOTE, EstimateResult, SprintPolicy
from cellops.sprints.rules._common import (
    SP_2_STORY_POINTS,
    _day_of_sprint_before,
    _in_utc,
    _scale_text,
    end_of_day,
)

# SP-2 -------------------------------------------------------------------


def check_points(value: object, policy: SprintPolicy = DEFAULT_POLICY) -> list[Violation]:
    """SP-2: story points are on the scale (0, 1, 2, 3, 5, 8, 13, 21), or None (unestimated).

    Booleans and non-integers are refused like any value off the scale; the
    refusal suggests the next value up when there is one.
    """
    if value is None:
        return []
    if isinstance(value, int) and not isinstance(value, bool):
        if value in policy.story_point_scale:
            return []
        hint = ""
        scale = policy.story_point_scale
        position = bisect_left(scale, value)
        if value >= 0 and position < len(scale):
            hint = f" (the next value up is {scale[position]})"
        message = (
            f"{value} is not a story point value: use one of {_scale_text(policy)}{hint}, "
            "or leave the points empty while the ticket is unestimated."
        )
    else:
        message = (
            f"Story points must be a whole number, one of {_scale_text(policy)}, or empty "
            f"while the ticket is unestimated; {value!r} is not."
        )
    return [Violation(SP_2_STORY_POINTS, message, {"field": "story_points"})]


def check_vote(value: str, policy: SprintPolicy = DEFAULT_POLICY) -> list[Violation]:
    """SP-2: an estimation vote is a value on the scale, written as text, or ``?`` (no idea).

    Surrounding spaces are tolerated; "03", "3.0" and empty votes are not.
    """
    text = value.strip() if isinstance(value, str) else None
    if text == UNKNOWN_VOTE or text in {str(points) for points in policy.story_point_scale}:
        return []
    return [
        Violation(
            SP_2_STORY_POINTS,
            f"{value!r} is not a vote: vote one of {_scale_text(policy)}, or "
            f'"{UNKNOWN_VOTE}" if you have no idea how many points it is.',
            {"field": "vote"},
        )
    ]


def parse_vote(value: str, policy: SprintPolicy = DEFAULT_POLICY) -> int | None:
    """SP-2: a valid vote as its points, or None for ``?``; ValueError for an invalid vote."""
    violations = check_vote(value, policy)
    if violations:
        raise ValueError(violations[0].message)
    text = value.strip()
    return None if text == UNKNOWN_VOTE else int(text)


# SP-3 -------------------------------------------------------------------


def round_up_to_scale(
    value: Fraction | Decimal | int, policy: SprintPolicy = DEFAULT_POLICY
) -> int:
    """SP-3: the smallest value on the scale that is at least `value`.

    ValueError when `value` is above the top of the scale.
    """
    exact = Fraction(value)
    scale = policy.story_point_scale
    position = bisect_left(scale, exact)
    if position == len(scale):
        raise ValueError(f"{value} is above the top of the story point scale ({scale[-1]})")
    return scale[position]


def estimate(votes: Sequence[str], policy: SprintPolicy = DEFAULT_POLICY) -> EstimateResult:
    """SP-3: a ticket's estimate from its votes.

    The result is the median of the numeric votes (for an even count, the
    mean of the two middle votes), rounded up to the next value on the scale;
    ``?`` votes are ignored, and without numeric votes the ticket stays
    unestimated (None). It is flagged "discuss" when its lowest and highest
    numeric votes are more than `discuss_steps` (2) steps apart on the
    scale, e.g. 1 and 5. An invalid vote raises ValueError (SP-2: votes are
    checked when they are cast).
    """
    numeric = sorted(
        points for points in (parse_vote(vote, policy) for vote in votes) if points is not None
    )
    if not numeric:
        return EstimateResult(result=None, discuss=False, numeric_votes=())
    middle = len(numeric) // 2
    if len(numeric) % 2:
        median = Fraction(numeric[middle])
    else:
        median = Fraction(numeric[middle - 1] + numeric[middle], 2)
    scale = policy.story_point_scale
    steps = scale.index(numeric[-1]) - scale.index(numeric[0])
    return EstimateResult(
        result=round_up_to_scale(median, policy),
        discuss=steps > policy.discuss_steps,
        numeric_votes=tuple(numeric),
    )


def member_done(
    voted_tickets: Iterable[str], all_tickets: Iterable[str], policy: SprintPolicy = DEFAULT_POLICY
) -> bool:
    """SP-3: a member is done when they voted on every ticket of the session.

    Votes on tickets no longer in the session do not count; a session
    without tickets leaves everyone done.
    """
    return set(all_tickets) <= set(voted_tickets)


def estimation_closed(
    closed_at: datetime | None,
    closes_at: datetime,
    now: datetime,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> bool:
    """SP-3: a session is closed once it was closed (by hand or by the worker) or its
    deadline (Friday EOD) has passed, whether or not the closing has run yet."""
    return closed_at is not None or _in_utc(now, "now") >= closes_at


def estimation_closes_at(sprint_start: date, policy: SprintPolicy = DEFAULT_POLICY) -> date:
    """SP-1 / SP-3: the day whose EOD closes estimation: Friday, day 11 of the sprint before.

    That is the sprint's start − 3 days; the session closes at
    `end_of_day` of it (24:00 UTC), or earlier when the manager closes it.
    """
    return _day_of_sprint_before(sprint_start, policy.calendar.estimation_close_day, policy)


def estimation_deadline(sprint_start: date, policy: SprintPolicy = DEFAULT_POLICY) -> datetime:
    """SP-3: the instant an estimation session for the sprint closes by itself (UTC)."""
    return end_of_day(estimation_closes_at(sprint_start, policy), policy)
