"""Atom feeds of 意见征集: the region's and one body's consultations, newest opened first (as
``portal/feeds.py``: links absolute on ``GONGKAI_SITE_URL``, never the request's host)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gongkai.core.siteurl import absolute_url
from gongkai.opinions.models import Consultation
from gongkai.opinions.public.views import public_consultations
from gongkai.orgs.models import Organization
from gongkai.portal import selectors

FEED_SIZE = 30


class _ConsultationFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Consultation) -> str:
        period = _("征求意见时间：%(start)s 至 %(end)s") % {"start": item.opens_on, "end": item.closes_on}
        return f"{period}。{Truncator(item.body_text).chars(200)}"

    def item_link(self, item: Consultation) -> str:
        return absolute_url(reverse("portal:consultation", args=[item.pk]))

    def item_pubdate(self, item: Consultation) -> dt.datetime | None:
        return item.opened_at

    def item_updateddate(self, item: Consultation) -> dt.datetime | None:
        return item.summary_published_at or item.opened_at

    def item_author_name(self, item: Consultation) -> str:
        return item.organization.name

    def _items(self, body: Organization | None = None) -> list[Consultation]:
        qs = public_consultations()
        if body is not None:
            qs = qs.filter(organization=body)
        return list(qs.order_by("-opened_at", "-pk")[:FEED_SIZE])


class RegionConsultationsFeed(_ConsultationFeed):
    def title(self) -> str:
        root = selectors.region_root()
        return _("%(name)s 意见征集") % {"name": root.name if root else ""}

    def link(self) -> str:
        return absolute_url(reverse("portal:consultations"))

    def feed_url(self) -> str:
        return absolute_url(reverse("portal:consultations_feed"))

    def subtitle(self) -> str:
        return _("本区域各机构公开征求意见的草案及采纳情况")

    def items(self) -> list[Consultation]:
        return self._items()


class BodyConsultationsFeed(_ConsultationFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Organization:  # type: ignore[override]
        return selectors.get_public_body(slug)

    def title(self, obj: Organization) -> str:
        return _("%(name)s 意见征集") % {"name": obj.name}

    def link(self, obj: Organization) -> str:
        return absolute_url(reverse("portal:body_consultations", args=[obj.slug]))

    def feed_url(self, obj: Organization) -> str:
        return absolute_url(reverse("portal:body_consultations_feed", args=[obj.slug]))

    def subtitle(self, obj: Organization) -> str:
        return _("%(name)s 公开征求意见的草案及采纳情况") % {"name": obj.name}

    def items(self, obj: Organization) -> list[Consultation]:
        return self._items(obj)
