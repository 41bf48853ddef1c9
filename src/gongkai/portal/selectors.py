"""Reads of the public portal: every query here starts from ``Item.objects.public()``.

What the public may see is decided once, in ``ItemQuerySet.public()``, and read through the public
read model :mod:`gongkai.disclosure.public`, which the API shares; this module only narrows it (by
body, column, class) and shapes it for pages (counts, listings, paging). Nothing here ever
touches ``Item.objects`` without ``.public()`` — the leak tests in
``portal/tests/test_never_a_leak.py`` hold us to that.

Cost at 1M items (measured with a few thousand on SQLite; query plans checked with EXPLAIN):

* Listings order by ``-published_at, -id`` and filter by column or body, which the indexes
  ``(column, state, -published_at)`` and ``(organization, state)`` serve; the region-wide listing
  walks ``(state, disclosure_attribute, -published_at)`` and stops after one page.
* Counting: Django's ``Paginator`` runs ``COUNT(*)``. Listings use :class:`CappedPaginator`, which
  counts at most :data:`LISTING_CAP` + 1 rows (``COUNT(*)`` over a ``LIMIT`` subquery), so a count
  never reads more than ~10,000 index entries, and deep pages (whose ``OFFSET`` cost grows with
  the depth) are not offered: beyond the cap the page points to search and filters, and crawlers
  get every item from the sitemap.
* Per-body and per-column counts for the home page and the column tree are one ``GROUP BY`` each,
  cached for :data:`COUNTS_TTL` seconds (counts may lag a few minutes; they show no content).
* An item page is five queries by primary key or small index lookups (item with its classes,
  attachments, the body's columns, its links, the public items at their other ends; see
  :func:`gongkai.disclosure.public.public_links`) — its cost
  does not grow with the number of items. Links are resolved in two steps on purpose: an
  ``IN (public items)`` subquery is materialized by SQLite over the whole table.
* Measured (20,000 items, SQLite, uncached): item page ~20 ms, column page ~80 ms, region home
  ~60 ms; every page from the page cache ~1 ms. Two things the planner needs at 1M items, outside
  this app: SQLite must have statistics (``ANALYZE`` / ``PRAGMA optimize``), otherwise it walks
  the ``(state, disclosure_attribute)`` index for a column listing instead of
  ``(column, state, -published_at)``; and a body's full catalog sorts that body's items unless
  ``Item`` gets an index ``(organization, state, -published_at)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import BaseCache, cache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.disclosure import public
from gongkai.disclosure.models import Attachment, CatalogColumn, Classification, ClassificationScheme, Item
from gongkai.disclosure.public import ColumnNode, ColumnTree, ItemRelations
from gongkai.orgs.models import Kind, Level, Organization

__all__ = ["ColumnNode", "ColumnTree", "ItemRelations"]

#: Most rows a listing counts and pages through (500 pages of 20).
LISTING_CAP = 10_000
LISTING_PAGE_SIZE = 20
#: Seconds the per-body and per-column item counts are kept.
COUNTS_TTL = 300

#: ``state`` must be loaded: django-fsm's ConcurrentTransitionMixin reads it on every instance, and a
#: deferred state would cost one query per row.
LISTING_FIELDS = (
    "id",
    "state",
    "index_number",
    "title",
    "summary",
    "date_formed",
    "published_at",
    "document_number",
    "organization_id",
    "organization__name",
    "organization__slug",
    "validity",
)


# --- bodies ------------------------------------------------------------------------------------


def public_bodies() -> QuerySet[Organization]:
    return public.public_bodies()


def get_public_body(slug: str) -> Organization:
    """An active body by its slug; inactive or unknown bodies are simply not found."""
    return get_object_or_404(public_bodies(), slug=slug)


def region_root() -> Organization | None:
    """The top of the installation's tree (the region's government, or the single body)."""
    return public_bodies().filter(parent__isnull=True).order_by("position", "pk").first()


def _shared_cache() -> BaseCache:
    """A cache every app process of the installation sees: the default one when it is shared
    (Redis); in the embedded deployment (local memory per worker) files under ``DATA_DIR``."""
    if "locmem" not in settings.CACHES["default"]["BACKEND"].lower():
        return cache
    return FileBasedCache(str(Path(settings.DATA_DIR) / "cache" / "portal"), {"TIMEOUT": COUNTS_TTL})


def item_counts_by_body() -> dict[int, int]:
    """Public items per body, kept :data:`COUNTS_TTL` seconds in a cache all processes share.

    Counting reads every public item (~0.9 s at 1M items, from the covering index alone), so it is
    done once per installation and period, not once per worker process.
    """
    key = "portal:counts:bodies"
    shared = _shared_cache()
    counts = shared.get(key)
    if counts is None:
        rows = Item.objects.public().order_by().values_list("organization_id").annotate(n=Count("id"))
        counts = dict(rows)
        shared.set(key, counts, COUNTS_TTL)
    return counts


def item_counts_by_column(body: Organization) -> dict[int, int]:
    """Public items per column of one body (primary column only), cached like the body counts."""
    key = f"portal:counts:columns:{body.pk}"
    counts = cache.get(key)
    if counts is None:
        rows = (
            Item.objects.public()
            .filter(organization=body)
            .order_by()
            .values_list("column_id")
            .annotate(n=Count("id"))
        )
        counts = dict(rows)
        cache.set(key, counts, COUNTS_TTL)
    return counts


class BodyRef(NamedTuple):
    """What a list of bodies shows of each (a row, not a model instance: a province lists 1,000)."""

    pk: int
    name: str
    slug: str


@dataclass
class BodyGroup:
    level: str
    level_label: str
    kind: str
    kind_label: str
    bodies: list[tuple[BodyRef, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.bodies)


def bodies_grouped() -> list[BodyGroup]:
    """Active bodies grouped by level (省→乡镇) then kind, each with its public item count."""
    counts = item_counts_by_body()
    level_order = {v: i for i, v in enumerate(Level.values)}
    kind_order = {v: i for i, v in enumerate(Kind.values)}
    groups: dict[tuple[str, str], list[tuple[BodyRef, int]]] = defaultdict(list)
    for pk, name, slug, level, kind in public_bodies().values_list("id", "name", "slug", "level", "kind"):
        groups[(level, kind)].append((BodyRef(pk, name, slug), counts.get(pk, 0)))
    out = []
    for (level, kind), bodies in sorted(
        groups.items(), key=lambda kv: (level_order.get(kv[0][0], 99), kind_order.get(kv[0][1], 99))
    ):
        out.append(
            BodyGroup(
                level=level,
                level_label=str(Level(level).label) if level in Level.values else level,
                kind=kind,
                kind_label=str(Kind(kind).label) if kind in Kind.values else kind,
                bodies=bodies,
            )
        )
    return out


# --- catalog columns ---------------------------------------------------------------------------


def column_tree(body: Organization, *, with_counts: bool = True) -> ColumnTree:
    """The body's visible column tree, each column with its (cached) count of public items."""
    return public.column_tree(body, counts=item_counts_by_column(body) if with_counts else None)


def get_visible_column(body: Organization, code: str) -> tuple[CatalogColumn, ColumnTree]:
    tree = column_tree(body)
    for node in tree.by_id.values():
        if node.column.code == code:
            return node.column, tree
    raise Http404("no such column")


# --- classes -----------------------------------------------------------------------------------

LISTING_SCHEMES = (ClassificationScheme.TOPIC, ClassificationScheme.GENRE, ClassificationScheme.AUDIENCE)


def classes_by_scheme() -> dict[str, list[Classification]]:
    out: dict[str, list[Classification]] = {s: [] for s in LISTING_SCHEMES}
    for c in Classification.objects.filter(is_active=True, scheme__in=LISTING_SCHEMES):
        out[c.scheme].append(c)
    return out


# --- listings ----------------------------------------------------------------------------------


def listing(
    *,
    body: Organization | None = None,
    column_ids: Sequence[int] = (),
    topic: int | None = None,
    genre: int | None = None,
    audience: int | None = None,
) -> QuerySet[Item]:
    """The catalog listing (目录, 第十二条 fields), newest first."""
    qs = public.public_items()
    if body is not None:
        qs = qs.filter(organization=body)
    if column_ids:
        qs = public.in_columns(qs, column_ids)
    if topic:
        qs = qs.filter(topic_id=topic)
    if genre:
        qs = qs.filter(genre_id=genre)
    if audience:
        qs = qs.filter(audience_id=audience)
    return qs.order_by("-published_at", "-id").only(*LISTING_FIELDS).select_related("organization")


def latest_items(limit: int = 10, *, body: Organization | None = None) -> list[Item]:
    return list(listing(body=body)[:limit])


class CappedPaginator(Paginator):
    """A paginator whose count reads at most ``cap + 1`` rows; pages beyond the cap do not exist.

    ``capped`` tells the template to say "more than N" instead of an exact total.
    """

    def __init__(self, object_list: Any, per_page: int, *, cap: int = LISTING_CAP) -> None:
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.cap = cap

    @cached_property
    def _raw_count(self) -> int:
        # Without the order and with the id alone, the count reads the public-filter covering
        # index (``item_public_cover``) and nothing else: ~1 ms for 1,000 items at 1M.
        return self.object_list.order_by().values_list("pk")[: self.cap + 1].count()  # type: ignore[attr-defined]

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self._raw_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._raw_count > self.cap


# --- an item and what hangs on it ----------------------------------------------------------------


def get_public_item(pk: int) -> Item:
    """A public item with everything its page shows, in two queries; 404 otherwise."""
    item = public.public_item(pk)
    if item is None:
        raise Http404("no such public item")
    return item


def item_relations(item: Item) -> ItemRelations:
    """Links in both directions, only to items that are public themselves, grouped for the page."""
    return ItemRelations.of(public.public_links(item, only=LISTING_FIELDS))


def get_public_attachment(item_id: int, attachment_id: int) -> Attachment:
    """An attachment only through a public item (no public item, no file)."""
    attachment = public.public_attachment(item_id, attachment_id)
    if attachment is None:
        raise Http404("no such attachment")
    return attachment


def bodies_by_ids(ids: Iterable[int]) -> dict[int, Organization]:
    return {o.pk: o for o in public_bodies().filter(pk__in=list(ids))}
