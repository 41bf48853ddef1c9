"""Template helpers of the annual report: ``{% load reports %}``.

``figures`` is what ``reports.figures.for_report(report)`` (or ``aggregate``) returns. The tables
are laid out by ``reports.layout``, the same grid the DOCX and XLSX are drawn from.
"""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.reports import layout

register = template.Library()


@register.filter
def report_tables(figures: Any, only: str = "") -> list[layout.Grid]:
    """表二, 表三, 表四 of ``figures``; ``figures|report_tables:"table3"`` gives only 表三.
    Empty figures (``None``, ``{}``) give tables of zeros, so an include never breaks a page."""
    grids = layout.tables(figures or {})
    if only:
        grids = [g for g in grids if g.table == only or g.number == only]
    return grids


@register.filter
def report_fees(figures: Any) -> str:
    """The sentence of section 六 on the 信息处理费 collected in the year."""
    return layout.fees_sentence(figures or {})
