"""TO-9: a newcomer review due during a reviewer's time off is flagged so it is sent early."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from cellops.org import api as org_api
from cellops.org.data import MemberStatus, Role
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind
from cellops.trial import api

pytestmark = pytest.mark.django_db
LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def trial(make_member):
    """A newcomer who started a week ago, their mentor, and two other core members."""
    start = date.today() - timedelta(days=7)
    for name in ("mentor", "core1", "core2"):
        make_member(name, cell="Falcon")
    make_member("newbie", cell="Falcon", status=MemberStatus.NEWCOMER, start_date=start)
    org_api.assign_role("test", member="mentor", role=Role.MENTOR, mentee="newbie", start=start)
    return api.schedule(start)


def test_TO_9_the_mentor_away_on_the_screening_day_is_told_to_send_it_early(trial):
    """TO-9: the mentor's time off covers the screening due date: flagged with the day to send by."""
    due = trial.screening_review_due
    time_off_api.book(
        "mentor",
        member="mentor",
        kind=Kind.OFF,
        start=due - timedelta(days=2),
        end=due + timedelta(days=1),
        requested_at=LONG_AGO,
    )
    flags = api.review_flags()
    assert [(f.reviewer, f.review, f.due) for f in flags] == [("mentor", "screening review", due)]
    assert flags[0].send_by == due - timedelta(days=3)


def test_TO_9_a_core_member_away_at_the_review_deadline_is_flagged(trial):
    """TO-9: the developer review (all core members of the cell) due while core1 is away."""
    deadline = trial.review_deadline
    time_off_api.book(
        "core1", member="core1", kind=Kind.OFF, start=deadline, end=deadline, requested_at=LONG_AGO
    )
    assert [(f.reviewer, f.review) for f in api.review_flags()] == [("core1", "developer review")]


def test_TO_9_a_cancelled_time_off_raises_no_flag_and_the_reviewer_sees_it_at_home(
    trial, client, django_user_model
):
    """TO-9: the flag is on the reviewer's home page; cancelling the time off removes it."""
    deadline = trial.review_deadline
    booked = time_off_api.book(
        "core1", member="core1", kind=Kind.OFF, start=deadline, end=deadline, requested_at=LONG_AGO
    )
    client.force_login(django_user_model.objects.get(username="core1"))
    assert (
        "Send your developer review of newbie early"
        in client.get(reverse("core:home")).content.decode()
    )
    time_off_api.cancel("core1", booked.id)
    assert api.review_flags() == []
