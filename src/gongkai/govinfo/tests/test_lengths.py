"""How 字数 is counted and whether a text fits its carrier (``govinfo.lengths``), a pure kernel: runs
with ``pytest -p no:django``. docs/SPEC.md §8: 普刊 ≤ 200 字, 要情 ≈ 200, 报国办要情/综合 ≤ 150, 专供信息
≈ 1,500, 政务情况交流 ≈ 3,000, 特刊 ≈ 2,000. Every figure below is counted by hand."""

from __future__ import annotations

import pytest

from gongkai.govinfo import lengths
from gongkai.govinfo.lengths import Fit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        # 市 教 育 局 开 展 校 园 安 全 检 查
        ("市教育局开展校园安全检查", 12),
        # 2026 年 GDP 增 长 3.5%
        ("2026年GDP增长3.5%", 6),
        # Hello · world: two ASCII words
        ("Hello world", 2),
        # every Chinese punctuation mark is a character
        ("，。、；：？！", 7),
        ("“一网通办”《条例》", 10),
        ("（1）", 3),
        ("……——", 4),
        # full-width letters and digits count one each: 全 角 Ａ Ｂ Ｃ １ ２
        ("全角ＡＢＣ１２", 7),
        # whitespace of every kind is not counted, and ends an ASCII word
        ("  市 政 府\t\n办公室\u3000会议 ", 8),
        ("A, B", 2),
        ("A,B", 1),
        # COVID-19 疫 情
        ("COVID-19疫情", 3),
        # "email:" and "a@b.cn" are two ASCII words
        ("email: a@b.cn", 2),
        # 共 计 1,234.5 万 元 ， 同 比 增 长 12% 。
        ("共计1,234.5万元，同比增长12%。", 12),
        # a non-BMP character is one
        ("点赞👍", 3),
    ],
)
def test_count_chars(text, expected):
    assert lengths.count_chars(text) == expected


def test_at_most_carrier():
    fits = lengths.check("字" * 200, limit=200, kind=lengths.AT_MOST)
    assert (fits.count, fits.limit, fits.ceiling, fits.fit, fits.accepted, fits.excess) == (
        200,
        200,
        200,
        Fit.FITS,
        True,
        0,
    )
    over = lengths.check("字" * 201, limit=200, kind=lengths.AT_MOST)
    assert (over.fit, over.accepted, over.excess) == (Fit.TOO_LONG, False, 1)
    # the tolerance does not apply to 不超过
    assert (
        lengths.check("字" * 201, limit=200, kind=lengths.AT_MOST, tolerance_percent=50).fit is Fit.TOO_LONG
    )


def test_about_carrier_with_tolerance():
    # 要情 ≈ 200 with 10%: up to 220 accepted, past 200 noted
    assert lengths.check("字" * 200, limit=200, kind=lengths.ABOUT).fit is Fit.FITS
    near = lengths.check("字" * 220, limit=200, kind=lengths.ABOUT)
    assert (near.fit, near.accepted, near.ceiling, near.excess) == (Fit.OVER_TARGET, True, 220, 0)
    over = lengths.check("字" * 230, limit=200, kind=lengths.ABOUT)
    assert (over.fit, over.accepted, over.excess) == (Fit.TOO_LONG, False, 10)
    assert lengths.check("字" * 205, limit=200, kind=lengths.ABOUT, tolerance_percent=0).fit is Fit.TOO_LONG


@pytest.mark.parametrize(
    ("limit", "kind", "tolerance", "expected"),
    [
        (1500, "about", 10, 1650),
        (155, "about", 10, 170),  # 15.5 rounded down
        (3000, "about", 5, 3150),
        (150, "at_most", 10, 150),
    ],
)
def test_ceiling(limit, kind, tolerance, expected):
    assert lengths.ceiling(limit, kind, tolerance) == expected


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown limit kind"):
        lengths.check("字", limit=10, kind="roughly")
