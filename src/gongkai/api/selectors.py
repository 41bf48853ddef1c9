"""Reads behind the public API, each starting from what the public may see.

Items always come from ``Item.objects.public()`` and bodies from ``Organization.objects.active()``,
read through the public read model :mod:`gongkai.disclosure.public` that the portal shares; the
filters here only ever narrow those querysets. Unknown filter values raise
:class:`BadParameter`, which the API turns into a 422 with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.disclosure import public
from gongkai.disclosure.models import CatalogColumn, Classification, Item
from gongkai.disclosure.public import ColumnNode
from gongkai.orgs.models import Organization, OrganizationQuerySet
from gongkai.search.engine import SearchQuery, normalize_doc_number


class BadParameter(Exception):
    """A request parameter that is well-formed but names nothing the public can see."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def public_organizations() -> OrganizationQuerySet:
    return public.public_bodies()


def find_organization(ref: str) -> Organization | None:
    """An active body by slug or by numeric id."""
    return public.find_public_body(ref)


def public_items() -> QuerySet[Item]:
    """Public items with what a catalog row shows (body, column, classes)."""
    return public.public_items().select_related(
        "organization", "column", "topic", "genre", "audience", "combined"
    )


def get_public_item(pk: int) -> Item | None:
    return public.public_item(pk)


@dataclass
class ResolvedFilters:
    """Catalog filters turned into ids, ready for a queryset or a search query."""

    org_ids: list[int] = field(default_factory=list)
    column_ids: list[int] = field(default_factory=list)
    class_ids: dict[str, int] = field(default_factory=dict)  # scheme -> class id
    validity: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    document_number: str = ""


SCHEME_LABELS = {
    "topic": "主题分类",
    "genre": "体裁分类",
    "audience": "服务对象分类",
    "combined": "组配分类",
}


def resolve_filters(params: Any) -> ResolvedFilters:
    """Check and resolve the shared catalog filters of :class:`gongkai.api.schemas.CatalogFilters`."""
    rf = ResolvedFilters()
    if params.organization:
        org = find_organization(params.organization)
        if org is None:
            raise BadParameter("organization", f"没有找到机构“{params.organization}”。")
        if params.include_subordinates:
            rf.org_ids = list(public_organizations().descendants_of(org).values_list("pk", flat=True))
        else:
            rf.org_ids = [org.pk]
    if params.column is not None:
        column = CatalogColumn.objects.filter(pk=params.column, organization__is_active=True).first()
        if column is None:
            raise BadParameter("column", f"没有编号为 {params.column} 的栏目。")
        rf.column_ids = public.column_with_descendants(column)
    for scheme, label in SCHEME_LABELS.items():
        code = getattr(params, scheme, None)
        if not code:
            continue
        cls = Classification.objects.filter(scheme=scheme, code=code.strip()).first()
        if cls is None:
            raise BadParameter(scheme, f"没有代码为“{code}”的{label}。")
        rf.class_ids[scheme] = cls.pk
    rf.validity = params.validity
    rf.date_from, rf.date_to = params.published_from, params.published_to
    if rf.date_from and rf.date_to and rf.date_from > rf.date_to:
        raise BadParameter("published_from", "发布日期的起始日期不能晚于截止日期。")
    rf.document_number = (params.document_number or "").strip()
    return rf


def filter_items(qs: QuerySet[Item], rf: ResolvedFilters) -> QuerySet[Item]:
    if rf.org_ids:
        qs = qs.filter(organization_id__in=rf.org_ids)
    if rf.column_ids:
        qs = public.in_columns(qs, rf.column_ids)
    for scheme, class_id in rf.class_ids.items():
        qs = qs.filter(**{f"{scheme}_id": class_id})
    if rf.validity:
        qs = qs.filter(validity=rf.validity)
    if rf.date_from:
        qs = qs.filter(published_at__date__gte=rf.date_from)
    if rf.date_to:
        qs = qs.filter(published_at__date__lte=rf.date_to)
    if rf.document_number:
        normalized = normalize_doc_number(rf.document_number)
        qs = qs.filter(
            Q(document_number__icontains=rf.document_number) | Q(document_number__icontains=normalized)
        )
    return qs.order_by("-published_at", "-id")


def search_query(rf: ResolvedFilters, *, text: str, order: str, page: int, page_size: int) -> SearchQuery:
    return SearchQuery(
        text=text,
        org_ids=rf.org_ids,
        column_ids=rf.column_ids,
        topic_class_ids=[rf.class_ids["topic"]] if "topic" in rf.class_ids else [],
        genre_class_ids=[rf.class_ids["genre"]] if "genre" in rf.class_ids else [],
        audience_class_ids=[rf.class_ids["audience"]] if "audience" in rf.class_ids else [],
        validity=[rf.validity] if rf.validity else [],  # type: ignore[list-item]
        date_from=rf.date_from,
        date_to=rf.date_to,
        doc_number=rf.document_number,
        doc_number_prefix=True,
        order="date" if order == "date" else "relevance",
        page=page,
        page_size=page_size,
    )


def visible_column_tree(org: Organization) -> list[dict[str, Any]]:
    """The body's catalog as a tree; a hidden column hides its whole branch."""

    def build(nodes: list[ColumnNode]) -> list[dict[str, Any]]:
        return [
            {
                "id": n.column.pk,
                "code": n.column.code,
                "name": n.column.name,
                "description": n.column.description,
                "standard": {str(k): str(v) for k, v in (n.column.standard or {}).items()},
                "children": build(n.children),
            }
            for n in nodes
        ]

    return build(public.column_tree(org).roots)
