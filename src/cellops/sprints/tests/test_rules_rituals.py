"""The sprint rules of the rituals (SP-13 to SP-16) and the SP-14 numbers of the policy.
Pure functions, no database (sprint 6 starts on Mon 16 Mar 2026).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cellops.kernel.calendar import SprintCalendar
from cellops.sprints.data import (
    SprintPolicy,
)
from cellops.sprints.rules import (
    capped_social_chat_hours,
    check_firefighters,
    firefighter_pair,
    poll_opens,
    rank_poll,
    social_chat_window,
    tech_talk_day,
    video_due,
    video_update_title,
)

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))


SPRINT_6 = CALENDAR.sprint(6)


H = Decimal


def test_SP_14_firefighters_and_the_social_chat_days_come_from_the_policy() -> None:
    """`firefighter_pair` and the checks read the policy's numbers, not module constants."""
    three = SprintPolicy(firefighters_per_week=3)
    members = ["ann", "bob", "cat", "dan"]
    assert firefighter_pair(members, 0) == ("ann", "bob")
    assert firefighter_pair(members, 1, three) == ("dan", "ann", "bob")
    assert check_firefighters(["ann", "bob", "cat"]) != []
    assert check_firefighters(["ann", "bob", "cat"], three) == []
    opens, closes = social_chat_window(SPRINT_6, SprintPolicy(social_chat_last_day=1))
    assert (opens.date(), closes.date()) == (date(2026, 3, 16), date(2026, 3, 18))
    assert social_chat_window(SPRINT_6)[1].date() == date(2026, 3, 21)


@pytest.mark.parametrize(("count", "opens"), [(0, False), (2, False), (3, True), (7, True)])
def test_SP_13_a_poll_opens_with_more_than_two_items_to_improve(count: int, opens: bool) -> None:
    """Three or more "to improve" items open a poll."""
    assert poll_opens(count) is opens


def test_SP_13_poll_results_are_ranked_by_votes_ties_in_order() -> None:
    """Most votes first; equal votes keep their given order."""
    assert rank_poll({"a": 1, "b": 3, "c": 1, "d": 2}) == ["b", "d", "a", "c"]


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(45, H("0.50")), (30, H("0.50")), (20, H("0.33")), (15, H("0.25")), (0, H("0.00"))],
)
def test_SP_14_social_chat_time_is_capped_at_30_minutes(minutes: int, expected: Decimal) -> None:
    """Up to half an hour counts, in hours to the hundredth."""
    assert capped_social_chat_hours(minutes) == expected


def test_SP_14_negative_minutes_are_rejected() -> None:
    """Negative time cannot be logged."""
    with pytest.raises(ValueError):
        capped_social_chat_hours(-5)


@given(st.integers(min_value=0, max_value=10_000))
def test_SP_14_the_cap_is_never_exceeded(minutes: int) -> None:
    """Whatever is logged, at most 0.5 h counts."""
    assert capped_social_chat_hours(minutes) <= H("0.5")


def test_SP_15_video_update_title() -> None:
    """The title names the ending sprint, the cell and the member."""
    assert video_update_title(42, "Falcon", "Ann") == "Sprint 42 - Falcon - Ann"


@pytest.mark.parametrize(
    ("kind", "number", "due"),
    [("dev", 41, True), ("dev", 42, True), ("business", 42, True), ("business", 41, False)],
)
def test_SP_15_video_due_every_sprint_for_dev_every_other_for_business(
    kind: str, number: int, due: bool
) -> None:
    """Dev cells post every sprint; business cells on even-numbered sprints."""
    assert video_due(kind, number) is due


def test_SP_15_unknown_cell_kind_is_rejected() -> None:
    """Only dev and business cells exist."""
    with pytest.raises(ValueError):
        video_due("sales", 2)


def test_SP_16_tech_talk_on_the_mid_sprint_monday() -> None:
    """Sprint 6's tech talk is on Mon 23 Mar 2026, day 7."""
    assert tech_talk_day(SPRINT_6) == date(2026, 3, 23)
    assert tech_talk_day(SPRINT_6).weekday() == 0
