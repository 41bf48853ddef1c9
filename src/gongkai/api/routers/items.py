"""政府信息: the public catalog (目录) and item pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from gongkai.api.pagination import paginate
from gongkai.api.schemas import ErrorOut, ItemDetailOut, ItemFilters, ItemPage
from gongkai.api.selectors import filter_items, get_public_item, public_items, resolve_filters
from gongkai.api.serialize import item_detail, item_summary
from gongkai.disclosure.public import public_links

router = Router()

NOT_FOUND = "未找到该信息"


@router.get(
    "",
    response={200: ItemPage, 422: ErrorOut},
    operation_id="listItems",
    summary="主动公开目录 / Public catalog",
)
def list_items(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any]:
    """已主动公开的政府信息，按发布日期从新到旧排列。
    Items published for active disclosure, newest first, with the catalog filters."""
    rf = resolve_filters(filters)
    qs = filter_items(public_items(), rf)
    page = paginate(request, qs, page=filters.page, page_size=filters.page_size)
    page["results"] = [item_summary(i, request) for i in page.pop("objects")]
    return page


@router.get(
    "/{int:item_id}",
    response={200: ItemDetailOut, 404: ErrorOut},
    operation_id="getItem",
    summary="政府信息详情 / Item with its full metadata",
)
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    """一条政府信息的完整元数据（docs/SPEC.md §2.1）、正文、附件、关联的公开信息和更正说明（只提供现行版本）。
    One item's full metadata table, body, attachments, links to other public items and the
    correction note if corrected (the current version only)."""
    item = get_public_item(item_id)
    if item is None:
        raise HttpError(404, NOT_FOUND)
    return item_detail(item, request, links=public_links(item))
