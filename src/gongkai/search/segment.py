"""Chinese segmentation for the search index (pure Python, no Django).

Every engine (tantivy, SQLite FTS5, PostgreSQL ``tsvector('simple')``) is fed the *same* pre-segmented
text: words separated by single spaces, so that a plain whitespace tokenizer is enough on the engine
side. Segmentation is done with ``rjieba`` (the Rust port of jieba: ~15x faster than ``jieba`` on
the source documents of docs/SPEC.md and token-for-token identical once the post-processing below is applied;
see
``tests/test_segment.py`` and ``docs/PERFORMANCE.md``).

* :func:`normalize` maps full-width ASCII to half-width, the ideographic space to a space and
  lowercases. It maps one character to exactly one character, so offsets in the normalized text
  are offsets in the original text (the snippet highlighter relies on that).
* :func:`segment_for_index` uses jieba *search mode*: each word is emitted together with the
  dictionary sub-words it contains (``政府信息公开`` → ``政府信息 政府 信息 公开`` …), so a query
  for a two-character word such as 公开, 预算 or 扶贫 matches inside longer words.
* :func:`segment_query` uses the precise mode (one token per word, no sub-words): every query word
  must then be found in the index, which holds both the whole words and their sub-words.

Tokens are the runs of letters/digits/ideographs inside jieba's tokens: punctuation and spaces are
dropped, and ASCII compounds such as ``2024-10-14`` or ``www.gov.cn`` are split on punctuation before
segmenting (``rjieba`` and ``jieba`` disagree only on such compounds, so this also makes them agree).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import rjieba

__all__ = [
    "normalize",
    "segment_for_index",
    "segment_query",
    "tokens_for_index",
    "tokens_for_query",
]

# Full-width ASCII (U+FF01..U+FF5E) → ASCII; ideographic space and no-break spaces → space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x2007: 0x20})
# Only length-preserving lowercasing (str.lower() may expand e.g. 'İ' to two code points).
_LOWER = {ord(c): ord(c.lower()) for c in map(chr, range(0x41, 0x24F)) if c.isupper() and len(c.lower()) == 1}
_TABLE = {**_FULLWIDTH, **{k: _LOWER.get(v, v) for k, v in _FULLWIDTH.items()}, **_LOWER}

# A "word" run: letters, digits and ideographs (\w without the underscore).
_WORD_RE = re.compile(r"[^\W_]+")


_NEEDS_NORMALIZING = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def normalize(text: str) -> str:
    """Full-width → half-width, lowercase; one output character per input character."""
    if _NEEDS_NORMALIZING.search(text) is None:
        return text
    return text.translate(_TABLE)


def _clean(raw: Iterable[str]) -> list[str]:
    out: list[str] = []
    append = out.append
    for tok in raw:
        if tok.isalnum():  # the usual case: a Chinese word, a number, a Latin word
            append(tok)
        elif tok.strip():
            out.extend(_WORD_RE.findall(tok))
    return out


# jieba keeps these inside its segmentation blocks (``2024-10-14``, ``www.gov.cn``) and the two
# implementations then differ; as separators they make both produce the same tokens.
_BLOCK_PUNCT = str.maketrans("+#&._%-", "       ")


def _prepare(text: str) -> str:
    return normalize(text).translate(_BLOCK_PUNCT)


def tokens_for_index(text: str) -> list[str]:
    """Search-mode tokens (words plus their dictionary sub-words) of ``text``."""
    if not text:
        return []
    return _clean(rjieba.cut_for_search(_prepare(text)))


def segment_for_index(text: str) -> str:
    """Space-joined search-mode tokens, ready for a whitespace tokenizer (tantivy, FTS5, tsvector)."""
    return " ".join(tokens_for_index(text))


def tokens_for_query(q: str) -> list[str]:
    """Precise-mode tokens of a query, deduplicated in order."""
    if not q:
        return []
    seen: dict[str, None] = {}
    for tok in _clean(rjieba.cut(_prepare(q))):
        seen.setdefault(tok, None)
    return list(seen)


def segment_query(q: str) -> list[str]:
    """The words every hit must contain (AND semantics), deduplicated, in query order."""
    return tokens_for_query(q)
