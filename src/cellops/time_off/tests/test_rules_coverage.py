"""Rule tests for TO-6 (who covers a member's duties) and the words and names the booking
page shows for TO-3 and TO-4, which used to be worked out in `api.py` and `views.py`.

Plain pytest with no database: the rules are pure functions.
"""

from __future__ import annotations

from datetime import date

from cellops.kernel.violations import Violation
from cellops.time_off.data import CoverageEntry, Duty, EpicHeld, RoleHeld, TimeOffPolicy
from cellops.time_off.rules import (
    away_by_day,
    check_coverage,
    covers_to_find,
    duties,
    notice_rule,
    roles_held_during,
)

MARCH_9 = date(2026, 3, 9)  # a Monday
MARCH_13 = date(2026, 3, 13)  # the Friday
MON_TO_FRI = (0, 1, 2, 3, 4)


# TO-6: the duties ---------------------------------------------------------


def test_TO_6_an_epic_is_covered_by_default_by_the_other_person_on_it():
    epics = [EpicHeld("PAY", "Payments", "ada", "bob"), EpicHeld("OPS", "Ops", "cy", "ada")]
    assert duties("ada", epics, [], MARCH_9, MARCH_13) == [
        Duty("epic:PAY", "Epic PAY Payments", "bob"),
        Duty("epic:OPS", "Epic OPS Ops", "cy"),
    ]


def test_TO_6_an_epic_without_another_person_has_no_default_cover():
    epics = [EpicHeld("SOLO", "Alone", "ada", None), EpicHeld("SELF", "Self", "ada", "ada")]
    assert [d.default_cover for d in duties("ada", epics, [], MARCH_9, MARCH_13)] == [None, None]


def test_TO_6_only_roles_held_on_one_of_the_days_are_duties():
    roles = [
        RoleHeld("sprint_manager", "Sprint manager", date(2026, 1, 1), None, cell="falcon"),
        RoleHeld("mentor", "Mentor", date(2026, 1, 1), MARCH_9, mentee="eve"),  # ends on day 1
        RoleHeld("recruiter", "Recruiter", date(2025, 1, 1), date(2026, 3, 8)),  # ended before
        RoleHeld("ceo", "CEO", MARCH_13),  # starts on the last day
        RoleHeld("devops", "DevOps", date(2026, 3, 14)),  # starts after
    ]
    assert duties("ada", [], roles, MARCH_9, MARCH_13) == [
        Duty("role:sprint_manager:falcon", "Sprint manager of falcon"),
        Duty("role:mentor:eve", "Mentor for eve"),
        Duty("role:ceo", "CEO"),
    ]


def test_TO_6_roles_held_during_an_absence_are_those_held_on_one_of_its_days():
    """TO-6 duties and TO-8 vacation checklists both take the roles held during the
    absence (ORG-3, both ends inclusive); the api's checklists used to restate it."""
    roles = [
        RoleHeld("mentor", "Mentor", date(2026, 1, 1), MARCH_9, mentee="eve"),  # ends on day 1
        RoleHeld("recruiter", "Recruiter", date(2025, 1, 1), date(2026, 3, 8)),  # ended before
        RoleHeld("ceo", "CEO", MARCH_13),  # starts on the last day
        RoleHeld("devops", "DevOps", date(2026, 3, 14)),  # starts after
        RoleHeld("cto", "CTO", date(2020, 1, 1)),  # open-ended
    ]
    held = roles_held_during(roles, MARCH_9, MARCH_13)
    assert [r.role for r in held] == ["mentor", "ceo", "cto"]
    assert roles_held_during(roles, MARCH_9, MARCH_9) == [roles[0], roles[4]]


# TO-6: the coverage ---------------------------------------------------------

PAY = Duty("epic:PAY", "Epic PAY Payments", "bob")
ROLE = Duty("role:sprint_manager:falcon", "Sprint manager of falcon")


def test_TO_6_defaults_and_given_covers_become_the_coverage():
    entries, problems = check_coverage(
        "ada", [PAY, ROLE], [CoverageEntry(ROLE.key, "cy")], {"bob", "cy"}
    )
    assert problems == []
    assert entries == [CoverageEntry(PAY.key, "bob"), CoverageEntry(ROLE.key, "cy")]


def test_TO_6_a_given_cover_wins_over_the_default():
    entries, problems = check_coverage("ada", [PAY], [CoverageEntry(PAY.key, "cy")], {"bob", "cy"})
    assert (entries, problems) == ([CoverageEntry(PAY.key, "cy")], [])


def test_TO_6_every_problem_is_named_at_once():
    entries, problems = check_coverage(
        "ada",
        [PAY, ROLE, Duty("role:ceo", "CEO")],
        [
            CoverageEntry("epic:NOPE", "bob"),
            CoverageEntry(PAY.key, "ada"),
            CoverageEntry("role:ceo", "ghost"),
        ],
        {"bob"},
    )
    assert entries == []
    assert problems == [
        Violation(
            "TO-6",
            "'epic:NOPE' is not one of ada's duties on these dates; leave it out.",
            {"duty": "epic:NOPE"},
        ),
        Violation(
            "TO-6",
            "ada cannot cover their own Epic PAY Payments; name someone else.",
            {"duty": PAY.key},
        ),
        Violation(
            "TO-6",
            "Name who covers Sprint manager of falcon while ada is away.",
            {"duty": ROLE.key},
        ),
        Violation(
            "TO-6",
            "No member is called 'ghost'; name an existing member for CEO.",
            {"duty": "role:ceo", "covered_by": "ghost"},
        ),
    ]


def test_TO_6_no_duties_need_no_cover():
    assert check_coverage("ada", [], [], set()) == ([], [])


def test_TO_6_only_the_covers_that_would_be_used_are_looked_up():
    given = [CoverageEntry(ROLE.key, "cy"), CoverageEntry("epic:NOPE", "zed")]
    assert covers_to_find([PAY, ROLE, Duty("role:ceo", "CEO")], given) == {"bob", "cy"}


# TO-3 in words ---------------------------------------------------------------------


def test_TO_3_the_page_words_the_notice_each_length_needs():
    assert notice_rule(1) == "a single working day needs 3 days' notice"
    assert notice_rule(2) == notice_rule(5)
    assert notice_rule(5) == (
        "2 to 5 working days must be booked by the Thursday before the sprint they start in"
    )
    assert notice_rule(6) == "more than 5 working days need 14 days' notice"


def test_TO_3_the_wording_follows_the_policy():
    policy = TimeOffPolicy(short_notice_days=4, long_notice_days=21)
    assert notice_rule(1, policy) == "a single working day needs 4 days' notice"
    assert notice_rule(9, policy) == "more than 5 working days need 21 days' notice"
    assert notice_rule(1, one_day="a single day") == "a single day needs 3 days' notice"


# TO-4 in names ---------------------------------------------------------------------


def test_TO_4_who_else_is_away_is_named_on_each_of_their_working_days():
    absences = [
        ("bob", "Bob (off)", date(2026, 3, 6), date(2026, 3, 10)),  # from before the window
        ("cy", "Cy (sick)", MARCH_13, date(2026, 3, 20)),  # past its end
        ("cy", "Cy (sick)", MARCH_13, MARCH_13),  # the same twice is named once
        ("ada", "Ada (off)", MARCH_9, MARCH_13),  # the requester
        ("left", "Left (off)", MARCH_9, MARCH_13),  # not active in the cell
        ("dee", "Dee (reduced)", MARCH_9, MARCH_13),  # works Mondays and Wednesdays
    ]
    working = {"ada": MON_TO_FRI, "bob": MON_TO_FRI, "cy": MON_TO_FRI, "dee": (0, 2)}
    assert away_by_day("ada", absences, working, MARCH_9, MARCH_13) == {
        MARCH_9: ["Bob (off)", "Dee (reduced)"],
        date(2026, 3, 10): ["Bob (off)"],
        date(2026, 3, 11): ["Dee (reduced)"],
        MARCH_13: ["Cy (sick)"],
    }


def test_TO_4_nobody_away_names_nobody():
    assert away_by_day("ada", [], {"ada": MON_TO_FRI}, MARCH_9, MARCH_13) == {}
