"""Routes of the information section's desk (信息科: received items, issues of its publications,
adoptions above), mounted under ``/staff/`` in the ``backoffice`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.govinfo.staff.desk.views import adoptions, desk, issues, publications

urlpatterns: list[URLPattern] = [
    path("govinfo/desk/", desk.desk_list, name="govinfo_desk"),
    path("govinfo/desk/<id:pk>/", desk.desk_item, name="govinfo_desk_item"),
    path("govinfo/desk/<id:pk>/receive/", desk.desk_receive, name="govinfo_desk_receive"),
    path("govinfo/desk/<id:pk>/edit/", desk.desk_edit, name="govinfo_desk_edit"),
    path("govinfo/desk/<id:pk>/return/", desk.desk_return, name="govinfo_desk_return"),
    path("govinfo/desk/<id:pk>/reserve/", desk.desk_reserve, name="govinfo_desk_reserve"),
    path("govinfo/desk/<id:pk>/adopt/", desk.desk_adopt, name="govinfo_desk_adopt"),
    path("govinfo/desk/<id:pk>/forward/", desk.desk_forward, name="govinfo_desk_forward"),
    path("govinfo/desk/<id:pk>/merge/", desk.desk_merge, name="govinfo_desk_merge"),
    path("govinfo/issues/", issues.issue_list, name="govinfo_issues"),
    path("govinfo/issues/new/", issues.issue_new, name="govinfo_issue_new"),
    path("govinfo/issues/<id:pk>/", issues.issue_detail, name="govinfo_issue"),
    path("govinfo/issues/<id:pk>/edit/", issues.issue_edit, name="govinfo_issue_edit"),
    path("govinfo/issues/<id:pk>/entries/<id:entry>/", issues.issue_entry, name="govinfo_issue_entry"),
    path("govinfo/issues/<id:pk>/move/", issues.issue_move, name="govinfo_issue_move"),
    path("govinfo/issues/<id:pk>/remove/", issues.issue_remove, name="govinfo_issue_remove"),
    path("govinfo/issues/<id:pk>/issue/", issues.issue_issue, name="govinfo_issue_issue"),
    path("govinfo/issues/<id:pk>/archive/", issues.issue_archive, name="govinfo_issue_archive"),
    path("govinfo/issues/<id:pk>/delete/", issues.issue_delete, name="govinfo_issue_delete"),
    path("govinfo/issues/<id:pk>/docx/", issues.issue_docx, name="govinfo_issue_docx"),
    path("govinfo/issues/<id:pk>/print/", issues.issue_print, name="govinfo_issue_print"),
    path("govinfo/publications/", publications.publication_list, name="govinfo_publications"),
    path("govinfo/publications/<id:pk>/", publications.publication_edit, name="govinfo_publication"),
    path("govinfo/adoptions/", adoptions.adoption_list, name="govinfo_adoptions"),
]
