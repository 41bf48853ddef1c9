"""What a file is, from its bytes; ZIP bombs refused before anything is unpacked (audit 4.2); the
served name follows the detected kind (audit 4.6). ``gongkai.core.files.kinds`` (no Django)."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.core.files.kinds import (
    CONTENT_TYPES,
    FileRefused,
    ZipLimits,
    check_zip,
    detect_kind,
    download_name,
    kind_of_content_type,
    stored_name,
)
from gongkai.core.tests.documents import (
    blank_pdf,
    docx_bytes,
    ocr_notice,
    polyglot_png_html,
    zip_bomb_docx,
)
from gongkai.core.tests.legacy_office import biff8, compound_file, word97


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (blank_pdf(), "pdf"),
        (ocr_notice(), "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpg"),
        (docx_bytes("正文"), "docx"),
        (_zip({"xl/workbook.xml": b"<workbook/>"}), "xlsx"),
        (_zip({"OFD.xml": b"<ofd:OFD/>"}), "ofd"),
        (word97(["正文"]), "doc"),
        (biff8("表", [["a"]]), "xls"),
        (polyglot_png_html(), "png"),
        (b"<html><script>alert(1)</script></html>", None),
        (_zip({"readme.txt": b"zip but no office document"}), None),
    ],
)
def test_kind_from_the_bytes(data, kind):
    assert detect_kind(data) == kind


def test_encrypted_office_document_is_refused_with_the_reason():
    encrypted = compound_file([("EncryptionInfo", b"\0" * 64), ("EncryptedPackage", b"\0" * 64)])
    with pytest.raises(FileRefused, match="加密"):
        detect_kind(encrypted)


def test_zip_bomb_refused_from_the_declared_sizes():
    """300 MB of zeros in 300 KB: refused from the archive's directory, nothing inflated."""
    bomb = zip_bomb_docx(300)
    assert len(bomb) < 400_000
    with pytest.raises(FileRefused, match="解压后超过 200 MB，疑似压缩炸弹"):
        detect_kind(bomb)


def test_zip_bomb_under_the_total_refused_by_its_ratio():
    bomb = zip_bomb_docx(50)  # 50 MB in ~50 KB: a ratio of about 1000
    with pytest.raises(FileRefused, match="压缩比超过 100 倍"):
        detect_kind(bomb)
    # The limits are the caller's: a generous ratio lets the same file through to the total check.
    assert check_zip(bomb, ZipLimits(max_ratio=10_000))


def test_too_many_members_refused_before_the_directory_is_parsed():
    many = _zip({f"word/media/{i}.xml": b"" for i in range(50)})
    with pytest.raises(FileRefused, match="文件过多"):
        check_zip(many, ZipLimits(max_members=20))


def test_damaged_zip_refused():
    data = docx_bytes("正文")
    with pytest.raises(FileRefused, match="ZIP 结构不完整"):
        detect_kind(data[: len(data) // 2])


def test_ordinary_documents_pass_the_zip_limits():
    names = check_zip(docx_bytes("正文" * 10_000, header="页眉"))
    assert "word/document.xml" in names and "word/header1.xml" in names


@pytest.mark.parametrize(
    ("name", "kind", "served"),
    [
        ("evil.html", "png", "evil.png"),
        ("通知.pdf", "pdf", "通知.pdf"),
        ("照片.JPEG", "jpg", "照片.JPEG"),
        ("名单.doc", "docx", "名单.docx"),
        ("没有扩展名", "pdf", "没有扩展名.pdf"),
        ("2026年.工作要点.docx", "docx", "2026年.工作要点.docx"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\a\\报告.exe", "pdf", "报告.pdf"),
        (".pdf", "pdf", "附件.pdf"),
        ("", "xlsx", "附件.xlsx"),
        ("a\x00b<>.pdf", "pdf", "ab.pdf"),
    ],
)
def test_download_name_has_the_detected_extension(name, kind, served):
    assert download_name(name, kind) == served


def test_download_name_is_cut_to_the_field_length():
    assert len(download_name("长" * 300 + ".pdf", "pdf")) == 200


def test_stored_name_and_content_type():
    assert stored_name("ab" * 32, "jpg") == "ab" * 32 + ".jpg"
    assert kind_of_content_type(CONTENT_TYPES["docx"]) == "docx"
    assert kind_of_content_type("text/html") is None
