"""The text of a file, read in a separate process within limits of time and memory. No Django here.

``extract_text(kind, data)`` starts ``python -m gongkai.core.files.worker`` (a fresh interpreter,
not a fork of a multi-threaded web worker), which limits its own address space and CPU time;
this side kills it — and the tools it started, one process group — after a wall-clock limit. The
result says how the text was obtained (read, recognized by OCR, or not fully readable, with the
reason) and, when a limit was hit, why the file should be refused.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.files import ocr

READ = "read"
OCR = "ocr"
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Limits:
    #: Wall-clock time for the whole reading, OCR included.
    seconds: float = 55.0
    #: CPU time of the reading process itself (parsers; tesseract runs are separate processes).
    cpu_seconds: int = 45
    #: Address space of the reading process (and of the tools it starts).
    memory: int = 1024 * 1024 * 1024
    #: Text kept; the rest of a longer text is not read (the file is then marked unreadable).
    max_chars: int = 1_000_000
    #: Time for text recognition within ``seconds``; pages not reached are named as unread.
    ocr_seconds: float = 30.0
    ocr_page_seconds: float = 20.0


@dataclass(frozen=True)
class Tools:
    """The external readers found on this machine (None: not installed)."""

    tesseract: str | None
    antiword: str | None


@functools.cache
def find_tools() -> Tools:
    return Tools(tesseract=ocr.find_tesseract(), antiword=shutil.which("antiword"))


@dataclass(frozen=True)
class Extraction:
    text: str
    #: READ, OCR (part of the text recognized from images) or UNREADABLE.
    status: str
    #: Why the file, or a part of it, could not be read (Chinese, for the reviewer).
    problem: str = ""
    #: Set when the reading went past a limit: an upload is refused with this reason.
    refusal: str = ""


def _over_limit(reason: str) -> Extraction:
    return Extraction(text="", status=UNREADABLE, problem=reason[:200], refusal=reason)


def extract_text(
    kind: str, data: bytes, *, limits: Limits | None = None, tools: Tools | None = None
) -> Extraction:
    """Read the text of ``data`` (of detected ``kind``) in a bounded child process."""
    limits = limits or Limits()
    tools = tools or find_tools()
    header = {
        "kind": kind,
        "memory": limits.memory,
        "cpu": limits.cpu_seconds,
        "seconds": limits.seconds,
        "max_chars": limits.max_chars,
        "ocr_seconds": limits.ocr_seconds,
        "ocr_page_seconds": limits.ocr_page_seconds,
        "tesseract": tools.tesseract,
        "antiword": tools.antiword,
    }
    with subprocess.Popen(
        [sys.executable, "-m", "gongkai.core.files.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PACKAGE_ROOT,
        env=_child_env(),
        start_new_session=True,  # its own process group: a timeout ends the tools it started too
    ) as child:
        try:
            out, err = child.communicate(json.dumps(header).encode() + b"\n" + data, timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            _kill_group(child)
            return _over_limit(f"在 {limits.seconds:.0f} 秒内未能读完，内容过于复杂或文件异常")
        if child.returncode != 0:
            _kill_group(child)  # tesseract or antiword may outlive a worker killed by its limits
    memory = f"读取所需内存超过 {limits.memory // 1048576} MB 的限制，内容过于复杂或文件异常"
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return _over_limit(f"读取用时超过 {limits.cpu_seconds} 秒的限制，内容过于复杂或文件异常")
    if child.returncode != 0:
        # Past the address-space limit, Python raises MemoryError, but native code (pdfium's
        # allocator) aborts the process instead: SIGABRT under the limit is the limit.
        if b"MemoryError" in err or child.returncode == -signal.SIGABRT:
            return _over_limit(memory)
        return _over_limit("读取时出错，文件可能已损坏或异常")
    try:
        result = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _over_limit("读取时出错，文件可能已损坏或异常")
    if result.get("over_limit") == "memory":
        return _over_limit(memory)
    return Extraction(text=result["text"], status=result["status"], problem=result["problem"])


#: The directory that holds the ``gongkai`` package: the reader imports it from there, whatever
#: the server's working directory.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
_PASSED_ON = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "HOME", "TESSDATA_PREFIX")


def _child_env() -> dict[str, str]:
    """The reader's environment: what it needs, never the platform's secrets (database address,
    secret key): it parses files from outside."""
    env = {name: os.environ[name] for name in _PASSED_ON if name in os.environ}
    env["PYTHONPATH"] = PACKAGE_ROOT
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
