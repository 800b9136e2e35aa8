"""`cellops backup FILE` and `cellops restore FILE` (issue #13, decision 0036).

Run as the operator runs them, in processes of their own, on the database the suite
runs on (SQLite by default, PostgreSQL with DATABASE_URL): the demo agency plus a row
in every table it leaves empty is backed up, restored into a new empty database, and
the two databases are compared table by table, row by row.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

FILLER = Path(__file__).with_name("backup_filler.py")
#: Tables that hold the schema's version, not rows of data: compared by name only.
MIGRATIONS = "django_migrations"


class Database:
    """A database of its own for a test, of the suite's kind; dropped at the end."""

    def __init__(self, tmp: Path, label: str) -> None:
        here = os.environ.get("DATABASE_URL", "")
        self.vendor = "postgresql" if here.startswith("postgres") else "sqlite"
        if self.vendor == "sqlite":
            self.path = tmp / f"{label}.sqlite3"
            self.url = f"sqlite:///{self.path}"
            return
        config = dj_database_url.parse(here)
        self.name = f"{config['NAME']}_{label}_{uuid.uuid4().hex[:6]}"
        self.server = (
            f"postgresql://{config['USER']}:{config['PASSWORD']}@{config['HOST']}:"
            f"{config['PORT'] or 5432}"
        )
        self.url = f"{self.server}/{self.name}"
        self._admin(f"CREATE DATABASE {self.name}")

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def cellops(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = os.environ | {"DATABASE_URL": self.url}
        done = subprocess.run(
            [sys.executable, "-m", "cellops.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check:
            assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.path)
        import psycopg

        return psycopg.connect(self.url)

    def tables(self) -> dict[str, list[tuple]]:
        """Every table's rows, in an order that does not depend on how they were written."""
        with self.connect() as conn:
            cursor = conn.cursor()
            if self.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            else:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            names = sorted(row[0] for row in cursor.fetchall())
            found = {}
            for name in names:
                if name == MIGRATIONS:
                    cursor.execute(f'SELECT app, name FROM "{name}" ORDER BY app, name')
                else:
                    cursor.execute(f'SELECT * FROM "{name}"')
                    width = len(cursor.description)
                    cursor.execute(
                        f'SELECT * FROM "{name}" ORDER BY '
                        + ", ".join(str(n) for n in range(1, width + 1))
                    )
                found[name] = cursor.fetchall()
            return found


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The demo agency with a row in every table, and its backup file."""
    tmp = tmp_path_factory.mktemp("backup")
    database = Database(tmp, "backup_source")
    database.cellops("migrate", "--noinput", "-v", "0")
    database.cellops("demo")
    database.cellops("shell", "-c", FILLER.read_text())
    file = tmp / "cellops.backup.gz"
    made = database.cellops("backup", str(file))
    yield database, file, made
    database.drop()


@pytest.fixture
def target(tmp_path):
    database = Database(tmp_path, "backup_target")
    yield database
    database.drop()


def test_a_restore_into_an_empty_database_gives_back_every_row_of_every_table(source, target):
    """Issue #13: backup, restore into a new database (migrated by the restore), same data."""
    original, file, made = source
    before = original.tables()
    assert len(before) >= 50
    assert [name for name, rows in before.items() if not rows] == []  # nothing to lose unseen
    restored = target.cellops("restore", str(file))
    assert (
        "restored" in restored.stdout
        and f"{sum(map(len, before.values())) - len(before[MIGRATIONS])} rows" in restored.stdout
    )
    after = target.tables()
    assert list(after) == list(before)
    for name, rows in before.items():
        assert after[name] == rows, f"{name} differs after the restore"
    assert "saved" in made.stdout


def test_restore_refuses_a_database_that_holds_data_exit_2_and_changes_nothing(source, target):
    """Restoring over data is refused unless told (--replace): exit 2 with the reason."""
    original, file, _ = source
    target.cellops("restore", str(file))
    target.cellops(
        "shell",
        "-c",
        "from cellops.org.models import Cell; Cell.objects.create(name='Extra', kind='dev')",
    )
    held = target.tables()
    refused = target.cellops("restore", str(file), check=False)
    assert refused.returncode == 2
    assert "not empty" in refused.stderr and "--replace" in refused.stderr
    assert target.tables() == held
    target.cellops("restore", "--replace", str(file))
    assert target.tables() == original.tables()


def test_restore_refuses_a_damaged_file_and_restores_nothing(source, target, tmp_path):
    """A file cut short loads nothing (one transaction) and exits 2."""
    _, file, _ = source
    whole = gzip.decompress(file.read_bytes()).decode()
    cut = tmp_path / "cut.gz"
    cut.write_bytes(gzip.compress(whole[: len(whole) * 2 // 3].encode()))
    refused = target.cellops("restore", str(cut), check=False)
    assert refused.returncode == 2 and "damaged" in refused.stderr, refused.stderr
    rows = target.tables()
    assert rows["auth_user"] == [] and rows["org_cell"] == []
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    refused = target.cellops("restore", str(not_a_backup), check=False)
    assert refused.returncode == 2 and "not a cellops backup" in refused.stderr


def test_restore_refuses_a_backup_made_at_other_migrations(source, target, tmp_path):
    """The schema must be the backup's: a file from another version is refused, exit 2."""
    _, file, _ = source
    lines = gzip.decompress(file.read_bytes()).decode().split("\n")
    header = json.loads(lines[0])
    header["migrations"].append(["sprints", "9999_from_the_future"])
    other = tmp_path / "future.gz"
    other.write_bytes(gzip.compress("\n".join([json.dumps(header), *lines[1:]]).encode()))
    refused = target.cellops("restore", str(other), check=False)
    assert refused.returncode == 2
    assert "sprints.9999_from_the_future" in refused.stderr


def test_backup_will_not_overwrite_a_file_unless_forced(source, tmp_path):
    original, file, _ = source
    refused = original.cellops("backup", str(file), check=False)
    assert refused.returncode == 2 and "--force" in refused.stderr
