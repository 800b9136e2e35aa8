"""Bad input at every cellops command, generated from the commands' own parsers.

Every management command of cellops' apps (but `serve`, which serves,
`db_worker`, which works until stopped, and `demo`, which fills a database) is found; its parser is walked, sub-commands
included. Each argument in turn gets each class of bad value while the others
get plausible ones. A command must exit 0, or exit 2 with a message on stderr;
never another status, never a traceback.
"""

from __future__ import annotations

import argparse

import pytest
from django.core.management import get_commands, load_command_class

from tests.badinput.clidoor import bad_input_failure, run

SKIPPED = {"serve", "demo", "db_worker"}  # db_worker, as serve, runs until stopped
DJANGO_OPTIONS = {
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
    "--help",
}
BAD_VALUES = {
    "negative": "-1",
    "huge number": "9" * 30,
    "far future date": "9999-12-31",
    "year one": "0001-01-01",
    "impossible date": "2026-02-30",
    "malformed": "not a value",
    "odd Unicode": "LYNX-²\u202e🦄",
    # Bytes that are not UTF-8 reach Python's argv as lone surrogates.
    "non-UTF-8 bytes": "\udcff\udcfe",
    "huge": "x" * 10_000,
    "empty": "",
}
PLAUSIBLE = {"username": "ada", "start": "2026-03-09", "date_of_121": "2026-03-09"}


def _commands() -> list[str]:
    return sorted(
        name
        for name, app in get_commands().items()
        if app.startswith("cellops") and name not in SKIPPED
    )


def _leaves(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """(sub-command words, the arguments it takes) for every runnable sub-command."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        arguments = [
            a
            for a in parser._actions
            if not isinstance(a, (argparse._HelpAction, argparse._StoreTrueAction))
            and not set(a.option_strings) & DJANGO_OPTIONS
            and a.nargs != 0
        ]
        yield prefix, arguments
        return
    for word, sub in subparsers[0].choices.items():
        yield from _leaves(sub, (*prefix, word))


def _plausible(action: argparse.Action) -> str:
    if action.dest in PLAUSIBLE:
        return PLAUSIBLE[action.dest]
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type is int or "sprint" in action.dest:
        return "2"
    if "date" in action.dest or action.dest in ("start", "end", "from"):
        return "2026-03-09"
    if action.dest == "file":
        return "/nonexistent/file"
    return "1"


def _argv(words: tuple[str, ...], arguments, odd: argparse.Action | None, value: str) -> list[str]:
    argv = list(words)
    for action in arguments:
        if action is not odd and not action.required and action.option_strings:
            continue  # optional: only the one under test is given
        given = value if action is odd else _plausible(action)
        if action.option_strings:
            argv += [action.option_strings[0], given]
        else:
            argv.append(given)
    return argv


CASES = []
for _name in _commands():
    _command = load_command_class(get_commands()[_name], _name)
    for _words, _arguments in _leaves(_command.create_parser("cellops", _name)):
        CASES.append((_name, (_name, *_words), _arguments))


@pytest.mark.parametrize(
    ("name", "words", "arguments"), CASES, ids=[" ".join(w) for _, w, _ in CASES]
)
def test_bad_input_on_a_command_exits_2_with_a_message(
    organisation, settings, tmp_path, monkeypatch, name, words, arguments
):
    settings.VAR_DIR = tmp_path  # ensure_admin keeps a password file there
    monkeypatch.chdir(tmp_path)  # `backup` writes the file it is given, wherever it is
    failures = []
    for odd in arguments:
        for what, value in BAD_VALUES.items():
            argv = _argv(words, arguments, odd, value)
            status, _out, err = run(argv)
            failure = bad_input_failure(argv, status, err)
            if failure:
                failures.append(f"{odd.dest}={what}: {failure}")
    status, _out, err = run([*_argv(words, arguments, None, ""), "--no-such-option", "x"])
    if status != 2 or "unrecognized arguments" not in err:
        failures.append(f"an unknown option: exit {status}: {err[-200:]}")
    assert not failures, "\n".join(failures)


def test_ensure_admin_refuses_a_username_that_is_a_path(organisation, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    status, _out, err = run(["ensure_admin", "--username", "../outside"])
    assert status == 2
    assert "--username: Enter a valid username" in err
    assert not (tmp_path / "outside-password").exists()


def test_an_argument_that_is_not_utf8_exits_2_naming_it(organisation):
    status, out, err = run(["token", "list", "ad\udcffa"])
    assert (status, out) == (2, "")
    assert err == "cellops: argument 3 is not UTF-8 text ('ad\\udcffa'); retype it\n"
