"""Database upkeep shared by the console commands and the demo generator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.conf import settings


def refresh_statistics() -> None:
    """Give the query planner current statistics (cheap: SQLite samples with an analysis limit).

    Without them, SQLite ignores the listing indexes and walks every item for a column page or a
    search-result lookup (measured: 400 ms instead of 4 ms at 1M items, docs/PERFORMANCE.md).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        elif not connection.in_atomic_block:
            # After a bulk load PostgreSQL's visibility map is empty until autovacuum comes by, so an
            # index-only count still reads every row's page: VACUUM sets it (measured at 1M items:
            # a body's catalog 72 → 39 ms, a column's capped count 11–33 → 1–3 ms of SQL).
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")  # VACUUM cannot run inside a transaction


@contextmanager
def prepared_cursor(connection: Any) -> Iterator[Any]:
    """A cursor whose statements PostgreSQL prepares once per connection and then only executes.

    For the few hot queries whose plan costs more than their execution: the item page's query joins
    seven relations, and PostgreSQL took 3.1 ms to plan it against 0.2 ms to run it. Django binds
    parameters on the client and prepares nothing (``prepare_threshold`` unset, for the sake of
    connection poolers), so every page planned it again. This cursor binds on the server and asks
    psycopg to prepare; psycopg keeps the statement per connection, and after five runs PostgreSQL
    keeps one generic plan (measured: ``public_item`` 5.1 ms → 0.9 ms on PostgreSQL 15). The
    cursor goes through Django's wrapper, so query logging and execute wrappers see it. Elsewhere
    (SQLite, or ``GONGKAI_PG_PREPARED=off`` behind a pooler in transaction mode that cannot keep
    prepared statements) it is an ordinary cursor.
    """
    if connection.vendor != "postgresql" or not settings.GONGKAI.get("PG_PREPARED", True):
        with connection.cursor() as cursor:
            yield cursor
        return
    # What Django's own ``connection.cursor()`` does (health check, connect, the cursor's time zone,
    # its wrapper), with a cursor class that binds on the server and prepares.
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _preparing_cursor_class()(connection.connection)
        if (
            connection.timezone
            != connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone
        ):
            register_tzloader(connection.timezone, raw)
    cursor = connection._prepare_cursor(raw)  # Django's wrapper: logging, execute wrappers, errors
    try:
        yield cursor
    finally:
        cursor.close()


@cache
def _preparing_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):  # type: ignore[misc,valid-type]
        def execute(
            self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: Any = None
        ) -> Any:
            return super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]

    return PreparingCursor
