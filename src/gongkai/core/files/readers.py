"""The readers of each format, run in the reading process (``worker``), never in a web process.

* PDF: each page's text layer (pypdf; pdfium when pypdf cannot open the file). A page with no
  text, or little text and a picture, is rendered (pypdfium2) and recognized (tesseract); a blank
  page is skipped.
* DOCX: the text of the body, tables, headers, footers, notes, comments and tracked deletions,
  streamed from the XML; embedded pictures are recognized.
* XLSX (openpyxl) and XLS (xlrd): every cell of every sheet; XLSX pictures are recognized.
* DOC: ``antiword`` (removed and hidden text included).
* OFD: the ``TextCode`` of every page; pictures are recognized.
* PNG, JPG: recognized (``reading.read_image``).

No Django here.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET  # expat: no external entities; entity expansion is capped
import zipfile
from collections.abc import Iterator
from typing import Any

from gongkai.core.files import ocr
from gongkai.core.files.reading import (
    DAMAGED,
    ENCRYPTED,
    NO_ANTIWORD,
    NO_OCR,
    Reading,
    page_list,
    read_pictures,
    word_chars,
)

#: Characters of text layer a PDF page needs to be taken as read without looking at it.
PAGE_TEXT_ENOUGH = 20
#: Render resolution for recognition, and the most pixels one rendered page may have.
OCR_DPI = 300
MAX_PAGE_PIXELS = 40_000_000
_NOT_DARK = bytes(range(200, 256))


# --- PDF ----------------------------------------------------------------------------------------


def _pypdf_pages(data: bytes) -> list[str] | None:
    """Each page's text layer by pypdf; None when pypdf cannot open the file (or decrypt it)."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        pages = []
        for page in reader.pages:
            try:
                pages.append(page.extract_text() or "")
            except Exception:  # a damaged page: look at it instead
                pages.append("")
        return pages
    except MemoryError:
        raise
    except Exception:
        return None


def _render_page(page: Any) -> tuple[bytes, int] | None:
    """The page as a PGM image (grey, 8 bit) and its resolution; None when it is blank."""
    width, height = page.get_size()
    dpi = OCR_DPI
    pixels = (width * dpi / 72) * (height * dpi / 72)
    if pixels > MAX_PAGE_PIXELS:
        dpi = int(dpi * (MAX_PAGE_PIXELS / pixels) ** 0.5)
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    rows = buffer if stride == w else b"".join(buffer[y * stride : y * stride + w] for y in range(h))
    dark = len(rows.translate(None, _NOT_DARK))
    if dark < max(50, w * h // 2000):
        return None
    return f"P5\n{w} {h}\n255\n".encode() + rows, dpi


def _has_images(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def read_pdf(data: bytes, reading: Reading) -> None:
    import pypdfium2 as pdfium

    texts = _pypdf_pages(data)
    try:
        document = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as error:
        if texts is None:
            reading.problems.append(ENCRYPTED if "password" in str(error).lower() else DAMAGED)
        else:
            for text in texts:
                reading.add(text)
            if any(word_chars(t) < PAGE_TEXT_ENOUGH for t in texts):
                reading.problems.append("部分页面无法显示，未能检查其中的文字")
        return
    try:
        _read_pdf_pages(document, texts, reading)
    finally:
        document.close()


def _read_pdf_pages(document: Any, texts: list[str] | None, reading: Reading) -> None:
    unread: list[int] = []
    not_reached: list[int] = []
    needed_ocr = 0
    for index in range(len(document)):
        if reading.full:
            break
        page = document[index]
        if texts is not None and index < len(texts):
            text = texts[index]
        else:
            text = page.get_textpage().get_text_range()
        if word_chars(text) >= PAGE_TEXT_ENOUGH or (word_chars(text) and not _has_images(page)):
            reading.add(text)  # a page of text (a short one holding no picture is not a scan)
            continue
        # No text layer, or little text and a picture: a scan, or text drawn as outlines. Look at it.
        rendered = _render_page(page)
        if rendered is None:  # blank, or nothing but the short text already read
            reading.add(text)
            continue
        needed_ocr += 1
        if reading.tesseract is None:
            reading.add(text)
            unread.append(index + 1)
            continue
        try:
            recognized = reading.recognize(rendered[0], dpi=rendered[1])
        except ocr.OcrTimeout:
            recognized = None  # out of time: "not reached", not "no text"
        except ocr.OcrFailed:
            recognized = ocr.OcrText("", meaningful=False)
        if recognized is None:
            reading.add(text)
            not_reached.append(index + 1)
            continue
        if recognized.meaningful:
            reading.used_ocr = True
            reading.add(recognized.text)
        else:
            reading.add(text)
            unread.append(index + 1)
    if reading.tesseract is None and needed_ocr:
        reading.problems.append(f"{NO_OCR}（扫描页：{page_list(unread)}）")
        return
    if unread:
        scanned_only = not any(word_chars(p) for p in reading.parts)
        reading.problems.append(
            "扫描件未能识别出文字" if scanned_only else f"{page_list(unread)}（扫描页或图片）未能识别出文字"
        )
    if not_reached:
        reading.problems.append(f"{reading.over_time}，{page_list(not_reached)}未识别")


# --- Office Open XML, OFD -----------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _wordml_text(handle: Any) -> Iterator[str]:
    """Text of one WordprocessingML part, streamed (the tree is cleared as it is read)."""
    for _event, element in ET.iterparse(handle, events=("end",)):  # noqa: S314 - see import
        tag = _local(element.tag)
        if tag in ("t", "delText") and element.text:
            yield element.text
        elif tag == "tab":
            yield "\t"
        elif tag in ("br", "cr"):
            yield "\n"
        elif tag == "tc":
            yield "\t"
        if tag in ("p", "tr"):
            yield "\n"
            element.clear()


_WORD_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def read_docx(data: bytes, reading: Reading) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = sorted((n for n in names if _WORD_PARTS.match(n)), key=lambda n: n != "word/document.xml")
        for name in parts:
            chunk: list[str] = []
            first = True
            with archive.open(name) as handle:
                for piece in _wordml_text(handle):
                    chunk.append(piece)
                    if len(chunk) >= 4096:
                        reading.add("".join(chunk), line=first)
                        chunk, first = [], False
                        if reading.full:
                            return
            reading.add("".join(chunk), line=first)
        read_pictures(archive, [n for n in names if n.startswith("word/media/")], reading)


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def read_xlsx(data: bytes, reading: Reading) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            reading.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell(v) for v in row if v is not None and v != ""]
                if cells:
                    reading.add("\t".join(cells))
                if reading.full:
                    return
    finally:
        workbook.close()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        read_pictures(archive, [n for n in archive.namelist() if n.startswith("xl/media/")], reading)


def read_ofd(data: bytes, reading: Reading) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        for name in names:
            if not name.lower().endswith(".xml"):
                continue
            first = True
            with archive.open(name) as handle:
                for _event, element in ET.iterparse(handle, events=("end",)):  # noqa: S314 - see import
                    if _local(element.tag) == "TextCode" and element.text:
                        reading.add(element.text, line=first)
                        first = False
                    element.clear()
                    if reading.full:
                        return
            if reading.full:
                return
        read_pictures(archive, [n for n in names if not n.lower().endswith(".xml")], reading)
    if not reading.problems and not word_chars(reading.text()):
        reading.problems.append("文件中没有可读取的文字")


# --- legacy Office ------------------------------------------------------------------------------


def read_doc(data: bytes, reading: Reading, timeout: float) -> None:
    if reading.antiword is None:
        reading.problems.append(NO_ANTIWORD)
        return
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                [reading.antiword, "-m", "UTF-8.txt", "-w", "0", "-r", "-s", handle.name],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            reading.problems.append("读取 DOC 文档超时")
            return
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").lower()
        reading.problems.append(ENCRYPTED if "encrypt" in message else DAMAGED)
        return
    text = done.stdout.decode("utf-8", "replace")
    reading.add(text)
    if not word_chars(text):
        reading.problems.append("文档中没有可读取的文字（可能只有图片）")


def read_xls(data: bytes, reading: Reading) -> None:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as error:
        reading.problems.append(ENCRYPTED if "encrypt" in str(error).lower() else DAMAGED)
        return
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            reading.add(sheet.name)
            for r in range(sheet.nrows):
                cells = []
                for cell in sheet.row(r):
                    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        continue
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode).isoformat())
                            continue
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            pass
                    cells.append(_cell(cell.value))
                if cells:
                    reading.add("\t".join(cells))
                if reading.full:
                    return
            book.unload_sheet(index)
    finally:
        book.release_resources()
