"""The annual report's back-office pages (docs/SPEC.md §6): a body's reports, the editor (last year's text
and this year's figures beside each section, entered figures, checks, submission), and the
competent authority's overview with review actions, aggregation and drill-down.

"Today" is Saturday 10 January 2026: the 2025 reports are being written; departments are due on
31 January, governments on 31 March (条例第四十九条). Region and people: ``reports.tests.report_helpers``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.conftest import Clock
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.tests import report_helpers
from gongkai.reports.tests.report_helpers import ZERO_ENTERED, People, fresh, ready_report, receive

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 1, 10)

people = report_helpers.people

LIST = reverse("backoffice:reports")
OVERVIEW = reverse("backoffice:reports_overview")


def editor_post(**overrides: Any) -> dict[str, Any]:
    """The editor form as a browser posts it (every field, empty ones as "")."""
    data: dict[str, Any] = {f"section_{n}": "" for n in range(1, 7)}
    data.update(
        {
            "licensing_decisions": "",
            "licensing_source": "",
            "penalty_decisions": "",
            "penalty_source": "",
            "coercion_decisions": "",
            "coercion_source": "",
            "fee_income": "",
            "fee_income_source": "",
            "action": "save",
        }
    )
    data.update(overrides)
    return data


@pytest.fixture
def today(clock: Clock) -> dt.date:
    return clock.set(TODAY)


def test_a_bodys_reports_and_starting_last_years(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    login(client, region.head)
    page = client.get(LIST)
    assert page.status_code == 200
    text = text_of(page)
    assert "测试市教育局" in text and "开始编写2025年度报告" in text
    assert "报送期限：2026年1月31日" in text
    assert "第四十九条" in text
    response = client.post(reverse("backoffice:report_new"), {"org": region.dept.pk, "year": "2025"})
    report = AnnualReport.objects.get(organization=region.dept, year=2025)
    assert response.status_code == 302 and response.url == reverse("backoffice:report", args=[report.pk])
    text = text_of(client.get(LIST))
    assert "开始编写2025年度报告" not in text
    assert re.search(r"2025年度 编写中 2026-01-31", text)
    # A year in the future is refused with the reason; nothing is created.
    response = client.post(
        reverse("backoffice:report_new"), {"org": region.dept.pk, "year": "2027"}, follow=True
    )
    assert "年度应在2008年至2026年之间" in text_of(response)
    assert not AnnualReport.objects.filter(year=2027).exists()
    # Someone who does not write the department's reports may not start one.
    login(client, region.editor)
    assert (
        client.post(reverse("backoffice:report_new"), {"org": region.dept.pk, "year": "2024"}).status_code
        == 403
    )


def test_the_editor_shows_last_years_text_this_years_figures_and_the_checks(
    people: People, today: dt.date, client: Client
) -> None:
    region = people.region
    last = AnnualReport.objects.create(
        organization=region.dept, year=2024, section_1="2024年，本局坚持以公开为常态、不公开为例外。"
    )
    AnnualReport.objects.filter(pk=last.pk).update(section_5="存在的问题：网站栏目更新不及时。")
    receive(people.dept_handler, region.dept, D(2025, 5, 6))
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    page = client_get(client, region.head, report)
    html = page.content.decode()
    text = text_of(page)
    assert "上年（2024年度）报告原文" in text
    assert "2024年，本局坚持以公开为常态、不公开为例外。" in text
    assert "存在的问题：网站栏目更新不及时。" in text
    assert 'name="section_1"' in html and 'name="licensing_source"' in html
    # This year's figures: 表三 beside section 三 (one request received in 2025, still open).
    assert re.search(r'data-cell="table3:new\|total">1<', html)
    assert re.search(r"一、本年新收 1 二、上年结转 0", text)
    assert "本年度未收取信息处理费。" in text  # section 六
    # The checks: the four entered figures are missing, so submission is disabled with the reasons.
    assert "行政许可 × 本年处理决定数量 尚未填报，请填写数字（没有的填0）" in text
    assert re.search(r"<button[^>]*disabled[^>]*>报送主管部门</button>", html)
    assert "检查未通过（4处问题" in text


def client_get(client: Client, user: Any, report: AnnualReport) -> Any:
    login(client, user)
    page = client.get(reverse("backoffice:report", args=[report.pk]))
    assert page.status_code == 200
    return page


def test_saving_checking_and_submitting(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    url = reverse("backoffice:report", args=[report.pk])
    login(client, region.head)
    # A figure without its source: refused, with what was typed kept.
    response = client.post(url, editor_post(section_1="本年度总体情况……", licensing_decisions="3"))
    assert response.status_code == 400
    text = text_of(response)
    assert "提交未成功" in text and "请注明数据来源" in text
    assert "本年度总体情况……" in response.content.decode()
    assert fresh(report).section_1 == ""
    # Saved and checked.
    response = client.post(
        url,
        editor_post(
            section_1="本年度总体情况……",
            licensing_decisions="3",
            licensing_source="市政务服务平台",
            penalty_decisions="0",
            coercion_decisions="0",
            fee_income="1.5",
            fee_income_source="财务决算报表",
            action="check",
        ),
    )
    assert response.status_code == 302 and response.url == f"{url}#checks"
    stored = fresh(report)
    assert (stored.section_1, stored.licensing_decisions, str(stored.fee_income)) == (
        "本年度总体情况……",
        3,
        "1.5000",
    )
    page = client.get(url)
    assert "检查全部通过" in text_of(page)
    assert not re.search(r"<button[^>]*disabled[^>]*>报送主管部门</button>", page.content.decode())
    response = client.post(reverse("backoffice:report_submit", args=[report.pk]), follow=True)
    assert "已报送测试市人民政府办公室" in text_of(response)
    assert fresh(report).state == ReportState.SUBMITTED
    # Submitted: read-only, the text shown, the form gone; no more saving.
    html = client.get(url).content.decode()
    assert 'name="section_1"' not in html and "本年度总体情况……" in html
    assert client.post(url, editor_post(section_1="改")).status_code == 403


def test_submitting_a_failing_report_names_the_cell(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    services.update_report(report, actor=region.head, data={**ZERO_ENTERED, "fee_income": None})
    login(client, region.head)
    response = client.post(reverse("backoffice:report_submit", args=[report.pk]))
    assert response.status_code == 400
    assert "表二“行政事业性收费 × 本年收费金额（单位：万元）”：尚未填报，请填写数字（没有的填0）" in text_of(
        response
    )
    assert fresh(report).state == ReportState.DRAFT


def test_a_returned_report_shows_the_comment(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    report = services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    services.return_report(fresh(report), actor=region.supervisor, comment="请补充第五部分存在的主要问题。")
    text = text_of(client_get(client, region.head, report))
    assert "主管部门退回意见 请补充第五部分存在的主要问题。" in text
    assert "已退回" in text


def test_overview_review_aggregation_and_drill_down(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    receive(people.office_handler, region.office, D(2025, 3, 2))
    receive(people.office_handler, region.office, D(2025, 4, 7))
    receive(people.dept_handler, region.dept, D(2025, 5, 6), applicant_type="business")
    report = services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    login(client, region.supervisor)
    page = client.get(OVERVIEW, {"authority": region.office.pk, "year": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    text = text_of(page)
    assert re.search(r'id="missing-count">3<', html)  # the city, its office and the county government
    for name in ("测试市人民政府", "测试市人民政府办公室", "测试市教育局", "测试县人民政府"):
        assert name in text
    assert "测试县财政局" not in text  # reports to the county office
    assert reverse("backoffice:report_accept", args=[report.pk]) in html
    assert reverse("backoffice:report_return", args=[report.pk]) in html
    # Headlines per body: 新收, 办理结果总计, 结转, 复议, 诉讼; the region's total 3.
    assert re.search(r"测试市人民政府办公室 2 0 2 0 0 实时计算", text)
    assert re.search(r"测试市教育局 1 0 1 0 0 报送数", text)
    assert re.search(r"合计 3 0 3 0 0", text)
    # The summed tables: 表三 一、本年新收 × 总计 = 3.
    assert re.search(r'data-cell="table3:new\|total">3<', html)
    # Drill-down of one cell.
    page = client.get(OVERVIEW, {"authority": region.office.pk, "year": 2025, "cell": "table3:new:business"})
    text = text_of(page)
    assert "一、本年新收政府信息公开申请数量 × 商业企业" in text
    assert re.search(r"测试市人民政府办公室 0 — 实时计算 测试市教育局 1 100.0% 报送数", text)
    page = client.get(OVERVIEW, {"authority": region.office.pk, "year": 2025, "cell": "table9:x:y"})
    assert "没有这个单元格" in text_of(page)
    # Return from the overview: the comment is required; then accept another time.
    here = f"{OVERVIEW}?authority={region.office.pk}&year=2025"
    response = client.post(
        reverse("backoffice:report_return", args=[report.pk]), {"comment": "", "next": here}, follow=True
    )
    assert "测试市教育局：退回须填写审核意见，说明需要修改的内容。" in text_of(response)
    assert fresh(report).state == ReportState.SUBMITTED
    response = client.post(
        reverse("backoffice:report_return", args=[report.pk]), {"comment": "数据来源不全", "next": here}
    )
    assert response.status_code == 302 and response.url == here
    assert (fresh(report).state, fresh(report).review_comment) == (ReportState.RETURNED, "数据来源不全")


def test_accept_then_publish(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    report = services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    login(client, region.head)
    assert (
        client.post(reverse("backoffice:report_accept", args=[report.pk]), {"comment": ""}).status_code == 403
    )
    response = client.post(reverse("backoffice:report_publish", args=[report.pk]), follow=True)
    assert "年度报告须经主管部门审核通过后才能公开" in text_of(response)
    login(client, region.supervisor)
    page = client.get(reverse("backoffice:report", args=[report.pk]))
    assert "主管部门审核" in text_of(page)
    response = client.post(reverse("backoffice:report_accept", args=[report.pk]), {"comment": "同意公开"})
    assert response.status_code == 302
    assert fresh(report).state == ReportState.ACCEPTED
    login(client, region.head)
    page = client.get(reverse("backoffice:report", args=[report.pk]))
    assert "在门户网站公开" in text_of(page) and "同意公开" in text_of(page)
    response = client.post(reverse("backoffice:report_publish", args=[report.pk]), follow=True)
    assert "已在门户网站公开" in text_of(response)
    assert fresh(report).state == ReportState.PUBLISHED


def test_scope_of_the_pages(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    url = reverse("backoffice:report", args=[report.pk])
    login(client, region.outsider)
    assert client.get(url).status_code == 404
    assert client.get(OVERVIEW).status_code == 403
    login(client, region.county_editor)
    assert client.get(url).status_code == 404
    assert client.get(LIST, {"org": region.dept.pk}).status_code == 404
    login(client, region.head)
    assert client.get(OVERVIEW).status_code == 403
    # The supervisor reads the draft but cannot edit it.
    login(client, region.supervisor)
    page = client.get(url)
    assert page.status_code == 200 and 'name="section_1"' not in page.content.decode()
    assert client.post(url, editor_post(section_1="x")).status_code == 403
    assert client.post(reverse("backoffice:report_submit", args=[report.pk])).status_code == 403
    # The supervisor's reports page leads to the overviews of the authorities they supervise.
    text = text_of(client.get(LIST))
    assert "测试市人民政府办公室：2025年度报告报送情况与区域汇总" in text
    assert "测试县人民政府办公室：2025年度报告报送情况与区域汇总" in text
    # The supervisor's overview is their own authority by default.
    page = client.get(OVERVIEW)
    assert page.status_code == 200 and "测试市人民政府办公室" in text_of(page)


def test_the_authority_publishes_from_the_overview(people: People, today: dt.date, client: Client) -> None:
    region = people.region
    report = services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    services.accept(fresh(report), actor=region.supervisor)
    login(client, region.supervisor)
    here = f"{OVERVIEW}?authority={region.office.pk}&year=2025"
    page = client.get(here)
    publish = reverse("backoffice:report_publish", args=[report.pk])
    assert publish in page.content.decode()
    response = client.post(publish, {"next": here})
    assert response.status_code == 302 and response.url == here
    assert fresh(report).state == ReportState.PUBLISHED
    # An address outside the site is never followed.
    other = services.submit(
        ready_report(region.office, 2025, _office_head(region)), actor=_office_head(region)
    )
    services.accept(fresh(other), actor=region.supervisor)
    response = client.post(
        reverse("backoffice:report_publish", args=[other.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("backoffice:report", args=[other.pk])


def _office_head(region: Any) -> Any:
    from gongkai.orgs.models import RoleName
    from gongkai.testing import UserFactory

    return report_helpers.grant(
        UserFactory.create(username="officehead"), region.office, RoleName.OFFICE_HEAD
    )


def test_downloads_of_a_report_and_of_the_regions_sum(people: People, today: dt.date, client: Client) -> None:
    import io

    from openpyxl import load_workbook

    region = people.region
    receive(people.office_handler, region.office, D(2025, 3, 2))
    receive(people.office_handler, region.office, D(2025, 4, 7))
    receive(people.dept_handler, region.dept, D(2025, 5, 6), applicant_type="business")
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    login(client, region.head)
    docx = client.get(reverse("backoffice:report_download", args=[report.pk, "docx"]))
    assert docx.status_code == 200 and docx["Cache-Control"] == "private, no-store"
    assert b"".join(docx.streaming_content).startswith(b"PK")
    assert client.get(reverse("backoffice:report_download", args=[report.pk, "pdf"])).status_code == 404
    login(client, region.outsider)
    assert client.get(reverse("backoffice:report_download", args=[report.pk, "xlsx"])).status_code == 404

    def new_requests_total(content: bytes) -> Any:
        sheet = load_workbook(io.BytesIO(content))["表三"]
        [row] = [r for r in sheet.iter_rows(values_only=True) if r[0] == "一、本年新收政府信息公开申请数量"]
        return row[-1]

    login(client, region.supervisor)
    response = client.get(OVERVIEW, {"authority": region.office.pk, "year": 2025, "format": "xlsx"})
    assert response.status_code == 200
    assert (
        new_requests_total(b"".join(response.streaming_content)) == 3
    )  # 2 at the office + 1 at the department
    xlsx = client.get(reverse("backoffice:report_download", args=[report.pk, "xlsx"]))
    assert new_requests_total(b"".join(xlsx.streaming_content)) == 1
