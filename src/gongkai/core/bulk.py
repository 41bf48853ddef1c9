"""Writing the same fields of many rows back at once.

``update_fields(objs, names)`` sends one parameterized ``UPDATE … SET … WHERE id = %s`` with
``executemany``. Django's ``bulk_update`` builds one ``CASE WHEN id = … THEN …`` expression per
column and batch, which grows quadratically with the batch and spends most of its time building the
expressions in Python: at 100,000 open requests it was 8× slower (docs/PERFORMANCE.md), and it was
most of re-scoring a province's round of 1,000 bodies.

No signals are sent and no ``auto_now`` field is touched, as with ``bulk_update``.

``TableWriter(model)`` inserts rows given as field values straight into a model's table, and
``reserve_ids(model, n)`` hands out keys for rows written that way.

``reset_sequences(models)`` moves each model's key sequence past its highest key, after rows were
written under keys of their own (a bulk import, a portal host applying the staff side's rows).
PostgreSQL's sequences do not follow such writes, so the next ordinary insert would take a key in
use; SQLite's AUTOINCREMENT already does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, connections, router
from django.db.models import Max, Model


def update_fields(objs: Sequence[Model], names: Sequence[str]) -> int:
    """Write the fields ``names`` of every object in ``objs`` (all of one model) to its row.
    Returns the number of objects written."""
    if not objs:
        return 0
    model = type(objs[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields: list[Any] = [meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = quote(str(meta.pk.column))  # type: ignore[union-attr]
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - our names
    rows = [[f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields] + [o.pk] for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(objs)


def reset_sequences(models: Sequence[type[Model]]) -> None:
    """Set each model's key sequence past its highest key (PostgreSQL; SQLite needs nothing)."""
    for model in models:
        connection = connections[router.db_for_write(model)]
        statements = connection.ops.sequence_reset_sql(no_style(), [model])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def reserve_ids(model: type[Model], n: int) -> list[int]:
    """``n`` primary keys for rows about to be written under keys of their own (:class:`TableWriter`).

    On PostgreSQL they are taken from the key's sequence, so an ordinary insert by another session
    meanwhile never takes one of them. On SQLite they follow the highest key: call it inside the
    transaction that writes the rows. The installation's SQLite transactions begin IMMEDIATE
    (settings), so the transaction holds the write lock from its start to its commit and no other
    writer can come between; AUTOINCREMENT then moves past the keys by itself."""
    if n <= 0:
        return []
    table = model._meta.db_table
    pk_column = str(model._meta.pk.column)  # type: ignore[union-attr]
    db = connections[router.db_for_write(model)]
    if db.vendor == "postgresql":
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, n],
            )
            return sorted(row[0] for row in cursor.fetchall())
    first = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
    return list(range(first, first + n))


class TableWriter:
    """Rows straight into one model's table: every concrete column, defaults filled in, values in
    the form the database takes them; ``COPY`` on PostgreSQL, ``executemany`` elsewhere. Building
    model instances and compiling ``bulk_create`` statements costs more than the writing itself at
    a million rows (the demo's million items, a legacy catalog's import).

    No signals, no ``save()``, no ``auto_now``: the caller gives every value that is not the
    field's default, ``created_at`` and ``updated_at`` included."""

    def __init__(self, model: type[Model], *, with_id: bool) -> None:
        self.table = model._meta.db_table
        # generated columns (``Item.metadata_gaps``) are the database's to write
        self.fields = [
            f for f in model._meta.concrete_fields if (with_id or not f.primary_key) and not f.generated
        ]
        self.names = [f.attname for f in self.fields]
        self.position = {name: i for i, name in enumerate(self.names)}
        sqlite = connection.vendor == "sqlite"
        self.adapters: list[Callable[[Any], Any] | None] = []
        self.defaults: list[Any] = []
        for f in self.fields:
            kind = f.get_internal_type()
            adapt: Callable[[Any], Any] | None
            if kind == "DateField":
                adapt = dt.date.isoformat if sqlite else None
            elif kind == "DateTimeField":
                adapt = _sqlite_datetime if sqlite else None
            elif kind == "JSONField":
                adapt = _json_text
            else:
                adapt = None
            self.adapters.append(adapt)
            default = None if f.primary_key or (not f.has_default() and f.null) else f.get_default()
            self.defaults.append(adapt(default) if adapt and default is not None else default)

    def row(self, values: dict[str, Any]) -> list[Any]:
        out = []
        for name, adapt, default in zip(self.names, self.adapters, self.defaults, strict=True):
            if name in values:
                value = values[name]
                out.append(adapt(value) if adapt is not None and value is not None else value)
            else:
                out.append(default)
        return out

    def insert(self, rows: list[list[Any]]) -> None:
        quote = connection.ops.quote_name
        table = quote(self.table)
        columns = ", ".join(quote(str(f.column)) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _sqlite_datetime(value: dt.datetime) -> str:
    # What Django's SQLite backend stores with USE_TZ: naive UTC in ISO format with a space.
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _json_text(value: Any) -> str:
    # UTF-8 rather than \uXXXX escapes, which would double the size of every snapshot on SQLite.
    return json.dumps(value, ensure_ascii=False)
