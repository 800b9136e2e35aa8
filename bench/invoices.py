"""Drafting a month of invoices (SL-6, issue #11) on the large organisation: seconds and queries.

The month drafted is last month (whole, about 1/24 of the bench's two years of
worklogs: some 83 000 worklogs over its 40 clients). Three runs, each as the
admin specialist would start it (`billing.api.draft_invoices`, one transaction):
the first draft, a re-draft that refreshes the same drafts (it must neither
duplicate one nor get slower), and the send of one invoice (numbering and
locking its worklogs). For each: wall-clock seconds and the queries asked.

Bars: the first draft within `DRAFT_BAR_S` seconds, a query count that does not
grow with the worklogs (at most `QUERY_BAR_PER_CLIENT` per client plus a few), and
the re-draft making no second invoice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

DRAFT_BAR_S = 30.0
QUERY_BAR_PER_CLIENT = 6


@dataclass(frozen=True)
class Run:
    name: str
    seconds: float
    queries: int


def _timed(name: str, call) -> tuple[Run, object]:
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    return Run(name, seconds, len(queries)), result


def measure(today: date) -> tuple[bool, str]:
    """Draft, re-draft and send one of last month's invoices; (met the bars, report)."""
    from cellops.billing import api as billing_api
    from cellops.billing import models
    from cellops.org.data import Actor

    actor = Actor.system("bench-billing")
    month = f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    first, drafted = _timed("draft", lambda: billing_api.draft_invoices(actor, month))
    again, redrafted = _timed("re-draft", lambda: billing_api.draft_invoices(actor, month))
    target = next(i for i in drafted if i.status == billing_api.InvoiceStatus.DRAFT)
    sent, _ = _timed("send one", lambda: billing_api.send_invoice(actor, target.id))
    clients = len(drafted)
    worklogs = sum(len(line.worklogs) for invoice in drafted for line in invoice.lines)
    same = [i.id for i in redrafted] == [i.id for i in drafted]
    count = models.Invoice.objects.filter(month=date.fromisoformat(f"{month}-01")).count()
    query_bar = QUERY_BAR_PER_CLIENT * clients + 20
    ok = (
        first.seconds <= DRAFT_BAR_S
        and first.queries <= query_bar
        and again.queries <= query_bar
        and same
        and count == clients
    )
    lines = [
        f"invoices of {month}: {clients} clients, {worklogs} worklogs "
        f"(bars {DRAFT_BAR_S:.0f} s, {query_bar} queries; no duplicate) — "
        f"{'OK' if ok else 'MISSED'}"
    ]
    lines += [
        f"  {r.name:<9} {r.seconds:7.2f} s {r.queries:5d} queries" for r in (first, again, sent)
    ]
    if not same or count != clients:
        lines.append(f"  re-drafting changed the drafts: {count} invoices for {clients} clients")
    return ok, "\n".join(lines)
