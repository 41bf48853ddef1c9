"""限时公开 ends when its end date ends (security audit 4.7).

``Item.public_until`` is the last day an item is public (``public()``: ``public_until >= today``), so
its public life ends at 00:00 Beijing time the next day. From that instant it must be gone from every
cached page, from search results *and* from search totals (a total that counts what nobody may see
is a content oracle: "招生 → 1 result" with no result shown tells that a hidden item says 招生).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from gongkai.core import public_deps, tag_versions
from gongkai.core.public_changes import apply_due_expiries
from gongkai.search.engine import SearchQuery
from gongkai.search.indexer import engine
from gongkai.search.models import OutboxEntry

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2025, 9, 30)
TITLE = "关于公示2025年秋季招生名单的通知"


@pytest.fixture
def limited(clock, make_item, index):
    """An item public until 30 September (限时公开) and a long-term one, both indexed, at 23:59."""
    clock.set(dt.datetime(2025, 9, 30, 23, 59))
    item = make_item(title=TITLE, duration="limited", public_until=LAST_DAY)
    other = make_item(title="关于2025年秋季招生工作安排的通知")
    index()
    return item, other


def _pages(region, item):
    return [
        reverse("portal:home"),
        reverse("portal:catalog"),
        reverse("portal:body", args=["edu"]),
        reverse("portal:column", args=["edu", region.column.code]),
        reverse("portal:feed"),
        reverse("portal:body_feed", args=["edu"]),
        reverse("portal:sitemap_section", args=["items"]),
        reverse("portal:item", args=[item.pk]),
    ]


def _api_search(client):
    return json.loads(client.get("/api/v1/search?q=招生").content)


def test_expired_item_leaves_pages_results_and_totals_at_midnight(client, region, clock, limited):
    item, other = limited
    pages = _pages(region, item)
    # 23:59 on the last day: public everywhere (and now in the page cache).
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert TITLE in body or f"/items/{item.pk}/" in body, url
    html = client.get("/search/?q=招生").content.decode()
    assert f"/items/{item.pk}/" in html and "共找到 2 条结果" in html
    data = _api_search(client)
    assert data["total"] == 2 and len(data["results"]) == 2

    clock.set(dt.datetime(2025, 10, 1, 0, 0))  # the first instant after the last day

    for url in pages[:-1]:
        body = client.get(url).content.decode()
        assert TITLE not in body, url
        assert f"/items/{item.pk}/" not in body, url
    assert client.get(pages[-1]).status_code == 404
    html = client.get("/search/?q=招生").content.decode()
    assert f"/items/{item.pk}/" not in html and "共找到 1 条结果" in html
    html = client.get("/search/?q=公示").content.decode()
    assert f"/items/{item.pk}/" not in html and "共找到 1 条" not in html
    data = _api_search(client)
    assert data["total"] == 1, "the total counted an item the public can no longer see"
    assert [r["id"] for r in data["results"]] == [other.pk]
    # A search for a word only the expired item holds finds nothing, and says so: 0, not 1.
    assert _api_search_word(client, "公示") == (0, [])


def _api_search_word(client, word):
    data = json.loads(client.get(f"/api/v1/search?q={word}").content)
    return data["total"], data["results"]


def test_the_index_itself_never_counts_an_expired_item(clock, limited):
    """Even before the sweep has removed it, a query on the index excludes the expired item:
    ``public_until`` is indexed and every public query filters on it."""
    item, _other = limited
    clock.set(dt.datetime(2025, 10, 1, 0, 0))
    page = engine().search(SearchQuery(text="公示", visible_on=dt.date(2025, 10, 1)))
    assert (page.total, [h.id for h in page.hits]) == (0, [])
    page = engine().search(SearchQuery(text="招生", visible_on=dt.date(2025, 10, 1)))
    assert page.total == 1 and item.pk not in [h.id for h in page.hits]
    # On the last day it is still counted.
    page = engine().search(SearchQuery(text="公示", visible_on=LAST_DAY))
    assert (page.total, [h.id for h in page.hits]) == (1, [item.pk])


def test_the_sweep_purges_the_item_pages_and_removes_the_item_from_the_index(clock, limited, index):
    item, other = limited
    tags = [public_deps.item(item.pk), public_deps.org(item.organization_id), public_deps.item(other.pk)]
    before = tag_versions.current(tags)
    assert apply_due_expiries() == 0  # 23:59: nothing has ended yet
    assert tag_versions.current(tags) == before

    clock.set(dt.datetime(2025, 10, 1, 0, 0))
    assert apply_due_expiries() == 1
    after = tag_versions.current(tags)
    # The ended item's pages (and its body's lists) are dropped; the other item's page stays.
    assert after[tags[0]] != before[tags[0]] and after[tags[1]] != before[tags[1]]
    assert after[tags[2]] == before[tags[2]]
    assert OutboxEntry.objects.filter(item_id=item.pk).exists()
    index()
    # Gone from the index itself, not only filtered out of queries.
    assert engine().search(SearchQuery(text="公示")).total == 0
    # Once a day: a second sweep the same day finds nothing more and purges nothing.
    assert apply_due_expiries() == 0
    assert tag_versions.current(tags) == after


def test_the_search_worker_applies_expiries_on_its_own(client, clock, limited, settings):
    """Published pages (nginx serving files) never ask Gongkai: the search writer process, which
    runs all the time under ``gongkai serve``, applies the expiry at the moment it happens."""
    from gongkai.search import indexer

    item, _other = limited
    settings.GONGKAI = {**settings.GONGKAI, "PUBLISH_PAGES": True}
    assert client.get(f"/items/{item.pk}/").status_code == 200
    published = settings.GONGKAI["PUBLISH_DIR"] / "current" / "testserver" / "items" / str(item.pk)
    assert (published / "index.html").exists()  # what nginx would serve
    clock.set(dt.datetime(2025, 10, 1, 0, 0, 1))
    indexer.run_worker(forever=False)  # one round of the writer, no visitor in between
    assert not (published / "index.html").exists()
    assert not OutboxEntry.objects.exists()  # swept and drained in the same round
    assert engine().search(SearchQuery(text="公示")).total == 0
    assert item.pk not in {h.id for h in engine().search(SearchQuery(text="招生")).hits}
