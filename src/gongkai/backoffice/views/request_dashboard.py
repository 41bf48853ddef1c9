"""Back-office views: the requests dashboard and request settings (routes in ``urlpatterns``)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
