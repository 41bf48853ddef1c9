"""What a file is, decided from its bytes; the ZIP limits that refuse decompression bombs; the name a
file is stored and served under. No Django here.

The uploader's file name and the browser's content type are never believed (security audit 4.6: a
PNG-signed HTML file was stored and served as ``evil.html``). The detected kind decides the stored
name, the served ``Content-Type`` and the extension of the download name.

DOCX, XLSX and OFD are ZIP containers. Before any of them is opened, ``check_zip`` reads the
archive's directory and refuses it when the sizes its members declare, or their compression
ratio, show a decompression bomb (audit 4.2: a 730 KB DOCX grew a worker by 2.87 GB). Python's
``zipfile`` never inflates a member past the size the directory declares, so checking the declared
sizes bounds what any later reader can unpack.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

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
#: Extensions a user may have given a file of each kind; the first is the one given when replacing.
EXTENSIONS = {
    "pdf": ("pdf",),
    "docx": ("docx",),
    "xlsx": ("xlsx",),
    "doc": ("doc",),
    "xls": ("xls",),
    "ofd": ("ofd",),
    "png": ("png",),
    "jpg": ("jpg", "jpeg", "jpe"),
}
ACCEPTED_LABEL = "PDF、DOC/DOCX、XLS/XLSX、OFD、PNG、JPG"


class FileRefused(ValueError):
    """The file is refused; the message (Chinese) says why and is shown to the uploader."""


@dataclass(frozen=True)
class ZipLimits:
    """How much a ZIP container (DOCX, XLSX, OFD) may unpack to."""

    #: The sum of the sizes all members declare, uncompressed.
    max_total: int = 200 * 1024 * 1024
    #: Uncompressed / compressed size of a member; ordinary Office XML stays below 30.
    max_ratio: int = 100
    #: The ratio is checked for members larger than this (tiny repetitive XML compresses well).
    ratio_floor: int = 1024 * 1024
    max_members: int = 10_000
    #: The archive's central directory (every member's entry) is read only up to this size.
    max_directory: int = 4 * 1024 * 1024


_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"


def _directory_size(data: bytes) -> tuple[int, int]:
    """(member count, central directory size) as the end record declares them, read before
    ``zipfile`` builds an object per member (a directory of millions of entries would cost GBs)."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        raise FileRefused("ZIP 结构不完整")
    count, size = struct.unpack_from("<HI", data, at + 10)
    if count == 0xFFFF or size == 0xFFFFFFFF:
        locator = at - 20
        if locator < 0 or data[locator : locator + 4] != _EOCD64_LOCATOR:
            raise FileRefused("ZIP 结构不完整")
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 > len(data) or data[record : record + 4] != _EOCD64:
            raise FileRefused("ZIP 结构不完整")
        count, size = struct.unpack_from("<QQ", data, record + 32)
    return count, size


def _mb(n: float) -> str:
    return f"{n / 1048576:.0f} MB"


def check_zip(data: bytes, limits: ZipLimits = ZipLimits()) -> list[str]:
    """The member names of a ZIP container whose declared sizes are within ``limits``.

    Raises ``FileRefused`` (reason without the file name) for a damaged archive or a suspected
    decompression bomb. Nothing is decompressed here.
    """
    try:
        count, directory = _directory_size(data)
    except struct.error:
        raise FileRefused("ZIP 结构不完整") from None
    if count > limits.max_members or directory > limits.max_directory:
        raise FileRefused(f"压缩包内文件过多（超过 {limits.max_members} 个），疑似压缩炸弹")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, EOFError):
        raise FileRefused("ZIP 结构不完整") from None
    if len(members) > limits.max_members:
        raise FileRefused(f"压缩包内文件过多（超过 {limits.max_members} 个），疑似压缩炸弹")
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_total:
            raise FileRefused(f"解压后超过 {_mb(limits.max_total)}，疑似压缩炸弹")
        if member.file_size > limits.ratio_floor and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise FileRefused(
                f"其中“{member.filename[:60]}”解压后为 {_mb(member.file_size)}，"
                f"压缩比超过 {limits.max_ratio} 倍，疑似压缩炸弹"
            )
    return [m.filename for m in members]


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def detect_kind(data: bytes, zip_limits: ZipLimits = ZipLimits()) -> str | None:
    """The file's real format from its bytes (None: not an accepted format).

    Raises ``FileRefused`` for a container that must not be opened: a ZIP bomb, a damaged ZIP, an
    encrypted Office document.
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(_OLE2):
        # OLE2 compound file: legacy Word or Excel, told apart by their stream names. A
        # password-protected DOCX/XLSX is also an OLE2 file (its package encrypted inside).
        if _utf16("EncryptedPackage") in data:
            raise FileRefused("是加密的 Office 文档，无法检查其内容；请取消密码后重新上传")
        if _utf16("WordDocument") in data:
            return "doc"
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return "xls"
        return None
    if data.startswith(b"PK\x03\x04"):
        names = set(check_zip(data, zip_limits))
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
    return None


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_EXTENSION = re.compile(r"^[A-Za-z0-9]{1,8}$")


def download_name(name: str, kind: str, *, max_length: int = 200) -> str:
    """The uploader's base name with the extension of the detected kind.

    ``evil.html`` holding a PNG becomes ``evil.png``; ``照片.JPEG`` holding a JPEG stays as it is;
    a name without an extension gets one. Path parts and characters no file system accepts are
    dropped.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("", base).strip()
    stem, dot, extension = base.rpartition(".")
    if not dot or not _EXTENSION.match(extension):
        stem, extension = base, ""
    if extension.lower() not in EXTENSIONS[kind]:
        extension = EXTENSIONS[kind][0]
    stem = stem.strip(" .") or "附件"
    return f"{stem[: max_length - len(extension) - 1]}.{extension}"


def stored_name(sha256: str, kind: str) -> str:
    """The storage name of a file: its SHA-256 and the extension of its detected kind."""
    return f"{sha256}.{EXTENSIONS[kind][0]}"


def kind_of_content_type(content_type: str) -> str | None:
    """The kind whose content type was stored for a file (for rows that keep no ``kind``)."""
    return next(
        (k for k, v in CONTENT_TYPES.items() if v == (content_type or "").split(";")[0].strip()), None
    )
