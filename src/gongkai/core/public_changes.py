"""One place that hears "what the public may see has changed".

Service functions call ``public_content_changed`` inside their transaction. The search outbox row
is written in that same transaction (so the index can never miss or keep an item), and after commit
the public page cache moves to a new version so no cached page outlives the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "gongkai:public-version"


def public_version() -> int:
    value = cache.get(_VERSION_KEY)
    if value is None:
        cache.add(_VERSION_KEY, 1, timeout=None)
        value = cache.get(_VERSION_KEY) or 1
    return int(value)


def bump_public_version() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)


def public_content_changed(item_ids: Iterable[int]) -> None:
    from gongkai.search.outbox import enqueue

    ids = list(item_ids)
    enqueue(ids)
    transaction.on_commit(bump_public_version)
    transaction.on_commit(lambda: _after_commit(ids))


def _after_commit(ids: list[int]) -> None:
    from gongkai.search.outbox import process_after_commit

    process_after_commit(ids)
