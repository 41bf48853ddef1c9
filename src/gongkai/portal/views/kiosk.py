"""The reading-room kiosk (查阅场所 touch screens): routes in ``urlpatterns``, under ``/kiosk/``.

A kiosk is a public touch screen in a reading room (《条例》第二十五条: 政府信息查阅场所). Its pages
live under their own path prefix, so that they stay cacheable (no cookie or session decides the
layout) and every link on them keeps the visitor in the kiosk: browse by body, by column of the
catalog template and by topic (主题分类) first, search, read an item, print a slip with its
索引号 and address. Kiosk templates extend ``portal/kiosk/base.html``.

What the kiosk shows is what the portal shows: every read goes through ``portal.selectors`` (or
``disclosure.public``), i.e. ``Item.objects.public()`` and active bodies. Links to other sites are
shown as text (``templatetags/kiosk.py``): the kiosk never opens a foreign host.

An idle timer (``gongkai.js``) returns to the start page after ``GONGKAI["KIOSK_IDLE_SECONDS"]``
(default :data:`DEFAULT_IDLE_SECONDS`), rendered into ``data-kiosk-idle`` on ``<body>``.
"""

from __future__ import annotations

import logging
from typing import Any

import segno
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _

from gongkai.core.conf import conf
from gongkai.core.params import parse_page
from gongkai.core.siteurl import absolute_url
from gongkai.disclosure import public
from gongkai.disclosure.models import (
    CatalogColumn,
    Classification,
    ClassificationScheme,
    Item,
    TemplateColumn,
)
from gongkai.orgs.models import Organization
from gongkai.portal import selectors
from gongkai.portal.cache import no_page_cache, public_page
from gongkai.portal.forms import SearchForm
from gongkai.portal.views.catalog import metadata_rows
from gongkai.search.indexer import find_public_by_number, search_public

log = logging.getLogger(__name__)

#: Seconds without a touch before a kiosk page returns to the start page.
DEFAULT_IDLE_SECONDS = 120
#: Items per kiosk listing page (fewer than the portal: rows are tall on a touch screen).
PAGE_SIZE = 10
#: Deepest search page a kiosk offers.
MAX_SEARCH_PAGES = 50
COLUMN_CODE = r"(?P<code>[0-9A-Za-z_-]+)"


def idle_seconds() -> int:
    """The configured idle time; a value that is not a positive whole number falls back to the default."""
    value = conf().get("KIOSK_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return DEFAULT_IDLE_SECONDS
    return seconds if seconds > 0 else DEFAULT_IDLE_SECONDS


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("kiosk_idle", idle_seconds())
    return render(request, template, context, status=status)


def _page(request: HttpRequest, qs: QuerySet[Item]) -> Any:
    paginator = selectors.CappedPaginator(qs, PAGE_SIZE, cap=selectors.LISTING_CAP)
    return paginator.get_page(request.GET.get("page"))


def _home_crumb() -> tuple[str, str]:
    return (_("查阅首页"), reverse("portal:kiosk"))


# --- browsing by column of the catalog template ----------------------------------------------------


def template_columns() -> list[TemplateColumn]:
    """The top columns of the catalog templates the active bodies use, in template order."""
    used = (
        CatalogColumn.objects.filter(
            organization__in=public.public_bodies(), is_hidden=False, template_column__isnull=False
        )
        .values("template_column_id")
        .distinct()
    )
    return list(
        TemplateColumn.objects.filter(parent__isnull=True, pk__in=used)
        .select_related("template")
        .order_by("template_id", "position", "code")
    )


def _template_column_ids(root: TemplateColumn) -> list[int]:
    ids = [root.pk]
    frontier = [root.pk]
    while frontier:
        frontier = list(TemplateColumn.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def columns_of_template_column(root: TemplateColumn) -> list[int]:
    """The visible columns of active bodies made from ``root`` or a column below it (a column under
    a hidden one is hidden with it, one level up is checked, as the templates are two deep)."""
    return list(
        CatalogColumn.objects.filter(
            template_column_id__in=_template_column_ids(root),
            organization__in=public.public_bodies(),
            is_hidden=False,
        )
        .exclude(parent__is_hidden=True)
        .values_list("pk", flat=True)
    )


def template_column_groups() -> list[tuple[str, list[TemplateColumn]]]:
    """The start page's columns: those with public items, under the name of their catalog template
    (templates share column names: 其他, 重大建设项目…). A tile never leads to an empty list; which
    columns have items is cached like the portal's counts (``selectors.COUNTS_TTL``)."""
    key = "portal:kiosk:template-columns"
    shown = cache.get(key)
    if shown is None:
        shown = [
            c.pk
            for c in template_columns()
            if (ids := columns_of_template_column(c)) and selectors.listing(column_ids=ids).exists()
        ]
        cache.set(key, shown, selectors.COUNTS_TTL)
    groups: dict[int, tuple[str, list[TemplateColumn]]] = {}
    for column in template_columns():
        if column.pk in shown:
            groups.setdefault(column.template_id, (column.template.name, []))[1].append(column)
    return list(groups.values())


def topics_with_items() -> list[Classification]:
    """The 主题分类 with public items (cached like :func:`template_column_groups`)."""
    key = "portal:kiosk:topics"
    shown = cache.get(key)
    topics = selectors.classes_by_scheme()[ClassificationScheme.TOPIC]
    if shown is None:
        shown = [t.pk for t in topics if selectors.listing(topic=t.pk).exists()]
        cache.set(key, shown, selectors.COUNTS_TTL)
    return [t for t in topics if t.pk in shown]


# --- views -----------------------------------------------------------------------------------------


def start(request: HttpRequest) -> HttpResponse:
    """The start page: browse by body, by column and by topic, and a large search box."""
    return _render(
        request,
        "portal/kiosk/start.html",
        {
            "groups": selectors.bodies_grouped(),
            "column_groups": template_column_groups(),
            "topics": topics_with_items(),
            "latest": selectors.latest_items(6),
            "is_start": True,
        },
    )


def body(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.get_public_body(slug)
    page_obj = _page(request, selectors.listing(body=org))
    return _render(
        request,
        "portal/kiosk/listing.html",
        {
            "body": org,
            "heading": org.name,
            "nodes": selectors.column_tree(org).roots,
            "page_obj": page_obj,
            "crumbs": [_home_crumb(), (org.name, None)],
        },
    )


def column(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    org = selectors.get_public_body(slug)
    col, tree = selectors.get_visible_column(org, code)
    page_obj = _page(request, selectors.listing(body=org, column_ids=tree.descendant_ids(col.pk)))
    crumbs: list[tuple[str, str | None]] = [
        _home_crumb(),
        (org.name, reverse("portal:kiosk_body", args=[slug])),
    ]
    crumbs += [(a.name, reverse("portal:kiosk_column", args=[slug, a.code])) for a in tree.ancestors(col.pk)]
    crumbs.append((col.name, None))
    node = tree.by_id[col.pk]
    return _render(
        request,
        "portal/kiosk/listing.html",
        {
            "body": org,
            "column": col,
            "heading": col.name,
            "subtitle": org.name,
            "nodes": node.children,
            "page_obj": page_obj,
            "crumbs": crumbs,
        },
    )


def template_column(request: HttpRequest, pk: int) -> HttpResponse:
    """One column of the catalog template across every body that uses it."""
    root = next((c for c in template_columns() if c.pk == pk), None)
    if root is None:
        raise Http404("no such column in use")
    ids = columns_of_template_column(root)
    qs = selectors.listing(column_ids=ids) if ids else selectors.listing().none()
    return _render(
        request,
        "portal/kiosk/listing.html",
        {
            "heading": root.name,
            "subtitle": _("各机构"),
            "show_body": True,
            "page_obj": _page(request, qs),
            "crumbs": [_home_crumb(), (root.name, None)],
        },
    )


def topic(request: HttpRequest, pk: int) -> HttpResponse:
    """Items of one 主题分类, across the region."""
    cls = get_object_or_404(Classification, pk=pk, scheme=ClassificationScheme.TOPIC, is_active=True)
    return _render(
        request,
        "portal/kiosk/listing.html",
        {
            "heading": cls.name,
            "subtitle": _("主题分类"),
            "show_body": True,
            "page_obj": _page(request, selectors.listing(topic=cls.pk)),
            "crumbs": [_home_crumb(), (cls.name, None)],
        },
    )


def _item_context(item: Item) -> dict[str, Any]:
    org: Organization = item.organization
    tree = selectors.column_tree(org, with_counts=False)
    crumbs: list[tuple[str, str | None]] = [
        _home_crumb(),
        (org.name, reverse("portal:kiosk_body", args=[org.slug])),
    ]
    column_url = None
    if item.column_id in tree.by_id:
        for a in tree.ancestors(item.column_id):
            crumbs.append((a.name, reverse("portal:kiosk_column", args=[org.slug, a.code])))
        column_url = reverse("portal:kiosk_column", args=[org.slug, item.column.code])
        crumbs.append((item.column.name, column_url))
    crumbs.append((item.title, None))
    # The portal's metadata table, with the body and the column pointing into the kiosk.
    rows = metadata_rows(item, column_url=column_url)
    body_label = _("发布机构")
    rows = [(label, org.name if label == body_label else value) for label, value in rows]
    return {
        "item": item,
        "body": org,
        "rows": rows,
        "crumbs": crumbs,
        "public_url": absolute_url(reverse("portal:item", args=[item.pk])),
    }


def item(request: HttpRequest, pk: int) -> HttpResponse:
    it = selectors.get_public_item(pk)
    context = _item_context(it)
    correction = public.correction(it)
    context.update(
        {
            "attachments": public.attachments(it),
            "relations": selectors.item_relations(it),
            "corrected_on": correction.corrected_on if correction else None,
        }
    )
    return _render(request, "portal/kiosk/item.html", context)


def qr_data_uri(url: str) -> str:
    """The URL as a QR code, an SVG ``data:`` URI (the CSP allows ``img-src data:``)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000"))


def slip(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable slip: title, 索引号, 发布机构, dates and the item's full public URL with a QR code."""
    it = selectors.get_public_item(pk)
    context = _item_context(it)
    context["crumbs"] = [
        *context["crumbs"][:-1],
        (it.title, reverse("portal:kiosk_item", args=[pk])),
        (_("打印查阅单"), None),
    ]
    context["qr"] = qr_data_uri(context["public_url"])
    return _render(request, "portal/kiosk/slip.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search of the region, the words only (filters stay on the portal's search page).
    A 发文字号 or 索引号 typed in the box goes straight to the kiosk's page of its item when one
    public item has it (302, never cached); several are listed above the full-text results."""
    q = (request.GET.get("q") or "").strip()
    form = SearchForm(
        {"q": q} if q else None, bodies=selectors.public_bodies().none(), columns=None, fixed_body=None
    )
    results = None
    page_obj = None
    unavailable = False
    status = 200
    number_matches: list[Item] = []
    if q and form.is_valid() and form.has_criteria:
        if request.GET.get("page") is None:
            # A 发文字号 or 索引号 goes to its item, as in the portal's search box (views/search.py).
            try:
                number_matches = find_public_by_number(q)
            except Exception:  # a failing look-up must not take the kiosk down
                log.exception("kiosk number look-up failed")
            if len(number_matches) == 1:
                return redirect("portal:kiosk_item", number_matches[0].pk)
        requested = parse_page(request.GET.get("page"))
        if requested is None:
            status = 400
            requested = 1
        page = min(requested, MAX_SEARCH_PAGES)
        try:
            results = search_public(form.to_query(page=page, page_size=PAGE_SIZE, fixed_body=None))
        except Exception:  # the engine failing must not take the kiosk down
            log.exception("kiosk search failed")
            results = None
        unavailable = results is None or not results.available
        if results is not None and results.available:
            total = min(results.total, MAX_SEARCH_PAGES * PAGE_SIZE)
            page_obj = Paginator(range(total), PAGE_SIZE).get_page(results.page)
    response = _render(
        request,
        "portal/kiosk/search.html",
        {
            "form": form,
            "q": q,
            "results": results,
            "page_obj": page_obj,
            "unavailable": unavailable,
            "number_matches": number_matches,
            "crumbs": [_home_crumb(), (_("检索"), None)],
        },
        status=status,
    )
    if unavailable:
        no_page_cache(response)
    return response


#: Kiosk pages are read-only public pages: cached like the portal's (search only briefly).
SEARCH_CACHE_SECONDS = 60

urlpatterns = [
    path("kiosk/", public_page(start), name="kiosk"),
    path("kiosk/search/", public_page(search, timeout=SEARCH_CACHE_SECONDS), name="kiosk_search"),
    path("kiosk/bodies/<slug:slug>/", public_page(body), name="kiosk_body"),
    re_path(
        rf"^kiosk/bodies/(?P<slug>[-a-zA-Z0-9_]+)/catalog/{COLUMN_CODE}/$",
        public_page(column),
        name="kiosk_column",
    ),
    path("kiosk/template-columns/<id:pk>/", public_page(template_column), name="kiosk_template_column"),
    path("kiosk/topics/<id:pk>/", public_page(topic), name="kiosk_topic"),
    path("kiosk/items/<id:pk>/", public_page(item), name="kiosk_item"),
    path("kiosk/items/<id:pk>/slip/", public_page(slip), name="kiosk_slip"),
]
