"""Every page a person opens, timed on the large organisation as the person who opens it.

Each page is fetched in process through Django's test client, logged in as the role
that uses it (the cell's sprint planning manager for its sprint pages, a member of
the cell for booking and the home page, the administrator for the audit log). For
each: the median of `ROUNDS` fetches after a warm-up, the number of queries one fetch
asks, and the size of the HTML. Bars (issue #13): ≤ 150 ms median and ≤ 250 KB.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

MEDIAN_BAR_MS = 150
SIZE_BAR_BYTES = 250 * 1024
ROUNDS = int(os.environ.get("CELLOPS_BENCH_PAGE_ROUNDS", 9))


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    who: str  # "manager", "member", "admin"


@dataclass(frozen=True)
class Timed:
    page: Page
    median_ms: float
    queries: int
    size: int
    status: int

    @property
    def ok(self) -> bool:
        return (
            self.status == 200 and self.median_ms <= MEDIAN_BAR_MS and self.size <= SIZE_BAR_BYTES
        )

    def line(self) -> str:
        return (
            f"  {self.page.name:<34} {self.median_ms:7.1f} ms {self.queries:4d} queries "
            f"{self.size / 1024:7.1f} KB  {'OK' if self.ok else 'MISSED'}"
            + ("" if self.status == 200 else f" (status {self.status})")
        )


def pages(
    cell: str,
    number: int,
    today: date,
    newcomer: str | None,
    *,
    round_id: int | None = None,
    invoice_id: int | None = None,
) -> list[Page]:
    """The pages of issue #13's list, for `cell` and its current sprint `number`, then each
    newer area's (recruitment, sales, invoices, workflows); a recruitment round's and an
    invoice's own page when their ids are given."""
    sprint = f"/sprints/{cell}/{number}"
    start, end = today + timedelta(days=30), today + timedelta(days=32)
    check = f"/time-off/check/?kind=off&start={start}&end={end}"
    trial = "/trial/" + (f"?newcomer={newcomer}" if newcomer else "")
    return [
        Page("home", "/", "member"),
        Page("board", f"{sprint}/board/", "manager"),
        Page("planning (current sprint)", f"{sprint}/planning/", "manager"),
        Page("planning (next sprint)", f"/sprints/{cell}/{number + 1}/planning/", "manager"),
        Page("planning, whole organisation", f"{sprint}/planning/?scope=all", "manager"),
        Page("estimation (next sprint)", f"/sprints/{cell}/{number + 1}/estimation/", "manager"),
        Page("retrospective", f"{sprint}/retrospective/", "manager"),
        Page("time-off booking", "/time-off/", "member"),
        Page("time-off booking check", check, "member"),
        Page("time-off calendar", f"/time-off/calendar/?cell={cell}", "manager"),
        Page("trial timeline", trial, "member"),
        Page("members", "/org/members/", "admin"),
        Page("epics", "/org/epics/", "admin"),
        Page("clients", "/org/clients/", "admin"),
        Page("checklists", "/checklists/", "manager"),
        Page("audit log", "/audit/", "admin"),
        Page("recruitment rounds", "/recruitment/", "admin"),
        *(
            [Page("recruitment round", f"/recruitment/rounds/{round_id}/", "admin")]
            if round_id
            else []
        ),
        Page("sales leads", "/sales/leads/", "admin"),
        Page("sales board", "/sales/board/", "admin"),
        Page("sales reports", "/sales/reports/", "admin"),
        Page("invoices", "/billing/", "admin"),
        *([Page("invoice", f"/billing/invoices/{invoice_id}/", "admin")] if invoice_id else []),
        Page("workflows", "/workflows/", "member"),
        Page("decisions", "/workflows/decisions/", "member"),
        Page("pull requests", "/workflows/pull-requests/", "member"),
        Page("blog", "/workflows/blog/", "member"),
        Page("instance tests", "/workflows/instance-tests/", "member"),
    ]


def _median_ms(call: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def time_pages(clients: dict, page_list: list[Page], rounds: int = ROUNDS) -> list[Timed]:
    """Each page: one warm-up fetch, one counted, `rounds` timed."""
    from django.db import connection

    timed = []
    for page in page_list:
        client = clients[page.who]
        first = client.get(page.url)
        queries: list[str] = []
        with connection.execute_wrapper(
            lambda execute, sql, *rest, seen=queries: seen.append(sql) or execute(sql, *rest)
        ):
            client.get(page.url)
        median = _median_ms(lambda c=client, u=page.url: c.get(u), rounds)
        timed.append(Timed(page, median, len(queries), len(first.content), first.status_code))
    return timed
