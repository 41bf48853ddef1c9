"""The layout of 表二, 表三 and 表四 as on the official form (国办公开办函〔2021〕30号): merged cells,
labels, and where each figure lands. Pure: no database.

Positions are (row, column), 0-based, of the cell's top-left corner in the grid, worked out from the
printed form: 表三 has three label columns and seven figure columns (自然人, 商业企业, 科研机构,
社会公益组织, 法律服务机构, 其他, 总计), three header rows, then 一, 二, the 22 rows of 三 and 四.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.reports import layout
from gongkai.reports.layout import Cell, Grid
from gongkai.reports.national import TABLE2, TABLE3_ROWS, empty_figures


def spans(grid: Grid) -> dict[str, tuple[int, int, int, int]]:
    """Header text -> (row, col, rowspan, colspan) of its first occurrence."""
    out: dict[str, tuple[int, int, int, int]] = {}
    for p in grid.placed():
        if p.cell.header:
            out.setdefault(p.cell.text, (p.row, p.col, p.cell.rowspan, p.cell.colspan))
    return out


def figures_with(**tables: dict[tuple[str, str], int | Decimal | None]) -> dict:
    figures = empty_figures()
    for table, cells in tables.items():
        figures[table].update(cells)
    return figures


# -- 表三 ------------------------------------------------------------------------------------------


def test_table3_header_cells_span_as_on_the_form():
    grid = layout.table3(empty_figures())
    assert (grid.width, grid.height, grid.head_rows) == (10, 28, 3)
    s = spans(grid)
    assert s["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (0, 0, 3, 3)
    assert s["申请人情况"] == (0, 3, 1, 7)
    assert s["自然人"] == (1, 3, 2, 1)
    assert s["法人或其他组织"] == (1, 4, 1, 5)  # over its five kinds
    assert s["总计"] == (1, 9, 2, 1)
    assert [grid.at(2, c).cell.text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]


def test_table3_row_groups_span_their_rows():
    s = spans(layout.table3(empty_figures()))
    assert s["一、本年新收政府信息公开申请数量"] == (3, 0, 1, 3)
    assert s["二、上年结转政府信息公开申请数量"] == (4, 0, 1, 3)
    assert s["三、本年度办理结果"] == (5, 0, 22, 1)  # 2 + 8 + 3 + 5 + 3 + 1 rows
    assert s["（一）予以公开"] == (5, 1, 1, 2)
    assert s["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == (6, 1, 1, 2)
    assert s["（三）不予公开"] == (7, 1, 8, 1)
    assert s["1.属于国家秘密"] == (7, 2, 1, 1)
    assert s["8.属于行政查询事项"] == (14, 2, 1, 1)
    assert s["（四）无法提供"] == (15, 1, 3, 1)
    assert s["（五）不予处理"] == (18, 1, 5, 1)
    assert s["（六）其他处理"] == (23, 1, 3, 1)
    assert s["3.其他"] == (25, 2, 1, 1)
    assert s["（七）总计"] == (26, 1, 1, 2)
    assert s["四、结转下年度继续办理"] == (27, 0, 1, 3)


def test_table3_labels_are_the_forms_in_order():
    grid = layout.table3(empty_figures())
    row_labels = [p.cell.text for p in grid.placed() if p.cell.scope == "row"]
    assert row_labels == [label for _, label, _ in TABLE3_ROWS]


def test_table3_figures_land_in_their_cells():
    figures = figures_with(
        table3={
            ("new", "person"): 11,
            ("carried_in", "total"): 3,
            ("3.4", "business"): 7,  # 4.保护第三方合法权益 × 商业企业
            ("5.2", "legal_service"): 2,  # 2.重复申请 × 法律服务机构
            ("carried_out", "other_org"): 5,
        }
    )
    grid = layout.table3(figures)
    assert grid.at(3, 3).cell.text == "11"
    assert grid.at(4, 9).cell.text == "3"
    assert grid.at(10, 4).cell.text == "7" and grid.at(10, 4).cell.key == ("3.4", "business")
    assert grid.at(19, 7).cell.text == "2"
    assert grid.at(27, 8).cell.text == "5"
    assert grid.at(10, 5).cell.text == "0"
    numbers = [p for p in grid.placed() if p.cell.numeric]
    assert len(numbers) == 25 * 7 and all(p.cell.colspan == p.cell.rowspan == 1 for p in numbers)


# -- 表四 ------------------------------------------------------------------------------------------


def test_table4_litigation_spans_ten_columns():
    grid = layout.table4(empty_figures())
    assert (grid.width, grid.height, grid.head_rows) == (15, 4, 3)
    s = spans(grid)
    assert s["行政复议"] == (0, 0, 1, 5)
    assert s["行政诉讼"] == (0, 5, 1, 10)
    assert s["未经复议直接起诉"] == (1, 5, 1, 5)
    assert s["复议后起诉"] == (1, 10, 1, 5)
    # Under 行政复议 the five results span the two lower header rows; under 行政诉讼 they repeat.
    assert [(grid.at(1, c).cell.text, grid.at(1, c).cell.rowspan) for c in range(5)] == [
        ("结果维持", 2),
        ("结果纠正", 2),
        ("其他结果", 2),
        ("尚未审结", 2),
        ("总计", 2),
    ]
    assert [grid.at(2, c).cell.text for c in range(5, 15)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ] * 2


def test_table4_figures_in_the_order_of_the_columns():
    figures = figures_with(
        table4={
            ("all", "review.corrected"): 2,
            ("all", "review.total"): 2,
            ("all", "direct.upheld"): 1,
            ("all", "direct.total"): 1,
            ("all", "after_review.pending"): 4,
            ("all", "after_review.total"): 4,
        }
    )
    row = [grid_cell.cell.text for grid_cell in layout.table4(figures).placed() if grid_cell.row == 3]
    assert row == ["0", "2", "0", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "4", "4"]


# -- 表二 ------------------------------------------------------------------------------------------


def test_table2_articles_and_single_columns_span_the_width():
    figures = figures_with(
        table2={
            ("regulation", "made"): 2,
            ("normative", "in_force"): 31,
            ("licensing", "decisions"): 1204,
            ("penalty", "decisions"): 0,
            ("coercion", "decisions"): None,  # not entered yet
            ("fees", "income"): Decimal("12.3400"),
        }
    )
    grid = layout.table2(figures)
    assert (grid.width, grid.height) == (4, 14)
    s = spans(grid)
    assert s["第二十条第（一）项"] == (0, 0, 1, 4)
    assert s["第二十条第（五）项"] == (4, 0, 1, 4)
    assert s["第二十条第（六）项"] == (7, 0, 1, 4)
    assert s["第二十条第（八）项"] == (11, 0, 1, 4)
    assert [grid.at(1, c).cell.text for c in range(4)] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert s["本年处理决定数量"] == (5, 1, 1, 3)
    assert s["本年收费金额（单位：万元）"] == (12, 1, 1, 3)
    assert [grid.at(2, c).cell.text for c in range(4)] == ["规章", "2", "0", "0"]
    assert [grid.at(3, c).cell.text for c in range(4)] == ["行政规范性文件", "0", "0", "31"]
    licensing = grid.at(6, 2)
    assert (licensing.col, licensing.cell.colspan, licensing.cell.text) == (1, 3, "1204")
    assert grid.at(9, 1).cell.text == "0"  # 行政处罚: entered as zero
    assert grid.at(10, 1).cell.text == "—"  # 行政强制: not entered
    assert grid.at(13, 1).cell.text == "12.34" and grid.at(13, 1).cell.value == Decimal("12.3400")
    labels = [p.cell.text for p in grid.placed() if p.cell.scope == "row"]
    assert labels == [label for group in TABLE2 for _, label in group.rows]


# -- the grid itself ------------------------------------------------------------------------------------


def test_every_table_tiles_its_grid_exactly():
    for grid, cells in zip(layout.tables(empty_figures()), (30, 215, 34), strict=True):
        placed = list(grid.placed())
        assert len(placed) == cells
        area = sum(p.cell.rowspan * p.cell.colspan for p in placed)
        assert area == grid.width * grid.height
    assert [g.number for g in layout.tables(empty_figures())] == ["表二", "表三", "表四"]
    assert [g.caption for g in layout.tables(empty_figures())] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]


def test_overlapping_spans_are_refused():
    bad = Grid("x", "表X", "2", 2, 0, ((Cell("a", rowspan=2), Cell("b")), (Cell("c"), Cell("d"))))
    with pytest.raises(ValueError, match="“d” overlaps"):
        list(bad.placed())
    short = Grid("x", "表X", "2", 2, 0, ((Cell("a"),),))
    with pytest.raises(ValueError, match="1 positions not covered"):
        list(short.placed())


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (1204, "1204"),
        (None, "—"),
        (Decimal("0.0000"), "0"),
        (Decimal("100.0000"), "100"),
        (Decimal("12.3400"), "12.34"),
        (Decimal("0.0050"), "0.005"),
        (2.5, "2.5"),
    ],
)
def test_format_value(value, text):
    assert layout.format_value(value) == text


def test_fees_sentence_of_section_six():
    figures = empty_figures()
    assert layout.fees_sentence(figures) == "本年度未收取信息处理费。"
    figures["extra"] = {("fees", "fees_collected"): Decimal("150.00")}
    assert (
        layout.fees_sentence(figures) == "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费150元。"
    )
