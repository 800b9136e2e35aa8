"""The demo's pipeline and invoices (issue #11): leads in every SL-3 stage, the handbook's
three among them, one lost; last month's invoices sent, this month's drafted; idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from cellops.billing import api as billing_api
from cellops.org.data import Actor
from cellops.sales import api as sales_api
from cellops.sales.data import STAGES

pytestmark = pytest.mark.django_db


def test_the_demo_has_leads_in_every_stage_and_last_months_invoices_sent():
    call_command("demo", stdout=StringIO())
    leads = sales_api.list_leads()
    open_stages = {lead.stage for lead in leads if lead.state == "open"}
    assert open_stages == set(range(1, len(STAGES) + 1))
    names = {lead.name for lead in leads}
    assert {"Hedera University", "Affogato International", "Ms. Brown's 5th Grade Class"} <= names
    assert [lead.lost_reason for lead in leads if lead.state == "lost"] == [
        "chose to build it in-house"
    ]
    today = date.today()
    last_month = f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    system = Actor.system("test")
    sent = billing_api.list_invoices(system, last_month)
    assert sent and all(i.status == "sent" and i.number for i in sent)
    drafts = billing_api.list_invoices(system, f"{today:%Y-%m}")
    assert all(i.status == "draft" for i in drafts)
    before = len(leads), [i.id for i in sent + drafts]
    call_command("demo", stdout=StringIO())
    again = billing_api.list_invoices(system, last_month) + billing_api.list_invoices(
        system, f"{today:%Y-%m}"
    )
    assert (len(sales_api.list_leads()), [i.id for i in again]) == before
