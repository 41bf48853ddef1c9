"""Search (检索, 2019 条例 第二十四条): Chinese full text over titles, bodies and attachment text,
region-wide and per body, with filters, relevance or date order, highlighted snippets.

A 发文字号 (宿教〔2026〕52号, typed with any brackets, with or without 第) or an 索引号 typed in the
box goes straight to the item when exactly one public item has it (302; never cached, since the
page cache keeps 200s only); when several have it, they are listed above the full-text results,
the exact spelling first (``search.indexer.find_public_by_number``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core import public_changes, public_deps, tag_versions
from gongkai.core.params import param_id, parse_page
from gongkai.disclosure.models import CatalogColumn, Item
from gongkai.orgs.models import Organization
from gongkai.portal import selectors
from gongkai.portal.cache import no_page_cache
from gongkai.portal.forms import SearchForm
from gongkai.search.indexer import PublicResults, find_public_by_number, search_public

log = logging.getLogger(__name__)

PAGE_SIZE = 20
#: Deepest result page offered (as for listings: narrow the search instead of paging further).
MAX_PAGES = 500


def _columns_of(body: Organization) -> Any:
    ids = list(selectors.column_tree(body, with_counts=False).by_id)
    return CatalogColumn.objects.filter(pk__in=ids).select_related("parent").order_by("position", "code")


def _bodies_version() -> tuple[int, int]:
    """What the public bodies' list depends on: the version of the pages that list them
    (``core.public_deps.REGION_BODIES``, moved by a body added or renamed) and the global public
    version (moved by a body switched off or moved in the tree). When either moves, the search
    form's body options are drawn again."""
    return (
        public_changes.public_version(),
        tag_versions.current([public_deps.REGION_BODIES])[public_deps.REGION_BODIES],
    )


def _body_from_param(request: HttpRequest) -> Organization | None:
    pk = param_id(request.GET, "body")
    return selectors.public_bodies().filter(pk=pk).first() if pk is not None else None


def _run(request: HttpRequest, *, fixed_body: Organization | None) -> HttpResponse:
    chosen = fixed_body or _body_from_param(request)
    form = SearchForm(
        request.GET or None,
        bodies=selectors.public_bodies().order_by("path", "position").only("id", "name"),
        columns=_columns_of(chosen) if chosen else None,
        fixed_body=fixed_body,
        bodies_version=None if fixed_body else _bodies_version(),
    )
    results: PublicResults | None = None
    page_obj = None
    unavailable = False
    page_problem: PageProblem | None = None
    status = 200
    number_matches: list[Item] = []
    if form.is_bound and form.has_criteria:
        raw_page = request.GET.get("page")
        requested = parse_page(raw_page)
        number_matches = _number_matches(form, fixed_body, first_page=raw_page is None)
        if len(number_matches) == 1:
            return HttpResponseRedirect(reverse("portal:item", args=[number_matches[0].pk]))
        page = min(requested or 1, MAX_PAGES)
        try:
            results = search_public(form.to_query(page=page, page_size=PAGE_SIZE, fixed_body=fixed_body))
        except Exception:  # the engine failing must not take the portal down
            log.exception("search failed")
            results = None
            unavailable = True
        else:
            unavailable = not results.available
        if results is not None and results.available:
            # results.total never counts what the public cannot see (search_public: ended 限时公开
            # items are filtered in the index, hits no longer public are taken off).
            total = min(results.total, MAX_PAGES * PAGE_SIZE)
            page_obj = Paginator(range(total), PAGE_SIZE).get_page(results.page)
            page_problem = _page_problem(raw_page, requested, total=results.total, shown=total)
            if page_problem is not None:
                # The count stays (it is true); the hits of another page are not passed off as
                # the page asked for.
                results.hits = []
                status = page_problem.status
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
            "page_problem": page_problem,
            "number_matches": number_matches,
        },
        status=status,
    )
    if unavailable:
        no_page_cache(response)
    return response


@dataclass(frozen=True)
class PageProblem:
    """Why the page asked for cannot be shown, and the page to go to instead."""

    message: str
    go_to: int
    status: int


def _page_problem(raw: str | None, requested: int | None, *, total: int, shown: int) -> PageProblem | None:
    """None when ``requested`` is a page of the results; otherwise what to say (core/params.py:
    a malformed page number is a 400, a page past the last one a 404, each with the count)."""
    num_pages = max(1, -(-shown // PAGE_SIZE))
    if requested is None:
        return PageProblem(
            _("页码“%(page)s”无效：页码应为 1 至 %(pages)d 之间的整数。")
            % {"page": (raw or "")[:20], "pages": num_pages},
            1,
            400,
        )
    if requested <= num_pages or total == 0:
        return None
    if requested > MAX_PAGES and total > shown:
        message = _("检索结果最多显示前 %(max)d 页。请增加检索词或使用筛选条件缩小范围。") % {
            "max": MAX_PAGES
        }
    else:
        message = _("第%(page)d页超出范围，共%(pages)d页。") % {"page": requested, "pages": num_pages}
    return PageProblem(message, num_pages, 404)


def _number_matches(form: SearchForm, fixed_body: Organization | None, *, first_page: bool) -> list[Item]:
    """The public items whose 发文字号 or 索引号 is the search text — on the first page of a
    search by text alone (in one body when the search is a body's or names one)."""
    d = form.cleaned_data
    text = d.get("q", "").strip()
    if not text or not first_page or any(v for k, v in d.items() if k not in ("q", "order", "body")):
        return []
    body = fixed_body or d.get("body")
    try:
        return find_public_by_number(text, org_ids=[body.pk] if body else [])
    except Exception:  # a failing look-up must not take the search down
        log.exception("number look-up failed")
        return []


def _filters_used(form: SearchForm) -> bool:
    return any(v for k, v in form.cleaned_data.items() if k not in ("q", "order"))


def search(request: HttpRequest) -> HttpResponse:
    return _run(request, fixed_body=None)


def body_search(request: HttpRequest, slug: str) -> HttpResponse:
    return _run(request, fixed_body=selectors.get_public_body(slug))
