"""Serial counters (``gongkai.core.serials``): 索引号, registration and letter numbers count on them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.core.models import SerialCounter
from gongkai.core.serials import SerialOverflow, next_serial, reserve_serials


@pytest.mark.django_db
def test_next_serial_counts_from_one_per_key() -> None:
    assert [next_serial("a"), next_serial("a"), next_serial("b"), next_serial("a")] == [1, 2, 1, 3]


@pytest.mark.django_db
def test_reserve_serials_raises_floors_and_refuses_past_the_limit() -> None:
    assert reserve_serials({"a": 3}, at_least={"a": 10, "b": 4}) == {"a": 11}
    assert next_serial("b") == 5
    with pytest.raises(SerialOverflow, match="计数器 a 将超过最大流水号 14"):
        reserve_serials({"a": 2}, limit=14)


@pytest.mark.django_db(transaction=True)
def test_the_index_counters_of_an_existing_installation_carry_on() -> None:
    """disclosure 0011 + core 0002 move the 索引号 counters to core without losing a serial."""
    before = [("disclosure", "0010_attachments_read_before_ocr"), ("core", "0001_rate_counter")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("disclosure", "IndexCounter")
    old.objects.create(key="11341300MB1234567X|2026|*", last_serial=41)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert SerialCounter.objects.get(key="11341300MB1234567X|2026|*").last_serial == 41
    assert next_serial("11341300MB1234567X|2026|*") == 42
