"""The text read from one file, its limits, what could not be read; and the recognition of
pictures (a stand-alone image, or the pictures inside a document). Used by ``readers`` in the
reading process (``worker``). No Django here.

A picture inside a document that holds no text (a logo, a photograph) is simply skipped; a
stand-alone image or scanned page holding no text is "unreadable": only a person can tell
whether a photograph shows an identity card.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gongkai.core.files import ocr

#: Pictures inside documents smaller than this are icons and rules, not worth recognizing.
MIN_PICTURE_BYTES = 4096
MAX_PICTURES = 50

_WORD_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")

NO_OCR = "本机未安装文字识别组件（tesseract 及简体中文模型），无法识别图片和扫描件中的文字"
NO_ANTIWORD = "本机未安装文字识别组件（antiword），无法读取 DOC 文档的文字"
ENCRYPTED = "文件已加密，须输入密码才能打开，无法读取文字"
DAMAGED = "文件已损坏，无法读取文字"


def word_chars(text: str) -> int:
    return len(_WORD_CHAR.findall(text))


def page_list(pages: list[int]) -> str:
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
    def over_time(self) -> str:
        return f"文字识别超过 {self.ocr_seconds:.0f} 秒的限时"

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


# --- pictures -------------------------------------------------------------------------------------


def read_image(data: bytes, reading: Reading) -> None:
    if reading.tesseract is None:
        reading.problems.append(NO_OCR)
        return
    try:
        recognized = reading.recognize(data)
    except ocr.OcrTimeout:
        recognized = None
    except ocr.OcrFailed:
        reading.problems.append("图片已损坏或无法识别")
        return
    if recognized is None:
        reading.problems.append(f"{reading.over_time}，图片未识别")
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
        except ocr.OcrTimeout:
            recognized = None
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
        reading.problems.append(f"文档含图片 {pictures} 张，{reading.over_time}，有 {not_reached} 张未识别")
    elif pictures and not recognized_any and not word_chars(reading.text()):
        reading.problems.append("文档中没有文字，其中的图片未能识别出文字")
