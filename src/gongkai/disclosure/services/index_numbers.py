"""Allocating 索引号 at publication: unique under any concurrency, gap-free, never changed (SPEC §2.2)."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from gongkai.core.conf import conf
from gongkai.disclosure.index_numbers import IndexPattern
from gongkai.disclosure.models import IndexCounter, Item


def pattern() -> IndexPattern:
    return IndexPattern(conf()["INDEX_NUMBER_PATTERN"])


def next_serial(key: str) -> int:
    """Take the next serial of a counter in one atomic statement.

    ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` takes the row lock on PostgreSQL and runs inside
    SQLite's write lock, so concurrent publishers queue on the counter row; because it runs in the
    publishing transaction, a publication that rolls back also rolls back its serial: no gaps.
    """
    table = IndexCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, last_serial) VALUES (%s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key) DO UPDATE SET last_serial = {table}.last_serial + 1 RETURNING last_serial",
            [key],
        )
        return int(cursor.fetchone()[0])


def allocate_index_number(item: Item, *, on: dt.date) -> str:
    """The item's 索引号 for publication on ``on``. Call inside the publishing transaction."""
    if item.index_number:
        return item.index_number  # never changes once assigned
    p = pattern()
    unit_code = item.organization.unit_code
    key = p.counter_key(unit_code=unit_code, year=on.year, month=on.month)
    serial = next_serial(key)
    return p.format(unit_code=unit_code, year=on.year, month=on.month, serial=serial)
