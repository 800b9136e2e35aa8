"""Sprint rules (SP-1 to SP-16), as pure functions.

- SP-1: the sprint calendar's deadlines (insertion cut-off on day 10, close
  of estimation on day 11 of the sprint before, both at EOD = 24:00 UTC);
- SP-2 / SP-3: story points on the scale, votes, the estimate of a ticket
  (median rounded up to the scale, "discuss" when votes are far apart);
- SP-4: the tentative assignee becomes the assignee at sprint start;
- SP-5: the gaps that keep a sprint from starting;
- SP-6: available and committed hours, over- and under-commitment;
- SP-8: task insertion after the cut-off (replacement or stretch goal);
- SP-9 / SP-10: statuses, spillover and clean sprints;
- SP-11: tickets at risk at mid-sprint;
- SP-13 to SP-16: retrospective poll, social chat cap, video updates, tech
  talk day.

Checks return every `Violation` they find (never stop at the first), each
naming its rule and saying what to do instead; computations return values
from `cellops.sprints.data`. Pure Python (standard library, this app's
`data` and the shared kernel), so the rules are fast to test and can be read
next to the handbook. Every public function takes the `SprintPolicy` last,
even when the handbook gives it no number to use, so callers can pass it
uniformly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from cellops.kernel.calendar import Sprint, format_day
from cellops.kernel.calendar import end_of_day as kernel_end_of_day
from cellops.kernel.violations import Violation
from cellops.sprints.data import (
    BACKLOG,
    BUSINESS_CELL,
    CELL_KINDS,
    DEFAULT_POLICY,
    DEV_CELL,
    DONE,
    KEY_EXAMPLE,
    KEY_NUMBER_DIGITS,
    KEY_PREFIX_MAX,
    KEY_PREFIX_PATTERN,
    OPEN,
    STATUSES,
    UNKNOWN_VOTE,
    CapacityStatus,
    EstimateResult,
    InsertionContext,
    InsertionDecision,
    InsertionPath,
    MemberCapacity,
    SprintPolicy,
    TicketFacts,
)

SP_1_CALENDAR = "SP-1"
SP_2_STORY_POINTS = "SP-2"
SP_3_ESTIMATION = "SP-3"
SP_4_TENTATIVE_ASSIGNEE = "SP-4"
SP_5_READINESS = "SP-5"
SP_6_CAPACITY = "SP-6"
SP_7_BUDGETS = "SP-7"
SP_8_INSERTION = "SP-8"
SP_9_STATUSES = "SP-9"
SP_10_SPILLOVER = "SP-10"
SP_11_AT_RISK = "SP-11"
SP_13_RETROSPECTIVE = "SP-13"
SP_14_SOCIAL_CHAT = "SP-14"
SP_15_VIDEO_UPDATE = "SP-15"
SP_16_TECH_TALK = "SP-16"

_CENT = Decimal("0.01")
_MINUTES_PER_HOUR = 60


def _scale_text(policy: SprintPolicy) -> str:
    values = [str(value) for value in policy.story_point_scale]
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]


def _in_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return moment.astimezone(UTC)


# SP-1 -------------------------------------------------------------------


def end_of_day(day: date, policy: SprintPolicy = DEFAULT_POLICY) -> datetime:
    """SP-1: a day's EOD, 24:00 UTC, as the instant 00:00 UTC of the next day."""
    return kernel_end_of_day(day)


def _day_of_sprint_before(sprint_start: date, day_number: int, policy: SprintPolicy) -> date:
    return sprint_start + timedelta(days=day_number - policy.sprint_length_days)


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


def estimation_closes_at(sprint_start: date, policy: SprintPolicy = DEFAULT_POLICY) -> date:
    """SP-1 / SP-3: the day whose EOD closes estimation: Friday, day 11 of the sprint before.

    That is the sprint's start − 3 days; the session closes at
    `end_of_day` of it (24:00 UTC), or earlier when the manager closes it.
    """
    return _day_of_sprint_before(sprint_start, policy.estimation_close_day, policy)


def estimation_deadline(sprint_start: date, policy: SprintPolicy = DEFAULT_POLICY) -> datetime:
    """SP-3: the instant an estimation session for the sprint closes by itself (UTC)."""
    return end_of_day(estimation_closes_at(sprint_start, policy), policy)


# SP-4 -------------------------------------------------------------------


def assignee_at_start(
    assignee: str | None, tentative: str | None, policy: SprintPolicy = DEFAULT_POLICY
) -> str | None:
    """SP-4: at sprint start a ticket without an assignee gets its tentative assignee.

    An existing assignee always wins; empty names count as none.
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


def available_hours(
    hours_per_working_day: Mapping[date, Decimal], policy: SprintPolicy = DEFAULT_POLICY
) -> Decimal:
    """SP-6: a member's available hours in a sprint.

    The sum of their hours on each working day of the sprint (time off
    already applied: an off day is 0 h or absent, a reduced day its stated
    hours) minus the 2 h planning reserve, never below 0.
    """
    total = sum(hours_per_working_day.values(), Decimal(0))
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
) -> MemberCapacity:
    """SP-6: a member's available and committed hours, what is left, status and unestimated."""
    available = available_hours(hours_per_working_day, policy)
    committed = committed_hours(member, tickets, epics_in_progress_owned, policy)
    return MemberCapacity(
        member=member,
        available_hours=available,
        committed_hours=committed,
        remaining_hours=available - committed,
        status=capacity_status(available, committed, policy),
        unestimated=tuple(unestimated(member, tickets, policy)),
    )


# SP-8 -------------------------------------------------------------------


def insertion_cutoff(sprint_start: date, policy: SprintPolicy = DEFAULT_POLICY) -> date:
    """SP-1 / SP-8: the day whose EOD is the task-insertion cut-off for a sprint.

    Thursday, day 10 of the sprint before: the sprint's start − 4 days.
    """
    return _day_of_sprint_before(sprint_start, policy.insertion_cutoff_day, policy)


def check_insertion(
    ctx: InsertionContext,
    replaces: str | None,
    stretch: bool,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> InsertionDecision:
    """SP-8: whether a ticket may be added to a sprint now, and by which path.

    Before the cut-off (Thursday EOD, day 10 of the sprint before, 24:00
    UTC) of a sprint that has not started, the path is `normal`. After it,
    or once the sprint has begun (its day 0 has come, or its start was
    recorded), it is refused unless (a) it names the ticket of that sprint it
    replaces or was split out from (path `replacement`, waiting for the
    sprint planning manager's confirmation) or (b) it goes to the top of the
    stretch goals (path `stretch`). Asking for both at once is refused too:
    the handbook offers one path or the other.
    """
    now = _in_utc(ctx.now, "now")
    cutoff = insertion_cutoff(ctx.sprint_start, policy)
    begun = ctx.sprint_started or now >= datetime.combine(ctx.sprint_start, time.min, tzinfo=UTC)
    late = now >= end_of_day(cutoff, policy)
    if not (begun or late):
        return InsertionDecision(allowed=True, path=InsertionPath.NORMAL, needs_confirmation=False)
    replaced = (replaces or "").strip()
    extra = {"cutoff": cutoff.isoformat()}
    when = (
        f"the sprint starting {format_day(ctx.sprint_start)} has already begun"
        if begun
        else (
            f"the task-insertion cut-off for the sprint starting {format_day(ctx.sprint_start)} "
            f"was {format_day(cutoff)}, 24:00 UTC"
        )
    )
    if replaced and stretch:
        return InsertionDecision(
            allowed=False,
            path=None,
            needs_confirmation=False,
            violations=(
                Violation(
                    SP_8_INSERTION,
                    f"Choose one path: {when}, so a new ticket either names the ticket it "
                    "replaces or was split out from (and waits for the sprint planning manager's "
                    "confirmation), or goes to the top of the stretch goals; not both.",
                    {**extra, "field": "stretch"},
                ),
            ),
        )
    if replaced:
        return InsertionDecision(
            allowed=True, path=InsertionPath.REPLACEMENT, needs_confirmation=True
        )
    if stretch:
        return InsertionDecision(allowed=True, path=InsertionPath.STRETCH, needs_confirmation=False)
    return InsertionDecision(
        allowed=False,
        path=None,
        needs_confirmation=False,
        violations=(
            Violation(
                SP_8_INSERTION,
                f"Too late to add this ticket: {when}. Either name the ticket in that sprint it "
                "replaces or was split out from (the sprint planning manager then confirms it), "
                "or put it at the top of the sprint's stretch goals to ask for its inclusion; "
                "otherwise add it to a later sprint.",
                extra,
            ),
        ),
    )


def can_pull_stretch(
    sprint_ready: bool, assignee_status: str, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-8 (b): a stretch goal enters the sprint only when the sprint is ready (SP-5)
    and its assignee is under-committed (SP-6); reports both problems at once."""
    violations: list[Violation] = []
    if not sprint_ready:
        violations.append(
            Violation(
                SP_8_INSERTION,
                "The sprint is not ready (SP-5): give every ticket story points, an assignee "
                "and a reviewer, and make sure nobody is overcommitted, before pulling in a "
                "stretch goal.",
                {"gap": "sprint_not_ready"},
            )
        )
    if assignee_status != CapacityStatus.UNDER_COMMITTED:
        violations.append(
            Violation(
                SP_8_INSERTION,
                f"Its assignee is {assignee_status}, not under-committed (SP-6): assign it to "
                "someone who still needs work, or leave it in the stretch goals.",
                {"field": "assignee", "status": str(assignee_status)},
            )
        )
    return violations


# SP-9 -------------------------------------------------------------------


def check_status(value: str, policy: SprintPolicy = DEFAULT_POLICY) -> list[Violation]:
    """SP-9: a ticket's status is one of the board's columns (exact spelling)."""
    if value in STATUSES:
        return []
    return [
        Violation(
            SP_9_STATUSES,
            f"{value!r} is not a ticket status: use one of " + ", ".join(STATUSES) + ".",
            {"field": "status"},
        )
    ]


def is_open(status: str, policy: SprintPolicy = DEFAULT_POLICY) -> bool:
    """SP-9 / SP-10: a ticket is open in every status but `Done`."""
    return status in OPEN


# SP-10 ------------------------------------------------------------------


def tickets_to_move(
    tickets_at_end: Sequence[TicketFacts], policy: SprintPolicy = DEFAULT_POLICY
) -> list[str]:
    """SP-10: the keys of the open tickets (stretch goals included) that move to the next sprint.

    This move is never an insertion under SP-8.
    """
    return [ticket.key for ticket in tickets_at_end if ticket.status != DONE]


def spillover(
    tickets_at_end: Sequence[TicketFacts],
    assignees_at_start: Mapping[str, str | None],
    policy: SprintPolicy = DEFAULT_POLICY,
) -> dict[str | None, list[str]]:
    """SP-10: the spillover of a completed sprint, as member → ticket keys.

    Each open ticket that is not a stretch goal (stretch goals were never
    committed to) is recorded against its current assignee, or, when it has
    none, its assignee at sprint start (`assignees_at_start`, key →
    username); a ticket with neither is recorded under None.
    """
    spilled: dict[str | None, list[str]] = {}
    for ticket in tickets_at_end:
        if ticket.status == DONE or ticket.stretch:
            continue
        member = ticket.assignee or assignees_at_start.get(ticket.key) or None
        spilled.setdefault(member, []).append(ticket.key)
    return spilled


def clean_sprint(
    member: str,
    spilled: Mapping[str | None, Sequence[str]],
    assigned_at_start: Mapping[str, str | None],
    policy: SprintPolicy = DEFAULT_POLICY,
) -> bool:
    """SP-10: a member's sprint is clean when none of the tickets they were assignee of at
    sprint start spilled over, whoever the spillover was recorded against."""
    spilled_keys = {key for keys in spilled.values() for key in keys}
    return not any(
        key in spilled_keys for key, assignee in assigned_at_start.items() if assignee == member
    )


# SP-11 ------------------------------------------------------------------


def at_risk(
    ticket: TicketFacts,
    assignee_remaining_available: Decimal,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> bool:
    """SP-11: at mid-sprint a ticket is at risk when it is still in `Backlog`, or its
    remaining time is more than its assignee's remaining available hours.

    A `Done` ticket has nothing left to do and is never at risk; an unset
    remaining estimate counts 0 h.
    """
    if ticket.status == DONE:
        return False
    if ticket.status == BACKLOG:
        return True
    return (ticket.remaining_hours or Decimal(0)) > assignee_remaining_available


# SP-13 ------------------------------------------------------------------


def poll_opens(to_improve_count: int, policy: SprintPolicy = DEFAULT_POLICY) -> bool:
    """SP-13: a retrospective poll opens with more than two "to improve" items."""
    return to_improve_count > policy.poll_min_to_improve


def rank_poll[T](votes: Mapping[T, int], policy: SprintPolicy = DEFAULT_POLICY) -> list[T]:
    """SP-13: the poll's items ranked by votes, most first; ties keep their given order."""
    return sorted(votes, key=lambda item: -votes[item])


#: SP-13: the two kinds of retrospective item.
WENT_WELL = "went well"
TO_IMPROVE = "to improve"
RETRO_KINDS: tuple[str, ...] = (WENT_WELL, TO_IMPROVE)


def retrospective_thread_title(cell: str) -> str:
    """SP-13: the cell's running forum thread, ``Sprint Retrospective - <Cell>``."""
    return f"Sprint Retrospective - {cell.strip()}"


def check_retro_item(
    sprint_end: date,
    completed: bool,
    now: datetime,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> list[Violation]:
    """SP-13: members add items before the sprint ends, that is before its last day's EOD
    (24:00 UTC) and before it was completed (rollover), whichever comes first."""
    deadline = end_of_day(sprint_end, policy)
    if completed or _in_utc(now, "now") >= deadline:
        return [
            Violation(
                SP_13_RETROSPECTIVE,
                f"This sprint ended ({format_day(sprint_end)}, 24:00 UTC) or was completed, so its "
                "retrospective takes no more items; add yours to the current sprint's retrospective.",
                {"deadline": deadline.isoformat()},
            )
        ]
    return []


def check_retro_publish(
    completed: bool, item_count: int, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-13: a retrospective is published after rollover (the sprint is completed), and only
    when members added items to it."""
    violations = []
    if not completed:
        violations.append(
            Violation(
                SP_13_RETROSPECTIVE,
                "The retrospective is published after rollover: complete the sprint first, "
                "then publish it to the cell's running thread.",
            )
        )
    if item_count == 0:
        violations.append(
            Violation(
                SP_13_RETROSPECTIVE,
                "Nobody added an item to this retrospective, so there is nothing to publish.",
            )
        )
    return violations


# SP-14 ------------------------------------------------------------------


def capped_social_chat_hours(
    minutes_logged: int | Decimal, policy: SprintPolicy = DEFAULT_POLICY
) -> Decimal:
    """SP-14: the hours a participant may log for one social chat: at most 30 minutes.

    Returned in hours to the hundredth (worklogs keep two decimals), e.g. 45
    min → 0.50, 20 min → 0.33. Negative minutes raise ValueError.
    """
    if minutes_logged < 0:
        raise ValueError("minutes logged cannot be negative")
    minutes = min(Decimal(minutes_logged), Decimal(policy.social_chat_cap_minutes))
    return (minutes / _MINUTES_PER_HOUR).quantize(_CENT, rounding=ROUND_HALF_UP)


#: SP-14: firefighters per cell per week.
FIREFIGHTERS_PER_WEEK = 2
#: SP-14: the social chat happens in the sprint's first week, days 0 (Mon) to 4 (Fri).
SOCIAL_CHAT_FIRST_DAY = 0
SOCIAL_CHAT_LAST_DAY = 4


def week_start(day: date) -> date:
    """SP-14: the Monday of `day`'s ISO week (the firefighter rotation goes by week)."""
    return day - timedelta(days=day.weekday())


def firefighter_pair(
    members: Sequence[str], week_index: int, policy: SprintPolicy = DEFAULT_POLICY
) -> tuple[str, ...]:
    """SP-14: the rotation's firefighters of week number `week_index`.

    Walks `members` (in the order given, which the caller keeps stable) two
    per week, wrapping around: week 0 has the first two, week 1 the next two,
    and so on; negative weeks count backwards. A cell of one member has one
    firefighter; a cell without members none.
    """
    if not members:
        return ()
    count = min(FIREFIGHTERS_PER_WEEK, len(members))
    first = week_index * FIREFIGHTERS_PER_WEEK
    return tuple(members[(first + i) % len(members)] for i in range(count))


def check_firefighters(
    members: Sequence[str], policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-14: at most two firefighters per cell per week."""
    if len(members) > FIREFIGHTERS_PER_WEEK:
        return [
            Violation(
                SP_14_SOCIAL_CHAT,
                f"A cell has {FIREFIGHTERS_PER_WEEK} firefighters a week, not {len(members)}; "
                f"choose {FIREFIGHTERS_PER_WEEK} of {', '.join(members)}.",
                {"field": "members", "count": len(members)},
            )
        ]
    return []


def social_chat_window(
    sprint: Sprint, policy: SprintPolicy = DEFAULT_POLICY
) -> tuple[datetime, datetime]:
    """SP-14: when a sprint's social chat may take place: from day 0, 00:00 UTC, to the end
    (24:00 UTC, exclusive) of day 4, the first week's Friday."""
    opens = datetime.combine(sprint.on_day(SOCIAL_CHAT_FIRST_DAY), time.min, tzinfo=UTC)
    return opens, end_of_day(sprint.on_day(SOCIAL_CHAT_LAST_DAY), policy)


def check_social_chat_time(
    sprint: Sprint, at: datetime, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-14: the social chat's time lies within the sprint's first week (days 0 to 4, UTC)."""
    opens, closes = social_chat_window(sprint, policy)
    if not opens <= _in_utc(at, "at") < closes:
        first, last = sprint.on_day(SOCIAL_CHAT_FIRST_DAY), sprint.on_day(SOCIAL_CHAT_LAST_DAY)
        return [
            Violation(
                SP_14_SOCIAL_CHAT,
                f"The social chat of sprint {sprint.number} takes place in its first week: choose a "
                f"time from {format_day(first)} to {format_day(last)} (UTC).",
                {"field": "at", "earliest": opens.isoformat(), "before": closes.isoformat()},
            )
        ]
    return []


def check_social_chat_log(
    logged_hours: Decimal, hours: Decimal, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-14: a participant logs at most 30 minutes on one social chat, all worklogs together.

    `logged_hours` is what they logged on the chat's ticket already, `hours`
    what they want to log now.
    """
    cap = capped_social_chat_hours(policy.social_chat_cap_minutes, policy)
    if Decimal(logged_hours) + Decimal(hours) <= cap:
        return []
    room = max(cap - Decimal(logged_hours), Decimal(0))
    return [
        Violation(
            SP_14_SOCIAL_CHAT,
            f"Time logged on a social chat is capped at {policy.social_chat_cap_minutes} minutes "
            f"per participant: you logged {Decimal(logged_hours):.2f} h on it already, so log "
            + (f"at most {room:.2f} h." if room else "nothing more on it."),
            {
                "field": "hours",
                "logged_hours": float(logged_hours),
                "max_hours": float(room),
                "cap_hours": float(cap),
            },
        )
    ]


# SP-15 ------------------------------------------------------------------


def video_update_title(
    sprint_number: int, cell: str, name: str, policy: SprintPolicy = DEFAULT_POLICY
) -> str:
    """SP-15: ``Sprint X - <Cell> - <Name>``, X being the number of the sprint that is ending."""
    return f"Sprint {sprint_number} - {cell.strip()} - {name.strip()}"


def video_due(cell_kind: str, sprint_number: int, policy: SprintPolicy = DEFAULT_POLICY) -> bool:
    """SP-15: dev-cell members post a video update every sprint; business-cell members every
    other sprint (even-numbered sprints), with the dev cells'."""
    if cell_kind == DEV_CELL:
        return True
    if cell_kind == BUSINESS_CELL:
        return sprint_number % policy.business_video_interval == 0
    raise ValueError(f"unknown cell kind {cell_kind!r}: expected one of {', '.join(CELL_KINDS)}")


def sprint_updates_thread_title(cell: str) -> str:
    """SP-15: the cell's forum thread the video updates are posted in, reused every sprint."""
    return f"Sprint updates - {cell.strip()}"


def check_video_due(
    cell_kind: str, sprint_number: int, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-15: a video update is posted only for a sprint it is due in."""
    if video_due(cell_kind, sprint_number, policy):
        return []
    return [
        Violation(
            SP_15_VIDEO_UPDATE,
            f"Business-cell members post a video update every other sprint, with the dev cells'; "
            f"none is due for sprint {sprint_number}: post it for sprint {sprint_number + 1}.",
            {"due_sprint": sprint_number + 1},
        )
    ]


# SP-16 ------------------------------------------------------------------


def tech_talk_day(sprint: Sprint, policy: SprintPolicy = DEFAULT_POLICY) -> date:
    """SP-16: a tech talk is scheduled on the mid-sprint meeting's day (Monday, day 7)."""
    return sprint.on_day(policy.mid_sprint_day)


def check_tech_talk_day(
    sprint: Sprint, day: date, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-16: a tech talk given a date must be on that sprint's mid-sprint meeting day."""
    expected = tech_talk_day(sprint, policy)
    if day == expected:
        return []
    return [
        Violation(
            SP_16_TECH_TALK,
            f"A tech talk takes place on the day of a mid-sprint meeting: for sprint "
            f"{sprint.number} that is {format_day(expected)}, not {format_day(day)}.",
            {"field": "day", "expected": expected.isoformat()},
        )
    ]


# Ticket keys (WF-2) -----------------------------------------------------
# A pull request names its ticket by key (`[SE-1234] …`), so every key has the
# shape of `data.KEY_PATTERN`; automatic keys and repairs of old ones too.

WF_2_TICKET_ID = "WF-2"
_KEY = re.compile(rf"({KEY_PREFIX_PATTERN})-([0-9]+)", re.ASCII)


def is_ticket_key(key: object, policy: SprintPolicy = DEFAULT_POLICY) -> bool:
    """WF-2: whether `key` is a ticket key, e.g. ``LYNX-42`` (ASCII only: never ``LYNX-²``)."""
    return isinstance(key, str) and _full_key(key) is not None


def _full_key(key: str) -> re.Match[str] | None:
    match = _KEY.fullmatch(key)
    if match is None or len(match[2]) > KEY_NUMBER_DIGITS:
        return None
    return match


def key_problem(key: object, policy: SprintPolicy = DEFAULT_POLICY) -> str | None:
    """WF-2: what is wrong with `key` as a ticket key, said as what to give instead; None if fine."""
    if is_ticket_key(key, policy):
        return None
    return (
        f"give a ticket key like {KEY_EXAMPLE}: up to {KEY_PREFIX_MAX} capital letters "
        f"or digits (A-Z, 0-9) starting with a letter, a hyphen, and a number of up to "
        f"{KEY_NUMBER_DIGITS} digits, not {key!r}"
    )


def key_prefix(cell: str, policy: SprintPolicy = DEFAULT_POLICY) -> str:
    """WF-2: the project part of a cell's automatic keys: its name's first four ASCII
    letters and digits, upper-cased, starting with a letter (``T`` when there is none)."""
    kept = "".join(ch for ch in cell.upper() if ch.isascii() and ch.isalnum())
    kept = kept.lstrip("0123456789")
    return kept[:4] or "T"


def key_number(key: str, prefix: str, policy: SprintPolicy = DEFAULT_POLICY) -> int | None:
    """WF-2: the number of `key` when it is a well-formed key with project part `prefix`."""
    match = _full_key(key)
    return int(match[2]) if match and match[1] == prefix else None


def next_key(prefix: str, used: Iterable[str], policy: SprintPolicy = DEFAULT_POLICY) -> str:
    """WF-2: the next automatic key of `prefix` after the highest well-formed one in `used`.

    Keys that are not well formed (left by older versions) are ignored, never a crash.
    """
    numbers = [n for n in (key_number(key, prefix, policy) for key in used) if n is not None]
    return f"{prefix}-{max(numbers, default=0) + 1}"


def repaired_keys(
    odd: Sequence[tuple[str, str]], taken: Iterable[str], policy: SprintPolicy = DEFAULT_POLICY
) -> dict[str, str]:
    """WF-2: the key each ill-formed key becomes, given as ``(key, prefix of its cell)``.

    First, a key that only needs trimming and upper-casing (``lynx-4``) gets that when it
    is free; then every other one (``LYNX-²``, ``EVIL/1``) takes the next free number of
    its cell's prefix, in the order given. `taken` is every key in use.
    """
    keys = {key for key, _ in odd}
    used = set(taken) - keys
    new: dict[str, str] = {}
    for key, _ in odd:
        candidate = key.strip().upper()
        if is_ticket_key(candidate, policy) and candidate not in used:
            new[key] = candidate
            used.add(candidate)
    for key, prefix in odd:
        if key not in new:
            new[key] = next_key(prefix, used, policy)
            used.add(new[key])
    return new
