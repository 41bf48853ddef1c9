"""Rich-text sanitizing and attachment intake: type checked by content, size limited, text extracted."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError

from gongkai.core.conf import conf

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "h5",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "span",
    "div",
    "hr",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def sanitize_body(raw: str) -> str:
    """Keep the structure of a document body and drop everything that could run or track."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</(p|div|li|h\d|tr|blockquote)>|<br\s*/?>", re.I)


def html_to_text(value: str) -> str:
    text = _BLOCK.sub("\n", value or "")
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


# --- attachments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # pdf, docx, xlsx, doc, xls, ofd, png, jpg
    content_type: str
    size: int
    sha256: str
    text: str


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ofd": "application/ofd",
    "png": "image/png",
    "jpg": "image/jpeg",
}
ACCEPTED_LABEL = "PDF、DOC/DOCX、XLS/XLSX、OFD、PNG、JPG"


def detect_kind(data: bytes) -> str | None:
    """The file's real format from its bytes; the name and the browser's claim are ignored."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2 compound file: legacy Word or Excel. Tell them apart by their stream names.
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:
            return "doc"
        if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data or b"B\x00o\x00o\x00k" in data:
            return "xls"
        return None
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
    return None


def extract_text(kind: str, data: bytes) -> str:
    """Text of a document for search and the secrecy scan. Unreadable files give empty text."""
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n".join((page.extract_text() or "") for page in reader.pages)
        if kind == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append("\t".join(cell.text for cell in row.cells))
            return "\n".join(parts)
        if kind == "xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            lines = []
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    cells = [str(v) for v in row if v is not None]
                    if cells:
                        lines.append("\t".join(cells))
            return "\n".join(lines)
        if kind == "ofd":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                texts = []
                for name in zf.namelist():
                    if name.endswith("Content.xml"):
                        texts.extend(
                            re.findall(
                                r"<ofd:TextCode[^>]*>([^<]*)</ofd:TextCode>",
                                zf.read(name).decode("utf-8", "ignore"),
                            )
                        )
                return "".join(texts)
    except Exception:
        return ""
    return ""


def check_upload(data: bytes, filename: str) -> CheckedFile:
    """Accept a file only for what it is: raises ValidationError with a Chinese message otherwise."""
    limit = conf()["ATTACHMENT_MAX_BYTES"]
    if len(data) == 0:
        raise ValidationError(f"附件“{filename}”是空文件。")
    if len(data) > limit:
        raise ValidationError(
            f"附件“{filename}”大小为 {len(data) / 1048576:.1f} MB，超过 {limit / 1048576:.0f} MB 的上限。"
        )
    kind = detect_kind(data)
    if kind is None:
        raise ValidationError(
            f"附件“{filename}”不是可接受的文件格式（仅接受 {ACCEPTED_LABEL}），请检查文件内容。"
        )
    return CheckedFile(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=extract_text(kind, data),
    )
