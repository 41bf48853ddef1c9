"""What every Word document Gongkai writes shares: the 公文 page (GB/T 9704) and Chinese fonts.

Reply letters (``foi.services.letters``), annual reports (``reports.render``), the issues of the
information publications (``govinfo.render``) and 通报 use it. Both kinds of 通报 — of 政务信息报送
(``govinfo.bulletin_render``) and of the assessment (``assessment.bulletins``) — are written by one
red-header writer, :func:`red_header_docx`.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

#: The red of the 发文机关标志 and of the rule under the 文号 (GB/T 9704).
RED = "FF0000"


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


def paragraph_rule(paragraph: Any, *, where: str = "bottom", color: str = RED, size: int = 12) -> None:
    """A line above or below a paragraph (the red rule under the 文号, the distribution rules)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{where}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def red_header_docx(
    *, issuer: str, number: str, title: str, date: str, body: Callable[[Any, Callable[..., Any]], None]
) -> bytes:
    """A 通报 as a Word document in the 公文 layout of GB/T 9704: the ``issuer``'s name in red as
    发文机关标志 (方正小标宋, 36 pt), the 文号 ``number`` centred above a red rule, the ``title``
    (方正小标宋, 二号), then what ``body(document, paragraph)`` writes (``paragraph`` is
    :func:`official_paragraph` of the document at 三号), and the issuer and ``date`` at the foot,
    right-aligned."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    official_page(document, title=title, author=issuer)
    size = Pt(16)  # 三号
    document.styles["Normal"].font.size = size
    paragraph = functools.partial(official_paragraph, document, size=size)
    center = WD_ALIGN_PARAGRAPH.CENTER

    masthead = paragraph(issuer, font="方正小标宋简体", size=Pt(36), align=center, color=RED)
    masthead.paragraph_format.line_spacing = Pt(50)
    paragraph_rule(paragraph(number, align=center), size=18)
    paragraph()
    paragraph(title, font="方正小标宋简体", size=Pt(22), align=center)
    paragraph()
    body(document, paragraph)
    paragraph()
    paragraph()
    right = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(issuer, align=right)
    paragraph(date, align=right)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
