"""Public routes of interaction, included by ``gongkai/portal/urls.py`` into the ``portal`` namespace
(before the ``<slug>/`` catch-all). Every route here must be in the leak sweep
(``interaction/tests/leak_probes.py``) and the URL walk (``interaction/tests/url_world.py``).

The published lists and pages are cached (``portal.cache.public_page``); the form, the code page and
the look-up are private pages (no-store)."""

from django.urls import URLPattern, path

from gongkai.interaction.public import views
from gongkai.portal.cache import public_page

urlpatterns: list[URLPattern] = [
    path("messages/", public_page(views.messages), name="messages"),
    path("messages/write/", views.message_write, name="message_write"),
    path("messages/submitted/", views.message_submitted, name="message_submitted"),
    path("messages/track/", views.message_track, name="message_track"),
    path("messages/<id:pk>/", public_page(views.message), name="message"),
    path("<slug:slug>/messages/", public_page(views.body_messages), name="body_messages"),
]
