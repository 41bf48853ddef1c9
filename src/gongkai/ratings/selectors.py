"""What the back office shows of ratings besides the figures (``ratings.figures``): the items
rated 不满意 most often and the latest comments (already masked when stored), for a set of bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from gongkai.disclosure.models import Item
from gongkai.ratings.models import Grade, Rating, TargetKind


@dataclass(frozen=True)
class ItemRow:
    item_id: int
    title: str
    organization_name: str
    unsatisfied: int
    total: int


def most_unsatisfied_items(
    org_ids: Iterable[int], start: dt.date, end: dt.date, limit: int = 10
) -> list[ItemRow]:
    """The items of these bodies with the most 不满意 (没有帮助) ratings in the months from ``start``
    to ``end`` (first days of months), with their number of ratings; items nobody found unhelpful
    are left out."""
    ids = list(org_ids)
    if not ids:
        return []
    rows = list(
        Rating.objects.filter(kind=TargetKind.ITEM, organization_id__in=ids, month__gte=start, month__lte=end)
        .values("item_id")
        .annotate(unsatisfied=Count("id", filter=Q(grade=Grade.UNSATISFIED)), total=Count("id"))
        .filter(unsatisfied__gt=0)
        .order_by("-unsatisfied", "-total", "item_id")[:limit]
    )
    items = Item.objects.select_related("organization").in_bulk([r["item_id"] for r in rows])
    return [
        ItemRow(
            item_id=r["item_id"],
            title=items[r["item_id"]].title,
            organization_name=items[r["item_id"]].organization.name,
            unsatisfied=r["unsatisfied"],
            total=r["total"],
        )
        for r in rows
        if r["item_id"] in items
    ]


def recent_comments(org_ids: Iterable[int], start: dt.date, end: dt.date, limit: int = 20) -> list[Rating]:
    """The latest ratings with a comment of these bodies in the months from ``start`` to ``end``."""
    ids = list(org_ids)
    if not ids:
        return []
    return list(
        Rating.objects.filter(organization_id__in=ids, month__gte=start, month__lte=end)
        .exclude(comment="")
        .select_related("organization", "item")
        .order_by("-created_at", "-id")[:limit]
    )
