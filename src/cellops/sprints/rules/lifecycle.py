"""SP-5 / SP-10: which sprint of a cell is current, one open sprint at a time, early start and
early completion (allowed, recorded, and only when confirmed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from cellops.kernel.calendar import format_day
from cellops.kernel.violations import Violation
from cellops.sprints.data import DEFAULT_POLICY, SprintPolicy
from cellops.sprints.rules._common import SP_5_READINESS, SP_10_SPILLOVER

#: A sprint's recorded state: (started, completed).
SprintState = tuple[bool, bool]


def current_sprint(
    by_date: int, states: Mapping[int, SprintState], policy: SprintPolicy = DEFAULT_POLICY
) -> int:
    """The cell's current sprint (decision 0047), the one every page calls "current".

    `by_date` is the calendar's sprint holding today (SP-1); `states` what was
    recorded of the cell's sprints. A sprint from `by_date` on that is started
    and not completed is current (the earliest, if an older start left two);
    else the calendar's sprint, or, when it was completed early, the first
    sprint after it that is not completed.
    """
    open_ahead = sorted(n for n, (started, done) in states.items() if started and not done)
    open_ahead = [n for n in open_ahead if n >= by_date]
    if open_ahead:
        return open_ahead[0]
    number = by_date
    while states.get(number, (False, False))[1]:
        number += 1
    return number


def check_earlier_open(
    number: int, states: Mapping[int, SprintState], cell: str, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-5: a sprint cannot start while an earlier sprint of the cell is started and not
    completed; the refusal names it. No override lifts this."""
    earlier = sorted(
        n for n, (started, done) in states.items() if n < number and started and not done
    )
    return [
        Violation(
            SP_5_READINESS,
            f"{cell} sprint {n} is still running (started, not completed): complete it first, "
            f"then start sprint {number}.",
            {"field": "number", "open_sprint": n},
        )
        for n in earlier
    ]


def days_early(today: date, due: date, policy: SprintPolicy = DEFAULT_POLICY) -> int:
    """How many days before `due` today is (0 when on or after it)."""
    return max((due - today).days, 0)


def check_early_start(
    today: date, sprint_start: date, confirmed: bool, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-5: a sprint is normally started on its day 0; starting it earlier is allowed and
    recorded, once confirmed (issue #14 item 2)."""
    early = days_early(today, sprint_start, policy)
    if not early or confirmed:
        return []
    return [
        Violation(
            SP_5_READINESS,
            f"This sprint starts on {format_day(sprint_start)}; starting it today is {early} "
            f"day{'s' if early != 1 else ''} early. Confirm the early start, or wait for its day 0.",
            {"field": "confirm", "early": early},
        )
    ]


def check_early_completion(
    today: date, sprint_end: date, confirmed: bool, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-10: a sprint is normally completed at its end (on its last day, or after it, as the
    worker does); completing it earlier is allowed and recorded, once confirmed (issue #14
    item 2)."""
    early = days_early(today, sprint_end, policy)
    if not early or confirmed:
        return []
    return [
        Violation(
            SP_10_SPILLOVER,
            f"This sprint's last day is {format_day(sprint_end)}; completing it today is {early} "
            f"day{'s' if early != 1 else ''} early. Confirm the early completion, or let it "
            "complete at its end.",
            {"field": "confirm", "early": early},
        )
    ]
