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
  must then be found in the index, which holds both the whole words and their sub-words. With
  ``join_singles`` a run of single ideographs the dictionary could not group (埇 桥 for 埇桥) is
  kept as one word, which the engine then finds through its character bigrams.
* :func:`bigrams_for_index` and :func:`bigrams_of` give the character bigrams of the ideograph runs
  (the engine's fallback field for words the dictionary does not know, ``gongkai.search.engine``).

**The platform's vocabulary.** Segmentation uses one ``rjieba.Jieba`` instance per process: jieba's
dictionary plus the words :func:`set_vocabulary` adds (body names and short names, place names,
column and class names, 主题词, the administrators' list — gathered by
``gongkai.search.vocabulary``, which calls it whenever the shared vocabulary version moved on). A
new vocabulary replaces the instance (words taken out of the vocabulary leave the dictionary too).

Tokens are the runs of letters/digits/ideographs inside jieba's tokens: punctuation and spaces are
dropped, and ASCII compounds such as ``2024-10-14`` or ``www.gov.cn`` are split on punctuation before
segmenting (``rjieba`` and ``jieba`` disagree only on such compounds, so this also makes them agree).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import rjieba

__all__ = [
    "bigrams_for_index",
    "bigrams_of",
    "normalize",
    "segment_for_index",
    "segment_query",
    "set_vocabulary",
    "tokens_for_index",
    "tokens_for_query",
    "vocabulary",
]

_jieba: rjieba.Jieba = rjieba._DEFAULT_JIEBA  # jieba's dictionary, until set_vocabulary()
_vocabulary: frozenset[str] = frozenset()


def set_vocabulary(words: Iterable[str]) -> None:
    """Segment with jieba's dictionary plus ``words`` from now on (in this process)."""
    global _jieba, _vocabulary
    new = frozenset(w for w in (normalize(w.strip()) for w in words) if len(w) >= 2 and " " not in w)
    if new == _vocabulary:
        return
    j = rjieba.Jieba()
    for w in sorted(new):
        if not j.has_word(w):
            # The frequency that makes jieba keep the characters together in this word.
            j.add_word(w, max(1, j.suggest_freq(w)), None)
    _jieba, _vocabulary = j, new


def vocabulary() -> frozenset[str]:
    """The words added to jieba's dictionary in this process (:func:`set_vocabulary`)."""
    return _vocabulary


# Full-width ASCII (U+FF01..U+FF5E) → ASCII; ideographic space and no-break spaces → space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x2007: 0x20})
# Only length-preserving lowercasing (str.lower() may expand e.g. 'İ' to two code points).
_LOWER = {ord(c): ord(c.lower()) for c in map(chr, range(0x41, 0x24F)) if c.isupper() and len(c.lower()) == 1}
_TABLE = {**_FULLWIDTH, **{k: _LOWER.get(v, v) for k, v in _FULLWIDTH.items()}, **_LOWER}

# A "word" run: letters, digits and ideographs (\w without the underscore).
_WORD_RE = re.compile(r"[^\W_]+")


_NEEDS_NORMALIZING = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


_SWAP = {chr(k): chr(v) for k, v in _TABLE.items()}


def _swap(match: re.Match[str]) -> str:
    return _SWAP[match.group()]


def normalize(text: str) -> str:
    """Full-width → half-width, lowercase; one output character per input character."""
    # Only the characters that change are looked up: ``str.translate`` looks up every character of
    # a Chinese text (it has a fast path for Latin-1 text only), three times slower on a body.
    return _NEEDS_NORMALIZING.sub(_swap, text)


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
_BLOCK_PUNCT = re.compile(r"[+#&._%-]")


def _prepare(text: str) -> str:
    return _BLOCK_PUNCT.sub(" ", normalize(text))


def tokens_for_index(text: str) -> list[str]:
    """Search-mode tokens (words plus their dictionary sub-words) of ``text``."""
    if not text:
        return []
    return _clean(_jieba.cut_for_search(_prepare(text)))


def segment_for_index(text: str) -> str:
    """Space-joined search-mode tokens, ready for a whitespace tokenizer (tantivy, FTS5, tsvector)."""
    return " ".join(tokens_for_index(text))


def _join_singles(raw: list[str]) -> list[str]:
    """Adjacent single ideographs joined into one token (埇 桥 → 埇桥)."""
    out: list[str] = []
    run = ""
    for tok in raw:
        if len(tok) == 1 and _IDEOGRAPH.match(tok):
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return out


def tokens_for_query(q: str, *, join_singles: bool = False) -> list[str]:
    """Precise-mode tokens of a query, deduplicated in order (``join_singles``: see the module
    docstring)."""
    if not q:
        return []
    raw = _jieba.cut(_prepare(q))
    if join_singles:
        raw = _join_singles(raw)
    seen: dict[str, None] = {}
    for tok in _clean(raw):
        seen.setdefault(tok, None)
    return list(seen)


def segment_query(q: str, *, join_singles: bool = False) -> list[str]:
    """The words every hit must contain (AND semantics), deduplicated, in query order."""
    return tokens_for_query(q, join_singles=join_singles)


# CJK unified ideographs (with extension A and the compatibility block) and extensions B…
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_IDEOGRAPH_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{2,}")


def bigrams_of(word: str) -> list[str]:
    """The character bigrams of the ideograph runs of ``word``, deduplicated, in order."""
    seen: dict[str, None] = {}
    for run in _IDEOGRAPH_RUN.findall(normalize(word)):
        for i in range(len(run) - 1):
            seen.setdefault(run[i : i + 2], None)
    return list(seen)


def bigrams_for_index(text: str) -> str:
    """Space-joined distinct character bigrams of ``text`` (the engine's ``grams`` field)."""
    if not text:
        return ""
    return " ".join(bigrams_of(text))
