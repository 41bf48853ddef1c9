"""Routes of the annual report (年度报告) and 统计分析 screens, mounted under ``/staff/`` in the
``backoffice`` namespace by the back office's URL map (``gongkai.core.registry``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.reports.staff.views import pdf, reports, statistics

urlpatterns: list[URLPattern] = [
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_new, name="report_new"),
    path("reports/overview/", reports.reports_overview, name="reports_overview"),
    path("reports/<id:pk>/", reports.report_detail, name="report"),
    path("reports/<id:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<id:pk>/return/", reports.report_return, name="report_return"),
    path("reports/<id:pk>/accept/", reports.report_accept, name="report_accept"),
    path("reports/<id:pk>/publish/", reports.report_publish, name="report_publish"),
    path("reports/<id:pk>/download/<str:fmt>/", reports.report_download, name="report_download"),
    path("reports/<id:pk>/pdf/", pdf.report_pdf, name="report_pdf"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/export/", statistics.statistics_export, name="statistics_export"),
]
