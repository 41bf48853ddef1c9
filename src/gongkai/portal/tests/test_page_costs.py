"""Uncached portal pages cost the same queries however many items there are (issue 13 §2), the
per-body counts are shared by every process, and the parts rendered in Python read as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.disclosure.models import Item
from gongkai.portal import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE_SECONDS": 0}


def clone(item: Item, n: int) -> None:
    """``n`` more public items like ``item`` (bulk: the pages must not care how they came)."""
    skip = {"id", "index_number"}
    names = [f.attname for f in Item._meta.concrete_fields if f.attname not in skip]
    fields = {name: getattr(item, name) for name in names}
    base = item.index_number
    Item.objects.bulk_create([Item(**fields, index_number=f"{base}-c{k}") for k in range(n)])


def forget_counts() -> None:
    cache.clear()
    selectors._shared_cache().clear()


def sql_for(client: Any, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def urls(region: Any, item: Item) -> list[str]:
    slug = region.dept.slug
    return [
        reverse("portal:item", args=[item.pk]),
        reverse("portal:column", args=[slug, region.column.code]),
        reverse("portal:body_catalog", args=[slug]),
        reverse("portal:body", args=[slug]),
        reverse("portal:home"),
        reverse("portal:catalog"),
    ]


def test_queries_per_page_do_not_grow_with_the_number_of_items(client, region, make_item, clock):
    item = make_item(title="开学工作通知")
    for url in urls(region, item):  # what a process loads once (the calendar, the vocabulary …)
        sql_for(client, url)
    forget_counts()
    few = {url: len(sql_for(client, url)) for url in urls(region, item)}
    clone(item, 45)  # more than two pages of a listing
    forget_counts()
    many = {url: len(sql_for(client, url)) for url in urls(region, item)}
    assert many == few


def test_body_counts_are_shared_by_processes(client, region, make_item, clock):
    make_item(title="开学工作通知")
    forget_counts()
    home = reverse("portal:home")
    assert any("COUNT(" in sql for sql in sql_for(client, home))
    cache.clear()  # another worker: its local memory is empty, the shared counts are not
    assert not any("GROUP BY" in sql for sql in sql_for(client, home))


def test_counts_read_the_public_items_only(client, region, make_item, clock):
    make_item(title="开学工作通知")
    make_item(title="草稿", state="draft")
    forget_counts()
    assert selectors.item_counts_by_body() == {region.dept.pk: 1}


def test_body_list_links_each_body_with_its_count(client, region, make_item, clock):
    make_item(title="开学工作通知")
    forget_counts()
    html = client.get(reverse("portal:home")).content.decode()
    body_url = reverse("portal:body", args=[region.dept.slug])
    assert f'<a href="{body_url}">{region.dept.name}</a>' in html
    assert '<span class="date">1 条</span>' in html
    guide = client.get(reverse("portal:guide_region")).content.decode()
    guide_url = reverse("portal:body_guide", args=[region.dept.slug])
    assert f'<a href="{guide_url}">{region.dept.name}</a>' in guide


def test_body_names_are_escaped_in_the_lists(client, region, make_item, clock):
    region.dept.name = "教育局<script>"
    region.dept.save()
    make_item(title="开学工作通知")
    forget_counts()
    html = client.get(reverse("portal:home")).content.decode()
    assert "教育局&lt;script&gt;" in html and "教育局<script>" not in html


def test_column_tree_marks_the_current_column_with_its_count(client, region, make_item, clock):
    make_item(title="开学工作通知")
    url = reverse("portal:column", args=[region.dept.slug, region.column.code])
    html = client.get(url).content.decode()
    current = f'<a href="{url}" aria-current="page">{region.column.name} <span class="count">（1）</span></a>'
    assert html.count(current) == 2  # the side menu and its narrow-screen toggle


def test_a_capped_listing_says_more_than_the_cap(client, region, make_item, clock, monkeypatch):
    item = make_item(title="开学工作通知")
    clone(item, 5)
    url = reverse("portal:body_catalog", args=[region.dept.slug])
    monkeypatch.setattr(selectors, "LISTING_CAP", 6)
    assert "共 6 条" in client.get(url).content.decode()
    monkeypatch.setattr(selectors, "LISTING_CAP", 5)
    assert "超过 5 条" in client.get(url).content.decode()
