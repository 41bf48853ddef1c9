"""An issue of an information publication as a Word document and as a printable page, in the layout
these publications use (docs/SPEC.md §8 and its source papers: 《政务信息》, 《每日要情》, 简报):

* 刊头: the publication's name, large and red, centred;
* 期号: 第N期, with 总第N期 beside it;
* 编印单位 (left) and 日期 (right) on one line, above a red rule;
* 目录: the titles of the items;
* 编者按 at the top of the items, then each item: its title, then its body;
* the distribution block at the foot, between rules: 报：… 送：… 发：…, then 共印N份 when given.

:func:`issue_context` gives both outputs the same parts; :func:`issue_docx` writes the DOCX
(python-docx), the print page is the template ``backoffice/govinfo/desk/issue_print.html`` with
its print stylesheet ``govinfo/desk/issue-print.css`` (no inline styles: CSP).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from gongkai.core.wordfiles import RED, east_asian_font, official_page, official_paragraph
from gongkai.core.wordfiles import paragraph_rule as _rule
from gongkai.disclosure.services.content import html_to_text, sanitize_body
from gongkai.govinfo.models import Issue

__all__ = ["IssueItem", "issue_context", "issue_docx", "issue_filename", "number_line"]


@dataclass(frozen=True)
class IssueItem:
    number: int
    title: str
    html: SafeString
    paragraphs: list[str]


def zh_date(day: dt.date) -> str:
    """``2026年3月2日`` (GB/T 9704: Arabic numerals, year, month and day in full)."""
    return f"{day.year}年{day.month}月{day.day}日"


def number_line(issue: Issue) -> str:
    """``第15期（总第215期）``; ``（待编期号）`` for a draft."""
    if issue.number is None:
        return "（待编期号）"
    total = f"（总第{issue.total_number}期）" if issue.total_number else ""
    return f"第{issue.number}期{total}"


def _paragraphs(body: str) -> list[str]:
    return [line.strip() for line in html_to_text(body).splitlines() if line.strip()]


def issue_context(issue: Issue) -> dict[str, Any]:
    """The parts of an issue's page, in print order."""
    publication = issue.publication
    items = [
        IssueItem(
            number=n,
            title=entry.title,
            html=mark_safe(sanitize_body(entry.body)),  # noqa: S308 - sanitized just now (nh3)
            paragraphs=_paragraphs(entry.body),
        )
        for n, entry in enumerate(issue.entries.order_by("position", "pk"), start=1)
    ]
    publisher = publication.publisher_name or (
        publication.organization.name if publication.organization else ""
    )
    distribution = [
        (label, value) for label, value in (("报", issue.bao), ("送", issue.song), ("发", issue.fa)) if value
    ]
    return {
        "issue": issue,
        "masthead": publication.name.replace("《", "").replace("》", ""),
        "number_line": number_line(issue),
        "publisher": publisher,
        "date_text": zh_date(issue.date) if issue.date else "（印发时填写）",
        "editor_note": issue.editor_note,
        "items": items,
        "distribution": distribution,
        "copies": issue.copies,
    }


def issue_filename(issue: Issue) -> str:
    name = issue.publication.name.replace("《", "").replace("》", "")
    if issue.number is None:
        return f"{name}-草稿-{issue.pk}.docx"
    return f"{name}-{issue.year}-{issue.number:03d}.docx"


def issue_docx(issue: Issue) -> bytes:
    """The issue as a Word document (see the module docstring)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    parts = issue_context(issue)
    document = docx.Document()
    official_page(
        document, title=f"{issue.publication.name} {parts['number_line']}", author=parts["publisher"]
    )
    body_size = Pt(16)  # 三号
    document.styles["Normal"].font.size = body_size

    paragraph = functools.partial(official_paragraph, document, size=body_size, bold=False)

    masthead = paragraph(
        parts["masthead"], font="方正小标宋简体", size=Pt(42), align=WD_ALIGN_PARAGRAPH.CENTER, color=RED
    )
    masthead.paragraph_format.line_spacing = Pt(60)
    paragraph(parts["number_line"], font="楷体_GB2312", align=WD_ALIGN_PARAGRAPH.CENTER)
    line = paragraph(font="楷体_GB2312")
    text_width = Mm(210 - 28 - 26)  # the 公文 page's text width (core.wordfiles.official_page)
    line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    run = line.add_run(f"{parts['publisher']}\t{parts['date_text']}")
    run.font.size = Pt(14)
    east_asian_font(run, "楷体_GB2312")
    _rule(line, size=18)

    items: list[IssueItem] = parts["items"]
    if items:
        paragraph("目  录", font="黑体", align=WD_ALIGN_PARAGRAPH.CENTER)
        for item in items:
            paragraph(f"{item.number}. {item.title}", font="楷体_GB2312")
        _rule(paragraph(size=Pt(8)), color="000000", size=6)
    if parts["editor_note"]:
        paragraph(f"编者按：{parts['editor_note']}", font="楷体_GB2312", indent=True)
    for item in items:
        paragraph()
        paragraph(item.title, font="方正小标宋简体", size=Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER)
        for text in item.paragraphs:
            paragraph(text, indent=True)

    paragraph()
    distribution = parts["distribution"]
    if distribution:
        for n, (label, value) in enumerate(distribution):
            para = paragraph(f"{label}：{value}", size=Pt(14))
            if n == 0:
                _rule(para, where="top", color="000000", size=8)
            if n == len(distribution) - 1:
                _rule(para, where="bottom", color="000000", size=8)
    if parts["copies"]:
        paragraph(f"共印{parts['copies']}份", size=Pt(14), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
