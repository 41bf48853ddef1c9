"""The frozen copy of a published version (``disclosure.revisions.revision_snapshot``): one copy,
the same whether it comes from a published item, an imported one or field values written in bulk."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.disclosure.models import ItemRevision, ItemState
from gongkai.disclosure.revisions import SNAPSHOT_FIELDS, revision_snapshot
from gongkai.disclosure.services import workflow
from gongkai.testing import advance_item

pytestmark = pytest.mark.django_db


def test_an_item_and_its_field_values_give_the_same_copy(make_item):
    item = make_item(state=ItemState.PUBLISHED)
    values = {name: getattr(item, name) for name in SNAPSHOT_FIELDS}
    copy = revision_snapshot(item)
    assert copy == revision_snapshot(values)
    assert copy["date_formed"] == item.date_formed.isoformat()
    assert copy["attachments"] == []
    # A field the bulk writer leaves out reads as empty.
    assert revision_snapshot({"title": "标题", "date_formed": dt.date(2026, 3, 2)})["summary"] == ""


def test_publishing_and_correcting_write_the_copy(region, make_item):
    item = make_item(state=ItemState.DRAFT)
    item = advance_item(region=region, item=item)
    first = ItemRevision.objects.get(item=item, number=1)
    assert first.snapshot == revision_snapshot(item)
    workflow.correct_item(actor=region.editor, item=item, fields={"title": "更正后的标题"}, note="更正标题。")
    second = ItemRevision.objects.get(item=item, number=2)
    assert second.snapshot["title"] == "更正后的标题"
    assert {k: v for k, v in second.snapshot.items() if k != "attachment_changes"} == revision_snapshot(item)
