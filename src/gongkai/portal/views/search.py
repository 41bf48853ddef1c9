"""Search (检索, 2019 条例 第二十四条): Chinese full text over titles, bodies and attachment text,
region-wide and per body, with filters, relevance or date order, highlighted snippets."""

from __future__ import annotations

import logging
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.disclosure.models import CatalogColumn
from gongkai.orgs.models import Organization
from gongkai.portal import selectors
from gongkai.portal.cache import no_page_cache
from gongkai.portal.forms import SearchForm
from gongkai.search.indexer import PublicResults, search_public

log = logging.getLogger(__name__)

PAGE_SIZE = 20
#: Deepest result page offered (as for listings: narrow the search instead of paging further).
MAX_PAGES = 500


def _columns_of(body: Organization) -> Any:
    ids = list(selectors.column_tree(body, with_counts=False).by_id)
    return CatalogColumn.objects.filter(pk__in=ids).select_related("parent").order_by("position", "code")


def _body_from_param(request: HttpRequest) -> Organization | None:
    raw = request.GET.get("body", "")
    if raw.isdigit():
        return selectors.public_bodies().filter(pk=int(raw)).first()
    return None


def _run(request: HttpRequest, *, fixed_body: Organization | None) -> HttpResponse:
    chosen = fixed_body or _body_from_param(request)
    form = SearchForm(
        request.GET or None,
        bodies=selectors.public_bodies().order_by("path", "position").only("id", "name"),
        columns=_columns_of(chosen) if chosen else None,
        fixed_body=fixed_body,
    )
    results: PublicResults | None = None
    page_obj = None
    unavailable = False
    if form.is_bound and form.has_criteria:
        try:
            page = int(request.GET.get("page", "1"))
        except ValueError:
            page = 1
        page = min(max(page, 1), MAX_PAGES)
        try:
            results = search_public(form.to_query(page=page, page_size=PAGE_SIZE, fixed_body=fixed_body))
        except Exception:  # the engine failing must not take the portal down
            log.exception("search failed")
            results = None
            unavailable = True
        else:
            unavailable = not results.available
        if results is not None and results.available:
            # Hits the index still holds but that are no longer public (the index trails the
            # database by a moment, or a body was deactivated) were dropped by search_public:
            # don't count them either.
            expected = max(0, min(PAGE_SIZE, results.total - (results.page - 1) * PAGE_SIZE))
            results.total -= max(0, expected - len(results.hits))
            total = min(results.total, MAX_PAGES * PAGE_SIZE)
            page_obj = Paginator(range(total), PAGE_SIZE).get_page(results.page)
    crumbs: list[tuple[str, str | None]] = [(_("首页"), reverse("portal:home"))]
    if fixed_body:
        crumbs.append((fixed_body.name, reverse("portal:body", args=[fixed_body.slug])))
    crumbs.append((_("检索"), None))
    response = render(
        request,
        "portal/search.html",
        {
            "form": form,
            "body": fixed_body,
            "results": results,
            "page_obj": page_obj,
            "unavailable": unavailable,
            "query_text": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
            "filters_used": form.is_bound and (not form.is_valid() or _filters_used(form)),
            "crumbs": crumbs,
            "nav_section": "search",
        },
    )
    if unavailable:
        no_page_cache(response)
    return response


def _filters_used(form: SearchForm) -> bool:
    return any(v for k, v in form.cleaned_data.items() if k not in ("q", "order"))


def search(request: HttpRequest) -> HttpResponse:
    return _run(request, fixed_body=None)


def body_search(request: HttpRequest, slug: str) -> HttpResponse:
    return _run(request, fixed_body=selectors.get_public_body(slug))
