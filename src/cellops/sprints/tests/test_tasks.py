"""Background work: the estimation closes itself at the cut-off through a queued task (SP-3,
SP-12); sprints start on day 0 when ready and complete after their last day (SP-5, SP-10);
the people behind each gap are emailed at the cut-off, once (SP-5, SP-6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from cellops.checklists import api as checklists_api
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.platform import api as core_api
from cellops.sprints import api, tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def future(make_member):
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
    return number


def test_SP_3_opening_estimation_queues_its_close_for_the_cut_off(future):
    """SP-3: the close is queued to run at Friday EOD of the sprint before, not earlier."""
    opened = api.open_estimation(Actor.system("spm"), "Falcon", future)
    queued = DBTaskResult.objects.get(task_path__endswith="sprints.tasks.close_estimation")
    assert queued.run_after == opened.closes_at
    assert queued.args_kwargs["args"] == ["Falcon", future]


def test_SP_3_the_close_task_is_idempotent(future):
    """Running the close task twice closes once; the result stays."""
    api.open_estimation(Actor.system("spm"), "Falcon", future)
    api.vote(org_api.actor_named("ada"), "Falcon", future, "F-1", "5")
    assert tasks.close_estimation.call("Falcon", future) == "closed"
    assert tasks.close_estimation.call("Falcon", future) == "closed"
    assert api.get_ticket("F-1").story_points == 5


def test_SP_12_the_checklist_task_never_duplicates(future):
    """SP-12: a doubled checklist task makes one run per member."""
    assert tasks.make_sprint_checklists.call("Falcon", future) == 2
    assert tasks.make_sprint_checklists.call("Falcon", future) == 2
    assert [len(checklists_api.runs_of(Actor.system("test"), m)) for m in ("ada", "bob")] == [1, 1]


# --- scheduled start and completion (SP-5, SP-10), gap emails (SP-5, SP-6) ---

LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)
BOARD = "http://127.0.0.1:8000/sprints/Falcon/{number}/board/"
PLANNING = "http://127.0.0.1:8000/sprints/Falcon/{number}/planning/"


def queued(name: str) -> list[DBTaskResult]:
    """The queued runs of one sprints task, oldest first."""
    return list(
        DBTaskResult.objects.filter(task_path__endswith=f"sprints.tasks.{name}").order_by(
            "enqueued_at"
        )
    )


def ticket(key: str, number: int, actor: str = "test", **fields) -> None:
    api.create_ticket(
        Actor.system(actor),
        key=key,
        title=key,
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        now=LONG_AGO,
        **fields,
    )


@pytest.fixture
def team(make_member):
    """ada, bob, cyd, dee and sam (the sprint planning manager) in Falcon."""
    for name in ("ada", "bob", "cyd", "dee"):
        make_member(name, cell="Falcon")
    make_member("sam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    org_api.create_account(Actor.system("test"), "Hedera LMS")


@pytest.fixture
def planned(team):
    """A sprint two ahead, ready to start: one estimated ticket, assigned and reviewed."""
    number = org_api.sprint_calendar().for_date(date.today()).number + 2
    ticket(
        "F-1", number, story_points=3, assignee="ada", reviewer="bob", remaining_hours=Decimal(5)
    )
    return number


def starts(number: int) -> int:
    return sum(
        1
        for e in core_api.audit_log(object_type="sprint")
        if e.action == "sprint.start" and e.object_id == f"Falcon/{number}"
    )


def test_SP_3_opening_estimation_queues_the_gap_emails_for_the_cut_off(future):
    """SP-3 / SP-5: the gap emails are queued for the same moment estimation closes."""
    opened = api.open_estimation(Actor.system("spm"), "Falcon", future)
    [notice] = queued("notify_gaps")
    assert notice.run_after == opened.closes_at
    assert notice.args_kwargs["args"] == ["Falcon", future]


def test_SP_10_starting_a_sprint_queues_its_completion_after_its_last_day(planned):
    """Starting queues the completion for EOD of day 13, and the next sprint's gap emails for
    its cut-off (Friday EOD, day 11 of this sprint)."""
    dates = api.sprint_dates("Falcon", planned)
    api.start(org_api.actor_named("sam"), "Falcon", planned, confirm=True)
    [completion] = queued("complete_sprint")
    assert completion.args_kwargs["args"] == ["Falcon", planned]
    assert completion.run_after == datetime.combine(dates.end + timedelta(days=1), time.min, UTC)
    [notice] = queued("notify_gaps")
    assert notice.args_kwargs["args"] == ["Falcon", planned + 1]
    assert notice.run_after == datetime.combine(dates.start + timedelta(days=12), time.min, UTC)


def test_SP_5_completing_a_sprint_queues_the_next_start_for_its_day_0(planned):
    """Completing queues the next sprint's start for 00:00 UTC of its day 0 (a Monday)."""
    api.complete(org_api.actor_named("sam"), "Falcon", planned, confirm=True)
    [start] = queued("start_sprint")
    next_start = api.sprint_dates("Falcon", planned + 1).start
    assert next_start.weekday() == 0
    assert start.args_kwargs["args"] == ["Falcon", planned + 1]
    assert start.run_after == datetime.combine(next_start, time.min, UTC)


def test_SP_5_the_start_task_starts_a_ready_sprint_once(planned):
    """A doubled start task starts once: one start, one checklist each, one queued completion."""
    assert tasks.start_sprint.call("Falcon", planned) == "started"
    assert tasks.start_sprint.call("Falcon", planned) == "already started"
    record = api.sprint_record("Falcon", planned)
    assert (record.started_by, record.start_overridden) == ("system", False)
    assert starts(planned) == 1
    assert [
        len(checklists_api.runs_of(Actor.system("test"), m)) for m in ("ada", "bob", "sam")
    ] == [1, 1, 1]
    assert len(queued("complete_sprint")) == 1


def test_SP_5_the_start_task_never_overrides_gaps_and_emails_the_planning_manager(planned):
    """With gaps the scheduled start does not start; the manager gets every gap, once."""
    ticket("F-2", planned, assignee="cyd")
    first = tasks.start_sprint.call("Falcon", planned)
    second = tasks.start_sprint.call("Falcon", planned)
    assert first == "not started: 2 SP-5 gap(s); emailed sam"
    assert second == "not started: 2 SP-5 gap(s); emailed nobody new"
    assert api.sprint_record("Falcon", planned).started_at is None
    assert starts(planned) == 0 and queued("complete_sprint") == []
    [email] = mail.outbox
    assert email.to == ["sam@example.com"]
    assert "did not start" in email.subject and "SP-5" in email.subject
    assert "F-2 has no story points" in email.body and "F-2 has no reviewer" in email.body
    assert BOARD.format(number=planned) + "#card-F-2" in email.body
    assert "F-1" not in email.body


def test_SP_5_a_queued_start_of_a_sprint_that_is_over_does_nothing(team):
    """A queue catching up never starts a sprint whose last day has passed."""
    past = org_api.sprint_calendar().for_date(date.today()).number - 1
    ticket("F-1", past, story_points=1, assignee="ada", reviewer="bob", remaining_hours=Decimal(1))
    assert tasks.start_sprint.call("Falcon", past) == "over: not started"
    assert api.sprint_record("Falcon", past).started_at is None
    assert mail.outbox == []


def test_SP_10_complete_task_twice_moves_once(planned):
    """A doubled completion moves the open ticket once, records one spillover, queues one start."""
    api.start(org_api.actor_named("sam"), "Falcon", planned, confirm=True)
    assert tasks.complete_sprint.call("Falcon", planned) == "completed"
    assert tasks.complete_sprint.call("Falcon", planned) == "already completed"
    assert api.get_ticket("F-1").sprint == planned + 1
    record = api.sprint_record("Falcon", planned)
    assert record.completed_at is not None
    assert record.spillover == (("F-1", "ada"),)
    assert [r.args_kwargs["args"] for r in queued("start_sprint")] == [["Falcon", planned + 1]]


def test_SP_5_completing_a_sprint_starts_the_next_through_the_worker_once(team):
    """Through `db_worker`: completing last sprint runs today's sprint's due start; a doubled
    start task does nothing the second time; the completion waits for the sprint's end."""
    current = org_api.sprint_calendar().for_date(date.today())
    ticket(
        "F-1",
        current.number,
        story_points=2,
        assignee="ada",
        reviewer="bob",
        remaining_hours=Decimal(4),
    )
    api.complete(org_api.actor_named("sam"), "Falcon", current.number - 1, confirm=True)

    def work() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())

    work()
    tasks.start_sprint.enqueue("Falcon", current.number)
    work()
    runs = queued("start_sprint")
    assert [(r.status, r.return_value) for r in runs] == [
        ("SUCCESSFUL", "started"),
        ("SUCCESSFUL", "already started"),
    ]
    assert api.sprint_record("Falcon", current.number).started_by == "system"
    assert [
        len(checklists_api.runs_of(Actor.system("test"), m)) for m in ("ada", "bob", "sam")
    ] == [1, 1, 1]
    [completion] = queued("complete_sprint")
    assert completion.status == "READY"
    assert completion.run_after == datetime.combine(current.end + timedelta(days=1), time.min, UTC)


def test_SP_6_overcommitted_member_is_emailed_at_cut_off(planned):
    """SP-6: an overcommitted member is told, with committed vs available hours and a link."""
    api.update_ticket(Actor.system("test"), "F-1", {"remaining_hours": Decimal(200)})
    result = tasks.notify_gaps.call("Falcon", planned)
    assert result["emailed"] == {"ada": 1}
    [email] = mail.outbox
    assert email.to == ["ada@example.com"]
    assert "SP-5 / SP-6: ada is overcommitted" in email.body
    assert "Committed 200 h, available 78 h." in email.body
    assert PLANNING.format(number=planned) + "#member-ada" in email.body


def test_SP_5_each_person_gets_one_email_listing_their_gaps_at_cut_off(planned):
    """SP-5 at the cut-off: points → the (tentative) assignee, assignee → the creator when
    known, reviewer → the assignee, else the sprint planning manager; one email each."""
    ticket("F-2", planned, assignee="ada", reviewer="bob")  # no points → ada
    ticket("F-3", planned, actor="cyd", story_points=3, reviewer="bob")  # no assignee → cyd
    ticket("F-4", planned, story_points=2, reviewer="bob")  # creator unknown → sam
    ticket("F-5", planned, story_points=1, tentative_assignee="dee")  # no reviewer → dee
    ticket("F-6", planned, reviewer="cyd")  # no points, no assignee → sam twice
    result = tasks.notify_gaps.call("Falcon", planned)
    assert result["emailed"] == {"ada": 1, "cyd": 1, "sam": 3, "dee": 1}
    assert (result["already_told"], result["no_address"]) == ([], [])
    by_person = {email.to[0]: email for email in mail.outbox}
    assert sorted(by_person) == [f"{p}@example.com" for p in ("ada", "cyd", "dee", "sam")]
    sam = by_person["sam@example.com"].body
    assert "F-4 has no assignee" in sam and "F-6 has no story points" in sam
    assert "F-6 has no assignee" in sam and "F-2" not in sam
    assert "F-5 has no reviewer" in by_person["dee@example.com"].body
    assert BOARD.format(number=planned) + "#card-F-3" in by_person["cyd@example.com"].body
    assert all("SP-5" in e.subject for e in mail.outbox)


def test_SP_5_a_doubled_gap_task_never_emails_the_same_gap_twice(planned):
    """Run twice: no second email; a gap found later is emailed alone."""
    ticket("F-2", planned, assignee="ada", reviewer="bob")
    tasks.notify_gaps.call("Falcon", planned)
    again = tasks.notify_gaps.call("Falcon", planned)
    assert (again["emailed"], again["already_told"]) == ({}, ["ada"])
    assert len(mail.outbox) == 1
    ticket("F-3", planned, story_points=1, assignee="ada")
    later = tasks.notify_gaps.call("Falcon", planned)
    assert later["emailed"] == {"ada": 1}
    assert len(mail.outbox) == 2
    assert "F-3 has no reviewer" in mail.outbox[1].body
    assert "F-2" not in mail.outbox[1].body


def test_SP_5_people_without_an_email_address_are_reported_not_emailed(planned):
    """Nobody to email is reported: a person without an address, a cell without a manager."""
    ticket("F-2", planned, assignee="ada", reviewer="bob")
    get_user_model().objects.filter(username="ada").update(email="")
    org_api.create_cell(Actor.system("test"), "Heron", "dev")
    org_api.create_member(
        Actor.system("test"),
        username="eve",
        first_name="Eve",
        last_name="T",
        email="eve@example.com",
        cell="Heron",
    )
    api.create_ticket(
        Actor.system("test"),
        key="H-1",
        title="t",
        cell="Heron",
        account="Hedera LMS",
        sprint=planned,
    )
    falcon = tasks.notify_gaps.call("Falcon", planned)
    heron = tasks.notify_gaps.call("Heron", planned)
    assert (falcon["emailed"], falcon["no_address"]) == ({}, ["ada"])
    assert (heron["emailed"], heron["no_address"]) == ({}, [""])
    assert mail.outbox == []


def test_SP_5_the_gap_task_leaves_a_started_sprint_alone(planned):
    """Once the sprint has started (here with an override), the cut-off task emails nobody."""
    ticket("F-2", planned, assignee="ada")
    api.start(org_api.actor_named("sam"), "Falcon", planned, override=True, confirm=True)
    assert tasks.notify_gaps.call("Falcon", planned)["note"] == "already started"
    assert mail.outbox == []
