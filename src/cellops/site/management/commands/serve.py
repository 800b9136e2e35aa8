"""`cellops serve [--port 8000]`: serve cellops with gunicorn, a production WSGI server."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve cellops with a production-grade WSGI server (gunicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("CELLOPS_WORKERS", 2))
        )

    def handle(self, *args, **options) -> None:
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"cellops is serving on http://{bind}/ (Ctrl+C stops it)")
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "cellops.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        os.execv(sys.executable, argv)
