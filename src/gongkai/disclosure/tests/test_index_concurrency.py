"""索引号 under concurrency (docs/SPEC.md §2.2): unique under any concurrency, no duplicate, no gap.

Twenty threads, each with its own database connection, sign (and so publish) twenty items of the
same body at the same moment. Runs on PostgreSQL, where connections really run in parallel; on
SQLite the write lock serializes publishers anyway and the test is skipped.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.services import workflow

N = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_publications_get_distinct_gap_free_numbers(region, make_item, today):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections need PostgreSQL")
    ids = [make_item(state=ItemState.SIGNOFF, title=f"并发发布测试{i}").pk for i in range(N)]
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def publish(pk: int) -> None:
        try:
            item = Item.objects.get(pk=pk)
            barrier.wait(timeout=30)
            workflow.sign_item(actor=region.signer, item=item)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    numbers = list(Item.objects.filter(pk__in=ids).values_list("index_number", flat=True))
    assert len(set(numbers)) == N
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert serials == list(range(1, N + 1))
    assert all(n.startswith(f"{region.dept.unit_code}/{today.year}-") for n in numbers)


@pytest.mark.django_db
def test_index_number_never_changes_after_correction_or_withdrawal(region, make_item):
    item = make_item()
    number = item.index_number
    workflow.correct_item(actor=region.signer, item=item, fields={"summary": "更正后的概述"}, note="概述更正")
    workflow.withdraw_item(actor=region.signer, item=item, reason="已被新文件替代")
    item.refresh_from_db()
    assert item.index_number == number
