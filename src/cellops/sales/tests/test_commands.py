"""The command-line door: `cellops lead score` (SL-1) and `cellops lead handbook-check` (SL-2)."""

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

HEDERA_OPTIONS = [
    "--people-profile=1",
    "--need=1",
    "--budget=2",
    "--contract-type=2",
    "--prestige=2",
    "--market-niche=2",
    "--internal-positive-bias=2",
]
CELLOPS = Path(sys.executable).with_name("cellops")


def run(*args: str) -> str:
    out = StringIO()
    call_command("lead", *args, stdout=out)
    return out.getvalue()


def refusal_of(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


def test_SL_1_lead_score_prints_a_breakdown_with_total_band_and_stance():
    """Without --json, a table of the seven factors, then total, band and stance."""
    output = run("score", *HEDERA_OPTIONS)
    assert "Prestige" in output and "×3" in output
    assert "Internal positive bias" in output
    assert "Total: 24 of 28" in output
    assert "Band: High" in output
    assert "Stance: Pursue aggressively; run technical discovery with no upfront charge." in output


def test_SL_1_lead_score_json_has_the_api_shape():
    """--json prints the same shape as POST /api/v1/leads/score."""
    body = json.loads(run("score", *HEDERA_OPTIONS, "--json"))
    assert (body["total"], body["band"]) == (24, "High")
    assert body["breakdown"][4] == {"factor": "prestige", "score": 2, "weight": 3, "weighted": 6}
    assert set(body) == {"total", "band", "stance", "breakdown"}


def test_SL_1_a_score_of_3_reaches_the_rule_and_exits_2_naming_the_factor():
    """A 3 is not stopped by the parser: SL-1 refuses it, naming prestige, status 2."""
    error = refusal_of("score", *HEDERA_OPTIONS[:4], "--prestige=3", *HEDERA_OPTIONS[5:])
    assert error.returncode == 2
    assert str(error) == "refused:\n  SL-1: score prestige with 0, 1 or 2, not 3"


def test_SL_1_every_missing_or_bad_option_is_reported_at_once():
    """Two missing options, a fraction, a negative and a word: all named together."""
    error = refusal_of(
        "score",
        "--people-profile=1.5",
        "--budget=-1",
        "--contract-type=two",
        "--prestige=2",
        "--market-niche=2",
    )
    assert error.returncode == 2
    assert str(error).splitlines()[1:] == [
        "  SL-1: score people_profile with 0, 1 or 2, not '1.5'",
        "  SL-1: score need with 0, 1 or 2: Need is missing, and the rubric never guesses a factor",
        "  SL-1: score budget with 0, 1 or 2, not -1",
        "  SL-1: score contract_type with 0, 1 or 2, not 'two'",
        "  SL-1: score internal_positive_bias with 0, 1 or 2: Internal positive bias is missing, "
        "and the rubric never guesses a factor",
    ]


def test_SL_2_handbook_check_prints_each_example_its_findings_and_verdict():
    """The text output shows printed vs computed, every finding and the verdict."""
    output = run("handbook-check")
    assert "The handbook prints 18; the rubric computes 14, Medium." in output
    assert "  - Contract type: printed weight 2, the rubric weighs it 1" in output
    assert "Findings (8):" in output
    assert "Findings: none, the example agrees with the rubric." in output
    assert (
        "Verdict: Ms. Brown's 5th Grade Class: the Need factor is missing, so the rubric "
        "refuses to score it; whatever it is, the total is 4–8, Low." in output
    )
    assert "missing: 0–4" in output


def test_SL_2_handbook_check_json_lists_the_three_reports():
    """--json prints the three example reports, as GET /api/v1/leads/handbook-check items."""
    reports = json.loads(run("handbook-check", "--json"))
    assert [(r["name"], len(r["findings"]), r["ok"]) for r in reports] == [
        ("Hedera University", 0, True),
        ("Affogato International", 4, False),
        ("Ms. Brown's 5th Grade Class", 8, False),
    ]
    assert reports[2]["possible_totals"] == [4, 8]


def _cellops(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CELLOPS_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [str(CELLOPS), "lead", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


def test_SL_1_the_real_executable_prints_json_on_stdout(tmp_path):
    """`cellops lead score … --json` exits 0 with the score as JSON alone on stdout."""
    done = _cellops("score", *HEDERA_OPTIONS, "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert (body["total"], body["band"]) == (24, "High")
    assert done.stderr == ""


def test_SL_1_the_real_executable_exits_2_with_the_refusal_on_stderr(tmp_path):
    """A bad factor exits 2; the SL-1 message naming it is on stderr, stdout stays empty."""
    options = [o for o in HEDERA_OPTIONS if not o.startswith("--need")]
    done = _cellops("score", *options[:-1], "--internal-positive-bias=3", tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "SL-1: score need with 0, 1 or 2: Need is missing" in done.stderr
    assert "SL-1: score internal_positive_bias with 0, 1 or 2, not 3" in done.stderr
