"""`cellops db_worker`: django-tasks' database worker, which also runs again the tasks of
workers that died mid-task (`cellops.platform.management.workers`, decision 0065). Same options."""

from __future__ import annotations

import threading
from typing import Any

from django_tasks_db.management.commands import db_worker

from cellops.platform.management import workers


class Command(db_worker.Command):
    help = (
        "Run a database background worker; tasks left running by a worker that is gone "
        "are queued again (at start, then every CELLOPS_TASK_RECOVERY_SECONDS)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        workers.name_connections(options["worker_id"])
        workers.requeue_abandoned(options["backend_name"])
        stop = threading.Event()
        workers.watch(options["backend_name"], stop)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
