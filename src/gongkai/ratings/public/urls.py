"""Public routes of ratings, included by ``gongkai/portal/urls.py`` into the ``portal`` namespace
(before the ``<slug>/`` catch-all). Every route here must be in the leak sweep
(``ratings/tests/leak_probes.py``) and the URL walk (``ratings/tests/url_world.py``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
