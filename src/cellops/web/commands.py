"""Helpers for the project's management commands (the command-line door).

A command parses its options, calls a use case, and prints the result: a
readable table on a terminal, or JSON on stdout with `--json`. Bad input and
rule refusals go to stderr with exit status 2 (API.md § Command line).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal

BAD_INPUT = 2


def parse_date(value: str, option: str) -> date:
    """A YYYY-MM-DD option value, or exit 2 naming the option."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(
            f"{option}: give a date as YYYY-MM-DD, not {value!r}", returncode=BAD_INPUT
        ) from None


@contextmanager
def refusals_exit_2() -> Iterator[None]:
    """Turn rule refusals and bad input raised by a use case into exit status 2."""
    try:
        yield
    except RuleRefusal as exc:
        lines = [f"{v.rule}: {v.message}" for v in exc.violations]
        raise CommandError("refused:\n  " + "\n  ".join(lines), returncode=BAD_INPUT) from None
    except (InvalidInput, NotFound) as exc:
        raise CommandError(f"{exc.field}: {exc.message}", returncode=BAD_INPUT) from None


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_json(value: object) -> str:
    """Dataclasses, dates and decimals as JSON, the same shapes as the API."""
    return json.dumps(_plain(value), indent=2, ensure_ascii=False)


def emit(command: BaseCommand, value: object, as_json: bool, render: Callable[[], None]) -> None:
    """Print `value` as JSON when asked, else call `render` for people."""
    if as_json:
        command.stdout.write(to_json(value))
    else:
        render()


@contextmanager
def progress_bar(stream: Any, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar (rows done of the total, rate, time left) on `stream` when it is a
    terminal; `None` (no bar) when it is piped, so logs stay clean."""
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(file=stream, highlight=False)
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)
