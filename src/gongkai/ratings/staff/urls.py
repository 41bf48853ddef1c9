"""Routes of 社会评议 (``ratings.staff.views``), mounted under ``/staff/`` in the ``backoffice``
namespace by the back office's URL map (``gongkai.core.registry``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.ratings.staff import views

urlpatterns: list[URLPattern] = [
    path("ratings/", views.overview, name="ratings"),
    path("ratings/export/", views.export, name="ratings_export"),
]
