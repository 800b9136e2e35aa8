"""`cellops serve [--port 8000]`: serve cellops with gunicorn, a production WSGI server."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandParser

#: gunicorn's default access-log line, then the time the answer took, in milliseconds.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

#: How long an idle connection is kept open for its next request.
KEEP_ALIVE_SECONDS = 5


class Command(BaseCommand):
    help = "Serve cellops with a production-grade WSGI server (gunicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("CELLOPS_WORKERS", 2))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("CELLOPS_THREADS", 4))
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
            # Threads (decision 0069): a kept-alive connection waits between requests in the
            # worker's poller, not in a thread; a new silent one holds a thread 5 s at most,
            # where a sync worker would sit on it. Keep-alive past a person's pause.
            "--worker-class",
            "gthread",
            "--threads",
            str(options["threads"]),
            "--keep-alive",
            str(KEEP_ALIVE_SECONDS),
            "--access-logfile",
            "-",
            # gunicorn's default line, then how long the answer took in ms (for operators
            # and the bench's load run).
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            # Feed links carry a secret in the query (`?key=`): never log it (issue #9).
            "--logger-class",
            "cellops.web.logs.RedactingGunicornLogger",
            "--graceful-timeout",
            "5",
        ]
        os.execv(sys.executable, argv)
