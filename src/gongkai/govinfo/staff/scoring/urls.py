"""Routes of the scoring screens (排名通报, docs/SPEC.md §8), mounted under ``/staff/`` in the
``backoffice`` namespace by the back office's URL map (``gongkai.core.registry``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.govinfo.staff.scoring import views

urlpatterns: list[URLPattern] = [
    path("govinfo/rankings/", views.rankings, name="govinfo_rankings"),
    path("govinfo/rankings/lines/", views.ranking_lines, name="govinfo_ranking_lines"),
    path("govinfo/bulletins/", views.bulletin_list, name="govinfo_bulletins"),
    path("govinfo/bulletins/new/", views.bulletin_new, name="govinfo_bulletin_new"),
    path("govinfo/bulletins/<id:pk>/", views.bulletin_detail, name="govinfo_bulletin"),
    path("govinfo/bulletins/<id:pk>/edit/", views.bulletin_edit, name="govinfo_bulletin_edit"),
    path("govinfo/bulletins/<id:pk>/recompute/", views.bulletin_recompute, name="govinfo_bulletin_recompute"),
    path("govinfo/bulletins/<id:pk>/issue/", views.bulletin_issue, name="govinfo_bulletin_issue"),
    path("govinfo/bulletins/<id:pk>/delete/", views.bulletin_delete, name="govinfo_bulletin_delete"),
    path("govinfo/bulletins/<id:pk>/docx/", views.bulletin_docx, name="govinfo_bulletin_docx"),
    path("govinfo/rules/", views.rule_list, name="govinfo_rules"),
    path("govinfo/rules/new/", views.rule_new, name="govinfo_rule_new"),
    path("govinfo/rules/<id:pk>/", views.rule_detail, name="govinfo_rule"),
    path("govinfo/penalties/", views.penalty_list, name="govinfo_penalties"),
    path("govinfo/penalties/new/", views.penalty_new, name="govinfo_penalty_new"),
]
