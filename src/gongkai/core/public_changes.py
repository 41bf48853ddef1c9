"""One place that hears "what the public may see has changed".

Service functions call ``public_content_changed`` (items) or ``public_pages_changed`` (tags of
``core.public_deps``: a consultation, a message, a report, a body, a catalog) inside their
transaction. The search outbox row (the search app registers its index here,
:func:`register_public_index`) is written in that same transaction (so the index can never miss
or keep an item), and after commit the tags the change touches are purged
(:func:`purge_public_tags`: their versions move on, ``core.tag_versions``, and their published
files are deleted, ``core.published_pages``), so no cached page that shows the change outlives
it, and every other page stays. Listeners (the portal's re-rendering of the hot pages,
:func:`register_purge_listener`) hear the purged tags afterwards.

A global change (the site's name, the calendar, the templates) moves the **public version**
(:func:`bump_public_version`), which is part of every cache key and names the directory of the
published files: everything is dropped. ``GONGKAI["INVALIDATION"] = "global"`` makes every change
do that (the behaviour before tags, kept for comparison in ``benchmarks/bench_invalidation.py``).

The version must be shared by every process that serves pages. With Redis (``REDIS_URL``) it is a
cache key; in the embedded deployment (local-memory cache, one cache per worker process) it is the
modification time of a file in the data directory, which every worker on the machine sees at once.
Both start from the clock, so a lost key or a restart can never bring back an old version.

**Time changes what the public may see, too.** A 限时公开 item is public through its
``public_until`` day (``Item.objects.public()``), so it stops being public at the next local
midnight, with no commit to announce it. :func:`apply_due_expiries` applies those ends: the items
whose last day is past (the disclosure app tells which, :func:`register_expiry_source`) are
queued in the search outbox (so the writer removes them from the index)
and their tags are purged (so no cached page, and no published file, still shows them). Next to the
version, the day of the last sweep is kept the same way (a file in the data directory, or a Redis
key): every ending falls on a midnight, so the next one can only be due once the date has moved
past that day. Every process checks this on each :func:`public_version` call — the page cache asks
before every lookup, so the first page requested after midnight already has a new key — which costs
one date comparison while the day is unchanged; and the search writer process, which runs all the
time under ``gongkai serve``, checks every second, for the pages nginx serves from files without
asking Gongkai. Search queries also filter on the indexed end date, so an expired item is never
found or counted even before the writer has removed it (``gongkai.search.engine``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from gongkai.core import public_deps, tag_versions
from gongkai.core.conf import conf

_VERSION_KEY = "gongkai:public-version"
_SWEPT_KEY = "gongkai:public-expiries-swept"
logger = logging.getLogger(__name__)
#: Per process: the day this process last saw swept, by shared store (data directory or Redis).
_known_swept: dict[str, dt.date] = {}


@dataclass(frozen=True)
class PublicIndex:
    """A copy of public items kept outside the database (the search index), told of every change:
    ``enqueue(ids)`` inside the data transaction (an outbox row, so the copy can never miss a
    change), ``process(ids)`` after commit (best effort; a worker catches up otherwise)."""

    enqueue: Callable[[list[int]], None]
    process: Callable[[list[int]], None]


#: Registered from the apps' ready(): the search app's index, the disclosure app's 限时公开 endings,
#: the disclosure app's item facts (body, columns: what pages show an item), the portal's
#: re-rendering of hot pages.
_indexes: list[PublicIndex] = []
_expiry_sources: list[Callable[[dt.date, dt.date | None], Iterable[int]]] = []
_item_facts: list[Callable[[list[int]], list[public_deps.ItemFacts]]] = []
_purge_listeners: list[Callable[[frozenset[str]], None]] = []
#: Above this many items a change purges everything (an import): cheaper than one tag per item.
ITEMS_FOR_GLOBAL = 2_000


def register_item_facts(source: Callable[[list[int]], list[public_deps.ItemFacts]]) -> None:
    if source not in _item_facts:
        _item_facts.append(source)


def register_purge_listener(listener: Callable[[frozenset[str]], None]) -> None:
    """``listener(tags)`` is called after the tags of a committed change were purged."""
    if listener not in _purge_listeners:
        _purge_listeners.append(listener)


def register_public_index(index: PublicIndex) -> None:
    if index not in _indexes:
        _indexes.append(index)


def register_expiry_source(source: Callable[[dt.date, dt.date | None], Iterable[int]]) -> None:
    """``source(today, last_sweep)``: the ids of items whose public time ended before ``today``
    (and not before ``last_sweep``, which an earlier sweep handled)."""
    if source not in _expiry_sources:
        _expiry_sources.append(source)


def _shared_by_cache() -> bool:
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _version_file() -> Path:
    return Path(settings.DATA_DIR) / "public-version"


def public_version() -> int:
    """The current public version (applying any 限时公开 end that has passed first)."""
    apply_due_expiries()
    return _current_version()


def _current_version() -> int:
    if _shared_by_cache():
        value = cache.get(_VERSION_KEY)
        if value is None:
            cache.add(_VERSION_KEY, time.time_ns(), timeout=None)
            value = cache.get(_VERSION_KEY) or time.time_ns()
        return int(value)
    try:
        return _version_file().stat().st_mtime_ns
    except FileNotFoundError:
        bump_public_version()
        return _version_file().stat().st_mtime_ns


# --- 限时公开: endings that come with time ----------------------------------------------------


def _swept_file() -> Path:
    return Path(settings.DATA_DIR) / "public-expiries-swept"


def _store_id() -> str:
    return "cache" if _shared_by_cache() else str(_swept_file())


def _read_swept() -> dt.date | None:
    try:
        raw = cache.get(_SWEPT_KEY) if _shared_by_cache() else _swept_file().read_text()
        return dt.date.fromisoformat(str(raw).strip()) if raw else None
    except (FileNotFoundError, ValueError):
        return None


def _write_swept(day: dt.date) -> None:
    if _shared_by_cache():
        cache.set(_SWEPT_KEY, day.isoformat(), timeout=None)
        return
    path = _swept_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}-{os.getpid()}")
    tmp.write_text(day.isoformat())
    os.replace(tmp, path)


def apply_due_expiries() -> int:
    """Apply the 限时公开 endings that have come: every published item whose ``public_until`` is
    before today and after the last sweep is queued for removal from the search index, and the
    public version moves on. Returns how many items ended (0: nothing was due).

    Runs its query at most once a day per process and installation: the day of the last sweep is
    shared by all processes. Two processes sweeping the same midnight do no harm (the outbox and
    the version are idempotent)."""
    today = timezone.localdate()
    store = _store_id()
    if _known_swept.get(store) == today:
        return 0
    with _sweep_lock():
        return _sweep(today, store)


@contextlib.contextmanager
def _sweep_lock() -> Iterator[None]:
    """In the embedded deployment the processes at midnight take turns: the first sweeps, the others
    then read that it is done (instead of each scanning the items). With Redis, no lock: a second
    sweep is harmless."""
    if _shared_by_cache():
        yield
        return
    path = Path(settings.DATA_DIR) / ".public-expiries.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sweep(today: dt.date, store: str) -> int:
    last = _read_swept()
    if last is not None and last >= today:
        _known_swept[store] = today
        return 0
    ids = [pk for source in _expiry_sources for pk in source(today, last)]
    if ids:
        with transaction.atomic():
            for index in _indexes:
                index.enqueue(ids)
        tags = item_tags(ids)
        if tags is None:
            bump_public_version()
        else:
            purge_public_tags(tags)
        logger.info("限时公开 ended for %d items on %s", len(ids), today)
    _write_swept(today)
    _known_swept[store] = today
    return len(ids)


def bump_public_version() -> None:
    from gongkai.core import published_pages

    if _shared_by_cache():
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            cache.set(_VERSION_KEY, time.time_ns(), timeout=None)
        if published_pages.enabled():
            published_pages.switch_to(_current_version())
        return
    path = _version_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = path.stat().st_mtime_ns if path.exists() else 0
    now = max(time.time_ns(), previous + 1)  # strictly increasing even within one clock tick
    if published_pages.enabled():
        # Switch the published pages first: from this instant no page of the old version is served.
        published_pages.switch_to(now)
    path.touch()
    os.utime(path, ns=(now, now))


def by_tags() -> bool:
    return str(conf().get("INVALIDATION", "tags")) != "global"


def purge_public_tags(tags: Iterable[str], *, removal: bool = True) -> None:
    """Drop every cached page and published file that carries one of ``tags`` (now: call it after
    the change is committed), then tell the listeners. ``removal=False``: the change only added
    to what the public sees (a publication), so the old copies may be served while the pages are
    rendered again (``core.tag_versions.hard``)."""
    from gongkai.core import published_pages

    purged = frozenset(tags)
    if not by_tags():
        bump_public_version()
        return
    tag_versions.purge(purged, removal=removal)
    if published_pages.enabled():
        published_pages.purge(purged)
    for listener in _purge_listeners:
        try:
            listener(purged)
        except Exception:
            logger.exception("after purging %s", sorted(purged)[:10])


def public_pages_changed(tags: Iterable[str], *, removal: bool = True) -> None:
    """Inside the transaction of a change: purge ``tags`` (``core.public_deps``) once it commits."""
    purged = frozenset(tags)
    transaction.on_commit(lambda: purge_public_tags(purged, removal=removal))


def item_tags(item_ids: list[int]) -> frozenset[str] | None:
    """The tags a change of these items touches (None: too many, purge everything)."""
    if len(item_ids) > ITEMS_FOR_GLOBAL:
        return None
    facts = [f for source in _item_facts for f in source(item_ids)]
    return public_deps.item_changed(facts)


def public_content_changed(item_ids: Iterable[int], *, published: bool = False) -> None:
    """Items changed in what the public sees. ``published=True`` only for a first publication: it
    takes nothing away, so the pages it touches may be served from their old copies while they
    are rendered again; anything else (a withdrawal, a correction, a link) must not be."""
    ids = list(item_ids)
    for index in _indexes:
        index.enqueue(ids)
    # Read now, inside the transaction: the items' body and columns as the change leaves them.
    tags = item_tags(ids)
    if tags is None:
        transaction.on_commit(bump_public_version)
    else:
        public_pages_changed(tags, removal=not published)
    # The change is committed whatever happens to the index: a failure here leaves the outbox
    # entries for the worker (``gongkai search process``) and must not reach the user.
    transaction.on_commit(lambda: _after_commit(ids), robust=True)


def _after_commit(ids: list[int]) -> None:
    try:
        for index in _indexes:
            index.process(ids)
    except Exception:
        logger.exception("search index update deferred to the worker for items %s", ids[:20])
