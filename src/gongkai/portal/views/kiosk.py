"""Public pages: kiosk (routes in ``urlpatterns``, mounted by ``portal/urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
