"""The platform's own vocabulary in the segmenter's dictionary (docs/ARCHITECTURE.md, "Search").

jieba does not know 埇桥, 符离 or 市教体局; a citizen types them. The words that join its dictionary:

* every body's name and short name, and the place names its name begins with
  (``gongkai.search.places``: 宿州市埇桥区教育体育局 → 宿州市, 宿州, 埇桥区, 埇桥);
* the names of the catalog columns and of the class lists (主题/体裁/服务对象/组配分类);
* the 主题词 of the public items (kept in ``SubjectWord`` as items are indexed);
* the administrators' list (``SearchWord``, Django admin: place names the bodies' names do not
  carry, local terms).

**One version for every process.** ``VocabularyVersion`` holds a version (a nanosecond clock value,
never reused, even after a rolled-back transaction); a change of any source sets a new one in the
same transaction (``post_save``/``post_delete`` receivers registered in ``search.apps``, so that
``orgs`` and ``disclosure`` need not know about search). :func:`ensure_current` — called before
each search and before indexing — reads it (one primary-key query) and, when it moved on, reloads
the words into this process's segmenter (``segment.set_vocabulary``).

**Reindexing policy.** Items are indexed with the vocabulary of the moment. A new word is found at
once in items indexed afterwards and, through the bigram fallback (``grams``, ``engine``), in the
items indexed before it, which hold it only as pieces. ``gongkai search rebuild`` re-segments every
item with the current vocabulary (ranking then counts the new word in every item); it is worth
running after many words were added (a new region's bodies), never needed for correctness.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from django.db.models import signals

from gongkai.search.models import SearchWord, SubjectWord, VocabularyVersion
from gongkai.search.places import is_word, name_words, org_words, subject_words
from gongkai.search.segment import set_vocabulary, vocabulary

log = logging.getLogger(__name__)

#: The version this process segments with (None: not loaded yet).
_loaded: int | None = None
#: Words this process already announced (set a new version for) since its last load.
_announced: set[str] = set()


def current_version() -> int:
    return VocabularyVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def bump() -> int:
    """Set a new vocabulary version (inside the caller's transaction)."""
    version = time.time_ns()
    VocabularyVersion.objects.update_or_create(pk=1, defaults={"version": version})
    return version


def platform_words() -> set[str]:
    """Every word of the platform's vocabulary, read from the database."""
    from gongkai.disclosure.models import CatalogColumn, Classification
    from gongkai.orgs.models import Organization

    words: set[str] = set()
    for name, short_name in Organization.objects.values_list("name", "short_name"):
        words |= org_words(name, short_name)
    for name in CatalogColumn.objects.values_list("name", flat=True).distinct():
        words |= name_words(name)
    for name in Classification.objects.values_list("name", flat=True):
        words |= name_words(name)
    words.update(SearchWord.objects.values_list("word", flat=True))
    words.update(SubjectWord.objects.values_list("word", flat=True))
    return {w.strip() for w in words if is_word(w.strip())}


def ensure_current() -> bool:
    """Load the vocabulary into this process's segmenter if its version moved on. True: reloaded."""
    global _loaded
    version = current_version()
    if version == _loaded:
        return False
    set_vocabulary(platform_words())
    _loaded = version
    _announced.clear()
    return True


def announce(words: Iterable[str]) -> bool:
    """Words that a change just brought in (a body's new name …): set a new version when one of
    them is not in the vocabulary yet. True: a new version was set."""
    new = {w for w in words if is_word(w)} - vocabulary() - _announced
    if not new:
        return False
    bump()
    _announced.update(new)
    return True


def add_subject_words(keywords: Iterable[str]) -> bool:
    """Keep the 主题词 of items being indexed; set a new version (and load it) when any is new."""
    words: set[str] = set()
    for k in keywords:
        words |= subject_words(k)
    new = words - vocabulary() - _announced
    if not new:
        return False
    known = set(SubjectWord.objects.filter(word__in=new).values_list("word", flat=True))
    missing = new - known
    if missing:
        SubjectWord.objects.bulk_create([SubjectWord(word=w) for w in sorted(missing)], ignore_conflicts=True)
    bump()
    ensure_current()
    return True


# --- receivers (registered in search.apps) -------------------------------------------------


def _org_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        announce(org_words(instance.name, instance.short_name))


def _named_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        announce(name_words(instance.name))


def _search_word_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    bump()  # an administrator's change, additions and removals alike


def connect() -> None:
    from gongkai.disclosure.models import CatalogColumn, Classification
    from gongkai.orgs.models import Organization

    signals.post_save.connect(_org_saved, sender=Organization, dispatch_uid="search.vocabulary.org")
    for model in (CatalogColumn, Classification):
        signals.post_save.connect(
            _named_saved, sender=model, dispatch_uid=f"search.vocabulary.{model.__name__}"
        )
    signals.post_save.connect(_search_word_changed, sender=SearchWord, dispatch_uid="search.vocabulary.word")
    signals.post_delete.connect(
        _search_word_changed, sender=SearchWord, dispatch_uid="search.vocabulary.word-deleted"
    )
