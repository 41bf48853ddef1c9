"""Files for the attachment tests, built in memory: a scanned PDF, a ZIP bomb DOCX, a polyglot, a
DOCX with text outside the body. The one binary fixture is ``files/ocr_notice.png`` (see
``files/make_fixtures.py``): three lines of Chinese with an ID number and a phone number."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

OCR_NOTICE = Path(__file__).with_name("files") / "ocr_notice.png"
#: The ID number shown in ``ocr_notice.png`` (valid check digit).
NOTICE_ID = "341302198506120048"


def ocr_notice() -> bytes:
    return OCR_NOTICE.read_bytes()


def need_tools(*names: str) -> None:
    """Skip on a laptop without the Debian tools; in CI (which installs them) their absence fails."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {', '.join(missing)} (.ci/run)")
        pytest.skip(f"not installed here: {', '.join(missing)}")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def grey_png(width: int, height: int, rows: bytes) -> bytes:
    """An 8-bit grey PNG of ``rows`` (``width`` bytes each)."""
    scanlines = b"".join(b"\0" + rows[y * width : (y + 1) * width] for y in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(scanlines, 9))
        + _chunk(b"IEND", b"")
    )


def picture_without_text() -> bytes:
    """A 400×300 picture of soft grey shapes (a photograph, as far as OCR is concerned)."""
    width, height = 400, 300
    rows = bytes(
        (96 + ((x - 200) ** 2 + (y - 150) ** 2) // 300) % 256 if (x // 100 + y // 100) % 2 else 230
        for y in range(height)
        for x in range(width)
    )
    return grey_png(width, height, rows)


def _png_parts(png: bytes) -> tuple[int, int, bytes]:
    at, width, height, idat = 8, 0, 0, b""
    while at < len(png):
        (length,) = struct.unpack_from(">I", png, at)
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack_from(">II", data)
        elif kind == b"IDAT":
            idat += data
        at += 12 + length
    return width, height, idat


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of numbered ``objects`` (1 is the catalog), with its cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def scanned_pdf(png: bytes, pages: int = 1) -> bytes:
    """A PDF whose pages are only a picture (a scan, no text layer). The grey PNG's compressed
    scanlines are exactly a FlateDecode image with the PNG predictor, so they are embedded as is."""
    width, height, idat = _png_parts(png)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for _ in range(pages):
        image, content = len(objects) + 1, len(objects) + 2
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode "
            b"/DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >> /Length %d >>\n"
            b"stream\n" % (width, height, width, len(idat)) + idat + b"\nendstream"
        )
        draw = b"q %d 0 0 %d 40 600 cm /Im0 Do Q" % (width * 72 // 200, height * 72 // 200)
        objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (image, content)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        pages,
    )
    return pdf_file(objects)


def blank_pdf() -> bytes:
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def docx_bytes(body: str = "正文", *, header: str = "", footnote: str = "", deleted: str = "") -> bytes:
    """A DOCX (python-docx) with text in the header, a footnote part and a tracked deletion."""
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph(body)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if deleted:
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        from lxml import etree

        deletion = etree.SubElement(paragraph._p, f"{{{w}}}del")
        run = etree.SubElement(deletion, f"{{{w}}}r")
        etree.SubElement(run, f"{{{w}}}delText").text = deleted
    out = io.BytesIO()
    document.save(out)
    if not footnote:
        return out.getvalue()
    # python-docx writes no footnotes part; add one as Word would.
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(
            "word/footnotes.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:r><w:t>'
            f"{footnote}</w:t></w:r></w:p></w:footnote></w:footnotes>",
        )
    return result.getvalue()


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP of already deflated members: (name, raw deflate data, uncompressed size, CRC-32)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, size, crc in members:
        encoded = name.encode()
        offset = out.tell()
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        out.write(b"PK\x03\x04" + fields + encoded + data)
        directory.write(
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHII", 0, 0, 0, 0, offset)
            + encoded
        )
    start = out.tell()
    out.write(directory.getvalue())
    out.write(
        b"PK\x05\x06"
        + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(directory.getvalue()), start, 0)
    )
    return out.getvalue()


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), len(data), zlib.crc32(data)


def zip_bomb_docx(megabytes: int = 300) -> bytes:
    """A DOCX whose ``word/document.xml`` unpacks to ``megabytes`` MB of zeros (about 300 KB packed).

    The deflate stream is one compressed megabyte repeated: a full flush resets the compressor's
    history, so every megabyte compresses to the same bytes, and the bomb is built without
    compressing 300 MB.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"0" * 1048576) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(b"0" * 1048576, crc)
    stream = block * megabytes + packer.flush(zlib.Z_FINISH)
    return _zip(
        [
            ("[Content_Types].xml", *_deflated(b'<?xml version="1.0"?><Types/>')),
            ("word/document.xml", stream, megabytes * 1048576, crc),
        ]
    )


def polyglot_png_html() -> bytes:
    """PNG signature, then an HTML page with a script (audit 4.6's ``evil.html``)."""
    return b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.cookie)</script></body></html>"
