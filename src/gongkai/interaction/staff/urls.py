"""Routes of the 互动 screens, mounted by the back office shell under ``/staff/`` in the
``backoffice`` namespace (``gongkai.core.registry.staff_url_modules``)."""

from __future__ import annotations

from django.urls import URLPattern

from gongkai.interaction.staff import views

urlpatterns: list[URLPattern] = [*views.urlpatterns]
