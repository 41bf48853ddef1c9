"""The report's outputs — the HTML include, DOCX, XLSX and JSON — read back and checked cell by cell
against the figures of ``samples`` (worked out by hand there)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.template.loader import render_to_string
from docx.shared import Pt

from gongkai.reports import render
from gongkai.reports.figures import for_report
from gongkai.reports.tests.samples import SECTIONS, assert_sample_is_consistent, make_report, sample_figures

pytestmark = pytest.mark.django_db

TITLE = "测试市教育局2025年政府信息公开工作年度报告"


@pytest.fixture
def report(region):
    return make_report(region.dept, 2025)


def test_the_sample_passes_the_forms_checks():
    assert_sample_is_consistent()


# -- HTML include ---------------------------------------------------------------------------------------


def test_tables_include_renders_the_merged_cells(report):
    html = render_to_string("reports/_tables.html", {"figures": for_report(report)})
    assert html.count("<table") == 3
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in html
    assert '<th scope="col" rowspan="2">自然人</th>' in html
    assert '<th scope="rowgroup" rowspan="22">三、本年度办理结果</th>' in html
    assert '<th scope="rowgroup" rowspan="8">（三）不予公开</th>' in html
    assert '<th scope="rowgroup" rowspan="5">（五）不予处理</th>' in html
    assert '<th scope="colgroup" colspan="10">行政诉讼</th>' in html
    assert '<th scope="row" colspan="3">一、本年新收政府信息公开申请数量</th>' in html
    assert 'data-cell="table3:new|total">29</td>' in html
    assert 'data-cell="table3:carried_out|legal_service">1</td>' in html
    assert 'data-cell="table4:all|after_review.other">1</td>' in html
    assert '<td colspan="3" class="num" data-cell="table2:licensing|decisions">1204</td>' in html
    assert 'data-cell="table2:fees|income">12.34</td>' in html


def test_tables_include_renders_one_table_with_a_hidden_caption(report):
    html = render_to_string(
        "reports/_tables.html", {"figures": for_report(report), "only": "table4", "caption_hidden": True}
    )
    assert html.count("<table") == 1
    assert '<caption class="sr-only">四、政府信息公开行政复议、行政诉讼情况</caption>' in html
    assert "法人或其他组织" not in html


# -- DOCX ---------------------------------------------------------------------------------------------


def test_docx_title_sections_and_text_in_order(report):
    document = docx.Document(io.BytesIO(render.report_docx(report)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == TITLE
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    # Section 一 has two paragraphs; each section's text follows its heading.
    assert texts[1:4] == [
        "一、总体情况",
        "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "全面推进决策、执行、管理、服务、结果公开。",
    ]
    assert texts.index(SECTIONS["section_5"]) == texts.index("五、存在的主要问题及改进情况") + 1
    assert texts[-2:] == [
        "无其他需要报告的事项。",
        "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费150元。",
    ]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert document.core_properties.title == TITLE


def test_docx_tables_sit_under_their_sections(report):
    document = docx.Document(io.BytesIO(render.report_docx(report)))
    body = document.element.body
    order = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "tbl":
            order.append("TABLE")
        elif tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text[:2] in ("二、", "三、", "四、", "五、"):
                order.append(text[:2])
    assert order == ["二、", "TABLE", "三、", "TABLE", "四、", "TABLE", "五、"]


def test_docx_table3_merged_cells_and_figures(report):
    t = docx.Document(io.BytesIO(render.report_docx(report))).tables[1]
    assert (len(t.rows), len(t.columns)) == (28, 10)
    note = t.cell(0, 0)
    assert note._tc is t.cell(2, 2)._tc  # three rows by three columns
    assert note.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert t.cell(0, 3)._tc is t.cell(0, 9)._tc and t.cell(0, 3).text == "申请人情况"
    organizations = t.cell(1, 4)
    assert organizations.text == "法人或其他组织" and organizations._tc is t.cell(1, 8)._tc
    assert organizations._tc is not t.cell(1, 3)._tc and organizations._tc is not t.cell(1, 9)._tc
    assert t.cell(1, 3)._tc is t.cell(2, 3)._tc and t.cell(1, 3).text == "自然人"
    assert [t.cell(2, c).text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    outcomes = t.cell(5, 0)
    assert outcomes.text == "三、本年度办理结果" and outcomes._tc is t.cell(26, 0)._tc
    assert outcomes._tc is not t.cell(27, 0)._tc
    refused = t.cell(7, 1)
    assert refused.text == "（三）不予公开" and refused._tc is t.cell(14, 1)._tc
    assert t.cell(15, 1)._tc is t.cell(17, 1)._tc and t.cell(15, 1).text == "（四）无法提供"
    assert t.cell(18, 1)._tc is t.cell(22, 1)._tc and t.cell(18, 1).text == "（五）不予处理"
    assert t.cell(23, 1)._tc is t.cell(25, 1)._tc and t.cell(23, 1).text == "（六）其他处理"
    assert t.cell(5, 1)._tc is t.cell(5, 2)._tc and t.cell(5, 1).text == "（一）予以公开"
    assert t.cell(3, 0)._tc is t.cell(3, 2)._tc
    # Figures: rows 一, 二, （三）4, （七）, 四.
    assert [t.cell(3, c).text for c in range(3, 10)] == ["20", "5", "1", "0", "2", "1", "29"]
    assert [t.cell(4, c).text for c in range(3, 10)] == ["2", "1", "0", "0", "0", "0", "3"]
    assert [t.cell(10, c).text for c in range(2, 10)] == [
        "4.保护第三方合法权益",
        "0",
        "2",
        "0",
        "0",
        "0",
        "0",
        "2",
    ]
    assert [t.cell(26, c).text for c in range(3, 10)] == ["18", "5", "1", "0", "1", "1", "26"]
    assert [t.cell(27, c).text for c in range(3, 10)] == ["4", "1", "0", "0", "1", "0", "6"]
    # The three header rows repeat on every page.
    header_flags = [bool(row._tr.xpath("./w:trPr/w:tblHeader")) for row in t.rows]
    assert header_flags == [True, True, True] + [False] * 25


def test_docx_table4_and_table2(report):
    tables = docx.Document(io.BytesIO(render.report_docx(report))).tables
    t4 = tables[2]
    assert (len(t4.rows), len(t4.columns)) == (4, 15)
    assert t4.cell(0, 0).text == "行政复议" and t4.cell(0, 0)._tc is t4.cell(0, 4)._tc
    litigation = t4.cell(0, 5)
    assert litigation.text == "行政诉讼" and litigation._tc is t4.cell(0, 14)._tc
    assert t4.cell(1, 0)._tc is t4.cell(2, 0)._tc and t4.cell(1, 0).text == "结果维持"
    assert t4.cell(1, 5)._tc is t4.cell(1, 9)._tc and t4.cell(1, 5).text == "未经复议直接起诉"
    assert t4.cell(1, 10)._tc is t4.cell(1, 14)._tc and t4.cell(1, 10).text == "复议后起诉"
    assert [t4.cell(3, c).text for c in range(15)] == [
        "2", "1", "0", "0", "3", "0", "0", "0", "1", "1", "0", "0", "1", "0", "1",
    ]  # fmt: skip
    t2 = tables[0]
    assert (len(t2.rows), len(t2.columns)) == (14, 4)
    assert t2.cell(0, 0)._tc is t2.cell(0, 3)._tc and t2.cell(0, 0).text == "第二十条第（一）项"
    assert [t2.cell(2, c).text for c in range(4)] == ["规章", "2", "1", "9"]
    assert [t2.cell(3, c).text for c in range(4)] == ["行政规范性文件", "14", "3", "87"]
    assert t2.cell(6, 1)._tc is t2.cell(6, 3)._tc and t2.cell(6, 1).text == "1204"
    assert (t2.cell(9, 0).text, t2.cell(9, 1).text) == ("行政处罚", "56")
    assert (t2.cell(10, 0).text, t2.cell(10, 1).text) == ("行政强制", "3")
    assert t2.cell(12, 1).text == "本年收费金额（单位：万元）" and t2.cell(13, 1).text == "12.34"


#: Section 三 as written in the rich-text editor: a heading, a paragraph, a bulleted and a numbered list
#: (one nested), and a table whose head spans two columns and whose first body cell spans two rows.
RICH_SECTION_3 = (
    "<h2>（一）收到申请情况</h2>"
    "<p>本年度收到申请<strong>29</strong>件。<br>其中网上申请<em>18</em>件。</p>"
    "<ul><li>自然人申请</li><li>法人申请<ol><li>企业</li><li>社会组织</li></ol></li></ul>"
    "<h4>1. 办理结果</h4>"
    '<table><thead><tr><th>方式</th><th colspan="2">件数</th></tr></thead>'
    '<tbody><tr><td rowspan="2"><p>当面</p></td><td>上半年</td><td>3</td></tr>'
    "<tr><td>下半年</td><td>4</td></tr></tbody></table>"
    "<p>以上均按时答复。</p>"
)


def body_order(document) -> list[str]:
    """The document body in order: each paragraph's text, "TABLE" for a table."""
    order = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "tbl":
            order.append("TABLE")
        elif tag == "p":
            order.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
    return order


def test_docx_renders_a_rich_section_as_paragraphs_lists_and_a_word_table(region):
    report = make_report(region.dept, 2025, section_3=RICH_SECTION_3)
    document = docx.Document(io.BytesIO(render.report_docx(report)))
    order = body_order(document)
    start = order.index("三、收到和处理政府信息公开申请情况")
    assert order[start + 1 : start + 11] == [
        "（一）收到申请情况",
        "本年度收到申请29件。其中网上申请18件。",
        "• 自然人申请",
        "• 法人申请",
        "1.企业",
        "2.社会组织",
        "1. 办理结果",
        "TABLE",  # the section's own table …
        "",
        "以上均按时答复。",
    ]
    assert order[start + 11] == "TABLE"  # … then 表三 of the form
    assert order[start + 12 : start + 13] == [""]

    paras = {p.text: p for p in document.paragraphs}
    heading = paras["（一）收到申请情况"]
    assert heading.runs[0].font.name == "楷体_GB2312"
    assert paras["1. 办理结果"].runs[0].bold is True
    text = paras["本年度收到申请29件。\n其中网上申请18件。"]  # the <br> is a line break in the paragraph
    assert [(r.text, r.bold, r.italic) for r in text.runs] == [
        ("本年度收到申请", False, None),
        ("29", True, None),
        ("件。", False, None),
        ("\n", False, None),
        ("其中网上申请", False, None),
        ("18", False, True),
        ("件。", False, None),
    ]
    assert text.runs[3].element.xpath("./w:br")
    assert paras["1.企业"].paragraph_format.left_indent == Pt(32)  # a nested list is indented
    assert paras["• 自然人申请"].paragraph_format.left_indent is None
    for para in (heading, text, paras["• 自然人申请"]):
        assert para.paragraph_format.first_line_indent == Pt(32)
        assert para.paragraph_format.line_spacing == Pt(28)
        assert {r.font.size for r in para.runs} == {Pt(16)}  # 三号 like the rest of the body

    tables = document.tables
    assert len(tables) == 4  # 表二, the section's table, 表三, 表四
    t = tables[1]
    assert (len(t.rows), len(t.columns)) == (3, 3)
    assert t.style.name == "Table Grid"  # with borders
    assert [[t.cell(r, c).text for c in range(3)] for r in range(3)] == [
        ["方式", "件数", "件数"],
        ["当面", "上半年", "3"],
        ["当面", "下半年", "4"],
    ]
    assert t.cell(0, 1)._tc is t.cell(0, 2)._tc  # colspan="2"
    assert t.cell(1, 0)._tc is t.cell(2, 0)._tc  # rowspan="2"
    assert t.cell(1, 1)._tc is not t.cell(2, 1)._tc
    head = t.cell(0, 1).paragraphs[0].runs[0]
    assert head.bold is True and head.font.name == "宋体" and head.font.size == Pt(10.5)
    body = t.cell(1, 0).paragraphs[0].runs[0]
    assert body.bold is False and body.font.name == "宋体"
    assert [bool(row._tr.xpath("./w:trPr/w:tblHeader")) for row in t.rows] == [True, False, False]
    # the form's tables keep their place and shape
    assert tables[2].cell(26, 3).text == "18" and (len(tables[3].rows), len(tables[3].columns)) == (4, 15)


def test_docx_plain_text_sections_stay_one_paragraph_a_line(region):
    report = make_report(region.dept, 2025, section_5="问题一\n\n  问题二  \n<问题三>")
    document = docx.Document(io.BytesIO(render.report_docx(report)))
    order = body_order(document)
    start = order.index("五、存在的主要问题及改进情况")
    assert order[start + 1 : start + 5] == ["问题一", "问题二", "<问题三>", "六、其他需要报告的事项"]
    para = next(p for p in document.paragraphs if p.text == "问题二")
    assert len(para.runs) == 1 and para.runs[0].bold is False
    assert para.runs[0].font.name == "仿宋_GB2312" and para.runs[0].font.size == Pt(16)
    assert para.paragraph_format.first_line_indent == Pt(32)
    assert len(document.tables) == 3


# -- XLSX -----------------------------------------------------------------------------------------------


def ranges(sheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def test_xlsx_one_sheet_per_table_with_merged_headers(report):
    book = openpyxl.load_workbook(io.BytesIO(render.report_xlsx(report)))
    assert book.sheetnames == ["表二", "表三", "表四"]
    t3 = book["表三"]
    assert t3["A1"].value == f"{TITLE}　三、收到和处理政府信息公开申请情况"
    # Row 1 is the heading; the table starts on row 2.
    assert {"A1:J1", "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A6:C6", "A7:A28"} <= ranges(t3)
    assert {"B7:C7", "B8:C8", "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29"} <= ranges(t3)
    assert len(ranges(t3)) == 17
    assert t3["E3"].value == "法人或其他组织" and t3["A7"].value == "三、本年度办理结果"
    assert t3["B9"].value == "（三）不予公开" and t3["C9"].value == "1.属于国家秘密"
    assert [t3.cell(row=5, column=c).value for c in range(4, 11)] == [20, 5, 1, 0, 2, 1, 29]
    assert [t3.cell(row=28, column=c).value for c in range(4, 11)] == [18, 5, 1, 0, 1, 1, 26]
    assert [t3.cell(row=29, column=c).value for c in range(4, 11)] == [4, 1, 0, 0, 1, 0, 6]
    assert t3.print_title_rows == "$2:$4"

    t4 = book["表四"]
    assert {"A1:O1", "A2:E2", "F2:O2", "F3:J3", "K3:O3", "A3:A4", "E3:E4"} <= ranges(t4)
    assert t4["F2"].value == "行政诉讼" and t4["F3"].value == "未经复议直接起诉"
    values = [t4.cell(row=5, column=c).value for c in range(1, 16)]
    assert values == [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]

    t2 = book["表二"]
    # Sheet rows: 2 （一）, 3 header, 4 规章, 5 规范性文件, 6 （五）, 7 header, 8 许可, 9 （六）, 10 header,
    # 11 处罚, 12 强制, 13 （八）, 14 header, 15 收费.
    assert ranges(t2) == {
        "A1:D1", "A2:D2", "A6:D6", "B7:D7", "B8:D8", "A9:D9", "B10:D10", "B11:D11", "B12:D12",
        "A13:D13", "B14:D14", "B15:D15",
    }  # fmt: skip
    assert [t2.cell(row=4, column=c).value for c in range(1, 5)] == ["规章", 2, 1, 9]
    assert t2["B8"].value == 1204 and t2["B12"].value == 3
    assert t2["B15"].value == pytest.approx(12.34)


def test_xlsx_of_bare_figures_leaves_unentered_cells_blank():
    figures = sample_figures()  # entered cells of 表二 still None
    book = openpyxl.load_workbook(io.BytesIO(render.report_xlsx(figures, title="测试市汇总")))
    t2 = book["表二"]
    assert t2["A1"].value == "测试市汇总　二、主动公开政府信息情况"
    assert t2["B8"].value is None and t2["B15"].value is None
    assert t2["B4"].value == 2
    assert openpyxl.load_workbook(io.BytesIO(render.report_xlsx(figures)))["表二"]["A1"].value == (
        "二、主动公开政府信息情况"
    )


# -- JSON -----------------------------------------------------------------------------------------------


def test_json_shape_and_values(report):
    data = render.report_json(report)
    json.dumps(data, ensure_ascii=False)  # plain JSON types only
    assert data["title"] == TITLE and data["year"] == 2025
    assert data["format"] == "国办公开办函〔2021〕30号"
    assert data["body"] == {"name": "测试市教育局", "slug": "edu", "unit_code": report.organization.unit_code}
    assert [s["title"] for s in data["sections"]][:2] == ["一、总体情况", "二、主动公开政府信息情况"]
    assert [s["number"] for s in data["sections"]] == ["1", "2", "3", "4", "5", "6"]
    assert data["sections"][4]["text"] == SECTIONS["section_5"]
    assert data["table2"]["regulation"] == {"made": 2, "abolished": 1, "in_force": 9}
    assert data["table2"]["licensing"] == {"decisions": 1204}
    assert data["table2"]["fees"] == {"income": "12.34"}
    assert data["table3"]["new"] == {
        "person": 20,
        "business": 5,
        "research": 1,
        "public_welfare": 0,
        "legal_service": 2,
        "other_org": 1,
        "total": 29,
    }
    assert data["table3"]["3.4"]["business"] == 2 and data["table3"]["outcome_total"]["total"] == 26
    assert len(data["table3"]) == 25 and list(data["table3"])[-1] == "carried_out"
    assert data["table4"]["review"] == {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3}
    assert data["table4"]["after_review"]["other"] == 1
    assert data["fees_collected"] == "150"
    labels = data["labels"]
    assert labels["table3"]["rows"]["3.1"] == "三、本年度办理结果 （三）不予公开 1.属于国家秘密"
    assert labels["table3"]["rows"]["1"] == "三、本年度办理结果 （一）予以公开"
    assert labels["table3"]["columns"]["research"] == "法人或其他组织 科研机构"
    assert labels["table4"]["rows"]["direct"] == "行政诉讼 未经复议直接起诉"
    assert labels["table2"]["articles"]["fees"] == "第二十条第（八）项"
    assert labels["table2"]["columns"]["income"] == "本年收费金额（单位：万元）"
    # Staff-only facts stay out unless asked for (the command line asks).
    assert "state" not in data and "sources" not in data
    internal = render.report_json(report, internal=True)
    assert internal["state"] == "published" and internal["figures_frozen"] is True
    assert internal["sources"]["fees"] == "市财政局非税收入系统"


def test_a_draft_shows_live_figures(region):
    draft = make_report(region.dept, 2026, state="draft")
    data = render.report_json(draft, internal=True)
    assert data["figures_frozen"] is False
    assert data["table3"]["new"]["total"] == 0  # nothing in the register for 2026
    assert data["table2"]["penalty"] == {"decisions": 56}  # entered on the report
    assert data["fees_collected"] == "0"
    assert data["fees_collected_sentence"] == "本年度未收取信息处理费。"
    assert isinstance(Decimal(data["table2"]["fees"]["income"]), Decimal)
