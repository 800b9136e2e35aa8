"""Rule tests for TO-4, the same-day cap and its overlap days (moved from `test_rules.py`).

Plain pytest with no database: the rules are pure functions. Concrete dates
use a calendar whose sprint 1 starts on Monday 2026-01-05 (`rule_cases`), so
sprint 5 starts on Mon 2 Mar 2026, sprint 6 on Mon 16 Mar, sprint 7 on Mon 30 Mar.
In March 2026 the 2nd, 9th, 16th, 23rd and 30th are Mondays.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cellops.time_off.data import (
    DEFAULT_POLICY,
    Absence,
    DayLoad,
    Kind,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules import (
    cap,
    check_cap,
    day_loads,
)
from cellops.time_off.tests.rule_cases import (
    FRI_13,
    MON_9,
    MON_16,
    MON_TO_FRI,
    THU_12,
    TUE_10,
    WED_11,
    away,
    request,
)

# TO-4 -------------------------------------------------------------------


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
    assert violation.extra == {
        "days": ["2026-03-10", "2026-03-11"],
        "cap": 1,
        "fits_start": "2026-03-11",
        "fits_end": "2026-03-13",
    }
    assert "Tue 10 Mar 2026 and Wed 11 Mar 2026 are both overlap days" in violation.message
    assert "only one of them fits: keep Wed 11 Mar 2026; move Tue 10 Mar 2026" in (
        violation.message
    )


def test_TO_4_the_refusal_says_which_day_to_keep_and_the_longest_dates_that_fit() -> None:
    """Mon 21 and Tue 22 Dec are overlap days in a Mon 21 – Wed 23 request: Tue 22 to Wed 23
    is the longest part that fits (two days), so Tue 22 is kept and Mon 21 moved."""
    mon, tue, wed = date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23)
    others = [away("bob", mon), away("cat", tue)]
    _, [violation] = check_cap(request(mon, wed), others, 5, [])
    assert (violation.extra["fits_start"], violation.extra["fits_end"]) == (
        "2026-12-22",
        "2026-12-23",
    )
    assert "keep Tue 22 Dec 2026; move Mon 21 Dec 2026" in violation.message


def test_TO_4_no_dates_are_offered_when_no_day_of_the_request_fits() -> None:
    """One overlap Tuesday in a week already holding an overlap Thursday: nothing fits."""
    _, [violation] = check_cap(request(TUE_10, TUE_10), [away("bob", TUE_10)], 5, [THU_12])
    assert "fits_start" not in violation.extra


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
    assert violation.extra == {"days": ["2026-03-10"], "cap": 1}  # nothing fits: no dates
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
    assert "only 2 of them fit: keep Tue 10 Mar 2026 and Wed 11 Mar 2026; move Thu 12" in (
        violation.message
    )


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
