"""Writing the same fields of many rows back at once.

``update_fields(objs, names)`` sends one parameterized ``UPDATE … SET … WHERE id = %s`` with
``executemany``. Django's ``bulk_update`` builds one ``CASE WHEN id = … THEN …`` expression per
column and batch, which grows quadratically with the batch and spends most of its time building the
expressions in Python: at 100,000 open requests it was 8× slower (docs/PERFORMANCE.md), and it was
most of re-scoring a province's round of 1,000 bodies.

No signals are sent and no ``auto_now`` field is touched, as with ``bulk_update``.

``reset_sequences(models)`` moves each model's key sequence past its highest key, after rows were
written under keys of their own (a bulk import, a portal host applying the staff side's rows).
PostgreSQL's sequences do not follow such writes, so the next ordinary insert would take a key in
use; SQLite's AUTOINCREMENT already does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connections, router
from django.db.models import Model


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
