"""What changed between two versions of a submission's text, as HTML with ``<ins>`` and ``<del>``
(docs/SPEC.md §8: the author sees the information section's edits). A pure kernel: no Django.

The texts are compared as tokens the way a Chinese reader sees them: every character outside
ASCII (each Chinese character, each full-width punctuation mark) is a token of its own, a run of
ASCII letters and digits is one token (a word or a number is replaced whole, "2025" → "2026" is
not "5" → "6"), and so are a run of whitespace and each ASCII punctuation mark. ``difflib`` matches
the token sequences; text is HTML-escaped before it is wrapped, so the result is safe to show.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

__all__ = ["Change", "changes", "diff_html", "tokens"]


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for ch in text:
        if out:
            last = out[-1][-1]
            if ch.isascii() and ch.isalnum() and last.isascii() and last.isalnum():
                out[-1] += ch
                continue
            if ch.isspace() and last.isspace():
                out[-1] += ch
                continue
        out.append(ch)
    return out


@dataclass(frozen=True)
class Change:
    """One stretch of the comparison: ``op`` is ``equal``, ``insert`` or ``delete``."""

    op: str
    text: str


def changes(old: str, new: str) -> list[Change]:
    a, b = tokens(old), tokens(new)
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Change("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(Change("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Change("insert", "".join(b[j1:j2])))
    return out


def diff_html(old: str, new: str) -> str:
    """``new`` against ``old`` as escaped HTML: removed text in ``<del>``, added text in ``<ins>``."""
    parts: list[str] = []
    for change in changes(old, new):
        text = html.escape(change.text)
        if change.op == "equal":
            parts.append(text)
        elif change.op == "delete":
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(f"<ins>{text}</ins>")
    return "".join(parts)
