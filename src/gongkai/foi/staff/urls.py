"""Routes of the request screens (依申请公开), mounted by the back office shell under ``/staff/``
in the ``backoffice`` namespace (``gongkai.core.registry.staff_url_modules``)."""

from __future__ import annotations

from django.urls import URLPattern

from gongkai.foi.staff.views import request_dashboard, requests

urlpatterns: list[URLPattern] = [*requests.urlpatterns, *request_dashboard.urlpatterns]
