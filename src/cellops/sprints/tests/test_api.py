"""Use cases of sprints: estimation reads without writing (SP-3), spillover reasons (SP-10),
reassignments (TO-7) and the SP-12 checklists made at start.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.platform import api as core_api
from cellops.platform import models as platform_models
from cellops.sprints import api, models
from cellops.sprints.data import EstimationVote
from cellops.sprints.tests.conftest import spillover_line as _line
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(make_member):
    for name in ("ada", "bob"):
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
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


def test_SP_10_a_member_gives_the_reason_of_their_spillover(spilled):
    """Bob says why; the completion shows it on his line, trimmed, and the audit log keeps it."""
    number = spilled["number"]
    assert _line(number, "bob").reason == ""
    line = api.give_spillover_reason(
        org_api.actor_named("bob"), "Falcon", number, "bob", "  Waited on the client  "
    )
    assert line.reason == "Waited on the client"
    assert line.spillover == spilled["keys"]
    assert _line(number, "bob").reason == "Waited on the client"
    entry = core_api.audit_log(object_type="sprint")[0]
    assert entry.action == "sprint.spillover_reason" and entry.actor == "bob"
    assert entry.changes["reason"] == ["", "Waited on the client"]


def test_SP_10_the_sprint_planning_manager_gives_it_for_a_member_and_may_change_it(spilled):
    number = spilled["number"]
    api.give_spillover_reason(org_api.actor_named("bob"), "Falcon", number, "bob", "First")
    api.give_spillover_reason(
        org_api.actor_named("sam"), "Falcon", number, "bob", "Second, from the manager"
    )
    assert _line(number, "bob").reason == "Second, from the manager"


def test_SP_10_another_member_cannot_give_my_reason(spilled, make_member):
    """Ada (same cell) and Heron's manager are refused; Bob's reason stays empty."""
    for other in ("ada", "hal"):
        with pytest.raises(PermissionDenied):
            api.give_spillover_reason(
                org_api.actor_named(other), "Falcon", spilled["number"], "bob", "Not mine"
            )
    assert _line(spilled["number"], "bob").reason == ""


def test_SP_10_a_reason_is_required_and_bounded(spilled):
    number = spilled["number"]
    with pytest.raises(InvalidInput) as empty:
        api.give_spillover_reason(org_api.actor_named("bob"), "Falcon", number, "bob", "   ")
    assert empty.value.field == "reason"
    with pytest.raises(InvalidInput):
        api.give_spillover_reason(org_api.actor_named("bob"), "Falcon", number, "bob", "x" * 1001)
    assert _line(number, "bob").reason == ""


def test_SP_10_a_member_without_spillover_has_no_reason_to_give(spilled):
    with pytest.raises(NotFound) as missing:
        api.give_spillover_reason(
            org_api.actor_named("ada"), "Falcon", spilled["number"], "ada", "Nothing spilled"
        )
    assert missing.value.field == "member"


LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def sprint(make_member):
    for name in ("ada", "bob", "cyd", "dee", "eve"):
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 4
    dates = api.sprint_dates("Falcon", number)
    for key, assignee, reviewer in (
        ("F-1", "ada", "bob"),
        ("F-2", "bob", "cyd"),
        ("F-3", "cyd", "dee"),
    ):
        api.create_ticket(
            Actor.system("test"),
            key=key,
            title=key,
            cell="Falcon",
            account="Hedera LMS",
            sprint=number,
            assignee=assignee,
            reviewer=reviewer,
        )
    return number, dates


def test_TO_7_work_of_someone_away_the_whole_sprint_is_flagged(sprint, admin_api):
    """TO-7: bob is off for every working day of the sprint: his ticket and his review are flagged."""
    number, dates = sprint
    time_off_api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.OFF,
        start=dates.start,
        end=dates.end,
        requested_at=LONG_AGO,
    )
    flagged = api.reassignments("Falcon", number)
    assert set(flagged) == {"F-1", "F-2"}
    assert "bob (reviewer)" in flagged["F-1"] and "bob (assignee)" in flagged["F-2"]
    body = admin_api.get(f"/api/v1/sprints/Falcon/{number}/reassignments").json()
    assert {item["ticket"] for item in body} == {"F-1", "F-2"}


def test_TO_7_a_single_day_away_is_not_a_whole_sprint(sprint):
    """TO-7: being away part of the sprint flags nothing."""
    number, dates = sprint
    time_off_api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.OFF,
        start=dates.start,
        end=dates.start,
        requested_at=LONG_AGO,
    )
    assert api.reassignments("Falcon", number) == {}


def test_SP_12_the_sprint_checklists_are_made_by_the_cells_planning_manager_or_the_system(
    make_member,
):
    """`make_sprint_checklists` takes an Actor (decision 0029) and authorises like `start`:
    a plain member is refused and nothing is made; the system makes one per active member."""
    from cellops.checklists import api as checklists_api

    make_member("ada", cell="Falcon")
    make_member("sam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    number = org_api.sprint_calendar().for_date(date.today()).number + 1
    with pytest.raises(PermissionDenied):
        api.make_sprint_checklists(org_api.actor_named("ada"), "Falcon", number)
    assert checklists_api.runs_of(Actor.system("test"), "ada") == []
    made = api.make_sprint_checklists(org_api.actor_named("sam"), "Falcon", number)
    assert sorted(run.member for run in made) == ["ada", "sam"]
    assert len(api.make_sprint_checklists(Actor.system(), "Falcon", number)) == 2
