"""Atom feeds (region, body, column) and sitemap.xml (index and sections)."""
# ruff: noqa: S314  (parsing our own responses)

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"), e.find(f"{ATOM}updated").text)
        for e in root.findall(f"{ATOM}entry")
    ]


def test_feeds_parse_as_atom_with_public_items_only(client, region, make_item):
    public = make_item(title="公开的通知")
    county = make_item(title="县里公开的通知", county=True)
    make_item(title="草稿通知", state="draft")
    make_item(title="已撤回的通知", state="withdrawn")

    region_feed = atom_entries(client, reverse("portal:feed"))
    titles = [t for t, _, _ in region_feed]
    assert titles == ["县里公开的通知", "公开的通知"]
    assert region_feed[1][1].endswith(f"/items/{public.pk}/")

    body_feed = atom_entries(client, reverse("portal:body_feed", args=["edu"]))
    assert [t for t, _, _ in body_feed] == ["公开的通知"]

    column_feed = atom_entries(
        client, reverse("portal:column_feed", args=["county-finance", county.column.code])
    )
    assert [t for t, _, _ in column_feed] == ["县里公开的通知"]


def test_feed_of_hidden_column_or_inactive_body_is_404(client, region):
    column = region.column
    column.is_hidden = True
    column.save()
    assert client.get(reverse("portal:column_feed", args=["edu", column.code])).status_code == 404
    region.dept.is_active = False
    region.dept.save()
    assert client.get(reverse("portal:body_feed", args=["edu"])).status_code == 404


def test_sitemap_index_and_sections_list_only_public(client, region, make_item):
    public = make_item(title="公开的通知")
    draft = make_item(title="草稿", state="draft")
    withdrawn = make_item(title="撤回", state="withdrawn")
    internal = make_item(title="对内", scope="internal")

    index = ET.fromstring(client.get(reverse("portal:sitemap")).content)
    assert index.tag == f"{SM}sitemapindex"
    locs = [e.find(f"{SM}loc").text for e in index.findall(f"{SM}sitemap")]
    assert any(loc.endswith("/sitemap-items.xml") for loc in locs)
    assert any(loc.endswith("/sitemap-bodies.xml") for loc in locs)
    assert any(loc.endswith("/sitemap-columns.xml") for loc in locs)

    items = ET.fromstring(client.get(reverse("portal:sitemap_section", args=["items"])).content)
    urls = [u.find(f"{SM}loc").text for u in items.findall(f"{SM}url")]
    assert urls == [f"http://127.0.0.1:8000/items/{public.pk}/"]  # GONGKAI_SITE_URL, not the host
    assert all(f"/items/{i.pk}/" not in " ".join(urls) for i in (draft, withdrawn, internal))
    assert items.find(f"{SM}url/{SM}lastmod") is not None

    bodies = client.get(reverse("portal:sitemap_section", args=["bodies"])).content.decode()
    assert "/edu/" in bodies
    columns = client.get(reverse("portal:sitemap_section", args=["columns"])).content.decode()
    assert f"/edu/catalog/{region.column.code}/" in columns


def test_items_sitemap_is_paged_by_id_range(client, region, make_item, monkeypatch):
    from gongkai.portal import sitemaps

    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", 2)
    made = [make_item(title=f"信息{n}") for n in range(5)]
    index = client.get(reverse("portal:sitemap")).content.decode()
    assert "sitemap-items.xml?p=2" in index
    seen = []
    top = max(i.pk for i in made) // 2 + 1
    for p in range(1, top + 1):
        xml = client.get(reverse("portal:sitemap_section", args=["items"]), {"p": p}).content
        root = ET.fromstring(xml)
        seen += [u.find(f"{SM}loc").text for u in root.findall(f"{SM}url")]
    assert sorted(int(u.rstrip("/").rsplit("/", 1)[1]) for u in seen) == sorted(i.pk for i in made)
    assert client.get(reverse("portal:sitemap_section", args=["items"]), {"p": top + 1}).status_code == 404
