"""Rich-text sanitizing and attachment intake: type checked by content, size limited, text extracted.

The file handling itself lives in ``gongkai.core.files`` (detection, ZIP limits, bounded reading,
OCR); this module applies the platform's settings to it and speaks Django's ``ValidationError``.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import nh3
from django.core.exceptions import ValidationError

from gongkai.core.conf import conf
from gongkai.core.files import extract, kinds
from gongkai.core.files.extract import Extraction, Limits
from gongkai.core.files.kinds import ACCEPTED_LABEL, CONTENT_TYPES, FileRefused, ZipLimits, download_name
from gongkai.disclosure.models import TextStatus

#: What a document body may hold: its structure (headings, paragraphs, emphasis, lists, tables with
#: merged cells, links), never its looks. Office's pasted HTML — classes, mso-* styles, fonts, spans,
#: ``<o:p>``, comments, its head's style sheet — is reduced to this (the editor cleans a paste the
#: same way first, ``backoffice/static/backoffice/richtext.js``). Headings are h2–h5: the page's own
#: title is the h1, so a pasted h1 becomes h2 and an h6 becomes h5.
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
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "div",
    "hr",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
#: Elements removed with their content (everything else outside the allow-list keeps its text).
_DROPPED_WITH_CONTENT = {"script", "style", "title", "xml", "template", "noscript", "textarea", "select"}
_SPAN = re.compile(r"[1-9][0-9]{0,2}")
_OUTER_HEADING = re.compile(r"<(/?)h([16])(?=[\s/>])", re.I)
#: A link without an address (Word's bookmarks, ``<a name=_Toc…>``) after nh3: only its text stays.
_BARE_LINK = re.compile(r"<a((?:\s(?!href=)[a-z]+=\"[^\"]*\")*)>(.*?)</a>", re.S)
#: Office wraps its HTML source at about 80 columns, also between two Chinese characters, where a
#: line break would show as a space.
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\r?\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])")


def _attribute(tag: str, name: str, value: str) -> str | None:
    """A merged cell's span is a small whole number (Word writes ``colspan=2``); anything else goes."""
    if name in ("colspan", "rowspan"):
        return value if _SPAN.fullmatch(value.strip()) else None
    if name == "scope":
        return value if value in ("row", "col", "rowgroup", "colgroup") else None
    return value


def sanitize_body(raw: str) -> str:
    """Keep the structure of a document body and drop everything that could run or track."""
    raw = _OUTER_HEADING.sub(lambda m: f"<{m[1]}h{'2' if m[2] == '1' else '5'}", raw or "")
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    clean = _BARE_LINK.sub(r"\2", clean)
    return _CJK_BREAK.sub("", clean).strip()


_TAG = re.compile(r"<[^>]+>")
#: Where a line ends in the plain text: after a block, a table cell (cells of a row are not one word
#: for the search) or a line break.
_BLOCK = re.compile(r"</(p|div|li|h\d|tr|td|th|caption|blockquote|pre)>|<br\s*/?>", re.I)


def html_to_text(value: str) -> str:
    text = _BLOCK.sub("\n", value or "")
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


# --- attachments -------------------------------------------------------------------------------

__all__ = [
    "ACCEPTED_LABEL",
    "CONTENT_TYPES",
    "CheckedFile",
    "Extraction",
    "check_upload",
    "detect_kind",
    "download_name",
    "extract_text",
    "html_to_text",
    "sanitize_body",
]


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # pdf, docx, xlsx, doc, xls, ofd, png, jpg
    content_type: str
    size: int
    sha256: str
    text: str
    #: How the text was obtained (``TextStatus``); UNREADABLE is a finding of the secrecy review.
    text_status: str
    #: Why the file, or part of it, could not be read (empty unless UNREADABLE).
    text_problem: str
    #: The uploader's base name with the extension of the detected kind (audit 4.6).
    name: str

    @property
    def stored_name(self) -> str:
        """The storage name: SHA-256 and the detected kind's extension, never the uploader's."""
        return kinds.stored_name(self.sha256, self.kind)

    def read_file_fields(self) -> dict[str, Any]:
        """The fields of a ``ReadFile`` row (an item's attachment, a consultation's file, a
        criterion's 佐证材料) for this file: what every model of checked files stores."""
        return {
            "original_name": self.name,
            "content_type": self.content_type,
            "kind": self.kind,
            "size": self.size,
            "sha256": self.sha256,
            "text": self.text,
            "text_status": self.text_status,
            "text_problem": self.text_problem[:200],
        }


def zip_limits() -> ZipLimits:
    settings = conf()
    return ZipLimits(
        max_total=int(settings.get("ATTACHMENT_UNZIPPED_MAX_BYTES", ZipLimits.max_total)),
        max_ratio=int(settings.get("ATTACHMENT_UNZIP_MAX_RATIO", ZipLimits.max_ratio)),
    )


def read_limits() -> Limits:
    """The limits of one reading from the settings (``ATTACHMENT_READ_SECONDS``, ``…_OCR_SECONDS``;
    memory and kept text have fixed defaults in ``core.files.extract.Limits``)."""
    settings = conf()
    seconds = float(settings.get("ATTACHMENT_READ_SECONDS", Limits.seconds))
    return Limits(
        seconds=seconds,
        # The parsers' own CPU time; most of a long reading is tesseract, in its own processes.
        cpu_seconds=max(5, int(seconds * 0.8)),
        memory=int(settings.get("ATTACHMENT_READ_MEMORY_BYTES", Limits.memory)),
        max_chars=int(settings.get("ATTACHMENT_TEXT_MAX_CHARS", Limits.max_chars)),
        ocr_seconds=min(float(settings.get("ATTACHMENT_OCR_SECONDS", Limits.ocr_seconds)), seconds * 0.8),
    )


def detect_kind(data: bytes) -> str | None:
    """The file's real format from its bytes; the name and the browser's claim are ignored.

    Raises ``FileRefused`` for a container that must not be opened (a ZIP bomb, an encrypted
    Office document).
    """
    return kinds.detect_kind(data, zip_limits())


# The editor checks a file when the form is validated and the service checks it again when it
# stores it: remember the last few readings so that a scan is recognized once, not twice.
_recent: OrderedDict[tuple[object, ...], Extraction] = OrderedDict()
_recent_lock = threading.Lock()
_RECENT = 8


def extract_text(kind: str, data: bytes) -> Extraction:
    """The text of a file of detected ``kind``, read within the configured limits (never raises).

    ``status`` says whether it was read, partly recognized by OCR, or could not be (fully) read,
    with the ``problem``; ``refusal`` is set when a limit of time or memory was hit.
    """
    limits, tools = read_limits(), extract.find_tools()
    key = (kind, hashlib.sha256(data).hexdigest(), limits, tools)
    with _recent_lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
    result = extract.extract_text(kind, data, limits=limits, tools=tools)
    with _recent_lock:
        _recent[key] = result
        while len(_recent) > _RECENT:
            _recent.popitem(last=False)
    return result


def check_upload(data: bytes, filename: str) -> CheckedFile:
    """Accept a file only for what it is: raises ValidationError with a Chinese message otherwise.

    A file whose text cannot be (fully) read is accepted with ``text_status`` UNREADABLE and the
    reason; it is refused when reading it went past the limits of time or memory, or when it is a
    suspected decompression bomb (audit 4.2).
    """
    limit = conf()["ATTACHMENT_MAX_BYTES"]
    if len(data) == 0:
        raise ValidationError(f"附件“{filename}”是空文件。")
    if len(data) > limit:
        raise ValidationError(
            f"附件“{filename}”大小为 {len(data) / 1048576:.1f} MB，超过 {limit / 1048576:.0f} MB 的上限。"
        )
    try:
        kind = detect_kind(data)
    except FileRefused as refused:
        raise ValidationError(f"附件“{filename}”{refused}，已拒收。") from None
    if kind is None:
        raise ValidationError(
            f"附件“{filename}”不是可接受的文件格式（仅接受 {ACCEPTED_LABEL}），请检查文件内容。"
        )
    reading = extract_text(kind, data)
    if reading.refusal:
        raise ValidationError(
            f"附件“{filename}”{reading.refusal}，已拒收。如确为正常文件，请转换为 PDF 或拆分后重新上传。"
        )
    return CheckedFile(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=reading.text,
        text_status=TextStatus(reading.status),
        text_problem=reading.problem if reading.status == TextStatus.UNREADABLE else "",
        name=download_name(filename, kind),
    )
