"""Host-header poisoning (security audit 4.1): absolute URLs come from ``GONGKAI_SITE_URL`` only,
the page cache and the published pages are keyed by host, and an unknown host is refused (400)."""
# ruff: noqa: S314  (parsing our own responses)

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.core.public_changes import bump_public_version
from gongkai.portal.cache import page_cache_key

pytestmark = pytest.mark.django_db

SITE = "https://gongkai.example.gov.cn"
EVIL = "evil.example"


@pytest.fixture
def any_host(settings):
    """The operator allowed every host (``GONGKAI_ALLOWED_HOSTS=*``): links must still be ours."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.GONGKAI = {**settings.GONGKAI, "SITE_URL": SITE}


def _links(content: bytes) -> list[str]:
    return re.findall(r"(?:href=\"|<loc>|<id>)([^\"<]+)", content.decode())


def test_sitemap_and_feeds_never_carry_the_request_host(client, region, make_item, any_host):
    item = make_item(title="关于公布义务教育招生范围的通知")
    urls = [
        reverse("portal:sitemap"),
        reverse("portal:sitemap_section", args=["items"]),
        reverse("portal:sitemap_section", args=["bodies"]),
        reverse("portal:sitemap_section", args=["columns"]),
        reverse("portal:feed"),
        reverse("portal:body_feed", args=["edu"]),
        reverse("portal:column_feed", args=["edu", region.column.code]),
    ]
    bump_public_version()  # "after any public change": the cache is empty
    for url in urls:
        # The attacker's request comes first and fills the cache; then an ordinary visitor's.
        poisoned = client.get(url, HTTP_HOST=EVIL)
        ordinary = client.get(url)
        for response in (poisoned, ordinary):
            assert response.status_code == 200, url
            body = response.content.decode()
            assert EVIL not in body, url
            assert "testserver" not in body, url
            links = _links(response.content)
            assert links, url
            assert all(link.startswith(SITE + "/") for link in links), (url, links)
    items = ET.fromstring(client.get(urls[1], HTTP_HOST=EVIL).content)
    locs = [e.text for e in items.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == [f"{SITE}/items/{item.pk}/"]


def test_api_links_are_built_from_the_site_url(client, region, make_item, any_host):
    item = make_item(title="关于公布义务教育招生范围的通知")
    data = json.loads(client.get("/api/v1/items?page_size=1", HTTP_HOST=EVIL).content)
    assert data["results"][0]["url"] == f"{SITE}/items/{item.pk}/"
    root = json.loads(client.get("/api/v1/", HTTP_HOST=EVIL).content)
    assert root["openapi"].startswith(SITE + "/") and root["docs"].startswith(SITE + "/")
    assert EVIL not in json.dumps(data) + json.dumps(root)


def test_page_cache_is_keyed_by_host(settings):
    settings.ALLOWED_HOSTS = ["*"]
    rf = RequestFactory()
    ours = page_cache_key(rf.get("/catalog/", HTTP_HOST="gongkai.example.gov.cn"))
    theirs = page_cache_key(rf.get("/catalog/", HTTP_HOST=EVIL))
    assert ours != theirs
    # Same host, other port: another origin, another entry.
    assert ours != page_cache_key(rf.get("/catalog/", HTTP_HOST="gongkai.example.gov.cn:8080"))


def test_pages_are_published_per_host(client, region, make_item, settings, any_host):
    settings.GONGKAI = {**settings.GONGKAI, "PUBLISH_PAGES": True}
    item = make_item()
    bump_public_version()
    assert client.get(f"/items/{item.pk}/", HTTP_HOST=EVIL).status_code == 200
    assert client.get(f"/items/{item.pk}/", HTTP_HOST="gongkai.example.gov.cn").status_code == 200
    current = settings.GONGKAI["PUBLISH_DIR"] / "current"
    # nginx serves current/$host$uri/index.html, and only for the hosts its server_name lists.
    assert (current / "gongkai.example.gov.cn" / "items" / str(item.pk) / "index.html").exists()
    assert (current / EVIL / "items" / str(item.pk) / "index.html").exists()
    assert not (current / "items").exists()


def test_default_allowed_hosts_come_from_the_site_url():
    from gongkai.settings import default_allowed_hosts

    assert default_allowed_hosts("https://gongkai.example.gov.cn") == [
        "gongkai.example.gov.cn",
        "localhost",
        "127.0.0.1",
        "[::1]",
    ]
    # The embedded default (make demo on 127.0.0.1:8000) keeps working.
    assert "127.0.0.1" in default_allowed_hosts("http://127.0.0.1:8000")


def test_an_unknown_host_is_a_400_not_a_500(client, region, settings):
    from gongkai.settings import default_allowed_hosts

    settings.ALLOWED_HOSTS = [*default_allowed_hosts(SITE), "testserver"]
    settings.DEBUG = False
    for path in ("/", "/sitemap.xml", "/feed/", "/api/v1/items", "/staff/login/"):
        assert client.get(path, HTTP_HOST=EVIL).status_code == 400, path
    assert client.get("/", HTTP_HOST="gongkai.example.gov.cn").status_code == 200
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 200
