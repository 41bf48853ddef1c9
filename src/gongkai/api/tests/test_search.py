"""GET /api/v1/search: Chinese full-text search over public items (docs/SPEC.md §3, 第二十四条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.api.tests.helpers import get_json
from gongkai.disclosure.models import Item
from gongkai.search.indexer import drain_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(make_item):
    """Tests run in a transaction, so on_commit never drains the outbox: do it by hand."""

    def run():
        drain_outbox()

    return run


def test_highlighted_hits_with_plain_fields(client, make_item, indexed):
    item = make_item(title="关于做好义务教育招生入学工作的通知")
    make_item(title="关于开展安全生产检查的通知", summary="检查安全生产。", body="<p>安全</p>")
    indexed()
    data = get_json(client, "/api/v1/search?q=招生")
    assert data["available"] is True and data["total"] == 1 and data["words"] == ["招生"]
    [hit] = data["results"]
    assert hit["id"] == item.pk and hit["index_number"] == item.index_number
    assert hit["title"] == "关于做好义务教育招生入学工作的通知"
    assert "<mark>招生</mark>" in hit["title_html"]
    assert "<mark>招生</mark>" in hit["snippet_html"]
    assert hit["score"] > 0
    assert hit["url"].endswith(f"/{item.pk}/")


def test_two_character_words_and_organization_filter(client, make_item, indexed):
    city = make_item(title="关于公布教育收费标准的通知")
    county = make_item(title="关于公布财政收费标准的通知", county=True)
    indexed()
    assert {h["id"] for h in get_json(client, "/api/v1/search?q=收费")["results"]} == {city.pk, county.pk}
    assert [h["id"] for h in get_json(client, "/api/v1/search?q=收费&organization=edu")["results"]] == [
        city.pk
    ]
    below_city = get_json(client, "/api/v1/search?q=收费&organization=county&include_subordinates=true")
    assert [h["id"] for h in below_city["results"]] == [county.pk]


def test_order_by_date_and_paging(client, make_item, indexed):
    old = make_item(title="招生工作通知（一）")
    new = make_item(title="招生工作通知（二）")
    Item.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=10))
    from gongkai.search.outbox import enqueue

    enqueue([old.pk])
    indexed()
    data = get_json(client, "/api/v1/search?q=招生&order=date&page_size=1")
    assert [h["id"] for h in data["results"]] == [new.pk]
    assert data["num_pages"] == 2 and "page=2" in data["next"]
    data = get_json(client, "/api/v1/search?q=招生&order=date&page_size=1&page=2")
    assert [h["id"] for h in data["results"]] == [old.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "q"),
        ("q=", "q"),
        ("q=%20%20", "q"),
        ("q=招生&page_size=51", "page_size"),
        ("q=招生&order=popular", "order"),
        ("q=招生&organization=nowhere", "organization"),
    ],
)
def test_bad_parameters_are_422(client, region, query, field):
    data = get_json(client, f"/api/v1/search?{query}", status=422)
    assert data["errors"][0]["field"] == field
    assert data["detail"]


def test_without_an_index_the_answer_says_so(client, make_item):
    make_item()
    data = get_json(client, "/api/v1/search?q=招生")
    assert data["available"] is False and data["results"] == []
