"""The demo's invoices (SL-6, issue #11): last month's sent, numbered and locked; this month's
drafts, one with the correction of last month's first invoice on a line of its own; loading
the demo again changes none of them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from cellops.billing import api as billing_api
from cellops.billing import models
from cellops.org.data import Actor

pytestmark = pytest.mark.django_db


def test_SL_6_the_demo_has_last_months_invoices_sent_and_this_months_drafts():
    call_command("demo", stdout=StringIO())
    today = date.today()
    last_month = f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    system = Actor.system("test")
    sent = billing_api.list_invoices(system, last_month)
    assert len(sent) >= 2
    assert [i.status for i in sent] == ["sent"] * len(sent)
    numbers = sorted(i.number for i in sent)
    assert numbers == [f"{today.year}-{n:04d}" for n in range(1, len(sent) + 1)]
    for invoice in sent:
        assert invoice.total_amount > 0
        assert invoice.total_amount == sum(line.amount for line in invoice.lines)
        ids = [pk for line in invoice.lines for pk in line.worklogs]
        assert models.Worklog.objects.filter(pk__in=ids, locked=True).count() == len(ids)
    drafts = billing_api.list_invoices(system, f"{today:%Y-%m}")
    assert drafts and [i.status for i in drafts] == ["draft"] * len(drafts)
    first = min(sent, key=lambda i: i.number)
    corrections = [
        (invoice.client, line.name, line.hours)
        for invoice in drafts
        for line in invoice.lines
        if line.kind == "correction"
    ]
    assert corrections == [(first.client, first.number, Decimal("1.50"))]
    before = [(i.id, i.number, i.total_amount) for i in sent + drafts]
    call_command("demo", stdout=StringIO())
    again = billing_api.list_invoices(system, last_month) + billing_api.list_invoices(
        system, f"{today:%Y-%m}"
    )
    assert [(i.id, i.number, i.total_amount) for i in again] == before
    assert models.Worklog.objects.exclude(corrects="").count() == 1
