"""What every Word document Gongkai writes shares: the 公文 page (GB/T 9704) and Chinese fonts.

Reply letters (``foi.services.letters``) and annual reports (``reports.render``) both use it.
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
