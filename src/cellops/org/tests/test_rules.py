"""Pure organisation rules: no database."""

from datetime import date
from decimal import Decimal

import pytest

from cellops.kernel.violations import InvalidInput
from cellops.org import rules
from cellops.org.data import MemberStatus, Role


@pytest.mark.parametrize(
    ("status", "active"),
    [
        (MemberStatus.CANDIDATE, False),
        (MemberStatus.NEWCOMER, True),
        (MemberStatus.CORE, True),
        (MemberStatus.LEFT, False),
    ],
)
def test_ORG_2_only_newcomers_and_core_members_are_active(status, active):
    """ORG-2: newcomers and core members count as active, candidates and leavers do not."""
    assert rules.is_active(status) is active


def test_ORG_2_daily_hours_spread_weekly_hours_over_working_days():
    """ORG-2 / RULES conventions: 40 h over 5 days is 8 h a day; 30 h over 3 days is 10 h."""
    assert rules.daily_hours(Decimal(40), [0, 1, 2, 3, 4]) == Decimal(8)
    assert rules.daily_hours(Decimal(30), [0, 2, 4]) == Decimal(10)


@pytest.mark.parametrize("days", [[], [7], [-1], [0, 0], ["1"], [True]])
def test_ORG_2_working_days_must_be_distinct_weekday_numbers(days):
    """ORG-2: working days are 0..6, at least one, none twice; anything else names the field."""
    with pytest.raises(InvalidInput) as refused:
        rules.check_working_days(days)
    assert refused.value.field == "working_days"


def test_ORG_2_working_days_are_returned_sorted():
    """Valid working days come back in weekday order."""
    assert rules.check_working_days([4, 0, 2]) == (0, 2, 4)


@pytest.mark.parametrize("hours", [Decimal(0), Decimal(-5), Decimal("80.01")])
def test_ORG_2_weekly_hours_must_be_above_zero_and_at_most_80(hours):
    """ORG-2: weekly hours outside (0, 80] are refused, naming weekly_hours."""
    with pytest.raises(InvalidInput) as refused:
        rules.check_weekly_hours(hours)
    assert refused.value.field == "weekly_hours"


def test_ORG_3_a_sprint_planning_manager_is_held_for_one_cell():
    """ORG-3: per-cell roles need their cell."""
    with pytest.raises(InvalidInput) as refused:
        rules.check_role_scope(Role.SPRINT_PLANNING_MANAGER, None, None, date(2026, 1, 5), None)
    assert refused.value.field == "cell"


def test_ORG_3_a_mentor_names_the_newcomer_and_only_a_mentor_does():
    """ORG-3: a mentor is mentor of a newcomer; other roles have no mentee."""
    with pytest.raises(InvalidInput) as no_mentee:
        rules.check_role_scope(Role.MENTOR, None, None, date(2026, 1, 5), None)
    with pytest.raises(InvalidInput) as stray_mentee:
        rules.check_role_scope(Role.CTO, None, "ada", date(2026, 1, 5), None)
    assert (no_mentee.value.field, stray_mentee.value.field) == ("mentee", "mentee")


def test_ORG_3_a_role_cannot_end_before_it_starts():
    """ORG-3: the date range of a role is in order."""
    with pytest.raises(InvalidInput) as refused:
        rules.check_role_scope(Role.CEO, None, None, date(2026, 3, 2), date(2026, 3, 1))
    assert refused.value.field == "end"


def test_ORG_3_a_role_is_held_on_both_ends_of_its_range_and_open_ended_without_an_end():
    """ORG-3: role date ranges are inclusive; no end means still held."""
    start, end = date(2026, 3, 2), date(2026, 3, 31)
    assert rules.role_held_on(start, end, start) and rules.role_held_on(start, end, end)
    assert not rules.role_held_on(start, end, date(2026, 4, 1))
    assert rules.role_held_on(start, None, date(2030, 1, 1))


def test_a_time_zone_must_be_a_known_iana_name():
    """Unknown time zones are refused naming the field; known ones pass."""
    assert rules.check_timezone("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(InvalidInput) as refused:
        rules.check_timezone("Mars/Olympus")
    assert refused.value.field == "timezone"


def test_SP_1_the_insertion_cut_off_is_thursday_of_the_sprint_before_and_mid_sprint_is_day_7():
    """SP-1: sprint 2 (from Mon 19 Jan 2026) closes insertion on Thu 15 Jan; its mid-sprint is Mon 26 Jan."""
    from cellops.kernel.calendar import SprintCalendar

    sprint = SprintCalendar(first_number=1, first_start=date(2026, 1, 5)).sprint(2)
    row = rules.sprint_row(sprint, today=date(2026, 1, 20))
    assert row.insertion_cutoff == date(2026, 1, 15) and row.insertion_cutoff.weekday() == 3
    assert row.mid_sprint == date(2026, 1, 26)
    assert row.current is True
    assert rules.sprint_row(sprint, today=date(2026, 2, 2)).current is False


def test_SP_1_the_calendar_policy_holds_the_handbook_days_and_moves_the_landmarks():
    """SP-1: the calendar numbers live in one policy object; another policy moves both landmarks."""
    from cellops.kernel.calendar import DEFAULT_CALENDAR_POLICY, CalendarPolicy, SprintCalendar

    assert (
        CalendarPolicy(
            mid_sprint_day=7,
            insertion_cutoff_day=10,
            estimation_close_day=11,
            sprint_length_days=14,
        )
        == DEFAULT_CALENDAR_POLICY
    )
    assert DEFAULT_CALENDAR_POLICY.before_sprint(10) == -4
    sprint = SprintCalendar(first_number=1, first_start=date(2026, 1, 5)).sprint(2)
    row = rules.sprint_row(
        sprint, date(2026, 1, 20), CalendarPolicy(mid_sprint_day=8, insertion_cutoff_day=9)
    )
    assert row.mid_sprint == date(2026, 1, 27)
    assert row.insertion_cutoff == date(2026, 1, 14)
