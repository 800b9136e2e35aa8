"""Rule tests for TO-3, the notice a request needs (moved from `test_rules.py`).

Plain pytest with no database: the rules are pure functions. Concrete dates
use a calendar whose sprint 1 starts on Monday 2026-01-05 (`rule_cases`), so
sprint 5 starts on Mon 2 Mar 2026, sprint 6 on Mon 16 Mar, sprint 7 on Mon 30 Mar.
In March 2026 the 2nd, 9th, 16th, 23rd and 30th are Mondays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cellops.kernel.calendar import BeforeFirstSprint
from cellops.time_off.data import (
    BUSINESS_CELL,
    Kind,
    TimeOffPolicy,
)
from cellops.time_off.rules import (
    check_notice,
    length,
    notice_deadline,
    working_dates,
)
from cellops.time_off.tests.rule_cases import (
    CALENDAR,
    MAR_10,
    MON_TO_FRI,
    at,
    request,
)

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
