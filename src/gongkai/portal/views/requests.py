"""Public pages of disclosure on request: apply, look up (routes in ``urlpatterns``)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
