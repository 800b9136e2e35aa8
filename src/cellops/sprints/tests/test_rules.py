"""The sprint rules of estimation and planning (SP-1 to SP-6) and the policy's numbers.

Plain pytest with no database: the rules are pure functions. Concrete dates
use a calendar whose sprint 1 starts on Monday 2026-01-05, so sprint 6
starts on Mon 16 Mar 2026: its insertion cut-off is Thu 12 Mar (EOD), its
estimation closes Fri 13 Mar (EOD) and its mid-sprint meeting is Mon 23 Mar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cellops.kernel.calendar import DEFAULT_CALENDAR_POLICY, CalendarPolicy, SprintCalendar
from cellops.kernel.violations import Violation
from cellops.sprints.data import (
    DEFAULT_POLICY,
    CapacityStatus,
    EstimateResult,
    MemberCapacity,
    SprintPolicy,
    TicketFacts,
)
from cellops.sprints.rules import (
    assignee_at_start,
    available_hours,
    capacity_status,
    check_points,
    check_ticket_people,
    check_vote,
    committed_hours,
    estimate,
    estimation_closes_at,
    estimation_deadline,
    hours_from_start,
    insertion_cutoff,
    member_capacity,
    member_done,
    parse_vote,
    readiness_gaps,
    review_hours,
    unestimated,
)

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))


SPRINT_6 = CALENDAR.sprint(6)


SCALE = DEFAULT_POLICY.story_point_scale


H = Decimal


EIGHT_HOURS = Decimal(8)


hours = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)


votes_on_scale = st.lists(st.sampled_from(SCALE), min_size=1, max_size=12)


def ticket(key: str = "T-1", **fields: object) -> TicketFacts:
    """A ready ticket (3 points, ann does it, bob reviews, 5 h left) unless fields say otherwise."""
    values: dict[str, object] = {
        "story_points": 3,
        "assignee": "ann",
        "reviewer": "bob",
        "remaining_hours": H(5),
        "status": "In progress",
    }
    values.update(fields)
    return TicketFacts(key=key, **values)  # type: ignore[arg-type]


def gaps_of(violations: list[Violation]) -> list[tuple[str, object, object]]:
    return [
        (v.rule, v.extra.get("ticket") or v.extra.get("member"), v.extra.get("gap"))
        for v in violations
    ]


def working_days(count: int, daily: Decimal = EIGHT_HOURS) -> dict[date, Decimal]:
    """`count` weekdays of sprint 6 with `daily` hours each."""
    days = [SPRINT_6.on_day(n) for n in range(14) if SPRINT_6.on_day(n).weekday() < 5]
    return {day: daily for day in days[:count]}


def test_SP_policy_defaults_are_the_handbook_numbers() -> None:
    """The default policy holds the handbook's scale, reserves, ratios and days."""
    assert SCALE == (0, 1, 2, 3, 5, 8, 13, 21)
    assert DEFAULT_POLICY.discuss_steps == 2
    assert DEFAULT_POLICY.planning_reserve_hours == H(2)
    assert DEFAULT_POLICY.epic_management_hours == H(2)
    assert DEFAULT_POLICY.under_commit_ratio == Fraction(4, 5)
    assert DEFAULT_POLICY.calendar.insertion_cutoff_day == 10
    assert DEFAULT_POLICY.calendar.estimation_close_day == 11
    assert DEFAULT_POLICY.calendar.mid_sprint_day == 7


@pytest.mark.parametrize(
    "fields",
    [
        {"story_point_scale": ()},
        {"story_point_scale": (0, 2, 1)},
        {"under_commit_ratio": Fraction(0)},
        {"review_hours_by_points": ((1, H(1)),)},
    ],
)
def test_SP_policy_refuses_inconsistent_numbers(fields: dict[str, object]) -> None:
    """A policy with impossible numbers cannot be built."""
    with pytest.raises(ValueError):
        SprintPolicy(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fields",
    [
        {"insertion_cutoff_day": 14},
        {"estimation_close_day": -1},
        {"mid_sprint_day": 14},
        {"sprint_length_days": 0},
    ],
)
def test_SP_1_the_calendar_policy_refuses_days_outside_a_sprint(fields: dict[str, int]) -> None:
    """A cut-off, close or mid-sprint day no sprint has cannot be built (the check was
    SprintPolicy's until the calendar numbers moved to the kernel, decision 0029)."""
    with pytest.raises(ValueError):
        CalendarPolicy(**fields)


def test_SP_1_the_sprint_policy_reads_the_one_calendar_policy_of_the_kernel() -> None:
    """Sprints and the organisation's calendar share one type and one default; another
    calendar moves the sprint rules' landmarks."""
    assert DEFAULT_POLICY.calendar is DEFAULT_CALENDAR_POLICY
    moved = SprintPolicy(calendar=CalendarPolicy(insertion_cutoff_day=9, estimation_close_day=12))
    assert insertion_cutoff(SPRINT_6.start, moved) == date(2026, 3, 11)
    assert estimation_closes_at(SPRINT_6.start, moved) == date(2026, 3, 14)


@pytest.mark.parametrize("points", [0, 1, 2, 3, 5, 8, 13, 21, None])
def test_SP_2_points_on_the_scale_or_unestimated_are_accepted(points: int | None) -> None:
    """Every value on the scale, and None (unestimated), passes."""
    assert check_points(points) == []


def test_SP_2_points_off_the_scale_are_refused_with_the_next_value_up() -> None:
    """4 points is refused on the story_points field, suggesting 5."""
    [violation] = check_points(4)
    assert violation.rule == "SP-2"
    assert violation.extra == {"field": "story_points"}
    assert "next value up is 5" in violation.message


@pytest.mark.parametrize("value", [34, -1, 4.0, "3", True, Decimal(3)])
def test_SP_2_anything_else_is_refused(value: object) -> None:
    """Values above the scale, negative, non-integer or boolean are refused."""
    assert [(v.rule, v.extra["field"]) for v in check_points(value)] == [("SP-2", "story_points")]


@pytest.mark.parametrize("vote", ["0", "1", "2", "3", "5", "8", "13", "21", "?", " 5 "])
def test_SP_2_votes_on_the_scale_or_question_mark_are_accepted(vote: str) -> None:
    """A vote is a scale value as text, or "?"."""
    assert check_vote(vote) == []


@pytest.mark.parametrize("vote", ["4", "03", "3.0", "", "??", "abc", "-1", "34"])
def test_SP_2_other_votes_are_refused(vote: str) -> None:
    """Votes off the scale are refused on the vote field."""
    assert [(v.rule, v.extra["field"]) for v in check_vote(vote)] == [("SP-2", "vote")]


def test_SP_2_parse_vote_reads_points_and_question_mark() -> None:
    """A valid vote reads as its points, "?" as None, an invalid one raises."""
    assert parse_vote("13") == 13
    assert parse_vote("?") is None
    with pytest.raises(ValueError):
        parse_vote("4")


@pytest.mark.parametrize(
    ("votes", "result"),
    [
        (["3", "5", "8"], 5),
        (["5"], 5),
        (["3", "5"], 5),  # mean 4 → 5
        (["2", "3"], 3),  # mean 2.5 → 3
        (["1", "2"], 2),  # mean 1.5 → 2
        (["0", "1"], 1),  # mean 0.5 → 1
        (["13", "21"], 21),  # mean 17 → 21
        (["1", "2", "3", "5"], 3),  # mean of 2 and 3 → 3
        (["5", "5", "5", "8"], 5),
    ],
)
def test_SP_3_result_is_the_median_rounded_up_to_the_scale(votes: list[str], result: int) -> None:
    """The median (mean of the middle two for an even count) is rounded up to the scale."""
    assert estimate(votes).result == result


def test_SP_3_question_marks_are_ignored() -> None:
    """ "?" votes do not count: the others decide."""
    assert estimate(["?", "3", "?"]) == EstimateResult(result=3, discuss=False, numeric_votes=(3,))


@pytest.mark.parametrize("votes", [[], ["?"], ["?", "?"]])
def test_SP_3_without_numeric_votes_the_ticket_stays_unestimated(votes: list[str]) -> None:
    """No numeric vote gives no result and no discussion flag."""
    assert estimate(votes) == EstimateResult(result=None, discuss=False, numeric_votes=())


@pytest.mark.parametrize(
    ("votes", "discuss"),
    [
        (["1", "3"], False),  # two steps apart
        (["1", "5"], True),  # three steps apart
        (["0", "21"], True),
        (["8", "21"], False),
        (["2", "2", "8"], True),
        (["5"], False),
    ],
)
def test_SP_3_votes_more_than_two_steps_apart_are_flagged_discuss(
    votes: list[str], discuss: bool
) -> None:
    """Lowest and highest numeric votes more than two scale steps apart flag "discuss"."""
    assert estimate(votes).discuss is discuss


def test_SP_3_numeric_votes_are_returned_sorted() -> None:
    """The counted votes come back sorted, without the "?"."""
    assert estimate(["8", "?", "1", "3"]).numeric_votes == (1, 3, 8)


def test_SP_3_an_invalid_vote_raises() -> None:
    """A vote off the scale cannot be counted."""
    with pytest.raises(ValueError, match="not a vote"):
        estimate(["3", "4"])


def test_SP_3_discuss_steps_come_from_the_policy() -> None:
    """With discuss_steps 0, any two different votes are flagged."""
    assert estimate(["2", "3"], SprintPolicy(discuss_steps=0)).discuss is True


def test_SP_3_a_member_is_done_when_they_voted_on_every_ticket() -> None:
    """Done needs a vote on every ticket; extra votes do not matter."""
    assert member_done(["T-1", "T-2", "T-9"], ["T-1", "T-2"]) is True
    assert member_done(["T-1"], ["T-1", "T-2"]) is False
    assert member_done([], []) is True


def test_SP_3_estimation_closes_on_friday_day_11_of_the_sprint_before() -> None:
    """For a sprint starting Mon 16 Mar, estimation closes Fri 13 Mar at 24:00 UTC."""
    assert estimation_closes_at(SPRINT_6.start) == date(2026, 3, 13)
    assert estimation_closes_at(SPRINT_6.start).weekday() == 4
    assert estimation_deadline(SPRINT_6.start) == datetime(2026, 3, 14, tzinfo=UTC)


@given(votes_on_scale, st.lists(st.just("?"), max_size=3))
def test_SP_3_result_is_on_the_scale_at_least_the_median_and_within_the_votes(
    numeric: list[int], unknown: list[str]
) -> None:
    """Any votes give a scale value ≥ the median, between the lowest and highest vote."""
    result = estimate([str(v) for v in numeric] + unknown).result
    ordered = sorted(numeric)
    middle = len(ordered) // 2
    median = (
        Fraction(ordered[middle])
        if len(ordered) % 2
        else Fraction(ordered[middle - 1] + ordered[middle], 2)
    )
    assert result in SCALE
    assert result >= median
    assert ordered[0] <= result <= ordered[-1]


@pytest.mark.parametrize(
    ("assignee", "tentative", "expected"),
    [
        ("ann", "bob", "ann"),
        (None, "bob", "bob"),
        ("", "bob", "bob"),
        (None, None, None),
        ("", "", None),
    ],
)
def test_SP_4_tentative_assignee_becomes_assignee_only_without_one(
    assignee: str | None, tentative: str | None, expected: str | None
) -> None:
    """The assignee is kept; otherwise the tentative assignee takes the ticket."""
    assert assignee_at_start(assignee, tentative) == expected


def test_SP_5_a_complete_sprint_has_no_gaps() -> None:
    """Tickets with points, assignee and reviewer and nobody overcommitted: ready."""
    assert readiness_gaps([ticket("T-1"), ticket("T-2")], []) == []


def test_SP_5_every_gap_is_listed_separately() -> None:
    """Each missing field of each ticket and each overcommitted member is one violation."""
    tickets = [
        ticket("T-1", story_points=None, assignee=None, reviewer=None),
        ticket("T-2", reviewer=None),
        ticket("T-3"),
    ]
    assert gaps_of(readiness_gaps(tickets, ["cat", "dan"])) == [
        ("SP-5", "T-1", "story_points"),
        ("SP-5", "T-1", "assignee"),
        ("SP-5", "T-1", "reviewer"),
        ("SP-5", "T-2", "reviewer"),
        ("SP-5", "cat", "overcommitted"),
        ("SP-5", "dan", "overcommitted"),
    ]


def test_SP_5_gap_extras_name_the_ticket_or_member() -> None:
    """A ticket gap's extra names ticket and gap; a member's names member and gap."""
    ticket_gap, member_gap = readiness_gaps([ticket("T-1", assignee=None)], ["cat"])
    assert ticket_gap.extra == {"ticket": "T-1", "gap": "assignee"}
    assert member_gap.extra == {"member": "cat", "gap": "overcommitted"}


def test_SP_5_stretch_goals_are_not_part_of_readiness() -> None:
    """A stretch ticket without points, assignee or reviewer is no gap."""
    stretch = ticket("S-1", story_points=None, assignee=None, reviewer=None, stretch=True)
    assert readiness_gaps([stretch], []) == []


def test_SP_5_an_overcommitted_member_is_listed_once() -> None:
    """Repeating a member does not repeat their gap."""
    assert len(readiness_gaps([], ["cat", "cat"])) == 1


def test_SP_5_the_reviewer_must_not_be_the_assignee() -> None:
    """Ann reviewing her own ticket is refused on the reviewer field."""
    [violation] = check_ticket_people("ann", "ann")
    assert (violation.rule, violation.extra) == ("SP-5", {"field": "reviewer"})
    assert "someone other than the assignee" in violation.message


@pytest.mark.parametrize(
    ("assignee", "reviewer"), [("ann", "bob"), (None, "ann"), ("ann", None), (None, None)]
)
def test_SP_5_different_or_missing_people_pass_the_reviewer_check(
    assignee: str | None, reviewer: str | None
) -> None:
    """Only the same person in both roles is refused."""
    assert check_ticket_people(assignee, reviewer) == []


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (None, H(2)),
        (0, H("0.5")),
        (1, H("0.5")),
        (2, H(1)),
        (3, H(2)),
        (5, H(3)),
        (8, H(5)),
        (13, H(5)),
        (21, H(5)),
    ],
)
def test_SP_6_review_time_by_points_when_unset(points: int | None, expected: Decimal) -> None:
    """Without a review estimate, review time follows the points table."""
    assert review_hours(ticket(story_points=points)) == expected


def test_SP_6_the_tickets_own_review_estimate_wins() -> None:
    """A ticket's own review estimate is used, even 0 h."""
    assert review_hours(ticket(story_points=8, review_hours=H("1.5"))) == H("1.5")
    assert review_hours(ticket(story_points=8, review_hours=H(0))) == H(0)


def test_SP_6_committed_hours_add_assigned_reviews_and_epics() -> None:
    """Ann: 5 h + unset (0 h) assigned, a 5-pt review (3 h), 2 epics (4 h) = 12 h."""
    tickets = [
        ticket("T-1", assignee="ann", remaining_hours=H(5)),
        ticket("T-2", assignee="ann", remaining_hours=None),
        ticket("T-3", assignee="bob", reviewer="ann", story_points=5, remaining_hours=H(9)),
        ticket("T-4", assignee="bob", reviewer="cat"),
    ]
    assert committed_hours("ann", tickets, epics_in_progress_owned=2) == H(12)


def test_SP_6_stretch_goals_do_not_count_towards_commitment() -> None:
    """A stretch ticket's remaining and review hours are not committed."""
    tickets = [
        ticket("S-1", assignee="ann", remaining_hours=H(10), stretch=True),
        ticket("S-2", assignee="bob", reviewer="ann", stretch=True),
    ]
    assert committed_hours("ann", tickets, 0) == H(0)
    assert unestimated("ann", [ticket("S-3", story_points=None, stretch=True)]) == []


def test_SP_6_available_hours_subtract_the_planning_reserve() -> None:
    """Ten 8-hour days give 80 h − 2 h = 78 h; a reduced day gives its hours."""
    assert available_hours(working_days(10)) == H(78)
    days = working_days(10)
    days[SPRINT_6.on_day(2)] = H(4)
    assert available_hours(days) == H(74)


def test_SP_6_available_hours_never_go_below_zero() -> None:
    """One hour of work minus the 2 h reserve is 0, not −1."""
    assert available_hours({SPRINT_6.start: H(1)}) == H(0)
    assert available_hours({}) == H(0)


def test_SP_6_a_member_who_starts_after_the_sprint_has_no_hours_in_it() -> None:
    """A newcomer hired to start next sprint: none of this sprint's days count, 0 h."""
    next_sprint = CALENDAR.sprint(7).start
    assert available_hours(working_days(10), start_date=next_sprint) == H(0)
    capacity = member_capacity("kenji", working_days(10), [], 0, start_date=next_sprint)
    assert (capacity.available_hours, capacity.status) == (H(0), CapacityStatus.OK)


def test_SP_6_a_member_who_starts_mid_sprint_has_hours_from_their_start_date_on() -> None:
    """Starting on day 7 (second Monday): 5 days x 8 h - 2 h reserve = 38 h, not 78 h.
    The handbook: newcomers may start at any time during the sprint; the days before
    their start are not theirs to work, and the reserve stays (they join the meetings)."""
    day_7 = SPRINT_6.on_day(7)
    assert available_hours(working_days(10), start_date=day_7) == H(38)
    assert available_hours(working_days(10), start_date=SPRINT_6.start) == H(78)
    assert available_hours(working_days(10), start_date=date(2020, 1, 1)) == H(78)
    capacity = member_capacity(
        "ann", working_days(10), [ticket(remaining_hours=H(40))], 0, start_date=day_7
    )
    assert (capacity.available_hours, capacity.status) == (H(38), CapacityStatus.OVERCOMMITTED)


def test_SP_6_hours_from_start_keeps_the_days_on_or_after_the_start_date() -> None:
    days = working_days(10)
    kept = hours_from_start(days, SPRINT_6.on_day(8))
    assert sorted(kept) == [SPRINT_6.on_day(n) for n in (8, 9, 10, 11)]
    assert hours_from_start(days, None) == days


@pytest.mark.parametrize(
    ("committed", "status"),
    [
        (H("78.01"), CapacityStatus.OVERCOMMITTED),
        (H(78), CapacityStatus.OK),
        (H("62.4"), CapacityStatus.OK),  # exactly 80 % of 78
        (H("62.39"), CapacityStatus.UNDER_COMMITTED),
        (H(0), CapacityStatus.UNDER_COMMITTED),
    ],
)
def test_SP_6_capacity_status_thresholds(committed: Decimal, status: CapacityStatus) -> None:
    """Over: committed > available; under: below 80 % of available; ok in between."""
    assert capacity_status(H(78), committed) == status


def test_SP_6_capacity_statuses_read_as_the_handbook_words() -> None:
    """The statuses compare equal to their plain words."""
    assert capacity_status(H(10), H(11)) == "overcommitted"
    assert capacity_status(H(10), H(1)) == "under-committed"
    assert capacity_status(H(0), H(0)) == "ok"


def test_SP_6_unestimated_tickets_are_listed_per_person() -> None:
    """Only the member's own assigned tickets without points are listed."""
    tickets = [
        ticket("T-1", story_points=None),
        ticket("T-2"),
        ticket("T-3", story_points=None, assignee="bob", reviewer="ann"),
        ticket("T-4", story_points=None),
    ]
    assert unestimated("ann", tickets) == ["T-1", "T-4"]


def test_SP_6_member_capacity_brings_it_all_together() -> None:
    """Ann: 78 h available, 5 h + 1 epic (2 h) committed → 71 h left, under-committed."""
    tickets = [ticket("T-1"), ticket("T-2", story_points=None, remaining_hours=None)]
    assert member_capacity("ann", working_days(10), tickets, 1) == MemberCapacity(
        member="ann",
        available_hours=H(78),
        committed_hours=H(7),
        remaining_hours=H(71),
        status=CapacityStatus.UNDER_COMMITTED,
        unestimated=("T-2",),
    )


def test_SP_6_overcommitted_members_have_negative_remaining_hours() -> None:
    """Committing 20 h against 6 h available leaves −14 h, overcommitted."""
    capacity = member_capacity("ann", working_days(1), [ticket(remaining_hours=H(20))], 0)
    assert (capacity.remaining_hours, capacity.status) == (H(-14), "overcommitted")


@given(available=hours, committed=hours)
def test_SP_6_status_is_consistent_with_the_thresholds(
    available: Decimal, committed: Decimal
) -> None:
    """For any hours, the status matches committed vs available and 80 % of it."""
    status = capacity_status(available, committed)
    if committed > available:
        assert status == CapacityStatus.OVERCOMMITTED
    elif committed * 5 < available * 4:
        assert status == CapacityStatus.UNDER_COMMITTED
    else:
        assert status == CapacityStatus.OK


def test_SP_4_the_assignee_at_start_rule_also_compares_member_ids() -> None:
    """`start` applies SP-4 to the table's member ids: the same rule, on ids."""
    assert assignee_at_start(None, 7) == 7
    assert assignee_at_start(3, 7) == 3
    assert assignee_at_start(None, None) is None
