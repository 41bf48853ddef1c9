"""The OpenAPI description and the offline docs page (the deployment has no internet)."""

from __future__ import annotations

import json
import re

import pytest

from gongkai.api.tests.helpers import get_json

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/organizations": "listOrganizations",
    "/api/v1/organizations/{slug}": "getOrganization",
    "/api/v1/items": "listItems",
    "/api/v1/items/{item_id}": "getItem",
    "/api/v1/search": "search",
    "/api/v1/classifications": "listClassifications",
    "/api/v1/bodies/{slug}/annual-reports/": "listAnnualReports",
    "/api/v1/bodies/{slug}/annual-reports/{year}": "getAnnualReport",
}


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document_is_complete_and_consistent(client):
    doc = get_json(client, "/api/v1/openapi.json")
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "Gongkai 政府信息公开 API" and doc["info"]["version"] == "1"
    assert "政府信息" in doc["info"]["description"] and "read-only" in doc["info"]["description"]
    assert set(doc["paths"]) == set(OPERATIONS)
    for path, operation_id in OPERATIONS.items():
        assert set(doc["paths"][path]) == {"get"}, path  # read-only
        op = doc["paths"][path]["get"]
        assert op["operationId"] == operation_id
        assert op["summary"] and op["description"]
        assert "200" in op["responses"]
    # Every reference resolves inside the document.
    schemas = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    # The page size limit is part of the contract.
    params = {p["name"]: p for p in doc["paths"]["/api/v1/items"]["get"]["parameters"]}
    assert params["page_size"]["schema"]["maximum"] == 100
    assert {"organization", "column", "topic", "genre", "audience", "validity"} <= set(params)
    assert {"published_from", "published_to", "document_number"} <= set(params)
    # No staff data is even described.
    text = json.dumps(doc)
    for word in ("author", "reviewer", "signer", "return_reason", "withdrawn_reason"):
        assert f'"{word}"' not in text


def test_docs_page_loads_nothing_from_outside(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gongkai 政府信息公开 API" in html
    sources = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sources, html
    for url in sources:
        assert url.startswith("/") and not url.startswith("//"), url
    assert "http://" not in html and "https://" not in html
    assert re.search(r"@import|url\(", html) is None
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None  # the default badge would call validator.swagger.io
    for url in sources:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.getvalue(), url
    bundle = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert bundle["Content-Type"].startswith("text/javascript")
    assert bundle["Cache-Control"] == "public, max-age=86400"


def test_only_the_known_assets_are_served(client):
    for name in ("swagger-ui.css.map", "..%2F..%2F__init__.py", "redoc.standalone.js"):
        assert client.get(f"/api/v1/docs/assets/{name}").status_code == 404
