"""SL-6: an invoice's lines from a month's worklogs, its amounts and its number. Pure Python.

One line per epic, plus one per account for the time outside any epic, plus
one per sent invoice corrected (time missed on it, logged later: SL-6's "a
correction goes on the next month's invoice as a line of its own"); each
line is its hours × the client's rate, rounded half-up to the cent; the total
is the sum of the rounded lines, so what the client reads adds up. Money is
`Decimal`, never a float.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from cellops.billing.data import BillableWorklog, InvoiceLineDraft

CENT = Decimal("0.01")


def amount(hours: Decimal, rate: Decimal) -> Decimal:
    """SL-6: hours × rate, rounded half-up to the cent."""
    return (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)


KINDS = ("epic", "account", "correction")


def line_key(worklog: BillableWorklog) -> tuple[str, str]:
    """SL-6: the line a worklog goes on: (kind, name) — a correction's own line first,
    else its epic's, else its account's time outside any epic."""
    if worklog.corrects:
        return ("correction", worklog.corrects)
    if worklog.epic is not None:
        return ("epic", worklog.epic)
    return ("account", worklog.account)


def invoice_lines(worklogs: Iterable[BillableWorklog], rate: Decimal) -> list[InvoiceLineDraft]:
    """SL-6: the lines of one client's invoice: each epic's worklogs on one line, each
    account's worklogs outside any epic on another, the corrections of each sent invoice
    on one of their own; ordered epics, accounts, corrections, each by name.
    Every worklog is on exactly one line."""
    groups: dict[tuple[str, str], list[BillableWorklog]] = defaultdict(list)
    for worklog in worklogs:
        groups[line_key(worklog)].append(worklog)
    lines = []
    for (kind, name), logs in sorted(groups.items(), key=lambda g: (KINDS.index(g[0][0]), g[0][1])):
        hours = sum((w.hours for w in logs), Decimal(0))
        lines.append(
            InvoiceLineDraft(
                kind, name, hours, rate, amount(hours, rate), tuple(sorted(w.id for w in logs))
            )
        )
    return lines


def total(lines: Iterable[InvoiceLineDraft]) -> tuple[Decimal, Decimal]:
    """SL-6: (total hours, total amount): the sums of the lines (of the rounded amounts)."""
    lines = list(lines)
    return (
        sum((line.hours for line in lines), Decimal(0)),
        sum((line.amount for line in lines), Decimal("0.00")),
    )


def invoice_number(year: int, taken: Iterable[str]) -> str:
    """SL-6: the next number of `year` (``2026-0001``, ``2026-0002``…) after those taken."""
    prefix = f"{year}-"
    used = [
        int(n[len(prefix) :]) for n in taken if n.startswith(prefix) and n[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(used, default=0) + 1:04d}"
