"""`cellops restore FILE [--replace]`: load a backup made by `cellops backup` (decision 0036).

Into an empty database (only what `cellops migrate` puts there; a database without
tables is migrated first), at the backup's migrations. A database holding data is
refused with exit status 2 unless `--replace`, which deletes everything in it first.
The file loads whole or not at all (one transaction). A progress bar shows on a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cellops.site import backup
from cellops.web.commands import BAD_INPUT, progress_bar


class Command(BaseCommand):
    help = "Load a backup made by `cellops backup` into an empty database."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup made by `cellops backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete everything in the database first (it is not empty)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            path.stat()
        except (OSError, ValueError) as exc:
            raise CommandError(
                f"{ascii(str(path))[:200]}: cannot read it ({getattr(exc, 'strerror', None) or exc})",
                returncode=BAD_INPUT,
            ) from None
        if not path.is_file():
            what = "a directory" if path.is_dir() else "not there"
            raise CommandError(f"{path}: this file is {what}", returncode=BAD_INPUT)
        try:
            with progress_bar(self.stderr, "Restoring") as step:
                loaded = backup.restore(path, replace=options["replace"], progress=step)
        except backup.BackupError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        self.stdout.write(f"{path}: restored {sum(loaded.values())} rows of {len(loaded)} tables.")
