"""The public read model: what the public may see of bodies, catalog columns and items.

The portal's pages and the public API both read through this module, so that the two never differ
on what is public or how it hangs together. What the public may see of items is decided once, in
``ItemQuerySet.public()``, and of bodies in ``OrganizationQuerySet.active()``; everything here only
narrows those and gathers what an item page shows (classes, attachments, cross-listing, links to
other public items, the correction note). Presentation (HTML, JSON, URLs) stays with the caller.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet
from django.db.models.query import get_related_populators
from django.utils import timezone

from gongkai.core.database import prepared_cursor
from gongkai.core.params import parse_id
from gongkai.disclosure.legal import Channel
from gongkai.disclosure.models import Attachment, CatalogColumn, Item, ItemLink, LinkKind
from gongkai.orgs.models import Organization, OrganizationQuerySet

#: Most cross-listed item ids a column filter reads into a list; beyond it the filter stays a subquery.
CROSS_LISTING_CAP = 10_001

#: What an item page reads along with the item: its body, columns and classes.
ITEM_PAGE_RELATED = ("organization", "column", "column__parent", "topic", "genre", "audience", "combined")


# --- bodies ------------------------------------------------------------------------------------


def public_bodies() -> OrganizationQuerySet:
    """Active bodies; an inactive body and everything of it is not public."""
    return Organization.objects.active()


def find_public_body(ref: str) -> Organization | None:
    """An active body by slug or by numeric id."""
    ref = ref.strip()
    qs = public_bodies()
    pk = parse_id(ref)  # a number that is no id (text, "²", 10**30) is looked up as a slug
    if pk is not None:
        return qs.filter(pk=pk).first()
    return qs.filter(slug=ref).first()


# --- catalog columns ---------------------------------------------------------------------------


@dataclass
class ColumnNode:
    column: CatalogColumn
    count: int = 0
    children: list[ColumnNode] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.count + sum(c.total for c in self.children)


@dataclass
class ColumnTree:
    """A body's visible column tree. A hidden column hides its whole subtree."""

    roots: list[ColumnNode]
    by_id: dict[int, ColumnNode]

    def descendant_ids(self, column_id: int) -> list[int]:
        node = self.by_id[column_id]
        ids = [node.column.pk]
        stack = list(node.children)
        while stack:
            n = stack.pop()
            ids.append(n.column.pk)
            stack.extend(n.children)
        return ids

    def ancestors(self, column_id: int) -> list[CatalogColumn]:
        out = []
        col = self.by_id[column_id].column
        while col.parent_id and col.parent_id in self.by_id:
            col = self.by_id[col.parent_id].column
            out.append(col)
        return list(reversed(out))


def column_tree(body: Organization, *, counts: Mapping[int, int] | None = None) -> ColumnTree:
    """The body's visible columns as a tree, in catalog order, each with its count from ``counts``."""
    columns = list(CatalogColumn.objects.filter(organization=body).order_by("position", "code", "id"))
    counts = counts or {}
    nodes = {c.pk: ColumnNode(c, counts.get(c.pk, 0)) for c in columns if not c.is_hidden}
    roots: list[ColumnNode] = []
    visible: dict[int, ColumnNode] = {}

    # Walk top-down so that a child of a hidden (or missing) parent is dropped with it.
    children_of: dict[int | None, list[CatalogColumn]] = defaultdict(list)
    for c in columns:
        children_of[c.parent_id].append(c)

    def attach(parent_id: int | None, into: list[ColumnNode]) -> None:
        for c in children_of.get(parent_id, []):
            node = nodes.get(c.pk)
            if node is None:
                continue
            visible[c.pk] = node
            into.append(node)
            attach(c.pk, node.children)

    attach(None, roots)
    return ColumnTree(roots=roots, by_id=visible)


def visible_column_path(item: Item) -> list[CatalogColumn]:
    """The item's column and its ancestors, outermost first, when the column is in its body's
    visible tree (:func:`column_tree`: every one of them a column of the body, none hidden);
    ``[]`` otherwise. Reads the parents loaded with the item (``ITEM_PAGE_RELATED``) and, for a
    column deeper than two levels, one query per further level, instead of the body's whole tree.
    """
    path: list[CatalogColumn] = []
    col: CatalogColumn | None = item.column
    while col is not None:
        if col.is_hidden or col.organization_id != item.organization_id or len(path) > 64:
            return []
        path.append(col)
        col = col.parent if col.parent_id else None
    return path[::-1]


def column_with_descendants(column: CatalogColumn) -> list[int]:
    """A column and every column below it (hidden ones too: their items are public all the same)."""
    ids = [column.pk]
    frontier = [column.pk]
    while frontier:
        frontier = list(CatalogColumn.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


# --- items -------------------------------------------------------------------------------------


def public_items() -> QuerySet[Item]:
    return Item.objects.public()


def in_columns(qs: QuerySet[Item], column_ids: Sequence[int]) -> QuerySet[Item]:
    """Items filed in one of the columns or cross-listed (同时列入) in one of them."""
    through = Item.also_in.through
    cross_listed = through.objects.filter(catalogcolumn_id__in=column_ids).values_list("item_id", flat=True)
    cross = list(cross_listed[:CROSS_LISTING_CAP])
    # Cross-listing is rare: keep the plain indexed filter unless these columns have any, and
    # hand the database a short list rather than a subquery it may materialize over the table.
    cond = Q(column_id__in=column_ids)
    if len(cross) >= CROSS_LISTING_CAP:
        cond |= Q(pk__in=cross_listed)
    elif cross:
        cond |= Q(pk__in=cross)
    return qs.filter(cond)


#: An id no row has: marks where the id goes in a kept query's parameters.
_ID_MARK = -7_316_519_042


class KeptQuery:
    """A query by an id whose SQL is built once per process, database and day, the id bound at
    each call: the ORM's building of the item page's query (seven joined relations and the public
    filter) cost several times its SQL.

    Only the SQL text and its fixed parameters are kept, never a row: every call reads the database,
    so a withdrawn item is gone at once, in every process. The public filter compares with today,
    so the kept SQL is for one day (and one database alias and engine) and is built again after.
    ``build(id)`` returns the queryset for that id; rows come back as model instances exactly as the
    queryset would make them (its ``select_related`` objects included, the database converters
    applied).
    """

    def __init__(self, build: Callable[[int], QuerySet[Any]]) -> None:
        self.build = build
        self._kept: dict[tuple[str, str, dt.date], _Kept] = {}

    def _get(self, alias: str) -> _Kept:
        key = (alias, connections[alias].vendor, timezone.localdate())
        kept = self._kept.get(key)
        if kept is None:
            kept = _Kept.of(self.build(_ID_MARK).using(alias), alias)
            self._kept = {key: kept}  # one day at a time: the old day's SQL is dropped
        return kept

    def rows(self, pk: int, *, using: str = DEFAULT_DB_ALIAS) -> list[Any]:
        return self._get(using).fetch(pk)


@dataclass(frozen=True)
class _Kept:
    alias: str
    sql: str
    params: tuple[Any, ...]
    at: tuple[int, ...]  # where the id goes in the parameters
    converters: dict[int, tuple[list[Any], Any]]
    model: Any
    init_list: list[str]
    start: int
    end: int
    populators: list[Any]
    id_range: tuple[int | None, int | None]

    @classmethod
    def of(cls, qs: QuerySet[Any], alias: str) -> _Kept:
        compiler = qs.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        marks = tuple(n for n, p in enumerate(params) if p == _ID_MARK)
        if not marks or compiler.has_extra_select or compiler.annotation_col_map:
            raise ValueError("a kept query takes an id and selects a model's fields")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return cls(
            alias=alias,
            sql=sql,
            params=tuple(params),
            at=marks,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            model=klass_info["model"],
            init_list=[f[0].target.attname for f in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, alias),  # type: ignore[call-arg]
            id_range=compiler.connection.ops.integer_field_range(qs.model._meta.pk.get_internal_type()),
        )

    def fetch(self, pk: int) -> list[Any]:
        pk = int(pk)
        lo, hi = self.id_range
        if (lo is not None and pk < lo) or (hi is not None and pk > hi):
            return []  # as the ORM answers an id out of the column's range
        params = list(self.params)
        for n in self.at:
            params[n] = pk
        connection = connections[self.alias]
        with prepared_cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        out = []
        for raw in rows:
            row = list(raw)
            for pos, (convs, expression) in self.converters.items():
                value = row[pos]
                for convert in convs:
                    value = convert(value, expression, connection)
                row[pos] = value
            obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            out.append(obj)
        return out


_PUBLIC_ITEM = KeptQuery(
    lambda pk: public_items().select_related(*ITEM_PAGE_RELATED).filter(pk=pk).order_by()[:1]
)
_ATTACHMENTS = KeptQuery(lambda pk: Attachment.objects.filter(item_id=pk))


#: The links of an item, both ways (kept: the page tags and the item page read them).
ITEM_LINKS = KeptQuery(
    lambda pk: (
        ItemLink.objects.filter(Q(source_id=pk) | Q(target_id=pk))
        .only("pk", "source_id", "target_id", "kind")
        .order_by("pk")
    )
)


def public_item(pk: int) -> Item | None:
    """A public item with everything its page shows (body, columns, classes, attachments) in two
    queries; ``None`` when there is no such public item.

    Both queries are kept (:class:`KeptQuery`): their SQL is built once per process and day.
    """
    found = _PUBLIC_ITEM.rows(pk)
    if not found:
        return None
    item: Item = found[0]
    files = _ATTACHMENTS.rows(item.pk)
    for a in files:
        Attachment.item.field.set_cached_value(a, item)  # type: ignore[attr-defined]
    prefetched = item.attachments.all()  # type: ignore[attr-defined]
    prefetched._result_cache = files
    prefetched._prefetch_done = True  # type: ignore[attr-defined]
    item._prefetched_objects_cache = {"attachments": prefetched}  # type: ignore[attr-defined]
    return item


def public_attachment(item_id: int, attachment_id: int) -> Attachment | None:
    """An attachment only through a public item (no public item, no file)."""
    item = public_items().only("pk", "state").filter(pk=item_id).first()
    if item is None:
        return None
    return Attachment.objects.filter(pk=attachment_id, item=item).first()


def attachments(item: Item) -> list[Attachment]:
    return list(item.attachments.all())


def also_in(item: Item) -> list[CatalogColumn]:
    """The visible columns the item is cross-listed in, besides its own."""
    return [c for c in item.also_in.all() if not c.is_hidden and c.pk != item.column_id]


def channels(item: Item) -> list[tuple[str, str]]:
    """The item's 公开载体 as (code, label); a code no longer known reads as itself."""
    out = []
    for code in item.channels or []:
        try:
            out.append((code, str(Channel(code).label)))
        except ValueError:
            out.append((code, code))
    return out


@dataclass(frozen=True)
class Correction:
    """The public correction note of a corrected item (the current version only is public)."""

    note: str
    corrected_at: dt.datetime  # local time

    @property
    def corrected_on(self) -> dt.date:
        return self.corrected_at.date()


def correction(item: Item) -> Correction | None:
    if not item.corrected_at:
        return None
    return Correction(note=item.correction_note, corrected_at=timezone.localtime(item.corrected_at))


# --- links between items -------------------------------------------------------------------------

Direction = Literal["outgoing", "incoming"]

#: How a link reads on each of its two items (an item shows both ends).
LINK_LABELS: dict[tuple[str, str], str] = {
    (LinkKind.INTERPRETS, "outgoing"): "所解读的文件",
    (LinkKind.INTERPRETS, "incoming"): "政策解读",
    (LinkKind.REPLACES, "outgoing"): "本文件替代的文件",
    (LinkKind.REPLACES, "incoming"): "替代本文件的文件",
    (LinkKind.ABOLISHES, "outgoing"): "本文件废止的文件",
    (LinkKind.ABOLISHES, "incoming"): "废止本文件的文件",
}


@dataclass(frozen=True)
class PublicLink:
    """A link of an item seen from that item: ``other`` is the public item at its other end."""

    kind: str
    direction: Direction
    other: Item

    @property
    def label(self) -> str:
        return LINK_LABELS.get((self.kind, self.direction), str(LinkKind(self.kind).label))


def public_links(item: Item, *, only: Iterable[str] = ()) -> list[PublicLink]:
    """The item's links in both directions whose other end is public too, outgoing first, by kind,
    newest other item first.

    Two small queries: the links of this item, then the public ones among the items at their other
    ends (an ``IN (public items)`` subquery would be materialized by SQLite over the whole table).
    ``only`` narrows the fields loaded of the other items.
    """
    links = [(x.source_id, x.target_id, x.kind) for x in ITEM_LINKS.rows(item.pk)]
    if not links:
        return []
    other_ids = {t if s == item.pk else s for s, t, _ in links}
    qs = (
        public_items()
        .filter(pk__in=other_ids)
        .select_related("organization")
        .order_by("-published_at", "-pk")
    )
    if only:
        qs = qs.only(*only)
    ordered = list(qs)
    rank = {i.pk: n for n, i in enumerate(ordered)}
    others = {i.pk: i for i in ordered}
    out = []
    for source_id, target_id, kind in links:
        if source_id == item.pk and target_id in others:
            out.append(PublicLink(kind, "outgoing", others[target_id]))
        elif target_id == item.pk and source_id in others:
            out.append(PublicLink(kind, "incoming", others[source_id]))
    out.sort(key=lambda link: (link.direction != "outgoing", link.kind, rank[link.other.pk]))
    return out


@dataclass
class ItemRelations:
    """An item's public links grouped the way its page lists them."""

    interpretations: list[Item] = field(default_factory=list)  # 政策解读 of this item
    interprets: list[Item] = field(default_factory=list)  # the policies this item interprets
    replaces: list[Item] = field(default_factory=list)
    replaced_by: list[Item] = field(default_factory=list)
    abolishes: list[Item] = field(default_factory=list)
    abolished_by: list[Item] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.interpretations,
                self.interprets,
                self.replaces,
                self.replaced_by,
                self.abolishes,
                self.abolished_by,
            )
        )

    @classmethod
    def of(cls, links: Iterable[PublicLink]) -> ItemRelations:
        rel = cls()
        groups = {
            (LinkKind.INTERPRETS, "outgoing"): rel.interprets,
            (LinkKind.REPLACES, "outgoing"): rel.replaces,
            (LinkKind.ABOLISHES, "outgoing"): rel.abolishes,
            (LinkKind.INTERPRETS, "incoming"): rel.interpretations,
            (LinkKind.REPLACES, "incoming"): rel.replaced_by,
            (LinkKind.ABOLISHES, "incoming"): rel.abolished_by,
        }
        for link in links:
            groups[(LinkKind(link.kind), link.direction)].append(link.other)
        return rel
