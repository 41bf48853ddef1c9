"""The near-duplicate kernel (pure, no Django): the same event reported by several units is shown
side by side at the desk (docs/SPEC.md §8). Figures worked by hand."""

from __future__ import annotations

import math

import pytest

from gongkai.govinfo import neardup

RAIN_A = (
    "埇桥区遭遇强降雨 区应急管理局连夜组织排涝。7月10日夜，埇桥区突降暴雨，城区多处积水，"
    "区应急管理局组织力量排涝，转移群众120人，未造成人员伤亡。"
)
RAIN_B = (
    "埇桥区全力应对强降雨。7月10日晚，埇桥区出现强降雨天气，城区部分路段积水。"
    "区应急管理局连夜组织排涝抢险，共转移群众120余人，无人员伤亡。"
)
SCHOOL = "市教育局召开全市中小学安全工作会议，部署暑期学生防溺水工作，要求各校落实家校联系制度。"


def test_cosine_and_jaccard_by_hand() -> None:
    a = frozenset({"暴雨", "积水", "排涝", "转移"})
    b = frozenset({"暴雨", "积水", "排涝", "抢险", "路段", "天气"})
    # 3 shared; |A| = 4, |B| = 6: cosine 3 / sqrt(24) = 0.6124; Jaccard 3 / 7 = 0.4286.
    assert neardup.cosine(a, b) == pytest.approx(3 / math.sqrt(24))
    assert round(neardup.cosine(a, b), 4) == 0.6124
    assert neardup.jaccard(a, b) == pytest.approx(3 / 7)
    assert neardup.cosine(a, a) == 1.0
    assert neardup.cosine(a, frozenset()) == 0.0
    assert neardup.jaccard(frozenset(), frozenset()) == 0.0


def test_cosine_does_not_punish_the_shorter_report_as_hard_as_jaccard() -> None:
    """A 2-word flash inside a 8-word account: cosine 2 / sqrt(16) = 0.5 (a near-duplicate at the
    threshold 0.4), Jaccard only 2 / 8 = 0.25."""
    short = frozenset({"暴雨", "排涝"})
    long = frozenset({"暴雨", "排涝", "积水", "转移", "群众", "城区", "抢险", "路段"})
    assert neardup.cosine(short, long) == 0.5
    assert neardup.jaccard(short, long) == 0.25
    assert neardup.is_near_duplicate(neardup.cosine(short, long))
    assert not neardup.is_near_duplicate(neardup.jaccard(short, long))


def test_words_drop_single_characters_numbers_and_generic_words() -> None:
    assert neardup.words("近日我市开展工作，转移群众120人") == frozenset({"转移", "群众"})
    # search mode: 人员伤亡 also yields 人员 and 伤亡
    assert {"人员伤亡", "人员", "伤亡"} <= neardup.words("未造成人员伤亡")


def test_two_reports_of_one_rainstorm_are_near_duplicates() -> None:
    a, b = neardup.words(RAIN_A), neardup.words(RAIN_B)
    shared = a & b
    assert shared == {
        "人员",
        "人员伤亡",
        "伤亡",
        "城区",
        "应急",
        "强降雨",
        "排涝",
        "桥区",
        "积水",
        "管理",
        "管理局",
        "群众",
        "转移",
        "连夜",
        "降雨",
    }
    assert (len(a), len(b)) == (22, 24)
    # 15 / sqrt(22 · 24) = 0.6528
    assert round(neardup.similarity(RAIN_A, RAIN_B), 4) == round(15 / math.sqrt(22 * 24), 4) == 0.6528
    assert neardup.similarity(RAIN_A, SCHOOL) == 0.0


def test_rank_keeps_near_duplicates_most_similar_first() -> None:
    matches = neardup.rank(RAIN_A, [(3, SCHOOL), (7, RAIN_B), (5, RAIN_A)])
    assert [m.key for m in matches] == [5, 7]
    assert matches[0].score == 1.0
    assert neardup.rank(RAIN_A, [(7, RAIN_B)], threshold=0.7) == []


def test_bigrams_and_title_overlap() -> None:
    assert neardup.bigrams("埇桥区，强降雨") == frozenset({"埇桥", "桥区", "强降", "降雨"})
    assert neardup.bigrams("ＡＢ c") == frozenset({"ab"})  # full-width normalized; a space ends a run
    item = neardup.bigrams(RAIN_A)
    # 埇桥区全力应对强降雨: 9 pairs (埇桥 桥区 区全 全力 力应 应对 对强 强降 降雨), 4 of them in RAIN_A.
    assert neardup.title_overlap("埇桥区全力应对强降雨", item) == 4 / 9
    assert neardup.title_overlap("市教育局召开安全会议", item) == 0.0
    assert neardup.title_overlap("雨", item) == 0.0


def test_key_terms_title_first_then_longest_body_words() -> None:
    keys = neardup.key_terms("埇桥区遭遇强降雨", "区应急管理局组织力量排涝，未造成人员伤亡。")
    # the title's words, longest first (at most half the keys), then the body's, longest first
    assert keys[:4] == ["强降雨", "桥区", "遭遇", "降雨"]
    assert keys[4:] == ["人员伤亡", "管理局", "人员", "伤亡"]
    assert len(neardup.key_terms("标题", "很长的正文" * 50, limit=4)) <= 4


def test_length_window() -> None:
    assert neardup.length_window(150) == (50, 450)
    assert neardup.length_window(2) == (1, 6)
    assert neardup.length_window(0) == (0, 0)
