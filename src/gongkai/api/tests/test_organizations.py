"""GET /api/v1/organizations and /api/v1/organizations/{slug} (docs/SPEC.md §1, the guide's contact data)."""

from __future__ import annotations

import pytest

from gongkai.api.tests.helpers import get_json
from gongkai.disclosure.models import CatalogColumn
from gongkai.testing import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_lists_active_bodies_with_guide_contacts(client, region):
    region.dept.address = "测试市人民路1号"
    region.dept.office_hours = "工作日 9:00-17:00"
    region.dept.phone = "0557-1234567"
    region.dept.disclosure_office = "市教育局办公室"
    region.dept.disclosure_office_head = "张主任"
    region.dept.save()
    region.county_dept.is_active = False
    region.county_dept.save()
    data = get_json(client, "/api/v1/organizations")
    slugs = [o["slug"] for o in data["results"]]
    assert slugs[0] == "city"  # tree order
    assert set(slugs) == {"city", "office", "edu", "county", "county-office"}
    assert data["count"] == 5 and data["page_size"] == 100
    edu = next(o for o in data["results"] if o["slug"] == "edu")
    assert edu["name"] == "测试市教育局" and edu["short_name"] == "市教育局"
    assert edu["unit_code"] == region.dept.unit_code
    assert edu["level"] == "city" and edu["level_label"] == "市"
    assert edu["kind"] == "department" and edu["kind_label"] == "政府部门"
    assert edu["parent_id"] == region.city.pk
    assert edu["address"] == "测试市人民路1号" and edu["office_hours"] == "工作日 9:00-17:00"
    assert edu["phone"] == "0557-1234567"
    assert edu["disclosure_office"] == "市教育局办公室" and edu["disclosure_office_head"] == "张主任"
    office = next(o for o in data["results"] if o["slug"] == "office")
    assert office["is_competent_authority"] is True


def test_filters_and_an_inactive_parent_is_not_shown(client, region):
    below_county = {o["slug"] for o in get_json(client, "/api/v1/organizations?parent=county")["results"]}
    assert below_county == {"county-office", "county-finance"}
    assert {o["slug"] for o in get_json(client, "/api/v1/organizations?kind=government")["results"]} == {
        "city",
        "county",
    }
    assert get_json(client, "/api/v1/organizations?parent=nowhere", status=422)["errors"][0]["field"] == (
        "parent"
    )
    region.county.is_active = False
    region.county.save()
    rows = {o["slug"]: o for o in get_json(client, "/api/v1/organizations")["results"]}
    assert "county" not in rows and rows["county-office"]["parent_id"] is None


def test_pagination_limit(client, region):
    for _ in range(3):
        OrganizationFactory(parent=region.city)
    data = get_json(client, "/api/v1/organizations?page_size=4&page=2")
    assert data["count"] == 9 and data["num_pages"] == 3 and len(data["results"]) == 4
    get_json(client, "/api/v1/organizations?page_size=101", status=422)


def test_detail_by_slug_or_id_with_visible_columns(client, region):
    top = list(CatalogColumn.objects.filter(organization=region.dept, parent=None).order_by("position"))
    hidden = top[1]
    hidden.is_hidden = True
    hidden.save()
    child = CatalogColumn.objects.create(organization=region.dept, parent=top[0], code="0101", name="规章")
    under_hidden = CatalogColumn.objects.create(
        organization=region.dept, parent=hidden, code="0201", name="隐藏栏目下的子栏目"
    )
    data = get_json(client, "/api/v1/organizations/edu")
    assert data == get_json(client, f"/api/v1/organizations/{region.dept.pk}")
    assert data["name"] == "测试市教育局"
    ids = [c["id"] for c in data["columns"]]
    assert ids == [c.pk for c in top if c.pk != hidden.pk]
    assert data["columns"][0]["children"] == [
        {"id": child.pk, "code": "0101", "name": "规章", "description": "", "standard": {}, "children": []}
    ]
    flat = str(data["columns"])
    assert hidden.name not in flat and under_hidden.name not in flat


def test_detail_of_unknown_or_inactive_body_is_404(client, region):
    assert get_json(client, "/api/v1/organizations/nowhere", status=404)["detail"] == "未找到该机构"
    region.dept.is_active = False
    region.dept.save()
    get_json(client, "/api/v1/organizations/edu", status=404)
