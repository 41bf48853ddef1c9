"""Public routes of ratings, included by ``gongkai/portal/urls.py`` into the ``portal`` namespace
(before the ``<slug>/`` catch-all). Every route here must be in the leak sweep
(``ratings/tests/leak_probes.py``) and the URL walk (``ratings/tests/url_world.py``).

Never in the public page cache: each answer belongs to one visitor (``ratings.public.views``)."""

from django.urls import URLPattern, path

from gongkai.ratings.public import views

urlpatterns: list[URLPattern] = [
    path("items/<id:pk>/rate/", views.rate_item, name="rate_item"),
    path("<slug:slug>/rate/", views.rate_body, name="rate_body"),
]
