"""`cellops pr check-title` and `cellops pr check-commits` (WF-2): exit 0, or 2 naming
each problem; no database needed."""

from __future__ import annotations

import json
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> str:
    out = StringIO()
    call_command("pr", *args, stdout=out)
    return out.getvalue()


def test_WF_2_check_title_exits_0_naming_the_ticket():
    assert "SE-1234" in _run("check-title", "[SE-1234] Fix the login")


def test_WF_2_check_title_exits_2_naming_each_problem():
    with pytest.raises(CommandError) as refused:
        _run("check-title", "SE-1234")
    assert refused.value.returncode == 2
    assert "square brackets" in str(refused.value) and "WF-2" in str(refused.value)


def test_WF_2_check_title_json_on_stdout():
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("pr", "check-title", "Fix", "--json", stdout=out)
    assert json.loads(out.getvalue())["ok"] is False


def _repo(tmp_path, *messages):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "T")
    for n, message in enumerate(messages):
        (tmp_path / f"f{n}").write_text(str(n))
        git("add", ".")
        git("commit", "-q", "-m", message)


def test_WF_2_check_commits_exits_0_when_every_commit_conforms(tmp_path, monkeypatch):
    _repo(tmp_path, "chore: start", "feat(api): add it", "fix: mend it")
    monkeypatch.chdir(tmp_path)
    assert "2 commits, all Conventional Commits" in _run("check-commits", "HEAD~2..HEAD")


def test_WF_2_check_commits_exits_2_naming_each_bad_commit(tmp_path, monkeypatch):
    _repo(tmp_path, "chore: start", "Added stuff", "feat: ok", "wip")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError) as refused:
        _run("check-commits", "HEAD~3..HEAD")
    message = str(refused.value)
    assert refused.value.returncode == 2
    assert "2 of 3 commits" in message and "“Added stuff”" in message and "“wip”" in message


def test_WF_2_check_commits_exits_2_on_a_range_git_cannot_read(tmp_path, monkeypatch):
    _repo(tmp_path, "chore: start")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError) as refused:
        _run("check-commits", "nope..HEAD")
    assert refused.value.returncode == 2 and "rev_range" in str(refused.value)
