"""The page cache: pages are served from cache until what the public may see changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.disclosure.services import workflow

pytestmark = pytest.mark.django_db


def test_withdrawal_invalidates_cached_pages(client, region, make_item, django_capture_on_commit_callbacks):
    item = make_item(title="即将撤回的通知")
    urls = [
        reverse("portal:home"),
        reverse("portal:catalog"),
        reverse("portal:body", args=["edu"]),
        reverse("portal:body_catalog", args=["edu"]),
        reverse("portal:column", args=["edu", region.column.code]),
        reverse("portal:feed"),
        reverse("portal:body_feed", args=["edu"]),
        reverse("portal:sitemap_section", args=["items"]),
    ]
    for url in urls:
        assert (
            "即将撤回的通知" in client.get(url).content.decode()
            or f"/items/{item.pk}/" in client.get(url).content.decode()
        )
    assert client.get(reverse("portal:item", args=[item.pk])).status_code == 200
    # Served from the cache now: the same ETag comes back.
    etag = client.get(urls[0])["ETag"]
    assert client.get(urls[0])["ETag"] == etag

    # The real service; on_commit callbacks run as they would after the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw_item(actor=region.signer, item=item, reason="内容有误")

    for url in urls:
        html = client.get(url).content.decode()
        assert "即将撤回的通知" not in html, url
        assert f"/items/{item.pk}/" not in html, url
    assert client.get(reverse("portal:item", args=[item.pk])).status_code == 404


def test_cached_page_is_not_rebuilt_without_a_change(client, region, make_item, monkeypatch):
    make_item(title="第一条")
    url = reverse("portal:home")
    first = client.get(url)
    from gongkai.portal import selectors

    def boom(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(selectors, "latest_items", boom)
    second = client.get(url)
    assert second.content == first.content


def test_http_caching_headers_and_conditional_get(client, region, make_item):
    make_item(title="第一条")
    url = reverse("portal:home")
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert response["ETag"] and response["Last-Modified"]
    assert response.cookies == {} or not response.cookies
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_languages_are_cached_apart(client, region):
    url = reverse("portal:home")
    zh = client.get(url).content.decode()
    en = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert '<html lang="zh-hans"' in zh and '<html lang="en"' in en


def test_staff_with_a_session_bypass_the_cache(client, region, make_item):
    make_item(title="第一条")
    client.force_login(region.editor)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_public_pages_set_no_cookies_and_read_no_session(client, region, make_item):
    item = make_item(title="第一条")
    for url in (
        reverse("portal:home"),
        reverse("portal:item", args=[item.pk]),
        reverse("portal:search") + "?q=第一",
        reverse("portal:body_guide", args=["edu"]),
    ):
        response = client.get(url)
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode()
