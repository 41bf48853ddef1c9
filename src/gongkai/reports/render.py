"""The annual report as a Word document, a workbook of its tables, and JSON (docs/SPEC.md §6, issue 4 item 8).

Every format draws the tables from ``reports.layout`` (the grid of the official form, 国办公开办函
〔2021〕30号), so merged cells, labels and figures are the same in the portal page, the DOCX and the
XLSX. Figures come from ``reports.figures.for_report``: frozen on submission, live for a draft.

* DOCX: A4 with 公文 margins (GB/T 9704), the title "<机关>YYYY年政府信息公开工作年度报告", the six
  sections in order with their text (the editor's paragraphs, headings and lists as paragraphs, its
  tables as Word tables with their merged cells; plain text one paragraph a line), 表二/表三/表四
  under sections 二/三/四 with the form's merged cells (header rows repeat on every page), and
  section 六 stating the 信息处理费 collected.
* XLSX: one sheet per table (表二, 表三, 表四), the section heading on the first row, the table
  below with the same merged cells; figures are numbers (an entered figure not yet entered is
  left blank).
* JSON: the sections, every cell keyed by the codes of ``reports.national`` and the form's labels.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.wordfiles import east_asian_font, official_page
from gongkai.disclosure.services.content import html_to_text, sanitize_body
from gongkai.reports import layout
from gongkai.reports.figures import for_report
from gongkai.reports.national import (
    SECTIONS,
    TABLE2,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    Figures,
)

if TYPE_CHECKING:
    from gongkai.reports.models import AnnualReport

__all__ = [
    "FORMAT",
    "report_docx",
    "report_json",
    "report_sections",
    "report_title",
    "report_xlsx",
]

#: The national format the report follows.
FORMAT = "国办公开办函〔2021〕30号"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Which table sits under which section.
TABLE_OF_SECTION = {"2": "table2", "3": "table3", "4": "table4"}


def report_title(report: AnnualReport) -> str:
    return f"{report.organization.name}{report.year}年政府信息公开工作年度报告"


#: A section written in the rich-text editor is HTML; one typed without JavaScript, or written before
#: the editor, is plain text with one paragraph per line. Both are read here.
_HTML = re.compile(r"<(?:p|h[1-6]|ul|ol|li|table|div|blockquote|br|strong|b|em|i|u)[\s/>]", re.I)


def is_html(text: str) -> bool:
    return bool(_HTML.search(text or ""))


def paragraphs(text: str) -> list[str]:
    """The narrative text of a section as paragraphs of plain text (one per non-empty line; of HTML,
    one per block: paragraph, heading, list item, table cell)."""
    if is_html(text):
        text = html_to_text(sanitize_body(text))
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def narrative_html(text: str) -> SafeString:
    """A section's text as HTML for a page: the editor's HTML sanitized, plain text as paragraphs."""
    if is_html(text):
        return mark_safe(sanitize_body(text))  # noqa: S308 — sanitized by nh3 just now
    return format_html_join("", "<p>{}</p>", ((line,) for line in paragraphs(text)))


# -- The narrative's HTML as blocks for the DOCX ------------------------------------------------------

#: A run of text with its marks (``bold``, ``italic``, ``underline``, ``strike``); "\n" is a line break.
Run = tuple[str, frozenset[str]]
_MARKS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline", "s": "strike"}
_BLOCKS = {"p", "div", "blockquote", "pre", "h2", "h3", "h4", "h5", "hr", "caption"}


@dataclass
class RichParagraph:
    """A paragraph of a section: ``kind`` is p, h2–h5 or li; a list item has its prefix ("1." or
    "•") and its nesting level (1 for a top-level list)."""

    kind: str = "p"
    runs: list[Run] = field(default_factory=list)
    prefix: str = ""
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class RichCell:
    paragraphs: list[RichParagraph] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass
class RichTable:
    rows: list[list[RichCell]] = field(default_factory=list)
    caption: list[RichParagraph] = field(default_factory=list)
    #: How many rows at the top are the table's head (``thead``), repeated on every page.
    head_rows: int = 0

    def placed(self) -> tuple[int, int, list[tuple[int, int, RichCell]]]:
        """The table's height and width and each cell's top-left (row, column), spans laid out as a
        browser does: a cell takes the first column not covered by a row span from above; a row span
        stops at the last row."""
        taken: set[tuple[int, int]] = set()
        cells = []
        height = len(self.rows)
        width = 0
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                cell.rowspan = max(1, min(cell.rowspan, height - r))
                cells.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
                width = max(width, c)
        width = max([width] + [c + 1 for _, c in taken])
        return height, width, cells


Block = RichParagraph | RichTable


#: The most columns a Word table has.
DOCX_MAX_COLUMNS = 63


def _span(value: str | None) -> int:
    return min(int(value), DOCX_MAX_COLUMNS) if value and value.isdigit() and int(value) > 0 else 1


class _NarrativeParser(HTMLParser):
    """Reads the sanitized HTML of a section (``sanitize_body``) into paragraphs and tables. A table
    inside a table cell is read as the paragraphs of its cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.marks: dict[str, int] = {}
        self.lists: list[list[Any]] = []  # [ordered, count] of each open list
        self.kind = "p"
        self.prefix = ""
        self.para: RichParagraph | None = None
        self.table: RichTable | None = None
        self.depth = 0  # of nested tables
        self.cell: RichCell | None = None
        self.in_caption = False
        self.in_head = False

    # where a finished paragraph goes
    def _target(self) -> list[Any]:
        if self.cell is not None:
            return self.cell.paragraphs
        if self.table is not None and self.in_caption:
            return self.table.caption
        return self.blocks

    def _close(self) -> None:
        para, self.para = self.para, None
        if para is None:
            return
        runs = para.runs
        while runs and not runs[-1][0].strip():  # trailing spaces and line breaks
            runs.pop()
        if runs:
            runs[-1] = (runs[-1][0].rstrip(" "), runs[-1][1])
        if para.text.strip():
            self._target().append(para)

    def _open(self) -> RichParagraph:
        if self.para is None:
            level = len(self.lists) if self.kind == "li" else 0
            self.para = RichParagraph(kind=self.kind, prefix=self.prefix, level=level)
            self.prefix = ""
        return self.para

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _MARKS:
            self.marks[_MARKS[tag]] = self.marks.get(_MARKS[tag], 0) + 1
        elif tag == "br":
            self._open().runs.append(("\n", frozenset()))
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self._close()
            if not self.lists:
                self.lists.append([False, 0])
            self.lists[-1][1] += 1
            ordered, count = self.lists[-1]
            self.kind, self.prefix = "li", f"{count}." if ordered else "•"
        elif tag == "table":
            self._close()
            self.depth += 1
            if self.depth == 1:
                self.table = RichTable()
                self.blocks.append(self.table)
        elif self.depth == 1 and tag == "thead":
            self.in_head = True
        elif self.depth == 1 and tag == "tr" and self.table is not None:
            self._close()
            self.table.rows.append([])
            if self.in_head:
                self.table.head_rows = len(self.table.rows)
        elif self.depth == 1 and tag in ("td", "th") and self.table is not None:
            self._close()
            if not self.table.rows:
                self.table.rows.append([])
            named = dict(attrs)
            self.cell = RichCell(
                colspan=_span(named.get("colspan")), rowspan=_span(named.get("rowspan")), header=tag == "th"
            )
            self.table.rows[-1].append(self.cell)
            self.kind = "p"
        elif tag in ("td", "th", "tr"):
            self._close()
        elif tag in _BLOCKS:
            self._close()
            self.in_caption = self.in_caption or (tag == "caption" and self.depth == 1)
            if tag[0] == "h":
                self.kind = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _MARKS:
            self.marks[_MARKS[tag]] = max(0, self.marks.get(_MARKS[tag], 0) - 1)
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
            self.kind = "li" if self.lists else "p"
        elif tag == "li":
            self._close()
            self.kind, self.prefix = "p", ""
        elif tag == "table":
            self._close()
            self.depth = max(0, self.depth - 1)
            if self.depth == 0:
                self.table, self.cell, self.in_caption, self.in_head = None, None, False, False
        elif self.depth == 1 and tag == "thead":
            self.in_head = False
        elif self.depth == 1 and tag in ("td", "th"):
            self._close()
            self.cell = None
        elif tag in ("td", "th", "tr"):
            self._close()
        elif tag in _BLOCKS:
            self._close()
            if tag == "caption":
                self.in_caption = False
            self.kind = "li" if self.lists and self.kind == "li" else "p"

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data)
        if self.para is None or not self.para.runs or self.para.runs[-1][0].endswith(("\n", " ")):
            text = text.lstrip(" ")
        if not text:
            return
        marks = frozenset(mark for mark, count in self.marks.items() if count)
        self._open().runs.append((text, marks))

    def close(self) -> None:
        super().close()
        self._close()


def narrative_blocks(text: str) -> list[Block]:
    """A section's text as paragraphs and tables: the editor's HTML read block by block, plain text
    as one paragraph a line (exactly as ``paragraphs``)."""
    if not is_html(text):
        return [RichParagraph(runs=[(line, frozenset())]) for line in paragraphs(text)]
    parser = _NarrativeParser()
    parser.feed(sanitize_body(text))
    parser.close()
    return parser.blocks


def report_sections(report: AnnualReport) -> list[dict[str, Any]]:
    """The six sections in order: number, heading, text, its paragraphs and its HTML, the table key
    under it."""
    return [
        {
            "number": number,
            "title": title,
            "text": getattr(report, f"section_{number}") or "",
            "paragraphs": paragraphs(getattr(report, f"section_{number}")),
            "html": narrative_html(getattr(report, f"section_{number}")),
            "table": TABLE_OF_SECTION.get(number, ""),
        }
        for number, title in SECTIONS
    ]


# -- DOCX -------------------------------------------------------------------------------------------

#: Column widths (mm) of each table on an A4 page with 156 mm between the margins.
DOCX_WIDTHS = {
    "table2": [42.0, 38.0, 38.0, 38.0],
    "table3": [12.0, 22.0, 44.0] + [78.0 / 7] * 7,
    "table4": [156.0 / 15] * 15,
}
DOCX_TABLE_FONT = {"table2": 10.5, "table3": 9.0, "table4": 9.0}  # 五号, 小五


def _row_flags(row: Any, *, header: bool) -> None:
    """Keep a row on one page; repeat header rows at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    flags = ["w:cantSplit", "w:tblHeader"] if header else ["w:cantSplit"]
    for name in flags:
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _docx_table(document: Any, grid: layout.Grid) -> Any:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    table = document.add_table(rows=grid.height, cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = DOCX_WIDTHS[grid.table]
    for index, column in enumerate(table.columns):
        column.width = Mm(widths[index])
    placed = list(grid.placed())
    for p in placed:  # merge first: merging cells that hold text would join their paragraphs
        if p.merged:
            table.cell(p.row, p.col).merge(table.cell(p.last_row, p.last_col))
    size = Pt(DOCX_TABLE_FONT[grid.table])
    for row in table.rows:  # every <w:tc>, continuations of a vertical merge included
        col = 0
        for tc in row._tr.tc_lst:
            tc.width = Mm(sum(widths[col : col + tc.grid_span]))
            col += tc.grid_span
    for p in placed:
        cell = table.cell(p.row, p.col)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.line_spacing = 1.0
        run = para.add_run(p.cell.text)
        run.font.size = size
        run.bold = p.cell.header and p.cell.scope not in ("row", "rowgroup")  # column headers bold
        east_asian_font(run, "宋体")
    for index, row in enumerate(table.rows):
        _row_flags(row, header=index < grid.head_rows)
    return table


#: The narrative in the DOCX: body text 仿宋_GB2312 三号 with a two-character indent; the editor's
#: headings in the 公文 order of levels (GB/T 9704—2012 7.3.3: the first level 黑体 is the section's own
#: heading, the second 楷体, the third and fourth 仿宋; h4/h5 are bold here to stand out from the
#: text); list items with their number or bullet as text; tables 宋体 五号 like the form's 表二.
DOCX_HEADING_FONT = {"h2": ("楷体_GB2312", False), "h3": ("楷体_GB2312", False), "h4": ("仿宋_GB2312", True)}
DOCX_NARRATIVE_TABLE_FONT = 10.5  # 五号
DOCX_TEXT_WIDTH = 156.0  # mm between the margins


def _docx_runs(para: Any, runs: list[Run], *, font: str, size: Any, bold: bool = False) -> None:
    for text, marks in runs:
        run = para.add_run()
        if text == "\n":
            run.add_break()
        else:
            run.text = text
        run.bold = bold or "bold" in marks
        run.italic = "italic" in marks or None
        run.underline = "underline" in marks or None
        if "strike" in marks:
            run.font.strike = True
        run.font.size = size
        east_asian_font(run, font)


def _docx_rich_paragraph(document: Any, block: RichParagraph) -> Any:
    """A paragraph, heading or list item of a section, in the body's layout (三号, 28 pt lines)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para = document.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32)  # two characters of 三号
    font, bold = DOCX_HEADING_FONT.get(block.kind, ("仿宋_GB2312", block.kind.startswith("h")))
    runs = block.runs
    if block.kind == "li":
        fmt.left_indent = Pt(32 * (block.level - 1)) if block.level > 1 else None
        runs = [(f"{block.prefix} " if block.prefix == "•" else block.prefix, frozenset()), *runs]
    if block.kind == "p" or block.kind == "li":
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _docx_runs(para, runs, font=font, size=Pt(16), bold=bold)
    return para


def _docx_rich_table(document: Any, block: RichTable) -> Any:
    """A table of a section as a Word table with borders: merged cells from colspan/rowspan, header
    cells bold and centred, head rows repeated on every page, equal columns across the text width."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    for caption in block.caption:
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.line_spacing = Pt(28)
        para.paragraph_format.space_after = Pt(0)
        _docx_runs(para, caption.runs, font="黑体", size=Pt(DOCX_NARRATIVE_TABLE_FONT + 1.5))
    height, width, cells = block.placed()
    if not cells:  # a table without a cell
        return None
    table = document.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    column = DOCX_TEXT_WIDTH / width
    for col in table.columns:
        col.width = Mm(column)
    for r, c, cell in cells:  # merge first: merging cells that hold text would join their paragraphs
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, min(c + cell.colspan, width) - 1))
    for row in table.rows:
        for tc in row._tr.tc_lst:
            tc.width = Mm(column * tc.grid_span)
    size = Pt(DOCX_NARRATIVE_TABLE_FONT)
    for r, c, cell in cells:
        target = table.cell(r, c)
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for index, content in enumerate(cell.paragraphs):
            para = target.paragraphs[0] if index == 0 else target.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if cell.header else WD_ALIGN_PARAGRAPH.LEFT
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.line_spacing = 1.0
            runs = content.runs
            if content.kind == "li":
                runs = [(f"{content.prefix} ", frozenset()), *runs]
            _docx_runs(para, runs, font="宋体", size=size, bold=cell.header or content.kind.startswith("h"))
    for index, row in enumerate(table.rows):
        _row_flags(row, header=index < block.head_rows)
    return table


def report_docx(report: AnnualReport, figures: Figures | None = None) -> bytes:
    """The report as a Word document in the official layout (see the module docstring)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    figures = figures if figures is not None else for_report(report)
    grids = {g.table: g for g in layout.tables(figures)}
    title = report_title(report)

    document = docx.Document()
    official_page(document, title=title, author=report.organization.name)
    document.core_properties.subject = FORMAT
    body_size = Pt(16)  # 三号
    document.styles["Normal"].font.size = body_size

    def paragraph(text: str, *, font: str, size: Any = body_size, bold: bool = False, **fmt: Any) -> Any:
        para = document.add_paragraph()
        para.paragraph_format.line_spacing = Pt(28)
        para.paragraph_format.space_after = Pt(0)
        if "align" in fmt:
            para.alignment = fmt["align"]
        if fmt.get("indent"):
            para.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
        run = para.add_run(text)
        run.bold = bold
        run.font.size = size
        east_asian_font(run, font)
        return para

    paragraph(title, font="方正小标宋简体", size=Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER)  # 二号
    paragraph("", font="仿宋_GB2312")
    for part in report_sections(report):
        paragraph(part["title"], font="黑体", indent=True)
        for block in narrative_blocks(part["text"]):
            if isinstance(block, RichTable):
                if _docx_rich_table(document, block) is not None:
                    paragraph("", font="仿宋_GB2312")
            else:
                _docx_rich_paragraph(document, block)
        if part["table"]:
            _docx_table(document, grids[part["table"]])
            paragraph("", font="仿宋_GB2312")
        if part["number"] == "6":
            paragraph(layout.fees_sentence(figures), font="仿宋_GB2312", indent=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- XLSX -------------------------------------------------------------------------------------------

#: The first row of a table on its sheet (row 1 holds the heading).
XLSX_TOP = 2
XLSX_WIDTHS = {
    "table2": [18.0, 16.0, 16.0, 16.0],
    "table3": [6.0, 14.0, 44.0] + [10.0] * 7,
    "table4": [9.0] * 15,
}


def report_xlsx(report_or_figures: AnnualReport | Figures, *, title: str = "") -> bytes:
    """The three tables as a workbook, one sheet each (表二, 表三, 表四) with the form's merged cells.

    Takes a report (its figures as ``for_report`` gives them; the title is the report's) or bare
    figures, e.g. a region's aggregate (then ``title`` heads each sheet, if given).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    if isinstance(report_or_figures, dict):
        figures: Figures = report_or_figures
    else:
        figures = for_report(report_or_figures)
        title = title or report_title(report_or_figures)

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    label_align = Alignment(horizontal="left", vertical="center", wrap_text=True)
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    bold = Font(bold=True)

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.title = title or "政府信息公开工作年度报告"
    workbook.properties.subject = FORMAT
    for grid in layout.tables(figures):
        sheet = workbook.create_sheet(grid.number)
        heading = f"{title}　{grid.caption}" if title else grid.caption
        sheet.cell(row=1, column=1, value=heading).font = Font(bold=True, size=12)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
        for p in grid.placed():
            row, col = XLSX_TOP + p.row, 1 + p.col
            cell = sheet.cell(row=row, column=col)
            if p.cell.numeric:
                cell.value = p.cell.value  # type: ignore[assignment]
            else:
                cell.value = p.cell.text
            cell.alignment = centred if (p.cell.numeric or p.cell.scope != "row") else label_align
            if p.cell.header:
                cell.font = bold if p.cell.scope != "row" else Font()
                cell.fill = header_fill
            for r in range(row, row + p.cell.rowspan):  # borders on every cell of a merged range
                for c in range(col, col + p.cell.colspan):
                    sheet.cell(row=r, column=c).border = border
            if p.merged:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=XLSX_TOP + p.last_row,
                    end_column=1 + p.last_col,
                )
        for index, width in enumerate(XLSX_WIDTHS[grid.table], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if grid.head_rows:
            sheet.print_title_rows = f"{XLSX_TOP}:{XLSX_TOP + grid.head_rows - 1}"
        if grid.table == "table3":
            sheet.freeze_panes = sheet.cell(row=XLSX_TOP + grid.head_rows, column=4)
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "portrait" if grid.table == "table2" else "landscape"
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- JSON -------------------------------------------------------------------------------------------


def _json_value(value: Any) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return layout.format_value(value)
    return int(value)


def _table3_label(label: str, group: str) -> str:
    if not group:
        return label
    if group == layout.OUTCOMES_LABEL:
        return f"{group} {label}"
    return f"{layout.OUTCOMES_LABEL} {group} {label}"


def labels() -> dict[str, dict[str, dict[str, str]]]:
    """The form's labels of every row and column key used in :func:`report_json`."""
    return {
        "table2": {
            "rows": {row: label for group in TABLE2 for row, label in group.rows},
            "columns": {col: label for group in TABLE2 for col, label in group.columns},
            "articles": {row: group.article for group in TABLE2 for row, _ in group.rows},
        },
        "table3": {
            "rows": {key: _table3_label(label, group) for key, label, group in TABLE3_ROWS},
            "columns": {
                key: (label if key in ("person", "total") else f"{layout.ORGANIZATIONS_LABEL} {label}")
                for key, label in TABLE3_COLUMNS
            },
        },
        "table4": {
            "rows": {
                key: (label if key == "review" else f"{layout.LITIGATION_LABEL} {label}")
                for key, label in TABLE4_GROUPS
            },
            "columns": dict(TABLE4_RESULTS),
        },
    }


def figures_json(figures: Figures) -> dict[str, Any]:
    """The three tables as nested objects keyed by the codes of ``reports.national``:
    ``table2[row][col]``, ``table3[row][col]``, ``table4[group][result]``; amounts (万元, 元) as
    decimal strings, an entered figure not yet entered as ``null``."""
    t2, t3, t4 = figures.get("table2", {}), figures.get("table3", {}), figures.get("table4", {})
    return {
        "table2": {
            row: {col: _json_value(t2.get((row, col))) for col, _ in group.columns}
            for group in TABLE2
            for row, _ in group.rows
        },
        "table3": {
            row: {col: _json_value(t3.get((row, col)) or 0) for col, _ in TABLE3_COLUMNS}
            for row, _, _ in TABLE3_ROWS
        },
        "table4": {
            group: {
                result: _json_value(t4.get(("all", f"{group}.{result}")) or 0) for result, _ in TABLE4_RESULTS
            }
            for group, _ in TABLE4_GROUPS
        },
        "fees_collected": layout.format_value(layout.fees_collected(figures)),
    }


def report_json(
    report: AnnualReport, *, internal: bool = False, figures: Figures | None = None
) -> dict[str, Any]:
    """The report as JSON-ready data. ``internal`` (the staff command line) adds the state and the
    sources of the entered figures; the public API leaves them out."""
    figures = figures if figures is not None else for_report(report)
    org = report.organization
    data: dict[str, Any] = {
        "title": report_title(report),
        "year": report.year,
        "format": FORMAT,
        "body": {"name": org.name, "slug": org.slug, "unit_code": org.unit_code},
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "sections": [
            {
                "number": s["number"],
                "title": s["title"],
                # plain text (one paragraph a line), as before the editor; the HTML beside it
                "text": "\n".join(s["paragraphs"]) if is_html(s["text"]) else s["text"],
                "html": str(s["html"]),
            }
            for s in report_sections(report)
        ],
        **figures_json(figures),
        "fees_collected_sentence": layout.fees_sentence(figures),
        "labels": labels(),
    }
    if internal:
        data["state"] = report.state
        data["figures_frozen"] = bool(report.figures)
        data["sources"] = {
            "licensing": report.licensing_source,
            "penalty": report.penalty_source,
            "coercion": report.coercion_source,
            "fees": report.fee_income_source,
        }
    return data
