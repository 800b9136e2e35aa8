"""Tests for the time off rules (TO-1 to TO-5).

Plain pytest with no database: the rules are pure functions. Concrete dates
use a calendar whose sprint 1 starts on Monday 2026-01-05, so sprint 5
starts on Mon 2 Mar 2026, sprint 6 on Mon 16 Mar, sprint 7 on Mon 30 Mar.
In March 2026 the 2nd, 9th, 16th, 23rd and 30th are Mondays.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cellops.kernel.calendar import BeforeFirstSprint, SprintCalendar
from cellops.kernel.violations import Violation
from cellops.time_off.data import (
    BUSINESS_CELL,
    DEFAULT_POLICY,
    Absence,
    Booking,
    DayLoad,
    Kind,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules import (
    cap,
    check_cap,
    check_kind,
    check_length,
    check_notice,
    check_request,
    day_loads,
    length,
    notice_deadline,
    working_dates,
)

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))
MON_TO_FRI = (0, 1, 2, 3, 4)
EIGHT_HOURS = Decimal(8)


def at(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """An aware UTC datetime on `day`."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def request(
    start: date,
    end: date,
    kind: Kind = Kind.OFF,
    member: str = "ann",
    **fields: object,
) -> Request:
    """A request by `member` (default: ann, Mon–Fri, dev cell)."""
    return Request(member=member, kind=kind, start=start, end=end, **fields)  # type: ignore[arg-type]


def away(member: str, start: date, end: date | None = None, **fields: object) -> Absence:
    """Another member's absence (default: one day, Mon–Fri, off)."""
    return Absence(member=member, start=start, end=end or start, **fields)  # type: ignore[arg-type]


def fields_of(violations: list[Violation]) -> list[tuple[str, object]]:
    return [(v.rule, v.extra.get("field")) for v in violations]


# TO-2 -------------------------------------------------------------------


def test_TO_2_length_counts_only_working_days_across_a_weekend() -> None:
    """Thu 5 to Tue 10 Mar is four working days: the weekend between does not count."""
    assert working_dates(date(2026, 3, 5), date(2026, 3, 10), MON_TO_FRI) == [
        date(2026, 3, 5),
        date(2026, 3, 6),
        date(2026, 3, 9),
        date(2026, 3, 10),
    ]
    assert length(date(2026, 3, 5), date(2026, 3, 10), MON_TO_FRI) == 4


def test_TO_2_two_full_weeks_are_ten_working_days() -> None:
    """Mon 2 to Sun 15 Mar holds ten Monday–Friday working days."""
    assert length(date(2026, 3, 2), date(2026, 3, 15), MON_TO_FRI) == 10


def test_TO_2_length_follows_the_members_own_working_days() -> None:
    """A Tue–Sat member's week holds five working days, Saturday included, Monday not."""
    tue_to_sat = (1, 2, 3, 4, 5)
    assert working_dates(date(2026, 3, 9), date(2026, 3, 15), tue_to_sat) == [
        date(2026, 3, 10),
        date(2026, 3, 11),
        date(2026, 3, 12),
        date(2026, 3, 13),
        date(2026, 3, 14),
    ]
    assert length(date(2026, 3, 9), date(2026, 3, 15), (0, 2)) == 2


def test_TO_2_a_single_working_day_has_length_one_and_is_accepted() -> None:
    """A one-day range on a working day is one day long and raises no TO-2 violation."""
    assert length(date(2026, 3, 10), date(2026, 3, 10), MON_TO_FRI) == 1
    assert check_length(date(2026, 3, 10), date(2026, 3, 10), MON_TO_FRI) == []


def test_TO_2_a_weekend_only_range_has_nothing_to_book() -> None:
    """A Saturday–Sunday range for a Mon–Fri member is refused, naming the end field."""
    [violation] = check_length(date(2026, 3, 7), date(2026, 3, 8), MON_TO_FRI)
    assert violation.rule == "TO-2"
    assert "nothing to book" in violation.message
    assert violation.extra == {"field": "end"}


def test_TO_2_a_range_of_the_members_days_off_has_nothing_to_book() -> None:
    """A Friday for a Mon–Thu member holds no working day and is refused."""
    [violation] = check_length(date(2026, 3, 13), date(2026, 3, 13), (0, 1, 2, 3))
    assert (violation.rule, violation.extra) == ("TO-2", {"field": "end"})


def test_TO_2_an_end_before_the_start_is_refused() -> None:
    """A last day before the first day is refused on the end field, with no length."""
    [violation] = check_length(date(2026, 3, 10), date(2026, 3, 9), MON_TO_FRI)
    assert (violation.rule, violation.extra) == ("TO-2", {"field": "end"})
    assert "before the first day" in violation.message
    assert working_dates(date(2026, 3, 10), date(2026, 3, 9), MON_TO_FRI) == []


# TO-1 -------------------------------------------------------------------

MAR_10 = date(2026, 3, 10)


def test_TO_1_reduced_time_off_needs_hours() -> None:
    """Reduced time off without hours per day is refused on that field."""
    violations = check_kind(request(MAR_10, MAR_10, Kind.REDUCED), EIGHT_HOURS)
    assert fields_of(violations) == [("TO-1", "hours_per_day")]


@pytest.mark.parametrize("hours", ["0", "-1", "8", "9"])
def test_TO_1_reduced_hours_must_lie_strictly_between_0_and_the_daily_hours(hours: str) -> None:
    """0, negative, full (8 h) or more hours are not reduced time off."""
    req = request(MAR_10, MAR_10, Kind.REDUCED, hours_per_day=Decimal(hours))
    assert fields_of(check_kind(req, EIGHT_HOURS)) == [("TO-1", "hours_per_day")]


def test_TO_1_reduced_time_off_with_some_hours_is_accepted() -> None:
    """4.5 h of an 8 h day, or 5 h of a 6 h day, is valid reduced time off."""
    req = request(MAR_10, MAR_10, Kind.REDUCED, hours_per_day=Decimal("4.5"))
    assert check_kind(req, EIGHT_HOURS) == []
    req = request(MAR_10, MAR_10, Kind.REDUCED, hours_per_day=Decimal(5))
    assert check_kind(req, Decimal(6)) == []
    assert fields_of(check_kind(req, Decimal(5))) == [("TO-1", "hours_per_day")]


@pytest.mark.parametrize("scope", [None, "", "   "])
def test_TO_1_scoped_time_off_needs_a_scope(scope: str | None) -> None:
    """Scoped time off without a (non-blank) scope is refused on the scope field."""
    violations = check_kind(request(MAR_10, MAR_10, Kind.SCOPED, scope=scope), EIGHT_HOURS)
    assert fields_of(violations) == [("TO-1", "scope")]


def test_TO_1_scoped_time_off_may_state_its_hours() -> None:
    """Scoped time off keeps its hours unless given; given hours up to the day's are fine."""
    scoped = request(MAR_10, MAR_10, Kind.SCOPED, scope="only client emergencies")
    assert check_kind(scoped, EIGHT_HOURS) == []
    with_hours = request(
        MAR_10, MAR_10, Kind.SCOPED, scope="support only", hours_per_day=Decimal(8)
    )
    assert check_kind(with_hours, EIGHT_HOURS) == []
    too_many = request(MAR_10, MAR_10, Kind.SCOPED, scope="support", hours_per_day=Decimal(9))
    assert fields_of(check_kind(too_many, EIGHT_HOURS)) == [("TO-1", "hours_per_day")]


@pytest.mark.parametrize("kind", [Kind.OFF, Kind.SICK])
def test_TO_1_whole_day_kinds_take_no_hours(kind: Kind) -> None:
    """Hours per day on off or sick time off are refused, naming the field and 'reduced'."""
    [violation] = check_kind(request(MAR_10, MAR_10, kind, hours_per_day=Decimal(4)), EIGHT_HOURS)
    assert (violation.rule, violation.extra) == ("TO-1", {"field": "hours_per_day"})
    assert "reduced" in violation.message


def test_TO_1_only_scoped_time_off_states_a_scope() -> None:
    """A scope on off time off is refused; a blank one is ignored."""
    violations = check_kind(request(MAR_10, MAR_10, scope="emails"), EIGHT_HOURS)
    assert fields_of(violations) == [("TO-1", "scope")]
    assert check_kind(request(MAR_10, MAR_10, scope=" "), EIGHT_HOURS) == []


def test_TO_1_every_field_problem_is_reported_at_once() -> None:
    """Off time off with hours and a scope gets one violation per field."""
    req = request(MAR_10, MAR_10, hours_per_day=Decimal(2), scope="x")
    assert fields_of(check_kind(req, EIGHT_HOURS)) == [
        ("TO-1", "hours_per_day"),
        ("TO-1", "scope"),
    ]


# TO-3 -------------------------------------------------------------------

SPRINT_6_WED = date(2026, 3, 18)  # sprint 6 starts Mon 16 Mar; its Thursday cut-off is 12 Mar


def test_TO_3_one_day_needs_three_days_notice() -> None:
    """A single day on Tue 10 Mar must be booked by Sat 7 Mar EOD."""
    assert notice_deadline(request(MAR_10, MAR_10), CALENDAR) == date(2026, 3, 7)


def test_TO_3_one_day_booked_on_the_deadline_at_23_59_is_accepted() -> None:
    """Booking a single day at 23:59:59 UTC on the deadline day is in time."""
    assert check_notice(request(MAR_10, MAR_10), at(date(2026, 3, 7), 23, 59, 59), CALENDAR) == []


def test_TO_3_one_day_booked_at_midnight_after_the_deadline_is_refused() -> None:
    """00:00 UTC the next day is past 24:00 UTC of the deadline: refused, with a suggestion."""
    [violation] = check_notice(request(MAR_10, MAR_10), at(date(2026, 3, 8)), CALENDAR)
    assert violation.rule == "TO-3"
    assert "book this by Sat 7 Mar 2026, 24:00 UTC" in violation.message
    assert "Book from Wed 11 Mar 2026 instead" in violation.message
    assert violation.extra == {
        "deadline": "2026-03-07",
        "earliest_start": "2026-03-11",
        "earliest_end": "2026-03-11",
    }


def test_TO_3_two_to_five_days_are_due_by_the_thursday_before_the_sprint() -> None:
    """Three days from Wed 18 Mar (sprint 6, day 0 Mon 16 Mar) are due Thu 12 Mar."""
    req = request(SPRINT_6_WED, date(2026, 3, 20))
    assert notice_deadline(req, CALENDAR) == date(2026, 3, 12)
    assert CALENDAR.sprint(5).on_day(10) == date(2026, 3, 12)


def test_TO_3_thursday_deadline_at_23_59_utc_is_accepted() -> None:
    """Booking at Thu 12 Mar 23:59 UTC is in time for sprint 6."""
    req = request(SPRINT_6_WED, date(2026, 3, 20))
    assert check_notice(req, at(date(2026, 3, 12), 23, 59), CALENDAR) == []


def test_TO_3_thursday_deadline_at_00_00_utc_friday_is_refused() -> None:
    """Booking at Fri 13 Mar 00:00 UTC is late; the next sprint's day 0 is suggested."""
    req = request(SPRINT_6_WED, date(2026, 3, 20))
    [violation] = check_notice(req, at(date(2026, 3, 13)), CALENDAR)
    assert violation.rule == "TO-3"
    assert "book this by Thu 12 Mar 2026, 24:00 UTC" in violation.message
    assert "Book from Mon 30 Mar 2026 to Wed 1 Apr 2026 instead" in violation.message
    assert violation.extra == {
        "deadline": "2026-03-12",
        "earliest_start": "2026-03-30",
        "earliest_end": "2026-04-01",
    }


def test_TO_3_the_deadline_is_compared_in_utc() -> None:
    """01:30 on Fri 13 Mar at UTC+2 is 23:30 UTC on Thursday: still in time."""
    req = request(SPRINT_6_WED, date(2026, 3, 20))
    plus_two = timezone(timedelta(hours=2))
    assert check_notice(req, datetime(2026, 3, 13, 1, 30, tzinfo=plus_two), CALENDAR) == []
    minus_one = timezone(timedelta(hours=-1))
    late = check_notice(req, datetime(2026, 3, 12, 23, 30, tzinfo=minus_one), CALENDAR)
    assert [v.rule for v in late] == ["TO-3"]


def test_TO_3_a_naive_request_time_is_an_error() -> None:
    """A request time without a time zone cannot be compared with 24:00 UTC."""
    with pytest.raises(ValueError, match="timezone-aware"):
        check_notice(request(MAR_10, MAR_10), datetime(2026, 3, 1), CALENDAR)


def test_TO_3_a_dev_cells_second_week_still_uses_the_sprints_day_0() -> None:
    """Two days from Mon 23 Mar (day 7 of sprint 6) are due Thu 12 Mar in a dev cell."""
    req = request(date(2026, 3, 23), date(2026, 3, 24))
    assert notice_deadline(req, CALENDAR) == date(2026, 3, 12)


def test_TO_3_a_business_cells_one_week_sprint_is_due_the_thursday_before_that_week() -> None:
    """In a business cell, two days from Mon 23 Mar are due Thu 19 Mar."""
    req = request(date(2026, 3, 23), date(2026, 3, 24), cell_kind=BUSINESS_CELL)
    assert notice_deadline(req, CALENDAR) == date(2026, 3, 19)
    assert check_notice(req, at(date(2026, 3, 19), 23, 59), CALENDAR) == []
    [violation] = check_notice(req, at(date(2026, 3, 20)), CALENDAR)
    assert violation.extra["earliest_start"] == "2026-03-30"


def test_TO_3_a_business_cell_wednesday_start_uses_the_monday_of_its_week() -> None:
    """Three days from Wed 18 Mar in a business cell are due Thu 12 Mar."""
    req = request(SPRINT_6_WED, date(2026, 3, 20), cell_kind=BUSINESS_CELL)
    assert notice_deadline(req, CALENDAR) == date(2026, 3, 12)


def test_TO_3_five_days_use_the_thursday_rule_and_six_days_need_two_weeks() -> None:
    """Mon–Fri 16–20 Mar is due Thu 12 Mar; Mon 16 to Mon 23 Mar (6 days) is due 2 Mar."""
    assert notice_deadline(request(date(2026, 3, 16), date(2026, 3, 20)), CALENDAR) == date(
        2026, 3, 12
    )
    assert notice_deadline(request(date(2026, 3, 16), date(2026, 3, 23)), CALENDAR) == date(
        2026, 3, 2
    )


def test_TO_3_more_than_five_days_need_fourteen_days_notice() -> None:
    """Seven days from Mon 30 Mar are due Mon 16 Mar; a day later the next Tuesday is offered."""
    req = request(date(2026, 3, 30), date(2026, 4, 7))
    assert length(req.start, req.end, req.working_days) == 7
    assert notice_deadline(req, CALENDAR) == date(2026, 3, 16)
    assert check_notice(req, at(date(2026, 3, 16), 23, 59, 59), CALENDAR) == []
    [violation] = check_notice(req, at(date(2026, 3, 17)), CALENDAR)
    assert violation.extra == {
        "deadline": "2026-03-16",
        "earliest_start": "2026-03-31",
        "earliest_end": "2026-04-08",
    }


def test_TO_3_the_length_is_counted_in_the_members_working_days() -> None:
    """Mon–Sun for a Mon/Wed member is two working days: the Thursday rule applies."""
    req = request(date(2026, 3, 16), date(2026, 3, 22), working_days=(0, 2))
    assert notice_deadline(req, CALENDAR) == date(2026, 3, 12)


def test_TO_3_sick_time_off_needs_no_notice() -> None:
    """Sick time off has no deadline, even when booked after it started."""
    req = request(MAR_10, date(2026, 3, 12), Kind.SICK)
    assert notice_deadline(req, CALENDAR) is None
    assert check_notice(req, at(date(2026, 3, 11), 9), CALENDAR) == []


def test_TO_3_the_suggested_earliest_start_is_accepted() -> None:
    """The suggested dates, booked at the same moment, pass TO-3 with the same length."""
    req = request(SPRINT_6_WED, date(2026, 3, 20))
    now = at(date(2026, 3, 13), 8)
    [violation] = check_notice(req, now, CALENDAR)
    suggested = request(
        date.fromisoformat(violation.extra["earliest_start"]),
        date.fromisoformat(violation.extra["earliest_end"]),
    )
    assert length(suggested.start, suggested.end, MON_TO_FRI) == 3
    assert check_notice(suggested, now, CALENDAR) == []


def test_TO_3_policy_numbers_change_the_deadline() -> None:
    """An agency asking a week for single days moves the single-day deadline."""
    policy = TimeOffPolicy(short_notice_days=7)
    assert notice_deadline(request(MAR_10, MAR_10), CALENDAR, policy) == date(2026, 3, 3)


def test_TO_3_a_start_before_the_first_sprint_raises_before_first_sprint() -> None:
    """Two to five days before the calendar's first sprint are left to the caller to report."""
    with pytest.raises(BeforeFirstSprint):
        notice_deadline(request(date(2025, 12, 1), date(2025, 12, 3)), CALENDAR)
    with pytest.raises(BeforeFirstSprint):
        check_notice(
            request(date(2025, 12, 1), date(2025, 12, 3), cell_kind=BUSINESS_CELL),
            at(date(2025, 11, 1)),
            CALENDAR,
        )


weekdays_subsets = st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s)))


@settings(deadline=None)
@given(
    start_offset=st.integers(0, 200),
    days=st.integers(1, 12),
    working_days=weekdays_subsets,
    hours_before=st.integers(-10 * 24, 40 * 24),
    cell_kind=st.sampled_from(["dev", "business"]),
)
def test_TO_3_any_suggested_earliest_start_is_the_first_acceptable_one(
    start_offset: int, days: int, working_days: tuple[int, ...], hours_before: int, cell_kind: str
) -> None:
    """A refusal's suggestion is accepted, keeps the length, and no earlier later start is."""
    weekdays = set(working_days)
    start = date(2026, 1, 5) + timedelta(days=start_offset)
    while start.weekday() not in weekdays:
        start += timedelta(days=1)
    dates = [start]
    while len(dates) < days:
        nxt = dates[-1] + timedelta(days=1)
        while nxt.weekday() not in weekdays:
            nxt += timedelta(days=1)
        dates.append(nxt)
    req = request(start, dates[-1], working_days=working_days, cell_kind=cell_kind)
    now = at(start) - timedelta(hours=hours_before)
    violations = check_notice(req, now, CALENDAR)
    if not violations:
        return
    [violation] = violations
    suggested_start = date.fromisoformat(violation.extra["earliest_start"])
    suggested = request(
        suggested_start,
        date.fromisoformat(violation.extra["earliest_end"]),
        working_days=working_days,
        cell_kind=cell_kind,
    )
    assert suggested_start > start
    assert length(suggested.start, suggested.end, working_days) == days
    assert check_notice(suggested, now, CALENDAR) == []
    day = start + timedelta(days=1)
    while day < suggested_start:
        if day.weekday() in weekdays:
            shifted = working_dates(day, day + timedelta(days=7 * days), working_days)[:days]
            earlier = request(day, shifted[-1], working_days=working_days, cell_kind=cell_kind)
            assert [v.rule for v in check_notice(earlier, now, CALENDAR)] == ["TO-3"]
        day += timedelta(days=1)


# TO-4 -------------------------------------------------------------------

MON_9, TUE_10, WED_11, THU_12, FRI_13 = (date(2026, 3, d) for d in (9, 10, 11, 12, 13))
MON_16 = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("members", "expected"),
    [(5, 1), (10, 2), (11, 3), (3, 1), (1, 1), (4, 1), (6, 2), (15, 3), (16, 4), (0, 0)],
)
def test_TO_4_cap_is_20_percent_of_active_members_rounded_up(members: int, expected: int) -> None:
    """5 members give exactly 1, 10 give 2, 11 round up to 3, 3 round up to 1, none give 0."""
    assert cap(members) == expected


def test_TO_4_a_negative_member_count_is_an_error() -> None:
    """A cell cannot have fewer than zero active members."""
    with pytest.raises(ValueError):
        cap(-1)


def test_TO_4_a_day_on_which_the_cap_is_already_away_is_an_overlap_day() -> None:
    """With 5 members (cap 1) and Bob off on Tuesday, Tuesday is Ann's only overlap day."""
    loads = day_loads(request(MON_9, WED_11), [away("bob", TUE_10)], 5)
    assert loads == [
        DayLoad(day=MON_9, away=0, cap=1, overlap=False),
        DayLoad(day=TUE_10, away=1, cap=1, overlap=True),
        DayLoad(day=WED_11, away=0, cap=1, overlap=False),
    ]


def test_TO_4_below_the_cap_is_not_an_overlap_day() -> None:
    """With 10 members (cap 2) one person away is fine; two make an overlap day."""
    one = day_loads(request(TUE_10, TUE_10), [away("bob", TUE_10)], 10)
    assert one == [DayLoad(day=TUE_10, away=1, cap=2, overlap=False)]
    two = day_loads(request(TUE_10, TUE_10), [away("bob", TUE_10), away("cat", TUE_10)], 10)
    assert two == [DayLoad(day=TUE_10, away=2, cap=2, overlap=True)]


def test_TO_4_nobody_away_is_never_an_overlap_day_even_with_a_cap_of_0() -> None:
    """A cell without active members has cap 0, yet an empty day is no overlap day."""
    assert day_loads(request(TUE_10, TUE_10), [], 0) == [
        DayLoad(day=TUE_10, away=0, cap=0, overlap=False)
    ]


def test_TO_4_the_requester_is_not_counted_as_away() -> None:
    """Ann's own earlier absence on Tuesday does not make Tuesday an overlap day for her."""
    others = [away("ann", TUE_10), away("bob", WED_11)]
    loads = day_loads(request(TUE_10, WED_11), others, 5)
    assert [(load.day, load.away, load.overlap) for load in loads] == [
        (TUE_10, 0, False),
        (WED_11, 1, True),
    ]


def test_TO_4_a_member_is_counted_once_however_many_absences_cover_the_day() -> None:
    """Bob's two absences covering Tuesday count as one person away."""
    others = [away("bob", MON_9, WED_11), away("bob", TUE_10, kind=Kind.SICK)]
    assert day_loads(request(TUE_10, TUE_10), others, 10)[0].away == 1


def test_TO_4_another_members_non_working_day_is_not_counted() -> None:
    """Bob works Mon–Thu: his week off does not count on Friday, so Friday is free."""
    others = [away("bob", MON_9, date(2026, 3, 15), working_days=(0, 1, 2, 3))]
    loads = day_loads(request(THU_12, FRI_13), others, 5)
    assert [(load.day, load.away) for load in loads] == [(THU_12, 1), (FRI_13, 0)]


def test_TO_4_sick_time_off_counts_as_away_for_others() -> None:
    """Bob being sick on Tuesday makes Tuesday an overlap day for Ann."""
    loads = day_loads(request(TUE_10, TUE_10), [away("bob", TUE_10, kind=Kind.SICK)], 5)
    assert loads[0].overlap is True


def test_TO_4_one_overlap_day_in_a_week_is_tolerated() -> None:
    """A week off with one overlap day is accepted and the day is returned."""
    overlap, violations = check_cap(request(MON_9, FRI_13), [away("bob", TUE_10)], 5, [])
    assert (overlap, violations) == ([TUE_10], [])


def test_TO_4_a_second_overlap_day_in_the_same_week_is_refused_naming_the_days() -> None:
    """Two overlap days in one ISO week are refused; the refusal names both and the cap."""
    others = [away("bob", TUE_10), away("cat", WED_11)]
    overlap, [violation] = check_cap(request(MON_9, FRI_13), others, 5, [])
    assert overlap == [TUE_10, WED_11]
    assert violation.rule == "TO-4"
    assert violation.extra == {"days": ["2026-03-10", "2026-03-11"], "cap": 1}
    assert "Tue 10 Mar 2026 and Wed 11 Mar 2026" in violation.message
    assert "one of these days fits" in violation.message


def test_TO_4_overlap_days_in_different_iso_weeks_are_each_tolerated() -> None:
    """An overlap Friday and the next Monday fall in two ISO weeks: both are accepted."""
    others = [away("bob", FRI_13), away("cat", MON_16)]
    overlap, violations = check_cap(request(THU_12, date(2026, 3, 17)), others, 5, [])
    assert (overlap, violations) == ([FRI_13, MON_16], [])


def test_TO_4_only_the_offending_weeks_days_are_named() -> None:
    """Two overlap days in one week and one in the next: only the first week's are named."""
    others = [away("bob", TUE_10), away("cat", WED_11), away("dan", MON_16)]
    overlap, [violation] = check_cap(request(MON_9, date(2026, 3, 20)), others, 5, [])
    assert overlap == [TUE_10, WED_11, MON_16]
    assert violation.extra["days"] == ["2026-03-10", "2026-03-11"]


def test_TO_4_an_earlier_overlap_day_in_the_same_week_counts() -> None:
    """An overlap Thursday from an earlier request leaves no room for Tuesday's."""
    overlap, [violation] = check_cap(request(TUE_10, TUE_10), [away("bob", TUE_10)], 5, [THU_12])
    assert overlap == [TUE_10]
    assert violation.extra == {"days": ["2026-03-10"], "cap": 1}
    assert "already have 1 overlap day (Thu 12 Mar 2026)" in violation.message


def test_TO_4_an_earlier_overlap_day_in_another_week_does_not_count() -> None:
    """An overlap day last week leaves this week's tolerance untouched."""
    last_week = [date(2026, 3, 5)]
    assert check_cap(request(TUE_10, TUE_10), [away("bob", TUE_10)], 5, last_week) == (
        [TUE_10],
        [],
    )


def test_TO_4_the_same_day_as_an_earlier_overlap_day_is_not_counted_twice() -> None:
    """Re-booking Tuesday, already an overlap day of Ann's, still counts one day."""
    assert check_cap(request(TUE_10, TUE_10), [away("bob", TUE_10)], 5, [TUE_10]) == (
        [TUE_10],
        [],
    )


def test_TO_4_sick_time_off_is_never_refused() -> None:
    """Sick time off over two overlap days is accepted, its overlap days still returned."""
    others = [away("bob", TUE_10), away("cat", WED_11)]
    overlap, violations = check_cap(request(MON_9, FRI_13, Kind.SICK), others, 5, [THU_12])
    assert (overlap, violations) == ([TUE_10, WED_11], [])


def test_TO_4_policy_can_tolerate_more_overlap_days() -> None:
    """An agency tolerating two overlap days a week accepts two, refuses three."""
    policy = TimeOffPolicy(overlap_days_per_week=2)
    others = [away("bob", TUE_10), away("cat", WED_11), away("dan", THU_12)]
    assert check_cap(request(MON_9, WED_11), others, 5, [], policy)[1] == []
    _, [violation] = check_cap(request(MON_9, FRI_13), others, 5, [], policy)
    assert "2 of these days fit" in violation.message


# TO-1 to TO-4 together ----------------------------------------------------


def test_TO_4_check_request_books_an_acceptable_request() -> None:
    """A timely week off with one overlap day is booked with its length and deadline."""
    booking, violations = check_request(
        request(MON_16, date(2026, 3, 20)),
        at(date(2026, 3, 1)),
        CALENDAR,
        [away("bob", date(2026, 3, 17))],
        5,
        [],
        EIGHT_HOURS,
    )
    assert violations == []
    assert booking == Booking(
        working_days=5,
        working_dates=tuple(MON_16 + timedelta(days=n) for n in range(5)),
        overlap_days=(date(2026, 3, 17),),
        deadline=date(2026, 3, 12),
    )


def test_TO_3_and_TO_4_are_both_reported_at_once() -> None:
    """A late request with two overlap days in a week gets both refusals and no booking."""
    booking, violations = check_request(
        request(MON_16, date(2026, 3, 20)),
        at(date(2026, 3, 14)),
        CALENDAR,
        [away("bob", date(2026, 3, 17)), away("cat", date(2026, 3, 18))],
        5,
        [],
        EIGHT_HOURS,
    )
    assert booking is None
    assert [v.rule for v in violations] == ["TO-3", "TO-4"]


def test_TO_1_and_TO_2_are_both_reported_at_once() -> None:
    """Reduced time off over a weekend without hours gets both refusals."""
    booking, violations = check_request(
        request(date(2026, 3, 7), date(2026, 3, 8), Kind.REDUCED),
        at(date(2026, 3, 1)),
        CALENDAR,
        [],
        5,
        [],
        EIGHT_HOURS,
    )
    assert booking is None
    assert fields_of(violations) == [("TO-1", "hours_per_day"), ("TO-2", "end")]


def test_TO_3_sick_booking_has_no_deadline() -> None:
    """Sick time off booked the day it starts is accepted, with no deadline."""
    booking, violations = check_request(
        request(TUE_10, WED_11, Kind.SICK),
        at(TUE_10, 8),
        CALENDAR,
        [away("bob", TUE_10), away("cat", WED_11)],
        5,
        [],
        EIGHT_HOURS,
    )
    assert violations == []
    assert booking is not None
    assert (booking.deadline, booking.overlap_days) == (None, (TUE_10, WED_11))


# TO-4 property: the cap holds for any sequence of bookings ------------------

WINDOW_START = date(2026, 3, 2)  # a Monday: four ISO weeks, 2 to 29 Mar
WINDOW_DAYS = 28
WORKING_PATTERNS = [MON_TO_FRI, (0, 1, 2, 3), (1, 2, 3, 4, 5), (0, 2, 4)]


@st.composite
def cells_and_requests(
    draw: st.DrawFn,
) -> tuple[int, dict[str, tuple[int, ...]], list[Request]]:
    """A cell of 5–12 members with their working days, and a sequence of requests."""
    size = draw(st.integers(min_value=5, max_value=12))
    members = {f"m{index}": draw(st.sampled_from(WORKING_PATTERNS)) for index in range(size)}
    requests = []
    for _ in range(draw(st.integers(min_value=0, max_value=30))):
        member = draw(st.sampled_from(sorted(members)))
        start = WINDOW_START + timedelta(days=draw(st.integers(0, WINDOW_DAYS - 1)))
        end = min(
            start + timedelta(days=draw(st.integers(0, 9))),
            WINDOW_START + timedelta(days=WINDOW_DAYS - 1),
        )
        kind = draw(st.sampled_from([Kind.OFF, Kind.OFF, Kind.REDUCED, Kind.SCOPED, Kind.SICK]))
        requests.append(
            Request(member=member, kind=kind, start=start, end=end, working_days=members[member])
        )
    return size, members, requests


@settings(deadline=None, max_examples=200)
@given(cells_and_requests())
def test_TO_4_no_sequence_of_accepted_bookings_breaks_the_cap(
    cell: tuple[int, dict[str, tuple[int, ...]], list[Request]],
) -> None:
    """Bookings accepted one by one keep the cap, bar each person's tolerated overlap days.

    Each request is accepted only if `check_cap` gives no violation; it then
    becomes an `Absence` for everyone else and its overlap days join its
    member's `earlier_overlap_days`. Invariants over the accepted set:

    1. per member and ISO week, the distinct overlap days of their accepted
       non-sick requests number at most one (sick time off is never refused,
       so it alone may take more);
    2. on every date D, with away(D) = number of distinct members whose
       accepted time off covers D on one of their working days and
       tolerated(D) = number of distinct members who had D accepted as an
       overlap day: away(D) ≤ cap + tolerated(D). So the number away exceeds
       the cap only on days that were someone's tolerated overlap day.
    """
    size, members, requests = cell
    limit = cap(size)
    accepted: list[Absence] = []
    earlier: dict[str, list[date]] = defaultdict(list)
    non_sick_overlap: dict[str, set[date]] = defaultdict(set)
    for req in requests:
        overlap, violations = check_cap(req, accepted, size, earlier[req.member])
        if req.kind is not Kind.SICK:
            assert all(v.rule == "TO-4" for v in violations)
        else:
            assert violations == []
        if violations:
            continue
        accepted.append(req.as_absence())
        earlier[req.member].extend(overlap)
        if req.kind is not Kind.SICK:
            non_sick_overlap[req.member].update(overlap)

    for days in non_sick_overlap.values():
        per_week: dict[tuple[int, int], int] = defaultdict(int)
        for day in days:
            per_week[day.isocalendar()[:2]] += 1
        assert all(count <= DEFAULT_POLICY.overlap_days_per_week for count in per_week.values())

    for offset in range(WINDOW_DAYS):
        day = WINDOW_START + timedelta(days=offset)
        away_members = {
            a.member
            for a in accepted
            if a.start <= day <= a.end and day.weekday() in members[a.member]
        }
        tolerated = {member for member, days in earlier.items() if day in days}
        assert len(away_members) <= limit + len(tolerated)
        if len(away_members) > limit:
            assert tolerated


def test_SP_6_time_off_removes_off_days_and_leaves_reduced_hours():
    """SP-6/TO-1: an off day gives 0 h, a reduced day its stated hours, a scoped day the daily hours."""
    from cellops.time_off.rules import available_hours

    monday = date(2026, 3, 2)
    requests = [
        Request("ada", Kind.OFF, monday, monday),
        Request(
            "ada",
            Kind.REDUCED,
            monday + timedelta(days=1),
            monday + timedelta(days=2),
            hours_per_day=Decimal(4),
        ),
        Request(
            "ada",
            Kind.SCOPED,
            monday + timedelta(days=3),
            monday + timedelta(days=3),
            scope="talks",
        ),
        Request("ada", Kind.SICK, monday + timedelta(days=2), monday + timedelta(days=2)),
    ]
    hours = available_hours(
        monday, monday + timedelta(days=6), (0, 1, 2, 3, 4), Decimal(8), requests
    )
    assert hours == {
        monday: Decimal(0),
        monday + timedelta(days=1): Decimal(4),
        monday + timedelta(days=2): Decimal(0),
        monday + timedelta(days=3): Decimal(8),
        monday + timedelta(days=4): Decimal(8),
    }


def test_TO_2_TO_3_a_range_across_a_sprint_boundary_counts_both_sprints_and_uses_the_first() -> (
    None
):
    """A request from Thu of sprint 1 to Tue of sprint 2: 4 working days; notice is judged by sprint 1."""
    thursday, tuesday = date(2026, 1, 15), date(2026, 1, 20)  # sprint 1 day 10 → sprint 2 day 1
    req = request(start=thursday, end=tuesday)
    assert length(thursday, tuesday, (0, 1, 2, 3, 4)) == 4
    # Sprint 1 starts Mon 5 Jan: its Thursday deadline is Thu 1 Jan (day 0 − 4), not sprint 2's.
    assert notice_deadline(req, CALENDAR) == date(2026, 1, 1)
