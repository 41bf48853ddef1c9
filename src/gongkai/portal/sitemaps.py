"""sitemap.xml (django.contrib.sitemaps): public items, active bodies, their visible columns, and
published annual reports.

At 1M items Django's default paginator would run ``COUNT(*)`` and ``OFFSET`` 950,000 for the last
page. :class:`PkRangePaginator` cuts the items into fixed primary-key ranges instead: page *n* holds
the public items with ``(n-1)·R ≤ pk < n·R`` (R = 50,000, the protocol's limit), so a page is one
indexed range scan and the number of pages is ``max(pk) // R + 1`` (one index lookup). A range
may hold fewer URLs than R (unpublished ids leave gaps) — the protocol allows that.

Every ``<loc>`` is built from ``GONGKAI_SITE_URL`` (``gongkai.core.siteurl``), never from the
request's Host header or scheme: the sitemap is cached and shared by every visitor.

The items section is written by :func:`section` directly (one ``values_list`` query, no model
instances, no template loop): Django's template renders 50,000 ``<url>`` entries in ~15 s, this in
well under a second. The index and the small sections use Django's views.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from gongkai.core.siteurl import absolute_url, parse_site_url, site_url
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Organization
from gongkai.portal import selectors


@dataclass
class _RangePage:
    object_list: Any


class PkRangePaginator:
    """Just what ``Sitemap`` uses of a paginator: ``num_pages`` and ``page(n).object_list``."""

    def __init__(self, queryset: QuerySet[Any], per_page: int) -> None:
        self.queryset = queryset
        self.per_page = per_page

    @property
    def num_pages(self) -> int:
        top = Item.objects.aggregate(m=Max("pk"))["m"] or 0
        return top // self.per_page + 1

    def page(self, number: Any) -> _RangePage:
        try:
            n = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("not an integer") from None
        if n < 1 or n > self.num_pages:
            raise EmptyPage("no such page")
        lo = (n - 1) * self.per_page
        return _RangePage(self.queryset.filter(pk__gte=lo, pk__lt=lo + self.per_page).order_by("pk"))


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on the configured site, whatever ``site``/``protocol`` Django's view
    derived from the request."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return parse_site_url(site_url())[0]

    def get_domain(self, site: Any = None) -> str:
        # The site URL after the scheme: host, port and any path prefix.
        return site_url().split("://", 1)[1]


class ItemSitemap(SiteSitemap):
    limit = 50_000
    changefreq = "monthly"

    def items(self) -> QuerySet[Item]:
        return Item.objects.public().only("pk", "state", "published_at", "corrected_at")

    @property
    def paginator(self) -> PkRangePaginator:  # type: ignore[override]
        return PkRangePaginator(self.items(), self.limit)

    def location(self, item: Item) -> str:
        # reverse() for each of 50,000 URLs costs seconds; the pattern is fixed.
        if not hasattr(self, "_prefix"):
            self._prefix = reverse("portal:item", args=[0])[: -len("0/")]
        return f"{self._prefix}{item.pk}/"

    def lastmod(self, item: Item) -> dt.datetime | None:
        return item.corrected_at or item.published_at

    def get_latest_lastmod(self) -> None:
        # The default iterates every item; the index simply omits lastmod for this section.
        return None


class BodySitemap(SiteSitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Organization]:
        return selectors.public_bodies().only("slug").order_by("pk")

    def location(self, body: Organization) -> str:
        return reverse("portal:body", args=[body.slug])


class ColumnSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for body in selectors.public_bodies().only("pk", "slug").order_by("pk"):
            tree = selectors.column_tree(body, with_counts=False)
            out.extend((body.slug, node.column.code) for node in tree.by_id.values())
        return out

    def location(self, obj: tuple[str, str]) -> str:
        return reverse("portal:column", args=list(obj))


class AnnualReportSitemap(SiteSitemap):
    """Published annual reports (政府信息公开工作年度报告) of active bodies."""

    changefreq = "yearly"

    def items(self) -> list[tuple[str, int]]:
        from gongkai.reports.models import AnnualReport, ReportState

        published = AnnualReport.objects.filter(state=ReportState.PUBLISHED)
        return list(
            published.filter(organization__in=selectors.public_bodies())
            .order_by("organization_id", "year")
            .values_list("organization__slug", "year")
        )

    def location(self, obj: tuple[str, int]) -> str:
        return reverse("portal:annual_report", args=list(obj))


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "items": ItemSitemap,
    "bodies": BodySitemap,
    "columns": ColumnSitemap,
    "reports": AnnualReportSitemap,
}


def index(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """sitemap.xml: one ``<sitemap>`` per section and page, on the configured site."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for name, sitemap in SITEMAPS.items():
        if callable(sitemap):
            sitemap = sitemap()
        loc = escape(absolute_url(reverse("portal:sitemap_section", kwargs={"section": name})))
        parts.append(f"<sitemap><loc>{loc}</loc></sitemap>\n")
        for page in range(2, sitemap.paginator.num_pages + 1):
            parts.append(f"<sitemap><loc>{loc}?p={page}</loc></sitemap>\n")
    parts.append("</sitemapindex>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def section(request: HttpRequest, section: str) -> HttpResponse:
    """One sitemap section; ``?p=N`` pages the items section by id range."""
    if section != "items":
        return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
    sitemap = ItemSitemap()
    try:
        page = sitemap.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("no such sitemap page") from None
    prefix = escape(absolute_url(reverse("portal:item", args=[0]))[: -len("0/")])
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for pk, published_at, corrected_at in page.object_list.values_list("pk", "published_at", "corrected_at"):
        changed = corrected_at or published_at
        lastmod = f"<lastmod>{timezone.localtime(changed).date().isoformat()}</lastmod>" if changed else ""
        parts.append(f"<url><loc>{prefix}{pk}/</loc>{lastmod}<changefreq>monthly</changefreq></url>\n")
    parts.append("</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
