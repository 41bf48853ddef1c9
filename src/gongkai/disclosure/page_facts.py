"""What the public pages of items depend on (``core.public_deps.ItemFacts``): each item's body and
the columns it is listed in — filed or cross-listed (同时列入) — with every column above them, as a
column's listing shows its sub-columns' items. Read for any state (a withdrawn item's pages must
go too); three queries for any number of items."""

from __future__ import annotations

from collections import defaultdict

from gongkai.core import public_deps
from gongkai.core.public_changes import public_pages_changed
from gongkai.core.public_deps import ItemFacts
from gongkai.disclosure.models import CatalogColumn, Item


def item_facts(item_ids: list[int]) -> list[ItemFacts]:
    if not item_ids:
        return []
    rows = list(Item.objects.filter(pk__in=item_ids).values_list("pk", "organization_id", "column_id"))
    columns: dict[int, set[int]] = defaultdict(set)
    for pk, _org, column_id in rows:
        if column_id:
            columns[pk].add(column_id)
    through = Item.also_in.through
    for pk, column_id in through.objects.filter(item_id__in=item_ids).values_list(
        "item_id", "catalogcolumn_id"
    ):
        columns[pk].add(column_id)
    orgs = {org for _pk, org, _col in rows}
    parents = dict(CatalogColumn.objects.filter(organization_id__in=orgs).values_list("pk", "parent_id"))
    out = []
    for pk, org, _column in rows:
        listed: set[int] = set()
        for column_id in columns[pk]:
            at: int | None = column_id
            while at is not None and at not in listed:
                listed.add(at)
                at = parents.get(at)
        out.append(ItemFacts(pk=pk, org_id=org, column_ids=frozenset(listed)))
    return out


def catalog_changed(organization_id: int) -> None:
    """Inside the transaction of a change of a body's catalog (a column added, renamed, hidden,
    moved, a template applied): drop the pages that show it, with every column's listing, once
    it commits (``core.public_deps.catalog_changed``)."""
    columns = CatalogColumn.objects.filter(organization_id=organization_id).values_list("pk", flat=True)
    public_pages_changed(public_deps.catalog_changed(organization_id, list(columns)))
