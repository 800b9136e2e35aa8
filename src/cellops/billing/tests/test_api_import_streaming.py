"""Finding 9 of issue #9: the worklog import streams, with a size limit, and still imports
nothing unless every row is good. Issue #8: who may log time for someone else is decided
in the use cases, so every door (API, page, import, CLI) gets it."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count

from cellops.billing import api, models
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api as sprints_api

HEADER = ["Issue Key", "Username", "Work date", "Hours", "Work Description"]


@pytest.fixture
def tickets(db, make_member):
    make_member("ada", cell="Falcon")
    make_member("bob", cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    for key in ("FALC-1", "FALC-2"):
        sprints_api.create_ticket(
            Actor.system("test"), key=key, title=key, cell="Falcon", account="Hedera LMS"
        )


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
        report = api.import_worklogs(Actor.system(), _generated(rows))
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
    from cellops.platform.models import AuditEntry

    rows = 12_001
    bad_at = {"first": 0, "middle": rows // 2, "last": rows - 1}[where]
    report = api.import_worklogs(Actor.system(), _generated(rows, bad_at=bad_at))
    assert report.imported == 0
    assert [(b.line, b.column) for b in report.bad] == [(bad_at + 2, "ticket")]
    assert models.Worklog.objects.count() == 0
    assert models.MonthlyTotal.objects.count() == 0
    assert not AuditEntry.objects.filter(action="worklog.import").exists()
    skipped = api.import_worklogs(Actor.system(), _generated(rows, bad_at=bad_at), skip_bad=True)
    assert skipped.imported == models.Worklog.objects.count() == rows - 1


def test_finding_9_a_file_over_the_size_limit_is_refused_naming_the_limit(tickets, tmp_path):
    """`cellops import worklogs`: a file past the limit exits 2 naming the limit, before a
    line is imported; the limit is held while reading too (a pipe has no size)."""
    from django.core.management import CommandError, call_command

    path = tmp_path / "big.csv"
    path.write_text(",".join(HEADER) + "\n" + "FALC-1,ada,2026-03-02,1,x\n" * 40)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "MAX_FILE_BYTES", 500)
        with pytest.raises(CommandError) as refused:
            call_command("import", "worklogs", str(path), stdout=io.StringIO())
    assert refused.value.returncode == 2
    assert "larger than the import limit of 0.0005 MB" in str(refused.value)
    with path.open(newline="") as handle, pytest.raises(InvalidInput) as streamed:
        api.import_worklogs(Actor.system(), api.csv_rows(handle, max_bytes=500))
    assert streamed.value.field == "file" and "0.0005 MB" in streamed.value.message
    assert models.Worklog.objects.count() == 0
    assert api.MAX_FILE_BYTES == 100_000_000


def test_finding_9_the_command_streams_a_file_and_refuses_text_that_is_not_utf_8(tickets, tmp_path):
    """The command imports a file as it reads it; a Latin-1 byte late in it is bad input
    (exit 2), and nothing is imported."""
    from django.core.management import CommandError, call_command

    good = tmp_path / "good.csv"
    with good.open("w", newline="") as handle:
        csv.writer(handle).writerows(_generated(25_000))
    out = io.StringIO()
    call_command("import", "worklogs", str(good), stdout=out)
    assert "imported 25000 worklogs" in out.getvalue()
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(good.read_bytes() + "FALC-1,ada,2026-03-02,1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(CommandError) as refused:
        call_command("import", "worklogs", str(bad), stdout=io.StringIO())
    assert refused.value.returncode == 2 and "not UTF-8" in str(refused.value)
    assert models.Worklog.objects.count() == 25_000


def test_finding_9_lookups_start_afresh_when_the_cache_is_full(tickets, monkeypatch):
    """With a cache of one key and batches of two rows, every batch still finds its
    tickets and members, known or new, and every row is imported."""
    from cellops.billing import rules

    monkeypatch.setattr(rules, "IMPORT_CACHE_SIZE", 1)
    monkeypatch.setattr(rules, "IMPORT_BATCH", 2)
    rows = [HEADER[:4]] + [
        [ticket, member, "2026-03-02", "1"]
        for ticket, member in [("FALC-1", "ada"), ("FALC-1", "ada"), ("FALC-1", "bob")] * 3
        + [("FALC-2", "ada"), ("FALC-1", "bob")]
    ]
    report = api.import_worklogs(Actor.system(), rows)
    assert (report.imported, report.bad) == (11, ())
    assert sorted(
        models.Worklog.objects.values_list("ticket__key", "member__user__username")
        .annotate(n=Count("id"))
        .values_list("ticket__key", "member__user__username", "n")
    ) == [("FALC-1", "ada", 6), ("FALC-1", "bob", 4), ("FALC-2", "ada", 1)]


def test_finding_9_past_a_thousand_bad_rows_they_are_counted_not_listed(tickets):
    """Memory holds at most `MAX_REPORTED_BAD` bad rows; the report still says how many."""
    rows = [HEADER] + [["NOPE-1", "ada", "2026-03-02", "1"] for _ in range(1_500)]
    report = api.import_worklogs(Actor.system(), rows)
    assert (report.imported, len(report.bad), report.bad_count) == (0, 1_000, 1_500)


# --- issue #8: who may log time for someone else, decided in billing's use cases -------


@pytest.fixture
def heron(tickets, make_member):
    """A sprint planning manager of Falcon, one of Heron, and a plain member of Falcon."""
    make_member("sam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("olga", cell="Heron", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("carl", cell="Falcon")


def _for_ada_and_bob() -> list[list[str]]:
    return [
        HEADER[:4],
        ["FALC-1", "carl", "2026-03-02", "1"],
        ["FALC-1", "ada", "2026-03-02", "2"],
        ["FALC-2", "bob", "2026-03-03", "3"],
    ]


def test_finding_8_a_member_importing_worklogs_for_others_is_refused_naming_the_permission(
    heron,
):
    """carl (no role) may import his own line, not ada's and bob's: each is a bad row on
    `member` naming the permission and the ticket's cell; nothing is imported."""
    report = api.import_worklogs(org_api.actor_named("carl"), _for_ada_and_bob())
    assert report.imported == 0
    assert [(b.line, b.column) for b in report.bad] == [(3, "member"), (4, "member")]
    assert "carl may not log time for ada" in report.bad[0].message
    assert "'sprints.manage' in the ticket's cell (Falcon)" in report.bad[0].message
    assert models.Worklog.objects.count() == 0
    assert (
        api.import_worklogs(org_api.actor_named("carl"), _for_ada_and_bob(), skip_bad=True).imported
        == 1
    )


def test_finding_8_a_manager_of_another_cell_may_not_import_for_this_cells_members(heron):
    """Heron's sprint planning manager is refused on Falcon's tickets (ORG-3 cell scope)."""
    rows = _for_ada_and_bob()[1:]
    report = api.import_worklogs(org_api.actor_named("olga"), [HEADER[:4], *rows])
    assert report.imported == 0 and [b.line for b in report.bad] == [2, 3, 4]


def test_finding_8_the_tickets_cells_manager_and_the_system_may_import_for_anyone(heron):
    """Falcon's sprint planning manager imports every line; so does the command line's
    system actor; an actor who is no member may import nothing (issue #8: since the use
    case takes an `Actor`, such an actor is inactive, ORG-2, and the whole import is refused
    before a line is read; it used to be three bad rows)."""
    assert api.import_worklogs(org_api.actor_named("sam"), _for_ada_and_bob()).imported == 3
    assert api.import_worklogs(Actor.system(), _for_ada_and_bob()).imported == 3
    assert models.Worklog.objects.count() == 6
    ghost = Actor(username="ghost", is_admin=False, roles=frozenset(), active=False)
    with pytest.raises(PermissionDenied, match="ORG-2"):
        api.import_worklogs(ghost, _for_ada_and_bob())
    assert models.Worklog.objects.count() == 6


def test_finding_8_log_work_for_someone_else_takes_a_manager_of_the_tickets_cell(heron):
    """billing.api.log_work itself refuses (PermissionDenied naming the permission) a plain
    member or another cell's manager logging for ada; Falcon's manager and ada herself may."""
    day = date(2026, 3, 2)
    for actor in ("carl", "olga"):
        with pytest.raises(PermissionDenied) as refused:
            api.log_work(
                org_api.actor_named(actor), ticket="FALC-1", member="ada", day=day, hours=Decimal(1)
            )
        assert "'sprints.manage' in the ticket's cell (Falcon)" in str(refused.value)
    assert models.Worklog.objects.count() == 0
    api.log_work(
        org_api.actor_named("sam"), ticket="FALC-1", member="ada", day=day, hours=Decimal(1)
    )
    api.log_work(
        org_api.actor_named("ada"), ticket="FALC-1", member="ada", day=day, hours=Decimal(1)
    )
    assert models.Worklog.objects.count() == 2
    sam, olga = org_api.actor_named("sam"), org_api.actor_named("olga")
    assert api.may_log_for_others(sam, "Falcon") and not api.may_log_for_others(olga, "Falcon")


def test_finding_8_the_import_command_as_a_member_is_refused_for_others(heron, tmp_path):
    """`cellops import worklogs --as carl` gets the same decision: exit 2, nothing imported."""
    from django.core.management import CommandError, call_command

    path = tmp_path / "w.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(_for_ada_and_bob())
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import", "worklogs", str(path), "--as", "carl", stdout=io.StringIO(), stderr=err
        )
    assert refused.value.returncode == 2 and "w.csv:3: member: carl may not log" in err.getvalue()
    assert models.Worklog.objects.count() == 0
