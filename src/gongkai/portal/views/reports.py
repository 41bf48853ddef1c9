"""政府信息公开工作年度报告 on the portal (docs/SPEC.md §3 "政府信息公开年报", §6; 条例 第四十九条, 第五十条).

The region's reports by year, a body's reports by year, one report (its six sections with 表二,
表三 and 表四 laid out as on the official form) and its DOCX and XLSX. Only reports in the state
``published`` of active bodies are ever shown: a draft, a submitted, returned or accepted report
is not found (404), whatever the address. Routes in ``urlpatterns``, inserted by ``portal/urls.py``
before the ``<slug>/`` catch-all (so ``reports`` is a reserved slug).

The HTML pages go through the public page cache; the files are built on request from the figures
frozen at submission (``reports.figures.for_report``) and are not cached by the page cache (it
keeps no ``Content-Disposition``), only by HTTP caches for 60 s.
"""

from __future__ import annotations

import io
from itertools import groupby

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.orgs.models import Organization
from gongkai.portal import selectors
from gongkai.portal.cache import public_page
from gongkai.reports import render as report_render
from gongkai.reports.figures import for_report
from gongkai.reports.models import AnnualReport, ReportState

#: The page name in the portal (docs/SPEC.md §3).
SECTION_NAME = "政府信息公开年报"


def published_reports() -> QuerySet[AnnualReport]:
    """The only door to reports on public pages: published, of an active body."""
    return AnnualReport.objects.filter(state=ReportState.PUBLISHED, organization__is_active=True)


def get_published_report(slug: str, year: int) -> tuple[Organization, AnnualReport]:
    body = selectors.get_public_body(slug)
    report = get_object_or_404(
        published_reports().select_related("organization"), organization=body, year=year
    )
    return body, report


def _home_crumb() -> tuple[str, str]:
    return (_("首页"), reverse("portal:home"))


@require_safe
def annual_reports(request: HttpRequest) -> HttpResponse:
    """Every body's published report, by year (newest first), bodies in the order of the tree."""
    reports = (
        published_reports()
        .select_related("organization")
        .order_by("-year", "organization__path", "organization__position", "organization__pk")
    )
    years = [(year, list(group)) for year, group in groupby(reports, key=lambda r: r.year)]
    return render(
        request,
        "portal/reports/index.html",
        {
            "years": years,
            "root": selectors.region_root(),
            "crumbs": [_home_crumb(), (_(SECTION_NAME), None)],
        },
    )


@require_safe
def body_annual_reports(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_public_body(slug)
    reports = list(published_reports().filter(organization=body).order_by("-year"))
    return render(
        request,
        "portal/reports/body.html",
        {
            "body": body,
            "reports": reports,
            "crumbs": [
                _home_crumb(),
                (body.name, reverse("portal:body", args=[body.slug])),
                (_(SECTION_NAME), None),
            ],
        },
    )


@require_safe
def annual_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    body, report = get_published_report(slug, year)
    other_years = list(
        published_reports()
        .filter(organization=body)
        .exclude(pk=report.pk)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    title = report_render.report_title(report)
    return render(
        request,
        "portal/reports/report.html",
        {
            "body": body,
            "report": report,
            "title": title,
            "sections": report_render.report_sections(report),
            "figures": for_report(report),
            "other_years": other_years,
            "format": report_render.FORMAT,
            "crumbs": [
                _home_crumb(),
                (body.name, reverse("portal:body", args=[body.slug])),
                (_(SECTION_NAME), reverse("portal:body_annual_reports", args=[body.slug])),
                (_("%(year)s年") % {"year": report.year}, None),
            ],
        },
    )


def _file(data: bytes, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def annual_report_docx(request: HttpRequest, slug: str, year: int) -> FileResponse:
    _body, report = get_published_report(slug, year)
    title = report_render.report_title(report)
    return _file(report_render.report_docx(report), f"{title}.docx", report_render.DOCX_TYPE)


@require_safe
def annual_report_xlsx(request: HttpRequest, slug: str, year: int) -> FileResponse:
    _body, report = get_published_report(slug, year)
    title = report_render.report_title(report)
    return _file(report_render.report_xlsx(report), f"{title}（统计表）.xlsx", report_render.XLSX_TYPE)


urlpatterns: list[URLPattern] = [
    path("reports/", public_page(annual_reports), name="annual_reports"),
    path("<slug:slug>/reports/", public_page(body_annual_reports), name="body_annual_reports"),
    path("<slug:slug>/reports/<year:year>/", public_page(annual_report), name="annual_report"),
    path("<slug:slug>/reports/<year:year>.docx", annual_report_docx, name="annual_report_docx"),
    path("<slug:slug>/reports/<year:year>.xlsx", annual_report_xlsx, name="annual_report_xlsx"),
]
