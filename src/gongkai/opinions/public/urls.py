"""Public routes of opinions, included by ``gongkai/portal/urls.py`` into the ``portal`` namespace
(before the ``<slug>/`` catch-all). Every route here must be in the leak sweep
(``opinions/tests/leak_probes.py``) and the URL walk (``opinions/tests/url_world.py``).

Lists and feeds are in the page cache (the public version moves when a consultation opens, closes,
concludes or a comment is published); a consultation's page is not while it carries the comment
form (it decides its own ``Cache-Control``), nor are files (streamed)."""

from django.urls import URLPattern, path

from gongkai.opinions.public import views
from gongkai.opinions.public.feeds import BodyConsultationsFeed, RegionConsultationsFeed
from gongkai.portal.cache import public_page

urlpatterns: list[URLPattern] = [
    path("consultations/", public_page(views.consultations), name="consultations"),
    path("consultations/feed/", public_page(RegionConsultationsFeed()), name="consultations_feed"),
    path("consultations/<id:pk>/", views.consultation, name="consultation"),
    path(
        "consultations/<id:pk>/files/<id:attachment_id>/",
        views.attachment,
        name="consultation_attachment",
    ),
    path("<slug:slug>/consultations/", public_page(views.body_consultations), name="body_consultations"),
    path(
        "<slug:slug>/consultations/feed/",
        public_page(BodyConsultationsFeed()),
        name="body_consultations_feed",
    ),
]
