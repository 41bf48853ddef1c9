"""URL map of the public portal. Every route here is a public page; each is wrapped in the page
cache except attachment downloads (files stream from storage; HTTP caches may keep them 60 s).

Fixed paths come first: a body whose slug equals one of them (catalog, guide, search, feed, items,
sitemap…) would be shadowed, so such slugs must not be given to bodies.
"""

from django.urls import include, path, re_path

from gongkai.portal import sitemaps, views
from gongkai.portal.cache import public_page
from gongkai.portal.feeds import BodyFeed, ColumnFeed, RegionFeed
from gongkai.portal.views import kiosk as kiosk_views
from gongkai.portal.views import pdf as pdf_views
from gongkai.portal.views import policies as policy_views
from gongkai.portal.views import reports as report_views
from gongkai.portal.views import requests as request_views

app_name = "portal"

#: Search pages follow the index, which trails the database by a moment: keep them briefly.
SEARCH_CACHE_SECONDS = 60
COLUMN_CODE = r"(?P<code>[0-9A-Za-z_-]+)"

urlpatterns = [
    # Applying and looking up a request are private to the applicant: never in the page cache.
    *request_views.urlpatterns,
    # 政府信息公开年报: the region's list is a fixed path, so it comes before the <slug>/ catch-all.
    *report_views.urlpatterns,
    # Letters and annual reports as PDF; 政策解读 and 制度; the reading-room kiosk.
    *pdf_views.urlpatterns,
    *policy_views.urlpatterns,
    *kiosk_views.urlpatterns,
    # Public participation (docs/SPEC.md §2.4, §3): each app's public pages, in this namespace.
    path("", include("gongkai.opinions.public.urls")),
    path("", include("gongkai.interaction.public.urls")),
    path("", include("gongkai.ratings.public.urls")),
    path("", include("gongkai.assessment.public.urls")),
    path("", public_page(views.home), name="home"),
    path("catalog/", public_page(views.catalog), name="catalog"),
    path("guide/", public_page(views.region_guide), name="guide_region"),
    path("search/", public_page(views.search, timeout=SEARCH_CACHE_SECONDS), name="search"),
    path("feed/", public_page(RegionFeed()), name="feed"),
    path("items/<id:pk>/", public_page(views.item_detail), name="item"),
    path(
        "items/<id:pk>/files/<id:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("sitemap.xml", public_page(sitemaps.index), name="sitemap"),
    path(
        "sitemap-<str:section>.xml",
        public_page(sitemaps.section),
        name="sitemap_section",
    ),
    path("<slug:slug>/", public_page(views.body_home), name="body"),
    path("<slug:slug>/guide/", public_page(views.body_guide), name="body_guide"),
    path("<slug:slug>/catalog/", public_page(views.body_catalog), name="body_catalog"),
    re_path(rf"^(?P<slug>[-a-zA-Z0-9_]+)/catalog/{COLUMN_CODE}/$", public_page(views.column), name="column"),
    re_path(
        rf"^(?P<slug>[-a-zA-Z0-9_]+)/catalog/{COLUMN_CODE}/feed/$",
        public_page(ColumnFeed()),
        name="column_feed",
    ),
    path("<slug:slug>/feed/", public_page(BodyFeed()), name="body_feed"),
    path(
        "<slug:slug>/search/",
        public_page(views.body_search, timeout=SEARCH_CACHE_SECONDS),
        name="body_search",
    ),
]
