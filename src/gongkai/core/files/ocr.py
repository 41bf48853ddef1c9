"""Chinese text recognition with Debian's tesseract (``tesseract-ocr`` + ``tesseract-ocr-chi-sim``).

The model ships with the Debian package; nothing is downloaded at run time. tesseract reads the
image from stdin (PNG, JPEG, or the PGM that ``worker`` renders from a scanned PDF page) and
writes TSV, from which the text is rebuilt with each word's confidence: words tesseract itself
doubts are dropped, and a result is "meaningful" only when enough confident characters remain
(a photograph yields a few stray strokes, not text). No Django here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

LANGUAGES = "chi_sim+eng"
#: Words below this confidence (0–100) are dropped from the text.
MIN_WORD_CONFIDENCE = 30
#: Characters (CJK, letters, digits) of confident words a result needs to count as text.
MIN_CONFIDENT_CHARS = 4
CONFIDENT = 60

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_WORD_CHAR = re.compile(rf"[{_CJK}A-Za-z0-9]")
_CJK_EDGE = re.compile(rf"[{_CJK}]")


class OcrUnavailable(RuntimeError):
    """tesseract or its Simplified Chinese model is not installed on this machine."""


class OcrFailed(RuntimeError):
    """tesseract ran but gave no result (a damaged image)."""


class OcrTimeout(OcrFailed):
    """tesseract did not finish in the time it was given."""


@dataclass(frozen=True)
class OcrText:
    text: str
    #: Whether the text is more than stray marks (see the module docstring).
    meaningful: bool


def find_tesseract() -> str | None:
    """The tesseract executable when it and its chi_sim model are installed, else None."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        listed = subprocess.run(
            [path, "--list-langs"], capture_output=True, timeout=20, check=False, env=_env()
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    languages = set(listed.stdout.decode("utf-8", "replace").split())
    return path if {"chi_sim", "eng"} <= languages else None


def _env() -> dict[str, str]:
    # One thread: the machine's CPUs are the web workers'; a page takes about a second anyway.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def recognize(image: bytes, *, tesseract: str | None, timeout: float, dpi: int | None = None) -> OcrText:
    """The text tesseract reads in ``image``. Raises ``OcrUnavailable``, ``OcrTimeout`` or
    ``OcrFailed``."""
    if tesseract is None:
        raise OcrUnavailable
    command = [tesseract, "-", "-", "-l", LANGUAGES]
    if dpi:
        command += ["--dpi", str(dpi)]
    command.append("tsv")
    try:
        done = subprocess.run(
            command, input=image, capture_output=True, timeout=timeout, check=False, env=_env()
        )
    except subprocess.TimeoutExpired:
        raise OcrTimeout from None
    except OSError as error:
        raise OcrUnavailable from error
    if done.returncode != 0:
        raise OcrFailed(done.stderr.decode("utf-8", "replace")[-200:])
    return text_from_tsv(done.stdout.decode("utf-8", "replace"))


def _join(left: str, right: str) -> str:
    if not left:
        return right
    # tesseract separates Chinese characters by spaces; the scanner and search want them joined.
    if _CJK_EDGE.match(left[-1]) or _CJK_EDGE.match(right[0]):
        return left + right
    return f"{left} {right}"


def text_from_tsv(tsv: str) -> OcrText:
    """Lines of words from tesseract's TSV output, doubtful words dropped."""
    lines: dict[tuple[str, str, str, str], str] = {}
    confident = 0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        word = cells[11].strip()
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if not word or confidence < MIN_WORD_CONFIDENCE:
            continue
        if confidence >= CONFIDENT:
            confident += len(_WORD_CHAR.findall(word))
        key = (cells[1], cells[2], cells[3], cells[4])  # page, block, paragraph, line
        lines[key] = _join(lines.get(key, ""), word)
    text = "\n".join(lines.values())
    return OcrText(text=text, meaningful=confident >= MIN_CONFIDENT_CHARS)
