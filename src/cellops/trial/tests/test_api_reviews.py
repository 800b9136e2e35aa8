"""The review use cases against the database (TR-2, TR-3, TR-4): made by the software,
blind votes, the outcome and what it does to the member."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.platform.models import AuditEntry
from cellops.trial import api
from cellops.trial.data import ReviewKind, ReviewState

pytestmark = pytest.mark.django_db

START = date(2026, 1, 7)  # a Wednesday, day 2 of sprint 1
NOTES = {
    "technical_skills": "solid PRs",
    "time_management": "1 of 2 sprints clean",
    "communication": "clear updates",
    "adaptability": "picked up devstack fast",
    "potential_for_growth": "high",
}


def me(username: str) -> Actor:
    return org_api.actor_named(username)


@pytest.fixture
def newbie(make_member):
    """Falcon: mentor mia, core amy, bob, cy; Otter: core ola; the newcomer newbie."""
    for name in ("mia", "amy", "bob", "cy"):
        make_member(name)
    make_member("ola", cell="Otter")
    make_member("ceo", roles=(Role.CEO,))
    make_member("newbie", status=MemberStatus.NEWCOMER, start_date=START)
    org_api.assign_role(
        Actor.system("test"), member="mia", role=Role.MENTOR, start=START, mentee="newbie"
    )
    return "newbie"


def _reviews(username="newbie"):
    return {r.kind: r for r in api.reviews_of(Actor.system("test"), username)}


def test_TR_2_and_TR_5_creating_a_newcomer_makes_both_reviews_with_their_due_dates(newbie):
    """The software made them when the member was saved; the mentor joined screening later."""
    reviews = _reviews()
    screening, developer = reviews[ReviewKind.SCREENING], reviews[ReviewKind.DEVELOPER]
    assert (screening.due, screening.sprint, screening.state) == (date(2026, 2, 1), 2, "open")
    # the mentor, and two other core members (the CEO is core too, first by username)
    assert screening.reviewers == ("amy", "bob", "mia")
    assert (developer.due, developer.sprint) == (date(2026, 2, 25), 3)
    # TR-3: every core member of Falcon plus one developer of Otter
    assert developer.reviewers == ("amy", "bob", "ceo", "cy", "mia", "ola")
    made = AuditEntry.objects.filter(action="trial.review.create")
    assert sorted(e.changes["kind"] for e in made) == ["developer", "screening"]
    assert {e.actor for e in made} == {"trial"}


def test_TR_2_ensure_reviews_is_idempotent_and_follows_a_new_start_date(newbie):
    before = _reviews()
    org_api.update_member(Actor.system("test"), "newbie", start_date=date(2026, 1, 19))
    after = _reviews()
    assert {r.id for r in after.values()} == {r.id for r in before.values()}
    assert after[ReviewKind.DEVELOPER].due == date(2026, 3, 9)
    assert api.ensure_reviews(Actor.system("test"), "newbie") == list(
        api.reviews_of(Actor.system("test"), "newbie")
    )


def test_a_core_member_or_a_newcomer_without_a_start_date_gets_no_reviews(make_member):
    make_member("someone")
    make_member("later", status=MemberStatus.NEWCOMER)
    assert api.ensure_reviews(Actor.system("test"), "someone") == []
    assert api.ensure_reviews(Actor.system("test"), "later") == []


def _screening_id():
    return _reviews()[ReviewKind.SCREENING].id


def _developer_id():
    return _reviews()[ReviewKind.DEVELOPER].id


def test_TR_3_a_reviewer_sees_the_others_votes_only_after_casting_their_own(newbie):
    review_id = _screening_id()
    api.vote(me("amy"), review_id, "continue", notes=NOTES)
    before = api.review(me("bob"), review_id)
    assert before.votes_hidden and before.votes == ()
    assert before.review.voted == ("amy",)  # who voted shows, not how
    after = api.vote(me("bob"), review_id, "end", comment="slow start", notes=NOTES)
    assert not after.votes_hidden
    assert [(v.reviewer, v.vote) for v in after.votes] == [("amy", "continue"), ("bob", "end")]
    assert after.my_vote.notes["communication"] == "clear updates"


def test_TR_3_the_newcomer_sees_due_dates_and_outcomes_never_the_votes(newbie):
    review_id = _screening_id()
    api.vote(me("amy"), review_id, "continue")
    mine = api.review(me("newbie"), review_id)
    assert mine.votes_hidden and mine.votes == () and mine.review.voted == ()
    assert [r.voted for r in api.reviews_of(me("newbie"), "newbie")] == [(), ()]


def test_TR_3_a_second_vote_replaces_the_first(newbie):
    review_id = _screening_id()
    api.vote(me("amy"), review_id, "end")
    detail = api.vote(me("amy"), review_id, "continue")
    assert detail.my_vote.vote == "continue"
    assert [v.vote for v in api.review(Actor.system("t"), review_id).votes] == ["continue"]


def test_TR_3_not_a_reviewer_may_not_vote_and_a_stranger_does_not_see_the_review(
    newbie, make_member
):
    make_member("other", cell="Otter")
    with pytest.raises(PermissionDenied):
        api.vote(me("ceo"), _screening_id(), "continue")  # the CEO sees it, is no reviewer
    with pytest.raises(NotFound):
        api.review(me("other"), _screening_id())
    with pytest.raises(PermissionDenied):
        api.reviews_of(me("other"), "newbie")


def test_TR_3_a_wrong_vote_or_a_missing_note_on_the_page_is_refused_and_nothing_kept(newbie):
    with pytest.raises(RuleRefusal) as refused:
        api.vote(me("amy"), _developer_id(), "continue")
    assert refused.value.violations[0].rule == "TR-3"
    with pytest.raises(InvalidInput) as missing:
        api.vote(me("amy"), _developer_id(), "accept", notes={}, require_notes=True)
    assert missing.value.field == "notes.technical_skills"
    assert _reviews()[ReviewKind.DEVELOPER].voted == ()


def test_TR_3_unanimous_accept_decides_itself_and_the_newcomer_becomes_core(newbie):
    review_id = _developer_id()
    for name in ("amy", "bob", "ceo", "cy", "mia", "ola"):
        detail = api.vote(me(name), review_id, "accept", notes=NOTES)
    assert detail.review.state == ReviewState.DECIDED
    assert detail.review.outcome == "accept"
    assert detail.review.decided_by.startswith("TR-3")
    assert org_api.get_member("newbie").status == MemberStatus.CORE
    with pytest.raises(RuleRefusal):
        api.vote(me("amy"), review_id, "end")


def _all_vote(review_id, votes):
    for name, value in votes.items():
        api.vote(me(name), review_id, value)


DEV_VOTES = {"amy": "accept", "bob": "extend", "ceo": "accept", "cy": "accept", "mia": "accept"}


def test_TR_3_a_split_review_waits_for_every_vote_then_the_ceo_records_why(newbie):
    review_id = _developer_id()
    _all_vote(review_id, DEV_VOTES)
    with pytest.raises(RuleRefusal) as early:
        api.decide(me("ceo"), review_id, "end", note="not yet")
    assert early.value.violations[0].extra["missing"] == ["ola"]
    api.vote(me("ola"), review_id, "end")
    decided = api.decide(me("ceo"), review_id, "end", note="Spillover in 3 of 4 sprints.")
    assert (decided.outcome, decided.decided_by) == ("end", "ceo")
    assert decided.decision_note == "Spillover in 3 of 4 sprints."
    assert org_api.get_member("newbie").status == MemberStatus.LEFT


def test_TR_3_a_reviewer_who_is_no_manager_may_not_decide_but_the_manager_involved_may(
    newbie,
):
    review_id = _developer_id()
    _all_vote(review_id, {**DEV_VOTES, "ola": "extend"})
    with pytest.raises(PermissionDenied):
        api.decide(me("amy"), review_id, "extend", sprints=2, note="x")
    org_api.assign_role(
        Actor.system("test"),
        member="bob",
        role=Role.SPRINT_MANAGER,
        start=date(2020, 1, 1),
        cell="Falcon",
    )
    decided = api.decide(me("bob"), review_id, "extend", sprints=2, note="More review work.")
    assert (decided.outcome, decided.decided_by, decided.extension_sprints) == (
        "extend",
        "bob",
        2,
    )


def test_TR_4_an_extension_makes_its_own_developer_review(newbie):
    review_id = _developer_id()
    _all_vote(review_id, {**DEV_VOTES, "ola": "extend"})
    api.decide(
        me("ceo"), review_id, "extend", sprints=2, date_of_121=date(2026, 3, 4), note="close"
    )
    reviews = api.reviews_of(Actor.system("t"), "newbie")
    ext = [r for r in reviews if r.sequence == 1]
    assert [(r.kind, r.due, r.sprint, r.state) for r in ext] == [
        (ReviewKind.DEVELOPER, date(2026, 3, 25), 5, ReviewState.OPEN)
    ]
    assert org_api.get_member("newbie").status == MemberStatus.NEWCOMER


def test_TR_2_the_mentor_records_the_screening_outcome_as_the_votes_say(newbie):
    review_id = _screening_id()
    _all_vote(review_id, {"amy": "end", "bob": "continue", "mia": "end"})
    with pytest.raises(PermissionDenied):
        api.decide(me("amy"), review_id, "continue")
    with pytest.raises(RuleRefusal) as refused:
        api.decide(me("mia"), review_id, "end")
    assert refused.value.violations[0].rule == "TR-2"
    decided = api.decide(me("mia"), review_id, "continue")
    assert (decided.outcome, decided.decided_by) == ("continue", "mia")
    assert org_api.get_member("newbie").status == MemberStatus.NEWCOMER


def test_open_reviews_for_lists_what_a_reviewer_still_owes(newbie):
    assert [r.kind for r in api.open_reviews_for("amy")] == ["screening", "developer"]
    api.vote(me("amy"), _screening_id(), "continue")
    assert [r.kind for r in api.open_reviews_for("amy")] == ["developer"]


def test_TR_6_TR_7_the_reviewer_brief_is_computed_from_the_sprints_data(make_member):
    """A 5-point ticket done in sprint 2 and one reviewed: the brief counts them; the sprint
    is not completed, so it is neither clean nor spilled over yet."""
    from datetime import UTC, datetime

    from cellops.sprints import api as sprints_api

    for name in ("mia", "amy", "bob"):
        make_member(name)
    make_member("newbie", status=MemberStatus.NEWCOMER, start_date=date(2026, 1, 19))
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    early = datetime(2026, 1, 6, 9, tzinfo=UTC)
    system = Actor.system("test")
    done = sprints_api.create_ticket(
        system,
        title="Fix the LMS",
        cell="Falcon",
        account="Hedera LMS",
        sprint=2,
        story_points=5,
        assignee="newbie",
        now=early,
    )
    sprints_api.update_ticket(system, done.key, {"status": "Done"})
    sprints_api.create_ticket(
        system,
        title="Review",
        cell="Falcon",
        account="Hedera LMS",
        sprint=2,
        assignee="amy",
        reviewer="newbie",
        now=early,
    )
    [_, developer] = api.reviews_of(system, "newbie")
    brief = api.reviewer_brief(org_api.actor_named("amy"), developer.id)
    first = brief.sprints[0]
    assert (first.number, first.points_done, first.tickets, first.completed) == (
        2,
        5,
        (done.key,),
        False,
    )
    assert first.clean is None and len(first.reviewed) == 1
    assert (brief.points_by_week_3, brief.clean_required, brief.sprint_count) == (5, 2, 4)
    assert "below the 8" in brief.points_warning
    assert [s.number for s in brief.sprints] == [2, 3, 4, 5]


def test_TR_3_the_home_page_lists_the_votes_i_owe(newbie):
    from django.contrib.auth import get_user_model

    amy = get_user_model().objects.get(username="amy")
    titles = [
        n.title
        for n in api.needs_of(org_api.actor_for(amy, date(2026, 1, 20)), date(2026, 1, 20))
        if "Vote" in n.title
    ]
    assert titles == [
        "Vote in the screening review of Newbie Tester",
        "Vote in the developer review of Newbie Tester",
    ]
