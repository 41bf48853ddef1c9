"""The annual report as PDF, beside its DOCX and XLSX (docs/SPEC.md §6; 条例 第四十九条, 第五十条).

The same parts as the Word document (``reports.render``): the title
"<机关>YYYY年政府信息公开工作年度报告", the six sections with their text (the editor's paragraphs,
headings, list items and tables), and 表二, 表三 and 表四 of the national format (国办公开办函〔2021〕30号)
drawn from ``reports.layout`` — the form's merged cells as real bordered tables, with the same
column widths as the DOCX; a table that runs onto another page repeats its header rows there.
Section 六 states the 信息处理费 collected. Set on the 公文 page of ``core.pdf`` with the embedded font.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.core.pdf import OfficialPdf, TableCell, pdf_filename
from gongkai.reports import layout
from gongkai.reports.figures import for_report
from gongkai.reports.national import Figures
from gongkai.reports.render import (
    DOCX_NARRATIVE_TABLE_FONT,
    DOCX_TABLE_FONT,
    DOCX_TEXT_WIDTH,
    DOCX_WIDTHS,
    FORMAT,
    RichParagraph,
    RichTable,
    narrative_blocks,
    report_sections,
    report_title,
)

if TYPE_CHECKING:
    from gongkai.reports.models import AnnualReport

__all__ = ["report_pdf", "report_pdf_filename"]

TITLE_TAIL = "政府信息公开工作年度报告"
#: A list item's text starts this far in (mm) per level below the first, as the DOCX indents it.
LIST_INDENT_MM = 11.3


def _grid_rows(grid: layout.Grid) -> list[list[TableCell]]:
    rows: list[list[TableCell]] = []
    for row in grid.rows:
        rows.append(
            [
                TableCell(
                    cell.text,
                    rowspan=cell.rowspan,
                    colspan=cell.colspan,
                    header=cell.header,
                    align="L" if cell.scope == "row" and not cell.numeric else "C",
                )
                for cell in row
            ]
        )
    return rows


def _rich_rows(block: RichTable) -> tuple[list[list[TableCell]], int, int]:
    """A table of the editor as rows of cells that tile it: the spans as the browser lays them out,
    a position no cell covers filled with an empty cell, a span over a covered one cut short."""
    height, width, cells = block.placed()
    covered: dict[tuple[int, int], bool] = {}
    starting: dict[tuple[int, int], TableCell] = {}
    for r, c, cell in cells:
        colspan = 0
        while c + colspan < width and colspan < cell.colspan and (r, c + colspan) not in covered:
            colspan += 1
        if colspan == 0:
            continue
        rowspan = 1
        while (
            rowspan < cell.rowspan
            and r + rowspan < height
            and all((r + rowspan, c + dc) not in covered for dc in range(colspan))
        ):
            rowspan += 1
        for dr in range(rowspan):
            for dc in range(colspan):
                covered[(r + dr, c + dc)] = True
        text = "\n".join(
            (f"{p.prefix} " if p.kind == "li" and p.prefix else "") + p.text for p in cell.paragraphs
        )
        starting[(r, c)] = TableCell(
            text, rowspan=rowspan, colspan=colspan, header=cell.header, align="C" if cell.header else "L"
        )
    rows: list[list[TableCell]] = []
    for r in range(height):
        row: list[TableCell] = []
        for c in range(width):
            if (r, c) in starting:
                row.append(starting[(r, c)])
            elif (r, c) not in covered:
                row.append(TableCell(""))
        rows.append(row)
    return rows, width, min(block.head_rows, height)


def _rich_paragraph(pdf: OfficialPdf, block: RichParagraph) -> None:
    text = block.text
    if block.kind == "li":
        prefix = f"{block.prefix} " if block.prefix == "•" else block.prefix
        pdf.paragraph(prefix + text, indent=True, left=LIST_INDENT_MM * max(block.level - 1, 0))
    elif block.kind.startswith("h"):
        pdf.paragraph(text, indent=True, bold=block.kind in ("h4", "h5"), keep_with_next=2)
    else:
        pdf.paragraph(text, indent=True)


def report_pdf(report: AnnualReport, figures: Figures | None = None) -> bytes:
    """The report as PDF (see the module docstring)."""
    figures = figures if figures is not None else for_report(report)
    grids = {g.table: g for g in layout.tables(figures)}
    title = report_title(report)
    pdf = OfficialPdf(title=title, author=report.organization.name, subject=FORMAT)
    # A long title breaks after the body and the year: "<机关>YYYY年" / "政府信息公开工作年度报告".
    parts = [title.removesuffix(TITLE_TAIL), TITLE_TAIL] if title.endswith(TITLE_TAIL) else []
    pdf.title_block(title, parts=parts)
    for part in report_sections(report):
        pdf.paragraph(part["title"], indent=True, bold=True, keep_with_next=2)
        for block in narrative_blocks(part["text"]):
            if isinstance(block, RichTable):
                for caption in block.caption:
                    pdf.paragraph(caption.text, align="C", bold=True)
                rows, columns, head_rows = _rich_rows(block)
                if columns:
                    pdf.bordered_table(
                        rows,
                        widths=[DOCX_TEXT_WIDTH / columns] * columns,
                        head_rows=head_rows,
                        size=DOCX_NARRATIVE_TABLE_FONT,
                    )
                    pdf.paragraph("")
            else:
                _rich_paragraph(pdf, block)
        if part["table"]:
            grid = grids[part["table"]]
            pdf.bordered_table(
                _grid_rows(grid),
                widths=DOCX_WIDTHS[grid.table],
                head_rows=grid.head_rows,
                size=DOCX_TABLE_FONT[grid.table],
            )
            pdf.paragraph("")
        if part["number"] == "6":
            pdf.paragraph(layout.fees_sentence(figures), indent=True)
    return pdf.output_bytes()


def report_pdf_filename(report: AnnualReport) -> str:
    return pdf_filename(report_title(report))
