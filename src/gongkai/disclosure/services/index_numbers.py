"""Allocating 索引号 at publication: unique under any concurrency, gap-free, never changed (SPEC §2.2)."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from gongkai.core.conf import conf
from gongkai.disclosure.index_numbers import IndexPattern, SerialOverflow
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


def reserve_index_serials(
    counts: dict[str, int], *, at_least: dict[str, int] | None = None
) -> dict[str, int]:
    """Reserve ``counts[key]`` consecutive serials of each 索引号 counter; return the first of each.

    The batched equivalent of ``services.index_numbers.next_serial``: one ``INSERT … ON CONFLICT DO
    UPDATE … RETURNING`` statement per 400 counters, so the counter rows are locked and advanced
    atomically and, inside the caller's transaction, roll back with it (no gaps, no duplicates).
    ``at_least`` raises a counter to a floor first (kept legacy numbers must never be handed out again).
    """
    table = IndexCounter._meta.db_table
    if at_least:
        keys = list(at_least)
        for start in range(0, len(keys), 400):
            part = keys[start : start + 400]
            values = ", ".join(["(%s, %s)"] * len(part))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (key, last_serial) VALUES {values} "  # noqa: S608 - our table
                    f"ON CONFLICT (key) DO UPDATE SET last_serial = CASE WHEN {table}.last_serial "
                    f"> excluded.last_serial THEN {table}.last_serial ELSE excluded.last_serial END",
                    [p for key in part for p in (key, at_least[key])],
                )
    first: dict[str, int] = {}
    keys = [key for key, n in counts.items() if n > 0]
    limit = pattern().max_serial
    for start in range(0, len(keys), 400):
        part = keys[start : start + 400]
        values = ", ".join(["(%s, %s)"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, last_serial) VALUES {values} "  # noqa: S608 - our table
                f"ON CONFLICT (key) DO UPDATE SET last_serial = {table}.last_serial + excluded.last_serial "
                "RETURNING key, last_serial",
                [p for key in part for p in (key, counts[key])],
            )
            for key, last in cursor.fetchall():
                if limit is not None and last > limit:
                    raise SerialOverflow(f"索引号计数器 {key} 将超过最大流水号 {limit}")
                first[key] = int(last) - counts[key] + 1
    return first
