"""Routes of the urgent-report screens (紧急信息, docs/SPEC.md §8), mounted under ``/staff/`` in the
``backoffice`` namespace by the back office's URL map (``gongkai.core.registry``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.govinfo.staff.urgent import views

urlpatterns: list[URLPattern] = [
    path("govinfo/urgent/", views.event_list, name="govinfo_urgent"),
    path("govinfo/urgent/new/", views.event_new, name="govinfo_urgent_new"),
    path("govinfo/urgent/<id:pk>/", views.event_detail, name="govinfo_urgent_event"),
    path("govinfo/urgent/<id:pk>/reports/new/", views.report_new, name="govinfo_urgent_report_new"),
    path("govinfo/urgent/<id:pk>/penalty/", views.penalty_new, name="govinfo_urgent_penalty"),
    path("govinfo/urgent-reports/<id:pk>/sign/", views.report_sign, name="govinfo_urgent_sign"),
    path("govinfo/urgent-reports/<id:pk>/send/", views.report_send, name="govinfo_urgent_send"),
    path("govinfo/urgent-reports/<id:pk>/receive/", views.report_receive, name="govinfo_urgent_receive"),
    path("govinfo/urgent-reports/<id:pk>/read/", views.report_read, name="govinfo_urgent_read"),
]
