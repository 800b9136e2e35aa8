"""Backups: every table of the database to one file, and back (decision 0036).

A backup is a gzip-compressed file of JSON lines:

- a header: `{"cellops_backup": 1, "vendor": …, "made": …, "migrations": [[app, name], …],
  "tables": [{"table", "model", "columns", "rows"}, …]}`;
- then, for each table in the header's order, a line `{"table": NAME}` followed by one JSON
  array per row, its values in the header's column order.

Rows are read through each model's fields (their own conversions: decimals, dates,
JSON, binary), so a file made on PostgreSQL restores on SQLite and back. The read is
one transaction (on PostgreSQL a read-only REPEATABLE READ snapshot): a backup taken
while cellops serves is consistent. A restore is one transaction too: it loads the
whole file or nothing, then moves the id sequences past the restored ids.

Every table of an installed model is saved (sessions, tasks and login attempts too);
`django_migrations` is not a table of rows but the schema's version: the header
records it and a restore refuses a file made at other migrations.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_string

FORMAT = 1
BATCH = 2000
#: Tables `cellops migrate` fills by itself: a database holding only these is empty.
MADE_BY_MIGRATE = frozenset(
    {
        "django_content_type",
        "auth_permission",
        "checklists_checklisttemplate",
        "checklists_templateitem",
        # the monthly invoice drafting that `cellops migrate` queues (decision 0056)
        "billing_scheduleddraft",
        "django_tasks_database_dbtaskresult",
        # the rejection e-mails' wording the recruitment migration seeds (decision 0053)
        "recruitment_rejectiontemplate",
        "recruitment_interviewscript",
    }
)

#: Audit entries the seeding migrations write: they do not make a database hold data.
SEED_ACTIONS = ("checklists.template_seed",)

Progress = Callable[[int, int], None] | None


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    table: str
    model: type[models.Model]
    fields: tuple[models.Field, ...]

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]


def tables() -> list[Table]:
    """Every table of an installed, managed, concrete model (many-to-many ones too)."""
    seen: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen[meta.db_table] = Table(meta.db_table, model, tuple(meta.concrete_fields))
    return sorted(seen.values(), key=lambda t: t.table)


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def counts() -> dict[str, int]:
    """Rows in each table (only the tables that exist)."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        found = {}
        for table in tables():
            if table.table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table.table)}")
                found[table.table] = cursor.fetchone()[0]
    return found


def holding_rows() -> dict[str, int]:
    """The tables with rows that `cellops migrate` did not put there."""
    found = {t: n for t, n in counts().items() if n and t not in MADE_BY_MIGRATE}
    if "core_auditentry" in found:
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(SEED_ACTIONS))
            cursor.execute(
                f"SELECT COUNT(*) FROM core_auditentry WHERE action NOT IN ({marks})",
                SEED_ACTIONS,
            )
            found["core_auditentry"] = cursor.fetchone()[0]
    return {t: n for t, n in found.items() if n}


# --- writing ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _row(values: tuple, json_columns: frozenset[int]) -> str:
    return json.dumps(
        [v if n in json_columns else _plain(v) for n, v in enumerate(values)],
        ensure_ascii=False,
        separators=(",", ":"),
        default=_plain,
    )


def write(path: Path, progress: Progress = None) -> dict[str, int]:
    """Save every table to `path`; returns the rows saved per table."""
    if not applied_migrations():
        raise BackupError("the database has no tables yet: run `cellops migrate` first")
    nested = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not nested:
            connection.cursor().execute(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
            )
        found = counts()
        every = tables()
        missing = [t.table for t in every if t.table not in found]
        if missing:
            raise BackupError(
                f"tables {', '.join(missing)} are missing: run `cellops migrate` first"
            )
        total = sum(found.values())
        header = {
            "cellops_backup": FORMAT,
            "vendor": connection.vendor,
            "made": datetime.now().astimezone().isoformat(),
            "migrations": applied_migrations(),
            "tables": [
                {
                    "table": t.table,
                    "model": t.model._meta.label,
                    "columns": t.columns,
                    "rows": found[t.table],
                }
                for t in every
            ],
        }
        done = 0
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=5) as out:
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in every:
                out.write(json.dumps({"table": table.table}) + "\n")
                json_columns = frozenset(
                    n for n, f in enumerate(table.fields) if isinstance(f, models.JSONField)
                )
                rows = (
                    table.model._base_manager.order_by("pk")
                    .values_list(*(f.attname for f in table.fields))
                    .iterator(chunk_size=BATCH)
                )
                for values in rows:
                    out.write(_row(values, json_columns) + "\n")
                    done += 1
                    if progress and done % BATCH == 0:
                        progress(done, total)
        if progress:
            progress(done, total)
    return found


# --- reading ---------------------------------------------------------------------------


def read_header(path: Path) -> dict[str, Any]:
    with _open(path) as stream:
        return _header(stream, path)


def _open(path: Path) -> IO[str]:
    try:
        return gzip.open(path, "rt", encoding="utf-8")
    except OSError as exc:
        raise BackupError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def _header(stream: IO[str], path: Path) -> dict[str, Any]:
    try:
        header = json.loads(stream.readline())
    except (OSError, EOFError, UnicodeDecodeError, ValueError):
        raise BackupError(
            f"{path}: this is not a cellops backup (made by `cellops backup`)"
        ) from None
    if not isinstance(header, dict) or header.get("cellops_backup") != FORMAT:
        raise BackupError(f"{path}: this is not a cellops backup (made by `cellops backup`)")
    return header


def _converters(fields: list[models.Field]) -> list[Callable[[Any], Any]]:
    def convert(field: models.Field) -> Callable[[Any], Any]:
        if isinstance(field, models.JSONField):
            return lambda v: field.get_db_prep_save(v, connection)
        return lambda v: field.get_db_prep_save(field.to_python(v), connection)

    return [convert(f) for f in fields]


def restore(path: Path, *, replace: bool = False, progress: Progress = None) -> dict[str, int]:
    """Load `path` into this database, whole or not at all; see `_restore`."""
    try:
        return _restore(path, replace=replace, progress=progress)
    except (OSError, EOFError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise BackupError(f"{path}: the file is damaged ({exc}); nothing was restored") from None


def _restore(path: Path, *, replace: bool, progress: Progress) -> dict[str, int]:
    """Load `path` into this database, whole or not at all; returns the rows per table.

    The database is migrated first if it has no tables. It must be at the backup's
    migrations and empty (only what `cellops migrate` puts there) unless `replace`,
    which deletes every row first, in the same transaction."""
    with _open(path) as stream:
        header = _header(stream, path)
        if not applied_migrations():
            call_command("migrate", verbosity=0, interactive=False)
        _same_migrations(header["migrations"])
        by_table = {t.table: t for t in tables()}
        unknown = [t["table"] for t in header["tables"] if t["table"] not in by_table]
        if unknown:
            raise BackupError(f"{path}: tables {', '.join(unknown)} are not cellops'")
        full = holding_rows()
        if full and not replace:
            listed = ", ".join(f"{t} ({n})" for t, n in sorted(full.items())[:5])
            raise BackupError(
                f"the database is not empty: {len(full)} tables hold rows ({listed}"
                f"{', …' if len(full) > 5 else ''}); restore into an empty database, "
                "or pass --replace to delete everything in it first"
            )
        total = sum(t["rows"] for t in header["tables"])
        loaded: dict[str, int] = {}
        with transaction.atomic():
            _empty(list(by_table))
            done = 0
            for described in header["tables"]:
                done = _load(
                    stream, path, described, by_table[described["table"]], done, total, progress
                )
                loaded[described["table"]] = described["rows"]
            if stream.readline():
                raise BackupError(
                    f"{path}: there is more after the last table; the file is damaged"
                )
            _move_sequences([by_table[t].model for t in loaded])
        if progress:
            progress(done, total)
    return loaded


def _same_migrations(recorded: list[list[str]]) -> None:
    here = applied_migrations()
    if sorted(map(list, recorded)) == here:
        return
    theirs, ours = {tuple(m) for m in recorded}, {tuple(m) for m in here}
    newer = sorted(f"{a}.{n}" for a, n in theirs - ours)
    older = sorted(f"{a}.{n}" for a, n in ours - theirs)
    said = []
    if newer:
        said.append(f"the backup has migrations this database lacks ({', '.join(newer[:5])})")
    if older:
        said.append(f"this database has migrations the backup lacks ({', '.join(older[:5])})")
    raise BackupError(
        "; ".join(said) + ". Restore with the cellops version that made the backup, into a "
        "database migrated by it, then upgrade (`cellops migrate`)"
    )


def _empty(names: list[str]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(quote(n) for n in names)} CASCADE")
            return
        for name in names:
            cursor.execute(f"DELETE FROM {quote(name)}")


def _load(
    stream: IO[str],
    path: Path,
    described: dict,
    table: Table,
    done: int,
    total: int,
    progress: Progress,
) -> int:
    name = described["table"]
    if json.loads(stream.readline() or "null") != {"table": name}:
        raise BackupError(f"{path}: the rows of {name} are not where the header says")
    by_column = {f.column: f for f in table.fields}
    try:
        fields = [by_column[c] for c in described["columns"]]
    except KeyError as exc:
        raise BackupError(f"{path}: {name} has no column {exc.args[0]} here") from None
    convert = _converters(fields)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(name)} ({', '.join(quote(c) for c in described['columns'])})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
    )
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for _ in range(described["rows"]):
            line = stream.readline()
            if not line:
                raise BackupError(f"{path}: the file ends inside {name}; it is damaged")
            values = json.loads(line)
            batch.append([c(v) for c, v in zip(convert, values, strict=True)])
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total)
        if batch:
            cursor.executemany(sql, batch)
            done += len(batch)
    return done


def _move_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
