"""The transactional outbox and the public search glue (Django side of search)."""

from __future__ import annotations

import pytest

from gongkai.disclosure.models import ItemState
from gongkai.disclosure.services import workflow
from gongkai.search.engine import SearchQuery
from gongkai.search.indexer import drain_outbox, rebuild_index, search_public
from gongkai.search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def test_publication_writes_outbox_in_same_transaction(make_item):
    item = make_item()
    assert OutboxEntry.objects.filter(item_id=item.pk).exists()
    assert drain_outbox() >= 1
    assert not OutboxEntry.objects.exists()


def test_two_character_word_found_inside_longer_words(make_item):
    make_item(title="宿州市2026年部门预算公开说明", body="<p>按照预算法要求公开部门预算。</p>")
    drain_outbox()
    results = search_public(SearchQuery(text="预算"))
    assert results.total == 1
    assert "<mark>预算</mark>" in results.hits[0].title_html


def test_withdrawn_item_disappears_even_before_reindex(region, make_item):
    item = make_item(title="扶贫资金分配结果公示")
    drain_outbox()
    workflow.withdraw_item(actor=region.signer, item=item, reason="数据有误")
    # The index still holds the document (outbox not drained), but nothing is shown.
    assert search_public(SearchQuery(text="扶贫")).hits == []
    drain_outbox()
    assert search_public(SearchQuery(text="扶贫")).total == 0


def test_snippets_come_from_current_version(region, make_item):
    item = make_item(title="关于调整公交线路的通告", body="<p>旧线路途经解放路。</p>")
    drain_outbox()
    workflow.correct_item(
        actor=region.signer, item=item, fields={"body": "<p>新线路途经人民路。</p>"}, note="线路描述更正"
    )
    hit = search_public(SearchQuery(text="公交")).hits[0]
    assert "解放路" not in hit.snippet_html
    assert "人民路" in hit.snippet_html


def test_non_public_items_never_indexed(make_item):
    make_item(title="依申请公开的预算明细", disclosure_attribute="on_request")
    make_item(title="内部预算安排", scope="internal")
    make_item(title="预算草稿", state=ItemState.DRAFT)
    drain_outbox()
    assert rebuild_index() == 0
    assert search_public(SearchQuery(text="预算")).total == 0


def test_parallel_rebuild_indexes_the_same(make_item, monkeypatch):
    from gongkai.search import indexer

    make_item(title="2026年城乡居民医疗保险缴费标准", body="<p>居民医保个人缴费标准调整。</p>")
    make_item(title="关于扶贫项目资金公示的通知")
    monkeypatch.setattr(indexer, "PARALLEL_REBUILD_MIN", 0)
    assert rebuild_index() == 2
    assert search_public(SearchQuery(text="医保")).total == 1
    assert search_public(SearchQuery(text="扶贫")).total == 1


def test_a_large_round_of_the_outbox_segments_in_workers_and_indexes_the_same(region, make_item, monkeypatch):
    from gongkai.search import indexer

    kept = make_item(title="2026年城乡居民医疗保险缴费标准", body="<p>居民医保个人缴费标准调整。</p>")
    withdrawn = make_item(title="关于扶贫项目资金公示的通知")
    drain_outbox()
    workflow.withdraw_item(actor=region.signer, item=withdrawn, reason="数据有误")
    make_item(title="宿州市2026年部门预算公开说明", body="<p>按照预算法要求公开部门预算。</p>")
    # The same item twice in one round: one document.
    OutboxEntry.objects.bulk_create([OutboxEntry(item_id=kept.pk), OutboxEntry(item_id=kept.pk)])
    monkeypatch.setattr(indexer, "PARALLEL_DRAIN_MIN", 1)
    # Keys per IN list smaller than the round, so the round reads its items in several windows.
    monkeypatch.setattr(indexer, "_IN_CHUNK", 1)
    assert drain_outbox() == 4
    assert not OutboxEntry.objects.exists()
    assert search_public(SearchQuery(text="医保")).total == 1
    assert search_public(SearchQuery(text="预算")).total == 1
    assert indexer.engine().search(SearchQuery(text="扶贫")).total == 0  # the withdrawal reached the index
    assert indexer.engine().num_docs() == 2
