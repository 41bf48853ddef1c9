"""Versions of the page-cache tags (``core.public_deps``), shared by every process that serves pages.

A cached page (and a published file) records the versions of its tags read *before* it was
rendered; it is still good while every one of them is unchanged. Purging a tag gives it a new
version, so every page that carries it is dropped at once, in every process, whatever cache
holds it.

Stores, like the global public version (``core.public_changes``):

* with a shared cache (Redis): one key per tag, read for a page in one ``get_many``;
* in the embedded deployment (a local-memory cache per worker process): the modification times
  of files in ``DATA_DIR/public-tags/``, which every worker on the machine sees at once. Tags are
  hashed into 65,536 files (so the directory stays bounded however many items change): a purge
  also drops, rarely, a page whose tag shares the file — more renders, never a stale page.

Each tag has a second version (:func:`hard`), moved only by changes that remove something from
the public: an old copy whose second versions are unchanged shows nothing that is no longer public.

A version is never "absent": a tag read for the first time (or whose key Redis evicted, or whose
file was deleted) is given a fresh version from the clock, so a lost store can never make an old
page good again.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

_PREFIX = "gongkai:tag:"
#: Redis keys of tags live a day: one per item ever shown would otherwise pile up. A key that
#: expired comes back with a new version, which only makes its pages render once more (cached
#: entries live minutes; published files are deleted by their tag lists, not by versions).
_TTL = 24 * 3600


def _shared_by_cache() -> bool:
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _root() -> Path:
    return Path(settings.DATA_DIR) / "public-tags"


def _bucket(tag: str) -> Path:
    digest = hashlib.blake2b(tag.encode(), digest_size=2).hexdigest()
    return _root() / digest[:2] / digest[2:]


def current(tags: Iterable[str]) -> dict[str, int]:
    """The current version of each tag."""
    names = sorted(set(tags))
    if _shared_by_cache():
        keys = {_PREFIX + t: t for t in names}
        found = cache.get_many(list(keys))
        out = {keys[k]: int(v) for k, v in found.items()}
        for tag in names:
            if tag not in out:
                cache.add(_PREFIX + tag, time.time_ns(), timeout=_TTL)
                out[tag] = int(cache.get(_PREFIX + tag) or 0)
        return out
    out = {}
    for tag in names:
        path = _bucket(tag)
        try:
            out[tag] = path.stat().st_mtime_ns
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            out[tag] = path.stat().st_mtime_ns
    return out


def unchanged(recorded: dict[str, int]) -> bool:
    """Whether every tag still has the version recorded."""
    return current(recorded) == recorded


def hard(tag: str) -> str:
    """The second version of a tag, moved only by changes that take something away from the public
    (a withdrawal, a correction, an ending): while it is unchanged, an old copy of a page that
    carries the tag is still public, and may be served while the page is rendered again."""
    return "hard:" + tag


def purge(tags: Iterable[str], *, removal: bool = True) -> None:
    """Give each tag a new version: every page that carries one of them is no longer good.
    ``removal=False`` for a change that only adds to what the public sees (a publication): the old
    copies stay servable while the pages are rendered again."""
    names = sorted(set(tags))
    if removal:
        names += [hard(t) for t in names]
    if _shared_by_cache():
        for tag in names:
            try:
                cache.incr(_PREFIX + tag)  # atomic: two purges at once give two new versions
            except ValueError:
                cache.set(_PREFIX + tag, time.time_ns(), timeout=_TTL)
        return
    for tag in names:
        path = _bucket(tag)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            previous = path.stat().st_mtime_ns
        except FileNotFoundError:
            path.touch()
            previous = 0
        now = max(time.time_ns(), previous + 1)
        os.utime(path, ns=(now, now))
