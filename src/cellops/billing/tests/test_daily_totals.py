"""SP-7's burn charts read daily totals kept by every worklog write (decision 0067): after
writes, an import, a correction of a sent invoice, changes and deletes, the kept table
equals a fresh aggregate of the worklogs, and the burn figures read from it agree."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from cellops.billing import api, models
from cellops.billing.tests.factories import TicketFactory
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role

pytestmark = pytest.mark.django_db


def _fresh() -> dict[tuple[int, int | None, date], Decimal]:
    """The worklogs summed now, per account, epic and day: what the table must hold."""
    sums: dict[tuple[int, int | None, date], Decimal] = defaultdict(Decimal)
    for account, epic, day, hours in models.Worklog.objects.values_list(
        "ticket__account_id", "ticket__epic_id", "date", "hours"
    ):
        sums[(account, epic, day)] += hours
    return dict(sums)


def _kept() -> dict[tuple[int, int | None, date], Decimal]:
    """The kept daily totals, days left at 0 hours (all their time deleted) left out."""
    return {
        (a, e, d): h
        for a, e, d, h in models.DailyTotal.objects.values_list(
            "account_id", "epic_id", "day", "hours"
        )
        if h
    }


@pytest.fixture
def hedera(make_member):
    make_member("ada", cell="Falcon")
    make_member("ann", cell="Falcon", roles=(Role.ADMIN_SPECIALIST,))
    org_api.create_client(Actor.system("test"), "Hedera University", Decimal("90.00"))
    org_api.create_account(Actor.system("test"), "Hedera LMS", "Hedera University")
    org_api.create_epic(
        Actor.system("test"),
        key="HED-1",
        title="Catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="ada",
        status=EpicStatus.IN_PROGRESS,
    )
    TicketFactory(key="HED-10", title="Search", account="Hedera LMS", epic="HED-1")
    TicketFactory(key="HED-11", title="Support", account="Hedera LMS")
    return org_api.actor_named("ada")


def test_SP_7_daily_totals_equal_a_fresh_aggregate_after_writes_import_correction_and_delete(
    hedera,
):
    ada = hedera
    first = api.log_work(
        ada, ticket="HED-10", member="ada", day=date(2026, 3, 2), hours=Decimal("7.5")
    )
    api.log_work(ada, ticket="HED-10", member="ada", day=date(2026, 3, 2), hours=Decimal("0.5"))
    api.log_work(ada, ticket="HED-11", member="ada", day=date(2026, 3, 2), hours=Decimal("1"))
    gone = api.log_work(
        ada, ticket="HED-11", member="ada", day=date(2026, 3, 4), hours=Decimal("2")
    )
    assert _kept() == _fresh()

    rows = [
        ["Issue Key", "Username", "Date", "Hours"],
        ["HED-10", "ada", "2026-03-02", "1.25"],  # onto a day already kept
        ["HED-10", "ada", "2026-03-03", "3"],
        ["HED-11", "ada", "2026-03-03", "0.75"],  # the same day without the epic
    ]
    assert api.import_worklogs(Actor.system(), rows).imported == 3
    assert _kept() == _fresh()

    # Changed: fewer hours, then moved to another day; deleted: its day drops to nothing.
    api.update_worklog(ada, first.id, hours=Decimal("6"))
    api.update_worklog(ada, first.id, day=date(2026, 3, 5))
    api.delete_worklog(ada, gone.id)
    assert _kept() == _fresh()

    # A correction: time missed on March's sent invoice, logged in April naming it (SL-6).
    ann = org_api.actor_named("ann")
    invoice = next(i for i in api.draft_invoices(ann, "2026-03") if i.client == "Hedera University")
    number = api.send_invoice(ann, invoice.id).number
    api.log_work(
        ada,
        ticket="HED-10",
        member="ada",
        day=date(2026, 4, 2),
        hours=Decimal("1.5"),
        corrects=number,
    )
    assert _kept() == _fresh()

    daily = api.daily_logged(date(2026, 3, 1), date(2026, 4, 30))
    assert daily[("epic", "HED-1")] == [
        (date(2026, 3, 2), Decimal("1.75")),
        (date(2026, 3, 3), Decimal("3")),
        (date(2026, 3, 5), Decimal("6")),
        (date(2026, 4, 2), Decimal("1.5")),
    ]
    assert daily[("account", "Hedera LMS")] == [
        (date(2026, 3, 2), Decimal("2.75")),
        (date(2026, 3, 3), Decimal("3.75")),
        (date(2026, 3, 5), Decimal("6")),
        (date(2026, 4, 2), Decimal("1.5")),
    ]  # 4 March left out: its only worklog was deleted


def test_SP_7_a_rebuild_of_the_totals_gives_back_the_kept_daily_totals(hedera):
    api.log_work(hedera, ticket="HED-10", member="ada", day=date(2026, 3, 2), hours=Decimal("2"))
    api.log_work(hedera, ticket="HED-11", member="ada", day=date(2026, 3, 9), hours=Decimal("4"))
    kept = _kept()
    models.DailyTotal.objects.all().delete()
    api.rebuild_totals()
    assert _kept() == kept == _fresh()
    assert len(kept) == 2


def _monthly_fresh() -> dict[tuple[int, int | None, date], Decimal]:
    sums: dict[tuple[int, int | None, date], Decimal] = defaultdict(Decimal)
    for account, epic, day, hours in models.Worklog.objects.values_list(
        "ticket__account_id", "ticket__epic_id", "date", "hours"
    ):
        sums[(account, epic, day.replace(day=1))] += hours
    return dict(sums)


def _monthly_kept() -> dict[tuple[int, int | None, date], Decimal]:
    return {
        (a, e, m): h
        for a, e, m, h in models.MonthlyTotal.objects.values_list(
            "account_id", "epic_id", "month", "hours"
        )
        if h
    }


def test_SP_7_a_ticket_moved_to_another_epic_takes_its_logged_time_to_that_epics_budget(hedera):
    from cellops.sprints import api as sprints_api

    ada = hedera
    org_api.create_epic(
        Actor.system("test"),
        key="HED-2",
        title="Accounts",
        account="Hedera LMS",
        owner="ada",
        reviewer="ada",
        status=EpicStatus.IN_PROGRESS,
    )
    api.log_work(ada, ticket="HED-10", member="ada", day=date(2026, 3, 2), hours=Decimal("3"))
    api.log_work(ada, ticket="HED-10", member="ada", day=date(2026, 3, 9), hours=Decimal("2"))
    api.log_work(ada, ticket="HED-11", member="ada", day=date(2026, 3, 9), hours=Decimal("1"))

    sprints_api.update_ticket(ada, "HED-10", {"epic": "HED-2"})
    assert _kept() == _fresh()
    assert _monthly_kept() == _monthly_fresh()
    daily = api.daily_logged(date(2026, 3, 1), date(2026, 3, 31))
    assert ("epic", "HED-1") not in daily  # all its time went with the ticket
    assert daily[("epic", "HED-2")] == [
        (date(2026, 3, 2), Decimal("3")),
        (date(2026, 3, 9), Decimal("2")),
    ]

    sprints_api.update_ticket(ada, "HED-11", {"epic": "HED-1"})  # from no epic to one
    sprints_api.update_ticket(ada, "HED-10", {"epic": None})  # and back to none
    assert _kept() == _fresh()
    assert _monthly_kept() == _monthly_fresh()
