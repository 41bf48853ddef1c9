"""Near-duplicate submissions (pure kernel, no Django): the same event reported by several units.

docs/SPEC.md §8: the information section of a general office receives what every unit below it
reports; the same event (a rainstorm, an accident, a fair) often arrives from the county, the
department and the township at once. The desk shows such items side by side and may merge them
into one item that credits every unit.

How similarity is measured (worked by hand in ``govinfo/tests/test_neardup.py``):

* a text's **words** are the search-mode tokens of ``gongkai.search.segment`` (so 人员伤亡 also
  yields 人员 and 伤亡 and matches a text that only says 伤亡), without one-character tokens,
  numbers and the generic words of official prose (工作, 开展, 我市 …) that every item contains;
* the **similarity** of two word sets A and B is their cosine over sets,
  ``|A ∩ B| / sqrt(|A| · |B|)``: 1 for the same words, 0 for none shared. Unlike Jaccard it does
  not punish one report for being longer than the other as hard (a unit's 300 字 and the
  county's 150 字 on the same event), unlike the overlap coefficient it does not call a short
  title-like text a duplicate of everything that contains its few words;
* two items are **near-duplicates** at a similarity of at least :data:`THRESHOLD`.

Finding the candidates cheaply (the selector ``govinfo.duplicates`` does this before segmenting
anything): the database keeps the recent items of the desk whose *title* contains one of the
item's :func:`key_terms` (its title's words, then its body's longest words); of those, an item is
a candidate when enough of its title's character pairs (:func:`bigrams`) occur in the item's own
title and text (:func:`title_overlap` of at least :data:`MIN_TITLE_OVERLAP`): a title names the
event, and reports of one event name the same place and the same happening. Only the best few
candidates are read in full, segmented and scored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.search.segment import normalize, tokens_for_index

__all__ = [
    "GENERIC_WORDS",
    "MIN_TITLE_OVERLAP",
    "THRESHOLD",
    "Match",
    "bigrams",
    "cosine",
    "is_near_duplicate",
    "jaccard",
    "key_terms",
    "length_window",
    "rank",
    "similarity",
    "title_overlap",
    "words",
]

#: From this similarity two items are shown as reports of the same event.
THRESHOLD = 0.4

#: The share of a candidate's title pairs that must occur in the item before it is scored at all.
MIN_TITLE_OVERLAP = 0.3

_TEXT_CHARS = re.compile(r"[^\W_]+")

#: Words of official prose that say nothing about which event an item reports.
GENERIC_WORDS = frozenset(
    """
    工作 开展 推进 加强 进一步 积极 有效 全面 深入 认真 扎实 切实 不断 持续 做好 抓好 落实 实施
    情况 问题 有关 相关 方面 部门 单位 我市 全市 我县 全县 我区 全区 本市 本县 本区 各地 各级
    目前 近日 日前 当前 今年 去年 同比 环比 以来 期间 其中 以及 进行 通过 组织 要求 确保 提高
    我们 他们 一个 一是 二是 三是 四是 五是 已经 正在 同时 主要 重要 重点 取得 成效 活动 措施
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def words(text: str) -> frozenset[str]:
    """The content words of ``text`` (see the module docstring): search-mode tokens of two or
    more characters that are neither numbers nor generic words."""
    return frozenset(
        token
        for token in tokens_for_index(text)
        if len(token) >= 2 and not token.isdigit() and token not in GENERIC_WORDS
    )


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B| (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def cosine(a: frozenset[str], b: frozenset[str]) -> float:
    """|A ∩ B| / sqrt(|A| · |B|) (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def similarity(text_a: str, text_b: str) -> float:
    """The similarity of two texts (title and body together), from 0 to 1."""
    return cosine(words(text_a), words(text_b))


def is_near_duplicate(score: float, threshold: float = THRESHOLD) -> bool:
    return score >= threshold


def key_terms(title: str, text: str, *, limit: int = 8) -> list[str]:
    """A few distinctive words of an item, to find candidates without segmenting them: the
    title's content words first (a title names the event), then the body's longest words (long
    words are rarer: place names, 排涝, 人员伤亡), each once, at most ``limit``."""
    keys: list[str] = []
    seen: set[str] = set()

    def take(candidates: Iterable[str]) -> None:
        for word in candidates:
            if len(keys) >= limit:
                return
            if word not in seen:
                seen.add(word)
                keys.append(word)

    title_words = [
        t for t in tokens_for_index(title) if len(t) >= 2 and not t.isdigit() and t not in GENERIC_WORDS
    ]
    take(sorted(title_words, key=len, reverse=True)[: max(limit // 2, 1)])
    body = sorted(words(text), key=lambda w: (-len(w), w))
    take(body)
    return keys


def bigrams(text: str) -> frozenset[str]:
    """The pairs of adjacent characters within each run of letters, digits and ideographs of
    ``text`` (normalized: full-width to half-width, lowercase); punctuation and spaces end a run."""
    pairs: set[str] = set()
    for run in _TEXT_CHARS.findall(normalize(text)):
        pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(pairs)


def title_overlap(title: str, item_pairs: frozenset[str]) -> float:
    """The share of ``title``'s character pairs found among ``item_pairs`` (0 for a title of fewer
    than two characters)."""
    pairs = bigrams(title)
    if not pairs:
        return 0.0
    return len(pairs & item_pairs) / len(pairs)


def length_window(length: int) -> tuple[int, int]:
    """The lengths (字数) a report of the same event may have: a third to three times as long (a
    department's 150-字 flash and a county's 450-字 account of one rainstorm)."""
    if length <= 0:
        return (0, 0)
    return (max(length // 3, 1), length * 3)


@dataclass(frozen=True)
class Match:
    """A candidate ``key`` (e.g. a submission's id) and its similarity to the item."""

    key: int
    score: float


def rank(
    item: str, candidates: Iterable[tuple[int, str]], *, threshold: float = THRESHOLD, limit: int = 10
) -> list[Match]:
    """The candidates (key, text) that are near-duplicates of ``item``, most similar first (ties by
    key), at most ``limit``."""
    target = words(item)
    matches = [Match(key, cosine(target, words(text))) for key, text in candidates]
    kept = [m for m in matches if is_near_duplicate(m.score, threshold)]
    kept.sort(key=lambda m: (-m.score, m.key))
    return kept[:limit]
