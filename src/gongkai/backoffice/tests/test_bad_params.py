"""Malformed ids in the back office's query strings (issue 8 §2): `?org=9223372036854775808` was a
500 (SQLite cannot hold the number). The rule (core/params.py): a malformed id is an unknown id."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"


@pytest.fixture
def supervisor(region: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(region.supervisor)
    return client


@pytest.mark.parametrize("org", [HUGE, str(10**30), "²", "-1", "abc"])  # NUL: core/middleware.py
def test_item_list_filter_by_a_malformed_org_is_refused_with_a_message(
    supervisor: Client, region: Any, make_item: Any, org: str
) -> None:
    item = make_item()
    response = supervisor.get("/staff/items/", {"org": org, "q": item.title})
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split("error-summary", 1)[1].split("</div>", 1)[0]
    assert '">机构</a>：' in summary  # the org field's message, in Chinese, in the error summary
    assert f"/staff/items/{item.pk}/" in html  # the valid filter (q) still applies


def test_item_list_column_of_a_huge_org(supervisor: Client) -> None:
    response = supervisor.get("/staff/items/", {"org": HUGE, "column": HUGE})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        f"/staff/people/?org={HUGE}",
        "/staff/people/?org=²",
        f"/staff/reports/?org={HUGE}",
        f"/staff/reports/overview/?authority={HUGE}",
        f"/staff/items/{HUGE}/",
        "/staff/items/99999999999999999999/",
        f"/staff/requests/{HUGE}/",
    ],
)
def test_a_malformed_id_naming_the_page_is_a_404(supervisor: Client, url: str) -> None:
    assert supervisor.get(url).status_code == 404


def test_catalog_with_a_malformed_org_goes_back_to_the_catalog(supervisor: Client) -> None:
    response = supervisor.get("/staff/catalog/", {"org": HUGE})
    assert response.status_code == 302 and response["Location"] == "/staff/catalog/"
