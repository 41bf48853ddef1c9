"""Masking what the secrecy scanner finds, in text and inside files (docs/SPEC.md §2.5, §4.5).

One module for both sides of the platform: the secrecy review of an item (a reviewer masks a finding
in the body or in an attachment, and the platform verifies by rescanning that it is gone) and the
replies to requests (区分处理, 第三十七条: masking proposals for a reply's text and for the files
provided with it). Manual redaction is named as a heavy burden (docs/SPEC.md §2.5).

- text: :func:`propose`, :func:`masked`, :func:`apply` (offsets from the scanner), :func:`mask_text`
  (every occurrence of a finding's text), :func:`redact_html` (a sanitized rich-text body);
- files, in place: :func:`redact_docx`, :func:`redact_xlsx` here, PDF in
  ``gongkai.secrecy.pdf_redaction`` (real redaction: the page is rebuilt as an image without the
  text); :func:`redact_file` picks by kind and checks that no part of the new file still holds the
  text, raising :class:`RedactionError` (a Chinese message) otherwise.

No Django. A matched string may be split over several text nodes (Word splits a paragraph's text
wherever formatting, spell-check or revision marks change; Excel's rich text splits a cell): the
nodes of one paragraph or cell are joined, matched as one string, and the masked text is written
back into the same nodes, so formatting is kept.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from gongkai.secrecy.scanner import Finding
from gongkai.secrecy.textmask import (  # the text half, re-exported
    Pattern,
    RedactionError,
    _rewrite_segments,
    apply,
    mask_text,
    masked,
    propose,
    redact_html,
)

__all__ = [
    "MASKABLE_FILE_KINDS",
    "Finding",
    "RedactionError",
    "apply",
    "docx_text",
    "mask_text",
    "masked",
    "propose",
    "redact_docx",
    "redact_file",
    "redact_html",
    "redact_xlsx",
    "residue",
]

#: The file kinds (as ``check_upload`` detects them) that can be masked in place.
MASKABLE_FILE_KINDS = frozenset({"docx", "xlsx", "pdf"})
# Bounds on what is unpacked from an Office file while masking (the upload check bounds it first).
_MAX_MEMBER_BYTES = 64 * 1024 * 1024
_MAX_TOTAL_BYTES = 256 * 1024 * 1024


# --- DOCX --------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Parts that hold document text: the body, headers, footers, footnotes, endnotes and comments.
_TEXT_PARTS = re.compile(r"^/word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def docx_text(data: bytes) -> str:
    """The text of a DOCX as ``redact_docx`` sees it: one line per paragraph (tables included)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for root, _part in _text_roots(document):
        for paragraph in root.iter(f"{_W}p"):
            lines.append("".join(_segment_text(s) for s in _segments(paragraph)))
    return "\n".join(lines)


def _text_roots(document: Any) -> Iterator[tuple[Any, Any]]:
    """(root element, part) of every part holding document text. python-docx loads the body,
    headers, footers and comments as XML; footnotes and endnotes stay raw bytes, so they are parsed
    here (``_store`` writes them back)."""
    from docx.oxml.parser import parse_xml

    seen: set[int] = set()
    for part in document.part.package.iter_parts():
        if not _TEXT_PARTS.match(str(part.partname)) or id(part) in seen:
            continue
        seen.add(id(part))
        element = getattr(part, "element", None)
        yield (element if element is not None else parse_xml(part.blob)), part


def _store(root: Any, part: Any) -> None:
    if getattr(part, "element", None) is None:
        from lxml import etree

        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _segments(paragraph: Any) -> list[Any]:
    """The paragraph's text nodes (``w:t``) and, as fixed text, its tabs and breaks, in order.

    Text inside nested paragraphs (a text box inside a run) belongs to those paragraphs.
    """
    out: list[Any] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        owner = node.getparent()
        while owner is not None and owner.tag != f"{_W}p":
            owner = owner.getparent()
        if owner is paragraph:
            out.append(node)
    return out


def _segment_text(node: Any) -> str:
    if node.tag == f"{_W}t":
        return node.text or ""
    return "\t" if node.tag == f"{_W}tab" else "\n"


def _write_nodes(nodes: Sequence[Any], new_texts: Sequence[str], editable: Sequence[bool]) -> None:
    for node, text, can_edit in zip(nodes, new_texts, editable, strict=True):
        if can_edit and (node.text or "") != text:
            node.text = text
            if node.tag.endswith("}t"):
                node.set(_XML_SPACE, "preserve")


def _rewrite_paragraph(paragraph: Any, patterns: Sequence[Pattern] | None) -> int:
    segments = _segments(paragraph)
    if not segments:
        return 0
    editable = [s.tag == f"{_W}t" for s in segments]
    new = _rewrite_segments([_segment_text(s) for s in segments], editable, patterns)
    if new is None:
        return 0
    _write_nodes(segments, new, editable)
    return 1


def _rewrite_each(nodes: Iterable[Any], patterns: Sequence[Pattern] | None) -> int:
    """Mask each node's text on its own (deleted revision text, field codes)."""
    changed = 0
    for node in nodes:
        new = _rewrite_segments([node.text or ""], [True], patterns)
        if new is not None:
            _write_nodes([node], new, [True])
            changed += 1
    return changed


def redact_docx(data: bytes, findings_or_patterns: Iterable[Pattern] | None) -> bytes:
    """Mask matches inside a DOCX's paragraphs and table cells (also headers, footers, notes,
    comments, tracked deletions and field codes) and return the new document.

    ``findings_or_patterns``: scanner ``Finding`` objects (each masked as the scanner masks it, e.g.
    ``3401**********1234``, wherever its text occurs), literal strings and compiled regular
    expressions (masked in full, one ``*`` per character); ``None`` scans every paragraph and masks
    the personal data found. The document's title, subject, keywords and comments are masked too.
    """
    import docx

    patterns = None if findings_or_patterns is None else list(findings_or_patterns)
    document = docx.Document(io.BytesIO(data))
    for root, part in _text_roots(document):
        changed = sum(_rewrite_paragraph(paragraph, patterns) for paragraph in list(root.iter(f"{_W}p")))
        changed += _rewrite_each(root.iter(f"{_W}delText", f"{_W}instrText"), patterns)
        if changed:
            _store(root, part)
    properties = document.core_properties
    for name in ("title", "subject", "keywords", "comments", "category"):
        value = getattr(properties, name) or ""
        if value:
            setattr(properties, name, _mask_plain(value, patterns))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _mask_plain(text: str, patterns: Sequence[Pattern] | None) -> str:
    new = _rewrite_segments([text], [True], patterns)
    return text if new is None else new[0]


# --- XLSX --------------------------------------------------------------------------------------------

# Parts of a workbook that hold text a reader sees: shared strings, sheets (inline strings, formula
# results, formulas, headers and footers), comments, drawings and charts, the document properties.
_XLSX_PARTS = re.compile(
    r"^(xl/sharedStrings\.xml|xl/worksheets/[^/]+\.xml|xl/comments[^/]*\.xml|"
    r"xl/drawings/[^/]+\.xml|xl/charts/[^/]+\.xml|docProps/core\.xml)$"
)
_HEADER_FOOTER = {"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"}
_CORE_TEXT = {"title", "subject", "keywords", "description", "category"}


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _safe_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def _text_groups(root: Any) -> Iterator[list[Any]]:
    """Groups of text nodes read as one string: a shared string or inline string (rich-text runs
    included), a comment, a drawing paragraph; single nodes for formulas, formula results, headers
    and footers, chart labels and document properties."""
    grouped: set[Any] = set()
    for element in root.iter():
        name = _local(element)
        if name in ("si", "is", "text", "p"):
            nodes = [t for t in element.iter() if _local(t) == "t" and t not in grouped]
            grouped.update(nodes)
            if nodes:
                yield nodes
    for element in root.iter():
        name = _local(element)
        if element in grouped or not element.text:
            continue
        parent = element.getparent()
        cell_type = parent.get("t") if parent is not None and _local(parent) == "c" else None
        if (
            (name == "v" and cell_type in ("str", "e"))
            or name == "f"
            or name in _HEADER_FOOTER
            or name in _CORE_TEXT
            or (name == "v" and parent is not None and _local(parent) == "pt")
        ):
            yield [element]


def _mask_numeric_cells(root: Any, patterns: Sequence[Pattern]) -> int:
    """A number cell whose digits are a finding (an ID number typed as a number) becomes a text
    cell holding the masked digits: a number cannot hold ``*``."""
    from lxml import etree

    changed = 0
    for cell in root.iter():
        if _local(cell) != "c" or cell.get("t") not in (None, "n"):
            continue
        value = next((child for child in cell if _local(child) == "v"), None)
        if value is None or not value.text:
            continue
        new = _rewrite_segments([value.text], [True], patterns)
        if new is None:
            continue
        namespace = etree.QName(cell).namespace
        for child in list(cell):
            if _local(child) in ("f", "v"):
                cell.remove(child)
        cell.set("t", "inlineStr")
        inline = etree.SubElement(cell, f"{{{namespace}}}is" if namespace else "is")
        text = etree.SubElement(inline, f"{{{namespace}}}t" if namespace else "t")
        text.text = new[0]
        changed += 1
    return changed


def redact_xlsx(data: bytes, patterns: Sequence[Pattern]) -> bytes:
    """Mask the patterns in an XLSX workbook in place and return the new workbook.

    The parts are edited as XML (never re-saved through a spreadsheet library, which would drop
    what it does not know): shared strings (so every cell using one is masked), inline strings,
    formula results and formulas, headers and footers, comments, drawings and charts, and the
    document properties. Every other part is copied byte for byte.
    """
    from lxml import etree

    patterns = list(patterns)
    out = io.BytesIO()
    with _open_zip(data) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = _read_member(source, info)
            if _XLSX_PARTS.match(info.filename):
                try:
                    root = etree.fromstring(content, _safe_parser())
                except etree.XMLSyntaxError as exc:
                    message = f"表格文件的“{info.filename}”部分已损坏，无法遮盖，请替换文件。"
                    raise RedactionError(message) from exc
                changed = _mask_numeric_cells(root, patterns)
                for nodes in _text_groups(root):
                    editable = [True] * len(nodes)
                    new = _rewrite_segments([n.text or "" for n in nodes], editable, patterns)
                    if new is not None:
                        _write_nodes(nodes, new, editable)
                        changed += 1
                if changed:
                    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, content)
    return out.getvalue()


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RedactionError("文件已损坏，无法遮盖，请替换文件。") from exc


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > _MAX_MEMBER_BYTES:
        raise RedactionError("文件中的部分内容过大，无法自动遮盖，请替换文件。")
    with archive.open(info) as handle:
        content = handle.read(_MAX_MEMBER_BYTES + 1)
    if len(content) > _MAX_MEMBER_BYTES:
        raise RedactionError("文件中的部分内容过大，无法自动遮盖，请替换文件。")
    return content


# --- any file ----------------------------------------------------------------------------------------


def residue(kind: str, data: bytes, texts: Sequence[str]) -> list[str]:
    """The parts of a file where any of ``texts`` can still be read (empty when none).

    Office files: every member of the package, unpacked (tracked changes, custom XML, embedded
    parts the masking does not edit). PDF: the raw bytes, every page's text as PDFium reads it and
    the text pypdf extracts. A second check after masking, independent of the extraction that feeds
    the scan.
    """
    wanted = [t for t in texts if t]
    if not wanted:
        return []
    found: list[str] = []
    if kind in ("docx", "xlsx", "ofd"):
        total = 0
        with _open_zip(data) as archive:
            for info in archive.infolist():
                content = _read_member(archive, info)
                total += len(content)
                if total > _MAX_TOTAL_BYTES:
                    raise RedactionError("文件解压后过大，无法核验遮盖结果，请替换文件。")
                decoded = content.decode("utf-8", "ignore")
                if any(t in decoded or html.escape(t) in decoded for t in wanted):
                    found.append(info.filename)
        return found
    if kind == "pdf":
        from gongkai.secrecy.pdf_redaction import pdf_residue

        return pdf_residue(data, wanted)
    raise RedactionError("该类型的文件不能自动遮盖，请替换或删除文件。")


def redact_file(kind: str, data: bytes, findings: Sequence[Finding]) -> bytes:
    """Mask ``findings`` wherever their text occurs in a file of ``kind`` and return the new file.

    Raises :class:`RedactionError` when the kind cannot be masked, the file cannot be read, or any
    part of the new file still holds a finding's text (the caller then offers to replace the file).
    """
    if kind == "docx":
        new = redact_docx(data, findings)
    elif kind == "xlsx":
        new = redact_xlsx(data, findings)
    elif kind == "pdf":
        from gongkai.secrecy.pdf_redaction import redact_pdf

        new = redact_pdf(data, findings)
    else:
        raise RedactionError("该类型的文件不能自动遮盖，请替换或删除文件。")
    left = residue(kind, new, [f.text for f in findings])
    if left:
        raise RedactionError(
            f"遮盖后文件中仍能读出该内容（{'、'.join(left[:3])}），无法自动遮盖，请替换或删除文件。"
        )
    return new
