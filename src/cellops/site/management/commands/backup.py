"""`cellops backup FILE`: every table of the database into one file (decision 0036).

The file is gzip-compressed JSON lines (`cellops.site.backup`); it restores with
`cellops restore FILE` on PostgreSQL or SQLite. The read is one consistent
snapshot, so it may run while cellops serves. A progress bar shows on a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cellops.site import backup
from cellops.web.commands import BAD_INPUT, progress_bar


class Command(BaseCommand):
    help = "Save every table of the database to FILE (restore it with `cellops restore`)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the backup (e.g. cellops-2026-12-01.gz)")
        parser.add_argument(
            "--force", action="store_true", help="overwrite FILE if it exists already"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            path.resolve().parent.stat()
            path.exists()
        except (OSError, ValueError) as exc:
            raise CommandError(
                f"{ascii(str(path))[:200]}: cannot write there ({getattr(exc, 'strerror', None) or exc})",
                returncode=BAD_INPUT,
            ) from None
        if path.is_dir():
            raise CommandError(f"{path}: this is a directory; name a file", returncode=BAD_INPUT)
        if path.exists() and not options["force"]:
            raise CommandError(
                f"{path}: the file exists; name another or pass --force to overwrite it",
                returncode=BAD_INPUT,
            )
        partial = path.with_name(path.name + ".partial")
        try:
            with progress_bar(self.stderr, "Backing up") as step:
                saved = backup.write(partial, progress=step)
        except backup.BackupError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        except (OSError, ValueError) as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(
                f"{path}: cannot write it ({exc.strerror or exc})", returncode=BAD_INPUT
            ) from None
        partial.replace(path)
        self.stdout.write(f"{path}: saved {sum(saved.values())} rows of {len(saved)} tables.")
