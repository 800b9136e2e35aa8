"""Use cases of tickets: one key grammar (WF-2, issue #9 finding 2) in the use cases, the
database and the migration, and the bounds of logging time (finding 3).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cellops.billing import api as billing_api
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sprints import api, models
from cellops.sprints.data import STATUSES


@pytest.fixture
def lynx(make_member):
    make_member("sam", cell="Lynx", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", cell="Lynx")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    return org_api.sprint_calendar().for_date(date.today()).number + 3


@pytest.mark.django_db
def test_finding_2_create_ticket_refuses_an_odd_key_whatever_the_door(lynx):
    """The use case refuses it on `key` (pages, commands and the API all go through it)."""
    with pytest.raises(InvalidInput) as refused:
        api.create_ticket(
            Actor.system("sam"), key="EVIL/1", title="t", cell="Lynx", account="Hedera LMS"
        )
    assert refused.value.field == "key"
    assert api.create_ticket(
        Actor.system("sam"), key="LYNX-7", title="t", cell="Lynx", account="Hedera LMS"
    )
    assert (
        api.create_ticket(Actor.system("sam"), title="t", cell="Lynx", account="Hedera LMS").key
        == "LYNX-8"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["LYNX-²", "EVIL/1", "lynx-1", "LYNX-1\n", ""])
def test_finding_2_the_database_refuses_a_key_of_another_shape(lynx, key):
    """A check constraint keeps every door honest, on SQLite and PostgreSQL alike."""
    cell = models.Ticket._meta.get_field("cell").related_model.objects.get(name="Lynx")
    account = models.Ticket._meta.get_field("account").related_model.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Ticket.objects.create(key=key, title="t", cell=cell, account=account)
    models.Ticket.objects.create(key="LYNX-5", title="t", cell=cell, account=account)
    assert models.Ticket.objects.filter(key="LYNX-5").exists()


@pytest.mark.django_db
def test_finding_2_a_worklog_naming_a_key_of_another_shape_is_a_bad_row(lynx):
    """In the Jira/Tempo import, EVIL/1 or lynx-1 is a bad row on `ticket` citing WF-2."""
    api.create_ticket(
        Actor.system("sam"), key="LYNX-1", title="t", cell="Lynx", account="Hedera LMS"
    )
    text = "Issue Key,Username,Date,Hours\nLYNX-1,ada,2026-03-02,1\nEVIL/1,ada,2026-03-02,1\nlynx-1,ada,2026-03-02,1\n"
    result = billing_api.import_worklogs(Actor.system(), list(csv.reader(io.StringIO(text))))
    assert result.imported == 0
    assert [(b.line, b.column) for b in result.bad] == [(3, "ticket"), (4, "ticket")]
    assert all(b.message.startswith("WF-2: give a ticket key like LYNX-42") for b in result.bad)


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_finding_2_the_migration_repairs_every_key_of_another_shape_and_records_it(
    make_member, capsys
):
    """Rows made before the grammar: lynx-4 is upper-cased, LYNX-² and EVIL/1 take the cell's
    next free numbers; the ticket history and audit keep the old key, the report prints it,
    the worklogs follow, and the API and board reach the repaired tickets."""
    from cellops.platform.models import AuditEntry

    _migrate(("sprints", "0003_repair_ticket_keys"))  # before the check constraint
    try:
        make_member("ada", cell="Lynx")
        org_api.create_account(Actor.system("test"), "Hedera LMS")
        cell = models.Ticket._meta.get_field("cell").related_model.objects.get(name="Lynx")
        account = models.Ticket._meta.get_field("account").related_model.objects.get()
        # The table as it was at 0003 (later migrations add columns, e.g. labels in 0006).
        old = MigrationExecutor(connection).loader.project_state(
            ("sprints", "0003_repair_ticket_keys")
        )
        for key in ("LYNX-2", "LYNX-²", "EVIL/1", "lynx-4"):
            old.apps.get_model("sprints", "Ticket").objects.create(
                key=key, title=key, cell_id=cell.pk, account_id=account.pk
            )
        from cellops.billing.models import Worklog  # its table is as it was

        Worklog.objects.create(
            ticket_id=old.apps.get_model("sprints", "Ticket").objects.get(key="EVIL/1").pk,
            member_id=org_api.member_pk("ada"),
            date=date(2026, 3, 2),
            hours=1,
        )
        _migrate(("sprints", "0002_sprint_rituals"))
        _migrate(("sprints", "0003_repair_ticket_keys"))
    finally:
        _migrate(("sprints", "0007_ticket_labels"))  # the latest (labels: issue #15)
        _migrate(("rituals", "0001_initial"))  # undone on the way back (decision 0028)

    titles = dict(models.Ticket.objects.values_list("title", "key"))
    assert titles == {
        "LYNX-2": "LYNX-2",
        "LYNX-²": "LYNX-5",
        "EVIL/1": "LYNX-6",
        "lynx-4": "LYNX-4",
    }
    assert models.TicketChange.objects.get(ticket__key="LYNX-6").changes == {
        "key": ["EVIL/1", "LYNX-6"]
    }
    audit = AuditEntry.objects.get(action="ticket.rekey", object_id="LYNX-5")
    assert audit.changes["key"] == ["LYNX-²", "LYNX-5"]
    assert "ticket 'EVIL/1' of Lynx is now LYNX-6" in capsys.readouterr().out
    assert [w.hours for w in billing_api.worklogs_of("LYNX-6")] == [1]
    assert api.get_ticket("LYNX-6").title == "EVIL/1"


pytestmark = pytest.mark.django_db


@pytest.fixture
def falcon(make_member):
    """Falcon: Sam (sprint planning manager), Ada and Bob; an account and an epic; one
    ticket in a sprint far enough ahead to plan."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    org_api.create_epic(
        Actor.system("test"),
        key="EP-1",
        title="Course catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
    )
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    ticket = api.create_ticket(
        org_api.actor_named("sam"),
        title="Import the catalogue",
        description="Read the CSV export.\nOne course per line.",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        epic="EP-1",
        assignee="ada",
        reviewer="bob",
        remaining_hours=Decimal(10),
    )
    return {"number": number, "key": ticket.key}


def test_finding_3_log_work_refuses_a_day_outside_the_range_whatever_the_door(falcon):
    """Issue #9 finding 3: the use case itself refuses 9999-12-31 on `date` (any door)."""
    with pytest.raises(InvalidInput) as refused:
        billing_api.log_work(
            org_api.actor_named("ada"),
            ticket=falcon["key"],
            member="ada",
            day=date(9999, 12, 31),
            hours=Decimal(1),
        )
    assert refused.value.field == "date"
    assert "between 1970-01-01 and 2199-12-31" in refused.value.message
    assert billing_api.worklogs_of(falcon["key"]) == []


def test_SP_9_the_statuses_have_one_source_that_the_table_and_the_schema_read() -> None:
    """The model's choices and the JSON schema's status names are `data.STATUSES`."""
    from typing import get_args

    from cellops.sprints.rest import tickets as ticket_door

    assert [value for value, _ in models.STATUSES] == list(STATUSES)
    assert get_args(ticket_door.StatusName) == STATUSES
    assert models.Ticket._meta.get_field("status").default == STATUSES[0] == "Backlog"
