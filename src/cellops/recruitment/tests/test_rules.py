"""Recruitment's rules (RC-1 to RC-6), pure: no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cellops.recruitment import rules
from cellops.recruitment.data import (
    Application,
    CellNeed,
    Clarity,
    Contribution,
    Grade,
    Preselection,
    Status,
)

GOOD_PR = Contribution("https://github.com/x/y/pull/1", True, True, True, 120, 40)


def _check(**override) -> Preselection:
    values = {
        "contribution": GOOD_PR,
        "writing_ok": True,
        "python": Clarity.CLEAR,
        "django": Clarity.CLEAR,
        "react": Clarity.CLEAR,
        "years_experience": 3,
    }
    return Preselection(**(values | override))


def test_RC_1_a_round_names_its_cells_each_once_with_wanted_at_least_1_and_no_negative_margin():
    assert rules.round_violations("Spring", [CellNeed("Falcon", 2, 1)]) == []
    found = rules.round_violations(" ", [CellNeed("Falcon", 0), CellNeed("Falcon", 1, -1)])
    assert [v.extra["field"] for v in found] == [
        "name",
        "cells[0].wanted",
        "cells[1].cell",
        "cells[1].margin",
    ]
    assert all(v.rule == "RC-1" for v in found)
    assert [v.extra["field"] for v in rules.round_violations("R", [])] == ["cells"]


def test_RC_2_a_claim_takes_ceil_of_unassigned_over_recruiting_cells():
    assert rules.claim_size(7, 3) == 3
    assert rules.claim_size(6, 3) == 2
    assert rules.claim_size(1, 3) == 1
    assert rules.claim_size(0, 3) == 0


def test_RC_2_at_most_one_claim_every_48_hours_and_the_refusal_says_when():
    last = datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert rules.claim_violations(last + timedelta(hours=48), last) == []
    [early] = rules.claim_violations(last + timedelta(hours=47, minutes=59), last)
    assert early.rule == "RC-2"
    assert early.extra["next_claim_at"] == "2026-03-04T09:00:00+00:00"
    assert rules.claim_violations(last, None) == []


def test_RC_3_no_contribution_rejects_at_once_and_nothing_else_is_looked_at():
    [only] = rules.preselection_violations(_check(contribution=None, writing_ok=False))
    assert (only.rule, only.extra["criterion"]) == ("RC-3", "contribution")


def test_RC_3_every_failed_criterion_is_a_reason_in_the_handbooks_order():
    weak = Contribution("https://github.com/me/mine/pull/2", True, False, True, 9, 10)
    found = rules.preselection_violations(
        _check(contribution=weak, writing_ok=False, python=Clarity.NONE, years_experience=1)
    )
    assert [v.extra["criterion"] for v in found] == [
        "contribution",
        "writing",
        "python",
        "experience",
    ]
    assert "someone else's project" in found[0].message and "≥ 10 stars" in found[0].message


def test_RC_3_a_prolific_contributor_exception_waives_the_two_years_and_doubts_do_not_reject():
    check = _check(years_experience=0, open_source_exception=True, django=Clarity.DOUBT)
    assert rules.preselection_violations(check) == []


def test_RC_4_the_skills_field_is_OK_or_lists_the_doubtful_ones():
    assert rules.skills_field(Clarity.CLEAR, Clarity.CLEAR, Clarity.CLEAR) == "OK"
    assert rules.skills_field(Clarity.CLEAR, Clarity.DOUBT, Clarity.NONE) == "Django? React?"


def test_RC_5_no_skipped_steps_and_the_refusal_lists_what_is_allowed():
    assert rules.transition_violations(Status.SELECTED, "interview scheduled") == []
    [jump] = rules.transition_violations(Status.SELECTED, "hired")
    assert (jump.rule, jump.extra["allowed"]) == ("RC-5", ["interview scheduled"])
    [final] = rules.transition_violations(Status.HIRED, "refused")
    assert final.extra["allowed"] == [] and "final" in final.message
    assert rules.transition_violations(Status.CEO_INTERVIEW, "hired") == []


def test_RC_5_the_review_is_a_second_managers_not_the_assignees_nor_the_interviewers():
    evaluated = frozenset({"rita", "ivan"})  # rita assigned, ivan interviewed
    for by in ("rita", "ivan"):
        [refused] = rules.step_by_violations(
            Status.ACCEPTED_BY_INTERVIEWER, "reviewed", by, evaluated, is_ceo=False
        )
        assert (refused.rule, refused.extra["field"]) == ("RC-5", "to")
        assert "second recruitment manager" in refused.message
    assert (
        rules.step_by_violations(
            Status.ACCEPTED_BY_INTERVIEWER, "reviewed", "raj", evaluated, is_ceo=False
        )
        == []
    )
    # the interviewer may still refuse after the interview (no second opinion needed)
    assert rules.step_by_violations(Status.INTERVIEWED, "refused", "ivan", evaluated, False) == []


def test_RC_5_the_ceo_interview_and_its_decision_are_the_ceos():
    nobody = frozenset()
    for current, to in (
        (Status.REVIEWED, "CEO interview"),
        (Status.CEO_INTERVIEW, "hired"),
        (Status.CEO_INTERVIEW, "refused"),
    ):
        [refused] = rules.step_by_violations(current, to, "raj", nobody, is_ceo=False)
        assert refused.rule == "RC-5" and "CEO" in refused.message
        assert rules.step_by_violations(current, to, "ceo", nobody, is_ceo=True) == []
    # a manager's refusal before the CEO's stage stays the manager's
    assert (
        rules.step_by_violations(Status.ACCEPTED_BY_INTERVIEWER, "refused", "raj", nobody, False)
        == []
    )


CRITERIA = [key for key, _ in rules.DEFAULT_POLICY.criteria]


def _grades(**override) -> list[Grade]:
    return [Grade(key, override.get(key, 4), "solid") for key in CRITERIA]


def test_RC_6_grades_are_whole_numbers_1_to_5_each_with_a_comment():
    assert rules.grade_violations(_grades()) == []
    assert rules.grade_violations(_grades(communication=1, frontend=5)) == []
    for bad in (0, 6, -1, 3.5, True, "4"):
        [refused] = rules.grade_violations(_grades(communication=bad))
        assert (refused.rule, refused.extra["field"]) == ("RC-6", "grades[0].grade")
        assert "1 to 5" in refused.message
    blank = [Grade(k, 3, " " if k == "frontend" else "ok") for k in CRITERIA]
    [comment] = rules.grade_violations(blank)
    assert comment.extra["field"] == f"grades[{CRITERIA.index('frontend')}].comment"


def test_RC_6_every_criterion_once_and_the_recording_is_a_web_address():
    [missing] = rules.grade_violations(_grades()[1:])
    assert (missing.extra["field"], missing.extra["criterion"]) == ("grades", CRITERIA[0])
    twice = rules.grade_violations([*_grades(), Grade(CRITERIA[0], 3, "again")])
    assert [v.extra["field"] for v in twice] == [f"grades[{len(CRITERIA)}].criterion"]
    [unknown] = rules.grade_violations([*_grades(), Grade("charm", 5, "lovely")])
    assert "not on the scorecard" in unknown.message
    [link] = rules.grade_violations(_grades(), recording_url="ftp://x/rec")
    assert (link.rule, link.extra["field"]) == ("RC-6", "recording_url")
    assert rules.grade_violations(_grades(), recording_url="https://video.example/rec/1") == []


def _app(**override) -> Application:
    values = {
        "name": "Ana Lima",
        "email": "ana@example.com",
        "years_experience": 4,
        "python": "6 years",
        "django": "4 years",
        "react": "some",
        "motivation": "open source",
        "contributions": ("https://github.com/openedx/edx-platform/pull/1",),
    }
    return Application(**(values | override))


def test_the_public_form_checks_email_links_sizes_and_a_contribution_or_none():
    assert rules.application_problems(_app()) == {}
    found = rules.application_problems(
        _app(email="ana@", contributions=("javascript:alert(1)",), motivation="x" * 4001)
    )
    assert set(found) == {"email", "contributions", "motivation"}
    missing = rules.application_problems(_app(contributions=()))
    assert "I have none" in missing["contributions"]
    assert rules.application_problems(_app(contributions=(), no_contribution=True)) == {}
