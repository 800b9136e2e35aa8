"""Issue #10 (trial item 4): the newcomer's onboarding checklist, made from its template when
they are created; the TO-9 flags of their reviews keep working beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cellops.checklists import api as checklists_api
from cellops.checklists.models import ChecklistTemplate
from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind
from cellops.trial import api

pytestmark = pytest.mark.django_db

START = date(2026, 1, 7)


def _onboarding(username: str):
    return [
        r
        for r in checklists_api.runs_of(Actor.system("test"), username, open_only=False)
        if r.kind == "onboarding"
    ]


def test_creating_a_newcomer_makes_their_onboarding_checklist_from_the_template(make_member):
    make_member("newbie", status=MemberStatus.NEWCOMER, start_date=START)
    (run,) = _onboarding("newbie")
    assert (run.template, run.subject, run.member) == ("onboarding", "onboarding", "newbie")
    template = checklists_api.template("onboarding")
    assert [i.text for i in run.items] == [i.text for i in template.items]
    # due days count from the start date: the CEO names the mentor a week before
    first, *_, last = run.items
    assert (first.due_date, first.role) == (START - timedelta(days=7), "ceo")
    assert last.due_date == START + timedelta(days=13)


def test_saving_the_newcomer_again_makes_no_second_checklist(make_member):
    make_member("newbie", status=MemberStatus.NEWCOMER, start_date=START)
    org_api.update_member(Actor.system("test"), "newbie", start_date=date(2026, 1, 12))
    assert api.ensure_onboarding(Actor.system("test"), "newbie").id == _onboarding("newbie")[0].id
    assert len(_onboarding("newbie")) == 1


def test_no_onboarding_for_core_members_nor_without_the_template(make_member):
    make_member("amy")
    assert _onboarding("amy") == []
    ChecklistTemplate.objects.filter(key="onboarding").delete()
    make_member("late", status=MemberStatus.NEWCOMER, start_date=START)
    assert _onboarding("late") == []
    assert api.ensure_onboarding(Actor.system("test"), "late") is None


def test_TO_9_review_flags_still_work_for_a_newcomer_with_an_onboarding_checklist(make_member):
    """The newcomer has their onboarding checklist; the mentor away on the screening day is
    still told to send the review early."""
    start = date.today() - timedelta(days=7)
    for name in ("mentor", "core1", "core2"):
        make_member(name)
    make_member("newbie", status=MemberStatus.NEWCOMER, start_date=start)
    org_api.assign_role(
        Actor.system("test"), member="mentor", role=Role.MENTOR, mentee="newbie", start=start
    )
    assert len(_onboarding("newbie")) == 1
    due = api.schedule(Actor.system("test"), start).screening_review_due
    time_off_api.book(
        Actor.system("mentor"),
        member="mentor",
        kind=Kind.OFF,
        start=due - timedelta(days=2),
        end=due + timedelta(days=1),
        requested_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
    )
    flags = api.review_flags(Actor.system("test"))
    assert [(f.reviewer, f.review, f.due) for f in flags] == [("mentor", "screening review", due)]
