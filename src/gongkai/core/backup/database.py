"""The database part of a backup: a consistent copy taken while the platform runs, and its restore.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the database page by page
under one read transaction; in WAL mode writers go on meanwhile. PostgreSQL: ``pg_dump -Fc`` (from
Debian's postgresql-client) under a snapshot exported from a REPEATABLE READ transaction, in which
the migration state and the row counts of the manifest are read too, so that all three describe the
same instant; restored with ``pg_restore`` in a single transaction.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from gongkai.core.backup.archive import ArchiveError

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


def engine() -> str:
    """``sqlite`` or ``postgresql``: the engine of the configured database."""
    if connection.vendor not in ("sqlite", "postgresql"):
        raise ArchiveError(f"不支持备份 {connection.vendor} 数据库（只支持 SQLite 和 PostgreSQL）。")
    return str(connection.vendor)


def _quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


def _state(cursor: Any, tables: list[str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Applied migrations per app and row counts per table, read through ``cursor``."""
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (names from the catalog)
        counts[table] = int(cursor.fetchone()[0])
    return migrations, counts


def dump(directory: Path) -> tuple[str, dict[str, list[str]], dict[str, int]]:
    """Write the database into ``directory``; return the file's name, the migrations applied and
    the row count of every table, all as of the copy."""
    if engine() == "sqlite":
        return _dump_sqlite(directory / SQLITE_FILE)
    return _dump_postgresql(directory / PG_FILE)


def _dump_sqlite(target: Path) -> tuple[str, dict[str, list[str]], dict[str, int]]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # type: ignore[union-attr]
        # The copy is a plain file (no -wal beside it), readable on its own.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        tables = [row[0] for row in cursor.fetchall()]
        migrations, counts = _state(cursor, tables)
    finally:
        copy.close()
    return SQLITE_FILE, migrations, counts


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ArchiveError(
            f"找不到 {name}：PostgreSQL 的备份与恢复需要 Debian 的 postgresql-client 软件包"
            "（apt-get install postgresql-client），其主版本不应低于数据库服务器的版本。"
        )
    return path


def _pg_env() -> dict[str, str]:
    """The libpq environment for the configured database (the password never on a command line)."""
    conf = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if conf.get(key):
            env[var] = str(conf[key])
    env["PGDATABASE"] = str(conf["NAME"])
    if (conf.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(conf["OPTIONS"]["sslmode"])
    return env


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ArchiveError(
            f"{what}失败（{Path(args[0]).name} 返回 {done.returncode}）：{done.stderr.strip()[-800:]}"
        )


def _dump_postgresql(target: Path) -> tuple[str, dict[str, list[str]], dict[str, int]]:
    pg_dump = _tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        migrations, counts = _state(cursor, connection.introspection.table_names(cursor))
        # pg_dump reads the database as this transaction sees it, while it stays open.
        _run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            "导出数据库（pg_dump）",
        )
    return PG_FILE, migrations, counts


def check_engine(archived_engine: str) -> None:
    """Refuse an archive of another engine (no conversion between SQLite and PostgreSQL)."""
    if archived_engine != engine():
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise ArchiveError(
            f"该备份来自 {names.get(archived_engine, archived_engine)} 数据库，当前配置的是 "
            f"{names[engine()]}：不能跨数据库恢复。请按备份时的配置（DATABASE_URL）恢复。"
        )


def load(path: Path, archived_engine: str) -> None:
    """Replace the configured database's content with the archive's copy at ``path``."""
    check_engine(archived_engine)
    if engine() == "sqlite":
        _load_sqlite(path)
    else:
        _load_postgresql(path)


def _load_sqlite(path: Path) -> None:
    target = str(connection.settings_dict["NAME"])
    connection.close()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    destination = sqlite3.connect(target, timeout=20)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _load_postgresql(path: Path) -> None:
    pg_restore = _tool("pg_restore")
    with connection.cursor() as cursor:
        # Tables the archive does not have (a newer installation's) would stay behind otherwise.
        tables = connection.introspection.table_names(cursor)
        if tables:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(_quote(t) for t in tables)} CASCADE")
    connection.close()
    args = [pg_restore, "--no-owner", "--no-privileges", "--clean", "--if-exists"]
    args += [
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
        str(path),
    ]
    _run(args, "恢复数据库（pg_restore）")


def current_state() -> tuple[dict[str, list[str]], dict[str, int]]:
    """The migrations applied and the row counts of the configured database, now."""
    with connection.cursor() as cursor:
        return _state(cursor, connection.introspection.table_names(cursor))


def unknown_migrations(archived: dict[str, list[str]]) -> list[str]:
    """Migrations applied in the archive that this code does not have (a newer schema)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(archived.items())
        for name in names
        if (app, name) not in known
    ]


def holds_data() -> bool:
    """Whether the database holds an installation: any account or any body (what ``gongkai setup``
    loads by itself, the shipped catalog templates and class lists, does not count)."""
    tables = set(connection.introspection.table_names())
    for model in (get_user_model(), apps.get_model("orgs", "Organization")):
        if model._meta.db_table in tables and model._base_manager.exists():
            return True
    return False


def table_fingerprints() -> dict[str, tuple[int, str]]:
    """Row count and a content hash of every table (rows in a canonical order): two databases of
    the same engine with equal fingerprints hold the same data."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = sorted(c.name for c in connection.introspection.get_table_description(cursor, table))
            cursor.execute(f"SELECT {', '.join(_quote(c) for c in columns)} FROM {_quote(table)}")  # noqa: S608
            rows = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)) for row in cursor
            )
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result
