"""The rituals' pure rules (SP-13 to SP-16): no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cellops.kernel.calendar import CalendarPolicy, Sprint, SprintCalendar
from cellops.rituals import rules
from cellops.rituals.data import DEFAULT_POLICY, RitualPolicy
from cellops.rituals.rules import (
    capped_social_chat_hours,
    poll_opens,
    rank_poll,
    tech_talk_day,
    video_due,
    video_update_title,
)

D = Decimal
H = Decimal


# --- pure rules (no database) -------------------------------------------------------

SPRINT_6 = Sprint(6, date(2026, 3, 16), date(2026, 3, 29))


def test_SP_13_an_item_is_refused_from_the_sprints_last_EOD_or_once_completed() -> None:
    """Until 24:00 UTC of the last day, unless completed earlier."""
    eod = datetime(2026, 3, 30, tzinfo=UTC)
    assert rules.check_retro_item(SPRINT_6.end, False, eod - timedelta(seconds=1)) == []
    assert [v.rule for v in rules.check_retro_item(SPRINT_6.end, False, eod)] == ["SP-13"]
    assert [
        v.rule for v in rules.check_retro_item(SPRINT_6.end, True, eod - timedelta(days=3))
    ] == ["SP-13"]


def test_SP_13_publishing_needs_the_rollover_and_some_items_both_reported() -> None:
    """Not completed and empty: two violations at once."""
    assert len(rules.check_retro_publish(False, 0)) == 2
    assert rules.check_retro_publish(True, 1) == []


def test_SP_14_the_rotation_walks_the_members_two_a_week_wrapping_around() -> None:
    """Week 0 the first two, week 1 the next two; five members wrap; one member is alone."""
    five = ["a", "b", "c", "d", "e"]
    assert [rules.firefighter_pair(five, w) for w in range(4)] == [
        ("a", "b"),
        ("c", "d"),
        ("e", "a"),
        ("b", "c"),
    ]
    assert rules.firefighter_pair(five, -1) == ("d", "e")
    assert rules.firefighter_pair(["a"], 3) == ("a",)
    assert rules.firefighter_pair([], 3) == ()


@given(
    st.lists(st.text(min_size=1, max_size=3), min_size=2, max_size=9, unique=True),
    st.integers(-500, 500),
)
def test_SP_14_every_week_has_two_different_firefighters(members, week) -> None:
    """With two members or more, each week has exactly two, never the same person twice."""
    pair = rules.firefighter_pair(members, week)
    assert len(pair) == 2 and pair[0] != pair[1] and set(pair) <= set(members)


def test_SP_14_a_third_firefighter_is_refused() -> None:
    """Two a week."""
    assert rules.check_firefighters(["a", "b"]) == []
    assert [v.rule for v in rules.check_firefighters(["a", "b", "c"])] == ["SP-14"]


def test_SP_14_the_social_chat_is_in_days_0_to_4_UTC() -> None:
    """From Monday 00:00 UTC to Friday 24:00 UTC of the first week; an offset counts."""
    ok = [
        datetime(2026, 3, 16, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 20, 23, 59, tzinfo=UTC),
    ]
    refused = [
        datetime(2026, 3, 15, 23, 59, tzinfo=UTC),
        datetime(2026, 3, 21, 0, 0, tzinfo=UTC),
        datetime.fromisoformat("2026-03-20T23:30:00-01:00"),  # Saturday 00:30 UTC
        datetime(2026, 3, 23, 15, 0, tzinfo=UTC),
    ]
    assert all(rules.check_social_chat_time(SPRINT_6, at) == [] for at in ok)
    for at in refused:
        (violation,) = rules.check_social_chat_time(SPRINT_6, at)
        assert violation.rule == "SP-14" and violation.extra["field"] == "at"


def test_SP_14_the_cap_says_what_was_logged_and_what_is_left() -> None:
    """0.30 h logged: 0.20 h more fits, 0.25 h does not and the violation says 0.20 h is left."""
    assert rules.check_social_chat_log(D("0.30"), D("0.20")) == []
    (violation,) = rules.check_social_chat_log(D("0.30"), D("0.25"))
    assert violation.rule == "SP-14"
    assert violation.extra["logged_hours"] == 0.3 and violation.extra["max_hours"] == 0.2
    assert "at most 0.20 h" in violation.message


@given(st.lists(st.decimals(min_value=D("0.01"), max_value=D(2), places=2), max_size=12))
def test_SP_14_no_sequence_of_accepted_worklogs_exceeds_30_minutes(hours) -> None:
    """Whatever is tried, what the rule accepts never adds up to more than 0.5 h."""
    logged = D(0)
    for h in hours:
        if not rules.check_social_chat_log(logged, h):
            logged += h
    assert logged <= D("0.5")


def test_SP_15_a_video_for_a_sprint_not_due_is_refused_naming_the_next() -> None:
    """Business cells: even sprints only."""
    assert rules.check_video_due("business", 12) == []
    (violation,) = rules.check_video_due("business", 13)
    assert violation.rule == "SP-15" and violation.extra["due_sprint"] == 14
    assert rules.check_video_due("dev", 13) == []


def test_SP_16_only_the_mid_sprint_day_is_accepted() -> None:
    """Day 7 of sprint 6 is Monday 23 March 2026."""
    assert rules.check_tech_talk_day(SPRINT_6, date(2026, 3, 23)) == []
    (violation,) = rules.check_tech_talk_day(SPRINT_6, date(2026, 3, 24))
    assert violation.rule == "SP-16" and violation.extra["expected"] == "2026-03-23"


# Policy (moved from sprints' policy tests, decision 0028) ----------------------


def test_SP_ritual_policy_defaults_are_the_handbook_numbers() -> None:
    """The rituals' policy holds the handbook's numbers: more than two items open a poll, a
    30-minute social chat cap, two firefighters, business videos every other sprint, day 7."""
    assert DEFAULT_POLICY.poll_min_to_improve == 2
    assert DEFAULT_POLICY.social_chat_cap_minutes == 30
    assert DEFAULT_POLICY.firefighters_per_week == 2
    assert DEFAULT_POLICY.business_video_interval == 2
    assert DEFAULT_POLICY.calendar.mid_sprint_day == 7
    assert (DEFAULT_POLICY.social_chat_first_day, DEFAULT_POLICY.social_chat_last_day) == (0, 4)


@pytest.mark.parametrize(
    "fields",
    [
        {"business_video_interval": 0},
        {"poll_min_to_improve": -1},
        {"social_chat_cap_minutes": -1},
        {"firefighters_per_week": 0},
        {"social_chat_first_day": 3, "social_chat_last_day": 2},
    ],
)
def test_SP_ritual_policy_refuses_inconsistent_numbers(fields: dict[str, object]) -> None:
    """A policy with impossible numbers cannot be built."""
    with pytest.raises(ValueError):
        RitualPolicy(**fields)  # type: ignore[arg-type]


def test_SP_14_the_policy_sets_the_firefighters_per_week() -> None:
    """firefighter_pair and check_firefighters read the policy, not a module constant."""
    three = RitualPolicy(firefighters_per_week=3)
    assert rules.firefighter_pair(["a", "b", "c", "d"], 1, three) == ("d", "a", "b")
    assert rules.check_firefighters(["a", "b", "c"], three) == []
    assert [v.rule for v in rules.check_firefighters(["a", "b", "c"])] == ["SP-14"]


def test_SP_14_firefighters_and_the_social_chat_days_come_from_the_policy() -> None:
    """`firefighter_pair` and the checks read the policy's numbers, not module constants;
    another calendar moves the tech talk (sprint 6 starts on Mon 16 Mar 2026)."""
    sprint_6 = SprintCalendar(first_number=1, first_start=date(2026, 1, 5)).sprint(6)
    three = RitualPolicy(firefighters_per_week=3)
    members = ["ann", "bob", "cat", "dan"]
    assert rules.firefighter_pair(members, 0) == ("ann", "bob")
    assert rules.firefighter_pair(members, 1, three) == ("dan", "ann", "bob")
    opens, closes = rules.social_chat_window(sprint_6, RitualPolicy(social_chat_last_day=1))
    assert (opens.date(), closes.date()) == (date(2026, 3, 16), date(2026, 3, 18))
    assert rules.social_chat_window(sprint_6)[1].date() == date(2026, 3, 21)
    moved = RitualPolicy(calendar=CalendarPolicy(mid_sprint_day=8))
    assert rules.tech_talk_day(sprint_6, moved) == date(2026, 3, 24)


# The rituals' rules moved from sprints' rule tests (decision 0028) -----------------


# SP-13 ------------------------------------------------------------------


@pytest.mark.parametrize(("count", "opens"), [(0, False), (2, False), (3, True), (7, True)])
def test_SP_13_a_poll_opens_with_more_than_two_items_to_improve(count: int, opens: bool) -> None:
    """Three or more "to improve" items open a poll."""
    assert poll_opens(count) is opens


def test_SP_13_poll_results_are_ranked_by_votes_ties_in_order() -> None:
    """Most votes first; equal votes keep their given order."""
    assert rank_poll({"a": 1, "b": 3, "c": 1, "d": 2}) == ["b", "d", "a", "c"]


# SP-14 ------------------------------------------------------------------


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


# SP-15 ------------------------------------------------------------------


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


# SP-16 ------------------------------------------------------------------


def test_SP_16_tech_talk_on_the_mid_sprint_monday() -> None:
    """Sprint 6's tech talk is on Mon 23 Mar 2026, day 7."""
    assert tech_talk_day(SPRINT_6) == date(2026, 3, 23)
    assert tech_talk_day(SPRINT_6).weekday() == 0
