"""The demo's ratings (``ratings.demo``): a few hundred over the region's bodies and their public
items, within the last six months and never before an item's publication, comments masked."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gongkai.ratings.demo.ratings import DAYS, TOTAL, build_ratings
from gongkai.ratings.models import Rating, TargetKind

pytestmark = pytest.mark.django_db


def test_demo_ratings_read_as_real(region, make_item, clock):
    clock.set(dt.date(2026, 3, 16))
    items = [make_item(title=f"关于做好第{n}批就业补贴发放工作的通知") for n in range(3)]
    demo_region = SimpleNamespace(bodies={o.slug: o for o in (region.city, region.office, region.dept)})
    made = build_ratings(demo_region, seed=2008, today=dt.date(2026, 3, 16))
    ratings = list(Rating.objects.select_related("item"))
    assert made == len(ratings) == TOTAL
    assert {r.organization_id for r in ratings} == {region.city.pk, region.office.pk, region.dept.pk}
    assert {r.grade for r in ratings} == {"satisfied", "basic", "unsatisfied"}
    on_items = [r for r in ratings if r.kind == TargetKind.ITEM]
    assert on_items and {r.item for r in on_items} <= set(items)
    earliest = timezone.make_aware(dt.datetime(2026, 3, 16)) - dt.timedelta(days=DAYS + 1)
    for r in ratings:
        assert earliest <= r.created_at <= timezone.now()
        assert r.month == timezone.localdate(r.created_at).replace(day=1)
        if r.item is not None:
            assert r.created_at >= r.item.published_at
    comments = [r.comment for r in ratings if r.comment]
    assert len(comments) > 20
    assert not any("13905571234" in c or "0557-3021234" in c for c in comments)
