"""The review page (TR-2, TR-3, TR-4): blind votes with the five notes, the figures from
the sprints, the decision; refusals on the fields with what was typed kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.trial import api
from cellops.trial.data import CRITERIA

pytestmark = pytest.mark.django_db

START = date(2026, 1, 7)


@pytest.fixture
def review_id(make_member):
    for name in ("mia", "amy", "bob"):
        make_member(name)
    make_member("newbie", status=MemberStatus.NEWCOMER, start_date=START)
    org_api.assign_role(
        Actor.system("test"), member="mia", role=Role.MENTOR, start=START, mentee="newbie"
    )
    [screening, _] = api.reviews_of(Actor.system("t"), "newbie")
    return screening.id


def _as(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _notes(**override):
    return {key: f"note on {key}" for key in CRITERIA} | override


def test_TR_3_the_page_hides_others_votes_until_mine_is_cast(client, review_id):
    api.vote(org_api.actor_named("amy"), review_id, "end", comment="AMY-SECRET")
    page = _as(client, "bob").get(reverse("trial:review", args=[review_id])).content.decode()
    assert "AMY-SECRET" not in page
    assert "once you have cast yours" in page
    answer = client.post(
        reverse("trial:vote", args=[review_id]), {"vote": "continue", **_notes()}, follow=True
    )
    assert answer.status_code == 200
    assert "AMY-SECRET" in answer.content.decode()
    assert "Your vote is recorded." in answer.content.decode()


def test_TR_3_a_missing_note_is_refused_on_its_field_and_what_was_typed_is_kept(client, review_id):
    notes = _notes(adaptability="")
    answer = _as(client, "amy").post(
        reverse("trial:vote", args=[review_id]), {"vote": "end", **notes}
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "Write a note on adaptability (TR-3)." in page
    assert "note on communication" in page  # kept
    assert api.review(Actor.system("t"), review_id).review.voted == ()


def test_TR_2_the_mentor_records_the_outcome_on_the_page_and_a_refusal_names_the_rule(
    client, review_id
):
    for name in ("amy", "bob", "mia"):
        api.vote(org_api.actor_named(name), review_id, "continue")
    _as(client, "mia")
    wrong = client.post(reverse("trial:decide", args=[review_id]), {"outcome": "end"})
    assert wrong.status_code == 422
    assert "TR-2: The screening outcome is &#x27;continue&#x27;" in wrong.content.decode()
    right = client.post(reverse("trial:decide", args=[review_id]), {"outcome": "continue"})
    assert right.status_code == 302
    assert api.review(Actor.system("t"), review_id).review.outcome == "continue"


def test_a_stranger_gets_404_for_a_review_and_the_timeline_lists_reviews(
    client, review_id, make_member
):
    from cellops.org.data import CellKind

    org_api.create_cell(Actor.system("test"), "Sales", CellKind.BUSINESS)
    make_member("stranger", cell="Sales")
    assert _as(client, "stranger").get(reverse("trial:review", args=[review_id])).status_code == 404
    page = _as(client, "mia").get(reverse("trial:timeline") + "?newcomer=newbie").content.decode()
    assert reverse("trial:review", args=[review_id]) in page
    assert "Screening review" in page
