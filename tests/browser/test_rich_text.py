"""The rich-text editor of an item's 正文 and of the annual report's sections, in Debian chromium: a
table pasted from Word reaches the portal as a clean table, one pasted from WPS is saved clean, and the
editor runs under the platform's Content-Security-Policy (any CSP report in the console fails).

The paste is a real ``paste`` event carrying Word's clipboard HTML (``text/html`` in a DataTransfer),
as Word for Windows puts it on the clipboard (``src/gongkai/disclosure/tests/clipboard/word.html``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.disclosure.models import Item, ItemState
from gongkai.reports.models import ReportState
from gongkai.reports.tests.samples import make_report
from tests.browser.conftest import login, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIPBOARD = Path(__file__).resolve().parents[2] / "src/gongkai/disclosure/tests/clipboard"
TITLE = "关于印发2026年度政务公开工作要点的通知"

PASTE = """
(html) => {
  const area = document.querySelector(".jodit-wysiwyg");
  area.focus();
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "关于2026年度政务公开工作要点的通知");
  area.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}
"""


def watch_console(page: Any) -> list[str]:
    """The page's console errors and CSP violations, as they happen."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_word_table_pasted_into_the_editor_is_published_clean(page, live_server, region, today):
    base = live_server.url
    problems = watch_console(page)

    # 1. The editor opens the new-item page: the 正文 textarea has become the editor.
    login(page, base, "editor")
    page.goto(f"{base}/staff/items/new/?org={region.dept.pk}")
    page.locator("textarea[name=body][data-richtext-ready]").wait_for(state="attached")
    editor = page.locator(".jodit-wysiwyg")
    assert editor.get_attribute("aria-label") == "正文"
    assert not page.locator("textarea[name=body]").is_visible()

    # 2. Paste Word's clipboard HTML: a heading, a list, a table with merged cells.
    page.evaluate(PASTE, (CLIPBOARD / "word.html").read_text(encoding="utf-8"))
    editor.locator("table").wait_for()
    pasted = editor.inner_html()
    assert "mso-" not in pasted and "Mso" not in pasted and "<o:p" not in pasted and "style=" not in pasted
    assert editor.locator("h2", has_text="关于2026年度政务公开工作要点的通知").count() == 1
    assert editor.locator("h3", has_text="一、重点任务分工").count() == 1
    assert editor.locator("ol").count() == 1  # Word's list paragraphs become one list
    assert editor.locator("ol > li").all_inner_texts() == ["加强政策解读", "做好依申请公开"]
    assert editor.locator("td[rowspan='2']", has_text="任务").count() == 1
    assert editor.locator("td[colspan='2']", has_text="分工").count() == 1
    assert "请认真贯彻落实" in editor.inner_text()  # Word's line break inside Chinese text is no space

    # 3. Fill the rest and save: the textarea carried the editor's HTML, sanitized on save.
    page.get_by_label("信息名称").fill(TITLE)
    page.get_by_label("成文日期").fill(today.isoformat())
    page.locator("select[name=column]").select_option(str(region.column.pk))
    page.get_by_label("内容概述").fill("印发本年度政务公开工作要点和任务分工。")
    page.get_by_role("button", name="保存并送保密审查").click()
    page.wait_for_load_state()
    item = Item.objects.get(title=TITLE)
    assert item.state == ItemState.REVIEW
    assert '<td rowspan="2">' in item.body and '<td colspan="2">' in item.body
    assert "<ol>" in item.body and "<h2>" in item.body
    assert "县政府办公室" in item.body_text

    # 4. Secrecy review (nothing found) and sign-off publish it.
    login(page, base, "reviewer")
    page.goto(f"{base}/staff/items/{item.pk}/review/")
    page.get_by_label("同意公开").check()
    page.get_by_role("button", name="提交审查结论").click()
    page.wait_for_load_state()
    sign(page, base, item)
    item.refresh_from_db()
    assert item.state == ItemState.PUBLISHED

    # 5. The public page shows the table, cell by cell, and nothing of Word's markup.
    page.context.clear_cookies()
    page.goto(f"{base}/items/{item.pk}/")
    body = page.locator(".article-body")
    table = body.locator("table")
    assert table.locator("td").all_inner_texts() == [
        "任务",
        "分工",
        "牵头单位",
        "完成时限",
        "政策解读",
        "县政府办公室",
        "2026年6月底前",
    ]
    assert table.evaluate("t => getComputedStyle(t).borderCollapse") == "collapse"
    assert table.locator("td").first.evaluate("c => getComputedStyle(c).borderTopStyle") == "solid"
    published = body.inner_html()
    for word_markup in ("mso-", "Mso", "style=", "class=", "<o:p", "<span", "<font", "<!--"):
        assert word_markup not in published
    assert not [p for p in problems if "Content Security Policy" in p or "Content-Security-Policy" in p]
    assert problems == []


def test_wps_table_pasted_into_a_report_section_is_saved_clean(page, live_server, region):
    problems = watch_console(page)
    report = make_report(
        region.dept, 2025, state=ReportState.DRAFT, section_1="第一段。\n第二段。", section_2=""
    )
    base = live_server.url
    login(page, base, "head")
    page.goto(f"{base}/staff/reports/{report.pk}/")
    page.locator("textarea[name=section_6][data-richtext-ready]").wait_for(state="attached")
    editors = page.locator(".jodit-wysiwyg")
    assert editors.count() == 6
    # a section written as plain text shows as its paragraphs
    assert editors.nth(0).locator("p").all_inner_texts() == ["第一段。", "第二段。"]
    # the narrative toolbar has no headings
    assert page.locator(".jodit-toolbar-button_paragraph").count() == 0

    page.evaluate(
        PASTE.replace(
            'document.querySelector(".jodit-wysiwyg")', "document.querySelectorAll('.jodit-wysiwyg')[1]"
        ),
        (CLIPBOARD / "wps.html").read_text(encoding="utf-8"),
    )
    editors.nth(1).locator("table").wait_for()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.section_1 == "<p>第一段。</p><p>第二段。</p>"
    assert report.section_2 == (
        "<h3><b>二、主动公开情况</b><b></b></h3>"
        "<p>本年度主动公开政府信息1268条，<u>较上年增长</u><i>12%</i>。</p>"
        "<table><tbody><tr><td><p>信息内容</p></td><td><p>本年制发件数</p></td></tr>"
        "<tr><td><p>规章</p></td><td><p>3</p></td></tr></tbody></table>"
    )  # WPS's closing empty paragraph is not kept
    assert problems == []
