"""The review rules (TR-2, TR-3, TR-4, TR-5), pure: plans, reviewers, votes, decisions.

Sprint 1 of the calendar starts on Monday 2026-01-05 (sprint 2 on 2026-01-19,
3 on 2026-02-02, 4 on 2026-02-16, 5 on 2026-03-02).
"""

from __future__ import annotations

from datetime import date

from cellops.kernel.calendar import SprintCalendar
from cellops.trial import rules
from cellops.trial.data import ReviewKind, ReviewPlan

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))


def test_TR_2_and_TR_5_a_mid_sprint_start_gets_its_screening_and_developer_review_dates():
    """Start Wed 2026-01-07: screening on day 13 of sprint 2 (2026-02-01); the review deadline
    is start + 49 (2026-02-25), so TR-5 puts the developer review in sprint 3, before sprint 4."""
    plans = rules.review_plans(rules.trial_schedule(date(2026, 1, 7), CALENDAR), CALENDAR)
    assert plans == [
        ReviewPlan(ReviewKind.SCREENING, 0, date(2026, 2, 1), 2),
        ReviewPlan(ReviewKind.DEVELOPER, 0, date(2026, 2, 25), 3),
    ]


def test_TR_5_a_start_on_day_0_puts_the_developer_review_in_the_trials_last_sprint():
    """Start Mon 2026-01-19 (sprint 2's day 0): the trial's last sprint is sprint 5."""
    plans = rules.review_plans(rules.trial_schedule(date(2026, 1, 19), CALENDAR), CALENDAR)
    assert plans[0] == ReviewPlan(ReviewKind.SCREENING, 0, date(2026, 2, 1), 2)
    assert plans[1] == ReviewPlan(ReviewKind.DEVELOPER, 0, date(2026, 3, 9), 5)


def test_TR_4_an_extension_makes_its_own_developer_review_due_a_week_before_it_ends():
    """A 2-sprint extension decided at a 121 on 2026-03-04 ends 2026-04-01; review by 03-25."""
    plan = rules.extension_review_plan(rules.extension(date(2026, 3, 4), 2), 1, CALENDAR)
    assert (plan.kind, plan.sequence, plan.due) == (ReviewKind.DEVELOPER, 1, date(2026, 3, 25))
    assert plan.sprint == 5  # the 121 is mid-sprint: the sprint before the deadline's (6)


def test_TR_2_the_mentor_and_two_other_core_members_screen():
    """The mentor plus the first two other core members; the newcomer never reviews."""
    chosen = rules.screening_reviewers("newbie", "mia", ["zed", "mia", "amy", "bob", "newbie"])
    assert chosen == ("mia", "amy", "bob")


def test_TR_2_reviewers_already_chosen_stay_and_a_departed_one_is_replaced():
    """zed was chosen and stays; amy left the core, so the next one (bob) joins."""
    chosen = rules.screening_reviewers("n", "mia", ["zed", "bob", "cy"], kept=("mia", "zed", "amy"))
    assert chosen == ("mia", "bob", "zed")


def test_TR_2_without_a_mentor_yet_two_core_members_are_seated():
    assert rules.screening_reviewers("n", None, ["b", "a", "c"]) == ("a", "b")


def test_TR_3_every_core_member_of_the_cell_plus_one_developer_of_each_other_dev_cell():
    chosen = rules.developer_reviewers(
        "newbie",
        ["mia", "amy"],
        {"Otter": ["ola", "oz"], "Swift": ["sam"], "Empty": []},
    )
    assert chosen == ("amy", "mia", "ola", "sam")


def test_TR_3_the_other_cells_developer_already_chosen_stays():
    chosen = rules.developer_reviewers("n", ["amy"], {"Otter": ["ola", "oz"]}, kept=("oz",))
    assert chosen == ("amy", "oz")


def test_TR_2_and_TR_3_votes_are_the_kinds_own_and_anything_else_names_the_rule():
    assert rules.vote_violations(ReviewKind.SCREENING, "continue") == []
    assert rules.vote_violations(ReviewKind.DEVELOPER, "extend") == []
    [bad] = rules.vote_violations(ReviewKind.SCREENING, "accept")
    assert (bad.rule, bad.extra["field"], bad.extra["allowed"]) == (
        "TR-2",
        "vote",
        ["continue", "end"],
    )
    [bad] = rules.vote_violations(ReviewKind.DEVELOPER, "continue")
    assert bad.rule == "TR-3"


def test_TR_3_a_developer_review_decides_itself_only_when_every_vote_is_accept():
    reviewers = ("a", "b")
    assert rules.self_decided_outcome(ReviewKind.DEVELOPER, reviewers, {"a": "accept"}) is None
    both = {"a": "accept", "b": "accept"}
    assert rules.self_decided_outcome(ReviewKind.DEVELOPER, reviewers, both) == "accept"
    split = {"a": "accept", "b": "extend"}
    assert rules.self_decided_outcome(ReviewKind.DEVELOPER, reviewers, split) is None
    assert rules.self_decided_outcome(ReviewKind.SCREENING, reviewers, both) is None


def test_TR_2_the_screening_outcome_is_continue_unless_every_reviewer_votes_end():
    assert rules.screening_outcome(("a", "b"), {"a": "end", "b": "continue"}) == "continue"
    assert rules.screening_outcome(("a", "b"), {"a": "end", "b": "end"}) == "end"


def _decide(kind, outcome, votes, **overrides):
    options = {
        "decided": False,
        "note": "talked it over",
        "extension_sprints": None,
        "open_extension": False,
    }
    options.update(overrides)
    return rules.decision_violations(kind, outcome, ("a", "b"), votes, **options)


def test_TR_3_a_decision_waits_for_every_vote_and_says_why():
    found = _decide(ReviewKind.DEVELOPER, "end", {"a": "end"}, note=" ")
    assert [(v.rule, v.extra["field"]) for v in found] == [("TR-3", "outcome"), ("TR-3", "note")]
    assert found[0].extra["missing"] == ["b"]
    assert _decide(ReviewKind.DEVELOPER, "end", {"a": "end", "b": "extend"}) == []


def test_TR_3_a_decided_review_is_not_decided_again():
    [v] = _decide(ReviewKind.DEVELOPER, "end", {"a": "end", "b": "end"}, decided=True)
    assert v.rule == "TR-3" and "already decided" in v.message


def test_TR_4_an_extension_needs_2_or_4_sprints_and_only_one_runs_at_a_time():
    votes = {"a": "extend", "b": "extend"}
    assert _decide(ReviewKind.DEVELOPER, "extend", votes, extension_sprints=2) == []
    [missing] = _decide(ReviewKind.DEVELOPER, "extend", votes)
    assert (missing.rule, missing.extra["field"]) == ("TR-4", "sprints")
    found = _decide(ReviewKind.DEVELOPER, "extend", votes, extension_sprints=3, open_extension=True)
    assert [v.rule for v in found] == ["TR-4", "TR-4"]


def test_TR_2_the_mentor_records_end_only_when_every_reviewer_voted_end():
    [v] = _decide(ReviewKind.SCREENING, "end", {"a": "end", "b": "continue"}, note="")
    assert (v.rule, v.extra["expected"]) == ("TR-2", "continue")
    assert _decide(ReviewKind.SCREENING, "end", {"a": "end", "b": "end"}, note="") == []
    [bad] = _decide(ReviewKind.SCREENING, "accept", {"a": "end", "b": "end"})
    assert (bad.rule, bad.extra["allowed"]) == ("TR-2", ["continue", "end"])
