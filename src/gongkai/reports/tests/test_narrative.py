"""The report's narrative written in the rich-text editor: HTML sanitized on save like an item's
body, shown as HTML on the pages, as paragraphs, lists and Word tables in the DOCX and as plain text
in the JSON; a section typed as plain text without JavaScript (or written before the editor) reads as
before."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import docx
import pytest
from django.urls import reverse

from gongkai.backoffice.tests.helpers import login
from gongkai.conftest import Clock
from gongkai.reports import render, services
from gongkai.reports.models import ReportState
from gongkai.reports.tests.samples import make_report
from gongkai.testing import Region

pytestmark = pytest.mark.django_db

WPS = Path(__file__).resolve().parents[2] / "disclosure" / "tests" / "clipboard" / "wps.html"
NARRATIVE = (
    "<p>本年度主动公开政府信息<strong>1268</strong>条。</p>"
    "<table><tbody><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></tbody></table>"
)


def test_html_from_the_editor_is_sanitized_on_save_and_plain_text_stays(region: Region, clock: Clock) -> None:
    clock.set(dt.date(2026, 1, 5))
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    pasted = WPS.read_text(encoding="utf-8")
    services.update_report(
        report, actor=region.head, data={"section_2": pasted, "section_5": "问题一\n问题二"}
    )
    report.refresh_from_db()
    for markup in ("mso-", "Mso", "style=", "<o:p", "<span", "<font", "<!--"):
        assert markup not in report.section_2
    assert re.findall(r"<td><p>([^<]*)</p></td>", report.section_2) == [
        "信息内容",
        "本年制发件数",
        "规章",
        "3",
    ]
    assert report.section_5 == "问题一\n问题二"


def test_sections_read_as_html_paragraphs_and_plain_text(region: Region) -> None:
    report = make_report(region.dept, 2025, section_2=NARRATIVE, section_5="问题一\n<问题二>")
    sections = {s["number"]: s for s in render.report_sections(report)}
    assert str(sections["2"]["html"]) == NARRATIVE
    assert sections["2"]["paragraphs"] == [
        "本年度主动公开政府信息1268条。",
        "信息内容",
        "本年制发件数",
        "规章",
        "3",
    ]
    # plain text: one paragraph a line, escaped
    assert str(sections["5"]["html"]) == "<p>问题一</p><p>&lt;问题二&gt;</p>"
    assert sections["5"]["paragraphs"] == ["问题一", "<问题二>"]

    document = docx.Document(io.BytesIO(render.report_docx(report)))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("二、主动公开政府信息情况")
    assert texts[start + 1] == "本年度主动公开政府信息1268条。"
    assert "信息内容" not in texts  # the table's cells are in a Word table, not paragraphs
    table = document.tables[0]  # the section's table, above 表二 of the form
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["信息内容", "本年制发件数"],
        ["规章", "3"],
    ]
    assert len(document.tables) == 4

    data = {s["number"]: s for s in json.loads(json.dumps(render.report_json(report)))["sections"]}
    assert data["2"]["text"] == "本年度主动公开政府信息1268条。\n信息内容\n本年制发件数\n规章\n3"
    assert data["2"]["html"] == NARRATIVE
    assert data["5"]["text"] == "问题一\n<问题二>"


def test_a_table_pasted_from_wps_is_a_word_table_in_the_docx(region: Region, clock: Clock) -> None:
    clock.set(dt.date(2026, 1, 5))
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    services.update_report(report, actor=region.head, data={"section_2": WPS.read_text(encoding="utf-8")})
    report.refresh_from_db()
    document = docx.Document(io.BytesIO(render.report_docx(report)))
    table = document.tables[0]  # the pasted table, above 表二 of the form
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["信息内容", "本年制发件数"],
        ["规章", "3"],
    ]
    assert table.style.name == "Table Grid"
    assert len(document.tables) == 4


def test_the_portal_and_the_back_office_show_the_narrative_table(client, region: Region) -> None:
    report = make_report(region.dept, 2025, section_2=NARRATIVE)
    page = client.get(reverse("portal:annual_report", args=[region.dept.slug, 2025])).content.decode()
    assert '<div class="article-body">' + NARRATIVE + "</div>" in page
    login(client, region.head)
    shown = client.get(reverse("backoffice:report", args=[report.pk])).content.decode()
    assert NARRATIVE in shown  # the read-only view of a published report
    draft = make_report(region.dept, 2024, state=ReportState.DRAFT, section_2=NARRATIVE)
    editor = client.get(reverse("backoffice:report", args=[draft.pk])).content.decode()
    assert re.search(r'<textarea name="section_2"[^>]*data-richtext="narrative"', editor)
