"""`cellops invoices draft --month YYYY-MM [--json]` drafts (or refreshes) the month's
invoices from worklogs (SL-6): one per client, never a second one, sent ones untouched.

It runs on the server's own authority (`Actor.system("cli")`). A bad month exits 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cellops.billing import api
from cellops.org.data import Actor
from cellops.web.commands import refusals_exit_2, to_json


class Command(BaseCommand):
    help = "Draft the month's invoices from worklogs (SL-6)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        draft = actions.add_parser("draft", help="draft (or refresh) a month's invoices")
        draft.add_argument("--month", required=True, help="the month, YYYY-MM")
        draft.add_argument("--json", action="store_true", help="print the invoices as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        with refusals_exit_2():
            invoices = api.draft_invoices(Actor.system("cli"), options["month"])
        if options["json"]:
            items = [_money_as_text(invoice) for invoice in invoices]
            self.stdout.write(to_json({"month": options["month"], "items": items}))
            return
        for invoice in invoices:
            self.stdout.write(
                f"{invoice.client}: {invoice.status.value} {invoice.number or ''} "
                f"{invoice.total_hours} h, {invoice.total_amount} {invoice.currency}".replace(
                    "  ", " "
                )
            )
        self.stdout.write(f"{len(invoices)} invoice(s) for {options['month']}.")


def _money_as_text(invoice: api.Invoice) -> dict[str, Any]:
    """The invoice exactly as the JSON API shows it (API.md § Billing): money as decimal
    strings with two places, never floats; hours as numbers; `epic`, `account` or `correction` null."""
    return {
        "id": invoice.id,
        "number": invoice.number,
        "client": invoice.client,
        "month": invoice.month,
        "status": invoice.status.value,
        "lines": [
            {
                "epic": line.name if line.kind == "epic" else None,
                "account": line.name if line.kind == "account" else None,
                "correction": line.name if line.kind == "correction" else None,
                "hours": float(line.hours),
                "rate": f"{line.rate:.2f}",
                "amount": f"{line.amount:.2f}",
            }
            for line in invoice.lines
        ],
        "total_hours": float(invoice.total_hours),
        "total_amount": f"{invoice.total_amount:.2f}",
        "currency": invoice.currency,
    }
