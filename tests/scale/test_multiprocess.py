"""More than one machine, on one (issue #13): two `cellops serve` and two `cellops db_worker`
on one PostgreSQL. Starts, completions and estimation closes sent at once through both
servers happen exactly once: one answer says done, the others are refusals (never a 500),
and each effect (sprint checklists, spillover records, audit entries) exists once; the
month's invoices drafted from both at once are made once per client (SL-6).
Run by `.ci/run` (the PostgreSQL pass of `make test`); skipped on SQLite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.scale.servers import Database, Server, postgres_url

pytestmark = pytest.mark.skipif(not postgres_url(), reason="needs PostgreSQL (DATABASE_URL)")
AT_ONCE = 8

SETUP = """
import json
from datetime import date
from decimal import Decimal
from django.contrib.auth import get_user_model
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind
from cellops.platform import api
from cellops.sprints import api as sprints_api
get_user_model().objects.create_superuser("root", "root@example.com", "a-long-password-1")
org_api.create_cell(Actor.system("test"), "Falcon", CellKind.DEV)
for name in ("ada", "bob", "cyd"):
    org_api.create_member(Actor.system("test"), username=name, first_name=name.title(), last_name="T",
                          email=f"{name}@example.com", cell="Falcon")
org_api.create_client(Actor.system("test"), "Hedera Co", Decimal(120))
org_api.create_account(Actor.system("test"), "Hedera", "Hedera Co", Decimal(100))
number = org_api.sprint_calendar().for_date(date.today()).number + 2
for n in range(6):
    for sprint in (number, number + 1):
        sprints_api.create_ticket(Actor.system("test"), key=f"FAL-{sprint * 10 + n}", title="t",
            cell="Falcon", account="Hedera", sprint=sprint, assignee=("ada", "bob", "cyd")[n % 3],
            reviewer=("bob", "cyd", "ada")[n % 3], story_points=3, remaining_hours=Decimal(2))
sprints_api.open_estimation(Actor.system("test"), "Falcon", number + 1)
from cellops.billing import api as billing_api
for n, name in enumerate(("ada", "bob", "cyd")):
    billing_api.log_work(Actor.system("test"), ticket=f"FAL-{number * 10 + n}", member=name,
                         day=date.today(), hours=Decimal(2))
print("SETUP", json.dumps({"token": api.create_token(Actor.system(), username="root").secret, "number": number}))
"""


def _count(database: Database, sql: str) -> int:
    import psycopg

    with psycopg.connect(database.url()) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def two_machines():
    database = Database("multi")
    database.cellops("migrate", "--noinput", "-v", "0")
    setup = json.loads(database.cellops("shell", "-c", SETUP).split("SETUP ", 1)[1])
    env = os.environ | {"DATABASE_URL": database.url()}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "cellops.cli", "db_worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    servers = [Server(database.url()), Server(database.url())]
    yield database, servers, setup
    for server in servers:
        server.stop()
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)
    database.drop()


def _at_once(servers, method: str, path: str, token: str, body=None) -> list[int]:
    """`AT_ONCE` requests released together, alternating between the servers."""
    barrier = threading.Barrier(AT_ONCE)
    headers = {"Authorization": f"Bearer {token}"}

    def send(n: int) -> int:
        barrier.wait()
        return servers[n % 2].request(method, path, headers, body)[0]

    with ThreadPoolExecutor(AT_ONCE) as pool:
        return sorted(pool.map(send, range(AT_ONCE)))


def test_start_estimation_close_and_completion_from_two_servers_happen_once(two_machines):
    """SP-3 close, SP-5 start (SP-12 checklists), SP-10 completion: each once."""
    database, servers, setup = two_machines
    number, token = setup["number"], setup["token"]
    sprint = f"/api/v1/sprints/Falcon/{number}"

    closes = _at_once(
        servers, "POST", f"/api/v1/sprints/Falcon/{number + 1}/estimation/close", token
    )
    # Closing a closed session answers its results again (200): the close itself, once.
    assert all(s == 200 or 400 <= s < 500 for s in closes) and 200 in closes, closes
    assert (
        _count(database, "SELECT COUNT(*) FROM core_auditentry WHERE action = 'estimation.close'")
        == 1
    )

    starts = _at_once(
        servers, "POST", f"{sprint}/start", token, {"override": True, "confirm": True}
    )
    assert starts.count(200) == 1 and all(400 <= s < 500 for s in starts if s != 200), starts
    assert (
        _count(database, "SELECT COUNT(*) FROM core_auditentry WHERE action = 'sprint.start'") == 1
    )
    # SP-12: one sprint checklist per active member, once.
    assert _count(database, "SELECT COUNT(*) FROM checklists_checklistrun") == 3

    completions = _at_once(servers, "POST", f"{sprint}/complete", token, {"confirm": True})
    assert completions.count(200) == 1, completions
    assert all(400 <= s < 500 for s in completions if s != 200), completions
    assert (
        _count(database, "SELECT COUNT(*) FROM core_auditentry WHERE action = 'sprint.complete'")
        == 1
    )
    # SP-10: each open ticket spilled over once.
    assert _count(database, "SELECT COUNT(*) FROM sprints_spillover") == 6


def test_SL_6_invoices_drafted_from_two_servers_at_once_are_made_once(two_machines):
    """Drafting a month is idempotent (SL-6): at once from both servers, every answer is the
    month's invoices (200, never a 500) and each client has one invoice with its lines once."""
    database, servers, setup = two_machines
    from datetime import date

    month = f"{date.today():%Y-%m}"
    drafts = _at_once(servers, "POST", "/api/v1/invoices/drafts", setup["token"], {"month": month})
    assert drafts == [200] * AT_ONCE, drafts
    assert _count(database, "SELECT COUNT(*) FROM billing_invoice") == 1
    assert _count(database, "SELECT COUNT(*) FROM billing_invoiceline") == 1  # Hedera's time
    hours = _count(database, "SELECT total_hours FROM billing_invoice")
    assert hours == 6  # the three worklogs of 2 h, counted once
