"""Rule tests for TO-1 and TO-2, and for TO-1 … TO-4 checked together (TO-3 and TO-4 alone are in
`test_rules_notice.py` and `test_rules_cap.py`).

Plain pytest with no database: the rules are pure functions. Concrete dates
use a calendar whose sprint 1 starts on Monday 2026-01-05 (`rule_cases`), so
sprint 5 starts on Mon 2 Mar 2026, sprint 6 on Mon 16 Mar, sprint 7 on Mon 30 Mar.
In March 2026 the 2nd, 9th, 16th, 23rd and 30th are Mondays.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cellops.time_off.data import (
    Booking,
    Kind,
    OwnRequest,
    Request,
)
from cellops.time_off.rules import (
    check_double_booking,
    check_kind,
    check_length,
    check_request,
    length,
    notice_deadline,
    working_dates,
)
from cellops.time_off.tests.rule_cases import (
    CALENDAR,
    EIGHT_HOURS,
    MAR_10,
    MON_16,
    MON_TO_FRI,
    TUE_10,
    WED_11,
    at,
    away,
    fields_of,
    request,
)

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


def test_TO_2_a_request_overlapping_ones_own_booking_is_refused_naming_it() -> None:
    """7–8 Dec over a confirmed 7–9 Dec: refused on TO-2, naming request 12 and its days."""
    booked = OwnRequest(12, Kind.OFF, date(2026, 12, 7), date(2026, 12, 9), "confirmed")
    new = request(date(2026, 12, 7), date(2026, 12, 8))
    violations = check_double_booking(new, [booked])
    assert fields_of(violations) == [("TO-2", "start")]
    assert violations[0].extra["request"] == 12
    assert "Mon 7 Dec 2026 to Wed 9 Dec 2026 (confirmed, request 12)" in violations[0].message
    assert "change or cancel that request" in violations[0].message


def test_TO_2_double_booking_edges_touching_days_cancelled_and_pending() -> None:
    """The day after an existing request is free; a cancelled one frees its days; a pending
    one refuses as a confirmed one does; every overlapping request is named."""
    pending = OwnRequest(3, Kind.REDUCED, date(2026, 12, 1), date(2026, 12, 1), "pending")
    confirmed = OwnRequest(4, Kind.OFF, date(2026, 12, 7), date(2026, 12, 9), "confirmed")
    cancelled = OwnRequest(5, Kind.OFF, date(2026, 12, 10), date(2026, 12, 11), "cancelled")
    own = [confirmed, pending, cancelled]
    assert check_double_booking(request(date(2026, 12, 10), date(2026, 12, 11)), own) == []
    assert check_double_booking(request(date(2026, 12, 2), date(2026, 12, 4)), own) == []
    named = check_double_booking(request(date(2026, 12, 1), date(2026, 12, 7)), own)
    assert [v.extra["request"] for v in named] == [3, 4]
    assert "reduced time off on Tue 1 Dec 2026 (pending, request 3)" in named[0].message


def test_TO_2_check_request_refuses_a_double_booking_with_the_other_rules() -> None:
    """`check_request` reports the double booking with every other refusal, and books nothing."""
    own = [OwnRequest(7, Kind.OFF, MON_16, MON_16, "pending")]
    booking, violations = check_request(
        request(MON_16, date(2026, 3, 17)),
        at(date(2026, 3, 14)),
        CALENDAR,
        [],
        5,
        [],
        EIGHT_HOURS,
        own=own,
    )
    assert booking is None
    assert [v.rule for v in violations] == ["TO-2", "TO-3"]
