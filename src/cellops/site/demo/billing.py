"""The demo's invoices (SL-6): last month's sent, this month's drafts so far."""

from __future__ import annotations

from datetime import date, timedelta

from cellops.billing import api as billing_api
from cellops.org.data import Actor

#: the admin specialist's work, on the system's authority
BILLING = Actor.system("sunita")


def load_invoices(today: date, made: dict[str, int]) -> None:
    """Draft and send last month's invoices (once), and draft this month's (refreshed)."""
    last_month = f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    for invoice in billing_api.draft_invoices(BILLING, last_month):
        if invoice.status == billing_api.InvoiceStatus.DRAFT:
            billing_api.send_invoice(BILLING, invoice.id)
            made["invoices"] += 1
    made["invoices"] += len(billing_api.draft_invoices(BILLING, f"{today:%Y-%m}"))
