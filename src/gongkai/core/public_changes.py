"""One place that hears "what the public may see has changed".

Service functions call ``public_content_changed`` inside their transaction. The search outbox row
is written in that same transaction (so the index can never miss or keep an item), and after commit
the public version moves on, so no cached public page outlives the change.

The version must be shared by every process that serves pages. With Redis (``REDIS_URL``) it is a
cache key; in the embedded deployment (local-memory cache, one cache per worker process) it is the
modification time of a file in the data directory, which every worker on the machine sees at once.
Both start from the clock, so a lost key or a restart can never bring back an old version.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "gongkai:public-version"
logger = logging.getLogger(__name__)


def _shared_by_cache() -> bool:
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _version_file() -> Path:
    return Path(settings.DATA_DIR) / "public-version"


def public_version() -> int:
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


def bump_public_version() -> None:
    from gongkai.core import published_pages

    if _shared_by_cache():
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            cache.set(_VERSION_KEY, time.time_ns(), timeout=None)
        if published_pages.enabled():
            published_pages.switch_to(public_version())
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


def public_content_changed(item_ids: Iterable[int]) -> None:
    from gongkai.search.outbox import enqueue

    ids = list(item_ids)
    enqueue(ids)
    transaction.on_commit(bump_public_version)
    # The change is committed whatever happens to the index: a failure here leaves the outbox
    # entries for the worker (``gongkai search process``) and must not reach the user.
    transaction.on_commit(lambda: _after_commit(ids), robust=True)


def _after_commit(ids: list[int]) -> None:
    from gongkai.search.outbox import process_after_commit

    try:
        process_after_commit(ids)
    except Exception:
        logger.exception("search index update deferred to the worker for items %s", ids[:20])
