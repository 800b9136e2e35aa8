"""The command-line door: `cellops import time-off FILE.ics [--as USERNAME] [--json]` (TO-5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cellops.platform import api as core_api
from cellops.time_off import api

SAMPLE = Path(__file__).parent / "data" / "shared-calendar.ics"
CELLOPS = Path(sys.executable).with_name("cellops")


class Terminal(StringIO):
    """A stdout that says it is a terminal, so the command draws its progress bar."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def calendar_people(make_member):
    """The people the sample calendar names; two Marias, so 'Maria: off' is ambiguous."""
    for username, first, last, cell in [
        ("maria.santos", "Maria", "Santos", "Falcon"),
        ("maria.keller", "Maria", "Keller", "Lynx"),
        ("jonas", "Jonas", "Berg", "Falcon"),
        ("aiko", "Aiko", "Tanaka", "Falcon"),
        ("priya", "Priya", "N", "Lynx"),
        ("chen", "Chen", "Wei", "Lynx"),
        ("dmitri", "Dmitri", "Volkov", "Falcon"),
    ]:
        make_member(username, cell=cell, first_name=first, last_name=last)


def run(*args: str, stdout: StringIO | None = None) -> str:
    out = stdout or StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def refusal_of(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


def test_TO_5_import_prints_what_was_imported_and_why_the_rest_was_skipped(calendar_people):
    """Without --json: a summary, the imported events and each skipped one with its reason."""
    output = run("time-off", str(SAMPLE))
    assert "shared-calendar.ics: imported 6 events, skipped 8." in output
    assert "Imported (pending until announced, TO-6)" in output
    assert "maria.keller" in output and "2026-04-06" in output
    assert "Skipped" in output
    assert "no active member is called 'Zed'" in output
    # Issue #15: the weekly series (March–April 2026) is read now, but lies outside the
    # horizon of an import made today (4 weeks back, a year ahead): skipped, saying so.
    assert "no occurrence of this repeating event falls between" in output
    assert "already imported (duplicate)" in output
    assert "the event is cancelled" in output
    assert "\x1b[" not in output  # no terminal codes when stdout is not a terminal


def test_TO_5_import_json_has_the_api_shape_and_a_second_import_adds_nothing(calendar_people):
    """--json prints the API's answer; importing the same file again imports nothing."""
    body = json.loads(run("time-off", str(SAMPLE), "--json"))
    assert set(body) == {"imported", "skipped"}
    imported = {(i["member"], i["start"], i["end"]) for i in body["imported"]}
    assert ("maria.keller", "2026-04-06", "2026-04-10") in imported
    assert ("jonas", "2026-03-16", "2026-03-16") in imported
    assert ("aiko", "2026-03-17", "2026-03-19") in imported
    reasons = {i["title"]: i["reason"] for i in body["skipped"]}
    assert "write the full name" in reasons["Maria: off"]
    assert all(set(i) == {"title", "start", "end", "member", "reason"} for i in body["skipped"])
    assert len(api.list_time_off()) == len(body["imported"])

    again = json.loads(run("time-off", str(SAMPLE), "--json"))
    assert again["imported"] == []
    assert {i["reason"] for i in again["skipped"]} >= {"already imported (duplicate)"}
    assert len(api.list_time_off()) == len(body["imported"])


def _import_actors() -> set[str]:
    return {
        e.actor for e in core_api.audit_log(object_type="time_off") if e.action == "time_off.import"
    }


ONE_EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:one-more@test
DTSTART;VALUE=DATE:20260504
DTEND;VALUE=DATE:20260505
SUMMARY:Chen: available 6h
END:VEVENT
END:VCALENDAR
"""


def test_TO_5_the_actor_is_system_unless_given(calendar_people, django_user_model, tmp_path):
    """The audit log records 'system', or the --as username."""
    run("time-off", str(SAMPLE), "--json")
    assert _import_actors() == {"system"}
    more = tmp_path / "more.ics"
    more.write_text(ONE_EVENT.replace("\n", "\r\n"))
    django_user_model.objects.create_user("admin1")
    body = json.loads(run("time-off", str(more), "--as", "admin1", "--json"))
    assert [(i["member"], i["start"]) for i in body["imported"]] == [("chen", "2026-05-04")]
    assert _import_actors() == {"system", "admin1"}


def test_an_unknown_actor_exits_2(calendar_people):
    error = refusal_of("time-off", str(SAMPLE), "--as", "nobody")
    assert error.returncode == 2 and "--as: no user is called 'nobody'" in str(error)


def test_a_progress_bar_is_drawn_on_a_terminal_only(calendar_people):
    """On a terminal the rich progress bar runs (and is cleared); the tables still print."""
    output = run("time-off", str(SAMPLE), stdout=Terminal())
    assert "imported 6 events" in output


def test_a_missing_file_exits_2_naming_it(db, tmp_path):
    error = refusal_of("time-off", str(tmp_path / "nope.ics"))
    assert error.returncode == 2 and "nope.ics: there is no such file" in str(error)


def test_a_web_page_is_not_a_calendar_and_exits_2(db, tmp_path):
    page = tmp_path / "calendar.html"
    page.write_text("<!doctype html><html><body>Sign in</body></html>")
    error = refusal_of("time-off", str(page))
    assert error.returncode == 2
    assert str(error).startswith(f"{page}: This is a web page (HTML), not an iCalendar file.")


def test_a_missing_worklog_file_exits_2(db, tmp_path):
    """`import worklogs` with no such file: exit 2 naming the file."""
    error = refusal_of("worklogs", str(tmp_path / "worklogs.csv"))
    assert error.returncode == 2 and "no such file" in str(error)


def _cellops(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CELLOPS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cellops.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [str(CELLOPS), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_the_real_executable_exits_2_for_a_missing_file(tmp_path):
    done = _cellops("import", "time-off", str(tmp_path / "gone.ics"), "--json", tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "gone.ics: there is no such file" in done.stderr


def test_the_real_executable_exits_2_for_an_html_file(tmp_path):
    page = tmp_path / "export.ics"
    page.write_text("<!DOCTYPE html>\n<html><head><title>Google Calendar</title></head></html>")
    done = _cellops("import", "time-off", str(page), "--json", tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "This is a web page (HTML), not an iCalendar file." in done.stderr
