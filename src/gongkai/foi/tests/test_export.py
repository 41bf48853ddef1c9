"""Exporting the register of requests: XLSX and CSV, applicant data masked (docs/SPEC.md §4.5)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from gongkai.foi.export import COLUMNS, export_register, is_overdue, mask_id_number, mask_phone
from gongkai.foi.importer import import_requests_file
from gongkai.foi.models import InfoRequest
from gongkai.foi.tests.test_importer import OTHER_ID, row, write_csv


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("340123199001011234", "340***********1234"),
        ("34012319900101123x", "340***********123x"),
        ("91341302MA2T0XXX1Q", "913***********XX1Q"),
        (" 340123 199001011234 ", "340***********1234"),
        ("E12345678", "*******78"),  # a passport: only the last 2 characters
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_id_number(number, masked):
    assert mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("8613812345678", "138****5678"),
        ("0557-3021234", "0557-*****34"),
        ("（0557）3021234", "0557-*****34"),
        ("05573021234", "0557-*****34"),
        ("010-12345678", "010-******78"),
        ("02112345678", "021-******78"),
        ("0557-3021234转801", "0557-*****34"),
        ("0557-3021234-801", "0557-*****34"),
        ("3021234", "*****34"),
        ("13812345678，0557-3021234", "138****5678，0557-*****34"),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_is_overdue():
    due = dt.date(2025, 10, 24)
    assert is_overdue(due=due, stopped_on=dt.date(2025, 10, 24), today=dt.date(2026, 1, 1)) is False
    assert is_overdue(due=due, stopped_on=dt.date(2025, 10, 27), today=dt.date(2025, 10, 27)) is True
    assert is_overdue(due=due, stopped_on=None, today=dt.date(2025, 10, 25)) is True
    assert is_overdue(due=due, stopped_on=None, today=dt.date(2025, 10, 24)) is False
    assert is_overdue(due=None, stopped_on=None, today=dt.date(2025, 10, 25)) is None


@pytest.fixture
def register(foi, clock, tmp_path):
    """Five requests of the office, imported on 15 Dec 2026."""
    clock.set(dt.date(2026, 12, 15))
    body = foi.office.unit_code
    rows = [
        # On time: due Fri 24 Oct 2025, answered 20 Oct.
        row(body, 登记编号="A-1", 收到申请日期="2025-09-22", 办理结果="1", 答复日期="2025-10-20"),
        # Late: due Mon 7 Jul 2025 (20 working days after 9 Jun), answered 20 Jul.
        row(body, 登记编号="A-2", 收到申请日期="2025-06-09", 姓名_名称="王五", 证件号码=OTHER_ID,
            联系电话="13900001234", 办理结果="4.1", 答复日期="2025-07-20",
            所需信息描述="=HYPERLINK(\"http://example.com\")的文件"),
        # Open and overdue: due Mon 30 Nov 2026. A company with a landline.
        row(body, 登记编号="A-3", 收到申请日期="2026-11-02", 申请人类型="商业企业",
            姓名_名称="某某科技有限公司", 证件号码="91341302MA2T0XXX1Q", 联系人="李四",
            联系电话="0557-3021234"),
        # Open: due Fri 8 Jan 2027, a year without a State Council notice yet — provisional.
        row(body, 登记编号="A-4", 收到申请日期="2026-12-10"),
        # Ended while awaiting correction: no due date.
        row(body, 登记编号="A-5", 收到申请日期="2025-03-03", 补正告知日期="2025-03-05", 补正期限="2025-03-19",
            办理结果="6.1", 终止日期="2025-03-24"),
    ]  # fmt: skip
    report = import_requests_file(write_csv(tmp_path / "r.csv", rows), user=foi.office_handler, echo=print)
    assert report.errors == [], report.summary()
    return InfoRequest.objects.all()


DESCRIPTION = "2025年测试市义务教育阶段学校招生划片范围的文件"
OFFICE = "测试市人民政府办公室"
EXPECTED = [
    ["A-5", OFFICE, "当面提交", "2025-03-03", "自然人", "张三", "341***********1238", "138****5678",
     DESCRIPTION, "已终止", "", "", "",
     "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ""],
    ["A-2", OFFICE, "当面提交", "2025-06-09", "自然人", "王五", "341***********0028", "139****1234",
     "'=HYPERLINK(\"http://example.com\")的文件", "已答复", "2025-07-07", "", "2025-07-20",
     "（四）无法提供 1.本机关不掌握相关政府信息", "是"],
    ["A-1", OFFICE, "当面提交", "2025-09-22", "自然人", "张三", "341***********1238", "138****5678",
     DESCRIPTION, "已答复", "2025-10-24", "", "2025-10-20", "（一）予以公开", "否"],
    ["A-3", OFFICE, "当面提交", "2026-11-02", "商业企业", "某某科技有限公司", "913***********XX1Q",
     "0557-*****34", DESCRIPTION, "待分办", "2026-11-30", "", "", "", "是"],
    ["A-4", OFFICE, "当面提交", "2026-12-10", "自然人", "张三", "341***********1238", "138****5678",
     DESCRIPTION, "待分办", "2027-01-08", "是（2027年节假日安排未发布）", "", "", "否"],
]  # fmt: skip


def test_csv_export_masks_applicant_data(register):
    data = export_register(register, fmt="csv", today=dt.date(2026, 12, 15))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert rows[1:] == EXPECTED
    assert b"341302199001011238" not in data and b"13812345678" not in data


def test_xlsx_export(register):
    from openpyxl import load_workbook

    data = export_register(register.filter(registration_number__in=["A-1", "A-2", "A-3"]), fmt="xlsx",
                           today=dt.date(2026, 12, 15))  # fmt: skip
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.title == "依申请公开登记台账"
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0] == COLUMNS and len(values) == 4
    late = values[1]
    assert late[0] == "A-2" and late[6] == "341***********0028" and late[7] == "139****1234"
    assert late[3] == dt.datetime(2025, 6, 9) and late[10] == dt.datetime(2025, 7, 7)
    assert late[8] == '=HYPERLINK("http://example.com")的文件'  # kept as text, not a formula
    assert ws.cell(row=2, column=9).data_type == "s"
    assert late[13] == "（四）无法提供 1.本机关不掌握相关政府信息" and late[14] == "是"
    company = values[3]
    assert company[5] == "某某科技有限公司" and company[7] == "0557-*****34" and company[14] == "是"
    assert company[12] is None and company[11] is None


def test_unknown_format(register):
    with pytest.raises(ValueError, match="不支持的导出格式"):
        export_register(register, fmt="pdf")
