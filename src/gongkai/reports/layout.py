"""表二, 表三 and 表四 of the annual report laid out as on the official form (国办公开办函〔2021〕30号).

One layout for every output: the HTML include (``templates/reports/_tables.html``), the DOCX and the
XLSX (``reports/render.py``) all draw the same :class:`Grid`, so merged header cells, labels and
the order of rows can never differ between them. Pure Python (no Django).

A grid is a list of rows; each row lists only the cells that *start* in it, as in an HTML table
(a cell spanning two rows appears once, in its first row). :meth:`Grid.placed` resolves the spans
into absolute positions for the formats that need them (Word, Excel).

The form's merged cells:

* 表二: each article (第二十条第（一）项 …) spans the four columns; under it a header row
  (信息内容 | its columns) and the content rows; a group with one column spans it over three.
* 表三: the check note （本列数据的勾稽关系为…） spans three columns and the three header rows;
  申请人情况 spans the seven figure columns; 法人或其他组织 spans its five kinds, while 自然人 and
  总计 span two header rows; 三、本年度办理结果 spans its 22 rows, and （三）…（六） span theirs.
* 表四: 行政复议 spans five columns, 行政诉讼 ten (未经复议直接起诉 and 复议后起诉, five each); the
  five results of 行政复议 span two header rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.reports.national import (
    SECTIONS,
    TABLE2,
    TABLE3_CHECK_NOTE,
    TABLE3_COLUMNS,
    TABLE3_ORG_COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
)

__all__ = [
    "APPLICANTS_LABEL",
    "CONTENT_LABEL",
    "LITIGATION_LABEL",
    "ORGANIZATIONS_LABEL",
    "Cell",
    "Grid",
    "Placed",
    "fees_sentence",
    "format_value",
    "table2",
    "table3",
    "table4",
    "tables",
]

#: Header words printed on the form that are not row or column labels of ``national``.
CONTENT_LABEL = "信息内容"  # 表二, first column
APPLICANTS_LABEL = "申请人情况"  # 表三, over the seven figure columns
ORGANIZATIONS_LABEL = "法人或其他组织"  # 表三, over the five kinds of organization
LITIGATION_LABEL = "行政诉讼"  # 表四, over 未经复议直接起诉 and 复议后起诉
OUTCOMES_LABEL = "三、本年度办理结果"  # 表三, the group of outcome rows

#: Shown in a cell the report has not filled in (an entered figure of 表二 not yet entered).
NOT_ENTERED = "—"

SECTION_TITLES = dict(SECTIONS)


@dataclass(frozen=True)
class Cell:
    """One cell as the form prints it.

    ``scope`` is the HTML header scope (``col``, ``colgroup``, ``row``, ``rowgroup``) for screen
    readers; ``key`` names the figure of a number cell (``(row, col)`` of its table).
    """

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False
    scope: str = ""
    key: tuple[str, str] | None = None
    value: int | Decimal | None = None


@dataclass(frozen=True)
class Placed:
    """A cell at its absolute position (0-based row and column of its top-left corner)."""

    row: int
    col: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cell.colspan - 1

    @property
    def merged(self) -> bool:
        return self.cell.rowspan > 1 or self.cell.colspan > 1


@dataclass(frozen=True)
class Grid:
    """A table of the form: ``table`` is ``table2``/``table3``/``table4``; ``section`` the number
    of the report section it belongs to (``"2"`` for 表二 …); the first ``head_rows`` rows are the
    header (repeated on every page in print)."""

    table: str
    number: str  # 表二
    section: str
    width: int
    head_rows: int
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def caption(self) -> str:
        """The section heading the table sits under (二、主动公开政府信息情况 …)."""
        return SECTION_TITLES[self.section]

    @property
    def head(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows[: self.head_rows]

    @property
    def body(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows[self.head_rows :]

    @property
    def height(self) -> int:
        return len(self.rows)

    def placed(self) -> Iterator[Placed]:
        """Every cell with its absolute position, resolving row and column spans the way an HTML
        table does. Raises ``ValueError`` if the spans do not tile the grid exactly."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        spot = (r + dr, c + dc)
                        if spot in taken or spot[1] >= self.width or spot[0] >= self.height:
                            raise ValueError(f"{self.number}: cell “{cell.text}” overlaps at {spot}")
                        taken.add(spot)
                yield Placed(r, c, cell)
                c += cell.colspan
        if len(taken) != self.width * self.height:
            raise ValueError(f"{self.number}: {self.width * self.height - len(taken)} positions not covered")

    def at(self, row: int, col: int) -> Placed:
        """The cell covering absolute position (row, col)."""
        for placed in self.placed():
            if placed.row <= row <= placed.last_row and placed.col <= col <= placed.last_col:
                return placed
        raise IndexError((row, col))


# -- values ---------------------------------------------------------------------------------------


def format_value(value: Any) -> str:
    """A figure as printed: integers plainly, amounts (万元) without trailing zeros, an entered
    figure not yet entered as a dash."""
    if value is None:
        return NOT_ENTERED
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, float):
        return format_value(Decimal(str(value)))
    return str(int(value))


def _number(cells: Mapping[tuple[str, str], Any], key: tuple[str, str], colspan: int = 1) -> Cell:
    value = cells.get(key)
    if value is not None and not isinstance(value, (int, Decimal)):
        value = Decimal(str(value)) if isinstance(value, (float, str)) else int(value)
    return Cell(format_value(value), numeric=True, key=key, value=value, colspan=colspan)


def _head(text: str, scope: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan=rowspan, colspan=colspan, header=True, scope=scope)


# -- 表二 ------------------------------------------------------------------------------------------

TABLE2_WIDTH = 4


def table2(figures: Mapping[str, Mapping[tuple[str, str], Any]]) -> Grid:
    cells = figures.get("table2", {})
    rows: list[tuple[Cell, ...]] = []
    for group in TABLE2:
        rows.append((_head(group.article, "colgroup", colspan=TABLE2_WIDTH),))
        span = (TABLE2_WIDTH - 1) // len(group.columns)
        rows.append(
            (
                _head(CONTENT_LABEL, "col"),
                *(_head(label, "col", colspan=span) for _, label in group.columns),
            )
        )
        for row_key, row_label in group.rows:
            rows.append(
                (
                    _head(row_label, "row"),
                    *(_number(cells, (row_key, col), colspan=span) for col, _ in group.columns),
                )
            )
    return Grid("table2", "表二", "2", TABLE2_WIDTH, 0, tuple(rows))


# -- 表三 ------------------------------------------------------------------------------------------

TABLE3_LABEL_COLUMNS = 3
TABLE3_WIDTH = TABLE3_LABEL_COLUMNS + len(TABLE3_COLUMNS)


def table3(figures: Mapping[str, Mapping[tuple[str, str], Any]]) -> Grid:
    cells = figures.get("table3", {})
    labels = dict(TABLE3_COLUMNS)
    org_columns = len(TABLE3_ORG_COLUMNS)
    head: list[tuple[Cell, ...]] = [
        (
            _head(TABLE3_CHECK_NOTE, "", rowspan=3, colspan=TABLE3_LABEL_COLUMNS),
            _head(APPLICANTS_LABEL, "colgroup", colspan=len(TABLE3_COLUMNS)),
        ),
        (
            _head(labels["person"], "col", rowspan=2),
            _head(ORGANIZATIONS_LABEL, "colgroup", colspan=org_columns),
            _head(labels["total"], "col", rowspan=2),
        ),
        tuple(_head(labels[col], "col") for col in TABLE3_ORG_COLUMNS),
    ]

    def numbers(row: str) -> tuple[Cell, ...]:
        return tuple(_number(cells, (row, col)) for col, _ in TABLE3_COLUMNS)

    outcome_rows = [r for r in TABLE3_ROWS if r[2]]  # every row under 三、本年度办理结果
    subgroup_size: dict[str, int] = {}
    for _, _, group in outcome_rows:
        if group != OUTCOMES_LABEL:
            subgroup_size[group] = subgroup_size.get(group, 0) + 1

    body: list[tuple[Cell, ...]] = []
    started: set[str] = set()
    for key, label, group in TABLE3_ROWS:
        lead: list[Cell] = []
        if group and OUTCOMES_LABEL not in started:
            started.add(OUTCOMES_LABEL)
            lead.append(_head(OUTCOMES_LABEL, "rowgroup", rowspan=len(outcome_rows)))
        if not group:
            lead.append(_head(label, "row", colspan=TABLE3_LABEL_COLUMNS))
        elif group == OUTCOMES_LABEL:
            lead.append(_head(label, "row", colspan=2))
        else:
            if group not in started:
                started.add(group)
                lead.append(_head(group, "rowgroup", rowspan=subgroup_size[group]))
            lead.append(_head(label, "row"))
        body.append((*lead, *numbers(key)))
    return Grid("table3", "表三", "3", TABLE3_WIDTH, len(head), (*head, *body))


# -- 表四 ------------------------------------------------------------------------------------------

TABLE4_WIDTH = len(TABLE4_GROUPS) * len(TABLE4_RESULTS)


def table4(figures: Mapping[str, Mapping[tuple[str, str], Any]]) -> Grid:
    cells = figures.get("table4", {})
    groups = dict(TABLE4_GROUPS)
    results = len(TABLE4_RESULTS)
    litigation = [g for g, _ in TABLE4_GROUPS if g != "review"]
    head: list[tuple[Cell, ...]] = [
        (
            _head(groups["review"], "colgroup", colspan=results),
            _head(LITIGATION_LABEL, "colgroup", colspan=results * len(litigation)),
        ),
        (
            *(_head(label, "col", rowspan=2) for _, label in TABLE4_RESULTS),
            *(_head(groups[g], "colgroup", colspan=results) for g in litigation),
        ),
        tuple(_head(label, "col") for _ in litigation for _, label in TABLE4_RESULTS),
    ]
    body = [
        tuple(
            _number(cells, ("all", f"{group}.{result}"))
            for group, _ in TABLE4_GROUPS
            for result, _ in TABLE4_RESULTS
        )
    ]
    return Grid("table4", "表四", "4", TABLE4_WIDTH, len(head), (*head, *body))


def tables(figures: Mapping[str, Mapping[tuple[str, str], Any]]) -> list[Grid]:
    """表二, 表三, 表四 in the order of the report."""
    return [table2(figures), table3(figures), table4(figures)]


# -- section 六 ------------------------------------------------------------------------------------


def fees_collected(figures: Mapping[str, Mapping[tuple[str, str], Any]]) -> Decimal:
    value = figures.get("extra", {}).get(("fees", "fees_collected"))
    return Decimal(str(value)) if value is not None else Decimal("0")


def fees_sentence(figures: Mapping[str, Mapping[tuple[str, str], Any]]) -> str:
    """The computed 信息处理费 of the year, as reported in section 六 (《政府信息公开信息处理费管理办法》)."""
    amount = fees_collected(figures)
    if not amount:
        return "本年度未收取信息处理费。"
    return f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{format_value(amount)}元。"
