"""Back-office views: notifications (routes in ``urlpatterns``, included by backoffice/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
