"""billing.api use cases against the database: logging work (plain data across `api`), the
hours per day the SP-7 burn charts read, and a ticket's worklogs. The CSV import's use
cases are in test_api_import*.py (topics)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cellops.billing import api
from cellops.billing.data import Worklog
from cellops.billing.tests.factories import TicketFactory, WorklogFactory
from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus
from cellops.org.tests.factories import AccountFactory, EpicFactory
from cellops.sprints import api as sprints_api

pytestmark = pytest.mark.django_db


# --- billing.api use cases: what `log_work` hands back (issue #8: plain data across `api`). ---


def test_log_work_answers_a_frozen_worklog_and_the_json_door_renders_it_as_before(
    make_member, api_client_for
):
    """log_work returns a frozen `Worklog` (it was a dict); POST /worklogs answers the same body."""
    make_member("ada")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    key = sprints_api.create_ticket(
        org_api.actor_named("ada"), title="One", cell="Falcon", account="Hedera LMS"
    ).key
    logged = api.log_work(
        org_api.actor_named("ada"),
        ticket=key,
        member="ada",
        day=date(2026, 3, 2),
        hours=Decimal("1.5"),
        note="n",
    )
    assert isinstance(logged, Worklog)
    assert dataclasses.asdict(logged) == {
        "id": logged.id,
        "ticket": key,
        "member": "ada",
        "date": date(2026, 3, 2),
        "hours": Decimal("1.5"),
        "note": "n",
        "corrects": None,
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        logged.hours = Decimal(3)  # type: ignore[misc]
    with pytest.raises(TypeError):  # a value, not a dict: read by attribute
        logged["hours"]  # type: ignore[index]
    answer = api_client_for("ada").post(
        "/api/v1/worklogs",
        json.dumps({"ticket": key, "member": "ada", "date": "2026-03-03", "hours": 2.25}),
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json() == {
        "id": logged.id + 1,
        "ticket": key,
        "member": "ada",
        "date": "2026-03-03",
        "hours": 2.25,
        "note": "",
    }


# --- Hours logged per day for the SP-7 burn charts, from real worklogs, in one query. ---


@pytest.fixture
def work(make_member):
    """Two accounts; FALC-1 and FALC-2 in epic HED-1 of Hedera, FALC-3 of Hedera without one,
    OAK-1 of Oak; worklogs in February, March and April 2026."""
    make_member("ada", cell="Falcon")
    make_member("bob", cell="Falcon")
    hedera = AccountFactory(name="Hedera LMS", monthly_budget_hours=Decimal(100))
    oak = AccountFactory(name="Oak Press", monthly_budget_hours=Decimal(40))
    epic = EpicFactory(
        key="HED-1",
        title="Catalogue",
        account=hedera,
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
        budget_hours=Decimal(300),
    )
    for key, account, in_epic in (
        ("FALC-1", hedera, epic),
        ("FALC-2", hedera, epic),
        ("FALC-3", hedera, None),
        ("OAK-1", oak, None),
    ):
        TicketFactory(key=key, title=key, account=account, epic=in_epic)
    for ticket, member, day, hours in (
        ("FALC-1", "ada", date(2026, 2, 27), "5"),  # before March
        ("FALC-1", "ada", date(2026, 3, 2), "2"),
        ("FALC-1", "bob", date(2026, 3, 2), "1.5"),  # same day, another member
        ("FALC-2", "ada", date(2026, 3, 2), "3"),  # same day and epic, another ticket
        ("FALC-3", "bob", date(2026, 3, 2), "4"),  # same account, no epic
        ("FALC-2", "bob", date(2026, 3, 31), "0.25"),  # last day of March
        ("OAK-1", "ada", date(2026, 3, 1), "6"),  # first day of March
        ("OAK-1", "ada", date(2026, 4, 1), "7"),  # after March
    ):
        WorklogFactory(actor="system", ticket=ticket, member=member, day=day, hours=Decimal(hours))


def test_SP_7_hours_per_day_are_summed_per_account_and_per_epic_within_the_month(work):
    """Each account gets every ticket's hours of a day; each epic its tickets' hours; only March."""
    daily = api.daily_logged(date(2026, 3, 1), date(2026, 3, 31))
    assert daily == {
        ("account", "Hedera LMS"): [
            (date(2026, 3, 2), Decimal("10.50")),
            (date(2026, 3, 31), Decimal("0.25")),
        ],
        ("epic", "HED-1"): [
            (date(2026, 3, 2), Decimal("6.50")),
            (date(2026, 3, 31), Decimal("0.25")),
        ],
        ("account", "Oak Press"): [(date(2026, 3, 1), Decimal(6))],
    }


def test_SP_7_the_days_add_up_to_the_monthly_totals_budgets_read(work):
    """Summed over the month, the daily hours equal the kept monthly totals of each account."""
    daily = api.daily_logged(date(2026, 3, 1), date(2026, 3, 31))
    sums = {
        name: sum(h for _, h in days) for (kind, name), days in daily.items() if kind == "account"
    }
    assert sums == api.logged_by_account(date(2026, 3, 1), date(2026, 3, 31))


def test_SP_7_daily_hours_are_one_query_however_many_worklogs(work):
    """One query of the daily totals every write keeps (decision 0067), not of the worklogs."""
    with CaptureQueriesContext(connection) as captured:
        api.daily_logged(date(2026, 3, 1), date(2026, 3, 31))
    assert len(captured) == 1
    assert "billing_dailytotal" in captured[0]["sql"]
    assert "billing_worklog" not in captured[0]["sql"]


def test_SP_7_an_epics_hours_before_a_month_come_from_the_earlier_months_only(work):
    """`logged_by_epic(before=…)`: February's 5 h, not March's or later."""
    assert api.logged_by_epic(before=date(2026, 3, 15)) == {"HED-1": Decimal(5)}
    assert api.logged_by_epic() == {"HED-1": Decimal("11.75")}
    assert api.logged_by_epic(before=date(2026, 2, 1)) == {}


# --- `billing.api.worklogs_of`: a ticket's worklogs as plain values, in one query. ------


@pytest.fixture
def tickets(make_member):
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    hedera = AccountFactory(name="Hedera LMS")
    one = TicketFactory(title="One", account=hedera).key
    two = TicketFactory(title="Two", account=hedera).key
    return one, two


def test_a_tickets_worklogs_come_newest_first_with_names_in_one_query(tickets):
    """Only that ticket's worklogs, newest day first, each with the member's full name."""
    one, two = tickets
    WorklogFactory(ticket=one, member="ada", day=date(2026, 3, 2), hours=Decimal("1.5"))
    WorklogFactory(ticket=one, member="bob", day=date(2026, 3, 4), hours=Decimal(2), note="x")
    WorklogFactory(ticket=two, member="bob", day=date(2026, 3, 3), hours=Decimal(7))
    with CaptureQueriesContext(connection) as queries:
        lines = api.worklogs_of(one)
    assert len(queries) == 1
    assert [(w.date, w.member, w.name, w.hours, w.note) for w in lines] == [
        (date(2026, 3, 4), "bob", "Bob Marley", Decimal("2.00"), "x"),
        (date(2026, 3, 2), "ada", "Ada Lovelace", Decimal("1.50"), ""),
    ]


def test_a_ticket_without_worklogs_has_none_and_an_unknown_key_is_not_found(tickets):
    """[] for an existing ticket; NotFound naming `key` for a key nobody has."""
    one, _ = tickets
    assert api.worklogs_of(one) == []
    with pytest.raises(NotFound) as missing:
        api.worklogs_of("NOPE-1")
    assert missing.value.field == "key"


# --- issue #8 / ORG-2: who may log time, decided in billing's use cases on an `Actor`. ---


@pytest.fixture
def gone(make_member):
    """Falcon's ticket FALC-1; ada is a core member, gina left, carl is a candidate."""
    from cellops.org.data import MemberStatus

    make_member("ada", cell="Falcon")
    make_member("gina", cell="Falcon", status=MemberStatus.LEFT)
    make_member("carl", cell="Falcon", status=MemberStatus.CANDIDATE)
    TicketFactory(key="FALC-1", title="One")


@pytest.mark.parametrize("who", ["gina", "carl"])
def test_ORG_2_a_member_who_left_or_a_candidate_may_not_log_even_their_own_time(gone, who):
    """log_work refuses an inactive member's own worklog (PermissionDenied naming ORG-2) and
    writes nothing; an active member's own worklog is kept."""
    from django.core.exceptions import PermissionDenied

    from cellops.billing import models

    day = date(2026, 3, 2)
    with pytest.raises(PermissionDenied, match="ORG-2"):
        api.log_work(
            org_api.actor_named(who), ticket="FALC-1", member=who, day=day, hours=Decimal(1)
        )
    assert models.Worklog.objects.count() == 0
    api.log_work(org_api.actor_named("ada"), ticket="FALC-1", member="ada", day=day, hours=1)
    assert list(models.Worklog.objects.values_list("member__user__username", flat=True)) == ["ada"]


def test_ORG_2_a_member_who_left_may_not_import_their_own_worklogs(gone):
    """The CSV import refuses an inactive actor before reading a line: nothing imported."""
    from django.core.exceptions import PermissionDenied

    from cellops.billing import models

    rows = [["Issue Key", "Username", "Date", "Hours"], ["FALC-1", "gina", "2026-03-02", "1"]]
    with pytest.raises(PermissionDenied, match="ORG-2"):
        api.import_worklogs(org_api.actor_named("gina"), rows)
    assert models.Worklog.objects.count() == 0
    assert api.import_worklogs(Actor.system(), rows).imported == 1  # the row itself is good


def test_ORG_2_the_json_door_refuses_a_member_who_left(gone, api_client_for):
    """POST /api/v1/worklogs as gina (left) is a 403 naming ORG-2; nothing is written."""
    from cellops.billing import models

    body = {"ticket": "FALC-1", "member": "gina", "date": "2026-03-02", "hours": 1}
    answer = api_client_for("gina").post(
        "/api/v1/worklogs", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 403 and "ORG-2" in answer.json()["detail"]
    assert models.Worklog.objects.count() == 0


def test_ORG_2_the_import_command_as_a_member_who_left_exits_2(gone, tmp_path):
    """`cellops import worklogs --as gina` (left) exits 2 naming ORG-2; nothing imported."""
    import io

    from django.core.management import CommandError, call_command

    from cellops.billing import models

    path = tmp_path / "w.csv"
    path.write_text("Issue Key,Username,Date,Hours\nFALC-1,gina,2026-03-02,1\n")
    with pytest.raises(CommandError) as refused:
        call_command("import", "worklogs", str(path), "--as", "gina", stdout=io.StringIO())
    assert refused.value.returncode == 2 and "ORG-2" in str(refused.value)
    assert models.Worklog.objects.count() == 0
