"""Requests on the console: ``gongkai import requests`` and ``gongkai requests tick|recompute|export``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from click.testing import CliRunner

from gongkai.audit.models import AuditEvent
from gongkai.cli import main
from gongkai.foi.models import InfoRequest
from gongkai.foi.tests.test_importer import row, write_csv

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def register_file(foi, tmp_path):
    body = foi.office.unit_code
    rows = [
        # Open, received Mon 2 Nov 2026: due Mon 30 Nov.
        row(body, 登记编号="L-1", 收到申请日期="2026-11-02"),
        # Received Mon 12 Oct 2026, correction asked Wed 14 Oct, to be made by Wed 28 Oct: never made.
        row(body, 登记编号="L-2", 收到申请日期="2026-10-12", 补正告知日期="2026-10-14", 补正期限="2026-10-28",
            联系电话="0557-3021234"),
    ]  # fmt: skip
    return write_csv(tmp_path / "register.csv", rows)


def test_import_requests_command(foi, clock, register_file):
    clock.set(dt.date(2026, 11, 20))
    result = run("import", "requests", str(register_file), "--user", "office_handler")
    assert result.exit_code == 0, result.output
    assert "已导入 2 件申请（受理机关 1 个），其中保留原登记编号 2 件，新编登记编号 0 件" in result.output
    assert "待分办 1 件" in result.output and "待补正 1 件" in result.output
    assert InfoRequest.objects.get(registration_number="L-1").due_date == dt.date(2026, 11, 30)
    waiting = InfoRequest.objects.get(registration_number="L-2")
    assert waiting.state == "correction" and waiting.correction_due == dt.date(2026, 10, 28)
    assert AuditEvent.objects.filter(action="requests.imported", actor=foi.office_handler).count() == 1


def test_import_requests_command_reports_bad_rows_and_unknown_users(foi, clock, tmp_path):
    clock.set(dt.date(2026, 11, 20))
    path = write_csv(tmp_path / "bad.csv", [row(foi.office.unit_code, 收到申请日期="2026-11-31")])
    result = run("import", "requests", str(path), "--user", "office_handler")
    assert result.exit_code == 1
    assert "第2行【收到申请日期】：“2026-11-31”不是有效日期" in result.output
    assert "未导入任何申请" in result.output and not InfoRequest.objects.exists()

    result = run("import", "requests", str(path), "--user", "nobody")
    assert result.exit_code == 1 and "没有名为 nobody 的在用账户" in result.output


def test_recompute_after_a_calendar_change(foi, clock, register_file):
    from gongkai.workdays.calendar import calendar_changed
    from gongkai.workdays.models import CalendarOverride

    clock.set(dt.date(2026, 11, 20))
    assert run("import", "requests", str(register_file), "--user", "office_handler").exit_code == 0
    CalendarOverride.objects.create(date=dt.date(2026, 11, 25), is_workday=False, note="临时调休")
    calendar_changed()
    result = run("requests", "recompute")
    assert result.exit_code == 0, result.output
    # Only the running request moves: Wed 25 Nov is no longer counted, so the 20th working day after
    # 2 Nov is Tue 1 Dec. The request awaiting correction has no period running.
    assert "已重新计算 2 件办理中的申请，答复期限变化 1 件。" in result.output
    assert "L-1：2026-11-30 → 2026-12-01" in result.output
    moved = InfoRequest.objects.get(registration_number="L-1")
    assert moved.due_date == dt.date(2026, 12, 1)
    assert moved.clock_events.filter(kind="note", label__contains="重新计算为2026年12月1日").exists()


def test_tick_applies_deadlines(foi, clock, register_file):
    clock.set(dt.date(2026, 11, 27))
    assert run("import", "requests", str(register_file), "--user", "office_handler").exit_code == 0
    result = run("requests", "tick", "--today", "2026-11-27")
    assert result.exit_code == 0, result.output
    # L-2's correction period ended 28 Oct: treated as abandoned, （六）1 (第三十条).
    assert "逾期未补正、视为放弃：1 件" in result.output
    # L-1 is due Mon 30 Nov: 1 working day left, within the default 3.
    assert "临期提醒：1 件" in result.output and "超期提醒：0 件" in result.output
    lapsed = InfoRequest.objects.get(registration_number="L-2")
    assert lapsed.state == "closed" and lapsed.outcome == "6.1" and lapsed.closed_on == dt.date(2026, 11, 27)


def test_export_command(foi, clock, register_file, tmp_path):
    from openpyxl import load_workbook

    clock.set(dt.date(2026, 11, 20))
    assert run("import", "requests", str(register_file), "--user", "office_handler").exit_code == 0
    out = tmp_path / "register.csv"
    result = run("requests", "export", "--out", str(out), "--body", foi.office.slug)
    assert result.exit_code == 0, result.output
    assert f"已导出 2 件申请到 {out}（证件号码、联系电话已脱敏）。" in result.output
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[1].startswith(
        "L-2,测试市人民政府办公室,当面提交,2026-10-12,自然人,张三,341***********1238,0557-*****34,"
    )
    assert lines[2].split(",")[7] == "138****5678"
    event = AuditEvent.objects.get(action="requests.exported")
    assert event.actor is None  # the command line acts as the platform: recorded as "系统"
    assert event.data == {
        "actor": "系统",
        "file": "register.csv",
        "format": "csv",
        "rows": 2,
        "bodies": [foi.office.unit_code],
    }

    xlsx = tmp_path / "register.data"
    result = run(
        "requests", "export", "--out", str(xlsx), "--format", "xlsx", "--body", foi.region.county.slug
    )
    assert result.exit_code == 0 and "已导出 0 件申请" in result.output
    workbook = load_workbook(io.BytesIO(xlsx.read_bytes()))  # chosen by --format, not by the name
    assert [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)][1:] == []

    result = run("requests", "export", "--out", str(xlsx), "--body", "nowhere")
    assert result.exit_code == 1 and "找不到单位代码或网址标识为“nowhere”的机关" in result.output
