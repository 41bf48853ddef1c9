"""The Django side of search: turning items into index documents, draining the outbox into the
engine, rebuilding, and answering the portal's queries from the public queryset only.

The engine (``gongkai.search.engine``) ranks and returns ids. Everything shown to a visitor —
title, snippet, metadata — is then read from ``Item.objects.public()`` and highlighted here, so a
hit whose item stopped being public a moment ago, or whose text was corrected, can never show
anything the public may not see (issue: "never a leak", earlier versions included).

Totals follow the same rule: every public query asks the engine only for items still public today
(``visible_on``: the indexed 限时公开 end date), and a page whose hits the database no longer
shows lowers the total by as many, so no total counts an item the public cannot see.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core import public_deps
from gongkai.core.conf import conf
from gongkai.core.public_changes import purge_public_tags
from gongkai.disclosure.legal import Duration
from gongkai.disclosure.models import Item
from gongkai.search import vocabulary
from gongkai.search.engine import (
    IndexDoc,
    IndexLockedError,
    SearchEngine,
    SearchQuery,
    all_words_of,
    gram_words_of,
    highlight,
    hot_words_of,
    snippet,
    text_words_of,
)
from gongkai.search.models import OutboxEntry
from gongkai.search.numbers import (
    looks_like_doc_number,
    looks_like_index_number,
    normalize_doc_number,
    normalize_index_number,
)
from gongkai.search.segment import segment_for_index

log = logging.getLogger(__name__)

_engines: dict[str, SearchEngine] = {}
#: Above this many public items a rebuild segments text in worker processes.
PARALLEL_REBUILD_MIN = 20_000
#: A round of the outbox with this many entries or more (a legacy catalog's import, a body's
#: catalog republished) segments its text in worker processes too.
PARALLEL_DRAIN_MIN = 2_000


def engine() -> SearchEngine:
    """This process's reader of the index (one per index directory)."""
    path = str(conf()["SEARCH_DIR"])
    if path not in _engines:
        _engines[path] = SearchEngine(path, store_text=False)
    return _engines[path]


def _writer_engine() -> SearchEngine:
    # Writers are short-lived and use a small heap, so that any process can take the lock briefly.
    # No stored text: the portal highlights from the database (search_public), never from the index.
    return SearchEngine(
        conf()["SEARCH_DIR"], writer_heap_bytes=32 * 1024 * 1024, writer_threads=1, store_text=False
    )


def item_to_doc(item: Item, attachment_text: str | None = None) -> IndexDoc:
    if attachment_text is None:
        attachment_text = "\n".join(a.text for a in item.attachments.all())
    column_ids = [item.column_id, *[c.pk for c in item.also_in.all()]]
    org = item.organization
    return IndexDoc(
        id=item.pk,
        title=item.title,
        body="\n".join(p for p in (item.summary, item.body_text) if p),
        attachments=attachment_text,
        org_id=item.organization_id,
        column_ids=column_ids,
        topic_class_id=item.topic_id,
        genre_class_id=item.genre_id,
        audience_class_id=item.audience_id,
        published=item.published_date,
        doc_number=item.document_number,
        index_number=item.index_number or "",
        # Found but never shown: the 主题词 and the publishing body's names.
        extra="\n".join(p for p in (item.keywords, org.name, org.short_name) if p),
        validity=item.validity,  # type: ignore[arg-type]
        public_until=item.public_until if item.duration == Duration.LIMITED else None,
    )


def _public_docs(ids: Iterable[int] | None = None, chunk: int = 2000) -> Iterator[IndexDoc]:
    qs = (
        Item.objects.public()
        .order_by("pk")
        .select_related("organization")
        .prefetch_related("attachments", "also_in")
    )
    if ids is not None:
        wanted = sorted(ids)
        for start in range(0, len(wanted), _IN_CHUNK):
            yield from (item_to_doc(i) for i in qs.filter(pk__in=wanted[start : start + _IN_CHUNK]))
        return
    # Walk the primary key in windows: each query is a range scan of the primary key, whatever
    # the planner thinks of the public() conditions (a "pk > last LIMIT n" query made SQLite sort
    # the whole public set for every chunk at 1M items).
    top = Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for start in range(0, top, chunk):
        yield from (item_to_doc(i) for i in qs.filter(pk__gt=start, pk__lte=start + chunk))


def drain_outbox(*, limit: int = 10_000, wait: bool = True, purge_search: bool = False) -> int:
    """Apply pending outbox entries to the index. Returns how many entries were handled.

    With ``wait=False`` the call gives up at once when another process holds the writer lock (the
    web process after a commit does this; the worker will do the job). ``purge_search`` (the
    worker): purge the cached search pages after the index commit (see below). A round of
    :data:`PARALLEL_DRAIN_MIN` entries or more segments in worker processes, one per CPU, while
    this process reads the items and feeds the index writer (segmentation is most of the work:
    docs/PERFORMANCE.md, "Import").
    """
    entries = list(OutboxEntry.objects.order_by("pk").values_list("pk", "item_id")[:limit])
    if not entries:
        return 0
    ids = {item_id for _, item_id in entries}
    # Segment with the current vocabulary, the 主题词 of these items included.
    vocabulary.ensure_current()
    vocabulary.add_subject_words(
        Item.objects.filter(pk__in=ids).exclude(keywords="").values_list("keywords", flat=True)
    )
    w = _writer_engine()
    pool = None
    try:
        docs: Iterable[IndexDoc] = _public_docs(ids)
        if len(ids) >= PARALLEL_DRAIN_MIN and (os.cpu_count() or 1) > 1:
            pool = multiprocessing.get_context("fork").Pool(os.cpu_count())
            docs = _segment_in(pool, docs)
        public_ids: set[int] = set()
        try:
            w.upsert(_noting(docs, public_ids))
            w.delete(ids - public_ids)
            w.commit()
        except IndexLockedError:
            if not wait:
                return 0
            raise
    finally:
        w.close()
        if pool is not None:
            pool.terminate()
    done = [pk for pk, _ in entries]
    for start in range(0, len(done), _IN_CHUNK):
        OutboxEntry.objects.filter(pk__in=done[start : start + _IN_CHUNK]).delete()
    # This process's reader would see the commit only after tantivy's reload delay; start afresh.
    _engines.clear()
    if purge_search:
        # The change's commit purged the search pages, but one rendered since, in any process, was
        # read from the index before this commit: the worker applies entries the changing process
        # could not (the lock was taken), seconds later, so purge them again now that the index holds
        # the change (only what is added may be late; a hit no longer public is never shown anyway).
        purge_public_tags({public_deps.SEARCH}, removal=False)
    return len(entries)


#: Keys per ``IN (…)`` list: under SQLite's limit of bound parameters, and a plan PostgreSQL
#: makes quickly.
_IN_CHUNK = 2000


def _noting(docs: Iterable[IndexDoc], ids: set[int]) -> Iterator[IndexDoc]:
    for d in docs:
        ids.add(d.id)
        yield d


def run_worker(*, forever: bool = False, interval: float = 1.0) -> None:
    """The index writer process: drain the outbox, then (with ``forever``) keep polling.

    Each round also applies the 限时公开 endings that have come
    (``core.public_changes.apply_due_expiries``: one date comparison while the day is unchanged),
    so an ended item leaves the index and the published pages within a round of its end, even
    when no visitor asks for a page. An index that is missing or of an older schema (an upgrade)
    is rebuilt from the database first.
    """
    from gongkai.core.public_changes import apply_due_expiries

    if not _writer_engine().exists():
        log.warning("search index missing or outdated: rebuilding it from the database")
        try:
            rebuild_index()
        except IndexLockedError:
            log.info("search index locked by another process; not rebuilt")
    while True:
        try:
            apply_due_expiries()
        except Exception:  # a failing sweep must not stop the writer; the next round retries
            log.exception("applying 限时公开 endings failed")
        try:
            while drain_outbox(wait=True, purge_search=True):
                pass
        except IndexLockedError:
            log.info("search index locked by another process; retrying")
        if not forever:
            return
        time.sleep(interval)


def rebuild_index(*, progress: bool = False) -> int:
    """Rebuild the whole index from the database in one commit."""
    from tqdm import tqdm

    total = Item.objects.public().count()
    # Every item is segmented with the current vocabulary, every public item's 主题词 included
    # (loaded before the worker processes fork, so they segment with it too).
    vocabulary.ensure_current()
    vocabulary.add_subject_words(
        Item.objects.public().exclude(keywords="").values_list("keywords", flat=True).iterator()
    )
    docs: Iterable[IndexDoc] = _public_docs()
    pool = None
    if total > PARALLEL_REBUILD_MIN and (os.cpu_count() or 1) > 1:
        # Word segmentation is most of the work: do it in worker processes while this process reads
        # the database and feeds the index writer.
        pool = multiprocessing.get_context("fork").Pool(os.cpu_count())
        docs = _segment_in(pool, docs)
    if progress:
        docs = tqdm(docs, total=total, unit="条", desc="重建检索索引")
    w = SearchEngine(conf()["SEARCH_DIR"], store_text=False)
    try:
        with transaction.atomic():
            OutboxEntry.objects.all().delete()
            n = w.rebuild(docs)
    finally:
        w.close()
        if pool is not None:
            pool.terminate()
    _engines.clear()
    return n


def _segment_in(pool: Any, docs: Iterable[IndexDoc], batch: int = 4000) -> Iterator[IndexDoc]:
    # The documents are read here, in this thread (the database connection belongs to it); only
    # the lists of documents travel to the workers.
    for chunk in _batched(docs, batch):
        yield from pool.imap(_segmented, chunk, chunksize=100)


def _batched(items: Iterable[IndexDoc], n: int) -> Iterator[list[IndexDoc]]:
    chunk: list[IndexDoc] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _segmented(doc: IndexDoc) -> IndexDoc:
    """Segment a document's text in a worker process (the engine then skips its own segmentation)."""
    doc.title_words = segment_for_index(doc.title)
    doc.text_words = text_words_of(doc)
    doc.gram_words = gram_words_of(doc)
    doc.hot_words = hot_words_of(all_words_of(doc.title_words, doc.text_words))
    return doc


@dataclass
class PublicHit:
    item: Item
    title_html: str
    snippet_html: str
    score: float


@dataclass
class PublicResults:
    total: int
    page: int
    page_size: int
    hits: list[PublicHit]
    words: list[str]
    available: bool
    took_ms: float
    total_is_estimate: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def search_public(query: SearchQuery, *, select_related: Any = ("organization", "column")) -> PublicResults:
    """Run a public search: ranking from the engine, every displayed word from the public queryset.

    Only items still public today are asked for (``visible_on``), so totals never count an ended
    限时公开 item; hits the database no longer shows (the index trails it by a moment) are dropped
    and taken off the total too."""
    vocabulary.ensure_current()
    # Highlights are built below, from the database.
    page = engine().search(replace(query, highlight=False, visible_on=timezone.localdate()))
    ids = [h.id for h in page.hits]
    items = (
        Item.objects.public()
        .filter(pk__in=ids)
        .select_related(*select_related)
        .prefetch_related("attachments")
    )
    by_id = {i.pk: i for i in items}
    hits = []
    for h in page.hits:
        item = by_id.get(h.id)
        if item is None:
            continue  # no longer public: never shown, whatever the index still says
        text = "\n".join(
            p for p in (item.summary, item.body_text, *(a.text for a in item.attachments.all())) if p
        )
        hits.append(
            PublicHit(
                item=item,
                title_html=highlight(item.title, page.words),
                snippet_html=snippet(text, page.words, query.snippet_chars),
                score=h.score,
            )
        )
    # Hits the index still holds but the public may no longer see were dropped: don't count them.
    expected = max(0, min(page.page_size, page.total - (page.page - 1) * page.page_size))
    total = page.total - max(0, expected - len(hits))
    return PublicResults(
        total=total,
        page=page.page,
        page_size=page.page_size,
        hits=hits,
        words=page.words,
        available=page.available,
        took_ms=page.took_ms,
        total_is_estimate=page.total_is_estimate,
    )


def find_public_by_number(text: str, *, org_ids: Iterable[int] = ()) -> list[Item]:
    """The public items whose 发文字号 or 索引号 is ``text`` as a citizen typed it (brackets, 第,
    spaces and full-width characters as they come: ``gongkai.search.numbers`` normalizes both
    sides). Exact matches (the number as stored) first, then the newest. Only public items
    (``Item.objects.public()``, which ``disclosure.public.public_items`` returns; that module counts
    as a public-pages module for the layer contracts): a hidden item is never found, whatever the
    index says.

    Candidates come from the index (the normalized numbers) and from the database (the number as
    typed or in its canonical form), so an item published a moment ago is found before the index
    has it; each is then checked against the normalized text."""
    is_doc, is_index = looks_like_doc_number(text), looks_like_index_number(text)
    if not (is_doc or is_index):
        return []
    typed = "".join(text.split())
    try:
        ids = engine().find_numbers(text, visible_on=timezone.localdate())
    except Exception:  # the engine failing must not stop the database look-up
        log.exception("number look-up in the search index failed")
        ids = []
    cond = Q(pk__in=ids)
    doc_key = normalize_doc_number(text) if is_doc else None
    index_key = normalize_index_number(text) if is_index else None
    if doc_key is not None:
        cond |= Q(document_number__in={typed, doc_key})
    if index_key is not None:
        cond |= Q(index_number__in={typed, index_key})
    qs = Item.objects.public().filter(cond)
    org_ids = list(org_ids)
    if org_ids:
        qs = qs.filter(organization_id__in=org_ids)
    found = [
        item
        for item in qs.select_related("organization").order_by("-published_at", "-pk")[:50]
        if (
            doc_key is not None
            and item.document_number
            and normalize_doc_number(item.document_number) == doc_key
        )
        or (
            index_key is not None
            and item.index_number
            and normalize_index_number(item.index_number) == index_key
        )
    ]
    # The number exactly as stored first (stable: the newest first within each group).
    found.sort(key=lambda i: typed not in (i.document_number, i.index_number))
    return found
