"""How long a submission is, and whether it fits its carrier (docs/SPEC.md §8: 普刊 ≤ 200 字, 要情 ≈ 200,
报国办要情/综合 ≤ 150, 专供信息 ≈ 1,500, 政务情况交流 ≈ 3,000, 特刊 ≈ 2,000). A pure kernel: no Django.

**How characters are counted (字数)**, as the word processors the offices use count 字数:

- whitespace (spaces, tabs, line breaks, the full-width space U+3000) is not counted;
- every character outside ASCII counts 1: each Chinese character, each Chinese or full-width
  punctuation mark (，。、；：？！“”‘’（）《》——……·), each full-width letter or digit;
- a run of ASCII letters, digits and ASCII punctuation without whitespace counts 1 as a whole, like
  one word of a Western text: "2026" is 1, "GDP" is 1, "3.5%" is 1, so "2026年GDP增长3.5%" is 6.

The same rule runs in the browser (``static/govinfo/length.js``) as the author types; the server
counts again on submit and its count is the one that decides.

**Whether it fits**: a carrier "不超过 N 字" (``at_most``) takes at most N; a carrier "N 字左右"
(``about``) takes up to N plus its tolerance (10% unless configured, rounded down), and a text past N
but within the tolerance is accepted with a note that it is over the target.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

AT_MOST = "at_most"
ABOUT = "about"


def count_chars(text: str) -> int:
    """字数 of ``text`` (plain text, markup already removed), by the rule of the module docstring."""
    count = 0
    in_word = False
    for ch in text:
        if ch.isspace():
            in_word = False
        elif ord(ch) > 0x7F:
            count += 1
            in_word = False
        elif not in_word:
            count += 1
            in_word = True
    return count


class Fit(enum.Enum):
    FITS = "fits"
    OVER_TARGET = "over_target"  # an "about" carrier: past the target, within the tolerance
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class Verdict:
    count: int
    limit: int
    ceiling: int  # the most the carrier accepts
    fit: Fit

    @property
    def accepted(self) -> bool:
        return self.fit is not Fit.TOO_LONG

    @property
    def excess(self) -> int:
        """How many characters must go for the text to be accepted (0 when it is)."""
        return max(0, self.count - self.ceiling)


def ceiling(limit: int, kind: str, tolerance_percent: int) -> int:
    if kind == AT_MOST:
        return limit
    if kind == ABOUT:
        return limit + limit * tolerance_percent // 100
    raise ValueError(f"unknown limit kind: {kind!r}")


def check(text: str, *, limit: int, kind: str, tolerance_percent: int = 10) -> Verdict:
    """Does ``text`` fit a carrier of ``limit`` characters of ``kind`` (``at_most`` or ``about``)?"""
    count = count_chars(text)
    top = ceiling(limit, kind, tolerance_percent)
    if count > top:
        fit = Fit.TOO_LONG
    elif count > limit:
        fit = Fit.OVER_TARGET
    else:
        fit = Fit.FITS
    return Verdict(count=count, limit=limit, ceiling=top, fit=fit)
