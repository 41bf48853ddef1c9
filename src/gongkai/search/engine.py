"""Full-text search engine adapter over tantivy (pure Python, no Django).

Indexing model
--------------
* Text is segmented in Python (:mod:`gongkai.search.segment`, rjieba search mode) and fed to tantivy
  as space-separated words; the ``gk_words`` analyzer (whitespace tokenizer + lowercase + drop tokens
  longer than 64 bytes) is registered every time an index is opened. One field, ``text``, holds the
  title words (repeated 1 + :data:`TITLE_REPEAT` times: the title boost, through term frequency) and
  the body and attachment words; it is indexed with frequencies but without positions (queries are
  AND of words; no phrase queries). A query is therefore a plain term query or a conjunction of term
  queries on one field (tantivy prunes single terms with block-max WAND; a conjunction is scored
  document by document, driven by the rarest word) — measurably faster at 1M items than a per-word
  ``title^2 OR text`` disjunction (docs/PERFORMANCE.md).
* With ``store_text=True`` the original title and the original body/attachment text (the latter cut at
  :data:`STORED_TEXT_CHARS`) are stored as UTF-8 bytes and only used to build highlighted, HTML-escaped
  snippets (the portal does not: it highlights the database text, ``store_text=False``): the query
  words are located in the normalized text (normalization is one character for one character, so
  positions map back to the original text) — tantivy's own snippet generator would
  work on the segmented text, not the text the user reads.
* A ``grams`` field (document ids only) holds the distinct character bigrams of the ideograph runs
  of the whole text (:func:`gongkai.search.segment.bigrams_for_index`): the fallback for words the
  dictionary does not know. A query word of two or more ideographs that is rare in ``text`` (fewer
  than :data:`FALLBACK_MAX_DF_RATIO` of the items, or :data:`FALLBACK_MAX_DF_FLOOR`) also matches
  the items holding all its bigrams
  (埇桥 before it joined the vocabulary, a rare name); such a match scores 0 for that word, so items
  holding the word rank first (docs/PERFORMANCE.md, "Recall"). Such a word also matches, scored as
  words, the items holding all its dictionary sub-words (秸秆禁烧 → 秸秆 禁烧: an item indexed
  before the word joined the vocabulary).
* A ``hot`` field (document ids only) holds ``word|T`` for every word occurring at least T times in
  the item, T in :data:`HOT_TIERS` (a tiered index, used for conjunctions of near-universal words,
  see :meth:`SearchEngine._run_tiered`).
* Filters are indexed integer fields (body, columns, topic/genre/audience classes, validity), a raw
  ``doc_number`` field (exact match or prefix) and a fast ``published`` date (range filter and date
  ordering). Filter clauses have score 0, so relevance is the BM25 of the words only.
* ``public_until`` holds the last day a 限时公开 item is public (:data:`NO_END` for the others).
  A query with ``visible_on`` leaves out every item whose last day is before it, so an item whose
  period ended is neither found nor *counted*, even in the moment before the writer removes it
  (security audit 4.7: a total that counts a hidden item tells what the hidden item says). The
  filter costs nothing when no such item is in the index, which is checked once per reader
  generation and day (:meth:`SearchEngine._expired_present`).

Processes and transactions
--------------------------
tantivy allows **one writer** per index directory (it takes ``.tantivy-writer.lock``) and any number of
readers, in any process. The platform keeps the index transactional with the database through an
outbox: each transaction that publishes, changes, withdraws or deletes an item also inserts an outbox
row (item id, operation). A single worker process (the only one that calls :meth:`SearchEngine.upsert`,
:meth:`~SearchEngine.delete`, :meth:`~SearchEngine.commit`) loops::

    rows = outbox rows in id order (a batch)
    engine.upsert(docs for the items that are still public) ; engine.delete(ids of the others)
    engine.commit()                       # atomic: readers see all of the batch or none of it
    delete those outbox rows              # after commit; a crash before this replays the batch,
                                          # which is harmless because upsert = delete-by-id + add

Web processes only call :meth:`SearchEngine.search`; they never take the writer lock. A reader follows
commits made by other processes at its next search: every search stats ``meta.json`` (tantivy rewrites
it, atomically, at each commit and merge) and reloads the reader when it changed; the writer process
sees its own commits immediately. If a second process tries to write, :class:`IndexLockedError` is
raised instead of blocking.

Query cost and result cache (docs/PERFORMANCE.md, Search)
---------------------------------------------------------
* A one-word query without filters runs top-k only (``count=False``), which lets tantivy use
  block-max WAND; its total is the word's document frequency — exact as long as the index holds no
  deleted documents. While it does (withdrawn, corrected or expired items not merged away yet), the
  query counts instead: a document frequency would count the deleted documents, and a total must
  never count what the public cannot see. Every other query is an intersection, which tantivy scores
  doc by doc anyway; counting costs nothing extra there and the total is exact.
* Conjunctions of near-universal words (政府 信息 公开: ~95 % of the items match) cost a scan of the
  posting lists (~1M documents at 1M items). Their pages are kept in a small per-process LRU cache
  keyed by the query and the reader generation (any commit or merge invalidates it — the same design
  as Elasticsearch's request cache), so only the first request after a commit pays the scan.

If the index directory is missing (new installation, disk lost, schema version changed), searches
return an empty page with ``available=False``; the worker creates an empty index on its first write and
the index is rebuilt from the database with :meth:`SearchEngine.rebuild` (all public items;
the swap is atomic for readers because it is one tantivy commit).
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import time
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import tantivy

from .numbers import (
    looks_like_doc_number,
    looks_like_index_number,
    normalize_index_number,
)
from .numbers import (
    normalize_doc_number as normalize_doc_number,  # re-exported: the API's doc-number filter
)
from .segment import (
    bigrams_for_index,
    bigrams_of,
    normalize,
    segment_for_index,
    segment_query,
    tokens_for_index,
    vocabulary,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5  # 3: ``hot`` tier field; 4: ``public_until``; 5: ``grams``, ``index_number``
SCHEMA_MARKER = "gongkai-search.json"
ANALYZER = "gk_words"
TITLE_REPEAT = 2  # title words are indexed 1 + TITLE_REPEAT times in ``text``
STORED_TEXT_CHARS = 20_000
WRITER_HEAP_BYTES = 256 * 1024 * 1024
CACHE_SIZE = 256  # result pages kept per engine (LRU), invalidated by every commit or merge
# Tiered index (``hot`` field): ``word|T`` is indexed for every word occurring at least T times in the
# item (title occurrences counted 1 + TITLE_REPEAT times, as in ``text``).
HOT_TIERS = (4, 8, 16, 32)
TIER_MIN_DF = 150_000  # use a tier when every word of a multi-word query is in at least this many items
TIER_MIN_HITS = 2_000  # ... the highest tier expected to hold at least this many matches
#: A query word also matches through its bigrams when fewer items than this share of the index (or
#: than FALLBACK_MAX_DF_FLOOR, in a small index) hold it as a word.
FALLBACK_MAX_DF_RATIO = 0.05
FALLBACK_MAX_DF_FLOOR = 1_000

VALIDITY_CODES = {"valid": 1, "expired": 2, "abolished": 3}
#: ``public_until`` of an item without an end date (长期公开). tantivy keeps dates in nanoseconds,
#: from 1678 to 2262: a typed end date outside that span is clamped into it (its meaning is kept).
NO_END = date(2262, 1, 1)
FIRST_DATE = date(1678, 1, 1)

Validity = Literal["valid", "expired", "abolished"]
Order = Literal["relevance", "date", "date_asc"]


class IndexLockedError(RuntimeError):
    """Another process holds the index writer lock."""


@dataclass(slots=True)
class IndexDoc:
    """One public information item as seen by the search engine."""

    id: int
    title: str
    body: str = ""  # plain text (HTML already stripped)
    attachments: str = ""  # extracted attachment text
    org_id: int = 0
    column_ids: Sequence[int] = ()
    topic_class_id: int | None = None
    genre_class_id: int | None = None
    audience_class_id: int | None = None
    published: date | None = None
    doc_number: str = ""
    index_number: str = ""
    validity: Validity = "valid"
    public_until: date | None = None  # the last day it is public (限时公开); None: no end
    # Words found but never shown: 主题词, the publishing body's name and short name.
    extra: str = ""
    # Optional pre-segmented text (space-joined words, as segment_for_index returns) to avoid
    # segmenting twice when the caller already has it.
    title_words: str | None = None
    text_words: str | None = None  # body, attachments and extra
    gram_words: str | None = None  # bigrams_for_index of the title, body, attachments and extra
    hot_words: str | None = None  # hot_words_of the words above (with title_words and text_words)


@dataclass(slots=True)
class SearchQuery:
    text: str = ""
    org_ids: Sequence[int] = ()  # empty: whole region
    column_ids: Sequence[int] = ()
    topic_class_ids: Sequence[int] = ()
    genre_class_ids: Sequence[int] = ()
    audience_class_ids: Sequence[int] = ()
    date_from: date | None = None  # inclusive, published date
    date_to: date | None = None  # inclusive
    doc_number: str = ""
    doc_number_prefix: bool = False  # False: exact match
    validity: Sequence[Validity] = ()
    # Only items still public on this day (``public_until`` on or after it); None: no such filter.
    visible_on: date | None = None
    order: Order = "relevance"
    page: int = 1
    page_size: int = 20
    highlight: bool = True
    snippet_chars: int = 120


@dataclass(slots=True)
class SearchHit:
    id: int
    score: float
    title_html: str = ""
    snippet_html: str = ""


@dataclass(slots=True)
class SearchPage:
    total: int
    page: int
    page_size: int
    hits: list[SearchHit] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    available: bool = True
    took_ms: float = 0.0
    # True when ``total`` is an estimate (the tiered ranking of near-universal words, see
    # :meth:`SearchEngine._run_tiered`); show it as "约 N 条".
    total_is_estimate: bool = False
    cached: bool = False  # served from the engine's result cache

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size)) if self.page_size else 1


def text_words_of(d: IndexDoc) -> str:
    """The segmented body, attachment and extra words of a document (``IndexDoc.text_words``)."""
    return " ".join(segment_for_index(t) for t in (d.body, d.attachments, d.extra) if t)


def gram_words_of(d: IndexDoc) -> str:
    """The distinct bigrams of a document's whole text (``IndexDoc.gram_words``)."""
    return bigrams_for_index("\n".join(t for t in (d.title, d.body, d.attachments, d.extra) if t))


def all_words_of(title_words: str, text_words: str) -> str:
    """The ``text`` field: the title's words weighted by repetition, then the text's."""
    return " ".join([title_words] * (1 + TITLE_REPEAT) + [text_words])


def hot_words_of(all_words: str) -> str:
    """The ``hot`` field: each word that occurs at least ``HOT_TIERS[0]`` times, once per tier it
    reaches (``word|tier``)."""
    return " ".join(
        f"{w}|{t}"
        for w, n in Counter(all_words.split()).items()
        if n >= HOT_TIERS[0]
        for t in HOT_TIERS
        if n >= t
    )


def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    # i64, not u64: the Python binding's delete_documents_by_term builds an i64 term for an int.
    b.add_integer_field("id", stored=True, indexed=True, fast=True)
    b.add_text_field("text", tokenizer_name=ANALYZER, index_option="freq")
    b.add_text_field("hot", tokenizer_name=ANALYZER, index_option="basic")
    b.add_text_field("grams", tokenizer_name=ANALYZER, index_option="basic")
    b.add_bytes_field("title_raw", stored=True, indexed=False)
    b.add_bytes_field("text_raw", stored=True, indexed=False)
    b.add_unsigned_field("org", indexed=True, fast=True)
    b.add_unsigned_field("column", indexed=True)
    b.add_unsigned_field("topic", indexed=True)
    b.add_unsigned_field("genre", indexed=True)
    b.add_unsigned_field("audience", indexed=True)
    b.add_unsigned_field("validity", indexed=True)
    b.add_text_field("doc_number", tokenizer_name="raw", index_option="basic")
    b.add_text_field("index_number", tokenizer_name="raw", index_option="basic")
    b.add_date_field("published", indexed=True, fast=True)
    b.add_date_field("public_until", indexed=True, fast=True)
    return b.build()


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(64))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def _dt(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


class SearchEngine:
    """Adapter over one tantivy index directory. See the module docstring for the process model."""

    def __init__(
        self,
        path: str | Path,
        *,
        writer_heap_bytes: int = WRITER_HEAP_BYTES,
        writer_threads: int = 0,
        store_text: bool = True,
        cache_size: int = CACHE_SIZE,
        tier_min_df: int = TIER_MIN_DF,
        tier_min_hits: int = TIER_MIN_HITS,
        bigrams: bool = True,
        fallback_max_df: int = FALLBACK_MAX_DF_FLOOR,
    ) -> None:
        """``store_text=False`` stores neither title nor text in the index (~80% of its size): use it
        when the caller builds highlights from the database (``highlight``/``snippet`` helpers); the
        engine's own ``title_html``/``snippet_html`` are then empty. ``cache_size=0`` disables the
        result cache. ``bigrams=False`` neither indexes nor queries the ``grams`` fallback (the
        recall benchmark's "before")."""
        self.path = Path(path)
        self.bigrams = bigrams
        self.fallback_max_df = fallback_max_df
        self.store_text = store_text
        self.cache_size = cache_size
        self.tier_min_df = tier_min_df
        self.tier_min_hits = tier_min_hits
        self._cache: OrderedDict[tuple, tuple] = OrderedDict()
        self._expired: dict[date, bool] = {}  # per reader generation: does the index hold items
        # whose last public day is before the key?
        self._meta_sig: tuple[int, int, int] | None = None
        self._has_deletes = False
        self.writer_heap_bytes = writer_heap_bytes
        self.writer_threads = writer_threads
        self._index: tantivy.Index | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._dirty = False  # uncommitted upserts/deletes
        self._schema = build_schema()

    # ------------------------------------------------------------------ opening
    def exists(self) -> bool:
        marker = self.path / SCHEMA_MARKER
        if not (self.path / "meta.json").exists() or not marker.exists():
            return False
        try:
            return json.loads(marker.read_text()).get("version") == SCHEMA_VERSION
        except (OSError, ValueError):
            return False

    def _open(self, create: bool) -> tantivy.Index | None:
        if self._index is not None:
            return self._index
        if self.exists():
            index = tantivy.Index.open(str(self.path))
        elif create:
            if self.path.exists() and any(self.path.iterdir()):
                # Stale or incompatible index: start over (it is rebuilt from the database).
                log.warning("search index at %s is missing or outdated; recreating it", self.path)
                shutil.rmtree(self.path)
            self.path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(self._schema, str(self.path), reuse=False)
            (self.path / SCHEMA_MARKER).write_text(json.dumps({"version": SCHEMA_VERSION}))
        else:
            return None
        index.register_tokenizer(ANALYZER, _analyzer())
        index.config_reader("manual", 0)  # reloaded by _sync() when meta.json changes
        self._index = index
        self._meta_sig = None
        self._sync()
        return index

    def _sync(self) -> None:
        """Reload the reader if ``meta.json`` changed (a commit or a merge, by any process), and then
        drop the result cache. One ``stat`` per search."""
        meta = self.path / "meta.json"
        try:
            st = meta.stat()
        except OSError:
            return
        sig = (st.st_mtime_ns, st.st_size, st.st_ino)
        if sig == self._meta_sig:
            return
        assert self._index is not None
        if self._meta_sig is not None:
            self._index.reload()
        self._meta_sig = sig
        self._cache.clear()
        self._expired.clear()
        try:
            segs = json.loads(meta.read_text()).get("segments", [])
            self._has_deletes = any((sg.get("deletes") or {}).get("num_deleted_docs") for sg in segs)
        except (OSError, ValueError):
            self._has_deletes = True  # unknown: do not claim exact document-frequency totals

    @property
    def available(self) -> bool:
        return self._open(create=False) is not None

    def refresh(self) -> None:
        """See the latest commit now (otherwise followed at the next search)."""
        if self._index is not None:
            self._index.reload()
            self._meta_sig = None
            self._sync()

    def num_docs(self) -> int:
        index = self._open(create=False)
        return index.searcher().num_docs if index else 0

    # ------------------------------------------------------------------ writing (one process only)
    def _get_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            index = self._open(create=True)
            assert index is not None
            try:
                self._writer = index.writer(self.writer_heap_bytes, self.writer_threads)
            except ValueError as e:  # tantivy: "Failed to acquire Lockfile: LockBusy"
                raise IndexLockedError(str(e)) from e
        return self._writer

    def _to_document(self, d: IndexDoc) -> tantivy.Document:
        title_words = d.title_words if d.title_words is not None else segment_for_index(d.title)
        text_words = d.text_words if d.text_words is not None else text_words_of(d)
        doc = tantivy.Document()
        doc.add_integer("id", d.id)
        if self.bigrams:
            grams = d.gram_words if d.gram_words is not None else gram_words_of(d)
            if grams:
                doc.add_text("grams", grams)
        all_words = all_words_of(title_words, text_words)
        doc.add_text("text", all_words)
        hot = d.hot_words if d.hot_words is not None else hot_words_of(all_words)
        if hot:
            doc.add_text("hot", hot)
        if self.store_text:
            raw_text = d.body if not d.attachments else f"{d.body}\n{d.attachments}"
            doc.add_bytes("title_raw", d.title.encode())
            doc.add_bytes("text_raw", raw_text[:STORED_TEXT_CHARS].encode())
        doc.add_unsigned("org", d.org_id)
        for c in d.column_ids:
            doc.add_unsigned("column", c)
        if d.topic_class_id is not None:
            doc.add_unsigned("topic", d.topic_class_id)
        if d.genre_class_id is not None:
            doc.add_unsigned("genre", d.genre_class_id)
        if d.audience_class_id is not None:
            doc.add_unsigned("audience", d.audience_class_id)
        doc.add_unsigned("validity", VALIDITY_CODES[d.validity])
        if d.doc_number:
            doc.add_text("doc_number", normalize_doc_number(d.doc_number))
        if d.index_number:
            doc.add_text("index_number", normalize_index_number(d.index_number))
        if d.published is not None:
            doc.add_date("published", _dt(d.published))
        until = d.public_until or NO_END
        doc.add_date("public_until", _dt(min(max(until, FIRST_DATE), NO_END)))
        return doc

    def upsert(self, docs: Iterable[IndexDoc]) -> int:
        """Add or replace documents (by id). Visible to searches after :meth:`commit`."""
        w = self._get_writer()
        self._dirty = True
        n = 0
        for d in docs:
            w.delete_documents_by_term("id", d.id)
            w.add_document(self._to_document(d))
            n += 1
        return n

    def delete(self, ids: Iterable[int]) -> None:
        w = self._get_writer()
        self._dirty = True
        for i in ids:
            w.delete_documents_by_term("id", int(i))

    def commit(self) -> None:
        """Make every change since the last commit visible, atomically, to every process."""
        if self._writer is None:
            return
        self._writer.commit()
        self._dirty = False
        assert self._index is not None
        self.refresh()

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._dirty = False

    def rebuild(self, docs: Iterable[IndexDoc], batch: int = 50_000) -> int:
        """Replace the whole content with ``docs`` in one commit (readers keep the old view until then)."""
        w = self._get_writer()
        self._dirty = True
        w.delete_all_documents()
        n = 0
        for d in docs:
            w.add_document(self._to_document(d))
            n += 1
        self.commit()
        return n

    def close(self) -> None:
        """Release the writer lock after background merges finish (uncommitted changes are discarded;
        a rollback would also cancel the merges, so it is only done when there is something to undo)."""
        if self._writer is not None:
            w, self._writer = self._writer, None
            if self._dirty:
                w.rollback()
                self._dirty = False
            w.wait_merging_threads()
        self._index = None
        self._cache.clear()

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ searching (any process)
    def _filters(self, q: SearchQuery) -> list[tantivy.Query]:
        s = self._schema
        out: list[tantivy.Query] = []

        def any_of(fname: str, values: Sequence[int]) -> None:
            vals = [int(v) for v in values]
            if len(vals) == 1:
                out.append(tantivy.Query.term_query(s, fname, vals[0]))
            elif vals:
                out.append(tantivy.Query.term_set_query(s, fname, vals))

        any_of("org", q.org_ids)
        any_of("column", q.column_ids)
        any_of("topic", q.topic_class_ids)
        any_of("genre", q.genre_class_ids)
        any_of("audience", q.audience_class_ids)
        if q.validity and set(q.validity) != set(VALIDITY_CODES):
            any_of("validity", [VALIDITY_CODES[v] for v in q.validity])
        if q.date_from or q.date_to:
            out.append(
                tantivy.Query.range_query(
                    s,
                    "published",
                    tantivy.FieldType.Date,
                    _dt(q.date_from) if q.date_from else None,
                    _dt(q.date_to) if q.date_to else None,
                    include_lower=True,
                    include_upper=True,
                )
            )
        if q.visible_on is not None and self._expired_present(q.visible_on):
            out.append(
                tantivy.Query.range_query(
                    s,
                    "public_until",
                    tantivy.FieldType.Date,
                    _dt(q.visible_on),
                    None,
                    include_lower=True,
                    include_upper=True,
                )
            )
        if q.doc_number:
            dn = normalize_doc_number(q.doc_number)
            if q.doc_number_prefix:
                out.append(tantivy.Query.regex_query(s, "doc_number", re.escape(dn) + ".*"))
            else:
                out.append(tantivy.Query.term_query(s, "doc_number", dn))
        return out

    def find_numbers(self, text: str, *, visible_on: date | None = None, limit: int = 50) -> list[int]:
        """Ids of the items whose 发文字号 or 索引号 is ``text`` (both sides normalized the same way,
        ``gongkai.search.numbers``); [] when the text looks like neither, or no index exists."""
        s = self._schema
        clauses: list[tantivy.Query] = []
        if looks_like_doc_number(text):
            clauses.append(tantivy.Query.term_query(s, "doc_number", normalize_doc_number(text)))
        if looks_like_index_number(text):
            clauses.append(tantivy.Query.term_query(s, "index_number", normalize_index_number(text)))
        if not clauses:
            return []
        index = self._open(create=False)
        if index is None:
            return []
        self._sync()
        query = (
            clauses[0]
            if len(clauses) == 1
            else tantivy.Query.boolean_query([(tantivy.Occur.Should, c) for c in clauses])
        )
        filters = self._filters(SearchQuery(visible_on=visible_on))
        if filters:
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query)] + [(tantivy.Occur.Must, f) for f in filters]
            )
        searcher = index.searcher()
        res = searcher.search(query, limit=limit, count=False)
        addrs = [addr for _, addr in res.hits]
        return [int(i) for i in searcher.fast_field_values("id", addrs)] if addrs else []  # type: ignore[arg-type]

    def _expired_present(self, day: date) -> bool:
        """Whether the index holds an item whose last public day is before ``day`` (then queries
        must filter on ``public_until``). Checked once per reader generation and day."""
        if day in self._expired:
            return self._expired[day]
        if self._index is None:
            return True  # unknown: filter
        query = tantivy.Query.range_query(
            self._schema,
            "public_until",
            tantivy.FieldType.Date,
            None,
            _dt(day),
            include_lower=True,
            include_upper=False,
        )
        present = bool(self._index.searcher().search(query, limit=1, count=True).count)  # type: ignore[attr-defined]
        self._expired[day] = present
        return present

    def _text_query(self, words: list[str], searcher: tantivy.Searcher | None = None) -> tantivy.Query:
        """AND of the words; with a searcher (and bigrams on), a word rare in ``text`` also matches
        the items holding all of its bigrams, with score 0 for that word."""
        terms = [self._word_query(w, searcher) for w in words]
        if len(terms) == 1:
            return terms[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, t) for t in terms])

    def _word_query(self, word: str, searcher: tantivy.Searcher | None) -> tantivy.Query:
        s = self._schema
        term = tantivy.Query.term_query(s, "text", word, "freq")
        if searcher is None or not self.bigrams:
            return term
        grams = bigrams_of(word)
        if not grams or searcher.doc_freq("text", word) >= self._fallback_max_df(searcher):
            return term
        alternatives = [(tantivy.Occur.Should, term)]
        # Its dictionary sub-words, all of them, scored as words: an item indexed before the word
        # joined the vocabulary holds them (秸秆禁烧 → 秸秆 禁烧).
        parts = [w for w in tokens_for_index(word) if w != word]
        if parts:
            alternatives.append((tantivy.Occur.Should, self._all_of(s, "text", parts, "freq")))
        # Its bigrams, with score 0: found, but after every item that holds words.
        by_grams = self._all_of(s, "grams", grams)
        alternatives.append((tantivy.Occur.Should, tantivy.Query.const_score_query(by_grams, 0.0)))
        return tantivy.Query.boolean_query(alternatives)

    @staticmethod
    def _all_of(s: tantivy.Schema, field_name: str, terms: list[str], *opt: str) -> tantivy.Query:
        queries = [tantivy.Query.term_query(s, field_name, t, *opt) for t in dict.fromkeys(terms)]
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])

    def _fallback_max_df(self, searcher: tantivy.Searcher) -> float:
        return max(self.fallback_max_df, FALLBACK_MAX_DF_RATIO * searcher.num_docs)

    def query_words(self, text: str) -> list[str]:
        """The words of a search text (runs of single ideographs kept together when bigrams are on)."""
        return segment_query(text, join_singles=self.bigrams)

    def build_query(
        self, q: SearchQuery, searcher: tantivy.Searcher | None = None
    ) -> tuple[tantivy.Query, list[str]]:
        words = self.query_words(q.text)
        filters = self._filters(q)
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if words:
            parts.append((tantivy.Occur.Must, self._text_query(words, searcher)))
        parts += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        if not parts:
            return tantivy.Query.all_query(), words
        if len(parts) == 1 and words:
            return parts[0][1], words
        return tantivy.Query.boolean_query(parts), words

    def _cache_key(self, q: SearchQuery, page: int, size: int) -> tuple:
        return (
            q.text,
            tuple(q.org_ids),
            tuple(q.column_ids),
            tuple(q.topic_class_ids),
            tuple(q.genre_class_ids),
            tuple(q.audience_class_ids),
            q.date_from,
            q.date_to,
            q.doc_number,
            q.doc_number_prefix,
            tuple(q.validity),
            q.visible_on,
            q.order,
            page,
            size,
            hash(vocabulary()),
        )

    def search(self, q: SearchQuery) -> SearchPage:
        t0 = time.perf_counter()
        page = max(1, q.page)
        size = max(1, min(q.page_size, 100))
        index = self._open(create=False)
        if index is None:
            return SearchPage(total=0, page=page, page_size=size, available=False)
        self._sync()
        key = self._cache_key(q, page, size) if self.cache_size else None
        cached = self._cache.get(key) if key is not None else None
        if key is not None and cached is not None:
            self._cache.move_to_end(key)
            words, raw_hits, total, estimate = cached
        else:
            words, raw_hits, total, estimate = self._run(index, q, page, size)
            if key is not None and words is not None:
                self._cache[key] = (words, raw_hits, total, estimate)
                if len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if words is None:  # only punctuation: nothing can match
            return SearchPage(total=0, page=page, page_size=size, words=[])
        hits = [SearchHit(id=i, score=sc) for i, sc, _ in raw_hits]
        if q.highlight and raw_hits:
            searcher = index.searcher()
            for hit, (_, _, addr) in zip(hits, raw_hits, strict=True):
                doc = searcher.doc(addr)
                title = bytes(doc.get_first("title_raw") or b"").decode()
                text = bytes(doc.get_first("text_raw") or b"").decode()
                hit.title_html = highlight(title, words)
                hit.snippet_html = snippet(text, words, q.snippet_chars)
        return SearchPage(
            total=total,
            page=page,
            page_size=size,
            hits=hits,
            words=list(words),
            took_ms=(time.perf_counter() - t0) * 1000,
            total_is_estimate=estimate,
            cached=cached is not None,
        )

    def _run(
        self, index: tantivy.Index, q: SearchQuery, page: int, size: int
    ) -> tuple[list[str] | None, list[tuple[int, float, tantivy.DocAddress]], int, bool]:
        """(words, [(id, score, address)], total, total_is_estimate); words None: nothing can match."""
        searcher = index.searcher()
        query, words = self.build_query(q, searcher)
        if q.text.strip() and not words:
            return None, [], 0, False
        offset = (page - 1) * size
        by_relevance = q.order == "relevance" and bool(words)
        if by_relevance and len(words) > 1 and not self._filters(q):
            tiered = self._run_tiered(searcher, words, offset, size)
            if tiered is not None:
                return tiered
        # A lone term query: top-k without counting (block-max WAND for relevance), total from the
        # document frequency — unless deleted documents are still in the index, whose terms the
        # frequency counts. Anything else is an intersection: counting is free, the total exact.
        single_term = len(words) == 1 and not self._filters(q) and not self._has_deletes
        if single_term and self.bigrams and bigrams_of(words[0]):
            # A rare word may also match through its bigrams: then the total is counted.
            single_term = searcher.doc_freq("text", words[0]) >= self._fallback_max_df(searcher)
        kw: dict = {"limit": size, "offset": offset, "count": not single_term}
        if not by_relevance:
            kw["order_by_field"] = "published"
            kw["order"] = tantivy.Order.Asc if q.order == "date_asc" else tantivy.Order.Desc
        res = searcher.search(query, **kw)
        if single_term:
            total, estimate = searcher.doc_freq("text", words[0]), False
        else:
            total, estimate = int(res.count or 0), False  # type: ignore[attr-defined]
        addrs = [addr for _, addr in res.hits]
        ids = searcher.fast_field_values("id", addrs) if addrs else []
        raw = [
            (int(i), float(score) if by_relevance else 0.0, addr)  # type: ignore[arg-type]
            for (score, addr), i in zip(res.hits, ids, strict=True)
        ]
        return words, raw, total, estimate

    def _run_tiered(
        self, searcher: tantivy.Searcher, words: list[str], offset: int, size: int
    ) -> tuple[list[str], list[tuple[int, float, tantivy.DocAddress]], int, bool] | None:
        """Tiered index for conjunctions of near-universal words (every word in >= ``tier_min_df``
        items): rank by BM25 first the items where every word occurs at least T times (the highest
        tier T expected to hold ``tier_min_hits`` matches), then all the other matches by BM25. Every
        hit still contains every word; the total is an estimate (independence of the words). None:
        the plain query is cheap enough."""
        n = searcher.num_docs
        dfs = [searcher.doc_freq("text", w) for w in words]
        if not n or min(dfs) < self.tier_min_df:
            return None
        tier = None
        for t in reversed(HOT_TIERS):
            est = float(n)
            for w in words:
                est *= searcher.doc_freq("hot", f"{w}|{t}") / n
            if est >= self.tier_min_hits:
                tier = t
                break
        if tier is None:
            return None
        s = self._schema
        text = self._text_query(words)
        hot = tantivy.Query.const_score_query(
            tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, tantivy.Query.term_query(s, "hot", f"{w}|{tier}")) for w in words]
            ),
            0.0,
        )
        first = searcher.search(
            tantivy.Query.boolean_query([(tantivy.Occur.Must, hot), (tantivy.Occur.Must, text)]),
            limit=size,
            offset=offset,
            count=True,
        )
        hits = list(first.hits)
        n_tier = int(first.count or 0)  # type: ignore[attr-defined]
        if len(hits) < size:  # past the tier: the other matches, by relevance
            rest = searcher.search(
                tantivy.Query.boolean_query([(tantivy.Occur.Must, text), (tantivy.Occur.MustNot, hot)]),
                limit=size - len(hits),
                offset=max(0, offset - n_tier),
                count=False,
            )
            hits += rest.hits
        est_total = float(n)
        for df in dfs:
            est_total *= df / n
        total = max(n_tier, min(min(dfs), round(est_total)))
        addrs = [addr for _, addr in hits]
        ids = searcher.fast_field_values("id", addrs) if addrs else []
        raw = [(int(i), float(sc), addr) for (sc, addr), i in zip(hits, ids, strict=True)]  # type: ignore[arg-type]
        return words, raw, total, True


# ---------------------------------------------------------------------- highlighting


def _spans(norm: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) occurrences of any word in the normalized text, longest first."""
    if not words:
        return []
    pat = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    return [m.span() for m in pat.finditer(norm)]


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, words: Sequence[str]) -> str:
    """The whole text, HTML-escaped, with every occurrence of the words in ``<mark>``."""
    return _render(text, _spans(normalize(text), words), 0, len(text))


def snippet(text: str, words: Sequence[str], max_chars: int = 120) -> str:
    """An HTML-escaped fragment of about ``max_chars`` characters around the densest group of
    distinct query words, with ``<mark>`` highlights and ``…`` where text was cut."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return ""
    norm = normalize(text)
    spans = _spans(norm, words)
    if not spans:
        start, end = 0, min(len(text), max_chars)
    else:
        # Sliding window (two pointers) over the matches: the window of at most max_chars with the
        # most distinct words, then the most matches; stop early once every word is in one window.
        keys = [norm[x:y] for x, y in spans]
        n_words = len(set(keys))
        counts: dict[str, int] = {}
        best, best_key = 0, (0, 0)
        j = 0
        for i in range(len(spans)):
            while j < len(spans) and spans[j][1] - spans[i][0] <= max_chars:
                counts[keys[j]] = counts.get(keys[j], 0) + 1
                j += 1
            key = (len(counts), j - i)
            if key > best_key:
                best, best_key = i, key
                if key[0] == n_words:
                    break
            if j > i:
                c = counts[keys[i]] - 1
                if c:
                    counts[keys[i]] = c
                else:
                    del counts[keys[i]]
            else:
                j = i + 1
        a = spans[best][0]
        start = max(0, a - max_chars // 5)
        # Prefer starting right after a sentence end close before the first match.
        cut = max(text.rfind(p, start, a) for p in "。；！？")
        if cut >= 0 and a - cut < max_chars // 2:
            start = cut + 1
        end = min(len(text), start + max_chars)
        if end - start < max_chars:
            start = max(0, end - max_chars)
    frag = _render(text, spans, start, end)
    return ("…" if start > 0 else "") + frag + ("…" if end < len(text) else "")
