"""``core.database.refresh_statistics``: after a bulk load (the demo, a legacy import) the planner
gets statistics, and on PostgreSQL the visibility map its index-only counts need."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from gongkai.core.database import refresh_statistics
from gongkai.testing import make_item


def _all_visible_pages() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'disclosure_item'")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_statistics_are_refreshed_and_postgresql_vacuums_outside_a_transaction(region, clock):
    make_item(region=region, title="关于统计信息的通知")
    with transaction.atomic():
        refresh_statistics()  # inside a transaction: ANALYZE only (VACUUM would be refused)
    refresh_statistics()
    if connection.vendor == "postgresql":
        assert _all_visible_pages() > 0  # VACUUM set the visibility map
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1")
            assert cursor.fetchone()[0] > 0
