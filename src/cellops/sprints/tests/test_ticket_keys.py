"""Issue #9 finding 2: one ticket key grammar (WF-2: a pull request names its ticket as
``[SE-1234]``), on every door, in the URL routes and in the database, with a migration that
repairs the keys of another shape; automatic keys never crash on odd rows."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import NoReverseMatch, reverse

from cellops.billing import api as billing_api
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api, models, rules

ODD_KEYS = [
    "LYNX-²",
    "EVIL/1",
    "lynx-1",
    "LYNX-1\n",
    "LYNX-",
    "-1",
    "1LYNX-1",
    "LYNX 1",
    "ÉTÉ-1",
    "LYNX-١",
    "LYNX-１",
    "ABCDEFGHIJK-1",
    "LYNX-1234567890",
    "",
]


# --- the rule ---------------------------------------------------------------


@pytest.mark.parametrize("key", ["LYNX-1", "L-0", "SE-1234", "OC5-9", "ABCDEFGHIJ-123456789"])
def test_WF_2_a_ticket_key_is_capitals_and_digits_a_hyphen_and_a_number(key):
    """Keys like the handbook's SE-1234 are ticket keys."""
    assert rules.is_ticket_key(key) and rules.key_problem(key) is None


@pytest.mark.parametrize("key", ODD_KEYS)
def test_WF_2_anything_else_is_not_a_ticket_key_and_the_problem_says_what_to_give(key):
    """Superscripts, other scripts' digits, slashes, lower case, newlines: all refused."""
    assert not rules.is_ticket_key(key)
    assert "give a ticket key like LYNX-42" in rules.key_problem(key)


def test_finding_2_the_next_key_skips_keys_of_another_shape_instead_of_crashing():
    """LYNX-² (int('²') crashed) and EVIL-x are skipped; the highest well-formed key counts."""
    used = ["LYNX-²", "LYNX-3", "LYNX-10x", "LYNX-١٢", "LYNXA-99", "LYNX-"]
    assert rules.next_key("LYNX", used) == "LYNX-4"
    assert rules.next_key("LYNX", []) == "LYNX-1"


@pytest.mark.parametrize(
    ("cell", "prefix"), [("Lynx", "LYNX"), ("Été 2", "T2"), ("42 Owls", "OWLS"), ("ÅÄÖ", "T")]
)
def test_finding_2_automatic_keys_of_any_cell_name_are_ticket_keys(cell, prefix):
    """A cell name with accents or leading digits still gives ASCII keys starting with a letter."""
    assert rules.key_prefix(cell) == prefix
    assert rules.is_ticket_key(rules.next_key(prefix, []))


def test_finding_2_repaired_keys_are_upper_cased_when_free_else_the_cells_next_numbers():
    """lynx-5 becomes LYNX-5 (even listed last); LYNX-² and a taken lynx-3 take the cell's
    next free numbers after every key in use, LYNX-5 included; EVIL/1 its own cell's."""
    odd = [("LYNX-²", "LYNX"), ("lynx-3", "LYNX"), ("EVIL/1", "OWL"), (" lynx-5 ", "LYNX")]
    assert rules.repaired_keys(odd, ["LYNX-3", "OWL-1", *(k for k, _ in odd)]) == {
        " lynx-5 ": "LYNX-5",
        "LYNX-²": "LYNX-6",
        "lynx-3": "LYNX-7",
        "EVIL/1": "OWL-2",
    }


# --- the doors ----------------------------------------------------------------


@pytest.fixture
def lynx(make_member):
    make_member("sam", cell="Lynx", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", cell="Lynx")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    return org_api.sprint_calendar().for_date(date.today()).number + 3


def _post(client, **fields):
    client.raise_request_exception = False
    body = {"title": "A ticket", "cell": "Lynx", "account": "Hedera LMS", **fields}
    return client.post("/api/v1/tickets", body, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["LYNX-²", "EVIL/1", "lynx-7", "LYNX-1\n"])
def test_finding_2_the_api_refuses_a_key_of_another_shape_and_keys_on(
    lynx, admin_api, admin_client, key
):
    """POST /tickets with LYNX-² or EVIL/1 is a 422 naming `key`; the next auto-keyed ticket
    is made (it was a 500 for every later ticket of the cell) and the board renders."""
    refused = _post(admin_api, key=key, sprint=lynx)
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"][0]["field"] == "key"
    assert "LYNX-42" in refused.json()["detail"]
    assert not models.Ticket.objects.filter(key=key).exists()

    made = _post(admin_api, sprint=lynx)
    assert made.status_code == 201 and made.json()["key"] == "LYNX-1"
    board = admin_client.get(reverse("sprints:board", args=["Lynx", lynx]))
    assert board.status_code == 200 and "LYNX-1" in board.content.decode()


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
    result = billing_api.import_worklogs("system", list(csv.reader(io.StringIO(text))))
    assert result.imported == 0
    assert [(b.line, b.column) for b in result.bad] == [(3, "ticket"), (4, "ticket")]
    assert all(b.message.startswith("WF-2: give a ticket key like LYNX-42") for b in result.bad)


@pytest.mark.django_db
def test_finding_2_ticket_page_routes_take_exactly_the_grammar(lynx, client, django_user_model):
    """/sprints/tickets/LYNX-1/ resolves; a key of another shape has no route (404)."""
    api.create_ticket(
        Actor.system("sam"), key="LYNX-1", title="t", cell="Lynx", account="Hedera LMS"
    )
    client.force_login(django_user_model.objects.get(username="ada"))
    assert client.get(reverse("sprints:ticket", args=["LYNX-1"])).status_code == 200
    assert client.get("/sprints/tickets/lynx-1/").status_code == 404
    assert client.get("/sprints/tickets/LYNX-%C2%B2/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("sprints:ticket", args=["EVIL/1"])


# --- the data migration -------------------------------------------------------


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
        for key in ("LYNX-2", "LYNX-²", "EVIL/1", "lynx-4"):
            models.Ticket.objects.create(key=key, title=key, cell=cell, account=account)
        billing_api.log_work("system", ticket="EVIL/1", member="ada", day=date(2026, 3, 2), hours=1)
        _migrate(("sprints", "0002_sprint_rituals"))
        _migrate(("sprints", "0003_repair_ticket_keys"))
    finally:
        _migrate(("sprints", "0004_ticket_key_grammar"))

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
