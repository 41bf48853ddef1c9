"""Page-number pagination for list endpoints: ``page`` from 1, ``page_size`` at most 100."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.core.siteurl import absolute_url

T = TypeVar("T")


def page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return absolute_url(f"{request.path}?{params.urlencode()}")


def page_links(request: HttpRequest, *, page: int, num_pages: int) -> dict[str, str | None]:
    return {
        "next": page_url(request, page + 1) if page < num_pages else None,
        "previous": page_url(request, min(page - 1, num_pages)) if page > 1 else None,
    }


def paginate(request: HttpRequest, qs: QuerySet[Any], *, page: int, page_size: int) -> dict[str, Any]:
    """One page of ``qs`` with the envelope fields; a page past the end is empty, not an error."""
    count = qs.count()
    num_pages = max(1, -(-count // page_size))
    offset = (page - 1) * page_size
    objects = list(qs[offset : offset + page_size]) if offset < count else []
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "num_pages": num_pages,
        **page_links(request, page=page, num_pages=num_pages),
        "objects": objects,
    }
