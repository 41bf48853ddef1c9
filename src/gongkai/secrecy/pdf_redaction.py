"""Real redaction of PDF files: the text is removed from the file, not covered by a drawn box.

A black rectangle drawn over a PDF's text leaves the text in the file: it can be selected, copied,
searched and extracted. Here each page that shows a finding is rendered to an image (PDFium, through
pypdfium2), the finding's character boxes are painted black in that image, and the page is replaced
by a page holding only the image. Every other page is copied unchanged (pypdf), and objects reachable
only from a replaced page are not written, so the text is gone from the new file's bytes. The
replaced page loses its text layer (it can still be read by OCR, without the painted characters).

For an ID number the painted characters are those the scanner's mask hides (``3401**********1234``
shows the first four and last four), so the page says what the masked text says.

No Django.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from typing import Any

from gongkai.secrecy.scanner import Finding
from gongkai.secrecy.textmask import RedactionError, mask_text, masked

__all__ = ["pdf_residue", "redact_pdf"]

#: Rendering resolution of a replaced page (2 = 144 dpi), lowered for very large pages.
RENDER_SCALE = 2.0
MAX_PIXELS = 12_000_000
#: Padding around each painted character, in points, so no antialiased edge survives.
PAD = 1.0
_GAP = r"[\s\u00a0\u3000]*"


def _open(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RedactionError("无法打开该PDF文件（可能已加密或已损坏），不能自动遮盖，请替换文件。") from exc


def _page_chars(textpage: Any) -> str:
    """The page's characters, one per PDFium character index (so a match's offsets are indices)."""
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))


def _char_regex(text: str) -> re.Pattern[str]:
    """The finding's characters, one group each, with any whitespace between them (PDF text often
    carries spaces and line breaks the extraction did not)."""
    chars = [c for c in text if not c.isspace()]
    body = _GAP.join(f"({re.escape(c)})" for c in chars)
    before = r"(?<![0-9A-Za-z])" if chars and chars[0].isascii() and chars[0].isalnum() else ""
    after = r"(?![0-9A-Za-z])" if chars and chars[-1].isascii() and chars[-1].isalnum() else ""
    return re.compile(before + body + after, re.IGNORECASE)


def _hidden_groups(finding: Finding) -> list[int]:
    """The regex groups (1-based, one per non-space character) whose characters the mask hides."""
    mask = masked(finding)
    text = finding.text
    visible = [i for i, c in enumerate(text) if not c.isspace()]
    if len(mask) == len(text):
        hidden = {i for i, (a, b) in enumerate(zip(text, mask, strict=True)) if a != b}
    else:
        hidden = set(visible)
    groups = [n for n, i in enumerate(visible, start=1) if i in hidden]
    return groups or list(range(1, len(visible) + 1))


def _boxes(page: Any, findings: Sequence[Finding]) -> list[tuple[float, float, float, float]]:
    textpage = page.get_textpage()
    try:
        chars = _page_chars(textpage)
        boxes = []
        for finding in findings:
            regex, groups = _char_regex(finding.text), _hidden_groups(finding)
            for match in regex.finditer(chars):
                for group in groups:
                    boxes.append(textpage.get_charbox(match.start(group), loose=True))
        return boxes
    finally:
        textpage.close()


def _image_page(page: Any, boxes: Sequence[tuple[float, float, float, float]]) -> bytes:
    """A one-page PDF holding the page as an image with ``boxes`` (page coordinates) painted black."""
    import pypdfium2 as pdfium

    width, height = page.get_size()
    scale = min(RENDER_SCALE, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    bitmap = page.render(scale=scale, may_draw_forms=False)
    try:
        convert = bitmap.get_posconv(page)
        for left, bottom, right, top in boxes:
            x0, y0 = convert.to_bitmap(left - PAD, top + PAD)
            x1, y1 = convert.to_bitmap(right + PAD, bottom - PAD)
            x_from, x_to = max(0, min(x0, x1)), min(bitmap.width, max(x0, x1) + 1)
            y_from, y_to = max(0, min(y0, y1)), min(bitmap.height, max(y0, y1) + 1)
            if x_to > x_from and y_to > y_from:
                bitmap.fill_rect((0, 0, 0, 255), x_from, y_from, x_to - x_from, y_to - y_from)
        new = pdfium.PdfDocument.new()
        page_width, page_height = bitmap.width / scale, bitmap.height / scale
        new_page = new.new_page(page_width, page_height)
        image = pdfium.PdfImage.new(new)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(page_width, page_height))
        new_page.insert_obj(image)
        new_page.gen_content()
        out = io.BytesIO()
        new.save(out)
        new.close()
        return out.getvalue()
    finally:
        bitmap.close()


def redact_pdf(data: bytes, findings: Sequence[Finding]) -> bytes:
    """Remove the findings' text from a PDF (see the module docstring) and return the new file.

    Raises :class:`RedactionError` if the file cannot be opened or the text is on no page's text
    layer (a scanned page: the file must be replaced).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    findings = [f for f in findings if f.text.strip()]
    document = _open(data)
    replaced: dict[int, bytes] = {}
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                boxes = _boxes(page, findings)
                if boxes:
                    replaced[index] = _image_page(page, boxes)
            finally:
                page.close()
    finally:
        document.close()
    if not replaced:
        raise RedactionError("在PDF的文字层中找不到该内容（可能是扫描图像），不能自动遮盖，请替换文件。")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter()
        for index, page in enumerate(reader.pages):
            if index in replaced:
                writer.add_page(PdfReader(io.BytesIO(replaced[index])).pages[0])
            else:
                writer.add_page(page)
        metadata: dict[str, Any] = dict(reader.metadata or {})
        writer.add_metadata(
            {key: mask_text(value, findings) for key, value in metadata.items() if isinstance(value, str)}
        )
        out = io.BytesIO()
        writer.write(out)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise RedactionError("该PDF文件的结构无法处理，不能自动遮盖，请替换文件。") from exc
    return out.getvalue()


def pdf_residue(data: bytes, texts: Sequence[str]) -> list[str]:
    """Where in a PDF any of ``texts`` can still be read: "文件字节", "第N页" (PDFium's text or
    pypdf's extraction), "文档属性"."""
    from pypdf import PdfReader

    found: list[str] = []
    if any(t.isascii() and t.encode() in data for t in texts):
        found.append("文件字节")
    regexes = [_char_regex(t) for t in texts]
    document = _open(data)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            chars = _page_chars(textpage)
            textpage.close()
            page.close()
            if any(r.search(chars) for r in regexes):
                found.append(f"第{index + 1}页")
    finally:
        document.close()
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    for index, page in enumerate(reader.pages):
        text = page.extract_text() or ""
        if any(r.search(text) for r in regexes) and f"第{index + 1}页" not in found:
            found.append(f"第{index + 1}页")
    metadata: dict[str, Any] = dict(reader.metadata or {})
    if any(any(r.search(str(v)) for r in regexes) for v in metadata.values()):
        found.append("文档属性")
    return found
