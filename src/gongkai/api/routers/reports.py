"""年度报告: the published 政府信息公开工作年度报告 of a body, as JSON (docs/SPEC.md §6, 条例 第四十九条).

Only reports in the state ``published`` of active bodies exist here: a draft, submitted, returned
or accepted report answers 404 exactly like a year without a report. The figures are those frozen
when the report was submitted; every cell is keyed by the codes of ``reports.national`` and the
form's labels come along in ``labels``. No staff data (who drafted, reviewed, the review comments,
the sources of the entered figures) is part of any schema.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from gongkai.api.schemas import ErrorOut
from gongkai.api.selectors import find_organization
from gongkai.core.siteurl import absolute_url
from gongkai.orgs.models import Organization
from gongkai.reports import render
from gongkai.reports.models import AnnualReport, ReportState

router = Router()

BODY_NOT_FOUND = "未找到该机构"
REPORT_NOT_FOUND = "该机构没有已公开的该年度政府信息公开工作年度报告"

Cells = dict[str, dict[str, int]]


class BodyRef(Schema):
    name: str = Field(description="机构名称")
    slug: str
    unit_code: str = Field(description="统一社会信用代码或组织机构代码")


class ReportLinks(Schema):
    api: str = Field(description="本接口中的报告 / this report in the API")
    html: str = Field(description="门户页面 / portal page")
    docx: str = Field(description="Word 文档 / DOCX in the official layout")
    xlsx: str = Field(description="统计表（表二、表三、表四）/ the three tables as XLSX")


class ReportSummaryOut(Schema):
    year: int = Field(description="年度")
    title: str = Field(description="报告标题")
    published_at: str | None = Field(description="公开时间（ISO 8601）")
    links: ReportLinks


class ReportListOut(Schema):
    body: BodyRef
    results: list[ReportSummaryOut] = Field(description="已公开的年度报告，年度从新到旧")


class SectionOut(Schema):
    number: str = Field(description="1–6")
    title: str = Field(description="一、总体情况 …")
    text: str = Field(description="正文")


class LabelsOut(Schema):
    rows: dict[str, str]
    columns: dict[str, str]
    articles: dict[str, str] | None = Field(None, description="表二：各行所属的第二十条各项")


class AnnualReportOut(Schema):
    title: str
    year: int
    format: str = Field(description="报告格式依据：国办公开办函〔2021〕30号")
    body: BodyRef
    published_at: str | None
    sections: list[SectionOut] = Field(description="六个部分，按格式顺序")
    table2: dict[str, dict[str, int | str | None]] = Field(
        description="表二 主动公开政府信息情况：table2[行][列]；收费金额（万元）为十进制字符串"
    )
    table3: Cells = Field(description="表三 收到和处理政府信息公开申请情况：table3[行][申请人类型]")
    table4: Cells = Field(description="表四 政府信息公开行政复议、行政诉讼情况：table4[复议/诉讼][结果]")
    fees_collected: str = Field(description="本年度收取的信息处理费（元），十进制字符串（第六部分）")
    fees_collected_sentence: str
    labels: dict[str, LabelsOut] = Field(description="各行、各列代码对应的格式原文")
    links: ReportLinks


def _body(slug: str) -> Organization:
    org = find_organization(slug)
    if org is None:
        raise HttpError(404, BODY_NOT_FOUND)
    return org


def _published(org: Organization) -> Any:
    return AnnualReport.objects.filter(organization=org, state=ReportState.PUBLISHED).select_related(
        "organization"
    )


def _portal(request: HttpRequest, name: str, slug: str, year: int, fallback: str) -> str:
    # The fallback keeps the API usable in an installation that serves no portal (内外网分离).
    try:
        path = reverse(name, kwargs={"slug": slug, "year": year})
    except NoReverseMatch:
        path = fallback
    return absolute_url(path)


def _links(request: HttpRequest, report: AnnualReport) -> dict[str, str]:
    slug, year = report.organization.slug, report.year
    return {
        "api": absolute_url(reverse("api:getAnnualReport", kwargs={"slug": slug, "year": year})),
        "html": _portal(request, "portal:annual_report", slug, year, f"/{slug}/reports/{year}/"),
        "docx": _portal(request, "portal:annual_report_docx", slug, year, f"/{slug}/reports/{year}.docx"),
        "xlsx": _portal(request, "portal:annual_report_xlsx", slug, year, f"/{slug}/reports/{year}.xlsx"),
    }


@router.get(
    "/{slug}/annual-reports/",
    response={200: ReportListOut, 404: ErrorOut},
    operation_id="listAnnualReports",
    url_name="listAnnualReports",
    summary="机构的政府信息公开工作年度报告 / A body's annual reports",
)
def list_annual_reports(request: HttpRequest, slug: str) -> dict[str, Any]:
    """一个机构已公开的政府信息公开工作年度报告，年度从新到旧。``slug`` 也可以是机构编号。
    A body's published annual reports (政府信息公开工作年度报告), newest year first; ``slug`` may also
    be the numeric id."""
    org = _body(slug)
    reports = _published(org).order_by("-year")
    return {
        "body": {"name": org.name, "slug": org.slug, "unit_code": org.unit_code},
        "results": [
            {
                "year": r.year,
                "title": render.report_title(r),
                "published_at": r.published_at.isoformat() if r.published_at else None,
                "links": _links(request, r),
            }
            for r in reports
        ],
    }


@router.get(
    "/{slug}/annual-reports/{year}",
    response={200: AnnualReportOut, 404: ErrorOut},
    operation_id="getAnnualReport",
    url_name="getAnnualReport",
    summary="一份政府信息公开工作年度报告 / One annual report",
)
def get_annual_report(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    """一个机构某一年度已公开的年度报告：六个部分的正文，表二、表三、表四的每个数字（报送时冻结），
    以及格式原文标签。The published report of one body for one year: the six sections, every
    figure of 表二, 表三 and 表四 (as frozen on submission) and the labels of the national format."""
    org = _body(slug)
    report = _published(org).filter(year=year).first()
    if report is None:
        raise HttpError(404, REPORT_NOT_FOUND)
    data = render.report_json(report)
    data["links"] = _links(request, report)
    return data
