"""Redaction proposals for replies to requests (区分处理, 第三十七条; SPEC §2.5, §4.5).

Manual redaction is named as a heavy burden (seed 003): the secrecy scanner
(``gongkai.secrecy.scanner``) already finds resident ID numbers, phone numbers, bank cards and
e-mail addresses; here its findings become masking proposals for a reply's text and for the
attachments provided with it, and are applied to plain text and inside Word documents.

No Django. Attachment text for ``propose`` comes from the intake check
(``gongkai.disclosure.services.content.check_upload(...).text``) or from ``docx_text`` here.

In a DOCX a matched string may be split over several runs (Word splits text wherever formatting,
spell-check or revision marks change): each paragraph's text nodes are joined, matched as one
string, and the masked text is written back into the same nodes, so formatting is kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from gongkai.secrecy.scanner import PERSONAL_KINDS, Finding, Keyword, redact, scan

__all__ = ["Finding", "apply", "docx_text", "masked", "propose", "redact_docx"]

MASK = "*"
Pattern = Finding | str | re.Pattern[str]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Parts that hold document text: the body, headers, footers, footnotes, endnotes and comments.
_TEXT_PARTS = re.compile(r"^/word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def propose(
    text: str,
    *,
    kinds: Iterable[str] = PERSONAL_KINDS,
    keywords: Sequence[Keyword] = (),
    field: str = "body",
) -> list[Finding]:
    """The findings in ``text`` that should be masked: personal data by default; with
    ``keywords`` (and ``"keyword"`` in ``kinds``) also the installation's sensitive words."""
    wanted = frozenset(kinds)
    return [f for f in scan(text, keywords=keywords, field=field) if f.kind in wanted]


def masked(finding: Finding) -> str:
    """How one finding reads once masked: ``3401**********1234``, ``138****5678``, ``z***@x.cn``."""
    return redact(finding.text, [replace(finding, start=0, end=len(finding.text))], kinds={finding.kind})


def apply(text: str, findings: Iterable[Finding]) -> str:
    """Mask the chosen ``findings`` (found in this very ``text``) and nothing else."""
    chosen = list(findings)
    return redact(text, chosen, kinds={f.kind for f in chosen}, mask=MASK)


# --- DOCX --------------------------------------------------------------------------------------------


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


def _literal_regex(text: str) -> re.Pattern[str]:
    # A number found elsewhere must not match inside a longer number here.
    before = r"(?<![0-9A-Za-z])" if text[:1].isascii() and text[:1].isalnum() else ""
    after = r"(?![0-9A-Za-z])" if text[-1:].isascii() and text[-1:].isalnum() else ""
    return re.compile(before + re.escape(text) + after)


def _replacements(text: str, patterns: Sequence[Pattern] | None) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, replacement) spans of ``text``, in order."""
    spans: list[tuple[int, int, str]] = []
    if patterns is None:
        for finding in propose(text):
            spans.append((finding.start, finding.end, masked(finding)))
    else:
        for pattern in patterns:
            if isinstance(pattern, Finding):
                replacement = masked(pattern)
                spans.extend(
                    (m.start(), m.end(), replacement) for m in _literal_regex(pattern.text).finditer(text)
                )
            elif isinstance(pattern, str):
                if pattern:
                    spans.extend(
                        (m.start(), m.end(), MASK * (m.end() - m.start()))
                        for m in re.finditer(re.escape(pattern), text)
                    )
            else:
                spans.extend(
                    (m.start(), m.end(), MASK * (m.end() - m.start()))
                    for m in pattern.finditer(text)
                    if m.end() > m.start()
                )
    chosen: list[tuple[int, int, str]] = []
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], -s[1])):
        if chosen and start < chosen[-1][1]:
            continue  # overlaps an earlier, longer-or-equal match
        chosen.append((start, end, replacement))
    return chosen


def _rewrite_paragraph(paragraph: Any, patterns: Sequence[Pattern] | None) -> int:
    segments = _segments(paragraph)
    if not segments:
        return 0
    texts = [_segment_text(s) for s in segments]
    full = "".join(texts)
    spans = _replacements(full, patterns)
    if not spans:
        return 0
    # Which segment each character of ``full`` lives in (tabs and breaks are fixed, never rewritten).
    owner: list[int] = []
    for index, text in enumerate(texts):
        owner.extend([index] * len(text))
    new_texts = ["" if segments[i].tag == f"{_W}t" else texts[i] for i in range(len(segments))]
    position = 0
    for start, end, replacement in [*spans, (len(full), len(full), "")]:
        for offset in range(position, start):
            if segments[owner[offset]].tag == f"{_W}t":
                new_texts[owner[offset]] += full[offset]
        if end > start:
            if len(replacement) == end - start:
                # Same length: each masked character stays in its own run (and formatting).
                for offset, char in zip(range(start, end), replacement, strict=True):
                    if segments[owner[offset]].tag == f"{_W}t":
                        new_texts[owner[offset]] += char
            else:
                text_owners = [owner[o] for o in range(start, end) if segments[owner[o]].tag == f"{_W}t"]
                if text_owners:
                    new_texts[text_owners[0]] += replacement
        position = end
    for segment, text in zip(segments, new_texts, strict=True):
        if segment.tag == f"{_W}t" and segment.text != text:
            segment.text = text
            segment.set(_XML_SPACE, "preserve")
    return len(spans)


def redact_docx(data: bytes, findings_or_patterns: Iterable[Pattern] | None) -> bytes:
    """Mask matches inside a DOCX's paragraphs and table cells (also headers, footers, notes and
    comments) and return the new document.

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
    out: list[str] = []
    position = 0
    for start, end, replacement in _replacements(text, patterns):
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)
