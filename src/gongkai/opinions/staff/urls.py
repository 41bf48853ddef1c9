"""Routes of the 意见征集 screens, mounted under ``/staff/`` in the ``backoffice`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.opinions.staff import views

urlpatterns: list[URLPattern] = [
    path("opinions/", views.consultation_list, name="opinions"),
    path("opinions/new/", views.consultation_new, name="opinions_new"),
    path("opinions/<id:pk>/", views.consultation_detail, name="opinions_detail"),
    path("opinions/<id:pk>/edit/", views.consultation_edit, name="opinions_edit"),
    path("opinions/<id:pk>/submit/", views.consultation_submit, name="opinions_submit"),
    path("opinions/<id:pk>/review/", views.consultation_review, name="opinions_review"),
    path("opinions/<id:pk>/open/", views.consultation_open, name="opinions_open"),
    path("opinions/<id:pk>/return/", views.consultation_return, name="opinions_return"),
    path("opinions/<id:pk>/close/", views.consultation_close, name="opinions_close"),
    path("opinions/<id:pk>/comments/", views.comment_list, name="opinions_comments"),
    path("opinions/<id:pk>/comments/<id:comment_pk>/", views.comment_detail, name="opinions_comment"),
    path("opinions/<id:pk>/themes/", views.theme_new, name="opinions_themes"),
    path("opinions/<id:pk>/themes/<id:theme_pk>/", views.theme_detail, name="opinions_theme"),
    path("opinions/<id:pk>/summary/", views.summary, name="opinions_summary"),
    path("opinions/<id:pk>/final/", views.final_document, name="opinions_final"),
    path("opinions/<id:pk>/files/<id:attachment_pk>/", views.attachment_download, name="opinions_attachment"),
    path(
        "opinions/<id:pk>/files/<id:attachment_pk>/remove/",
        views.attachment_remove,
        name="opinions_attachment_remove",
    ),
]
