"""Reading the text of attachments (``gongkai.core.files.extract``): every format read, scanned
pages and pictures recognized (Debian's tesseract with chi_sim), and a file that cannot be read is
"unreadable" with the reason — never an empty text that looks like "no findings" (issue 8, §3).
Limits of time and memory end the reading process and say why (audit 4.2)."""

from __future__ import annotations

import io

import pytest

from gongkai.core.files.extract import OCR, READ, UNREADABLE, Limits, Tools, extract_text, find_tools
from gongkai.core.samplefiles import make_docx, make_pdf, make_xlsx
from gongkai.core.tests.documents import (
    NOTICE_ID,
    blank_pdf,
    docx_bytes,
    need_tools,
    ocr_notice,
    picture_without_text,
    scanned_pdf,
)
from gongkai.core.tests.legacy_office import biff8, word97

NO_TOOLS = Tools(tesseract=None, antiword=None)


@pytest.fixture
def ocr_tools() -> Tools:
    need_tools("tesseract")
    tools = find_tools()
    if tools.tesseract is None:
        need_tools("tesseract-with-chi_sim")  # tesseract without its Chinese model
    return tools


# --- documents with text ------------------------------------------------------------------------


def test_pdf_text_layer_is_read():
    data = make_pdf(["关于公布名单的公告", f"公民身份号码 {NOTICE_ID}"])
    result = extract_text("pdf", data, tools=NO_TOOLS)
    assert result.status == READ and result.problem == ""
    assert "关于公布名单的公告" in result.text and NOTICE_ID in result.text


def test_docx_text_outside_the_body_is_read():
    """Headers, footnotes and tracked deletions are in the file, so the secrecy scan must see them."""
    data = docx_bytes("正文内容", header="页眉 13800138000", footnote="脚注 张三", deleted=NOTICE_ID)
    result = extract_text("docx", data, tools=NO_TOOLS)
    assert result.status == READ
    for text in ("正文内容", "页眉 13800138000", "脚注 张三", NOTICE_ID):
        assert text in result.text


def test_xlsx_cells_are_read():
    data = make_xlsx("名单", ["姓名", "公民身份号码", "人数"], [["张三", NOTICE_ID, 12]])
    result = extract_text("xlsx", data, tools=NO_TOOLS)
    assert result.status == READ
    assert "张三" in result.text and NOTICE_ID in result.text and "12" in result.text


def test_xls_cells_are_read_with_xlrd():
    data = biff8("名单", [["姓名", "公民身份号码", "金额"], ["张三", NOTICE_ID, 12.5], ["李四", "无", 3]])
    result = extract_text("xls", data, tools=NO_TOOLS)
    assert result.status == READ, result.problem
    assert "名单" in result.text and f"张三\t{NOTICE_ID}\t12.5" in result.text
    assert "李四\t无\t3" in result.text


def test_doc_text_is_read_with_antiword():
    need_tools("antiword")
    data = word97(["关于公布拟录用人员名单的公告", f"张三，公民身份号码 {NOTICE_ID}"])
    result = extract_text("doc", data)
    assert result.status == READ, result.problem
    assert "关于公布拟录用人员名单的公告" in result.text and NOTICE_ID in result.text


def test_encrypted_doc_is_unreadable():
    need_tools("antiword")
    result = extract_text("doc", word97(["保密内容"], encrypted=True))
    assert result.status == UNREADABLE and result.problem.startswith("文件已加密")


def test_doc_without_antiword_is_unreadable_with_the_reason():
    result = extract_text("doc", word97(["正文"]), tools=NO_TOOLS)
    assert result.status == UNREADABLE and result.text == ""
    assert result.problem.startswith("本机未安装文字识别组件")
    assert "antiword" in result.problem


def test_ofd_text_codes_are_read():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        archive.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            "<ofd:Page xmlns:ofd='http://www.ofdspec.org/2016'><ofd:Content><ofd:Layer>"
            "<ofd:TextObject><ofd:TextCode X='0' Y='0'>公民身份号码</ofd:TextCode></ofd:TextObject>"
            f"<ofd:TextObject><ofd:TextCode X='0' Y='0'>{NOTICE_ID}</ofd:TextCode></ofd:TextObject>"
            "</ofd:Layer></ofd:Content></ofd:Page>",
        )
    result = extract_text("ofd", out.getvalue(), tools=NO_TOOLS)
    assert result.status == READ and f"公民身份号码{NOTICE_ID}" in result.text


# --- scans and pictures -------------------------------------------------------------------------


def test_scanned_pdf_pages_are_recognized(ocr_tools):
    result = extract_text("pdf", scanned_pdf(ocr_notice(), pages=2), tools=ocr_tools)
    assert result.status == OCR, result.problem
    # Chinese characters joined (tesseract spaces them), the ID number whole, both pages.
    assert "拟录用人员名单的公告" in result.text
    assert result.text.count(NOTICE_ID) == 2


def test_image_is_recognized(ocr_tools):
    result = extract_text("png", ocr_notice(), tools=ocr_tools)
    assert result.status == OCR and NOTICE_ID in result.text and "0557-3021234" in result.text


def test_picture_in_a_docx_is_recognized(ocr_tools):
    import docx

    document = docx.Document()
    document.add_paragraph("附件：名单见下图")
    document.add_picture(io.BytesIO(ocr_notice()))
    out = io.BytesIO()
    document.save(out)
    result = extract_text("docx", out.getvalue(), tools=ocr_tools)
    assert result.status == OCR and "附件：名单见下图" in result.text and NOTICE_ID in result.text


def test_picture_without_text_is_unreadable(ocr_tools):
    """Only a person can tell whether a photograph shows an identity card."""
    result = extract_text("png", picture_without_text(), tools=ocr_tools)
    assert result.status == UNREADABLE and result.problem == "图片中未能识别出文字"


def test_scan_of_nothing_readable_is_unreadable(ocr_tools):
    result = extract_text("pdf", scanned_pdf(picture_without_text()), tools=ocr_tools)
    assert result.status == UNREADABLE and result.problem == "扫描件未能识别出文字"


def test_without_tesseract_scans_and_pictures_are_unreadable_never_empty():
    for kind, data in (("pdf", scanned_pdf(ocr_notice())), ("png", ocr_notice())):
        result = extract_text(kind, data, tools=NO_TOOLS)
        assert result.status == UNREADABLE, kind
        assert result.problem.startswith("本机未安装文字识别组件（tesseract"), kind


def test_blank_pdf_is_read_as_empty():
    """A page with nothing on it is not a scan: nothing to recognize, nothing unread."""
    result = extract_text("pdf", blank_pdf(), tools=NO_TOOLS)
    assert result.status == READ and result.text == ""


# --- damaged, encrypted, limits -----------------------------------------------------------------


def test_encrypted_pdf_is_unreadable():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["保密内容"]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    result = extract_text("pdf", out.getvalue(), tools=NO_TOOLS)
    assert result.status == UNREADABLE and result.problem.startswith("文件已加密")


def test_pdf_restricted_only_by_an_owner_password_is_read():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["限制编辑的公告"]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    result = extract_text("pdf", out.getvalue(), tools=NO_TOOLS)
    assert result.status == READ and "限制编辑的公告" in result.text


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "xls"])
def test_damaged_files_are_unreadable(kind):
    data = {
        "pdf": b"%PDF-1.7\n garbage",
        "docx": make_docx("标题", ["正文"])[:800],
        "xlsx": b"PK\x03\x04 garbage",
        "xls": biff8("表", [["a"]])[:1100],
    }[kind]
    result = extract_text(kind, data, tools=NO_TOOLS)
    assert result.status == UNREADABLE and result.problem == "文件已损坏，无法读取文字"


def test_text_beyond_the_cap_is_not_kept_and_the_file_is_marked():
    data = make_docx("标题", ["公开内容" * 100] * 50)
    result = extract_text("docx", data, limits=Limits(max_chars=1000), tools=NO_TOOLS)
    assert len(result.text) == 1000
    assert result.status == UNREADABLE and "只读取了前" in result.problem


def test_wall_time_limit_ends_the_reading_and_asks_for_refusal():
    result = extract_text("pdf", make_pdf(["公告"]), limits=Limits(seconds=0.05), tools=NO_TOOLS)
    assert result.status == UNREADABLE and result.text == ""
    assert result.refusal.startswith("在 0 秒内未能读完")


def test_memory_limit_ends_the_reading_and_asks_for_refusal():
    result = extract_text("pdf", make_pdf(["公告"]), limits=Limits(memory=40 * 1024 * 1024), tools=NO_TOOLS)
    assert result.status == UNREADABLE
    assert result.refusal.startswith("读取所需内存超过 40 MB")


def test_reader_gets_no_secrets_from_the_environment(monkeypatch):
    """The reader parses files from outside: it never sees the database address or secret key."""
    from gongkai.core.files.extract import _child_env

    monkeypatch.setenv("DATABASE_URL", "postgres://gongkai:password@db/gongkai")
    monkeypatch.setenv("GONGKAI_SECRET_KEY", "not-for-parsers")
    env = _child_env()
    assert "DATABASE_URL" not in env and "GONGKAI_SECRET_KEY" not in env
    assert env["OMP_THREAD_LIMIT"] == "1" and env["PYTHONPATH"]


def test_native_abort_under_the_memory_limit_is_the_memory_limit(monkeypatch):
    """Past the address-space limit, native code (pdfium's allocator) aborts instead of raising
    MemoryError: seen on a loaded machine as SIGABRT with nothing on stderr."""
    import signal

    from gongkai.core.files import extract as module

    class Aborted:
        returncode = -signal.SIGABRT

        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def communicate(self, *args, **kwargs):
            return b"", b""

    monkeypatch.setattr(module.subprocess, "Popen", Aborted)
    monkeypatch.setattr(module, "_kill_group", lambda child: None)
    result = extract_text("pdf", make_pdf(["公告"]), limits=Limits(memory=40 * 1024 * 1024), tools=NO_TOOLS)
    assert result.status == UNREADABLE
    assert result.refusal.startswith("读取所需内存超过 40 MB")
