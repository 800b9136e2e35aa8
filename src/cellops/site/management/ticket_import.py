"""`cellops import tickets FILE.csv --cell NAME …` (issue #15), kept apart from the other kinds.

Prints what was (or, with `--dry-run`, would be) imported and left unchanged; bad
lines go to stderr as ``FILE:LINE: COLUMN: message``, exit 2 when any stops the
import. `--status-map` takes ``'Jira status=SP-9 status'`` or a file of such lines
(blank lines and ``#`` comments skipped), as often as needed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api as sprints_api
from cellops.web.commands import BAD_INPUT, refusals_exit_2, to_json

SYSTEM_ACTOR = "system"


def _add_tickets_parser(kinds: argparse._SubParsersAction) -> None:
    tickets = kinds.add_parser("tickets", help="a cell's backlog from a Jira CSV export")
    tickets.add_argument("file", help="the Jira export, a .csv file with a header line")
    tickets.add_argument("--cell", required=True, help="the cell the tickets go to")
    tickets.add_argument("--dry-run", action="store_true", help="show what would happen")
    tickets.add_argument("--skip-bad", action="store_true", help="import the good lines anyway")
    tickets.add_argument(
        "--status-map",
        action="append",
        default=[],
        metavar="FILE or 'STATUS=SP-9 STATUS'",
        help="map a Jira status to an SP-9 status (repeatable), or a file of such lines",
    )
    tickets.add_argument("--account", help="the account of tickets with no Account or epic")
    tickets.add_argument("--as", dest="actor", default=SYSTEM_ACTOR, help="who imports")
    tickets.add_argument("--json", action="store_true", help="print the API's JSON")


def _status_entries(values: list[str]) -> list[str]:
    entries: list[str] = []
    for value in values:
        path = Path(value)
        if "=" not in value or path.is_file():
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(
                    f"--status-map {value}: neither 'Jira status=SP-9 status' nor a readable "
                    f"file ({exc})",
                    returncode=BAD_INPUT,
                ) from None
            entries.extend(
                line.strip()
                for line in text.splitlines()
                if line.strip() and not line.strip().startswith("#")
            )
        else:
            entries.append(value)
    return entries


def _import_tickets(command: BaseCommand, path: Path, actor: str, options: dict[str, Any]) -> None:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        if size > sprints_api.MAX_BACKLOG_BYTES:
            raise CommandError(
                f"{path}: the file is larger than the import limit of "
                f"{sprints_api.MAX_BACKLOG_BYTES // 1_000_000} MB",
                returncode=BAD_INPUT,
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: there is no such file", returncode=BAD_INPUT) from None
    except IsADirectoryError:
        raise CommandError(
            f"{path}: this is a directory; give the .csv file", returncode=BAD_INPUT
        ) from None
    except UnicodeDecodeError:
        raise CommandError(
            f"{path}: not UTF-8 text; export the CSV as UTF-8", returncode=BAD_INPUT
        ) from None
    except OSError as exc:
        raise CommandError(
            f"{path}: cannot read it ({exc.strerror or exc})", returncode=BAD_INPUT
        ) from None
    who = Actor.system() if actor == SYSTEM_ACTOR else org_api.actor_named(actor)
    with refusals_exit_2():
        try:
            report = sprints_api.import_tickets(
                who,
                options["cell"],
                text,
                dry_run=options["dry_run"],
                skip_bad=options["skip_bad"],
                status_map=_status_entries(options["status_map"]),
                account=options["account"],
            )
        except PermissionDenied as exc:
            raise CommandError(f"--as {actor}: {exc}", returncode=BAD_INPUT) from None
        except InvalidInput as exc:
            raise InvalidInput(
                exc.field if exc.field != "body" else str(path), exc.message
            ) from None
    if options["json"]:
        command.stdout.write(to_json(report))
    else:
        verb = "would import" if report.dry_run else "imported"
        command.stdout.write(
            f"{path.name}: {verb} {len(report.imported)} tickets into {options['cell']}, "
            f"{len(report.unchanged)} already there (unchanged)."
        )
        for key in report.imported:
            command.stdout.write(f"  + {key}")
    for bad in report.bad[:200]:
        command.stderr.write(f"{path.name}:{bad.line}: {bad.column}: {bad.message}")
    if report.bad_count > 200:
        command.stderr.write(f"… and {report.bad_count - 200} more bad lines")
    if report.bad and not options["skip_bad"]:
        raise CommandError(
            f"{path.name}: {report.bad_count} bad line(s); nothing was imported "
            "(fix them, or use --skip-bad to import the good lines)",
            returncode=BAD_INPUT,
        )
