"""Use cases of estimation (SP-3): reading a session never writes (decision 0029)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform import models as platform_models
from cellops.sprints import api, models
from cellops.sprints.data import EstimationVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(make_member):
    for name in ("ada", "bob"):
        make_member(name, cell="Falcon")
    org_api.create_account("test", "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 2
    api.create_ticket(
        Actor.system("test"),
        key="F-1",
        title="t",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
    )
    api.open_estimation(Actor.system("spm"), "Falcon", number)
    api.vote(org_api.actor_named("ada"), "Falcon", number, "F-1", "5", "looks big")
    return number


def test_SP_3_reading_a_session_past_its_deadline_says_closed_and_writes_nothing(session):
    """The read reports the session closed at Friday EOD, but leaves the closing (points,
    comments, the audit entry) to the close use case: no write inside a read."""
    row = models.EstimationSession.objects.get(sprint__number=session)
    after = row.closes_at + timedelta(seconds=1)
    audits = platform_models.AuditEntry.objects.count()

    read = api.estimation("Falcon", session, now=after)

    assert read.state == "closed"
    assert read.tickets[0].result == 5
    assert read.tickets[0].votes == (EstimationVote("ada", "5", "looks big"),)
    row.refresh_from_db()
    assert row.closed_at is None
    assert api.get_ticket("F-1").story_points is None
    assert api.comments("F-1") == []
    assert platform_models.AuditEntry.objects.count() == audits


def test_SP_3_before_its_deadline_a_session_reads_open(session):
    """One second before Friday EOD the session is open."""
    row = models.EstimationSession.objects.get(sprint__number=session)
    assert api.estimation("Falcon", session, now=row.closes_at - timedelta(seconds=1)).state == (
        "open"
    )


def test_SP_3_closing_is_the_explicit_use_case_which_sets_the_points_and_keeps_comments(session):
    """After the read, `close_estimation` (the worker's task) does the closing."""
    row = models.EstimationSession.objects.get(sprint__number=session)
    closed = api.close_estimation(Actor.system(), "Falcon", session, now=row.closes_at)
    assert closed.state == "closed"
    assert api.get_ticket("F-1").story_points == 5
    assert [c.text for c in api.comments("F-1")] == ["Estimation vote 5: looks big"]
