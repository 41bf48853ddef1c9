"""Redaction proposals for replies (区分处理, 第三十七条): masks proposed by the secrecy scanner, applied
to text and inside Word documents whose runs split the numbers."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.shared import Pt

from gongkai.secrecy.redaction import (
    RedactionError,
    apply,
    docx_text,
    masked,
    propose,
    redact_docx,
    redact_file,
    redact_html,
    residue,
)
from gongkai.secrecy.scanner import Finding, resident_id_check_char, scan

# GB 11643-1999, worked by hand: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 on 34130219900307123:
# 21+36+10+15+0+8+2+9+54+0+0+27+0+35+8+8+6 = 239; 239 mod 11 = 8; "10X98765432"[8] = "4".
ID_A = "341302199003071234"
# 11010519800101501: 7+9+0+5+0+20+2+9+48+0+0+9+0+5+40+0+2 = 156; 156 mod 11 = 2; check character "X".
ID_B = "11010519800101501X"
MOBILE = "13912345678"
LANDLINE = "0557-3021234"
EMAIL = "zhangsan@example.com"


def test_the_hand_worked_check_characters() -> None:
    assert resident_id_check_char(ID_A[:17]) == "4"
    assert resident_id_check_char(ID_B[:17]) == "X"


TEXT = f"申请人张三，身份证号{ID_A}，手机{MOBILE}，电话{LANDLINE}，邮箱{EMAIL}；代理人身份证号{ID_B}。"


def test_propose_finds_personal_data_with_positions() -> None:
    findings = propose(TEXT)
    assert [(f.kind, f.text) for f in findings] == [
        ("id_card", ID_A),
        ("mobile", MOBILE),
        ("landline", LANDLINE),
        ("email", EMAIL),
        ("id_card", ID_B),
    ]
    first = findings[0]
    assert TEXT[first.start : first.end] == ID_A and first.start == TEXT.index(ID_A)


def test_apply_masks_only_the_chosen_findings() -> None:
    findings = propose(TEXT)
    assert apply(TEXT, findings) == (
        "申请人张三，身份证号3413**********1234，手机139****5678，电话0557-***1234，"
        "邮箱z***@example.com；代理人身份证号1101**********501X。"
    )
    # Staff keep the office landline visible: only the other findings are applied.
    chosen = [f for f in findings if f.kind != "landline"]
    assert f"电话{LANDLINE}" in apply(TEXT, chosen)


def test_an_invalid_check_digit_is_not_an_id() -> None:
    wrong = ID_A[:17] + "5"  # the check character must be 4
    assert [f.kind for f in propose(f"编号{wrong}")] == []


def test_masked_form_of_each_kind() -> None:
    assert [masked(f) for f in propose(TEXT)] == [
        "3413**********1234",
        "139****5678",
        "0557-***1234",
        "z***@example.com",
        "1101**********501X",
    ]


def test_findings_must_belong_to_the_text() -> None:
    findings = propose(TEXT)
    with pytest.raises(ValueError, match="不一致"):
        apply("另一段文字" + TEXT, findings)


# --- DOCX ---------------------------------------------------------------------------------------------


def _document() -> bytes:
    """A reply attachment in which Word split the numbers over runs with different formatting."""
    document = docx.Document()
    paragraph = document.add_paragraph("身份证号：")
    paragraph.add_run(ID_A[:10])
    bold = paragraph.add_run(ID_A[10:])
    bold.bold = True
    paragraph.add_run("，电话139")
    paragraph.add_run("1234")
    paragraph.add_run("5678。")
    mail = document.add_paragraph("邮箱：zhang")
    mail.add_run("san@example.com，请回复")
    document.add_paragraph(f"编号9{MOBILE}不是手机号码")  # 12 digits: no finding, and no match inside
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "联系人"
    table.cell(0, 1).text = "张三"
    table.cell(1, 0).text = "电话"
    cell = table.cell(1, 1).paragraphs[0]
    cell.add_run(LANDLINE[:6])
    cell.add_run(LANDLINE[6:])
    header = document.sections[0].header.paragraphs[0]
    header.text = f"代理人：{ID_B}"
    document.core_properties.title = f"张三（{MOBILE}）的申请材料"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_redact_docx_scans_every_paragraph_when_given_nothing() -> None:
    result = _open(redact_docx(_document(), None))
    first = result.paragraphs[0]
    assert first.text == "身份证号：3413**********1234，电话139****5678。"
    # Each run keeps its own characters and formatting: the bold run is still the ID's last 8.
    assert [r.text for r in first.runs] == [
        "身份证号：",
        "3413******",
        "****1234",
        "，电话139",
        "****",
        "5678。",
    ]
    assert first.runs[2].bold
    assert result.paragraphs[1].text == "邮箱：z***@example.com，请回复"
    assert result.paragraphs[2].text == f"编号9{MOBILE}不是手机号码"
    table = result.tables[0]
    assert table.cell(1, 1).text == "0557-***1234"
    assert table.cell(0, 1).text == "张三"  # names are not found by the scanner: staff add them
    assert result.sections[0].header.paragraphs[0].text == "代理人：1101**********501X"
    assert result.core_properties.title == "张三（139****5678）的申请材料"


def test_redact_docx_with_findings_names_and_patterns() -> None:
    data = _document()
    findings = propose(docx_text(data))
    assert {f.text for f in findings} == {ID_A, MOBILE, EMAIL, LANDLINE, ID_B}
    redacted = redact_docx(data, [*findings, "张三", re.compile(r"请回复")])
    result = _open(redacted)
    text = docx_text(redacted)
    assert ID_A not in text and ID_B not in text and EMAIL not in text and LANDLINE not in text
    assert result.paragraphs[0].text == "身份证号：3413**********1234，电话139****5678。"
    assert result.paragraphs[1].text == "邮箱：z***@example.com，***"
    # The 12-digit number contains the mobile's digits but is not the mobile: left alone.
    assert result.paragraphs[2].text == f"编号9{MOBILE}不是手机号码"
    assert result.tables[0].cell(0, 1).text == "**"
    assert result.core_properties.title == "**（139****5678）的申请材料"


def test_redact_docx_keeps_a_paragraphs_tabs_and_spaces() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("手机\t")
    run = paragraph.add_run(f" {MOBILE} ")
    run.font.size = Pt(12)
    out = io.BytesIO()
    document.save(out)
    result = _open(redact_docx(out.getvalue(), None)).paragraphs[0]
    assert result.text == "手机\t 139****5678 "
    assert result.runs[-1].font.size == Pt(12)


def test_docx_text_reads_body_tables_and_headers() -> None:
    lines = docx_text(_document()).split("\n")
    assert lines[0] == f"身份证号：{ID_A}，电话{MOBILE}。"
    assert "联系人" in lines and LANDLINE in lines
    assert f"代理人：{ID_B}" in lines


def test_footnotes_are_redacted_too() -> None:
    """python-docx keeps footnotes as raw bytes; a number in a footnote must not slip through."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_paragraph("正文见脚注")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>联系电话{MOBILE[:5]}</w:t></w:r>'
        f"<w:r><w:t>{MOBILE[5:]}</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    assert f"联系电话{MOBILE}" in docx_text(out.getvalue())
    redacted = redact_docx(out.getvalue(), None)
    assert "联系电话139****5678" in docx_text(redacted)
    assert MOBILE not in docx_text(redacted)


# --- the review's masking: HTML bodies, leftovers in other parts, PDF ---------------------------------


def _finding(text: str) -> Finding:
    [finding] = [f for f in scan(text) if f.kind == "id_card"]
    return finding


def test_redact_html_masks_across_tags_and_keeps_entities() -> None:
    body = f"<p>联系人&amp;代理人：<strong>{ID_A[:6]}</strong>{ID_A[6:]}。</p><p>{ID_A}</p>"
    finding = _finding(ID_A)
    assert redact_html(body, [finding]) == (
        "<p>联系人&amp;代理人：<strong>3413**</strong>********1234。</p><p>3413**********1234</p>"
    )
    assert redact_html("<p>没有号码</p>", [finding]) == "<p>没有号码</p>"


def test_tracked_deletions_are_masked_too() -> None:
    """A deleted revision still holds its text in the file (w:delText): masked like the rest."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    paragraph = document.add_paragraph("身份证号：")
    deleted = docx.oxml.parse_xml(
        f'<w:del xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:delText>{ID_A}</w:delText></w:r></w:del>'
    )
    paragraph._p.append(deleted)
    out = io.BytesIO()
    document.save(out)
    assert residue("docx", out.getvalue(), [ID_A]) == ["word/document.xml"]
    masked_file = redact_file("docx", out.getvalue(), [_finding(ID_A)])
    assert residue("docx", masked_file, [ID_A]) == []


def test_a_file_with_leftovers_is_refused() -> None:
    """Text in a part the masking does not edit (here the custom XML part that Word documents
    carry) makes the masking fail loudly instead of passing the file on."""
    data = docx_with_custom_xml(f'<?xml version="1.0"?><note>{ID_A}</note>')
    with pytest.raises(RedactionError, match=re.escape("customXml/item1.xml")):
        redact_file("docx", data, [_finding(ID_A)])


def docx_with_custom_xml(xml: str) -> bytes:
    """A DOCX whose (referenced, so kept) custom XML part holds ``xml``."""
    import zipfile

    plain = io.BytesIO()
    docx.Document().save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = xml.encode() if info.filename == "customXml/item1.xml" else source.read(info)
            target.writestr(info, content)
    return out.getvalue()


def test_a_pdf_without_the_text_on_its_text_layer_is_refused() -> None:
    from gongkai.secrecy.tests.files import pdf_with

    with pytest.raises(RedactionError, match="文字层中找不到"):
        redact_file("pdf", pdf_with(["Nothing to see"]), [_finding(ID_A)])


def test_an_image_cannot_be_masked() -> None:
    with pytest.raises(RedactionError, match="替换或删除"):
        redact_file("png", b"\x89PNG\r\n\x1a\n", [_finding(ID_A)])


def test_pdf_redaction_paints_only_the_hidden_characters() -> None:
    """The page keeps the ID's first four and last four characters, as the text mask does."""
    from gongkai.secrecy.pdf_redaction import pdf_residue, redact_pdf
    from gongkai.secrecy.tests.files import pdf_with

    data = redact_pdf(pdf_with([f"ID {ID_A} end", "other line"]), [_finding(ID_A)])
    assert pdf_residue(data, [ID_A]) == []
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(data)[0]
    assert page.get_textpage().count_chars() == 0  # the page is an image now
