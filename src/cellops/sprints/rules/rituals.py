"""SP-13 retrospective and poll, SP-14 firefighters and social chat, SP-15 video updates, SP-16
tech talks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from cellops.kernel.calendar import Sprint, format_day
from cellops.kernel.violations import Violation
from cellops.sprints.data import BUSINESS_CELL, CELL_KINDS, DEFAULT_POLICY, DEV_CELL, SprintPolicy
from cellops.sprints.rules._common import (
    _CENT,
    _MINUTES_PER_HOUR,
    SP_13_RETROSPECTIVE,
    SP_14_SOCIAL_CHAT,
    SP_15_VIDEO_UPDATE,
    SP_16_TECH_TALK,
    _in_utc,
    end_of_day,
)

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
    per_week = policy.firefighters_per_week
    count = min(per_week, len(members))
    first = week_index * per_week
    return tuple(members[(first + i) % len(members)] for i in range(count))


def check_firefighters(
    members: Sequence[str], policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-14: at most two firefighters per cell per week."""
    per_week = policy.firefighters_per_week
    if len(members) > per_week:
        return [
            Violation(
                SP_14_SOCIAL_CHAT,
                f"A cell has {per_week} firefighters a week, not {len(members)}; "
                f"choose {per_week} of {', '.join(members)}.",
                {"field": "members", "count": len(members)},
            )
        ]
    return []


def social_chat_window(
    sprint: Sprint, policy: SprintPolicy = DEFAULT_POLICY
) -> tuple[datetime, datetime]:
    """SP-14: when a sprint's social chat may take place: from day 0, 00:00 UTC, to the end
    (24:00 UTC, exclusive) of day 4, the first week's Friday."""
    opens = datetime.combine(sprint.on_day(policy.social_chat_first_day), time.min, tzinfo=UTC)
    return opens, end_of_day(sprint.on_day(policy.social_chat_last_day), policy)


def check_social_chat_time(
    sprint: Sprint, at: datetime, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-14: the social chat's time lies within the sprint's first week (days 0 to 4, UTC)."""
    opens, closes = social_chat_window(sprint, policy)
    if not opens <= _in_utc(at, "at") < closes:
        first, last = (
            sprint.on_day(policy.social_chat_first_day),
            sprint.on_day(policy.social_chat_last_day),
        )
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
    return sprint.on_day(policy.calendar.mid_sprint_day)


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
