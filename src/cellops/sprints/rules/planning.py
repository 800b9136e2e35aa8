"""SP-4 tentative assignees, SP-5 readiness and its gaps, the start and completion times, SP-6
capacity, and the SP-7 planned hours (which tickets and sprints count)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from fractions import Fraction

from cellops.kernel.calendar import SprintCalendar
from cellops.kernel.violations import Violation
from cellops.sprints.data import (
    DEFAULT_POLICY,
    DONE,
    CapacityStatus,
    MemberCapacity,
    PlannedSprints,
    SprintPolicy,
    TicketFacts,
)
from cellops.sprints.rules._common import SP_5_READINESS, end_of_day

# SP-4 -------------------------------------------------------------------


def assignee_at_start[Who: (str, int)](
    assignee: Who | None, tentative: Who | None, policy: SprintPolicy = DEFAULT_POLICY
) -> Who | None:
    """SP-4: at sprint start a ticket without an assignee gets its tentative assignee.

    An existing assignee always wins; empty names count as none. Works on
    usernames or on member ids alike (`start` compares the table's ids).
    """
    return assignee or tentative or None


# SP-5 -------------------------------------------------------------------


def readiness_gaps(
    tickets: Sequence[TicketFacts],
    overcommitted_members: Sequence[str],
    policy: SprintPolicy = DEFAULT_POLICY,
) -> list[Violation]:
    """SP-5: every gap that keeps a sprint from starting, one violation each.

    For each ticket of the sprint (stretch goals are not part of it), a
    missing story points, assignee or reviewer is one violation (extra
    ``{"ticket": key, "gap": "story_points" | "assignee" | "reviewer"}``);
    each overcommitted member (SP-6) is one more (extra ``{"member": m, "gap":
    "overcommitted"}``). Empty means the sprint is ready.
    """
    gaps: list[Violation] = []
    for ticket in tickets:
        if ticket.stretch:
            continue
        if ticket.story_points is None:
            gaps.append(
                Violation(
                    SP_5_READINESS,
                    f"{ticket.key} has no story points: estimate it (SP-3) or set its points "
                    "before the sprint starts.",
                    {"ticket": ticket.key, "gap": "story_points"},
                )
            )
        if not ticket.assignee:
            gaps.append(
                Violation(
                    SP_5_READINESS,
                    f"{ticket.key} has no assignee: assign it to the person who will do it, "
                    "or move it out of the sprint.",
                    {"ticket": ticket.key, "gap": "assignee"},
                )
            )
        if not ticket.reviewer:
            gaps.append(
                Violation(
                    SP_5_READINESS,
                    f"{ticket.key} has no reviewer: pick a reviewer other than its assignee.",
                    {"ticket": ticket.key, "gap": "reviewer"},
                )
            )
    for member in dict.fromkeys(overcommitted_members):
        gaps.append(
            Violation(
                SP_5_READINESS,
                f"{member} is overcommitted (SP-6): move some of their tickets or reviews to "
                "someone under-committed, to the stretch goals or to the next sprint.",
                {"member": member, "gap": "overcommitted"},
            )
        )
    return gaps


def gap_recipients(
    gaps: Sequence[Violation],
    doers: Mapping[str, str | None],
    creators: Mapping[str, str | None],
    managers: Sequence[str],
    policy: SprintPolicy = DEFAULT_POLICY,
) -> dict[str, list[Violation]]:
    """SP-5 / SP-6 at the cut-off: who is told of each readiness gap (from `readiness_gaps`).

    A ticket without story points goes to whoever does it (`doers`: its
    assignee, else its tentative assignee); without an assignee to its
    creator when known; without a reviewer to whoever does it; otherwise to
    the cell's sprint planning managers. An overcommitted member (SP-6) is
    told themselves. Each person's gaps keep the order given; gaps nobody
    can be told of (no manager) are listed under ``""``.
    """
    told: dict[str, list[Violation]] = {}
    for gap in gaps:
        kind = gap.extra.get("gap")
        if kind == "overcommitted":
            people = [gap.extra["member"]]
        else:
            ticket = gap.extra.get("ticket", "")
            person = creators.get(ticket) if kind == "assignee" else doers.get(ticket)
            people = [person] if person else list(dict.fromkeys(managers)) or [""]
        for person in people:
            told.setdefault(person, []).append(gap)
    return told


def start_due(sprint_start: date, policy: SprintPolicy = DEFAULT_POLICY) -> datetime:
    """SP-1 / SP-5: when a ready sprint starts by itself: 00:00 UTC of its day 0."""
    return datetime.combine(sprint_start, time.min, tzinfo=UTC)


def completion_due(sprint_end: date, policy: SprintPolicy = DEFAULT_POLICY) -> datetime:
    """SP-10: when a started sprint completes by itself: EOD (24:00 UTC) of its last day."""
    return end_of_day(sprint_end, policy)


def check_ticket_people(
    assignee: str | None, reviewer: str | None, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-5: a ticket's reviewer must be someone other than its assignee."""
    if assignee and reviewer and assignee == reviewer:
        return [
            Violation(
                SP_5_READINESS,
                "the reviewer must be someone other than the assignee: pick another reviewer.",
                {"field": "reviewer"},
            )
        ]
    return []


# SP-6 -------------------------------------------------------------------


def _committed(tickets: Iterable[TicketFacts]) -> list[TicketFacts]:
    """The tickets a sprint commits to: stretch goals are left out (SP-6)."""
    return [ticket for ticket in tickets if not ticket.stretch]


def review_hours_for_points(points: int | None, policy: SprintPolicy = DEFAULT_POLICY) -> Decimal:
    """SP-6: review time by story points: unestimated 2 h, 0–1 pt 0.5 h, 2 pt 1 h, 3 pt 2 h,
    5 pt 3 h, 8 pt or more 5 h."""
    if points is None:
        return policy.unestimated_review_hours
    if points < 0:
        raise ValueError(f"story points cannot be negative: {points}")
    thresholds = [threshold for threshold, _ in policy.review_hours_by_points]
    return policy.review_hours_by_points[bisect_right(thresholds, points) - 1][1]


def review_hours(ticket: TicketFacts, policy: SprintPolicy = DEFAULT_POLICY) -> Decimal:
    """SP-6: a ticket's review time: its own review estimate, else by its story points."""
    if ticket.review_hours is not None:
        return ticket.review_hours
    return review_hours_for_points(ticket.story_points, policy)


def committed_hours(
    member: str,
    tickets: Sequence[TicketFacts],
    epics_in_progress_owned: int,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> Decimal:
    """SP-6: a member's committed hours in a sprint.

    The remaining-time estimates of the tickets they are assignee of (an
    unset estimate counts 0 h), plus the review time of the tickets they
    review, plus 2 h for each epic `In progress` they own. Only the sprint's
    tickets that are not stretch goals count.
    """
    if epics_in_progress_owned < 0:
        raise ValueError("a member cannot own a negative number of epics")
    total = Decimal(0)
    for ticket in _committed(tickets):
        if ticket.assignee == member:
            total += ticket.remaining_hours or Decimal(0)
        if ticket.reviewer == member:
            total += review_hours(ticket, policy)
    return total + policy.epic_management_hours * epics_in_progress_owned


def hours_from_start(
    hours_per_working_day: Mapping[date, Decimal], start_date: date | None
) -> dict[date, Decimal]:
    """SP-6: the working days a member is with us for: those on or after their start date.

    A newcomer may start at any time during a sprint (handbook, onboarding), so
    the days of a sprint before their start date give them no hours; a member
    who starts after the sprint has none. No start date: every day counts.
    """
    return {
        day: hours
        for day, hours in hours_per_working_day.items()
        if start_date is None or day >= start_date
    }


def available_hours(
    hours_per_working_day: Mapping[date, Decimal],
    policy: SprintPolicy = DEFAULT_POLICY,
    *,
    start_date: date | None = None,
) -> Decimal:
    """SP-6: a member's available hours in a sprint.

    The sum of their hours on each working day of the sprint (time off
    already applied: an off day is 0 h or absent, a reduced day its stated
    hours) from their start date on (`hours_from_start`), minus the 2 h
    planning reserve, never below 0: a member who has not started by the
    sprint's end has 0 h, and one who starts mid-sprint still keeps the
    reserve for the meetings they join.
    """
    days = hours_from_start(hours_per_working_day, start_date)
    total = sum(days.values(), Decimal(0))
    return max(total - policy.planning_reserve_hours, Decimal(0))


def capacity_status(
    available: Decimal, committed: Decimal, policy: SprintPolicy = DEFAULT_POLICY
) -> CapacityStatus:
    """SP-6: overcommitted when committed > available; under-committed when committed
    < 80 % of available; ok otherwise. Compared exactly (no rounding)."""
    committed_exact, available_exact = Fraction(committed), Fraction(available)
    if committed_exact > available_exact:
        return CapacityStatus.OVERCOMMITTED
    if committed_exact < available_exact * policy.under_commit_ratio:
        return CapacityStatus.UNDER_COMMITTED
    return CapacityStatus.OK


def unestimated(
    member: str, tickets: Sequence[TicketFacts], policy: SprintPolicy = DEFAULT_POLICY
) -> list[str]:
    """SP-6: the keys of the member's assigned tickets without story points, in order."""
    return [
        ticket.key
        for ticket in _committed(tickets)
        if ticket.assignee == member and ticket.story_points is None
    ]


def member_capacity(
    member: str,
    hours_per_working_day: Mapping[date, Decimal],
    tickets: Sequence[TicketFacts],
    epics_in_progress_owned: int,
    policy: SprintPolicy = DEFAULT_POLICY,
    *,
    start_date: date | None = None,
) -> MemberCapacity:
    """SP-6: a member's available and committed hours, what is left, status and unestimated.

    `start_date`: the member's; days before it give no hours (`available_hours`)."""
    available = available_hours(hours_per_working_day, policy, start_date=start_date)
    committed = committed_hours(member, tickets, epics_in_progress_owned, policy)
    return MemberCapacity(
        member=member,
        available_hours=available,
        committed_hours=committed,
        remaining_hours=available - committed,
        status=capacity_status(available, committed, policy),
        unestimated=tuple(unestimated(member, tickets, policy)),
    )


# SP-7 -------------------------------------------------------------------


def counts_as_planned(ticket: TicketFacts, policy: SprintPolicy = DEFAULT_POLICY) -> bool:
    """SP-7: a ticket's remaining estimate is planned work when the ticket is open (not
    `Done`) and committed (not a stretch goal)."""
    return ticket.status != DONE and not ticket.stretch


def planned_sprints(
    calendar: SprintCalendar,
    first: date,
    last: date,
    today: date,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> PlannedSprints:
    """SP-7: the sprints whose planned work a budget counts.

    A client's month from `first` to `last` counts the sprints that start in
    it; an epic counts the current sprint (of `today`; the first sprint
    before the calendar begins) and the next one.
    """
    current = (
        calendar.for_date(today).number if today >= calendar.first_start else calendar.first_number
    )
    in_month = (
        tuple(
            n
            for n in range(calendar.first_number, calendar.for_date(last).number + 1)
            if first <= calendar.sprint(n).start <= last
        )
        if last >= calendar.first_start
        else ()
    )
    return PlannedSprints(for_month=in_month, for_epics=(current, current + 1))
