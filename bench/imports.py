"""The worklog CSV import's speed and peak memory, measured in a fresh process per size.

`python -m bench.imports ROWS` writes a Tempo-like export of ROWS rows to a
temporary file, then imports it the way `cellops import worklogs FILE.csv`
does (the file read a line at a time by `billing.api.csv_rows`) and prints one
JSON line: rows, seconds, rows per second, and how far the process's peak
resident memory rose during the import above what it was once Django was set
up and the file written (Linux: the peak `VmHWM` is reset just before the
import through /proc/self/clear_refs, then compared with `VmRSS` at that
moment). A process of its own per size, so no
earlier work (the bench's data generation) hides the import's peak.

`python -m bench.imports --small` is for a quick look while working: a fresh
database with the bench's organisation and tickets but few worklogs, then the
two sizes the bench compares (decision 0021).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (20_000, 200_000)


def _status_kib(field: str) -> int:
    """A memory figure of this process from /proc/self/status (Linux), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak() -> int:
    """Start counting the peak afresh (Linux: writing 5 to clear_refs resets VmHWM) and
    answer the resident memory now, the base the import's peak is compared with."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # not Linux, or not allowed: the lifetime peak is the base then
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _status_kib("VmRSS")


def _peak_kib() -> int:
    try:
        return _status_kib("VmHWM")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _write(path: Path, rows: int) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Issue Key", "Username", "Work date", "Hours", "Work Description"])
        for n in range(rows):
            writer.writerow(
                [f"B-{n % 100_000}", f"m{n % 200:03d}", "2026-03-02", "1.5", "imported"]
            )


def measure(rows: int) -> dict:
    """Import `rows` rows in this process (Django set up from the environment)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cellops.settings")
    import django

    django.setup()
    from django.db import connection

    from cellops.billing import api as billing_api
    from cellops.org.data import Actor

    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "worklogs.csv"
        _write(path, rows)
        before = _reset_peak()
        started = time.perf_counter()
        with path.open(encoding="utf-8-sig", newline="") as handle:
            report = billing_api.import_worklogs(Actor.system(), billing_api.csv_rows(handle))
        seconds = time.perf_counter() - started
        grown = _peak_kib() - before
    assert report.imported == rows and not report.bad, report.bad[:3]
    copy_seconds = _bare_copy(path_rows(rows))
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rate": round(rows / seconds),
        "peak_growth_mib": round(grown / 1024, 1),
        "copy_seconds": round(copy_seconds, 3),
        "copy_ratio": round(seconds / copy_seconds, 2),
    }


def path_rows(rows: int):
    """The rows `_write` writes, as (ticket key, username, day, hours, note)."""
    from datetime import date
    from decimal import Decimal

    day, hours = date(2026, 3, 2), Decimal("1.5")
    return ((f"B-{n % 100_000}", f"m{n % 200:03d}", day, hours, "imported") for n in range(rows))


def _bare_copy(rows) -> float:
    """The physical limit: the same rows, their ids already known, COPYed straight into
    the worklog table by PostgreSQL, in a transaction rolled back after (nothing stays)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT key, id FROM sprints_ticket WHERE key LIKE 'B-%%'")
        tickets = dict(cursor.fetchall())
        cursor.execute(
            "SELECT u.username, m.id FROM org_member m JOIN auth_user u ON u.id = m.user_id"
        )
        members = dict(cursor.fetchall())
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            with cursor.cursor.copy(
                "COPY billing_worklog (ticket_id, member_id, date, hours, note, locked) FROM STDIN"
            ) as copy:
                for key, username, day, hours, note in rows:
                    copy.write_row((tickets[key], members[username], day, hours, note, False))
            seconds = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    return seconds


class _RollBack(Exception):
    pass


def run(rows: int, database_url: str) -> dict:
    """`measure(rows)` in a fresh Python process on `database_url`."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.setdefault("CELLOPS_ALLOWED_HOSTS", "testserver")
    out = subprocess.run(
        [sys.executable, "-m", "bench.imports", str(rows)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def judge(small: dict, large: dict) -> tuple[bool, str]:
    """The bars: at least 50 000 rows/s on the large file, and peak memory that does not
    grow with the file: ten times the rows may raise the peak by at most 16 MiB more than
    the small file did, and never past 64 MiB (the old import grew by ~650 MB for 750 k rows)."""
    rate_ok = large["rate"] >= 50_000
    memory_ok = (
        large["peak_growth_mib"] <= small["peak_growth_mib"] + 16 and large["peak_growth_mib"] <= 64
    )
    line = (
        f"worklog CSV import: {large['rows']:,} rows in {large['seconds']:.2f} s = "
        f"{large['rate']:,} rows/s (bar 50,000); peak memory +{small['peak_growth_mib']} MiB "
        f"for {small['rows']:,} rows, +{large['peak_growth_mib']} MiB for {large['rows']:,} "
        f"(bar: at most 16 MiB more, 64 MiB in all) — {'OK' if rate_ok and memory_ok else 'MISSED'}"
        f"\n  a bare COPY of the same {large['rows']:,} rows (ids known, into the same table): "
        f"{large['copy_seconds']:.2f} s = {round(large['rows'] / large['copy_seconds']):,} rows/s;"
        f" the import takes {large['copy_ratio']}× that (the physical limit here)"
    )
    return rate_ok and memory_ok, line


def _small() -> int:
    """A fresh bench database with the organisation and tickets, then both sizes."""
    from bench.__main__ import DATABASE, SERVER, _fresh_database

    _fresh_database()
    url = f"{SERVER}/{DATABASE}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cellops.settings")
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command

    from bench import generate

    call_command("migrate", verbosity=0)
    generate.organisation()
    generate.work(date.today(), worklogs=10_000)
    from django.db import connections

    connections.close_all()
    ok, line = judge(*(run(rows, url) for rows in SIZES))
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--small"]:
        sys.exit(_small())
    print(json.dumps(measure(int(sys.argv[1]))))
