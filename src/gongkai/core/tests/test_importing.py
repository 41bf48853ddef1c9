"""The importers' shared scaffolding (``core.importing``): header, row errors, report, writing."""

from __future__ import annotations

import pytest

from gongkai.core import importing
from gongkai.core.importing import ImportReport, RowError
from gongkai.core.models import RateCounter

COLUMNS = {
    "信息名称": ("title", True, ("标题",)),
    "成文日期": ("date_formed", True, ()),
    "主题词": ("keywords", False, ("关 键 词",)),
}


def write(tmp_path, text):
    path = tmp_path / "rows.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_row_error_names_row_and_column():
    assert str(RowError(3, "不能为空", "信息名称")) == "第3行【信息名称】：不能为空"
    assert str(RowError(3, "不能为空")) == "第3行：不能为空"
    assert str(RowError(0, "文件是空的")) == "文件是空的"


def test_aliases_and_labels():
    aliases = importing.header_aliases(COLUMNS)
    assert aliases["标题"] == "信息名称" and aliases["关键词"] == "主题词"
    assert importing.column_label(COLUMNS, "date_formed") == "成文日期"


def test_table_rows_by_field_and_file_level_problems(tmp_path):
    report = ImportReport(path="rows.csv")
    table = importing.read_import_table(
        write(tmp_path, "\n标题,成文日期,备注\n甲,2021-03-05\n,,\n乙\n"), COLUMNS, report
    )
    assert table is not None and report.rows == 2 and not report.errors
    assert [str(w) for w in report.warnings] == ["第2行：不认识的列“备注”，已忽略"]
    assert list(importing.row_values(table)) == [
        (3, {"title": "甲", "date_formed": "2021-03-05"}),
        (5, {"title": "乙", "date_formed": None}),
    ]

    report = ImportReport(path="rows.csv")
    missing = importing.read_import_table(
        write(tmp_path, "主题词\n教育\n"), COLUMNS, report, also_missing=lambda table: ["受理机关"]
    )
    assert missing is None
    assert [str(e) for e in report.errors] == ["第1行：缺少必填列：受理机关、信息名称、成文日期"]
    assert "发现 1 处错误（涉及 1 行），未导入任何记录：" in report.summary()

    report = ImportReport(path="rows.csv")
    assert importing.read_import_table(write(tmp_path, "\n\n"), COLUMNS, report) is None
    assert report.summary().splitlines()[-2:] == ["发现 1 处错误，未导入任何记录：", "  文件是空的"]


@pytest.mark.django_db
def test_write_is_all_or_nothing():
    report = ImportReport(path="rows.csv", rows=2)
    said = []

    def write() -> int:
        RateCounter.objects.create(key="a", window_start=1, expires_at=2)
        RateCounter.objects.create(key="a", window_start=1, expires_at=2)  # the unique key again
        return 2

    importing.write_all_or_nothing(report, write, count=2, echo=said.append)
    assert said == ["校验通过，正在导入 2 条记录……"]
    assert report.imported == 0 and not RateCounter.objects.exists()
    assert str(report.errors[0]).startswith("写入时出错，已全部撤销，未导入任何记录：")

    report = ImportReport(path="rows.csv", rows=1)
    importing.write_all_or_nothing(report, lambda: 1, count=1, echo=said.append)
    assert report.imported == 1 and "已导入 1 条记录。" in report.summary()


@pytest.mark.django_db
def test_existing_values_and_ids_read_back():
    RateCounter.objects.create(key="b", window_start=1, expires_at=2)
    assert importing.existing_values(RateCounter.objects.all(), "key", ["a", "b", "b"]) == {"b"}
    created = importing.bulk_create_with_ids(
        RateCounter, [RateCounter(key=k, window_start=1, expires_at=2) for k in "xy"], key="key"
    )
    assert all(c.pk for c in created)
