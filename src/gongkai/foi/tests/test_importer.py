"""Importing a legacy register of requests (CSV/XLSX): every row's clock comes from its events through the
kernel, all rows or none, every bad row reported with its column (docs/SPEC.md §4.2, §9).

Due dates are worked out by hand from the 2025/2026 State Council calendars
(docs/sources/calendar-notices.md):
the day of receipt is not counted, 20 working days (第三十三条第一款).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.conftest import Clock
from gongkai.core.models import SerialCounter
from gongkai.foi.import_rows import valid_resident_id
from gongkai.foi.importer import import_requests_file
from gongkai.foi.models import ClockEvent, Consultation, InfoRequest

pytestmark = pytest.mark.django_db

HEADER = ["受理机关", "登记编号", "申请方式", "收到申请日期", "申请人类型", "姓名/名称", "证件号码", "联系人",
          "联系电话", "电子邮箱", "通信地址", "所需信息描述", "提供形式", "获取方式", "状态", "办理结果",
          "答复日期", "终止日期", "延期工作日数", "延期日期", "补正告知日期", "补正期限", "收到补正日期",
          "被征求意见方", "征求意见发出日期", "收到意见日期", "征求意见结果"]  # fmt: skip

PERSON_ID = "341302199001011238"  # check character worked out with GB 11643-1999
OTHER_ID = "341302198512120028"


def row(body: str, **values: Any) -> list[Any]:
    cells: dict[str, Any] = {
        "受理机关": body,
        "申请方式": "当面提交",
        "申请人类型": "自然人",
        "姓名/名称": "张三",
        "证件号码": PERSON_ID,
        "联系电话": "13812345678",
        "所需信息描述": "2025年测试市义务教育阶段学校招生划片范围的文件",
        "提供形式": "纸质文本",
        "获取方式": "自行领取",
    }
    cells.update({key.replace("_", "/"): value for key, value in values.items()})
    return [cells.get(name, "") for name in HEADER]


def good_rows(body: str, prefix: str) -> list[list[Any]]:
    return [
        # Row 2: received Mon 22 Sep 2025; 28 Sep (Sun) and 11 Oct (Sat) are make-up working days,
        # 1–8 Oct off: the 20th working day is Fri 24 Oct. Answered 20 Oct. Legacy number kept.
        row(body, 登记编号=f"YSQ-{prefix}-2025-00007", 收到申请日期="2025-09-22", 办理结果="1",
            答复日期="2025-10-20"),
        # Row 3: a company by letter, received Wed 5 Mar; correction asked Fri 7 Mar (2nd working day),
        # corrected Mon 17 Mar: 20 working days afresh (清明 4–6 Apr off) → Tue 15 Apr; extended by 10
        # on 10 Apr → Mon 28 Apr (Sun 27 Apr is a make-up working day). Same legacy number as row 2.
        row(body, 登记编号=f"YSQ-{prefix}-2025-00007", 申请方式="信函", 收到申请日期="2025/3/5",
            申请人类型="企业", 姓名_名称="某某科技有限公司", 证件号码="91341302MA2T0XXX1Q", 联系人="李四",
            通信地址="测试市人民路1号", 获取方式="邮寄", 补正告知日期="2025-03-07", 补正期限="2025-03-21",
            收到补正日期="2025年3月17日", 延期工作日数="10", 延期日期="2025-04-10",
            办理结果="保护第三方合法权益", 答复日期="2025-04-25"),
        # Row 4: online, received Mon 9 Jun; a third party consulted on Mon 16 Jun after 5 working days,
        # their answer came Wed 25 Jun: 15 working days left from then → Wed 16 Jul.
        row(body, 申请方式="网上申请", 收到申请日期="2025-06-09", 姓名_名称="王五", 证件号码=OTHER_ID,
            电子邮箱="wangwu@example.com", 获取方式="电子邮件", 被征求意见方="某建筑公司",
            征求意见发出日期="2025-06-16", 收到意见日期="2025-06-25", 征求意见结果="不同意公开",
            办理结果="（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 答复日期="2025-07-10"),
        # Row 5: still open, received Mon 2 Nov 2026 → Mon 30 Nov; the internal period (5 working
        # days earlier by default) ends Mon 23 Nov.
        row(body, 收到申请日期="2026-11-02", 状态="办理中"),
        # Row 6: received Mon 3 Mar 2025, correction asked Wed 5 Mar, to be made by 19 Mar, never made:
        # ended 24 Mar as （六）1 (第三十条) — no due date.
        row(body, 收到申请日期="2025-03-03", 补正告知日期="2025-03-05", 补正期限="2025-03-19",
            办理结果="6.1", 终止日期="2025-03-24"),
    ]  # fmt: skip


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for cells in rows:
        ws.append(cells)
    wb.save(path)
    return path


@pytest.fixture
def frozen(clock: Clock) -> dt.date:
    """Today is 20 November 2026 for the whole test (after every date of the registers)."""
    return clock.set(dt.date(2026, 11, 20))


def quiet(_: str) -> None:
    pass


def test_resident_id_check_character() -> None:
    assert valid_resident_id(PERSON_ID) and valid_resident_id("34130219900101123X") is False
    assert valid_resident_id("341302900101123") and not valid_resident_id("3413021990010112")


def test_good_csv_imports_requests_with_kernel_due_dates(foi, frozen, tmp_path):
    office = foi.office
    prefix = office.unit_code[-6:]
    path = write_csv(tmp_path / "register.csv", good_rows(office.unit_code, prefix))
    report = import_requests_file(path, user=foi.office_handler, echo=quiet)
    assert report.errors == [], report.summary()
    assert report.imported == 5 and report.kept_numbers == 1 and report.new_numbers == 4
    assert [str(w) for w in report.warnings] == [
        f"第3行【登记编号】：登记编号“YSQ-{prefix}-2025-00007”与第2行重复，将重新编号"
    ]
    by_date = {r.received_on.isoformat(): r for r in InfoRequest.objects.all()}

    answered = by_date["2025-09-22"]
    assert answered.registration_number == f"YSQ-{prefix}-2025-00007"
    assert answered.state == "answered" and answered.outcome == "1"
    assert answered.due_date == dt.date(2025, 10, 24) and answered.answered_on == dt.date(2025, 10, 20)
    assert answered.clock_status == "stopped" and answered.channel == "in_person"
    assert answered.created_by == foi.office_handler

    corrected = by_date["2025-03-05"]
    assert corrected.due_date == dt.date(2025, 4, 28) and corrected.outcome == "3.4"
    assert corrected.applicant_type == "business" and corrected.id_type == "credit_code"
    assert list(corrected.clock_events.values_list("kind", "on", "until", "days")) == [
        ("received", dt.date(2025, 3, 5), None, 0),
        ("correction_requested", dt.date(2025, 3, 7), dt.date(2025, 3, 21), 0),
        ("correction_received", dt.date(2025, 3, 17), None, 0),
        ("extended", dt.date(2025, 4, 10), None, 10),
        ("answered", dt.date(2025, 4, 25), None, 0),
        ("note", dt.date(2026, 11, 20), None, 0),
    ]

    consulted = by_date["2025-06-09"]
    assert consulted.due_date == dt.date(2025, 7, 16) and consulted.outcome == "2"
    consultation = Consultation.objects.get(request=consulted)
    assert consultation.party == "某建筑公司" and consultation.answer == "object"
    # 15 working days from 16 Jun: 17–20, 23–27, 30 Jun, 1–4 Jul, 7 Jul.
    assert consultation.answer_due == dt.date(2025, 7, 7) and consultation.answered_on == dt.date(2025, 6, 25)
    pause = consulted.clock_events.get(kind="pause_started")
    assert pause.key == consultation.clock_key and pause.until == dt.date(2025, 7, 7)
    assert consulted.clock_events.get(kind="pause_ended").key == consultation.clock_key

    open_case = by_date["2026-11-02"]
    assert open_case.state == "assigned" and open_case.handling_unit == office
    assert open_case.due_date == dt.date(2026, 11, 30)
    assert open_case.internal_due_date == dt.date(2026, 11, 23) and open_case.clock_status == "running"

    lapsed = by_date["2025-03-03"]
    assert lapsed.state == "closed" and lapsed.outcome == "6.1" and lapsed.closed_on == dt.date(2025, 3, 24)
    assert lapsed.due_date is None
    assert list(lapsed.clock_events.values_list("kind", flat=True)) == [
        "received", "correction_requested", "correction_lapsed", "note"
    ]  # fmt: skip

    # New numbers per body and year in order of receipt, after the kept legacy number 00007.
    assert lapsed.registration_number == f"YSQ-{prefix}-2025-00008"
    assert corrected.registration_number == f"YSQ-{prefix}-2025-00009"
    assert consulted.registration_number == f"YSQ-{prefix}-2025-00010"
    assert open_case.registration_number == f"YSQ-{prefix}-2026-00001"
    assert SerialCounter.objects.get(key=f"foi:{prefix}:2025").last_serial == 10
    # Intake continues the same series (one counter per prefix and year, shared with the importer).
    from gongkai.foi.services.intake import registration_number

    assert registration_number(office, 2025) == f"YSQ-{prefix}-2025-00011"

    hashes = set(InfoRequest.objects.values_list("lookup_code_hash", flat=True))
    assert len(hashes) == 5 and "" not in hashes
    event = AuditEvent.objects.get(action="requests.imported")
    assert event.actor == foi.office_handler and event.organization == office
    assert event.data["rows"] == 5 and event.data["kept_numbers"] == 1
    assert "重新生成查询码" in report.summary()

    # The same file again: every row is already there, nothing is imported twice.
    again = import_requests_file(path, user=foi.office_handler, echo=quiet)
    assert sorted({e.row for e in again.errors}) == [2, 3, 4, 5, 6]
    assert "文件可能已导入过" in again.summary() and InfoRequest.objects.count() == 5


def test_bad_rows_are_all_reported_and_nothing_is_imported(foi, frozen, tmp_path):
    body = foi.office.unit_code
    rows = [
        row(body, 收到申请日期="2025-09-22"),  # row 2: good
        row(body, 收到申请日期="2025-13-01"),  # row 3
        row("不存在的机关", 收到申请日期="2025-09-22"),  # row 4
        row(body, 收到申请日期="2025-09-22", 办理结果="9.9", 答复日期="2025-10-10"),  # row 5
        row(body, 收到申请日期="2025-05-12", 办理结果="1", 答复日期="2025-05-06"),  # row 6
        row(body, 收到申请日期="2025-09-22", 延期工作日数="25"),  # row 7
        # Row 8: received Mon 3 Mar 2025; the 7th working day after it is Wed 12 Mar.
        row(body, 收到申请日期="2025-03-03", 补正告知日期="2025-03-14"),
        row(body, 收到申请日期="2025-09-22", 证件号码="341302199001011234", 联系电话=""),  # row 9
        row(body, 收到申请日期="2025-09-22", 申请方式="飞鸽传书", 状态="已答复"),  # row 10
    ]
    report = import_requests_file(write_csv(tmp_path / "bad.csv", rows), user=foi.office_handler, echo=quiet)
    assert sorted({e.row for e in report.errors}) == [3, 4, 5, 6, 7, 8, 9, 10]
    lines = [str(e) for e in report.errors]
    assert "第3行【收到申请日期】：“2025-13-01”不是有效日期（应写作 2025-03-05）" in lines
    assert "第4行【受理机关】：找不到统一社会信用代码、网址标识或名称为“不存在的机关”的机关" in lines
    assert any(line.startswith("第5行【办理结果】：“9.9”不是办理结果") for line in lines)
    assert "第6行【答复日期】：答复日期 2025-05-06 早于收到申请日期 2025-05-12" in lines
    assert "第7行【延期工作日数】：延长答复期限最长不得超过20个工作日（第三十三条第二款）" in lines
    assert (
        "第8行【补正告知日期】：应当自收到申请之日起7个工作日内（2025年3月12日前）一次性告知补正（第三十条）"
        in lines
    )
    assert "第9行【证件号码】：居民身份证号码校验位不正确，请核对号码（GB 11643《公民身份号码》）" in lines
    assert "第9行【联系电话】：联系电话不能为空" in lines
    assert any(line.startswith("第10行【申请方式】：“飞鸽传书”无效，应为：网上申请、信函") for line in lines)
    assert "第10行【状态】：状态“已答复”与所填日期不符：按所填日期应为“待分办”" in lines
    assert "发现 10 处错误（涉及 8 行），未导入任何申请" in report.summary()
    assert not InfoRequest.objects.exists() and not ClockEvent.objects.exists()
    assert not SerialCounter.objects.exists()
    assert not AuditEvent.objects.filter(action="requests.imported").exists()
    # The full ID number never appears in the report.
    assert "341302199001011234" not in report.summary()


def test_xlsx_with_excel_dates_imports(foi, frozen, tmp_path):
    rows = [
        row(foi.office.slug, 收到申请日期=dt.datetime(2025, 9, 22), 办理结果="予以公开",
            答复日期=dt.date(2025, 10, 24)),
        row(foi.office.name, 收到申请日期=dt.date(2025, 6, 9), 征求意见发出日期=dt.date(2025, 6, 16),
            征求意见结果="逾期未提出意见", 办理结果="3.4", 答复日期=dt.date(2025, 7, 30)),
    ]  # fmt: skip
    report = import_requests_file(
        write_xlsx(tmp_path / "register.xlsx", rows), user=foi.office_head, echo=quiet
    )
    assert report.errors == [], report.summary()
    assert report.imported == 2
    on_time = InfoRequest.objects.get(received_on=dt.date(2025, 9, 22))
    assert on_time.due_date == dt.date(2025, 10, 24) and on_time.answered_on == dt.date(2025, 10, 24)
    # The consulted party was silent: the pause ends with its 15 working days on Mon 7 Jul; 5 working
    # days were used before it, so 15 remain: 8–11, 14–18, 21–25, 28 Jul → Mon 28 Jul.
    silent = InfoRequest.objects.get(received_on=dt.date(2025, 6, 9))
    assert silent.due_date == dt.date(2025, 7, 28)
    assert Consultation.objects.get(request=silent).answer == "none"
    ended = silent.clock_events.get(kind="pause_ended")
    assert ended.on == dt.date(2025, 7, 7) and "由本机关依法决定是否公开（第三十二条）" in ended.label


def test_bad_xlsx_imports_nothing(foi, frozen, tmp_path):
    rows = [
        row(foi.office.unit_code, 收到申请日期=dt.date(2025, 9, 22)),
        row(foi.office.unit_code, 收到申请日期="明天"),
    ]
    report = import_requests_file(
        write_xlsx(tmp_path / "bad.xlsx", rows), user=foi.office_handler, echo=quiet
    )
    assert [str(e) for e in report.errors] == [
        "第3行【收到申请日期】：“明天”不是有效日期（应写作 2025-03-05）"
    ]
    assert not InfoRequest.objects.exists()


def test_default_body_permissions_and_dry_run(foi, frozen, tmp_path):
    header = [h for h in HEADER if h != "受理机关"]
    rows = [cells[1:] for cells in good_rows("", "")[3:4]]
    path = write_csv(tmp_path / "no-body.csv", rows, header=header)

    missing = import_requests_file(path, user=foi.office_handler, echo=quiet)
    assert [str(e) for e in missing.errors] == ["第1行：缺少必填列：受理机关（或在命令中用 --body 指定）"]

    refused = import_requests_file(path, user=foi.dept_handler, body=foi.office.slug, echo=quiet)
    assert [str(e) for e in refused.errors] == [
        "【受理机关】dept_handler 不是“测试市人民政府办公室”的依申请公开承办人或公开工作机构负责人，"
        "不能导入该机关的申请"
    ]

    dry = import_requests_file(path, user=foi.office_handler, body=foi.office.slug, dry_run=True, echo=quiet)
    assert dry.errors == [] and "校验通过（试运行，未写入）：可导入 1 件申请" in dry.summary()
    assert not InfoRequest.objects.exists() and not SerialCounter.objects.exists()

    done = import_requests_file(path, user=foi.office_handler, body=foi.office.slug, echo=quiet)
    assert done.imported == 1 and InfoRequest.objects.get().organization == foi.office


def test_documented_example_imports_with_the_documented_due_dates(foi, frozen, tmp_path):
    """The example of docs/IMPORT.md, with the test region's body: the due dates the page states."""
    docs = (Path(__file__).resolve().parents[4] / "docs" / "IMPORT.md").read_text(encoding="utf-8")
    section = docs.split("# Importing a legacy register of requests", 1)[1]
    example = section.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.csv"
    path.write_text(example.replace("113413000031204549", foi.office.unit_code), encoding="utf-8")
    report = import_requests_file(path, user=foi.office_handler, echo=quiet)
    assert report.errors == [], report.summary()
    first = InfoRequest.objects.get(registration_number="宿教依申〔2025〕7号")
    assert first.due_date == dt.date(2025, 10, 24) and first.state == "answered"
    second = InfoRequest.objects.get(received_on=dt.date(2025, 3, 5))
    assert second.due_date == dt.date(2025, 4, 28) and second.outcome == "3.4"
    # No 延期日期 in the file: the extension is recorded on the day the period would have ended.
    extension = second.clock_events.get(kind="extended")
    assert extension.on == dt.date(2025, 4, 15) and "原登记未记录延期日期" in extension.label
