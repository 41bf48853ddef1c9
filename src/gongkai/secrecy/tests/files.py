"""Small DOCX, XLSX and PDF files holding personal data, built in memory for the masking tests."""

from __future__ import annotations

import io
import zipfile

#: 公民身份号码 with check character X (GB 11643-1999; worked by hand in secrecy/tests/test_scanner.py).
ID_X = "11010519491231002X"
# 34130219900307123 → check character 4 (worked by hand in test_redaction.py).
ID_DIGITS = "341302199003071234"


def docx_with(*paragraphs: str, split_id: str = "") -> bytes:
    """A Word document; ``split_id`` is written as three runs of one extra paragraph, the way Word
    splits text where formatting changes."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if split_id:
        paragraph = document.add_paragraph("联系人身份证号：")
        paragraph.add_run(split_id[:6])
        paragraph.add_run(split_id[6:14]).bold = True
        paragraph.add_run(split_id[14:] + "。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        "</Relationships>"
    ),
}


def xlsx_with(shared: str, rich: str, number: int) -> bytes:
    """A workbook written as Excel writes it: ``shared`` in a shared string used by two cells (B2
    and C3), ``rich`` as a rich-text shared string split over two runs (B3), ``number`` typed as a
    number (B4), and an inline string (C2)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = (
        f'<sst xmlns="{main}" count="4" uniqueCount="3">'
        f"<si><t>{shared}</t></si>"
        f"<si><r><t>{rich[:9]}</t></r><r><rPr><b/></rPr><t>{rich[9:]}</t></r></si>"
        "<si><t>张三</t></si></sst>"
    )
    sheet = (
        f'<worksheet xmlns="{main}"><sheetData>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>0</v></c>'
        '<c r="C2" t="inlineStr"><is><t>补助 1200 元</t></is></c></row>'
        '<row r="3"><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>0</v></c></row>'
        f'<row r="4"><c r="B4"><v>{number}</v></c></row>'
        "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {
            **_XLSX_PARTS,
            "xl/sharedStrings.xml": strings,
            "xl/worksheets/sheet1.xml": sheet,
        }.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + content)
    return out.getvalue()


def pdf_with(*pages: list[str], title: str = "") -> bytes:
    """A PDF whose pages show the given lines in Helvetica, content streams uncompressed (so the
    raw bytes hold the text as written, and a test can look for it there)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        shown = b" ".join(b"(" + line.encode("latin-1") + b") '" for line in lines)
        stream = DecodedStreamObject()
        stream.set_data(b"BT /F1 12 Tf 72 780 Td 16 TL " + shown + b" ET")
        page[NameObject("/Contents")] = writer._add_object(stream)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_png(width: int = 200, height: int = 100) -> bytes:
    """A white picture: a valid PNG in which no text can be recognized."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\0" + b"\xff" * width * 3 for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
