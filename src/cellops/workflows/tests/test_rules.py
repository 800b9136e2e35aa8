"""The workflow rules (WF-1…WF-5) as pure functions: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cellops.workflows import rules
from cellops.workflows.data import BlogPostInfo, CommentInfo, DecisionState, Matter, Step

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _comment(blocking: bool, resolved: bool = False, author: str = "bob") -> CommentInfo:
    return CommentInfo(
        id=1,
        author=author,
        text="hm",
        blocking=blocking,
        created_at=NOW,
        resolved_at=NOW if resolved else None,
    )


# --- WF-2 -------------------------------------------------------------------------------


def test_WF_2_a_title_with_the_ticket_id_in_square_brackets_names_the_ticket():
    checked = rules.check_title("[SE-1234] Fix the login redirect")
    assert (checked.ok, checked.ticket, checked.problems) == (True, "SE-1234", ())


def test_WF_2_a_bare_ticket_id_is_refused_with_the_bracketed_form():
    checked = rules.check_title("SE-1234 Fix the login redirect")
    assert (checked.ok, checked.ticket) == (False, None)
    assert checked.problems == ("put the ticket ID in square brackets: “[SE-1234]”",)


@pytest.mark.parametrize(
    ("title", "fragment"),
    [
        ("Fix the login", "names no ticket"),
        ("[WIP] Fix the login", "names no ticket"),
        ("[se-12] lower case is no ticket ID", "names no ticket"),
        ("", "empty"),
        ("[SE-12]", "say what the change does"),
    ],
)
def test_WF_2_titles_without_a_bracketed_ticket_id_are_refused_saying_why(title, fragment):
    checked = rules.check_title(title)
    assert not checked.ok
    assert any(fragment in p for p in checked.problems), checked.problems


def test_WF_2_commit_problems_name_each_missing_part_and_fixups():
    assert rules.commit_problems(["type"], autosquash=False) == (
        "it does not start with a type such as feat, fix, docs, refactor or test",
    )
    assert rules.commit_problems([], autosquash=True) == (
        "it is a fixup or squash commit: squash it before merging",
    )
    assert len(rules.commit_problems(["delim", "subject"], autosquash=False)) == 2


# --- WF-3 -------------------------------------------------------------------------------


def test_WF_3_an_open_blocking_comment_pauses_a_decision():
    assert rules.decision_state([_comment(True)], None) is DecisionState.PAUSED
    assert rules.decision_state([_comment(True, resolved=True)], None) is DecisionState.OPEN
    assert rules.decision_state([_comment(False)], None) is DecisionState.OPEN


def test_WF_3_a_settled_decision_stays_settled_whatever_its_comments():
    assert rules.decision_state([_comment(True)], DecisionState.DECIDED) is DecisionState.DECIDED


def test_WF_3_agreeing_is_refused_while_a_blocking_comment_is_open_naming_its_author():
    refusal = rules.agree_refusal([_comment(True, author="cyd"), _comment(False)])
    assert refusal is not None and "1 blocking comment is still open (by cyd)" in refusal
    assert rules.agree_refusal([_comment(True, resolved=True), _comment(False)]) is None


def test_WF_3_the_manager_involved_decides_else_the_cto_or_the_ceo_by_matter():
    assert rules.who_decides("mia", Matter.TECHNICAL, "tom", "cleo") == "mia"
    assert rules.who_decides("", Matter.TECHNICAL, "tom", "cleo") == "tom"
    assert rules.who_decides("", Matter.OTHER, "tom", "cleo") == "cleo"
    assert rules.who_decides("", Matter.OTHER, "tom", None) is None


# --- WF-1 -------------------------------------------------------------------------------


def _post(**fields) -> BlogPostInfo:
    base = {
        "id": 1,
        "title": "Why Open edX",
        "idea_url": "https://forum.example/t/1",
        "author": "ada",
        "reviewer": "bob",
        "second_reviewer": "gab",
        "ticket": "MKT-1",
        "step": Step.IDEA,
        "created_at": NOW,
    }
    return BlogPostInfo(**{**base, **fields})


def test_WF_1_steps_go_in_the_handbook_order_one_at_a_time():
    assert [s.value for s in rules.STEPS] == [
        "idea",
        "draft",
        "review",
        "proofreading",
        "cms_draft",
        "scheduled",
        "published",
    ]
    assert rules.next_step(Step.REVIEW) is Step.PROOFREADING
    assert rules.next_step(Step.PUBLISHED) is None


def test_WF_1_a_draft_needs_its_link():
    assert rules.step_gaps(_post(), Step.DRAFT, False) == [
        ("draft_url", "add the link to the draft")
    ]
    assert rules.step_gaps(_post(draft_url="https://docs.example/d"), Step.DRAFT, False) == []


def test_WF_1_the_cms_draft_needs_every_cms_field_and_the_proofread_copy():
    gaps = rules.step_gaps(_post(attribution="By Ada"), Step.CMS_DRAFT, False)
    assert [field for field, _ in gaps] == [
        "proofreading",
        "category",
        "tags",
        "featured_image",
        "image_credit",
    ]


def test_WF_1_scheduling_needs_a_publication_date():
    ready = _post(
        attribution="By Ada",
        category="News",
        tags=("openedx",),
        featured_image="https://img.example/1.png",
        image_credit="Photo: Ada",
    )
    assert rules.step_gaps(ready, Step.SCHEDULED, True) == [
        ("publish_at", "choose the publication date")
    ]
    assert (
        rules.step_gaps(
            BlogPostInfo(**{**ready.__dict__, "publish_at": date(2026, 3, 9)}), Step.SCHEDULED, True
        )
        == []
    )


def test_WF_1_tags_are_trimmed_without_blanks_or_repeats():
    assert rules.split_tags(" a, b,, a ,c ") == ("a", "b", "c")


# --- WF-5 -------------------------------------------------------------------------------


def test_WF_5_a_proofreading_request_does_not_come_back_before_it_was_sent():
    assert rules.proofreading_problems(date(2026, 3, 5), date(2026, 3, 4)) == [
        ("returned_on", "it cannot come back before it was sent")
    ]
    assert rules.proofreading_problems(date(2026, 3, 5), date(2026, 3, 5)) == []
