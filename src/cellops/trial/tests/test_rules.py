"""Tests for the newcomers' trial rules (TR-1, TR-2, TR-4 to TR-7).

Plain pytest with no database: the rules are pure functions. Concrete dates
use a calendar whose sprint 1 starts on Monday 2026-01-05, so sprint 2 starts
on 2026-01-19, sprint 3 on 2026-02-02, sprint 4 on 2026-02-16, sprint 5 on
2026-03-02.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cellops.kernel.calendar import BeforeFirstSprint, Sprint, SprintCalendar
from cellops.kernel.violations import RuleRefusal, Violation
from cellops.trial.data import (
    DEFAULT_POLICY,
    CleanSprintKind,
    Extension,
    MilestoneState,
    TodayPosition,
    TrialPolicy,
)
from cellops.trial.rules import (
    clean_sprints_required,
    extension,
    milestones,
    points_warning,
    sprints_between,
    timeline,
    today_position,
    trial_schedule,
    trial_sprint_count,
    week_of,
)

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))

mondays = st.integers(min_value=0, max_value=1000).map(
    lambda weeks: date(2020, 1, 6) + timedelta(weeks=weeks)
)
offsets = st.integers(min_value=0, max_value=2000)
sprint_counts = st.integers(min_value=1, max_value=200)
kinds = st.sampled_from(list(CleanSprintKind))


# TR-1 -------------------------------------------------------------------


def test_TR_1_end_of_trial_is_56_days_after_start() -> None:
    """The trial ends exactly 56 days after the start date."""
    schedule = trial_schedule(date(2026, 1, 5), CALENDAR)
    assert schedule.end_of_trial == date(2026, 3, 2)


def test_TR_1_review_deadline_is_49_days_after_start() -> None:
    """Developer reviews are due 49 days after the start, a week before the end."""
    schedule = trial_schedule(date(2026, 1, 14), CALENDAR)
    assert schedule.review_deadline == date(2026, 3, 4)
    assert schedule.end_of_trial == date(2026, 3, 11)


def test_TR_1_policy_numbers_change_the_dates() -> None:
    """Another agency's trial length and review lead change the computed dates."""
    policy = TrialPolicy(trial_days=84, review_lead_days=14)
    schedule = trial_schedule(date(2026, 1, 5), CALENDAR, policy)
    assert schedule.end_of_trial == date(2026, 3, 30)
    assert schedule.review_deadline == date(2026, 3, 16)


def test_TR_1_start_before_the_first_sprint_raises_before_first_sprint() -> None:
    """A start before the calendar's first sprint is left to the caller to report."""
    with pytest.raises(BeforeFirstSprint):
        trial_schedule(date(2026, 1, 4), CALENDAR)


# TR-2 -------------------------------------------------------------------


def test_TR_2_start_on_a_sprint_day_0_is_screened_on_that_sprints_day_13() -> None:
    """A newcomer starting on a sprint's first Monday is screened at its end."""
    assert trial_schedule(date(2026, 1, 5), CALENDAR).screening_review_due == date(2026, 1, 18)
    assert trial_schedule(date(2026, 1, 19), CALENDAR).screening_review_due == date(2026, 2, 1)


def test_TR_2_start_mid_sprint_is_screened_on_the_next_sprints_day_13() -> None:
    """A newcomer starting mid-sprint is screened at the end of the next sprint."""
    assert trial_schedule(date(2026, 1, 7), CALENDAR).screening_review_due == date(2026, 2, 1)


def test_TR_2_start_on_the_second_monday_is_screened_on_the_next_sprints_day_13() -> None:
    """A Monday that is day 7, not day 0, does not begin a complete sprint."""
    assert trial_schedule(date(2026, 1, 12), CALENDAR).screening_review_due == date(2026, 2, 1)


def test_TR_2_start_on_a_sunday_is_screened_on_the_next_sprints_day_13() -> None:
    """Starting on a Sunday, even a sprint's last day, waits for the next sprint."""
    assert trial_schedule(date(2026, 1, 11), CALENDAR).screening_review_due == date(2026, 2, 1)
    assert trial_schedule(date(2026, 1, 18), CALENDAR).screening_review_due == date(2026, 2, 1)


# TR-4 -------------------------------------------------------------------


def test_TR_4_two_sprint_extension_ends_28_days_after_the_121() -> None:
    """A 2-sprint extension ends 28 days after the 121, reviews due 7 days earlier."""
    assert extension(date(2026, 3, 2), 2) == Extension(
        date_of_121=date(2026, 3, 2),
        sprints=2,
        end_of_extension=date(2026, 3, 30),
        review_deadline=date(2026, 3, 23),
    )


def test_TR_4_four_sprint_extension_ends_56_days_after_the_121() -> None:
    """A 4-sprint extension ends 56 days after the 121, reviews due 7 days earlier."""
    result = extension(date(2026, 3, 2), 4)
    assert result.end_of_extension == date(2026, 4, 27)
    assert result.review_deadline == date(2026, 4, 20)


def test_TR_4_three_sprint_extension_is_refused_on_the_sprints_field() -> None:
    """Only 2 or 4 sprint extensions are accepted; 3 is refused with the field named."""
    with pytest.raises(RuleRefusal) as refusal:
        extension(date(2026, 3, 2), 3)
    [violation] = refusal.value.violations
    assert violation.rule == "TR-4"
    assert violation.extra == {"field": "sprints"}
    assert "2 or 4" in violation.message


# TR-5 -------------------------------------------------------------------


def test_TR_5_start_on_day_0_puts_the_review_in_the_last_sprint_of_the_trial() -> None:
    """Starting on day 0, the review goes in the sprint holding the trial's last day."""
    schedule = trial_schedule(date(2026, 1, 5), CALENDAR)
    assert schedule.developer_review_sprint == Sprint(4, date(2026, 2, 16), date(2026, 3, 1))


def test_TR_5_start_mid_sprint_puts_the_review_a_sprint_before_the_deadline() -> None:
    """Starting mid-sprint, the review goes in the sprint before the deadline's sprint."""
    schedule = trial_schedule(date(2026, 1, 14), CALENDAR)
    assert schedule.review_deadline == date(2026, 3, 4)  # in sprint 5
    assert schedule.developer_review_sprint == Sprint(4, date(2026, 2, 16), date(2026, 3, 1))


def test_TR_5_start_early_in_a_sprint_moves_the_review_a_sprint_earlier() -> None:
    """Starting on day 3, the deadline falls in sprint 4, so the review goes in sprint 3."""
    schedule = trial_schedule(date(2026, 1, 8), CALENDAR)
    assert schedule.review_deadline == date(2026, 2, 26)  # in sprint 4
    assert schedule.developer_review_sprint == Sprint(3, date(2026, 2, 2), date(2026, 2, 15))


# TR-6 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "sprints", "required"),
    [
        ("initial", 4, 2),
        ("extended", 8, 5),
        ("core", 8, 6),
        ("extended", 6, 4),
    ],
)
def test_TR_6_handbook_examples_give_the_handbook_counts(
    kind: str, sprints: int, required: int
) -> None:
    """2 of 4 initial, 5 of 8 extended, 6 of 8 core, 4 of 6 extended."""
    assert clean_sprints_required(sprints, kind) == required


@pytest.mark.parametrize(
    ("kind", "sprints", "required"),
    [
        ("initial", 5, 3),
        ("extended", 7, 4),
        ("core", 5, 4),
        ("initial", 1, 1),
        ("core", 1, 1),
    ],
)
def test_TR_6_odd_sprint_counts_round_half_and_75_percent_up_and_two_thirds_down(
    kind: str, sprints: int, required: int
) -> None:
    """Half and 75 % are minimums (rounded up); two thirds is rounded down."""
    assert clean_sprints_required(sprints, kind) == required


def test_TR_6_kind_may_be_given_as_the_enum() -> None:
    """The enum members are accepted as well as their string values."""
    assert clean_sprints_required(8, CleanSprintKind.CORE) == 6


def test_TR_6_extended_single_sprint_rounds_two_thirds_down_to_zero() -> None:
    """The handbook's rounding down gives 0 of 1 for an (unrealistic) 1-sprint count."""
    assert clean_sprints_required(1, "extended") == 0


def test_TR_6_zero_sprints_and_an_unknown_kind_are_refused_together() -> None:
    """Both problems are reported at once, each naming its field."""
    with pytest.raises(RuleRefusal) as refusal:
        clean_sprints_required(0, "trial")
    violations = refusal.value.violations
    assert [v.rule for v in violations] == ["TR-6", "TR-6"]
    assert [v.extra["field"] for v in violations] == ["sprints", "kind"]
    assert "initial, extended, core" in violations[1].message


def test_TR_6_negative_sprint_count_alone_is_refused_on_the_sprints_field() -> None:
    """A negative count with a valid kind gives a single sprints violation."""
    with pytest.raises(RuleRefusal) as refusal:
        clean_sprints_required(-2, "initial")
    assert [v.extra for v in refusal.value.violations] == [{"field": "sprints"}]


# TR-7 -------------------------------------------------------------------

MID_SPRINT_START = date(2026, 1, 7)  # a Wednesday, day 2 of sprint 1


def test_TR_7_milestones_have_handbook_weeks_and_dates_in_date_order() -> None:
    """Screening, points, breadth, review and end of trial, with their dates."""
    schedule = trial_schedule(MID_SPRINT_START, CALENDAR)
    result = milestones(schedule, today=date(2026, 1, 1))
    assert [(m.key, m.week, m.date) for m in result] == [
        ("screening-review", 2, date(2026, 2, 1)),
        ("story-points", 3, date(2026, 2, 3)),
        ("breadth-check", 4, date(2026, 2, 10)),
        ("developer-review", 7, date(2026, 2, 25)),
        ("end-of-trial", 8, date(2026, 3, 4)),
    ]


def test_TR_7_points_milestone_is_at_end_of_week_3_and_breadth_at_end_of_week_4() -> None:
    """The points check falls on start + 27 and the breadth check on start + 34."""
    schedule = trial_schedule(MID_SPRINT_START, CALENDAR)
    by_key = {m.key: m for m in milestones(schedule, today=MID_SPRINT_START)}
    assert by_key["story-points"].date == MID_SPRINT_START + timedelta(days=27)
    assert by_key["breadth-check"].date == MID_SPRINT_START + timedelta(days=34)
    assert by_key["story-points"].title == "At least 8 story points completed"


def test_TR_7_milestone_states_are_done_before_today_and_due_within_a_week() -> None:
    """Past is done; today up to 7 days ahead is due; later is upcoming."""
    schedule = trial_schedule(MID_SPRINT_START, CALENDAR)
    result = milestones(schedule, today=date(2026, 2, 3))
    assert [(m.key, m.state) for m in result] == [
        ("screening-review", MilestoneState.DONE),
        ("story-points", MilestoneState.DUE),
        ("breadth-check", MilestoneState.DUE),
        ("developer-review", MilestoneState.UPCOMING),
        ("end-of-trial", MilestoneState.UPCOMING),
    ]


def test_TR_7_milestone_eight_days_ahead_is_upcoming() -> None:
    """The due window ends 7 days after today."""
    schedule = trial_schedule(MID_SPRINT_START, CALENDAR)
    by_key = {m.key: m for m in milestones(schedule, today=date(2026, 2, 2))}
    assert by_key["breadth-check"].state == MilestoneState.UPCOMING
    assert by_key["story-points"].state == MilestoneState.DUE


def test_TR_7_extension_adds_review_and_end_in_weeks_11_and_12() -> None:
    """A 2-sprint extension from the end-of-trial 121 adds weeks 11 and 12."""
    schedule = trial_schedule(MID_SPRINT_START, CALENDAR)
    extended = extension(schedule.end_of_trial, 2)
    result = milestones(schedule, today=date(2026, 3, 26), extension=extended)
    assert [(m.key, m.week, m.date, m.state) for m in result[-2:]] == [
        ("extension-developer-review", 11, date(2026, 3, 25), MilestoneState.DONE),
        ("end-of-extension", 12, date(2026, 4, 1), MilestoneState.DUE),
    ]
    assert len(result) == 7


def test_TR_7_every_milestone_has_a_title_and_a_one_sentence_description() -> None:
    """Titles and descriptions are filled in, each description a single sentence."""
    schedule = trial_schedule(MID_SPRINT_START, CALENDAR)
    for m in milestones(schedule, MID_SPRINT_START, extension(schedule.end_of_trial, 4)):
        assert m.title
        assert m.description.endswith(".")
        assert m.description.count(". ") == 0


def test_TR_7_fewer_than_8_points_warns_to_talk_to_the_mentor() -> None:
    """Seven points is below the minimum: a TR-7 warning pointing to the mentor."""
    warning = points_warning(7)
    assert isinstance(warning, Violation)
    assert warning.rule == "TR-7"
    assert "mentor" in warning.message
    assert warning.extra == {"points_completed": 7, "minimum": 8}


def test_TR_7_eight_or_more_points_give_no_warning() -> None:
    """Eight points meets the minimum; more does too."""
    assert points_warning(8) is None
    assert points_warning(12) is None


def test_TR_7_points_minimum_comes_from_the_policy() -> None:
    """An agency asking for 10 points warns at 9."""
    assert points_warning(9, TrialPolicy(min_points=10)) is not None
    assert points_warning(9, DEFAULT_POLICY) is None


# Properties ---------------------------------------------------------------


@given(first_start=mondays, offset=offsets)
def test_TR_1_review_deadline_is_always_a_week_before_end_of_trial(
    first_start: date, offset: int
) -> None:
    """For any start, review_deadline = end_of_trial - 7 = start + 49."""
    calendar = SprintCalendar(first_number=1, first_start=first_start)
    start = first_start + timedelta(days=offset)
    schedule = trial_schedule(start, calendar)
    assert schedule.review_deadline == schedule.end_of_trial - timedelta(days=7)
    assert schedule.end_of_trial == start + timedelta(days=56)


@given(first_start=mondays, offset=offsets)
def test_TR_2_screening_is_always_a_sunday_within_the_first_four_weeks(
    first_start: date, offset: int
) -> None:
    """The screening review is a day 13 (a Sunday) 13 to 26 days after the start."""
    calendar = SprintCalendar(first_number=1, first_start=first_start)
    start = first_start + timedelta(days=offset)
    due = trial_schedule(start, calendar).screening_review_due
    assert due.weekday() == 6
    assert 13 <= (due - start).days <= 26


@given(first_start=mondays, offset=offsets, first_number=st.integers(1, 500))
def test_TR_5_review_sprint_always_fits_inside_the_trial_before_the_deadline(
    first_start: date, offset: int, first_number: int
) -> None:
    """The review sprint lies in the trial: starts before the deadline, ends by its last day."""
    calendar = SprintCalendar(first_number=first_number, first_start=first_start)
    start = first_start + timedelta(days=offset)
    schedule = trial_schedule(start, calendar)
    sprint = schedule.developer_review_sprint
    assert sprint.end <= schedule.end_of_trial - timedelta(days=1)
    assert sprint.start < schedule.review_deadline
    assert sprint.start >= start
    assert calendar.sprint(sprint.number) == sprint


@given(date_of_121=st.dates(), sprints=st.sampled_from([2, 4]))
def test_TR_4_extension_lasts_two_weeks_per_sprint_with_reviews_a_week_earlier(
    date_of_121: date, sprints: int
) -> None:
    """An accepted extension lasts 14 days per sprint; reviews are due 7 days before."""
    try:
        result = extension(date_of_121, sprints)
    except OverflowError:
        return  # the date arithmetic left the calendar's range
    assert (result.end_of_extension - date_of_121).days == 14 * sprints
    assert result.review_deadline == result.end_of_extension - timedelta(days=7)


@given(sprints=sprint_counts, kind=kinds)
def test_TR_6_required_is_always_between_1_and_N_from_two_sprints_on(
    sprints: int, kind: CleanSprintKind
) -> None:
    """Never more than N; at least 1 once N >= 2 (extended rounds 1 sprint down to 0)."""
    required = clean_sprints_required(sprints, kind)
    assert 0 <= required <= sprints
    if sprints >= 2 or kind != CleanSprintKind.EXTENDED:
        assert required >= 1


@given(sprints=sprint_counts, kind=kinds)
def test_TR_6_required_is_monotonic_in_the_number_of_sprints(
    sprints: int, kind: CleanSprintKind
) -> None:
    """One more sprint never lowers the number of clean sprints required."""
    assert clean_sprints_required(sprints, kind) <= clean_sprints_required(sprints + 1, kind)


@given(first_start=mondays, offset=offsets, today_offset=st.integers(-30, 200))
def test_TR_7_milestones_are_sorted_by_date_and_states_match_today(
    first_start: date, offset: int, today_offset: int
) -> None:
    """Milestones come in date order and each state follows from today alone."""
    calendar = SprintCalendar(first_number=1, first_start=first_start)
    start = first_start + timedelta(days=offset)
    schedule = trial_schedule(start, calendar)
    today = start + timedelta(days=today_offset)
    result = milestones(schedule, today, extension(schedule.end_of_trial, 2))
    assert [m.date for m in result] == sorted(m.date for m in result)
    assert len({m.key for m in result}) == len(result)
    for m in result:
        if m.date < today:
            assert m.state == MilestoneState.DONE
        elif (m.date - today).days <= 7:
            assert m.state == MilestoneState.DUE
        else:
            assert m.state == MilestoneState.UPCOMING


# Timeline helpers ---------------------------------------------------------


def test_sprints_between_lists_every_sprint_holding_a_day_of_the_range() -> None:
    """From the sprint holding the first day to the one holding the last, inclusive."""
    assert [s.number for s in sprints_between(date(2026, 1, 7), date(2026, 3, 4), CALENDAR)] == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert [s.number for s in sprints_between(date(2026, 1, 5), date(2026, 1, 18), CALENDAR)] == [1]


def test_today_position_is_inclusive_of_the_first_and_last_days() -> None:
    """The start and the last day are during the trial; the days around them are not."""
    start, last = date(2026, 1, 7), date(2026, 3, 4)
    assert today_position(start, last, date(2026, 1, 6)) == TodayPosition.BEFORE
    assert today_position(start, last, start) == TodayPosition.DURING
    assert today_position(start, last, last) == TodayPosition.DURING
    assert today_position(start, last, date(2026, 3, 5)) == TodayPosition.AFTER


def test_TR_6_a_trial_lasts_4_sprints_plus_its_extension() -> None:
    """56 days of 14 are 4 sprints; a 2- or 4-sprint extension adds its sprints."""
    assert trial_sprint_count(CALENDAR) == 4
    assert trial_sprint_count(CALENDAR, extension(date(2026, 3, 4), 2)) == 6
    assert trial_sprint_count(CALENDAR, extension(date(2026, 3, 4), 4)) == 8


def test_TR_7_timeline_puts_schedule_milestones_sprints_and_today_together() -> None:
    """The page's facts for a mid-sprint start seen on 2026-02-03 (week 3)."""
    schedule = trial_schedule(MID_SPRINT_START, CALENDAR)
    result = timeline(schedule, date(2026, 2, 3), CALENDAR)
    assert result.schedule == schedule
    assert result.milestones == tuple(milestones(schedule, date(2026, 2, 3)))
    assert [s.number for s in result.sprints] == [1, 2, 3, 4, 5]
    assert (result.today_position, result.today_week) == (TodayPosition.DURING, 4)  # day 27
    assert (result.sprint_count, result.clean_sprints_required) == (4, 2)


def test_TR_7_week_n_is_days_7n_minus_7_to_7n_minus_1_so_the_start_is_in_week_1() -> None:
    """Started Thu 12 Nov 2026: the start date and day 6 are week 1, day 7 is week 2, and
    on Tue 1 Dec (day 19) the newcomer is in week 3 (the issue's "week 2" was wrong)."""
    start = date(2026, 11, 12)
    assert week_of(start, start) == 1
    assert week_of(start, start + timedelta(days=6)) == 1
    assert week_of(start, start + timedelta(days=7)) == 2
    assert week_of(start, date(2026, 12, 1)) == 3
    assert week_of(start, start + timedelta(days=20)) == 3
    assert week_of(start, start + timedelta(days=21)) == 4
