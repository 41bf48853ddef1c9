"""The PDF engine (core.pdf): Chinese line breaking (禁则), the vendored font and what it covers, the
公文 page, and tables with spans."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from gongkai.core.pdf import (
    FONT_FAMILY,
    FONT_FILE,
    NO_LINE_END,
    NO_LINE_START,
    OfficialPdf,
    TableCell,
    break_lines,
    missing_characters,
    pdf_filename,
)


def width(text: str) -> float:
    """Every character one unit wide: a line of width 10 holds ten characters."""
    return float(len(text))


def test_lines_fill_up_to_the_width():
    assert break_lines("一二三四五六七八九十甲乙丙", 10, width) == ["一二三四五六七八九十", "甲乙丙"]
    assert break_lines("一二三四五六七八九十甲乙丙", 10, width, first=8) == ["一二三四五六七八", "九十甲乙丙"]


def test_closing_punctuation_never_starts_a_line():
    # "。" would start line 2: the character before it goes down with it.
    assert break_lines("一二三四五六七八九十。甲乙", 10, width) == ["一二三四五六七八九", "十。甲乙"]
    # Two closing marks in a row (”。) go down together with the character before them.
    lines = break_lines("一二三四五六七八九“十”。甲", 10, width)
    assert all(line[0] not in NO_LINE_START for line in lines), lines
    assert "".join(lines) == "一二三四五六七八九“十”。甲"


def test_opening_punctuation_never_ends_a_line():
    lines = break_lines("一二三四五六七八九《十一》", 10, width)
    assert lines == ["一二三四五六七八九", "《十一》"]
    assert all(line[-1] not in NO_LINE_END for line in lines)


def test_latin_runs_stay_whole_unless_longer_than_a_line():
    lines = break_lines("一二三四五六七YSQ-1", 10, width)
    assert lines == ["一二三四五六七", "YSQ-1"]
    url = "http://127.0.0.1:8000/requests/lookup/"
    assert "".join(break_lines(f"在{url}查询", 10, width)) == f"在{url}查询"
    assert all(len(line) <= 10 for line in break_lines(f"在{url}查询", 10, width))


def test_the_font_covers_gb2312_and_the_regions_names():
    assert FONT_FILE.stat().st_size < 4_000_000  # a subset (the full font is 14.8 MB)
    assert missing_characters("宿州市埇桥区砀山县萧县灵璧县泗县“”‘’（）《》〔〕【】—…、。，；：？！·•") == ""
    assert missing_characters("政府信息公开申请答复告知书ABCxyz0123456789") == ""
    assert missing_characters("𠮷") == "𠮷"  # beyond the subset: reported, printed as a box


def test_filename():
    name = "答复告知书（宿教依复〔2026〕3号）"
    assert pdf_filename(name + '/a:b*?"') == name + "ab.pdf"


def test_a_page_with_a_spanning_table():
    pdf = OfficialPdf(title="测试", author="测试市教育局")
    pdf.title_block("测试表格")
    rows = [
        [TableCell("项目", header=True, rowspan=2), TableCell("数量", header=True, colspan=2)],
        [TableCell("甲", header=True), TableCell("乙", header=True)],
        *[[TableCell(f"第{n}行", align="L"), TableCell(str(n)), TableCell(str(n * 2))] for n in range(80)],
    ]
    pdf.bordered_table(rows, widths=[60, 48, 48], head_rows=2)
    reader = pypdf.PdfReader(io.BytesIO(pdf.output_bytes()))
    assert len(reader.pages) >= 2
    texts = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]
    assert all(text.count("项目数量甲乙") == 1 for text in texts)  # the head on every page
    assert "第79行79158" in texts[-1]
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    assert str(font["/BaseFont"]).endswith("+" + FONT_FAMILY)


@pytest.mark.parametrize("align", ["J", "L", "C", "R"])
def test_paragraph_alignments_keep_the_text(align):
    text = "本机关于2026年3月2日收到您提交的政府信息公开申请，现答复如下。" * 3
    pdf = OfficialPdf(title="测试", author="测试市教育局")
    pdf.paragraph(text, align=align, indent=align == "J")
    reader = pypdf.PdfReader(io.BytesIO(pdf.output_bytes()))
    assert re.sub(r"\s+", "", reader.pages[0].extract_text()).startswith(text)
