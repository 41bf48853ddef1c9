"""政府信息公开年报 on the portal (docs/SPEC.md §3, §6; 条例 第四十九条): the region's reports by year, a
body's
reports, one report with its sections and tables, its DOCX and XLSX — published reports only."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse

from gongkai.orgs.models import validate_slug
from gongkai.reports.models import ReportState
from gongkai.reports.tests.samples import SECTIONS, make_report

pytestmark = pytest.mark.django_db

UNPUBLISHED = (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED)


@pytest.fixture
def reports(region):
    """edu: published 2025 and 2024, and 2026 in each state before publication (one marker each);
    city: published 2025; county-finance (switched off): published 2025."""
    made = {
        "edu2025": make_report(region.dept, 2025),
        "edu2024": make_report(region.dept, 2024),
        "city2025": make_report(region.city, 2025),
        "inactive": make_report(region.county_dept, 2025, marker="gkrptinactive"),
    }
    for year, state in enumerate(UNPUBLISHED, start=2026):
        made[state] = make_report(region.dept, year, state=state, marker=f"gkrpt{state}")
    region.county_dept.is_active = False
    region.county_dept.save()
    return made


def page(client, name, *args, status=200):
    response = client.get(reverse(f"portal:{name}", args=args))
    assert response.status_code == status, (name, args, response.status_code)
    return response


def test_the_region_page_lists_published_reports_by_year(client, reports):
    html = page(client, "annual_reports").content.decode()
    assert "<h1>政府信息公开工作年度报告</h1>" in html
    assert html.index('id="year-2025"') < html.index('id="year-2024"')
    assert "year-2026" not in html and "year-2027" not in html
    links = re.findall(r'href="(/[^"]+/reports/\d+/)"', html)
    assert links == ["/city/reports/2025/", "/edu/reports/2025/", "/edu/reports/2024/"]  # tree order per year
    assert "测试市教育局2025年政府信息公开工作年度报告" in html
    assert "测试县财政局" not in html and "gkrpt" not in html


def test_a_bodys_page_lists_its_published_years(client, reports):
    html = page(client, "body_annual_reports", "edu").content.decode()
    assert re.findall(r'href="/edu/reports/(\d+)/"', html) == ["2025", "2024"]
    assert 'href="/edu/reports/2025.docx"' in html and 'href="/edu/reports/2024.xlsx"' in html
    assert "gkrpt" not in html
    assert "本机关暂无已公开的年度报告" in page(client, "body_annual_reports", "office").content.decode()
    page(client, "body_annual_reports", "county-finance", status=404)


def test_the_report_page_shows_sections_and_tables(client, reports):
    html = page(client, "annual_report", "edu", 2025).content.decode()
    assert "<title>测试市教育局2025年政府信息公开工作年度报告" in html
    headings = re.findall(r'<h2 id="section-\d">([^<]+)</h2>', html)
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert "<p>全面推进决策、执行、管理、服务、结果公开。</p>" in html
    assert f"<p>{SECTIONS['section_4']}</p>" in html
    # Each table under its section, in the form's layout.
    assert html.index("section-2") < html.index("report-table2") < html.index("section-3")
    assert html.index("section-3") < html.index("report-table3") < html.index("section-4")
    assert html.index("section-4") < html.index("report-table4") < html.index("section-5")
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in html
    assert '<th scope="colgroup" colspan="10">行政诉讼</th>' in html
    assert 'data-cell="table3:outcome_total|total">26</td>' in html
    assert 'data-cell="table2:licensing|decisions">1204</td>' in html
    assert "收取信息处理费150元" in html
    assert 'href="/edu/reports/2024/"' in html  # the other published year
    assert "/edu/reports/2026/" not in html
    # Nothing staff-only: the sources of entered figures, the review comment.
    assert "执法台账" not in html and "非税收入系统" not in html


def test_only_published_reports_are_ever_found(client, reports):
    for year in (2026, 2027, 2028, 2029, 2030, 1999):  # draft, submitted, returned, accepted, none
        for name in ("annual_report", "annual_report_docx", "annual_report_xlsx"):
            response = page(client, name, "edu", year, status=404)
            assert b"gkrpt" not in response.content
    for name in ("annual_report", "annual_report_docx", "annual_report_xlsx"):
        page(client, name, "county-finance", 2025, status=404)  # a body switched off
        page(client, name, "nobody", 2025, status=404)


def test_docx_and_xlsx_downloads(client, reports):
    response = page(client, "annual_report_docx", "edu", 2025)
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    assert document.paragraphs[0].text == "测试市教育局2025年政府信息公开工作年度报告"
    assert document.tables[1].cell(1, 4).text == "法人或其他组织"

    response = page(client, "annual_report_xlsx", "edu", 2024)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["表二", "表三", "表四"]
    assert book["表三"]["J5"].value == 29  # 一、本年新收 × 总计


def test_report_pages_go_through_the_page_cache(client, reports):
    first = page(client, "annual_report", "edu", 2025)
    assert first["Cache-Control"] == "public, max-age=60" and first.has_header("ETag")
    again = client.get(reverse("portal:annual_report", args=["edu", 2025]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_reports_is_a_reserved_slug_before_the_catch_all():
    assert resolve("/reports/").url_name == "annual_reports"
    assert resolve("/edu/reports/2025.docx").url_name == "annual_report_docx"
    with pytest.raises(ValidationError):
        validate_slug("reports")
