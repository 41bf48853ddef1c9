"""``gongkai report annual --body CODE --year YYYY --format json|docx|xlsx [--out FILE]``: a staff tool
that exports a report in any state; a draft (or a year without a report) shows live figures."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from django.utils import timezone

from gongkai.cli import main
from gongkai.foi.models import InfoRequest
from gongkai.reports.tests.samples import make_report

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(main, ["report", "annual", *args], catch_exceptions=False)


def register(
    org, number: str, received: dt.date, kind: str, *, outcome: str = "", answered=None, closed=None
):
    """A request as the register holds it; only the dates, the applicant type and the outcome count."""
    return InfoRequest.objects.create(
        organization=org,
        registration_number=number,
        lookup_code_hash="-",
        channel="online",
        submitted_at=timezone.now(),
        received_on=received,
        applicant_type=kind,
        applicant_name="申请人",
        id_type="other",
        id_number="-",
        phone="-",
        description="某文件",
        format="electronic",
        delivery="online",
        outcome=outcome,
        answered_on=answered,
        closed_on=closed,
    )


@pytest.fixture
def register_2025(region):
    """r1 received 20 Dec 2024, answered 10 Jan 2025 → 二 and （一）, 自然人;
    r2 received and answered in 2025 (（三）4) → 一, 商业企业;
    r3 received 30 Dec 2025, open → 一 and 四, 自然人;
    r4 received in 2025, closed 1 Jul 2025 for a lapsed correction (（六）1) → 一, 科研机构."""
    d = region.dept
    register(d, "R1", dt.date(2024, 12, 20), "person", outcome="1", answered=dt.date(2025, 1, 10))
    register(d, "R2", dt.date(2025, 3, 2), "business", outcome="3.4", answered=dt.date(2025, 3, 20))
    register(d, "R3", dt.date(2025, 12, 30), "person")
    register(d, "R4", dt.date(2025, 6, 1), "research", outcome="6.1", closed=dt.date(2025, 7, 1))


def row(*values: int) -> dict[str, int]:
    keys = ["person", "business", "research", "public_welfare", "legal_service", "other_org", "total"]
    return dict(zip(keys, values, strict=True))


def test_json_of_a_draft_has_live_figures(region, register_2025):
    make_report(region.dept, 2025, state="draft")
    result = run("--body", "edu", "--year", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "注意：该报告状态为“编写中”，数字按平台现有数据即时计算。" in result.stderr
    data = json.loads(result.stdout)
    assert data["state"] == "draft" and data["figures_frozen"] is False
    t3 = data["table3"]
    assert t3["new"] == row(1, 1, 1, 0, 0, 0, 3)
    assert t3["carried_in"] == row(1, 0, 0, 0, 0, 0, 1)
    assert t3["1"] == row(1, 0, 0, 0, 0, 0, 1)
    assert t3["3.4"] == row(0, 1, 0, 0, 0, 0, 1)
    assert t3["6.1"] == row(0, 0, 1, 0, 0, 0, 1)
    assert t3["outcome_total"] == row(1, 1, 1, 0, 0, 0, 3)
    assert t3["carried_out"] == row(1, 0, 0, 0, 0, 0, 1)
    assert data["sources"]["licensing"] == "市政务服务中心审批系统"


def test_a_submitted_report_shows_its_frozen_figures(region, register_2025):
    report = make_report(region.dept, 2025, state="submitted")  # frozen with the sample's figures
    result = run("--body", region.dept.unit_code, "--year", "2025")  # json is the default; by unit code
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["figures_frozen"] is True and data["state"] == "submitted"
    assert data["table3"]["new"]["total"] == 29  # the frozen sample, not the 3 in the register now
    assert data["body"]["unit_code"] == report.organization.unit_code


def test_a_year_without_a_report(region, register_2025, tmp_path):
    out = tmp_path / "edu.json"
    result = run("--body", "edu", "--year", "2025", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "注意：测试市教育局尚未创建2025年度报告，以下按平台现有数据计算，正文为空。" in result.stderr
    assert f"已导出测试市教育局2025年政府信息公开工作年度报告（JSON）到 {out}。" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["table3"]["new"]["total"] == 3 and data["table2"]["licensing"] == {"decisions": None}
    assert [s["text"] for s in data["sections"]] == [""] * 6


def test_docx_and_xlsx_files(region, register_2025, tmp_path, monkeypatch):
    make_report(region.dept, 2025, state="draft")
    out = tmp_path / "report.docx"
    result = run("--body", "edu", "--year", "2025", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "测试市教育局2025年政府信息公开工作年度报告"
    t3 = document.tables[1]
    assert [t3.cell(3, c).text for c in range(3, 10)] == ["1", "1", "1", "0", "0", "0", "3"]
    assert t3.cell(1, 4).text == "法人或其他组织" and t3.cell(1, 4)._tc is t3.cell(1, 8)._tc

    monkeypatch.chdir(tmp_path)  # without --out the file goes to the current directory
    result = run("--body", "edu", "--year", "2025", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert "到 annual-report-edu-2025.xlsx。" in result.stdout
    book = openpyxl.load_workbook(tmp_path / "annual-report-edu-2025.xlsx")
    assert [book["表三"].cell(row=6, column=c).value for c in range(4, 11)] == [1, 0, 0, 0, 0, 0, 1]  # 二
    assert "E3:I3" in {str(r) for r in book["表三"].merged_cells.ranges}


def test_unknown_body_and_bad_arguments(region):
    result = CliRunner().invoke(main, ["report", "annual", "--body", "nobody", "--year", "2025"])
    assert result.exit_code == 1
    assert "找不到单位代码或网址标识为“nobody”的机关。" in result.output
    result = CliRunner().invoke(
        main, ["report", "annual", "--body", "edu", "--year", "2025", "--format", "pdf"]
    )
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
