"""年度报告 in the public API: ``/api/v1/bodies/{slug}/annual-reports/`` and ``…/{year}`` — published
reports only, every figure keyed by the form's codes, no staff data."""

from __future__ import annotations

import json

import pytest

from gongkai.api.tests.helpers import get_json
from gongkai.reports.models import ReportState
from gongkai.reports.tests.samples import SECTIONS, make_report

pytestmark = pytest.mark.django_db

BASE = "/api/v1/bodies"


@pytest.fixture
def reports(region):
    made = {
        "edu2025": make_report(region.dept, 2025, review_comment="同意公开gkapicomment"),
        "edu2024": make_report(region.dept, 2024),
        "inactive": make_report(region.county_dept, 2025, marker="gkapiinactive"),
    }
    states = (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED)
    for year, state in enumerate(states, start=2026):
        made[state] = make_report(region.dept, year, state=state, marker=f"gkapi{state}")
    region.county_dept.is_active = False
    region.county_dept.save()
    return made


def test_list_gives_published_years_with_links(client, reports):
    data = get_json(client, f"{BASE}/edu/annual-reports/")
    assert data["body"]["name"] == "测试市教育局" and data["body"]["slug"] == "edu"
    assert [r["year"] for r in data["results"]] == [2025, 2024]
    first = data["results"][0]
    assert first["title"] == "测试市教育局2025年政府信息公开工作年度报告"
    assert first["links"] == {
        "api": "http://127.0.0.1:8000/api/v1/bodies/edu/annual-reports/2025",
        "html": "http://127.0.0.1:8000/edu/reports/2025/",
        "docx": "http://127.0.0.1:8000/edu/reports/2025.docx",
        "xlsx": "http://127.0.0.1:8000/edu/reports/2025.xlsx",
    }
    assert get_json(client, f"{BASE}/office/annual-reports/")["results"] == []


def test_detail_has_sections_and_every_table(client, reports):
    response = client.get(f"{BASE}/edu/annual-reports/2025")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    data = json.loads(response.content)
    assert data["title"] == "测试市教育局2025年政府信息公开工作年度报告"
    assert data["format"] == "国办公开办函〔2021〕30号"
    assert [s["title"] for s in data["sections"]][-1] == "六、其他需要报告的事项"
    assert data["sections"][0]["text"] == SECTIONS["section_1"]
    assert data["table2"]["normative"] == {"made": 14, "abolished": 3, "in_force": 87}
    assert data["table2"]["coercion"] == {"decisions": 3}
    assert data["table2"]["fees"] == {"income": "12.34"}
    assert data["table3"]["carried_in"]["total"] == 3
    assert data["table3"]["4.1"] == {
        "person": 4,
        "business": 0,
        "research": 0,
        "public_welfare": 0,
        "legal_service": 1,
        "other_org": 0,
        "total": 5,
    }
    assert data["table3"]["carried_out"]["person"] == 4
    assert data["table4"]["direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert data["fees_collected"] == "150"
    assert data["labels"]["table3"]["rows"]["carried_out"] == "四、结转下年度继续办理"
    assert data["labels"]["table4"]["columns"]["pending"] == "尚未审结"
    assert data["links"]["docx"] == "http://127.0.0.1:8000/edu/reports/2025.docx"
    # No staff data: not the sources of entered figures, not the state, not review comments.
    text = response.content.decode()
    for word in (
        "执法台账",
        "非税收入系统",
        "审批系统",
        "gkapicomment",
        '"state"',
        '"sources"',
        "reviewed",
        "submitted",
    ):
        assert word not in text


def test_unpublished_years_and_switched_off_bodies_are_not_found(client, reports):
    for year in (2026, 2027, 2028, 2029, 1999):
        data = get_json(client, f"{BASE}/edu/annual-reports/{year}", status=404)
        assert data == {"detail": "该机构没有已公开的该年度政府信息公开工作年度报告", "errors": []}
    for url in (f"{BASE}/county-finance/annual-reports/", f"{BASE}/county-finance/annual-reports/2025"):
        assert get_json(client, url, status=404) == {"detail": "未找到该机构", "errors": []}
    assert get_json(client, f"{BASE}/nobody/annual-reports/", status=404)["detail"] == "未找到该机构"
    crawled = "".join(
        client.get(url).content.decode()
        for url in (
            f"{BASE}/edu/annual-reports/",
            *(f"{BASE}/edu/annual-reports/{y}" for y in range(2024, 2030)),
            f"{BASE}/county-finance/annual-reports/2025",
        )
    )
    assert "gkapi" not in crawled


def test_year_must_be_a_number(client, reports):
    data = get_json(client, f"{BASE}/edu/annual-reports/twenty", status=422)
    assert data["errors"] == [{"field": "year", "message": "必须是整数。"}]


def test_openapi_describes_the_report_operations(client):
    doc = get_json(client, "/api/v1/openapi.json")
    listing = doc["paths"]["/api/v1/bodies/{slug}/annual-reports/"]["get"]
    detail = doc["paths"]["/api/v1/bodies/{slug}/annual-reports/{year}"]["get"]
    assert listing["operationId"] == "listAnnualReports" and detail["operationId"] == "getAnnualReport"
    assert {"200", "404"} <= set(detail["responses"]) and detail["summary"] and detail["description"]
    schema = doc["components"]["schemas"]["AnnualReportOut"]["properties"]
    assert {"sections", "table2", "table3", "table4", "labels", "links", "fees_collected"} <= set(schema)
    assert not {"state", "sources", "review_comment", "submitted_by"} & set(schema)
