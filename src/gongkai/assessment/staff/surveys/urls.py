"""Routes of 民主评议 (``assessment.staff.surveys.views``), mounted under ``/staff/`` in the
``backoffice`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.assessment.staff.surveys import views

urlpatterns: list[URLPattern] = [
    path("assessment/surveys/", views.survey_list, name="assessment_surveys"),
    path("assessment/surveys/new/", views.survey_new, name="assessment_survey_new"),
    path("assessment/surveys/<id:pk>/", views.survey_detail, name="assessment_survey"),
    path("assessment/surveys/<id:pk>/edit/", views.survey_edit, name="assessment_survey_edit"),
    path("assessment/surveys/<id:pk>/panels/", views.panel_add, name="assessment_survey_panel_add"),
    path(
        "assessment/surveys/<id:pk>/panels/<id:panel_pk>/remove/",
        views.panel_remove,
        name="assessment_survey_panel_remove",
    ),
    path(
        "assessment/surveys/<id:pk>/panels/<id:panel_pk>/codes/", views.codes, name="assessment_survey_codes"
    ),
    path("assessment/surveys/<id:pk>/open/", views.survey_open, name="assessment_survey_open"),
    path("assessment/surveys/<id:pk>/close/", views.survey_close, name="assessment_survey_close"),
    path("assessment/surveys/<id:pk>/results/", views.results, name="assessment_survey_results"),
    path("assessment/surveys/<id:pk>/results/export/", views.export, name="assessment_survey_export"),
]
