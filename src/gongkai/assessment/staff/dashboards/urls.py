"""Routes of 考核看板 (``assessment.staff.dashboards.views``), mounted under ``/staff/`` in the
``backoffice`` namespace by the back office's URL map (``gongkai.core.registry``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gongkai.assessment.staff.dashboards import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("assessment/dashboards/", views.index, name="assessment_dashboards"),
    path("assessment/dashboards/body/<id:pk>/", views.body, name="assessment_dashboard_body"),
    path("assessment/dashboards/records/", views.records, name="assessment_dashboard_records"),
    path("assessment/dashboards/export/<slug:table>.xlsx", views.export, name="assessment_dashboard_xlsx"),
]
