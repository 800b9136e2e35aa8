"""Importing Jira/Tempo worklog CSV exports: every bad line reported, nothing half-imported."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cellops.billing import api, rules
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api as sprints_api

SAMPLE = Path(__file__).parent / "data" / "tempo-worklogs.csv"


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_columns_of_a_tempo_export_are_recognised():
    """Issue Key, Username, Work date and Hours are found whatever their order or case."""
    columns, problems = rules.map_columns(
        ["Hours", "work date", "Issue Key", "Username", "Work Description"]
    )
    assert problems == [] and columns == {
        "ticket": 2,
        "member": 3,
        "date": 1,
        "hours": 0,
        "note": 4,
    }


def test_a_file_without_a_date_column_is_refused_on_line_1():
    """A missing required column is one bad row on line 1 naming the column."""
    _, problems = rules.map_columns(["Issue Key", "Username", "Hours"])
    assert [(p.line, p.column) for p in problems] == [(1, "date")]


def test_bad_rows_are_reported_with_their_line_and_column():
    """Empty keys, unreadable dates and impossible hours each name line and column."""
    columns, _ = rules.map_columns(["Issue Key", "Username", "Date", "Hours"])
    good, bad = rules.parse_rows(
        [["A-1", "ada", "2026-03-02", "8"], ["", "ada", "02/13/2026", "30"]],
        columns,
        date_format=rules.DateFormat.DAY_FIRST,  # issue #15: no 13th month day-first
    )
    assert [g.hours for g in good] == [Decimal(8)]
    assert [(b.line, b.column) for b in bad] == [(3, "ticket"), (3, "date"), (3, "hours")]


def test_jira_seconds_and_day_first_dates_are_understood():
    """Jira's 'Time Spent' in seconds becomes hours; 02/03/2026 day-first is 2 March."""
    columns, _ = rules.map_columns(["Key", "Author", "Started", "Time Spent"])
    good, bad = rules.parse_rows(
        [["A-1", "ada", "02/03/2026", "5400"]], columns, date_format=rules.DateFormat.DAY_FIRST
    )
    assert bad == [] and (good[0].day, good[0].hours) == (date(2026, 3, 2), Decimal("1.50"))


@pytest.fixture
def tickets(db, make_member):
    make_member("ada", cell="Falcon")
    make_member("bob", cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    for key in ("FALC-1", "FALC-2"):
        sprints_api.create_ticket(
            Actor.system("test"), key=key, title=key, cell="Falcon", account="Hedera LMS"
        )


def test_a_real_tempo_file_imports_every_row(tickets):
    """The sample export imports its three rows with their hours and notes."""
    with SAMPLE.open(newline="") as handle:
        report = api.import_worklogs(Actor.system(), csv.reader(handle))
    assert (report.imported, report.bad) == (3, ())
    assert api.worklog_span() == (date(2026, 3, 2), date(2026, 3, 3))


def test_one_unknown_member_imports_nothing_unless_skipped(tickets):
    """A bad line stops the whole import; with skip_bad the good lines go in."""
    text = "Issue Key,Username,Date,Hours\nFALC-1,ada,2026-03-02,2\nFALC-1,ghost,2026-03-02,2\n"
    report = api.import_worklogs(Actor.system(), _rows(text))
    assert report.imported == 0 and [(b.line, b.column) for b in report.bad] == [(3, "member")]
    assert api.worklog_span() == (None, None)
    skipped = api.import_worklogs(Actor.system(), _rows(text), skip_bad=True)
    assert skipped.imported == 1 and api.worklog_span() == (date(2026, 3, 2), date(2026, 3, 2))


def test_the_import_command_reports_bad_lines_on_stderr_and_exits_2(tickets, tmp_path):
    """`cellops import worklogs FILE.csv`: bad lines with their numbers, exit 2, nothing imported."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Issue Key,Username,Date,Hours\nFALC-1,ada,2026-03-02,2\nFALC-9,ada,2026-03-02,2\n"
    )
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "worklogs", str(bad), stdout=StringIO(), stderr=err)
    assert refused.value.returncode == 2 and "bad.csv:3: ticket:" in err.getvalue()
    assert api.worklog_span() == (None, None)
    out = StringIO()
    call_command("import", "worklogs", str(SAMPLE), stdout=out, stderr=StringIO())
    assert "imported 3 worklogs" in out.getvalue()


@pytest.mark.parametrize("skip_bad", [False, True])
def test_a_file_with_no_usable_header_is_refused_by_the_use_case_even_with_skip_bad(
    tickets, skip_bad
):
    """Not a worklog CSV at all (`{}`, or a header without a date column): `InvalidInput` on
    `file` naming each missing column, before a row is read; nothing imported."""
    from cellops.kernel.violations import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        api.import_worklogs(Actor.system(), _rows("{}\n"), skip_bad=skip_bad)
    assert refused.value.field == "file"
    assert refused.value.message.startswith("no ticket column; name it one of:")
    assert "no hours column" in refused.value.message
    text = "Issue Key,Username,Hours\nFALC-1,ada,2\n"
    with pytest.raises(InvalidInput) as no_date:
        api.import_worklogs(Actor.system(), _rows(text), skip_bad=skip_bad)
    assert (no_date.value.field, no_date.value.message) == (
        "file",
        "no date column; name it one of: " + ", ".join(rules.COLUMNS["date"]),
    )
    assert api.worklog_span() == (None, None)


@pytest.mark.parametrize("skip_bad", [[], ["--skip-bad"]])
def test_the_import_command_refuses_a_file_with_no_usable_header_with_exit_2(
    tickets, tmp_path, skip_bad
):
    """`cellops import worklogs` gets the use case's refusal: exit 2, the file and the missing
    columns named, even with --skip-bad (which used to exit 0 having imported nothing)."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "notes.csv"
    path.write_text("Title,Body\nHello,world\n")
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "worklogs", str(path), *skip_bad, stdout=out, stderr=StringIO())
    assert refused.value.returncode == 2
    assert str(refused.value).startswith(f"{path}: no ticket column; name it one of:")
    assert "imported" not in out.getvalue()
    assert api.worklog_span() == (None, None)


def test_SP_7_monthly_totals_kept_on_every_write_match_a_rebuild(tickets):
    """The totals budgets read, kept by log_work and the import, equal a recomputation from the worklogs."""
    from cellops.billing import models

    api.log_work(
        Actor.system(), ticket="FALC-1", member="ada", day=date(2026, 2, 27), hours=Decimal("1.25")
    )
    with SAMPLE.open(newline="") as handle:
        api.import_worklogs(Actor.system(), csv.reader(handle))
    kept = sorted(
        models.MonthlyTotal.objects.values_list("account_id", "epic_id", "month", "hours")
    )
    assert api.rebuild_totals() == 2  # February and March of the one account, no epic
    rebuilt = sorted(
        models.MonthlyTotal.objects.values_list("account_id", "epic_id", "month", "hours")
    )
    assert kept == rebuilt
    assert api.logged_by_account(date(2026, 3, 1), date(2026, 3, 31)) == {
        "Hedera LMS": Decimal("7.50")
    }


def test_notes_with_tabs_backslashes_and_line_breaks_are_stored_as_written(tickets):
    """The fast write path (COPY on PostgreSQL) keeps every character of a note."""
    note = 'path C:\\temp\\new\tcolumn\nsecond line\r\n"quoted", \\N and \\.'
    report = api.import_worklogs(
        Actor.system(),
        [
            ["Issue Key", "Username", "Date", "Hours", "Note"],
            ["FALC-1", "ada", "2026-03-02", "2", note],
        ],
    )
    from cellops.billing import models

    assert report.imported == 1
    assert list(models.Worklog.objects.values_list("note", flat=True)) == [note]


def test_a_note_with_a_nul_character_is_a_bad_row_not_a_server_error():
    """Databases cannot store NUL in text: the row is reported with its line and column."""
    columns, _ = rules.map_columns(["Issue Key", "Username", "Date", "Hours", "Note"])
    _, bad = rules.parse_rows([["A-1", "ada", "2026-03-02", "1", "a\x00b"]], columns)
    assert [(b.line, b.column) for b in bad] == [(2, "note")]


def test_every_imported_worklog_points_at_an_existing_ticket_and_member(tickets):
    """The worklog table leaves reference checks to the code (decision 0014): an import
    with unknown tickets or members, even skipped, writes no dangling row."""
    from cellops.billing import models

    text = (
        "Issue Key,Username,Date,Hours\n"
        "FALC-1,ada,2026-03-02,2\nNOPE-1,ada,2026-03-02,2\nFALC-2,ghost,2026-03-02,2\n"
    )
    report = api.import_worklogs(Actor.system(), _rows(text), skip_bad=True)
    assert report.imported == 1
    joined = models.Worklog.objects.filter(ticket__key__isnull=False, member__user__isnull=False)
    assert models.Worklog.objects.count() == joined.count() == 1


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "31/12/9999", "1969-12-31"])
def test_finding_3_a_worklog_dated_outside_the_range_kept_is_a_bad_row(day):
    """Issue #9 finding 3: the import accepts the API's dates only; the row names its date."""
    columns, _ = rules.map_columns(["Issue Key", "Username", "Date", "Hours"])
    good, bad = rules.parse_rows([["FALC-1", "ada", day, "2"]], columns)
    assert good == []
    assert [(b.line, b.column) for b in bad] == [(2, "date")]
    assert "between 1970-01-01 and 2199-12-31" in bad[0].message


def test_finding_3_the_first_and_last_days_kept_import(tickets):
    """The bounds themselves are good rows."""
    result = api.import_worklogs(
        Actor.system(),
        _rows("Issue Key,Username,Date,Hours\nFALC-1,ada,1970-01-01,1\nFALC-1,ada,2199-12-31,1\n"),
    )
    assert (result.imported, result.bad) == (2, ())
