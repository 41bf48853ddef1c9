"""Routes of the submissions screens (信息报送, docs/SPEC.md §8), mounted under ``/staff/`` in the
``backoffice`` namespace by the back office's URL map (``gongkai.core.registry``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.govinfo.staff.submissions import views

urlpatterns: list[URLPattern] = [
    path("govinfo/submissions/", views.submission_list, name="govinfo_submissions"),
    path("govinfo/submissions/new/", views.submission_new, name="govinfo_submission_new"),
    path("govinfo/submissions/signing/", views.signing_list, name="govinfo_signing"),
    path("govinfo/submissions/<id:pk>/", views.submission_detail, name="govinfo_submission"),
    path("govinfo/submissions/<id:pk>/edit/", views.submission_edit, name="govinfo_submission_edit"),
    path("govinfo/submissions/<id:pk>/send/", views.submission_send, name="govinfo_submission_send"),
    path("govinfo/submissions/<id:pk>/sign/", views.submission_sign, name="govinfo_submission_sign"),
    path("govinfo/submissions/<id:pk>/return/", views.submission_return, name="govinfo_submission_return"),
    path(
        "govinfo/submissions/<id:pk>/withdraw/", views.submission_withdraw, name="govinfo_submission_withdraw"
    ),
    path(
        "govinfo/submissions/<id:pk>/attachments/<id:attachment_pk>/",
        views.attachment_download,
        name="govinfo_submission_attachment",
    ),
    path(
        "govinfo/submissions/<id:pk>/attachments/<id:attachment_pk>/remove/",
        views.attachment_remove,
        name="govinfo_submission_attachment_remove",
    ),
]
