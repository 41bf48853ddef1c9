"""Importing a legacy catalog (CSV/XLSX): all rows or none, every bad row reported (docs/SPEC.md §9)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.models import SerialCounter
from gongkai.core.serials import next_serial
from gongkai.disclosure.importer import import_catalog_file
from gongkai.disclosure.models import Item, ItemRevision, ItemState
from gongkai.disclosure.services.index_numbers import reserve_index_serials
from gongkai.search.models import OutboxEntry

pytestmark = pytest.mark.django_db

HEADER = ["索引号", "信息名称", "发文字号", "成文日期", "发布日期", "栏目", "主题分类", "体裁分类", "主题词",
          "内容概述", "正文", "有效性", "失效/废止日期", "公开方式", "规范性文件"]  # fmt: skip


def good_rows(region) -> list[list[str]]:
    column = region.column
    code = region.dept.unit_code
    return [
        [f"{code}/2015-00007", "关于做好2015年义务教育招生工作的通知", "测教〔2015〕3号", "2015-03-02",
         "2015/3/5", column.name, "科技、教育", "通知", "招生 入学", "明确招生范围。",
         "第一段。\n第二段。", "失效", "2019年6月30日", "主动公开", "是"],
        ["", "2016年部门预算公开", "", "2016.2.1", "2016年2月3日", column.code,
         "", "", "", "", "", "", "", "", ""],
        ["旧编号-001", "2016年部门决算公开", "", "2016-08-01", "2016-08-09", column.name, "", "", "", "", "",
         "有效", "", "依申请公开", "否"],
    ]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_good_csv_imports_published_items_with_kept_and_new_numbers(region, tmp_path):
    path = write_csv(tmp_path / "catalog.csv", good_rows(region))
    report = import_catalog_file(path, organization=region.dept.unit_code, echo=lambda _: None)
    assert report.errors == [], report.summary()
    assert report.imported == 3 and report.kept_numbers == 1 and report.new_numbers == 2
    items = {i.title: i for i in Item.objects.filter(organization=region.dept)}
    kept = items["关于做好2015年义务教育招生工作的通知"]
    assert kept.index_number == f"{region.dept.unit_code}/2015-00007"
    assert kept.state == ItemState.PUBLISHED and kept.published_date.isoformat() == "2015-03-05"
    assert kept.validity == "expired" and kept.validity_changed_on.isoformat() == "2019-06-30"
    assert kept.is_normative and kept.topic.name == "科技、教育" and kept.genre.name == "通知"
    assert kept.body == "<p>第一段。</p><p>第二段。</p>" and kept.workdays_to_publish == 3
    # A number that does not follow the pattern is replaced by a new one (with a warning).
    assert items["2016年部门决算公开"].index_number == f"{region.dept.unit_code}/2016-00002"
    assert items["2016年部门预算公开"].index_number == f"{region.dept.unit_code}/2016-00001"
    assert any("旧编号-001" in str(w) for w in report.warnings)
    assert ItemRevision.objects.filter(item__organization=region.dept, number=1).count() == 3
    # Only public items go to the search outbox; the 依申请公开 one does not.
    assert set(OutboxEntry.objects.values_list("item_id", flat=True)) == {
        items["关于做好2015年义务教育招生工作的通知"].pk,
        items["2016年部门预算公开"].pk,
    }
    event = AuditEvent.objects.get(action="items.imported")
    assert event.organization_id == region.dept.pk and event.data["rows"] == 3
    # The counter of 2015 was raised past the kept legacy number: it is never handed out again.
    key = f"{region.dept.unit_code}|2015|*"
    assert next_serial(key) == 8


def test_bad_rows_import_nothing_and_every_row_is_reported(region, tmp_path):
    rows = good_rows(region)
    column = region.column.name
    rows += [
        ["", "", "", "2016-01-01", "2016-01-02", region.column.name] + [""] * 9,  # row 5: no title
        ["", "坏日期", "", "2016-13-01", "2016-01-02", region.column.name] + [""] * 9,  # row 6
        ["", "没有栏目", "", "2016-01-01", "2016-01-02", "不存在的栏目"] + [""] * 9,  # row 7
        ["", "晚于发布", "", "2016-05-01", "2016-01-02", column, "不存在的分类"] + [""] * 8,  # row 8
        ["", "失效无日期", "", "2016-01-01", "2016-01-02", column] + [""] * 5 + ["废止"] + [""] * 3,  # row 9
        [f"{region.dept.unit_code}/2015-00007", "重复编号", "", "2016-01-01", "2016-01-02", column]
        + [""] * 9,  # row 10: same number as row 2
        ["", "不予公开", "", "2016-01-01", "2016-01-02", region.column.name] + [""] * 7 + ["不予公开", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "bad.csv", rows)
    report = import_catalog_file(path, organization=region.dept.slug, echo=lambda _: None)
    assert Item.objects.count() == 0 and not AuditEvent.objects.filter(action="items.imported").exists()
    bad = sorted({e.row for e in report.errors})
    assert bad == [5, 6, 7, 8, 9, 10, 11]
    text = report.summary()
    assert "第5行：信息名称不能为空" in text
    assert "第6行：成文日期“2016-13-01”不是有效日期" in text
    assert "第7行：栏目“不存在的栏目”不在本机构的目录中" in text
    assert "第8行：成文日期 2016-05-01 晚于发布日期 2016-01-02" in text and "不存在的分类" in text
    assert "第9行：有效性为失效或废止时必须填写失效/废止日期" in text
    assert "第10行：索引号" in text and "与第2行重复" in text
    assert "第11行：不予公开" in text
    assert "未导入任何信息" in text


def test_xlsx_with_excel_dates_imports(region, tmp_path):
    import datetime as dt

    rows = [
        ["", "Excel里的通知", "测教〔2020〕1号", dt.datetime(2020, 4, 1), dt.date(2020, 4, 3),
         region.column.code, "", "通知", "", "", "", "", "", "", "否"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "catalog.xlsx", rows)
    report = import_catalog_file(path, organization=region.dept.unit_code, echo=lambda _: None)
    assert report.errors == [] and report.imported == 1
    item = Item.objects.get(title="Excel里的通知")
    assert item.index_number == f"{region.dept.unit_code}/2020-00001"
    assert item.date_formed.isoformat() == "2020-04-01" and item.workdays_to_publish == 2


def test_bad_xlsx_reports_rows_and_imports_nothing(region, tmp_path):
    rows = [
        ["", "好的一行", "", "2020-04-01", "2020-04-03", region.column.code] + [""] * 9,
        ["", "坏的一行", "", "2020-04-01", "明天", region.column.code] + [""] * 9,
    ]
    report = import_catalog_file(
        write_xlsx(tmp_path / "bad.xlsx", rows), organization=region.dept.unit_code, echo=lambda _: None
    )
    assert [e.row for e in report.errors] == [3] and "发布日期“明天”不是有效日期" in report.summary()
    assert not Item.objects.exists()


def test_dry_run_changes_nothing(region, tmp_path):
    path = write_csv(tmp_path / "catalog.csv", good_rows(region))
    report = import_catalog_file(path, organization=region.dept.unit_code, dry_run=True, echo=lambda _: None)
    assert report.errors == [] and report.imported == 0 and "试运行" in report.summary()
    assert not Item.objects.exists() and not SerialCounter.objects.exists()


def test_gbk_csv_and_a_second_import_of_the_same_file(region, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", good_rows(region)[1:2], encoding="gb18030")
    assert import_catalog_file(path, organization=region.dept.unit_code, echo=lambda _: None).imported == 1
    again = import_catalog_file(path, organization=region.dept.unit_code, echo=lambda _: None)
    assert again.imported == 0 and "已导入过" in again.summary()


def test_missing_columns_and_unknown_body(region, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("信息名称,发布日期\n标题,2020-01-01\n", encoding="utf-8")
    report = import_catalog_file(path, organization=region.dept.unit_code, echo=lambda _: None)
    assert "缺少必填列：成文日期、栏目" in report.summary()
    report = import_catalog_file(path, organization="no-such-body", echo=lambda _: None)
    assert "找不到" in report.summary()


def test_reserve_index_serials_is_the_batched_next_serial(db):
    assert next_serial("A|2020|*") == 1
    first = reserve_index_serials({"A|2020|*": 3, "B|2020|*": 2})
    assert first == {"A|2020|*": 2, "B|2020|*": 1}
    assert next_serial("A|2020|*") == 5 and next_serial("B|2020|*") == 3
    reserve_index_serials({}, at_least={"A|2020|*": 3, "C|2020|*": 9})
    assert next_serial("A|2020|*") == 6 and next_serial("C|2020|*") == 10


def test_rows_with_high_findings_are_held_for_review_not_published(region, tmp_path):
    """Issue 8: imported items never went through the scan. A row with an ID number or a
    classification mark is imported in review, not published, and the report says which and why."""
    from gongkai.disclosure.services import masking, workflow
    from gongkai.search.engine import SearchQuery
    from gongkai.search.indexer import drain_outbox, search_public

    id_number = "11010519491231002X"
    code = region.dept.unit_code
    column = region.column.name
    rows = [
        *good_rows(region),
        [f"{code}/2016-00031", "2016年困难学生资助名单", "", "2016-09-01", "2016-09-05", column, "", "", "",
         "", f"张三，身份证号{id_number}，资助1000元。", "", "", "", ""],  # row 5: legacy number kept
        ["", "绝密文件", "", "2016-09-01", "2016-09-06", column, "", "", "", "绝密★长期", "", "", "", "",
         ""],  # row 6
    ]  # fmt: skip
    path = write_csv(tmp_path / "catalog.csv", rows)
    dry = import_catalog_file(path, organization=code, dry_run=True, echo=lambda _: None)
    assert [h.row for h in dry.held] == [5, 6] and "将作为待保密审查的信息导入" in dry.summary()
    report = import_catalog_file(path, organization=code, echo=lambda _: None)
    assert report.errors == [] and report.imported == 5
    text = report.summary()
    assert "已导入 5 条信息，其中发布 3 条" in text
    assert "2 条发现高风险内容，已作为待保密审查的信息导入，未发布" in text
    assert "第5行：《2016年困难学生资助名单》：正文中的居民身份证号码“1101**********002X”" in text
    assert "第6行：《绝密文件》：内容概述中的密级标志" in text
    assert id_number not in text
    held = Item.objects.get(title="2016年困难学生资助名单")
    assert held.state == ItemState.REVIEW and held.published_at is None and held.submitted_at
    assert held.index_number == f"{code}/2016-00031"  # the legacy number stays reserved for it
    assert Item.objects.get(title="绝密文件").index_number is None
    assert not Item.objects.public().filter(title__in=["2016年困难学生资助名单", "绝密文件"]).exists()
    assert not OutboxEntry.objects.filter(item_id=held.pk).exists()
    assert not ItemRevision.objects.filter(item=held).exists()
    # New numbers for the two published 2016 rows only (00032, 00033), after the held row's kept one.
    assert report.new_numbers == 2 and next_serial(f"{code}|2016|*") == 34
    event = AuditEvent.objects.get(action="item.import_held_for_review", target_id=str(held.pk))
    assert "第5行" in event.reason
    drain_outbox()
    assert search_public(SearchQuery(text=id_number)).total == 0

    # It then goes the ordinary way: the reviewer masks, passes; the signer publishes it with its
    # legacy 索引号.
    [finding] = [f for f in workflow.scan_item(held) if f.blocks]
    masking.mask_finding(actor=region.reviewer, item=held, fingerprint_value=finding.fingerprint)
    workflow.review_item(actor=region.reviewer, item=held, conclusion="pass")
    workflow.sign_item(actor=region.signer, item=held)
    held.refresh_from_db()
    assert held.state == ItemState.PUBLISHED and held.index_number == f"{code}/2016-00031"
    assert id_number not in held.body_text
