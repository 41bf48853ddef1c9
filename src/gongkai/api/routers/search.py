"""检索: Chinese full-text search over the public items (2019 条例 第二十四条)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from gongkai.api.pagination import page_links
from gongkai.api.schemas import ErrorOut, SearchPageOut, SearchParams
from gongkai.api.selectors import BadParameter, resolve_filters, search_query
from gongkai.api.serialize import item_summary
from gongkai.search.indexer import search_public

router = Router()


@router.get(
    "",
    response={200: SearchPageOut, 422: ErrorOut},
    operation_id="search",
    summary="全文检索 / Full-text search",
)
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """检索标题、正文和附件文字，按相关度或发布日期排序，返回高亮的标题和摘要（HTML 已转义，
    检索词用 ``<mark>`` 标出）以及普通字段。
    Searches titles, bodies and attachment text; results carry highlighted title and snippet HTML
    (escaped, words in ``<mark>``) next to the plain fields."""
    if not params.q.strip():
        raise BadParameter("q", "请输入检索词。")
    rf = resolve_filters(params)
    query = search_query(rf, text=params.q, order=params.order, page=params.page, page_size=params.page_size)
    results = search_public(
        query, select_related=("organization", "column", "topic", "genre", "audience", "combined")
    )
    return {
        "q": params.q,
        "words": results.words,
        "available": results.available,
        "total": results.total,
        "page": results.page,
        "page_size": results.page_size,
        "num_pages": results.num_pages,
        **page_links(request, page=results.page, num_pages=results.num_pages),
        "results": [
            {
                **item_summary(hit.item, request),
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                "score": hit.score,
            }
            for hit in results.hits
        ],
    }
