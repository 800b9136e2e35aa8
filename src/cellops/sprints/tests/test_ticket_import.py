"""Issue #15: a Jira backlog CSV brought into a cell (dry run, bad rows, idempotent), the
tickets.csv export, and the round trip between them; the sample is `samples/jira-backlog.csv`."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api, models, rules

SAMPLE = Path(__file__).parent / "samples" / "jira-backlog.csv"
ADA_ACCOUNT = "557058:0a1b2c3d-0000-4000-8000-00000000ada1"
SYSTEM = Actor.system("test")


@pytest.fixture
def falcon(db, make_member):
    make_member("ada", cell="Falcon", first_name="Ada", jira_account_id=ADA_ACCOUNT)
    make_member("bob", cell="Falcon", first_name="Bob")
    make_member("sam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("dev", cell="Falcon")
    make_member("empty", cell="Heron")
    org_api.create_account(SYSTEM, "Hedera LMS")
    org_api.create_account(SYSTEM, "Internal")
    org_api.create_epic(
        SYSTEM, key="EP-1", title="Catalogue", account="Hedera LMS", owner="ada", reviewer="bob"
    )


def _tickets(cell: str) -> list[tuple]:
    return [
        (
            t.key,
            t.title,
            t.description,
            t.status,
            t.story_points,
            t.assignee,
            t.reviewer,
            t.sprint,
            t.epic,
            t.account,
            t.remaining_hours,
            t.labels,
        )
        for t in (api.get_ticket(r.key) for r in models.Ticket.objects.filter(cell__name=cell))
    ]


# --- the file (pure) -------------------------------------------------------------------


def test_the_jira_sample_is_read_with_its_columns_statuses_and_repeated_cells():
    """Story points 5.0 → 5, the last of two sprints, two Labels columns, a two-line
    description (the next row's line moves down), Code Review → Under review."""
    rows, bad = rules.parse_backlog(SAMPLE.read_text(encoding="utf-8"))
    assert bad == []
    first, second, third, fourth = rows
    assert (first.line, second.line, third.line, fourth.line) == (2, 4, 5, 6)
    assert (first.story_points, first.sprint, first.labels) == (5, 21, ("frontend", "i18n"))
    assert first.assignee == ("Ada Tester", ADA_ACCOUNT) and first.reviewer == ("bob@example.com",)
    assert first.description == "Filter the catalogue\nby language and level."
    assert [r.status for r in rows] == ["In progress", "Under review", "Backlog", "Done"]
    assert first.remaining_hours == Decimal("8.00") and third.sprint is None


def test_SP_9_an_unknown_status_is_a_bad_row_until_mapped():
    """'QA' is in no default mapping: named with line and column; --status-map fixes it."""
    text = "Issue key,Summary,Status\nFALC-1,A,QA\n"
    _, bad = rules.parse_backlog(text)
    assert [(b.line, b.column) for b in bad] == [(2, "Status")] and "--status-map" in bad[0].message
    rows, bad = rules.parse_backlog(text, rules.status_map(["qa = under REVIEW"]))
    assert bad == [] and rows[0].status == "Under review"


def test_SP_2_points_off_the_scale_and_other_bad_cells_name_line_and_column():
    """4 points, a key of another grammar, an empty summary, a key twice: each reported."""
    text = (
        "Issue key,Summary,Story Points,Sprint\n"
        "FALC-1,A,4,\n"
        "falc 2,B,,\n"
        "FALC-3,,,Sprint X\n"
        "FALC-4,D,,\n"
        "FALC-4,D again,,\n"
    )
    rows, bad = rules.parse_backlog(text)
    assert [r.key for r in rows] == ["FALC-4"]
    assert [(b.line, b.column) for b in bad] == [
        (2, "Story Points"),
        (3, "Issue key"),
        (4, "Summary"),
        (4, "Sprint"),
        (6, "Issue key"),
    ]
    assert bad[0].message.startswith("SP-2")


def test_a_status_map_to_no_sp_9_status_is_refused():
    from cellops.kernel.violations import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        rules.status_map(["QA=Testing"])
    assert refused.value.field == "status_map"


# --- the use case -------------------------------------------------------------------


def test_a_dry_run_shows_what_would_happen_and_writes_nothing(falcon):
    report = api.import_tickets(
        SYSTEM, "Falcon", SAMPLE.read_text(), dry_run=True, account="Internal"
    )
    assert report.imported == ("FALC-101", "FALC-102", "FALC-103", "FALC-104") and report.dry_run
    assert not models.Ticket.objects.exists()


def test_the_sample_imports_with_people_epics_sprints_and_accounts(falcon):
    """People by display name, account id, e-mail and username; the epic's account; the
    import's account for a ticket without one."""
    report = api.import_tickets(SYSTEM, "Falcon", SAMPLE.read_text(), account="Internal")
    assert (len(report.imported), report.bad) == (4, ())
    first = api.get_ticket("FALC-101")
    assert (first.assignee, first.reviewer, first.sprint, first.epic, first.account) == (
        "ada",
        "bob",
        21,
        "EP-1",
        "Hedera LMS",
    )
    assert api.get_ticket("FALC-103").account == "Internal"
    assert api.get_ticket("FALC-102").reviewer == "ada"
    assert api.ticket_history("FALC-101")[0].actor == "test"


def test_importing_twice_adds_nothing(falcon):
    api.import_tickets(SYSTEM, "Falcon", SAMPLE.read_text(), account="Internal")
    again = api.import_tickets(SYSTEM, "Falcon", SAMPLE.read_text(), account="Internal")
    assert again.imported == () and len(again.unchanged) == 4
    assert models.Ticket.objects.count() == 4


def test_a_bad_row_stops_the_import_unless_skipped(falcon):
    """An unknown person and a missing account: nothing in; with skip_bad the good row goes in."""
    text = "Issue key,Summary,Assignee,Account\nFALC-1,A,ghost,Internal\nFALC-2,B,,\nFALC-3,C,ada,Internal\n"
    report = api.import_tickets(SYSTEM, "Falcon", text)
    assert report.imported == () and [(b.line, b.column) for b in report.bad] == [
        (2, "Assignee"),
        (3, "Account"),
    ]
    assert not models.Ticket.objects.exists()
    skipped = api.import_tickets(SYSTEM, "Falcon", text, skip_bad=True)
    assert skipped.imported == ("FALC-3",) and models.Ticket.objects.count() == 1


def test_SP_5_a_reviewer_who_is_the_assignee_is_a_bad_row(falcon):
    text = "Issue key,Summary,Assignee,Reviewer,Account\nFALC-1,A,ada,Ada Tester,Internal\n"
    report = api.import_tickets(SYSTEM, "Falcon", text)
    assert [(b.column, b.message[:4]) for b in report.bad] == [("Reviewer", "SP-5")]


def test_only_the_cells_sprint_planning_manager_and_above_import(falcon):
    """Decision 0040: a developer is refused before the file is read; the manager is not."""
    text = "Issue key,Summary,Account\nFALC-1,A,Internal\n"
    with pytest.raises(PermissionDenied):
        api.import_tickets(org_api.actor_named("dev"), "Falcon", text)
    assert api.import_tickets(org_api.actor_named("sam"), "Falcon", text).imported == ("FALC-1",)


def test_round_trip_export_then_import_into_an_empty_cell_gives_the_same_tickets(falcon):
    """tickets.csv of Falcon, its keys renumbered for another cell, imported: same fields."""
    api.import_tickets(SYSTEM, "Falcon", SAMPLE.read_text(), account="Internal")
    exported = api.tickets_csv(SYSTEM, "Falcon")
    assert exported.splitlines()[0].startswith("Issue key,Summary,Description,Status,Story Points")
    moved = exported.replace("FALC-", "HERO-")
    report = api.import_tickets(SYSTEM, "Heron", moved)
    assert len(report.imported) == 4 and report.bad == ()
    assert [(k.replace("FALC-", "HERO-"), *rest) for k, *rest in _tickets("Falcon")] == _tickets(
        "Heron"
    )


# --- the doors -----------------------------------------------------------------------


def test_the_rest_import_and_export(falcon, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="sam"))
    url = "/api/v1/tickets/import?cell=Falcon&account=Internal&dry_run=true"
    response = client.post(url, SAMPLE.read_bytes(), content_type="text/csv")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] and len(body["imported"]) == 4 and body["bad"] == []
    response = client.post(
        "/api/v1/tickets/import?cell=Falcon&status_map=QA%3DDone",
        b"Issue key,Summary,Status,Account\nFALC-9,A,QA,Internal\n",
        content_type="text/csv",
    )
    assert response.json()["imported"] == ["FALC-9"] and api.get_ticket("FALC-9").status == "Done"
    csv_response = client.get("/api/v1/tickets.csv?cell=Falcon")
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    assert "FALC-9,A,,Done" in csv_response.content.decode()
    bad = client.post("/api/v1/tickets/import?cell=Falcon", b"\xff\xfe", content_type="text/csv")
    assert bad.status_code == 422 and "body" in bad.json()["detail"]


def test_the_rest_import_refuses_a_developer(falcon, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="dev"))
    response = client.post(
        "/api/v1/tickets/import?cell=Falcon", b"Issue key\n", content_type="text/csv"
    )
    assert response.status_code == 403


def test_the_command_dry_runs_reports_bad_lines_and_imports(falcon, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import",
        "tickets",
        str(SAMPLE),
        "--cell",
        "Falcon",
        "--account",
        "Internal",
        "--dry-run",
        stdout=out,
    )
    assert "would import 4 tickets into Falcon" in out.getvalue()
    assert not models.Ticket.objects.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("Issue key,Summary,Status,Account\nFALC-1,A,QA,Internal\n")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import", "tickets", str(bad), "--cell", "Falcon", stdout=io.StringIO(), stderr=err
        )
    assert refused.value.returncode == 2 and "bad.csv:2: Status:" in err.getvalue()
    mapping = tmp_path / "statuses.txt"
    mapping.write_text("# our workflow\nQA=Under review\n")
    call_command(
        "import", "tickets", str(bad), "--cell", "Falcon", "--status-map", str(mapping), stdout=out
    )
    assert api.get_ticket("FALC-1").status == "Under review"
