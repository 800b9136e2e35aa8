"""`cellops trial …` on the command line: tables for people, the API's JSON with --json.

Bad input and rule refusals exit with status 2 and say why on stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

#: The console script installed next to the Python running the tests (.venv/bin/cellops).
CELLOPS = Path(sys.executable).parent / "cellops"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("trial", *args, stdout=out)
    return out.getvalue()


def _cellops(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `cellops` executable, run away from the project's var/ directory."""
    env = {**os.environ, "CELLOPS_SECRET_KEY": "test-only", "CELLOPS_VAR_DIR": str(tmp_path)}
    return subprocess.run(
        [str(CELLOPS), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )


def test_TR_1_schedule_prints_a_table_of_the_key_dates():
    """Without --json: one row per key date, with the rule that sets it."""
    out = _run("schedule", "--start", "2026-01-07")
    assert "Trial starting 2026-01-07" in out
    assert "Screening review due" in out and "2026-02-01" in out and "TR-2" in out
    assert "Sprint 3 (2026-02-02 to 2026-02-15)" in out and "TR-5" in out
    assert "2026-02-25" in out and "2026-03-04" in out


def test_TR_1_schedule_json_is_the_api_shape():
    """--json prints exactly what GET /api/v1/trial/schedule answers."""
    assert json.loads(_run("schedule", "--start", "2026-01-07", "--json")) == {
        "start_date": "2026-01-07",
        "end_of_trial": "2026-03-04",
        "review_deadline": "2026-02-25",
        "screening_review_due": "2026-02-01",
        "developer_review_sprint": {"number": 3, "start": "2026-02-02", "end": "2026-02-15"},
    }


def test_TR_4_extension_json_is_the_api_shape():
    """--json prints only the end of the extension and its review deadline."""
    out = _run("extension", "--date-of-121", "2026-03-04", "--sprints", "4", "--json")
    assert json.loads(out) == {"end_of_extension": "2026-04-29", "review_deadline": "2026-04-22"}


def test_TR_4_extension_prints_a_table():
    """Without --json: the 121, the review deadline and the end."""
    out = _run("extension", "--date-of-121", "2026-03-04", "--sprints", "2")
    assert "Extension of 2 sprints" in out
    assert "2026-03-25" in out and "2026-04-01" in out and "TR-4" in out


def test_TR_4_an_extension_of_3_sprints_exits_2_naming_the_rule():
    """The TR-4 refusal is bad input: exit status 2 with the rule's ID and advice."""
    with pytest.raises(CommandError) as refused:
        _run("extension", "--date-of-121", "2026-03-04", "--sprints", "3")
    assert refused.value.returncode == 2
    assert "TR-4" in str(refused.value) and "2 or 4" in str(refused.value)


def test_TR_6_clean_sprints_json_and_table():
    """5 of 8 for an extended trial, as JSON or as a line of the table."""
    assert json.loads(_run("clean-sprints", "--sprints", "8", "--kind", "extended", "--json")) == {
        "required": 5
    }
    assert "6 of 8" in _run("clean-sprints", "--sprints", "8", "--kind", "core")


def test_TR_6_zero_sprints_and_an_unknown_kind_exit_2_listing_both():
    """Every TR-6 problem is listed at once."""
    with pytest.raises(CommandError) as refused:
        _run("clean-sprints", "--sprints", "0", "--kind", "senior")
    assert refused.value.returncode == 2
    assert str(refused.value).count("TR-6") == 2


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("schedule", "--start", "7 Jan 2026"), "--start"),
        (("schedule", "--start", "2025-12-01"), "--start"),
        (("schedule", "--start", "9999-12-31"), "--start"),
        (("extension", "--date-of-121", "2026-02-30", "--sprints", "2"), "--date-of-121"),
    ],
)
def test_a_bad_date_exits_2_naming_the_option(args, option):
    """Malformed, before-the-calendar and far-off dates name the option people typed."""
    with pytest.raises(CommandError) as refused:
        _run(*args)
    assert refused.value.returncode == 2
    assert str(refused.value).startswith(f"{option}: ")


def test_the_real_command_exits_2_on_a_missing_option_and_on_a_bad_date(tmp_path):
    """The `cellops` executable: argparse and our parsing both give status 2 on stderr."""
    missing = _cellops(tmp_path, "trial", "schedule")
    assert missing.returncode == 2
    assert "--start" in missing.stderr and missing.stdout == ""
    bad = _cellops(tmp_path, "trial", "extension", "--date-of-121", "soon", "--sprints", "2")
    assert bad.returncode == 2
    assert "--date-of-121: give a date as YYYY-MM-DD" in bad.stderr and bad.stdout == ""
    refused = _cellops(
        tmp_path, "trial", "extension", "--date-of-121", "2026-03-04", "--sprints", "3"
    )
    assert refused.returncode == 2 and "TR-4" in refused.stderr


@pytest.mark.django_db
def test_the_real_command_json_matches_the_http_api(tmp_path, member_api):
    """`cellops trial schedule --json` prints the same JSON as the API answers."""
    done = _cellops(tmp_path, "trial", "schedule", "--start", "2026-01-14", "--json")
    assert done.returncode == 0, done.stderr
    api_answer = member_api.get("/api/v1/trial/schedule", {"start": "2026-01-14"}).json()
    assert json.loads(done.stdout) == api_answer
    assert api_answer["developer_review_sprint"]["number"] == 4
