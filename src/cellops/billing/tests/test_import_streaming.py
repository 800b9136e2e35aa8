"""Finding 9 of issue #9: the worklog import streams, with a size limit, and still imports
nothing unless every row is good. Issue #8: who may log time for someone else is decided
in the use cases, so every door (API, page, import, CLI) gets it."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest

from cellops.billing import api, models
from cellops.core.api import SYSTEM_ACTOR
from cellops.org import api as org_api
from cellops.sprints import api as sprints_api

HEADER = ["Issue Key", "Username", "Work date", "Hours", "Work Description"]


@pytest.fixture
def tickets(db, make_member):
    make_member("ada", cell="Falcon")
    make_member("bob", cell="Falcon")
    org_api.create_account("test", "Hedera LMS")
    for key in ("FALC-1", "FALC-2"):
        sprints_api.create_ticket("test", key=key, title=key, cell="Falcon", account="Hedera LMS")


def _generated(rows: int, bad_at: int | None = None) -> Iterator[list[str]]:
    """A worklog export of `rows` rows, made one row at a time (never held whole)."""
    yield HEADER
    for n in range(rows):
        ticket = "NOPE-1" if n == bad_at else f"FALC-{n % 2 + 1}"
        yield [ticket, ("ada", "bob")[n % 2], f"2026-03-{n % 28 + 1:02d}", "0.25", "imported"]


def _peak_bytes(rows: int) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        report = api.import_worklogs(SYSTEM_ACTOR, _generated(rows))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (report.imported, report.bad) == (rows, ())
    return peak


def test_finding_9_the_imports_peak_memory_does_not_grow_with_the_file(tickets):
    """Ten times the rows, about the same peak memory: rows are read, checked and written in
    bounded batches (20 000 vs 200 000 rows; the old import held every row, ~10x)."""
    small = _peak_bytes(20_000)
    large = _peak_bytes(200_000)
    assert models.Worklog.objects.count() == 220_000
    print(f"peak: {small:,} bytes for 20 000 rows, {large:,} bytes for 200 000 rows")
    assert large < 1.5 * small, (small, large)


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_finding_9_one_bad_row_anywhere_imports_nothing(tickets, where):
    """A bad row on the first, a middle or the last line, even after several batches were
    written, leaves no worklog, no monthly total and no audit entry of an import."""
    from cellops.core.models import AuditEntry

    rows = 12_001
    bad_at = {"first": 0, "middle": rows // 2, "last": rows - 1}[where]
    report = api.import_worklogs(SYSTEM_ACTOR, _generated(rows, bad_at=bad_at))
    assert report.imported == 0
    assert [(b.line, b.column) for b in report.bad] == [(bad_at + 2, "ticket")]
    assert models.Worklog.objects.count() == 0
    assert models.MonthlyTotal.objects.count() == 0
    assert not AuditEntry.objects.filter(action="worklog.import").exists()
    skipped = api.import_worklogs(SYSTEM_ACTOR, _generated(rows, bad_at=bad_at), skip_bad=True)
    assert skipped.imported == models.Worklog.objects.count() == rows - 1
