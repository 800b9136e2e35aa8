"""Running a `cellops` command in-process as a terminal would, for the bad-input suite."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

from django.db import connections

from cellops import cli
from tests.badinput.conftest import THROWN


def run(argv: list[str]) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `cellops ARGV` through its entry point.

    The streams encode like a UTF-8 terminal's: stdout strictly, stderr with
    backslash escapes. An exception other than SystemExit is what a person
    would see as a traceback, so it propagates to fail the test.
    """
    THROWN["cli"] += 1
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace")
    status = 0
    # A command closes every connection when it ends; the test's must stay open.
    with redirect_stdout(out), redirect_stderr(err), mock.patch.object(connections, "close_all"):
        try:
            with mock.patch.object(sys, "argv", ["cellops", *argv]):
                cli.main()
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        finally:
            out.flush()
            err.flush()
    sys.stdout.flush()
    return status, out_bytes.getvalue().decode(), err_bytes.getvalue().decode()


def bad_input_failure(argv: list[str], status: int, stderr: str) -> str | None:
    """Why this run is not a clean 'exit 0, or exit 2 with a message', if it is not."""
    shown = " ".join(a[:40] for a in argv)
    if "Traceback" in stderr:
        return f"cellops {shown}: a traceback on stderr"
    if status not in (0, 2):
        return f"cellops {shown}: exit {status}, not 0 or 2: {stderr[-300:]}"
    if status == 2 and not stderr.strip():
        return f"cellops {shown}: exit 2 without a message"
    return None
