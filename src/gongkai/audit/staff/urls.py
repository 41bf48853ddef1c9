"""Routes of 操作日志 (``audit.staff.views``), under ``/staff/`` in the ``backoffice`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.audit.staff import views

urlpatterns: list[URLPattern] = [
    path("audit/", views.log, name="audit_log"),
    path("audit/export/", views.export, name="audit_log_export"),
]
