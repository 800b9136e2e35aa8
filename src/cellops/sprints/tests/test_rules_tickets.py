"""The sprint rules of tickets: SP-7 planned hours, SP-8 insertion, SP-9 statuses, SP-10
spillover, SP-11 at risk, TO-7 reassignment, WF-2 keys, and who is told of the SP-5 gaps
at the cut-off. Pure functions, no database (sprint 6 starts on Mon 16 Mar 2026).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from cellops.kernel.calendar import CalendarPolicy, SprintCalendar
from cellops.sprints import rules
from cellops.sprints.data import (
    OPEN,
    STATUSES,
    CapacityStatus,
    InsertionContext,
    InsertionPath,
    SprintPolicy,
    TicketFacts,
)
from cellops.sprints.rules import (
    at_risk,
    at_risk_reason,
    can_pull_stretch,
    check_insertion,
    check_status,
    clean_sprint,
    counts_as_planned,
    insertion_cutoff,
    is_open,
    planned_sprints,
    reassignment_reason,
    risk_checked,
    spillover,
    tickets_to_move,
)

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))


SPRINT_6 = CALENDAR.sprint(6)


H = Decimal


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


def at(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """An aware UTC datetime on `day`."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


CUTOFF = date(2026, 3, 12)


def context(now: datetime, started: bool = False) -> InsertionContext:
    return InsertionContext(sprint_start=SPRINT_6.start, sprint_started=started, now=now)


def test_SP_8_the_cutoff_is_thursday_day_10_of_the_sprint_before() -> None:
    """Sprint 6 (Mon 16 Mar) closes to insertions at the EOD of Thu 12 Mar."""
    assert insertion_cutoff(SPRINT_6.start) == CUTOFF
    assert CUTOFF.weekday() == 3


def test_SP_8_before_the_cutoff_a_ticket_is_added_normally() -> None:
    """At 23:59:59 UTC on the cut-off day the path is normal, no confirmation needed."""
    decision = check_insertion(context(at(CUTOFF, 23, 59, 59)), replaces=None, stretch=False)
    assert (decision.allowed, decision.path, decision.needs_confirmation) == (
        True,
        InsertionPath.NORMAL,
        False,
    )
    assert decision.violations == ()


def test_SP_8_after_the_cutoff_a_plain_insertion_is_refused() -> None:
    """At 24:00 UTC it is refused, naming the cut-off and both allowed paths."""
    decision = check_insertion(
        context(at(CUTOFF + timedelta(days=1))), replaces=None, stretch=False
    )
    assert (decision.allowed, decision.path) == (False, None)
    [violation] = decision.violations
    assert (violation.rule, violation.extra) == ("SP-8", {"cutoff": "2026-03-12"})
    assert "replaces" in violation.message
    assert "stretch goals" in violation.message


def test_SP_8_after_the_cutoff_a_replacement_waits_for_confirmation() -> None:
    """Naming the replaced ticket allows it, pending the sprint planning manager."""
    decision = check_insertion(context(at(date(2026, 3, 18), 9)), replaces="T-7", stretch=False)
    assert (decision.allowed, decision.path, decision.needs_confirmation) == (
        True,
        InsertionPath.REPLACEMENT,
        True,
    )


def test_SP_8_after_the_cutoff_a_stretch_goal_is_allowed() -> None:
    """Going to the stretch goals is allowed without confirmation."""
    decision = check_insertion(context(at(date(2026, 3, 13), 9)), replaces=None, stretch=True)
    assert (decision.allowed, decision.path, decision.needs_confirmation) == (
        True,
        "stretch",
        False,
    )


def test_SP_8_both_paths_at_once_are_refused() -> None:
    """Replacement and stretch together is refused: the handbook offers one or the other."""
    decision = check_insertion(context(at(date(2026, 3, 13), 9)), replaces="T-7", stretch=True)
    assert decision.allowed is False
    assert [v.rule for v in decision.violations] == ["SP-8"]


def test_SP_8_a_sprint_started_early_is_closed_to_plain_insertions() -> None:
    """Once its start is recorded, even before the cut-off, a plain insertion is refused."""
    decision = check_insertion(
        context(at(date(2026, 3, 2), 9), started=True), replaces=None, stretch=False
    )
    assert decision.allowed is False
    assert "begun" in decision.violations[0].message


def test_SP_8_now_is_compared_in_utc() -> None:
    """Fri 01:00 at UTC+2 is Thu 23:00 UTC, still before the cut-off."""
    plus_two = timezone(timedelta(hours=2))
    now = datetime(2026, 3, 13, 1, 0, tzinfo=plus_two)
    assert check_insertion(context(now), replaces=None, stretch=False).path == "normal"


def test_SP_8_a_naive_time_is_rejected() -> None:
    """The context needs a timezone-aware time."""
    with pytest.raises(ValueError):
        InsertionContext(
            sprint_start=SPRINT_6.start, sprint_started=False, now=datetime(2026, 3, 1)
        )


def test_SP_8_a_stretch_goal_is_pulled_in_when_ready_and_assignee_under_committed() -> None:
    """A ready sprint and an under-committed assignee: nothing in the way."""
    assert can_pull_stretch(True, CapacityStatus.UNDER_COMMITTED) == []


def test_SP_8_pulling_a_stretch_goal_reports_every_obstacle() -> None:
    """A sprint not ready and an assignee who is ok are two violations."""
    violations = can_pull_stretch(False, "ok")
    assert [v.rule for v in violations] == ["SP-8", "SP-8"]
    assert violations[0].extra == {"gap": "sprint_not_ready"}
    assert violations[1].extra == {"field": "assignee", "status": "ok"}


def test_SP_9_statuses_are_in_board_order() -> None:
    """The board reads from Backlog to Done."""
    assert STATUSES == (
        "Backlog",
        "In progress",
        "Under review",
        "External review / blocker",
        "Long external review / blocked",
        "Merged",
        "Deployed & delivered",
        "Done",
    )
    assert STATUSES[:-1] == OPEN
    assert is_open("Merged") and not is_open("Done")


def test_SP_9_unknown_statuses_are_refused() -> None:
    """A known status passes; a misspelt one is refused on the status field."""
    assert check_status("Under review") == []
    assert [(v.rule, v.extra) for v in check_status("done")] == [("SP-9", {"field": "status"})]


def test_SP_10_open_tickets_spill_over_to_their_assignee() -> None:
    """Open tickets go to their current assignee, else their assignee at start."""
    tickets = [
        ticket("T-1", assignee="ann"),
        ticket("T-2", assignee="bob", status="Merged"),
        ticket("T-3", assignee="ann", status="Done"),
        ticket("T-4", assignee=None),
        ticket("T-5", assignee=None),
        ticket("S-1", assignee="ann", stretch=True),
    ]
    assert spillover(tickets, {"T-1": "cat", "T-4": "dan"}) == {
        "ann": ["T-1"],
        "bob": ["T-2"],
        "dan": ["T-4"],
        None: ["T-5"],
    }


def test_SP_10_every_open_ticket_moves_stretch_goals_included() -> None:
    """All tickets not Done move to the next sprint."""
    tickets = [ticket("T-1"), ticket("T-2", status="Done"), ticket("S-1", stretch=True)]
    assert tickets_to_move(tickets) == ["T-1", "S-1"]


def test_SP_10_a_sprint_is_clean_without_spillover_of_tickets_held_at_start() -> None:
    """Ann's T-1, reassigned to bob and spilled, makes ann's sprint not clean."""
    at_start = {"T-1": "ann", "T-2": "bob", "T-3": "cat"}
    spilled = {"bob": ["T-1"]}
    assert clean_sprint("ann", spilled, at_start) is False
    assert clean_sprint("bob", spilled, at_start) is True
    assert clean_sprint("cat", spilled, at_start) is True
    assert clean_sprint("eve", spilled, at_start) is True


@pytest.mark.parametrize(
    ("fields", "left", "risky"),
    [
        ({"remaining_hours": H(10)}, H(9), True),
        ({"remaining_hours": H(9)}, H(9), False),
        ({"remaining_hours": H(1), "status": "Backlog"}, H(40), True),
        ({"remaining_hours": None}, H(0), False),
        ({"remaining_hours": H(10), "status": "Done"}, H(0), False),
    ],
)
def test_SP_11_ticket_at_risk_when_backlog_or_more_left_than_available(
    fields: dict[str, object], left: Decimal, risky: bool
) -> None:
    """More remaining time than the assignee has left, or still in Backlog, is at risk."""
    assert at_risk(ticket(**fields), left) is risky


def test_SP_11_risk_is_checked_from_the_mid_sprint_day_to_the_last_day_of_a_running_sprint() -> (
    None
):
    """Day 7 (Mon 23 Mar) to day 13 (Sun 29 Mar) of sprint 6, unless it was completed."""
    start, end = SPRINT_6.start, SPRINT_6.end
    assert risk_checked(start, end, False, date(2026, 3, 22)) is False
    assert risk_checked(start, end, False, date(2026, 3, 23)) is True
    assert risk_checked(start, end, False, end) is True
    assert risk_checked(start, end, False, end + timedelta(days=1)) is False
    assert risk_checked(start, end, True, date(2026, 3, 24)) is False
    later = SprintPolicy(calendar=CalendarPolicy(mid_sprint_day=9))
    assert risk_checked(start, end, False, date(2026, 3, 24), later) is False


@pytest.mark.parametrize(
    ("fields", "left", "reason"),
    [
        ({"status": "Backlog", "remaining_hours": H(1)}, H(40), "still in Backlog at mid-sprint"),
        (
            {"remaining_hours": H(10)},
            H("9.5"),
            "10 h left, more than the 9.50 h its assignee has until the sprint ends",
        ),
        (
            {"remaining_hours": H(3), "assignee": None},
            H(0),
            "3 h left and nobody assigned to do them",
        ),
        ({"remaining_hours": H(9)}, H(9), ""),
        ({"remaining_hours": H(10), "stretch": True}, H(0), ""),
        ({"remaining_hours": H(10), "status": "Done"}, H(0), ""),
    ],
)
def test_SP_11_the_reason_a_ticket_is_at_risk_is_said_in_words(
    fields: dict[str, object], left: Decimal, reason: str
) -> None:
    """Backlog, more hours left than the assignee has, or nobody to do them; a stretch goal
    or a Done ticket is never at risk."""
    assert at_risk_reason(ticket(**fields), left) == reason


def test_TO_7_a_ticket_whose_assignee_or_reviewer_is_away_the_whole_sprint_is_flagged() -> None:
    """Who is away, as what, in the order assignee then reviewer."""
    assert reassignment_reason(ticket(), {"ann"}) == (
        "ann (assignee) away for the whole sprint: reassign"
    )
    assert reassignment_reason(ticket(), {"bob", "cat"}) == (
        "bob (reviewer) away for the whole sprint: reassign"
    )
    assert reassignment_reason(ticket(), {"bob", "ann"}) == (
        "ann (assignee) and bob (reviewer) away for the whole sprint: reassign"
    )
    assert reassignment_reason(ticket(), {"cat"}) == ""


def test_TO_7_a_done_ticket_needs_nobody_but_every_open_status_is_checked() -> None:
    """Only `Done` is left alone: a Merged ticket still has a review to do."""
    assert reassignment_reason(ticket(status="Done"), {"ann", "bob"}) == ""
    assert reassignment_reason(ticket(status="Merged"), {"bob"}) != ""
    assert reassignment_reason(ticket(assignee=None, reviewer=None), {"ann"}) == ""


def test_SP_7_planned_hours_count_open_committed_tickets_only() -> None:
    """Open (not Done) and not a stretch goal."""
    assert counts_as_planned(ticket(status="Deployed & delivered")) is True
    assert counts_as_planned(ticket(status="Done")) is False
    assert counts_as_planned(ticket(stretch=True)) is False
    # The budgets' query filters on `data.OPEN`: the statuses this rule counts.
    assert tuple(s for s in STATUSES if counts_as_planned(ticket(status=s))) == OPEN


def test_SP_7_a_month_counts_the_sprints_starting_in_it_an_epic_the_current_and_next() -> None:
    """Sprints 5, 6 and 7 start in March 2026 (Mondays 2, 16 and 30 Mar); on 20 Mar the
    current sprint is 6."""
    planned = planned_sprints(CALENDAR, date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 20))
    assert planned.for_month == (5, 6, 7)
    assert planned.for_epics == (6, 7)
    feb = planned_sprints(CALENDAR, date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 20))
    assert feb.for_month == (3, 4)


def test_SP_7_before_the_calendar_begins_no_month_sprint_and_the_first_sprint_is_current() -> None:
    """A month before sprint 1, and a day before sprint 1: the epics count sprints 1 and 2."""
    planned = planned_sprints(CALENDAR, date(2025, 12, 1), date(2025, 12, 31), date(2025, 12, 15))
    assert planned.for_month == ()
    assert planned.for_epics == (1, 2)


GAPS = rules.readiness_gaps(
    [
        TicketFacts("F-1", None, "ada", "bob"),  # no points
        TicketFacts("F-2", 3, None, "bob"),  # no assignee
        TicketFacts("F-3", 2, "cyd", None),  # no reviewer
        TicketFacts("F-4", None, None, None),  # all three
    ],
    ["dee"],
)


def told(creators=None, managers=("sam",)):
    found = rules.gap_recipients(GAPS, {"F-1": "ada", "F-3": "cyd"}, creators or {}, list(managers))
    return {
        person: [(g.extra.get("ticket") or g.extra["member"], g.extra["gap"]) for g in gaps]
        for person, gaps in found.items()
    }


def test_SP_5_each_gap_goes_to_the_person_who_can_fix_it():
    """Points and reviewer → whoever does the ticket; assignee → its creator; else the manager;
    an overcommitted member is told themselves (SP-6)."""
    assert told(creators={"F-2": "eve"}) == {
        "ada": [("F-1", "story_points")],
        "eve": [("F-2", "assignee")],
        "cyd": [("F-3", "reviewer")],
        "sam": [("F-4", "story_points"), ("F-4", "assignee"), ("F-4", "reviewer")],
        "dee": [("dee", "overcommitted")],
    }


def test_SP_5_without_a_creator_every_manager_is_told_and_without_managers_nobody():
    """Unknown creator: each sprint planning manager; no manager at all: listed under ""."""
    assert told(managers=("sam", "tom"))["tom"] == told(managers=("sam", "tom"))["sam"]
    assert ("F-2", "assignee") in told(managers=())[""]


def test_SP_1_scheduled_start_and_completion_meet_at_midnight_utc():
    """Day 0 starts at 00:00 UTC; the sprint before completes at EOD of its day 13, the same instant."""
    assert rules.start_due(date(2026, 12, 7)) == datetime(2026, 12, 7, tzinfo=UTC)
    assert rules.completion_due(date(2026, 12, 6)) == datetime(2026, 12, 7, tzinfo=UTC)


ODD_KEYS = [
    "LYNX-²",
    "EVIL/1",
    "lynx-1",
    "LYNX-1\n",
    "LYNX-",
    "-1",
    "1LYNX-1",
    "LYNX 1",
    "ÉTÉ-1",
    "LYNX-١",
    "LYNX-１",
    "ABCDEFGHIJK-1",
    "LYNX-1234567890",
    "",
]


@pytest.mark.parametrize("key", ["LYNX-1", "L-0", "SE-1234", "OC5-9", "ABCDEFGHIJ-123456789"])
def test_WF_2_a_ticket_key_is_capitals_and_digits_a_hyphen_and_a_number(key):
    """Keys like the handbook's SE-1234 are ticket keys."""
    assert rules.is_ticket_key(key) and rules.key_problem(key) is None


@pytest.mark.parametrize("key", ODD_KEYS)
def test_WF_2_anything_else_is_not_a_ticket_key_and_the_problem_says_what_to_give(key):
    """Superscripts, other scripts' digits, slashes, lower case, newlines: all refused."""
    assert not rules.is_ticket_key(key)
    assert "give a ticket key like LYNX-42" in rules.key_problem(key)


def test_finding_2_the_next_key_skips_keys_of_another_shape_instead_of_crashing():
    """LYNX-² (int('²') crashed) and EVIL-x are skipped; the highest well-formed key counts."""
    used = ["LYNX-²", "LYNX-3", "LYNX-10x", "LYNX-١٢", "LYNXA-99", "LYNX-"]
    assert rules.next_key("LYNX", used) == "LYNX-4"
    assert rules.next_key("LYNX", []) == "LYNX-1"


@pytest.mark.parametrize(
    ("cell", "prefix"), [("Lynx", "LYNX"), ("Été 2", "T2"), ("42 Owls", "OWLS"), ("ÅÄÖ", "T")]
)
def test_finding_2_automatic_keys_of_any_cell_name_are_ticket_keys(cell, prefix):
    """A cell name with accents or leading digits still gives ASCII keys starting with a letter."""
    assert rules.key_prefix(cell) == prefix
    assert rules.is_ticket_key(rules.next_key(prefix, []))


def test_finding_2_repaired_keys_are_upper_cased_when_free_else_the_cells_next_numbers():
    """lynx-5 becomes LYNX-5 (even listed last); LYNX-² and a taken lynx-3 take the cell's
    next free numbers after every key in use, LYNX-5 included; EVIL/1 its own cell's."""
    odd = [("LYNX-²", "LYNX"), ("lynx-3", "LYNX"), ("EVIL/1", "OWL"), (" lynx-5 ", "LYNX")]
    assert rules.repaired_keys(odd, ["LYNX-3", "OWL-1", *(k for k, _ in odd)]) == {
        " lynx-5 ": "LYNX-5",
        "LYNX-²": "LYNX-6",
        "lynx-3": "LYNX-7",
        "EVIL/1": "OWL-2",
    }


def test_finding_3_the_calendar_ends_with_the_sprint_that_holds_the_last_date_kept():
    """The last sprint a person can name holds 2199-12-31; later ones are refused, and a
    number or date whose dates would overflow is refused too instead of an OverflowError."""
    from datetime import date

    from cellops.kernel.bounds import LATEST
    from cellops.kernel.calendar import AfterLastSprint, OutsideCalendar, SprintCalendar

    calendar = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))
    last = calendar.named_sprint(calendar.last_number)
    assert last.start <= LATEST <= last.end
    assert calendar.for_date(LATEST) == last
    for number in (calendar.last_number + 1, 999_999, 10**30):
        with pytest.raises(AfterLastSprint):
            calendar.named_sprint(number)
    # Rules may look past the last sprint (a trial starting on the last day kept)...
    assert calendar.sprint(calendar.last_number + 1).start == last.end + timedelta(days=1)
    # ...but never to a date Python cannot hold.
    for number in (999_999, 10**30):
        with pytest.raises(AfterLastSprint):
            calendar.sprint(number)
    with pytest.raises(OutsideCalendar):
        calendar.for_date(date(9999, 12, 31))


def test_item_15_the_remaining_hours_offered_after_a_log_are_remaining_less_logged():
    from cellops.sprints.rules import remaining_after_log

    assert remaining_after_log(Decimal(10), Decimal("2.5")) == Decimal("7.50")
    assert remaining_after_log(Decimal(2), Decimal(3)) == Decimal("0.00")  # never below 0
    assert remaining_after_log(None, Decimal(1)) is None  # nothing to count down from
