"""Rows written straight into a table (``core.bulk``): keys reserved for them, and what they hold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.core.bulk import TableWriter, reserve_ids, reset_sequences
from gongkai.disclosure.models import Item, ItemState

pytestmark = pytest.mark.django_db


def test_reserved_keys_are_never_taken_by_an_ordinary_insert(region, make_item):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: the transaction that reserves the keys holds the write lock until it commits")
    before = make_item(title="关于做好春季农业生产工作的通知")
    keys = reserve_ids(Item, 3)
    assert len(set(keys)) == 3 and min(keys) > before.pk
    # On PostgreSQL the keys came from the sequence, so another session's insert meanwhile skips them.
    meanwhile = make_item(title="2026年第一季度财政预算执行情况")
    assert meanwhile.pk not in keys


def test_a_row_written_straight_into_the_table_reads_back_as_the_model_gives_it(region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    writer = TableWriter(Item, with_id=True)
    [pk] = reserve_ids(Item, 1)
    now = timezone.now()
    published_at = dt.datetime(2020, 3, 5, 12, 0, tzinfo=timezone.get_current_timezone())
    writer.insert(
        [
            writer.row(
                {
                    "id": pk,
                    "organization_id": region.column.organization_id,
                    "column_id": region.column.pk,
                    "title": "关于印发《宿州市城区停车场管理办法》的通知",
                    "date_formed": dt.date(2020, 3, 1),
                    "state": ItemState.PUBLISHED,
                    "published_at": published_at,
                    "author_id": region.editor.pk,
                    "index_number": "TEST-2020-00001",
                    "channels": ["网站"],
                    "created_at": now,
                    "updated_at": now,
                }
            )
        ]
    )
    reset_sequences([Item])
    item = Item.objects.get(pk=pk)
    assert item.published_at == published_at
    assert item.date_formed == dt.date(2020, 3, 1)
    assert item.channels == ["网站"]
    assert item.revision == 1 and item.validity == "valid"  # the fields' defaults
    assert item in Item.objects.public()
    # The next ordinary insert takes a key after it.
    other = Item.objects.create(
        organization=region.column.organization,
        column=region.column,
        title="关于开展2026年消防安全检查的通知",
        date_formed=dt.date(2026, 3, 1),
        author=region.editor,
    )
    assert other.pk > pk
