"""Atom feeds (Django syndication, Atom 1.0): the whole region, one body, one column of a body.

Entries are the newest public items only, read afresh from ``Item.objects.public()``; a corrected
item shows its current title and summary and is "updated" at the correction date.

Every link (the feed's own, its page, each entry) is absolute on ``GONGKAI_SITE_URL``: Django's
``Feed`` would otherwise prefix the request's Host header, and feeds are cached for every visitor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gongkai.core.siteurl import absolute_url
from gongkai.disclosure.models import CatalogColumn, Item
from gongkai.orgs.models import Organization
from gongkai.portal import selectors

FEED_SIZE = 30


class _ItemFeed(Feed):
    feed_type = Atom1Feed

    def _items(self, **filters: Any) -> list[Item]:
        qs = selectors.listing(**filters).select_related("organization")
        return list(qs.only(*selectors.LISTING_FIELDS, "corrected_at", "body_text")[:FEED_SIZE])

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.summary or Truncator(item.body_text).chars(200)

    def item_link(self, item: Item) -> str:
        return absolute_url(reverse("portal:item", args=[item.pk]))

    def item_pubdate(self, item: Item) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Item) -> dt.datetime | None:
        return item.corrected_at or item.published_at

    def item_author_name(self, item: Item) -> str:
        return item.organization.name

    def item_categories(self, item: Item) -> list[str]:
        return [item.index_number] if item.index_number else []


class RegionFeed(_ItemFeed):
    def title(self) -> str:
        root = selectors.region_root()
        return _("%(name)s 最新公开信息") % {"name": root.name if root else ""}

    def link(self) -> str:
        return absolute_url(reverse("portal:catalog"))

    def feed_url(self) -> str:
        return absolute_url(reverse("portal:feed"))

    def subtitle(self) -> str:
        return _("本区域各机构最新主动公开的政府信息")

    def items(self) -> list[Item]:
        return self._items()


class BodyFeed(_ItemFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Organization:  # type: ignore[override]
        return selectors.get_public_body(slug)

    def title(self, obj: Organization) -> str:
        return _("%(name)s 最新公开信息") % {"name": obj.name}

    def link(self, obj: Organization) -> str:
        return absolute_url(reverse("portal:body", args=[obj.slug]))

    def feed_url(self, obj: Organization) -> str:
        return absolute_url(reverse("portal:body_feed", args=[obj.slug]))

    def subtitle(self, obj: Organization) -> str:
        return _("%(name)s 主动公开的政府信息") % {"name": obj.name}

    def items(self, obj: Organization) -> list[Item]:
        return self._items(body=obj)


class ColumnFeed(_ItemFeed):
    def get_object(  # type: ignore[override]
        self, request: HttpRequest, slug: str, code: str
    ) -> tuple[Organization, CatalogColumn, list[int]]:
        body = selectors.get_public_body(slug)
        column, tree = selectors.get_visible_column(body, code)
        return body, column, tree.descendant_ids(column.pk)

    def title(self, obj: tuple[Organization, CatalogColumn, list[int]]) -> str:
        return f"{obj[0].name} · {obj[1].name}"

    def link(self, obj: tuple[Organization, CatalogColumn, list[int]]) -> str:
        return absolute_url(reverse("portal:column", args=[obj[0].slug, obj[1].code]))

    def feed_url(self, obj: tuple[Organization, CatalogColumn, list[int]]) -> str:
        return absolute_url(reverse("portal:column_feed", args=[obj[0].slug, obj[1].code]))

    def subtitle(self, obj: tuple[Organization, CatalogColumn, list[int]]) -> str:
        return _("%(body)s“%(column)s”栏目最新公开信息") % {"body": obj[0].name, "column": obj[1].name}

    def items(self, obj: tuple[Organization, CatalogColumn, list[int]]) -> list[Item]:
        return self._items(body=obj[0], column_ids=obj[2])
