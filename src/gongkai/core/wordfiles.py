"""What every Word document Gongkai writes shares: the 公文 page (GB/T 9704) and Chinese fonts.

Reply letters (``foi.services.letters``), annual reports (``reports.render``), the issues of the
information publications (``govinfo.render``) and 通报 (``govinfo.bulletin_render``) use it.
"""

from __future__ import annotations

from typing import Any


def official_page(document: Any, *, title: str, author: str) -> None:
    """A4 with the margins of GB/T 9704 (top 37, bottom 35, left 28, right 26 mm) and the document's
    title and author in its properties."""
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    document.core_properties.title = title
    document.core_properties.author = author


def east_asian_font(run: Any, name: str) -> None:
    """Set a run's font for Chinese text too (Word keeps the East Asian font apart)."""
    from docx.oxml.ns import qn

    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def official_paragraph(
    document: Any,
    text: str = "",
    *,
    size: Any,
    font: str = "仿宋_GB2312",
    bold: bool | None = None,
    align: Any = None,
    indent: bool = False,
    color: str | None = None,
) -> Any:
    """A paragraph of a 公文 page: 28 pt line spacing, nothing after it, optionally centred (``align``)
    or indented two characters of 16 pt (``indent``); its text (if any) in ``font`` at ``size``, bold
    or not when ``bold`` says (else as the style has it), in ``color`` (an RGB hex string) if given."""
    from docx.shared import Pt, RGBColor

    para = document.add_paragraph()
    para.paragraph_format.line_spacing = Pt(28)
    para.paragraph_format.space_after = Pt(0)
    if align is not None:
        para.alignment = align
    if indent:
        para.paragraph_format.first_line_indent = Pt(32)
    if text:
        run = para.add_run(text)
        if bold is not None:
            run.bold = bold
        run.font.size = size
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        east_asian_font(run, font)
    return para
