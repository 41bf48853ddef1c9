"""The body sanitizer (``content.sanitize_body``) with what Word and WPS put on the clipboard.

The fixtures in ``clipboard/`` are the ``text/html`` a browser reads when a document is copied from
Word for Windows (``word.html``: ``<!--StartFragment-->``, ``class=MsoNormal``, ``style='mso-…'``,
``<o:p>``, conditional comments, a ``MsoTableGrid`` table with merged cells) and from WPS Office
(``wps.html``: the same in double quotes, with ``<font face>``). Whatever reaches the server — through
the editor, which cleans a paste first, or typed as HTML without JavaScript — keeps its structure and
loses Office's looks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.disclosure.services.content import html_to_text, sanitize_body

CLIPBOARD = Path(__file__).parent / "clipboard"
OFFICE_MARKUP = (
    "mso-",
    "Mso",
    "class=",
    "style=",
    "<o:p",
    "<span",
    "<font",
    "<!--",
    "<meta",
    "<link",
    "<xml",
)


@pytest.fixture(params=["word", "wps"])
def pasted(request) -> str:
    return (CLIPBOARD / f"{request.param}.html").read_text(encoding="utf-8")


def test_office_markup_is_dropped(pasted):
    body = sanitize_body(pasted)
    for markup in OFFICE_MARKUP:
        assert markup not in body, markup
    # nothing of the head's style sheet or settings becomes text
    text = html_to_text(body)
    assert "font-family" not in text and "@font-face" not in text and "Normal" not in text


def test_word_keeps_headings_paragraphs_emphasis_table_and_link():
    body = sanitize_body((CLIPBOARD / "word.html").read_text(encoding="utf-8"))
    # 标题 1 (h1) becomes h2: the page's own title is the h1; 标题 2 stays h2
    assert "<h2>关于2026年度政务公开工作要点的通知</h2>" in body
    assert "<h2>一、重点任务分工</h2>" in body
    assert "<b>做好依申请公开</b>" in body
    cells = re.findall(r"<td([^>]*)>\s*<p>(?:<b>)?([^<]*)", body)
    assert cells == [
        (' rowspan="2"', "任务"),
        (' colspan="2"', "分工"),
        ("", "牵头单位"),
        ("", "完成时限"),
        ("", "政策解读"),
        ("", "县政府办公室"),
        ("", "2026年6月底前"),
    ]
    assert (
        '<a href="https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm" '
        'rel="noopener noreferrer">条例全文</a>' in body
    )
    # Word's bookmark (<a name=_Toc…>) leaves no empty link
    assert "<a rel" not in body and "_Toc" not in body
    # Word wraps its source inside Chinese text: the line break is no space
    assert "请认真贯彻落实。" in body
    # <font color=red> loses its colour, keeps its words
    assert "请于月底前报送。" in body


def test_wps_keeps_heading_emphasis_and_table():
    body = sanitize_body((CLIPBOARD / "wps.html").read_text(encoding="utf-8"))
    assert body.startswith("<h2><b>二、主动公开情况</b>")
    assert "<p>本年度主动公开政府信息1268条，<u>较上年增长</u><i>12%</i>。</p>" in body
    assert re.findall(r"<td><p>([^<]*)</p></td>", body) == ["信息内容", "本年制发件数", "规章", "3"]


def test_what_could_run_or_track_is_removed():
    body = sanitize_body(
        '<p onclick="steal()">正文<script>alert(1)</script><img src="https://tracker.example/x.gif">'
        '<a href="javascript:alert(1)">链接</a><iframe src="https://example.com"></iframe></p>'
        "<style>p{color:red}</style><title>标题</title>"
    )
    assert body == "<p>正文链接</p>"


def test_cell_spans_must_be_small_whole_numbers():
    body = sanitize_body(
        '<table><tr><td colspan="2" rowspan="x">甲</td><th colspan="0" scope="row">乙</th>'
        '<td rowspan="3000" colspan=" 3 ">丙</td><th scope="evil">丁</th></tr></table>'
    )
    assert '<td colspan="2">甲</td>' in body
    assert '<th scope="row">乙</th>' in body
    assert '<td colspan=" 3 ">丙</td>' in body
    assert "<th>丁</th>" in body


def test_outer_headings_fit_the_page():
    assert (
        sanitize_body("<h1>一级</h1><h3>三级</h3><h6>六级</h6>") == "<h2>一级</h2><h3>三级</h3><h5>六级</h5>"
    )


def test_clean_body_is_unchanged():
    body = (
        "<h2>一、总体情况</h2><p>本年度<strong>主动公开</strong>信息。</p><ul><li>甲</li></ul>"
        '<table><thead><tr><th scope="col">项目</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    )
    assert sanitize_body(body) == body


def test_sanitizing_twice_changes_nothing(pasted):
    once = sanitize_body(pasted)
    assert sanitize_body(once) == once
