"""The annual report as PDF (issue 11 item 7; docs/SPEC.md §6), read back with pypdf: the title,
the six sections in order with their text, every cell of 表二–表四 (the sample of ``samples``,
worked out by hand there), long tables split across pages with their header rows repeated, the
editor's tables, and the embedded font."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from gongkai.core.pdf import FONT_FAMILY
from gongkai.reports import layout
from gongkai.reports.figures import for_report
from gongkai.reports.pdf import report_pdf, report_pdf_filename
from gongkai.reports.tests.samples import make_report

pytestmark = pytest.mark.django_db

TITLE = "测试市教育局2025年政府信息公开工作年度报告"
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def squeeze(text: str) -> str:
    """Text without the line breaks and spaces that the layout (or the extraction) puts in."""
    return re.sub(r"\s+", "", text)


def pages(data: bytes) -> list[str]:
    """The text of each page without its page number (“— n —”, GB/T 9704 7.5)."""
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [re.sub(r"—\s*\d+\s*—\s*$", "", page.extract_text()) for page in reader.pages]


@pytest.fixture
def report(region):
    return make_report(region.dept, 2025)


def test_title_and_sections_in_order(report):
    data = report_pdf(report)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == TITLE
    text = squeeze("\n".join(pages(data)))
    assert text.startswith(TITLE)
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions and positions == sorted(positions)
    assert "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。" in text
    assert "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费150元。" in text
    assert report_pdf_filename(report) == f"{TITLE}.pdf"


def test_every_cell_of_the_three_tables_is_printed(report):
    """Every label and figure of 表二, 表三 and 表四, row by row in the order of the form (the
    figures of ``samples``: e.g. 表三 一 20 5 1 0 2 1 29)."""
    text = squeeze("\n".join(pages(report_pdf(report))))
    position = 0
    for grid in layout.tables(for_report(report)):
        for row in grid.rows:
            for cell in row:
                found = text.find(squeeze(cell.text), position)
                assert found >= 0, (grid.number, cell.text)
                position = found + len(squeeze(cell.text))
    # Spot checks, by hand from samples.py.
    assert "一、本年新收政府信息公开申请数量205102129" in text
    assert "（七）总计18510112" + "6" in text
    assert "行政事业性收费12.34" in text


def test_a_long_table_repeats_its_header_on_the_next_page(region):
    """表三 pushed down by a long section 三: it runs onto the next page, which starts again with
    its three header rows (the check note, 申请人情况, 自然人 … 总计)."""
    report = make_report(region.dept, 2025, section_3="依申请公开工作依法办理，按时答复。\n" * 14)
    texts = [squeeze(page) for page in pages(report_pdf(report))]
    with_header = [i for i, page in enumerate(texts) if "申请人情况" in page]
    assert len(with_header) == 2 and with_header[1] == with_header[0] + 1
    following = texts[with_header[1]]
    assert following.index("申请人情况") < following.index("自然人") < following.index("（七）总计")
    assert "一、本年新收政府信息公开申请数量" in texts[with_header[0]]
    assert "一、本年新收政府信息公开申请数量" not in following


def test_the_editors_tables_are_tables_and_split_with_their_head(region):
    rows = "".join(f"<tr><td>第{n}项</td><td>{n * 3}</td></tr>" for n in range(1, 61))
    report = make_report(
        region.dept,
        2025,
        section_1=(
            "<p>本年度主动公开情况如下。</p><table><caption>各栏目公开数量</caption>"
            f"<thead><tr><th>栏目</th><th>条数</th></tr></thead><tbody>{rows}</tbody></table>"
            "<ul><li>完善目录</li><li>按时更新</li></ul>"
        ),
    )
    texts = [squeeze(page) for page in pages(report_pdf(report))]
    text = "".join(texts)
    for n in range(1, 61):
        assert f"第{n}项{n * 3}" in text
    heads = [page for page in texts if "栏目条数" in page]
    assert len(heads) >= 2  # the head row again on the page the table runs onto
    assert "各栏目公开数量" in text and "•完善目录" in text


def test_the_font_is_embedded(report):
    reader = pypdf.PdfReader(io.BytesIO(report_pdf(report)))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.fullmatch(rf"/[A-Z]{{6}}\+{FONT_FAMILY}", str(font["/BaseFont"]))
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
