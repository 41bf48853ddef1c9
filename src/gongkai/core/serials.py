"""Serial numbers without gaps or duplicates under any concurrency: 索引号 serials, request
registration numbers, letter numbers. One counter row per key (``core.SerialCounter``).

Both functions are one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement (per 400 keys):
it takes the row lock on PostgreSQL and runs inside SQLite's write lock, so concurrent callers
queue on the counter row; inside the caller's transaction a rollback also rolls back the serial,
so there are no gaps.
"""

from __future__ import annotations

from django.db import connection

from gongkai.core.models import SerialCounter

_BATCH = 400


class SerialOverflow(ValueError):
    """A counter would pass the largest serial its number format can show."""


def next_serial(key: str) -> int:
    """Take the next serial of the counter ``key`` (1 for a new counter)."""
    table = SerialCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, last_serial) VALUES (%s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key) DO UPDATE SET last_serial = {table}.last_serial + 1 RETURNING last_serial",
            [key],
        )
        return int(cursor.fetchone()[0])


def reserve_serials(
    counts: dict[str, int], *, at_least: dict[str, int] | None = None, limit: int | None = None
) -> dict[str, int]:
    """Reserve ``counts[key]`` consecutive serials of each counter; return the first of each.

    The batched :func:`next_serial`. ``at_least`` raises a counter to a floor first (imported
    legacy numbers must never be handed out again). ``limit``: the largest serial the caller's
    format can show; passing it raises :class:`SerialOverflow` (and the caller's transaction rolls
    the counters back).
    """
    table = SerialCounter._meta.db_table
    if at_least:
        keys = list(at_least)
        for start in range(0, len(keys), _BATCH):
            part = keys[start : start + _BATCH]
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
    for start in range(0, len(keys), _BATCH):
        part = keys[start : start + _BATCH]
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
                    raise SerialOverflow(f"计数器 {key} 将超过最大流水号 {limit}")
                first[key] = int(last) - counts[key] + 1
    return first
