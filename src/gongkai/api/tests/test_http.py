"""What every API response carries: CORS, cache headers, JSON errors, Chinese labels."""

from __future__ import annotations

import pytest

from gongkai.api.tests.helpers import get_json

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/api/v1/organizations",
    "/api/v1/organizations/edu",
    "/api/v1/items",
    "/api/v1/search?q=招生",
    "/api/v1/classifications",
]


@pytest.mark.parametrize("url", URLS)
def test_get_is_public_cacheable_and_open_to_any_origin(client, region, url):
    response = client.get(url, HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response


def test_errors_carry_cors_and_are_json(client, region):
    for url, status in [
        ("/api/v1/items/999999", 404),
        ("/api/v1/items?page_size=500", 422),
        ("/api/v1/no-such-endpoint", 404),
        ("/api/v1/items/", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Content-Type"].startswith("application/json")
    assert "/api/v1/docs" in get_json(client, "/api/v1/nothing", status=404)["detail"]


def test_preflight_and_writes(client, region):
    response = client.options("/api/v1/items", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/items", {}, content_type="application/json")
        assert response.status_code == 405
        assert response.json()["detail"] == "本接口只读，仅支持 GET 请求。"
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response["Cache-Control"] == "no-store"


def test_head_answers_like_get_without_a_body(client, region):
    response = client.head("/api/v1/items")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Cache-Control"] == "public, max-age=60"


def test_root_points_to_the_description(client):
    data = get_json(client, "/api/v1/")
    assert data["openapi"] == "http://127.0.0.1:8000/api/v1/openapi.json"
    assert data["docs"] == "http://127.0.0.1:8000/api/v1/docs"


def test_json_is_utf8_not_escaped(client, make_item):
    make_item()
    response = client.get("/api/v1/items")
    assert "测试市教育局".encode() in response.content


def test_labels_stay_chinese_whatever_the_visitor_language(client, make_item):
    make_item()
    client.cookies["django_language"] = "en"
    row = get_json(client, "/api/v1/items", HTTP_ACCEPT_LANGUAGE="en")["results"][0]
    assert row["validity_label"] == "有效"
    assert get_json(client, "/api/v1/items/999", status=404)["detail"] == "未找到该信息"
