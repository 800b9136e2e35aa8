"""Task workers that die mid-task (issue #13, decision 0065).

django-tasks' database worker marks a task RUNNING when it claims it and nothing ever
looks at it again if the worker is killed (SIGKILL, the machine lost, out of memory):
the task would stay RUNNING forever and its effect never happen. Each `cellops db_worker`
therefore names its PostgreSQL connection after its worker id (`application_name`), and
every worker, when it starts and then every `RECOVERY_SECONDS`, puts back to READY the
RUNNING tasks whose worker has no connection to the database any more. The task runs
again on whichever worker is free; every task calls an idempotent use case, so its
effect happens once. PostgreSQL only: SQLite serves one machine with one worker.
"""

from __future__ import annotations

import logging
import os
import threading

from django.db import connection, connections

logger = logging.getLogger(__name__)
PREFIX = "cellops-worker:"
RECOVERY_SECONDS = float(os.environ.get("CELLOPS_TASK_RECOVERY_SECONDS", 15))
# PostgreSQL keeps 63 bytes of an application_name; a worker id is ASCII and ≤ 64 long.
_KEPT = 63 - len(PREFIX)


def application_name(worker_id: str) -> str:
    """The name a worker's connections carry (what `requeue_abandoned` looks for)."""
    return PREFIX + worker_id[:_KEPT]


def name_connections(worker_id: str) -> None:
    """Every connection this process opens from now on carries the worker's name."""
    if connection.vendor != "postgresql":
        return
    for alias in connections:
        settings = connections[alias].settings_dict
        settings["OPTIONS"] = {
            **settings.get("OPTIONS", {}),
            "application_name": application_name(worker_id),
        }
        connections[alias].close()


def requeue_abandoned(backend_name: str = "default") -> list[str]:
    """RUNNING tasks of `backend_name` whose last worker is not connected: back to READY.
    Answers their ids."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE django_tasks_database_dbtaskresult SET status = 'READY', started_at = NULL"
            " WHERE status = 'RUNNING' AND backend_name = %s AND NOT EXISTS ("
            "  SELECT 1 FROM pg_stat_activity a"
            "  WHERE a.application_name = %s || left(worker_ids ->> -1, %s))"
            " RETURNING id",
            [backend_name, PREFIX, _KEPT],
        )
        ids = [str(row[0]) for row in cursor.fetchall()]
    for task_id in ids:
        logger.warning("task %s was running on a worker that is gone: queued again", task_id)
    return ids


def watch(backend_name: str, stop: threading.Event) -> threading.Thread:
    """A daemon thread running `requeue_abandoned` every `RECOVERY_SECONDS` until `stop`."""

    def loop() -> None:
        while not stop.wait(RECOVERY_SECONDS):
            try:
                requeue_abandoned(backend_name)
            except Exception:  # the database away for a moment: try again next round
                logger.exception("could not look for abandoned tasks")
            finally:
                connections.close_all()

    thread = threading.Thread(target=loop, name="task-recovery", daemon=True)
    thread.start()
    return thread
