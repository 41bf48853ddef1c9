"""Masking what the secrecy scanner finds in text: plain text and a sanitized HTML body.

The text half of :mod:`gongkai.secrecy.redaction` (which re-exports everything here): the file
maskers (DOCX and XLSX there, PDF in :mod:`gongkai.secrecy.pdf_redaction`) build on it, so neither
of them imports the other's module. No Django.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from gongkai.secrecy.scanner import PERSONAL_KINDS, Finding, Keyword, redact, scan

MASK = "*"
Pattern = Finding | str | re.Pattern[str]


class RedactionError(ValueError):
    """A file could not be masked; the message says why and what to do, in Chinese."""


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


def mask_text(text: str, patterns: Sequence[Pattern]) -> str:
    """``text`` with every occurrence of the patterns masked (a finding wherever its text occurs)."""
    new = _rewrite_segments([text], [True], patterns)
    return text if new is None else new[0]


# --- matching --------------------------------------------------------------------------------------


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
                if not pattern.text:
                    continue
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


def _rewrite_segments(
    texts: Sequence[str], editable: Sequence[bool], patterns: Sequence[Pattern] | None
) -> list[str] | None:
    """Mask across a run of text segments read as one string; ``None`` if nothing matched.

    Fixed segments (tabs, breaks, tags) keep their text; a masked character stays in the segment it
    came from when the mask keeps the length, so each run keeps its formatting.
    """
    full = "".join(texts)
    spans = _replacements(full, patterns)
    if not spans:
        return None
    owner: list[int] = []
    for index, text in enumerate(texts):
        owner.extend([index] * len(text))
    new_texts = ["" if editable[i] else texts[i] for i in range(len(texts))]
    position = 0
    for start, end, replacement in [*spans, (len(full), len(full), "")]:
        for offset in range(position, start):
            if editable[owner[offset]]:
                new_texts[owner[offset]] += full[offset]
        if end > start:
            if len(replacement) == end - start:
                for offset, char in zip(range(start, end), replacement, strict=True):
                    if editable[owner[offset]]:
                        new_texts[owner[offset]] += char
            else:
                text_owners = [owner[o] for o in range(start, end) if editable[owner[o]]]
                if text_owners:
                    new_texts[text_owners[0]] += replacement
        position = end
    return new_texts


# --- HTML (a sanitized item body) -----------------------------------------------------------------

_HTML_SPLIT = re.compile(r"(<[^>]*>)")
_HTML_BLOCK = re.compile(r"^</?(?:p|div|li|h\d|tr|td|th|blockquote|br|ul|ol|table|pre|hr|caption)\b", re.I)


def redact_html(body: str, patterns: Sequence[Pattern]) -> str:
    """Mask the patterns in the text of an HTML fragment; tags and attributes are left alone.

    Text inside one block (even split by ``<strong>`` and the like) is matched as one string, as
    the body's plain text (``html_to_text``) reads it.
    """
    parts = _HTML_SPLIT.split(body or "")
    texts: list[str] = []
    editable: list[bool] = []
    for index, part in enumerate(parts):
        if index % 2:
            texts.append("\n" if _HTML_BLOCK.match(part) else "")
            editable.append(False)
        else:
            texts.append(html.unescape(part))
            editable.append(True)
    new = _rewrite_segments(texts, editable, patterns)
    if new is None:
        return body
    return "".join(
        part if index % 2 or new[index] == texts[index] else html.escape(new[index], quote=False)
        for index, part in enumerate(parts)
    )
