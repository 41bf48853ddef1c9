"""Views of the public portal (门户). Every view reads only public data (``portal.selectors``) and is
wrapped in the page cache (``portal.cache.public_page``) where it is routed."""

from gongkai.portal.views.catalog import attachment_download, body_catalog, catalog, column, item_detail
from gongkai.portal.views.pages import body_guide, body_home, home, region_guide
from gongkai.portal.views.search import body_search, search

__all__ = [
    "attachment_download",
    "body_catalog",
    "body_guide",
    "body_home",
    "body_search",
    "catalog",
    "column",
    "home",
    "item_detail",
    "region_guide",
    "search",
]
