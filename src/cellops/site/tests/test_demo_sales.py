"""The demo's sales side (issue #11): leads in every SL-3 stage with the handbook's three,
intro meetings held and prepared (SL-4), a lead's own chance of winning kept in the
forecast; loading it again changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from cellops.org import api as org_api
from cellops.sales import api as sales_api
from cellops.sales.data import STAGES

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_stage_meetings_and_per_lead_probabilities():
    call_command("demo", stdout=StringIO())
    gabriel = org_api.actor_named("gabriel")
    leads = {lead.name: lead for lead in sales_api.list_leads()}
    assert {lead.stage for lead in leads.values() if lead.state == "open"} == set(
        range(1, len(STAGES) + 1)
    )
    hedera = leads["Hedera University"]
    assert (hedera.stage, hedera.total, hedera.band) == (3, 24, "High")
    assert leads["Affogato International"].stage == 2
    assert leads["Ms. Brown's 5th Grade Class"].waiting_to_be_scored

    today = date.today()
    held = sales_api.meeting(gabriel, hedera.id)
    assert held.held_on == today - timedelta(days=3)
    assert held.discovery_payment == "deferred"  # High: its discovery may wait
    assert [(f.task, f.due) for f in held.follow_ups] == [
        ("Send Jimmy the requirements template", today + timedelta(days=4)),
        ("Book the discovery call", today + timedelta(days=9)),
    ]
    assert held.summary and held.summary.to == "Jimmy, curriculum department"
    assert sales_api.get_lead(hedera.id).follow_up == today + timedelta(days=4)
    prepared = sales_api.meeting(gabriel, leads["Riverbend Community College"].id)
    assert prepared.held_on is None and prepared.notes["problem"]
    agenda = sales_api.agenda(gabriel, leads["Riverbend Community College"].id)
    assert agenda is not None and agenda.done_count == 2
    overdue = [f for f in sales_api.open_follow_ups(gabriel) if f.due < today]
    assert [(f.lead, f.task) for f in overdue] == [
        ("Orchard Schools Trust", "Chase Priya for the signed discovery")
    ]

    forecast = {row.name: row for row in sales_api.sales_report(gabriel).forecast}
    assert (
        forecast["Granite Foundation"].probability,
        forecast["Granite Foundation"].overridden,
    ) == (
        65,
        True,
    )
    assert forecast["Summit Nursing School"].probability == 90
    assert (forecast["Kestrel Labs"].probability, forecast["Kestrel Labs"].overridden) == (
        100,
        False,
    )

    before = len(sales_api.open_follow_ups(gabriel)), len(leads)
    call_command("demo", stdout=StringIO())
    assert (len(sales_api.open_follow_ups(gabriel)), len(sales_api.list_leads())) == before
