"""The demo's invoices (SL-6): last month's sent, this month's drafts so far — one of them
with the correction of last month's first invoice on a line of its own."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from cellops.billing import api as billing_api
from cellops.org.data import Actor

#: the admin specialist's work, on the system's authority
BILLING = Actor.system("sunita")


def load_invoices(today: date, made: dict[str, int]) -> None:
    """Draft and send last month's invoices (once), log a correction of the first one
    (time missed on it, once, when it is sent), and draft this month's (refreshed)."""
    last_day = today.replace(day=1) - timedelta(days=1)
    last_month = f"{last_day:%Y-%m}"
    sent = []
    for invoice in billing_api.draft_invoices(BILLING, last_month):
        if invoice.status == billing_api.InvoiceStatus.DRAFT:
            sent.append(billing_api.send_invoice(BILLING, invoice.id))
            made["invoices"] += 1
    if sent:
        _correction(sent[0], last_day.replace(day=1), last_day, today)
    made["invoices"] += len(billing_api.draft_invoices(BILLING, f"{today:%Y-%m}"))


def _correction(invoice: billing_api.Invoice, first: date, last: date, today: date) -> None:
    """SL-6: a review call missed on `invoice`, logged today naming it: this month's draft
    bills it on a line of its own."""
    on_invoice = set(invoice.lines[0].worklogs)
    worklogs, _ = billing_api.list_worklogs(BILLING, first=first, last=last, limit=10_000)
    missed = next(w for w in worklogs if w.id in on_invoice)
    billing_api.log_work(
        BILLING,
        ticket=missed.ticket,
        member=missed.member,
        day=today,
        hours=Decimal("1.5"),
        note=f"review call with the client, missed on invoice {invoice.number}",
        corrects=invoice.number,
    )
