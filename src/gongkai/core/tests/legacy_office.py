"""Tiny legacy Office files for the tests, written from the file format specifications: an OLE2
compound file ([MS-CFB]) holding a Word 97 document ([MS-DOC]: a FIB and a one-piece piece table,
Unicode text) or a BIFF8 workbook ([MS-XLS]: one sheet, shared strings and numbers).

Just enough structure for antiword and xlrd to read them, so that no binary fixture is needed.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

SECTOR = 512
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
#: Streams shorter than this would go to the mini stream; padding keeps the writer simple.
MINI_CUTOFF = 4096


def _entry(
    name: str, kind: int, start: int, size: int, child: int = NO_STREAM, right: int = NO_STREAM
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # length, type, black
        + struct.pack("<III", NO_STREAM, right, child)  # left, right, child
        + b"\0" * 16  # CLSID
        + struct.pack("<I", 0)  # state bits
        + b"\0" * 16  # times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: Sequence[tuple[str, bytes]]) -> bytes:
    """An OLE2 file with ``streams`` under the root, in the order given (sort them as [MS-CFB]
    compares names: shorter first, then case-insensitively)."""
    padded = [(name, data.ljust(MINI_CUTOFF, b"\0")) for name, data in streams]
    directory_sectors = (len(padded) + 1 + 3) // 4
    sector = 1 + directory_sectors  # after the FAT sector and the directory
    fat = [FAT_SECTOR, *range(2, 1 + directory_sectors), END]
    entries = []
    for index, (name, data) in enumerate(padded):
        count = (len(data) + SECTOR - 1) // SECTOR
        right = index + 2 if index + 1 < len(padded) else NO_STREAM
        entries.append(_entry(name, 2, sector, len(data), right=right))
        fat += [*range(sector + 1, sector + count), END]
        sector += count
    if len(fat) > SECTOR // 4:
        raise ValueError("too large for one FAT sector")
    root = _entry("Root Entry", 5, END, 0, child=1)
    directory = b"".join([root, *entries]).ljust(directory_sectors * SECTOR, b"\0")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, MINI_CUTOFF, END, 0, END, 0)
        + struct.pack("<I", 0)  # DIFAT[0]: the FAT is sector 0
        + struct.pack("<I", FREE) * 108
    )
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    body = b"".join(data.ljust(((len(data) + SECTOR - 1) // SECTOR) * SECTOR, b"\0") for _, data in padded)
    return header + fat_sector + directory + body


def word97(paragraphs: Sequence[str], *, encrypted: bool = False) -> bytes:
    """A Word 97-2003 document (.doc) with the paragraphs as Unicode text (``encrypted``: only the
    flag of a password-protected document is set)."""
    text = "".join(p + "\r" for p in paragraphs).encode("utf-16-le")
    text_at = 0x800
    characters = len(text) // 2
    piece_table = struct.pack("<II", 0, characters) + struct.pack("<HIH", 0, text_at, 0)
    clx = b"\x02" + struct.pack("<I", len(piece_table)) + piece_table
    # A stylesheet of one empty style: antiword reads past an absent one (and crashes at times).
    stshi = struct.pack("<9H", 1, 10, 0, 0, 0, 0, 0, 0, 0)  # cstd, cbSTDBaseInFile, …, ftcs
    stylesheet = struct.pack("<H", len(stshi)) + stshi + struct.pack("<H", 0)
    fib = bytearray(0x800)
    struct.pack_into("<HHH", fib, 0, 0xA5EC, 0x00C1, 0x6A62)  # wIdent, nFib (Word 97), nProduct
    struct.pack_into("<H", fib, 0x06, 0x0804)  # lid: Chinese (PRC)
    # fWhichTblStm: the table stream is "1Table"; fEncrypted.
    struct.pack_into("<H", fib, 0x0A, 0x0200 | (0x0100 if encrypted else 0))
    struct.pack_into("<I", fib, 0x18, text_at)  # fcMin
    struct.pack_into("<I", fib, 0x1C, text_at + len(text))  # fcMac
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    struct.pack_into("<I", fib, 0x40, text_at + len(text))  # cbMac
    struct.pack_into("<I", fib, 0x4C, characters)  # ccpText
    struct.pack_into("<H", fib, 0x9A, 93)  # cbRgFcLcb
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))  # fcClx, lcbClx
    struct.pack_into("<II", fib, 0xA2, len(clx), len(stylesheet))  # fcStshf, lcbStshf
    word_document = bytes(fib) + text
    return compound_file([("1Table", clx + stylesheet), ("WordDocument", word_document)])


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(substream: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 0x06))


def _unicode(text: str, length_bytes: int) -> bytes:
    length = struct.pack("<B" if length_bytes == 1 else "<H", len(text))
    return length + b"\x01" + text.encode("utf-16-le")


def biff8(sheet: str, rows: Sequence[Sequence[str | float]]) -> bytes:
    """An Excel 97-2003 workbook (.xls) with one sheet of text and number cells."""
    strings = [v for row in rows for v in row if isinstance(v, str)]
    sst = _record(
        0x00FC, struct.pack("<II", len(strings), len(strings)) + b"".join(_unicode(s, 2) for s in strings)
    )
    name = _unicode(sheet, 1)
    bound_sheet_length = 4 + 4 + 2 + len(name)  # header, stream position, flags, name
    globals_length = len(_bof(5)) + bound_sheet_length + len(sst) + 4
    globals_ = _bof(5) + _record(0x0085, struct.pack("<IH", globals_length, 0) + name) + sst + _record(0x000A)
    cells = []
    index = 0
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                cells.append(_record(0x00FD, struct.pack("<HHHI", r, c, 0, index)))
                index += 1
            else:
                cells.append(_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))
    width = max((len(row) for row in rows), default=0)
    dimensions = _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    worksheet = _bof(0x10) + dimensions + b"".join(cells) + _record(0x000A)
    return compound_file([("Workbook", globals_ + worksheet)])
