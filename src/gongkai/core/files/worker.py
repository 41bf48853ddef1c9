"""The text reader, run as its own process (``python -m gongkai.core.files.worker``) by ``extract``.

Parsers of untrusted files live here, never in a web process: the process limits its own address
space and CPU time before it reads anything, and its parent kills it after a wall-clock limit, so
a crafted file costs at most those limits (security audit 4.2). No Django here.

Input on stdin: one JSON line (kind, limits, tool paths), then the file's bytes. Output on
stdout: one JSON object ``{"text", "status", "problem"}``. ``status`` is ``read``, ``ocr`` (part
of the text was recognized from images) or ``unreadable`` (some content could not be read:
``problem`` says which, in Chinese, for the reviewer).

What is read, by kind:

* PDF: each page's text layer (pypdf; pdfium when pypdf cannot open the file). A page with
  little or no text is rendered (pypdfium2) and recognized (tesseract); a blank page is skipped.
* DOCX: the text of the body, tables, headers, footers, notes, comments and tracked deletions,
  streamed from the XML; embedded pictures are recognized.
* XLSX (openpyxl) and XLS (xlrd): every cell of every sheet; XLSX pictures are recognized.
* DOC: ``antiword`` (removed and hidden text included).
* OFD: the ``TextCode`` of every page; pictures are recognized.
* PNG, JPG: recognized.

A picture inside a document that holds no text (a logo, a photograph) is simply skipped; a
stand-alone image or scanned page holding no text is "unreadable": only a person can tell
whether a photograph shows an identity card.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET  # expat: no external entities; entity expansion is capped
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gongkai.core.files import ocr

#: Characters of text layer a PDF page needs to be taken as read without looking at it.
PAGE_TEXT_ENOUGH = 20
#: Render resolution for recognition, and the most pixels one rendered page may have.
OCR_DPI = 300
MAX_PAGE_PIXELS = 40_000_000
#: Pictures inside documents smaller than this are icons and rules, not worth recognizing.
MIN_PICTURE_BYTES = 4096
MAX_PICTURES = 50

_WORD_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")
_NOT_DARK = bytes(range(200, 256))

NO_OCR = "本机未安装文字识别组件（tesseract 及简体中文模型），无法识别图片和扫描件中的文字"
NO_ANTIWORD = "本机未安装文字识别组件（antiword），无法读取 DOC 文档的文字"
ENCRYPTED = "文件已加密，须输入密码才能打开，无法读取文字"
DAMAGED = "文件已损坏，无法读取文字"


def word_chars(text: str) -> int:
    return len(_WORD_CHAR.findall(text))


def _page_list(pages: list[int]) -> str:
    shown = "、".join(str(p) for p in pages[:10])
    return f"第 {shown} 页" + (f"等 {len(pages)} 页" if len(pages) > 10 else "")


@dataclass
class Reading:
    """The text read so far, its limits, and what could not be read."""

    max_chars: int
    ocr_seconds: float
    ocr_page_seconds: float
    tesseract: str | None
    antiword: str | None
    parts: list[str] = field(default_factory=list)
    size: int = 0
    truncated: bool = False
    used_ocr: bool = False
    problems: list[str] = field(default_factory=list)
    ocr_deadline: float = 0.0

    def __post_init__(self) -> None:
        self.ocr_deadline = time.monotonic() + self.ocr_seconds

    @property
    def full(self) -> bool:
        return self.truncated

    def add(self, text: str, *, line: bool = True) -> None:
        """Add text; ``line=False`` continues the text added last (a streamed part)."""
        if not text or self.truncated:
            return
        if line and self.parts:
            text = "\n" + text
        room = self.max_chars - self.size
        if len(text) > room:
            text, self.truncated = text[:room], True
        self.parts.append(text)
        self.size += len(text)

    def text(self) -> str:
        return "".join(self.parts)

    def recognize(self, image: bytes, dpi: int | None = None) -> ocr.OcrText | None:
        """Recognize one image within the reading's OCR time. None: out of time."""
        remaining = self.ocr_deadline - time.monotonic()
        if remaining <= 1:
            return None
        return ocr.recognize(
            image, tesseract=self.tesseract, timeout=min(self.ocr_page_seconds, remaining), dpi=dpi
        )

    def result(self) -> dict[str, Any]:
        problems = list(self.problems)
        if self.truncated:
            limit = f"{self.max_chars // 10000} 万字"
            problems.append(f"文字超过 {limit}，只读取了前 {limit}")
        status = "unreadable" if problems else "ocr" if self.used_ocr else "read"
        return {"text": self.text(), "status": status, "problem": "；".join(problems)[:200]}


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
        reading.problems.append(f"{NO_OCR}（扫描页：{_page_list(unread)}）")
        return
    if unread:
        scanned_only = not any(word_chars(p) for p in reading.parts)
        reading.problems.append(
            "扫描件未能识别出文字" if scanned_only else f"{_page_list(unread)}（扫描页或图片）未能识别出文字"
        )
    if not_reached:
        reading.problems.append(f"扫描页较多，限时内未能识别{_page_list(not_reached)}")


# --- images -------------------------------------------------------------------------------------


def read_image(data: bytes, reading: Reading) -> None:
    if reading.tesseract is None:
        reading.problems.append(NO_OCR)
        return
    try:
        recognized = reading.recognize(data)
    except ocr.OcrFailed:
        reading.problems.append("图片已损坏或无法识别")
        return
    if recognized is None:
        reading.problems.append("图片识别超时")
    elif not recognized.meaningful:
        reading.problems.append("图片中未能识别出文字")
    else:
        reading.used_ocr = True
        reading.add(recognized.text)


def _pictures(archive: zipfile.ZipFile, names: Iterable[str]) -> Iterator[bytes]:
    for name in names:
        info = archive.getinfo(name)
        if info.file_size < MIN_PICTURE_BYTES:
            continue
        with archive.open(info) as handle:
            head = handle.read(8)
            if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
                yield head + handle.read()


def read_pictures(archive: zipfile.ZipFile, names: Iterable[str], reading: Reading) -> None:
    """Recognize the pictures of a document; those without text are skipped (see module doc)."""
    pictures = 0
    recognized_any = False
    not_reached = 0
    for picture in _pictures(archive, names):
        if reading.full:
            break
        pictures += 1
        if reading.tesseract is None:
            continue
        if pictures > MAX_PICTURES:
            not_reached += 1
            continue
        try:
            recognized = reading.recognize(picture)
        except ocr.OcrFailed:
            continue
        if recognized is None:
            not_reached += 1
        elif recognized.meaningful:
            recognized_any = True
            reading.used_ocr = True
            reading.add(recognized.text)
    if pictures and reading.tesseract is None:
        reading.problems.append(f"文档含图片 {pictures} 张，{NO_OCR}")
    elif not_reached:
        reading.problems.append(f"文档含图片 {pictures} 张，限时内有 {not_reached} 张未能识别")
    elif pictures and not recognized_any and not word_chars(reading.text()):
        reading.problems.append("文档中没有文字，其中的图片未能识别出文字")


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


# --- the process --------------------------------------------------------------------------------

READERS = {
    "pdf": read_pdf,
    "docx": read_docx,
    "xlsx": read_xlsx,
    "ofd": read_ofd,
    "xls": read_xls,
    "png": read_image,
    "jpg": read_image,
}


def read(kind: str, data: bytes, header: dict[str, Any]) -> dict[str, Any]:
    reading = Reading(
        max_chars=int(header["max_chars"]),
        ocr_seconds=float(header["ocr_seconds"]),
        ocr_page_seconds=float(header["ocr_page_seconds"]),
        tesseract=header.get("tesseract"),
        antiword=header.get("antiword"),
    )
    try:
        if kind == "doc":
            read_doc(data, reading, timeout=float(header["seconds"]))
        else:
            READERS[kind](data, reading)
    except MemoryError:
        raise
    except (zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, EOFError, OSError):
        reading.problems.append(DAMAGED)
    except Exception:  # any parser's own error on a damaged file
        reading.problems.append(DAMAGED)
    return reading.result()


def _limit(memory: int, cpu: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # The soft limit sends SIGXCPU (the parent reports "time"); the hard one a second later kills.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> int:
    header = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    # The result goes to the original stdout; whatever a parser prints goes to stderr.
    result_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _limit(int(header["memory"]), int(header["cpu"]))
    try:
        result = read(str(header["kind"]), data, header)
    except MemoryError:
        del data
        result = {"over_limit": "memory"}
    with result_out:
        result_out.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
