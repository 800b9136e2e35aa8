"""Issue #15: every real variant of a worklog export — dates day-first, month-first and ISO
(ambiguous ones refused without a format), Jira's seconds and Tempo's hours, people named
by username, Jira account id, e-mail or full name — with sample files in `samples/`."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cellops.billing import api, models, rules
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api as sprints_api

SAMPLES = Path(__file__).parent / "samples"
ADA_ACCOUNT = "557058:0a1b2c3d-0000-4000-8000-00000000ada1"
BOB_ACCOUNT = "5b10a2844c20165700ede21b"


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _sample(name: str) -> list[list[str]]:
    with (SAMPLES / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(api.csv_rows(handle))


def _logged() -> list[tuple[str, str, date, Decimal, str]]:
    return sorted(
        models.Worklog.objects.values_list(
            "ticket__key", "member__user__username", "date", "hours", "note"
        )
    )


@pytest.fixture
def tickets(db, make_member):
    make_member("ada", cell="Falcon", first_name="Ada", jira_account_id=ADA_ACCOUNT)
    make_member("bob", cell="Falcon", first_name="Bob", jira_account_id=BOB_ACCOUNT)
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    for key in ("FALC-1", "FALC-2"):
        sprints_api.create_ticket(
            Actor.system("test"), key=key, title=key, cell="Falcon", account="Hedera LMS"
        )


# --- dates (pure) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt", "day"),
    [
        ("03/05/2026", rules.DateFormat.DAY_FIRST, date(2026, 5, 3)),
        ("03/05/2026", rules.DateFormat.MONTH_FIRST, date(2026, 3, 5)),
        ("3.5.26 14:00", rules.DateFormat.DAY_FIRST, date(2026, 5, 3)),
        ("3/5/2026 9:00 AM", rules.DateFormat.MONTH_FIRST, date(2026, 3, 5)),
        ("2026-03-05", rules.DateFormat.MONTH_FIRST, date(2026, 3, 5)),  # ISO reads one way
        ("2026-03-05T09:00:00.000+0100", None, date(2026, 3, 5)),
        ("05/Mar/26 9:00 AM", None, date(2026, 3, 5)),  # Jira's own
        ("13/05/2026", None, date(2026, 5, 13)),  # only day-first can hold a 13
        ("05/13/2026", None, date(2026, 5, 13)),  # only month-first can
        ("05/05/2026", None, date(2026, 5, 5)),  # both readings are one day
    ],
)
def test_dates_are_read_as_the_format_says(text, fmt, day):
    """Each shape of date in real exports gives its one day."""
    assert rules.read_day(text, fmt) == day


def test_an_ambiguous_date_without_a_format_is_refused_naming_both_readings():
    """03/05/2026 could be 3 May or 5 March: without a format, no guess."""
    problem = rules.read_day("03/05/2026")
    assert isinstance(problem, str)
    assert "3 May 2026 (day first)" in problem and "5 March 2026 (month first)" in problem
    assert "--date-format" in problem


def test_a_numeric_date_in_a_file_said_to_be_iso_is_refused():
    """--date-format iso: 03/05/2026 is not what the file was said to hold."""
    assert "ISO" in rules.read_day("03/05/2026", rules.DateFormat.ISO)
    assert "day-first" in rules.read_day("05/13/2026", rules.DateFormat.DAY_FIRST)


def test_the_date_format_names_of_api_md_and_of_the_issue_are_both_taken():
    """dmy / day-first, mdy / month-first, iso; another name names the field."""
    assert rules.date_format("dmy") is rules.date_format("day-first") is rules.DateFormat.DAY_FIRST
    assert rules.date_format("MDY") is rules.DateFormat.MONTH_FIRST
    assert rules.date_format(None) is None
    with pytest.raises(InvalidInput) as refused:
        rules.date_format("ymd")
    assert refused.value.field == "date_format"


# --- the import, per variant --------------------------------------------------------


def test_an_ambiguous_date_is_a_bad_row_naming_line_and_column(tickets):
    """Issue #15: a US-locale file imported with no format: the ambiguous rows are reported
    (line, column), nothing is imported; 03/13/2026 alone could be read."""
    report = api.import_worklogs(Actor.system(), _sample("tempo-us-locale.csv"))
    assert report.imported == 0
    assert [(b.line, b.column) for b in report.bad] == [(2, "date"), (4, "date")]
    assert "'03/05/2026 9:00 AM' could be 3 May 2026" in report.bad[0].message
    assert _logged() == []


def test_a_us_locale_tempo_export_imports_month_first(tickets):
    """With month-first: 03/05/2026 is 5 March, Tempo's hours as written."""
    report = api.import_worklogs(
        Actor.system(), _sample("tempo-us-locale.csv"), date_format="month-first"
    )
    assert (report.imported, report.bad) == (3, ())
    assert _logged() == [
        ("FALC-1", "ada", date(2026, 3, 5), Decimal("2.50"), "Filter UI, tests"),
        ("FALC-1", "bob", date(2026, 3, 13), Decimal("1.25"), "Review"),
        ("FALC-2", "ada", date(2026, 3, 6), Decimal("4.00"), "Export"),
    ]


def test_the_same_file_day_first_refuses_the_13th_month(tickets):
    """day-first on a month-first file: 03/13/2026 is no date, named on its line."""
    report = api.import_worklogs(Actor.system(), _sample("tempo-us-locale.csv"), date_format="dmy")
    assert report.imported == 0 and [(b.line, b.column) for b in report.bad] == [(3, "date")]


def test_a_jira_cloud_worklog_export_names_people_by_account_id_or_email(tickets):
    """Account ids match the members' Jira account id; a row without one falls back to
    the next column that names someone (here Bob's display name and e-mail); seconds
    become hours; ISO times with an offset keep their date."""
    report = api.import_worklogs(Actor.system(), _sample("jira-cloud-worklogs.csv"))
    assert (report.imported, report.bad) == (3, ())
    assert _logged() == [
        ("FALC-1", "ada", date(2026, 3, 2), Decimal("2.00"), "Filter UI"),
        ("FALC-1", "bob", date(2026, 3, 3), Decimal("1.50"), "Review"),
        ("FALC-2", "ada", date(2026, 3, 3), Decimal("1.00"), "Export"),
    ]


def test_a_jira_cloud_issue_export_gives_one_worklog_per_log_work_cell(tickets):
    """Jira Cloud's 'Log Work' columns (comment;started;account id;seconds), a comment
    with ';' in it, a description over two lines: three worklogs."""
    report = api.import_worklogs(Actor.system(), _sample("jira-cloud-issues-with-worklogs.csv"))
    assert (report.imported, report.bad) == (3, ())
    assert _logged() == [
        ("FALC-1", "ada", date(2026, 3, 2), Decimal("2.00"), "Filter UI; first pass"),
        ("FALC-1", "bob", date(2026, 3, 3), Decimal("1.50"), "Review"),
        ("FALC-2", "ada", date(2026, 3, 3), Decimal("1.00"), "Export"),
    ]


def test_a_bad_log_work_cell_is_reported_with_its_column(tickets):
    """A Log Work cell without its four parts, or naming nobody, is a bad row."""
    text = (
        "Issue key,Log Work,Log Work\n"
        "FALC-1,just a comment,Review;03/Mar/26 2:30 PM;nobody-at-all;5400\n"
    )
    report = api.import_worklogs(Actor.system(), _rows(text))
    assert [(b.line, b.column) for b in report.bad] == [(2, "log work 1"), (2, "member")]


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Username", "ada"),
        ("Author Account ID", ADA_ACCOUNT),
        ("Email", "ADA@example.com"),
        ("Full name", "ada  tester"),
        ("Username", ADA_ACCOUNT),  # Tempo Cloud's "Username" holds account ids
    ],
)
def test_people_are_matched_by_username_account_id_email_or_name(tickets, header, name):
    """Each way a real export names a person finds the same member."""
    text = f"Issue Key,{header},Date,Time Spent\nFALC-1,{name},2026-03-02,3600\n"
    report = api.import_worklogs(Actor.system(), _rows(text))
    assert (report.imported, report.bad) == (1, ())
    assert _logged() == [("FALC-1", "ada", date(2026, 3, 2), Decimal("1.00"), "")]


def test_a_name_two_members_share_is_refused_as_ambiguous(tickets, make_member):
    """Two members called Ada Tester: the display name alone names nobody for sure."""
    make_member("ada2", cell="Falcon", first_name="Ada")
    text = "Issue Key,Full name,Date,Hours\nFALC-1,Ada Tester,2026-03-02,1\n"
    report = api.import_worklogs(Actor.system(), _rows(text))
    assert report.imported == 0 and report.bad[0].column == "member"
    assert "names 2 members (ada, ada2)" in report.bad[0].message


def test_the_import_command_takes_a_date_format(tickets):
    """`cellops import worklogs FILE --date-format mdy` reads a US-locale file; without it
    the ambiguous rows are named on stderr and the command exits 2."""
    from django.core.management import CommandError, call_command

    path = str(SAMPLES / "tempo-us-locale.csv")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "worklogs", path, stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 2
    assert "tempo-us-locale.csv:2: date: '03/05/2026 9:00 AM' could be" in err.getvalue()
    out = io.StringIO()
    call_command("import", "worklogs", path, "--date-format", "mdy", stdout=out)
    assert "imported 3 worklogs" in out.getvalue()
    assert _logged()[0][2] == date(2026, 3, 5)
