"""Search pages that do not exist (issue 8 §2): "共找到 N 条结果" next to "没有找到" was a page past
the end shown as if the search had found nothing. The count stays; the page says which pages exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

NO_RESULTS = "没有找到符合条件的信息"


@pytest.fixture
def twenty_five(make_item: Any, index: Any) -> list[Any]:
    from gongkai.search.outbox import enqueue

    items = [make_item(title=f"第{n}份预算说明") for n in range(25)]
    enqueue([i.pk for i in items])
    index()
    return items


def get(client: Client, page: str, url: str | None = None) -> tuple[int, str]:
    response = client.get(url or reverse("portal:search"), {"q": "预算", "page": page})
    return response.status_code, response.content.decode()


def test_a_page_past_the_last_says_so_with_the_count(client: Client, twenty_five: list[Any]) -> None:
    status, html = get(client, "999")
    assert status == 404
    assert "共找到 25 条结果" in html
    assert "第999页超出范围，共2页。" in html
    assert NO_RESULTS not in html
    assert "page=2" in html  # the way to the last page
    assert f"/items/{twenty_five[0].pk}/" not in html  # no hits passed off as page 999


def test_the_last_page_is_still_a_page(client: Client, twenty_five: list[Any]) -> None:
    status, html = get(client, "2")
    assert status == 200
    assert "超出范围" not in html
    assert html.count('class="search-hit"') == 5


@pytest.mark.parametrize("page", ["0", "-1", "abc", "²", "9" * 40])  # NUL: core/middleware.py
def test_a_malformed_page_number_is_a_400_with_the_count(
    client: Client, twenty_five: list[Any], page: str
) -> None:
    status, html = get(client, page)
    assert status == 400
    assert "共找到 25 条结果" in html
    assert "页码应为 1 至 2 之间的整数" in html
    assert NO_RESULTS not in html


def test_body_search_pages_alike(client: Client, region: Any, twenty_five: list[Any]) -> None:
    status, html = get(client, "3", reverse("portal:body_search", args=[region.dept.slug]))
    assert status == 404
    assert "第3页超出范围，共2页。" in html


def test_no_results_on_a_later_page_is_just_no_results(client: Client, twenty_five: list[Any]) -> None:
    response = client.get(reverse("portal:search"), {"q": "扶贫", "page": "5"})
    assert response.status_code == 200
    assert NO_RESULTS in response.content.decode()


def test_the_api_says_how_many_pages_there_are(client: Client, twenty_five: list[Any]) -> None:
    """The API's page past the end is an empty page that names the number of pages; a page number
    that is not one is a 422 with a Chinese message."""
    body = client.get("/api/v1/search", {"q": "预算", "page": 9, "page_size": 20}).json()
    assert body["total"] == 25 and body["num_pages"] == 2 and body["results"] == []
    response = client.get("/api/v1/search", {"q": "预算", "page": "abc"})
    assert response.status_code == 422
    assert "整数" in response.json()["detail"]
    response = client.get("/api/v1/search", {"q": "预算", "page": "99999999999999999999999"})
    assert response.status_code == 422
