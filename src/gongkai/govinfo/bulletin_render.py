"""A 通报 of 政务信息报送 as a Word document, in the layout of an office's 通报 (GB/T 9704):

* 发文机关标志: the office's name, red, centred, and the 文号 under it above a red rule;
* the title (方正小标宋, 二号), 主送 “各有关单位：”;
* the 导语 generated from the figures (``bulletins.foreword``);
* 一、得分排名: the table kept by the 通报 (名次 with 并列, 单位, 报送, 采用, 批示, 扣分, 得分);
* 二、未报送信息的单位 (named), 三、扣分情况 (each penalty named, with its notice);
* the issuing office and the date (印发 date, or today for a draft) at the foot, right-aligned.

It reads only ``Bulletin.table`` (the figures it was issued with), never the live data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongkai.core.wordfiles import east_asian_font, red_header_docx
from gongkai.govinfo.models import Bulletin
from gongkai.govinfo.render import zh_date

HEADERS = ("名次", "单位", "报送（条）", "采用（条次）", "批示（条次）", "扣分", "得分")


def rank_text(row: dict[str, Any]) -> str:
    return f"{row['rank']}（并列）" if row.get("tied") else str(row["rank"])


def _points(value: Any) -> str:
    number = Decimal(str(value))
    return f"{number.normalize():f}" if number == number.to_integral() else f"{number:.2f}"


def table_rows(bulletin: Bulletin) -> list[tuple[str, ...]]:
    """The rows of the ranking table as printed."""
    rows: list[tuple[str, ...]] = []
    for row in bulletin.table:
        penalty = Decimal(str(row.get("by_source", {}).get("penalty", "0")))
        points = _points(row["points"]) + ("（清零）" if row.get("zeroed") else "")
        rows.append(
            (
                rank_text(row),
                row["name"],
                str(row["submissions"]),
                str(row["adopted"]),
                str(row.get("instructions", 0)),
                _points(penalty) if penalty else "—",
                points,
            )
        )
    return rows


def silent_units(bulletin: Bulletin) -> list[str]:
    return [row["name"] for row in bulletin.table if row.get("no_submission")]


def penalty_lines(bulletin: Bulletin) -> list[str]:
    lines = []
    for row in bulletin.table:
        for p in row.get("penalties", []):
            notice = f"（{p['notice']}）" if p.get("notice") else ""
            day = dt.date.fromisoformat(p["on"])
            lines.append(
                f"{row['name']}：{p['kind_label']}，扣{_points(abs(Decimal(p['points'])))}分。{p['reason']}{notice}（{zh_date(day)}）"
            )
    return lines


def issue_date(bulletin: Bulletin) -> dt.date:
    return timezone.localtime(bulletin.issued_at).date() if bulletin.issued_at else timezone.localdate()


def bulletin_filename(bulletin: Bulletin) -> str:
    return f"{bulletin.title}.docx"


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The 通报 as a Word document: the red header of GB/T 9704 (``core.wordfiles.red_header_docx``)
    around 主送, the 导语 and the three parts."""

    def body(document: Any, paragraph: Callable[..., Any]) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph("各有关单位：")
        paragraph(bulletin.foreword, indent=True)

        paragraph("一、得分排名", font="黑体", indent=True)
        rows = table_rows(bulletin)
        table = document.add_table(rows=1 + len(rows), cols=len(HEADERS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate([HEADERS, *rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = ""
                run = cell.paragraphs[0].add_run(value)
                run.font.size = Pt(12)
                run.bold = r == 0
                east_asian_font(run, "黑体" if r == 0 else "仿宋_GB2312")
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph()
        paragraph("二、未报送信息的单位", font="黑体", indent=True)
        silent = silent_units(bulletin)
        paragraph(
            ("、".join(silent) + "本期未报送信息，请予重视。") if silent else "本期各单位均报送了信息。",
            indent=True,
        )
        paragraph("三、扣分情况", font="黑体", indent=True)
        for line in penalty_lines(bulletin) or ["本期无扣分。"]:
            paragraph(line, indent=True)

    return red_header_docx(
        issuer=bulletin.organization.name,
        number=bulletin.number or "（文号待定）",
        title=bulletin.title,
        date=zh_date(issue_date(bulletin)),
        body=body,
    )
