"""The text reader, run as its own process (``python -m gongkai.core.files.worker``) by ``extract``.

Parsers of untrusted files (``readers``) run here, never in a web process: the process limits its
own address space and CPU time before it reads anything, and its parent kills it after a
wall-clock limit, so a crafted file costs at most those limits (security audit 4.2). No Django.

Input on stdin: one JSON line (kind, limits, tool paths), then the file's bytes. Output on
stdout: one JSON object ``{"text", "status", "problem"}``. ``status`` is ``read``, ``ocr`` (part
of the text was recognized from images) or ``unreadable`` (some content could not be read:
``problem`` says which, in Chinese, for the reviewer).
"""

from __future__ import annotations

import json
import os
import resource
import sys
from typing import Any

from gongkai.core.files.readers import read_doc, read_docx, read_ofd, read_pdf, read_xls, read_xlsx
from gongkai.core.files.reading import DAMAGED, Reading, read_image

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
        raise  # the process's memory limit: reported as such by main()
    except Exception:  # a parser's own error on a damaged file (zipfile, expat, pypdf, xlrd…)
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
