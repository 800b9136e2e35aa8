"""`make bench`: the sprint dashboard, budgets and the worklog import on a large organisation.

Needs PostgreSQL (DATABASE_URL, default the local 'cellops' role); it makes a
fresh database `cellops_bench` (dropped at the start of every run). Prints the
figures and whether each meets its bar; exits 1 when one does not.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, timedelta

SERVER = os.environ.get("CELLOPS_BENCH_SERVER", "postgresql://cellops:cellops@127.0.0.1:5432")
DATABASE = "cellops_bench"
ROUNDS = int(os.environ.get("CELLOPS_BENCH_ROUNDS", 15))


def _fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def _median_ms(call, rounds: int = ROUNDS) -> float:
    call()  # warm caches
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _same_figures(answer: dict, bare: list[tuple]) -> None:
    """The yardstick must compute what the dashboard shows, or the ratio means nothing."""
    app = {
        m["member"]: (round(m["available_hours"], 2), round(m["committed_hours"], 2))
        for m in answer["members"]
    }
    sql_figures = {row[0]: (round(float(row[1]), 2), round(float(row[2]), 2)) for row in bare}
    assert app == sql_figures, f"the bare SQL and the app disagree: {app} != {sql_figures}"
    away = sum(1 for m in answer["members"] if m["available_hours"] < 78)
    print(
        f"checked: the bare SQL gives the app's figures ({len(app)} members, {away} with time off)"
    )


def main() -> int:
    _fresh_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cellops.settings")
    os.environ.setdefault("CELLOPS_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench import generate, sql
    from cellops.org import api as org_api
    from cellops.org.data import Actor, Role
    from cellops.platform import api as core_api

    call_command("migrate", verbosity=0)
    today = date.today()
    started = time.perf_counter()
    org = generate.organisation()
    generate.work(today)
    print(
        f"generated 200 members, 12 cells, 100 000 tickets, 2 000 000 worklogs in {time.perf_counter() - started:.0f} s"
    )

    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        "bench-admin", "b@example.com", "bench-password-1"
    )
    client = Client(
        headers={"Authorization": f"Bearer {core_api.create_token(admin.username).secret}"}
    )
    cell = org["cells"][0]
    number = org_api.sprint_calendar().for_date(today).number
    month = f"{today:%Y-%m}"
    # The dashboard is read by the cell's own people: its sprint planning manager here.
    manager = next(m.username for m in org_api.active_members_of(cell))
    org_api.assign_role(
        Actor.system("bench"),
        member=manager,
        role=Role.SPRINT_PLANNING_MANAGER,
        start=today - timedelta(days=365),
        cell=cell,
    )
    manager_client = Client(
        headers={"Authorization": f"Bearer {core_api.create_token(manager).secret}"}
    )
    dashboard_url = f"/api/v1/sprints/{cell}/{number}/capacity"
    budgets_url = f"/api/v1/budgets?month={month}"
    for viewer, url in ((manager_client, dashboard_url), (client, budgets_url)):
        response = viewer.get(url)
        assert response.status_code == 200, (url, response.content[:300])
    _same_figures(manager_client.get(dashboard_url).json(), sql.capacity(cell, number))

    results = []

    def measure(name: str, url: str, bare, client=client) -> None:
        client.get(url)
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
        ):
            client.get(url)
        server = _median_ms(lambda: client.get(url))
        bare_ms = _median_ms(bare, rounds=5)
        ratio = server / bare_ms if bare_ms else float("inf")
        ok = server <= 150 and ratio <= 3
        results.append(ok)
        print(
            f"{name}: median {server:.1f} ms (bar 150), bare SQL {bare_ms:.1f} ms, "
            f"ratio {ratio:.2f} (bar 3), {len(queries)} queries — {'OK' if ok else 'MISSED'}"
        )

    measure(
        "cell dashboard (capacity)",
        dashboard_url,
        lambda: sql.capacity(cell, number),
        client=manager_client,
    )
    measure("budgets", budgets_url, lambda: sql.budgets(today))

    # The import in a fresh process per size (bench/imports.py), so its peak memory is
    # its own: the rate on 200 000 rows, and the peak at 20 000 and 200 000 rows.
    from django.db import connections

    from bench import imports

    connections.close_all()
    ok, line = imports.judge(
        *(imports.run(rows, os.environ["DATABASE_URL"]) for rows in imports.SIZES)
    )
    results.append(ok)
    print(line)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
