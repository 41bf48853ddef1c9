"""A report with figures worked out by hand, for the output tests (render, portal, API, CLI).

测试市教育局's year, as the tables of the form would show it:

表二: 规章 made 2, abolished 1, in force 9; 行政规范性文件 made 14, abolished 3, in force 87; 行政许可
1204, 行政处罚 56, 行政强制 3 decisions; 行政事业性收费 12.34 万元.

表三 (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 → 总计):
  一 new          20 5 1 0 2 1 → 29
  二 carried in    2 1 0 0 0 0 → 3
  （一）予以公开     10 3 0 0 0 0 → 13
  （二）部分公开      3 0 0 0 0 0 → 3
  （三）1 国家秘密    0 0 1 0 0 0 → 1
  （三）4 第三方      0 2 0 0 0 0 → 2
  （四）1 不掌握      4 0 0 0 1 0 → 5
  （五）2 重复申请    1 0 0 0 0 0 → 1
  （六）1 逾期不补正  0 0 0 0 0 1 → 1
  （七）总计        18 5 1 0 1 1 → 26
  四 carried out   4 1 0 0 1 0 → 6     (一 + 二 = 32 = 三（七）+ 四 in every column)

表四: 行政复议 维持 2, 纠正 1 → 3; 未经复议直接起诉 尚未审结 1 → 1; 复议后起诉 其他结果 1 → 1.
Section 六: 信息处理费 150 元.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongkai.orgs.models import Organization
from gongkai.reports.figures import to_json
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.national import TABLE3_COLUMNS, Figures, check, empty_figures

COLUMNS = [col for col, _ in TABLE3_COLUMNS]  # person … other_org, total

TABLE3: dict[str, list[int]] = {
    "new": [20, 5, 1, 0, 2, 1, 29],
    "carried_in": [2, 1, 0, 0, 0, 0, 3],
    "1": [10, 3, 0, 0, 0, 0, 13],
    "2": [3, 0, 0, 0, 0, 0, 3],
    "3.1": [0, 0, 1, 0, 0, 0, 1],
    "3.4": [0, 2, 0, 0, 0, 0, 2],
    "4.1": [4, 0, 0, 0, 1, 0, 5],
    "5.2": [1, 0, 0, 0, 0, 0, 1],
    "6.1": [0, 0, 0, 0, 0, 1, 1],
    "outcome_total": [18, 5, 1, 0, 1, 1, 26],
    "carried_out": [4, 1, 0, 0, 1, 0, 6],
}
TABLE4 = {
    "review.upheld": 2,
    "review.corrected": 1,
    "review.total": 3,
    "direct.pending": 1,
    "direct.total": 1,
    "after_review.other": 1,
    "after_review.total": 1,
}
ENTERED = {
    "licensing_decisions": 1204,
    "licensing_source": "市政务服务中心审批系统",
    "penalty_decisions": 56,
    "penalty_source": "市教育局执法台账",
    "coercion_decisions": 3,
    "coercion_source": "市教育局执法台账",
    "fee_income": Decimal("12.3400"),
    "fee_income_source": "市财政局非税收入系统",
}

SECTIONS = {
    "section_1": (
        "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n全面推进决策、执行、管理、服务、结果公开。"
    ),
    "section_2": "主动公开各类政府信息，规范性文件全部在公开目录发布。",
    "section_3": "依申请公开工作依法办理，按时答复。",
    "section_4": "本年度发生政府信息公开行政复议3件、行政诉讼2件。",
    "section_5": "存在的主要问题是政策解读形式较为单一。",
    "section_6": "无其他需要报告的事项。",
}


def sample_figures() -> Figures:
    """The computed figures of the year (entered cells of 表二 are the report's fields)."""
    figures = empty_figures()
    figures["table2"].update(
        {
            ("regulation", "made"): 2,
            ("regulation", "abolished"): 1,
            ("regulation", "in_force"): 9,
            ("normative", "made"): 14,
            ("normative", "abolished"): 3,
            ("normative", "in_force"): 87,
        }
    )
    for row, values in TABLE3.items():
        for col, value in zip(COLUMNS, values, strict=True):
            figures["table3"][row, col] = value
    for cell, value in TABLE4.items():
        figures["table4"]["all", cell] = value
    figures["extra"] = {("fees", "fees_collected"): Decimal("150.00")}
    return figures


def make_report(
    organization: Organization,
    year: int,
    state: str = ReportState.PUBLISHED,
    *,
    marker: str = "",
    **fields: Any,
) -> AnnualReport:
    """A report of ``organization`` in ``state``; beyond a draft its figures are frozen (as on
    submission). ``marker`` is written into every section (for the leak tests)."""
    values: dict[str, Any] = {**ENTERED, **SECTIONS}
    if marker:
        values.update({f"section_{n}": f"{marker} 第{n}部分" for n in range(1, 7)})
        values["licensing_source"] = f"{marker}来源"
        values["review_comment"] = f"{marker}审核意见"
    values.update(fields)
    if state not in (ReportState.DRAFT, ReportState.RETURNED):
        values.setdefault("figures", to_json(sample_figures()))
        values.setdefault("submitted_at", timezone.now())
    if state == ReportState.PUBLISHED:
        values.setdefault("published_at", timezone.now())
    return AnnualReport.objects.create(organization=organization, year=year, state=state, **values)


def assert_sample_is_consistent() -> None:
    figures = sample_figures()
    for cell, field in (
        (("licensing", "decisions"), "licensing_decisions"),
        (("penalty", "decisions"), "penalty_decisions"),
        (("coercion", "decisions"), "coercion_decisions"),
        (("fees", "income"), "fee_income"),
    ):
        figures["table2"][cell] = ENTERED[field]
    assert check(figures) == []
