"""The rule IDs and what the sprint rules share: EOD (SP-1), the scale in words, UTC checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from cellops.kernel.calendar import end_of_day as kernel_end_of_day
from cellops.sprints.data import DEFAULT_POLICY, SprintPolicy

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


def hours_in_words(value: Decimal | None) -> str:
    """Hours in a sentence, to the hundredth: 40, 0.50 (None counts 0)."""
    exact = (value or Decimal(0)).quantize(_CENT)
    return f"{exact:.0f}" if exact == exact.to_integral_value() else f"{exact:f}"


def _in_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return moment.astimezone(UTC)


# SP-1 -------------------------------------------------------------------


def end_of_day(day: date, policy: SprintPolicy = DEFAULT_POLICY) -> datetime:
    """SP-1: a day's EOD, 24:00 UTC, as the instant 00:00 UTC of the next day."""
    return kernel_end_of_day(day)


def _day_of_sprint_before(sprint_start: date, day_number: int, policy: SprintPolicy) -> date:
    return sprint_start + timedelta(days=policy.calendar.before_sprint(day_number))
