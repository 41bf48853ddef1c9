"""Routes of the scheme screens (考核方案) and of recomputing a closed round, mounted under
``/staff/`` in the ``backoffice`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.assessment.staff.schemes import views

S = "assessment/schemes/<id:pk>/"

urlpatterns: list[URLPattern] = [
    path("assessment/schemes/", views.scheme_list, name="assessment_schemes"),
    path("assessment/schemes/new/", views.scheme_new, name="assessment_scheme_new"),
    path(S, views.scheme_detail, name="assessment_scheme"),
    path(S + "edit/", views.scheme_edit, name="assessment_scheme_edit"),
    path(S + "copy/", views.scheme_copy, name="assessment_scheme_copy"),
    path(S + "version/", views.scheme_version, name="assessment_scheme_version"),
    path(S + "publish/", views.scheme_publish, name="assessment_scheme_publish"),
    path(S + "retire/", views.scheme_retire, name="assessment_scheme_retire"),
    path(S + "diff/", views.scheme_diff, name="assessment_scheme_diff"),
    path(S + "criteria/new/", views.criterion_new, name="assessment_criterion_new"),
    path(S + "criteria/<id:criterion_pk>/", views.criterion_edit, name="assessment_criterion_edit"),
    path(
        S + "criteria/<id:criterion_pk>/delete/", views.criterion_delete, name="assessment_criterion_delete"
    ),
    path("assessment/rounds/<id:pk>/recompute/", views.round_recompute, name="assessment_round_recompute"),
    path("assessment/recomputations/<id:pk>/", views.recomputation, name="assessment_recomputation"),
]
