"""Routes of the round screens (考核评议), mounted under ``/staff/`` in the ``backoffice`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.assessment.staff.rounds import results, views

B = "assessment/rounds/<id:pk>/bodies/<id:body_pk>/"

urlpatterns: list[URLPattern] = [
    path("assessment/rounds/", views.round_list, name="assessment_rounds"),
    path("assessment/rounds/new/", views.round_new, name="assessment_round_new"),
    path("assessment/rounds/<id:pk>/", views.round_detail, name="assessment_round"),
    path("assessment/rounds/<id:pk>/open/", views.round_open, name="assessment_round_open"),
    path(
        "assessment/rounds/<id:pk>/start-scoring/",
        views.round_start_scoring,
        name="assessment_round_start_scoring",
    ),
    path(
        "assessment/rounds/<id:pk>/open-objections/",
        views.round_open_objections,
        name="assessment_round_open_objections",
    ),
    path("assessment/rounds/<id:pk>/finalize/", views.round_finalize, name="assessment_round_finalize"),
    path("assessment/rounds/<id:pk>/results/", views.results, name="assessment_round_results"),
    path(
        "assessment/rounds/<id:pk>/objections/<id:objection_pk>/",
        views.objection_decide,
        name="assessment_objection",
    ),
    path(B, views.body_detail, name="assessment_round_body"),
    path(B + "group/", views.round_peer_group, name="assessment_round_peer_group"),
    path(B + "refresh/", views.body_refresh, name="assessment_round_body_refresh"),
    path(B + "score/", views.score, name="assessment_score"),
    path(B + "object/", views.body_object, name="assessment_round_body_object"),
    path(B + "confirm/", views.body_confirm, name="assessment_round_body_confirm"),
    path(B + "indicators/<slug:code>/", views.indicator_records, name="assessment_indicator_records"),
    path(B + "evidence/<id:evidence_pk>/", views.evidence_download, name="assessment_evidence"),
    path(B + "evidence/<id:evidence_pk>/remove/", views.evidence_remove, name="assessment_evidence_remove"),
    # The results 通报 (the rankings part: assessment/staff/rounds/results.py).
    path(
        "assessment/rounds/<id:pk>/results/bulletin/",
        results.bulletin_generate,
        name="assessment_round_bulletin",
    ),
    path(
        "assessment/rounds/<id:pk>/results/bulletin/<id:bulletin_pk>/publish/",
        results.bulletin_publish,
        name="assessment_round_bulletin_publish",
    ),
]
