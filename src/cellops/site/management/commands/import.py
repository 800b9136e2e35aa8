"""`cellops import …`: bring outside data in (API.md § Command line).

- `cellops import time-off FILE.ics [--as USERNAME] [--json]` — a shared
  calendar's export: `<Name>: off` / `<Name>: available <N>h` events become
  time off (TO-5); everything else is skipped with the reason.
- `cellops import worklogs FILE.csv [--date-format dmy|mdy|iso] [--skip-bad] [--as
  USERNAME] [--json]` — a Jira/Tempo worklog export (columns: see
  `cellops.billing.rules`); a date such as 03/05/2026 that reads both ways is a bad
  line unless `--date-format` (also `day-first`, `month-first`) says which. Every bad
  line is reported with its number and column; nothing is imported while
  there is one, unless `--skip-bad` imports the good lines. The file is read
  as it is imported (never whole) and may be at most 100 MB
  (`cellops.billing.rules.MAX_FILE_BYTES`); a larger one is refused, exit 2.

- `cellops import tickets FILE.csv --cell NAME [--dry-run] [--skip-bad]
  [--status-map FILE|'Jira status=SP-9 status' …] [--account NAME] [--as USERNAME]
  [--json]` — a Jira backlog export into a cell (columns and statuses: see
  `cellops.sprints.rules.backlog_csv`); `site/management/ticket_import.py`.

A progress bar shows on a terminal only. For time off, `--json` prints
exactly what `POST /api/v1/time-off/import` answers. A missing or unreadable
file, one of the wrong kind, or bad lines go to stderr with exit status 2.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, TextIO

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from cellops.billing import api as billing_api
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.site.management.ticket_import import _add_tickets_parser, _import_tickets
from cellops.time_off import api
from cellops.time_off.data import ImportLine, ImportReport
from cellops.web.commands import BAD_INPUT, refusals_exit_2, to_json

SYSTEM_ACTOR = "system"


class Command(BaseCommand):
    help = "Import time off from a shared calendar (.ics) or worklogs from Jira/Tempo (.csv)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="what", required=True, parser_class=type(parser))
        time_off = kinds.add_parser(
            "time-off",
            help="events titled '<Name>: off' or '<Name>: available <N>h' become time off (TO-5)",
        )
        time_off.add_argument("file", help="the calendar's export, an .ics file")
        time_off.add_argument(
            "--as",
            dest="actor",
            default=SYSTEM_ACTOR,
            help="the username the audit log records (default: system)",
        )
        time_off.add_argument("--json", action="store_true", help="print the API's JSON")
        worklogs = kinds.add_parser("worklogs", help="worklogs from a Jira/Tempo CSV export")
        worklogs.add_argument("file", help="the worklogs, a .csv file with a header line")
        worklogs.add_argument(
            "--skip-bad", action="store_true", help="import the good lines anyway"
        )
        worklogs.add_argument(
            "--date-format",
            choices=billing_api.DATE_FORMAT_NAMES,
            help="how the file writes dates like 03/05/2026 (needed when one reads both ways)",
        )
        worklogs.add_argument(
            "--as", dest="actor", default=SYSTEM_ACTOR, help="the username the audit log records"
        )
        worklogs.add_argument("--json", action="store_true", help="print the result as JSON")
        _add_tickets_parser(kinds)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        actor = options["actor"]
        if options["what"] == "tickets":
            _check_actor(actor)
            _import_tickets(self, path, actor, options)
            return
        if options["what"] == "worklogs":
            self._worklogs(
                path, actor, options["skip_bad"], options["json"], options["date_format"]
            )
            return
        data = _read_calendar(path)
        _check_actor(actor)
        with refusals_exit_2():
            try:
                report = self._import(actor, data)
            except InvalidInput as exc:
                raise InvalidInput(str(path), exc.message) from None
        if options["json"]:
            self.stdout.write(to_json(api.import_report_dict(report)))
        else:
            self._print(path, report)

    def _worklogs(
        self, path: Path, actor: str, skip_bad: bool, as_json: bool, date_format: str | None
    ) -> None:
        """Stream the file into the import (finding 9 of issue #9): read a line at a time,
        refused past the size limit before a line is read (and while reading a pipe)."""
        limit = billing_api.MAX_FILE_BYTES
        with _open_text(path) as handle:
            _check_actor(actor)
            if os.fstat(handle.fileno()).st_size > limit:
                raise CommandError(f"{path}: {billing_api.too_large(limit)}", returncode=BAD_INPUT)
            lines = billing_api.csv_rows(handle, max_bytes=limit)
            with refusals_exit_2(), self._progress("Importing worklogs") as step:
                who = Actor.system() if actor == SYSTEM_ACTOR else org_api.actor_named(actor)
                try:
                    report = billing_api.import_worklogs(
                        who, lines, skip_bad=skip_bad, progress=step, date_format=date_format
                    )
                except InvalidInput as exc:
                    raise InvalidInput(str(path), exc.message) from None
                except PermissionDenied as exc:
                    raise CommandError(f"--as {actor}: {exc}", returncode=BAD_INPUT) from None
        if as_json:
            self.stdout.write(to_json(report))
        elif report.imported or not report.bad:
            self.stdout.write(f"{path.name}: imported {report.imported} worklogs.")
        for bad in report.bad[:200]:
            self.stderr.write(f"{path.name}:{bad.line}: {bad.column}: {bad.message}")
        if report.bad_count > 200:
            self.stderr.write(f"… and {report.bad_count - 200} more bad lines")
        if report.bad and not skip_bad:
            raise CommandError(
                f"{path.name}: {report.bad_count} bad line(s); nothing was imported "
                "(fix them, or use --skip-bad to import the good lines)",
                returncode=BAD_INPUT,
            )

    @contextmanager
    def _progress(self, label: str) -> Iterator[Callable[[int, int], None] | None]:
        """A progress bar on a terminal; nothing when the output is piped."""
        if not self.stdout.isatty():
            yield None
            return
        console = Console(file=self.stdout, highlight=False)
        columns = (TextColumn(label), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(label, total=None)
            yield lambda done, total: progress.update(task, completed=done, total=total)

    def _import(self, actor: str, data: bytes) -> ImportReport:
        """The import on the system's authority (an operator runs the command on the
        server), recorded in the audit log under `actor`, the `--as` name."""
        with self._progress("Importing") as step:
            return api.import_calendar(Actor.system(actor), data, progress=step)

    def _print(self, path: Path, report: ImportReport) -> None:
        # Piped output is not wrapped at 80 columns: each event stays on one line.
        width = None if self.stdout.isatty() else 240
        console = Console(file=self.stdout, highlight=False, width=width)
        console.print(
            f"{path.name}: imported {len(report.imported)} event"
            f"{'' if len(report.imported) == 1 else 's'}, skipped {len(report.skipped)}."
        )
        if report.imported:
            table = Table(title="Imported (pending until announced, TO-6)", **_TABLE)
            for column in ("Title", "Member", "First day", "Last day"):
                table.add_column(column)
            for line in report.imported:
                table.add_row(line.title, line.member or "", f"{line.start}", f"{line.end}")
            console.print(table)
        if report.skipped:
            table = Table(title="Skipped", **_TABLE)
            for column in ("Title", "Dates", "Why"):
                table.add_column(column)
            for line in report.skipped:
                table.add_row(line.title or "(no title)", _dates(line), line.reason or "")
            console.print(table)


_TABLE: dict[str, Any] = {"box": box.SIMPLE, "title_justify": "left"}


def _dates(line: ImportLine) -> str:
    if line.start.year == 1:  # not read from the calendar (date.min)
        return ""
    return f"{line.start}" if line.start == line.end else f"{line.start} to {line.end}"


def _read_calendar(path: Path) -> bytes:
    """A calendar file read in pieces, refused past the import's size limit (exit 2)."""
    with _opened(path, ".ics", mode="rb") as stream, refusals_exit_2():
        try:
            return api.read_upload(stream.read)
        except InvalidInput as exc:
            raise InvalidInput(str(path), exc.message) from None


def _check_actor(actor: str) -> None:
    if actor != SYSTEM_ACTOR and not get_user_model().objects.filter(username=actor).exists():
        raise CommandError(f"--as: no user is called {actor!r}", returncode=BAD_INPUT)


@contextmanager
def _opened(path: Path, kind: str, **how: Any) -> Iterator[IO[Any]]:
    """`path` opened (`how` as for `Path.open`) to be read as it goes, or exit 2 saying why
    it cannot be; `kind` names the file wanted (".csv", ".ics")."""
    try:
        handle = path.open(**how)
    except FileNotFoundError:
        raise CommandError(f"{path}: there is no such file", returncode=BAD_INPUT) from None
    except IsADirectoryError:
        raise CommandError(
            f"{path}: this is a directory; give the {kind} file", returncode=BAD_INPUT
        ) from None
    except OSError as exc:
        raise CommandError(
            f"{path}: cannot read it ({exc.strerror or exc})", returncode=BAD_INPUT
        ) from None
    with handle:
        yield handle


def _open_text(path: Path) -> AbstractContextManager[TextIO]:
    """`path` opened as UTF-8 text (a byte-order mark skipped), a CSV to stream."""
    return _opened(path, ".csv", encoding="utf-8-sig", newline="")
