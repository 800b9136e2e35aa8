"""A task worker killed mid-task (issue #13, decision 0065): the task runs again on another
worker and its effect happens once. Run by `.ci/run` (the PostgreSQL pass of `make test`);
skipped on SQLite, which has one machine and one worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.scale.servers import Database, postgres_url

pytestmark = pytest.mark.skipif(not postgres_url(), reason="needs PostgreSQL (DATABASE_URL)")

SETUP = """
import json
from datetime import date
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind
from cellops.sprints import tasks
org_api.create_cell(Actor.system("test"), "Falcon", CellKind.DEV)
for name in ("ada", "bob", "cyd"):
    org_api.create_member(Actor.system("test"), username=name, first_name=name.title(), last_name="T",
                          email=f"{name}@example.com", cell="Falcon")
number = org_api.sprint_calendar().for_date(date.today()).number
result = tasks.make_sprint_checklists.enqueue("Falcon", number)
print("SETUP", json.dumps({"task": str(result.id)}))
"""


def _worker(database: Database) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cellops.cli",
            "db_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        env=os.environ | {"DATABASE_URL": database.url(), "CELLOPS_TASK_RECOVERY_SECONDS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _task(conn, task_id: str) -> tuple[str, list]:
    row = conn.execute(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
        (task_id,),
    ).fetchone()
    return row[0], row[1]


def _until(check, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.fixture
def database():
    database = Database("killed")
    database.cellops("migrate", "--noinput", "-v", "0")
    yield database
    database.drop()


def test_a_worker_killed_mid_task_leaves_it_to_another_worker_and_its_effect_happens_once(
    database,
):
    import psycopg

    task = json.loads(database.cellops("shell", "-c", SETUP).split("SETUP ", 1)[1])["task"]
    watcher = psycopg.connect(database.url(), autocommit=True)
    holder = psycopg.connect(database.url())
    # The checklists cannot be written while this lock is held: the task stops mid-way.
    holder.execute("LOCK TABLE checklists_checklistrun IN EXCLUSIVE MODE")
    first = _worker(database)
    second = None
    try:
        _until(lambda: _task(watcher, task)[0] == "RUNNING")
        time.sleep(1)  # inside the task, waiting for the lock
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=20)
        holder.rollback()  # the killed worker's connection goes too: nothing it began stays
        assert _task(watcher, task)[0] == "RUNNING"  # nobody will finish it by itself

        second = _worker(database)
        _until(lambda: _task(watcher, task)[0] not in ("RUNNING", "READY"))
        status, worker_ids = _task(watcher, task)
        assert status == "SUCCESSFUL"
        assert len(worker_ids) == 2 and worker_ids[0] != worker_ids[1]  # ran again, elsewhere
        runs = watcher.execute("SELECT COUNT(*) FROM checklists_checklistrun").fetchone()[0]
        assert runs == 3  # SP-12: one sprint checklist per active member, once
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
        holder.close()
        watcher.close()
