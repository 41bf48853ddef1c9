"""Routes of 预警与通报批评 (``assessment.staff.warnings.views``), under ``/staff/`` in the
``backoffice`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.assessment.staff.warnings import views

urlpatterns: list[URLPattern] = [
    path("assessment/warnings/", views.overview, name="assessment_warnings"),
    path("assessment/warnings/export/", views.export, name="assessment_warnings_export"),
    path("assessment/warnings/bodies/<id:org_id>/", views.body, name="assessment_warnings_body"),
    path("assessment/warnings/policy/<id:authority_id>/", views.policy, name="assessment_overrun_policy"),
    path("assessment/criticisms/", views.criticisms, name="assessment_criticisms"),
    path("assessment/criticisms/<id:pk>/", views.criticism, name="assessment_criticism"),
    path("assessment/bulletins/<id:pk>/", views.bulletin, name="assessment_bulletin"),
    path("assessment/bulletins/<id:pk>/docx/", views.bulletin_download, name="assessment_bulletin_docx"),
]
