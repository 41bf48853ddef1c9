"""Routes of the request screens (依申请公开), mounted by the back office shell under ``/staff/``
in the ``backoffice`` namespace (``gongkai.core.registry.staff_url_modules``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.foi.staff.views import letter_pdf, request_dashboard, requests

urlpatterns: list[URLPattern] = [
    *requests.urlpatterns,
    *request_dashboard.urlpatterns,
    path(
        "requests/<id:pk>/letters/<id:letter_pk>/pdf/",
        letter_pdf.request_letter_pdf,
        name="request_letter_pdf",
    ),
]
