"""Honest rankings (docs/SPEC.md §7): ties, vetoes last, peer groups, bands, minimum samples and
Wilson intervals — every expected value worked out by hand. Pure: runs with ``pytest -p no:django``."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gongkai.assessment import standings as st
from gongkai.assessment.standings import Standing, rate_ranking, standings, wilson

BANDS = (("第一档", D("0.25")), ("第二档", D("0.75")), ("第三档", D(1)))


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    totals = {"a": D("91.5"), "b": D("88"), "c": D("88"), "d": D("70")}
    result = standings(totals)
    assert [(k, s.rank, s.tied) for k, s in result.items()] == [
        ("a", 1, False),
        ("b", 2, True),
        ("c", 2, True),
        ("d", 4, False),
    ]


def test_a_vetoed_body_ranks_after_every_body_without_a_veto() -> None:
    # e 96 is vetoed (5 空白栏目): below d 70. f 60 vetoed too: after e.
    totals = {"a": D(90), "d": D(70), "e": D(96), "f": D(60)}
    result = standings(totals, vetoed={"e", "f"})
    assert {k: (s.rank, s.vetoed) for k, s in result.items()} == {
        "a": (1, False),
        "d": (2, False),
        "e": (3, True),
        "f": (4, True),
    }
    assert list(result) == ["a", "d", "e", "f"]


def test_ranks_within_peer_groups() -> None:
    # Governments g1 95, g2 80, g3 80; departments d1 99, d2 85, d3 60 vetoed.
    totals = {"g1": D(95), "g2": D(80), "g3": D(80), "d1": D(99), "d2": D(85), "d3": D(60)}
    groups = {"g1": "政府", "g2": "政府", "g3": "政府", "d1": "部门", "d2": "部门", "d3": "部门"}
    result = standings(totals, groups, vetoed={"d3"})
    # Overall without d3: d1 99 (1), g1 95 (2), d2 85 (3), g2 = g3 80 (4, 4); d3 after them: 6.
    assert {k: (s.rank, s.tied) for k, s in result.items()} == {
        "d1": (1, False),
        "g1": (2, False),
        "d2": (3, False),
        "g2": (4, True),
        "g3": (4, True),
        "d3": (6, False),
    }
    assert {k: (s.group_rank, s.group_tied) for k, s in result.items()} == {
        "g1": (1, False),
        "g2": (2, True),
        "g3": (2, True),
        "d1": (1, False),
        "d2": (2, False),
        "d3": (3, False),
    }


def test_bands_hold_at_most_their_share_and_a_tie_shares_its_band() -> None:
    # 8 bodies, no veto: 第一档 floor(0.25×8)=2 → ranks 1–2; 第二档 floor(0.75×8)=6 → ranks 3–6;
    # 第三档 the rest. h and i tie at rank 2: both 第一档 (3 bodies: a tie is read at its rank).
    totals = {k: D(v) for k, v in zip("ahibcdeg", [99, 95, 95, 90, 85, 80, 70, 60], strict=True)}
    result = standings(totals, bands=BANDS)
    assert {k: s.band for k, s in result.items()} == {
        "a": "第一档",
        "h": "第一档",
        "i": "第一档",
        "b": "第二档",
        "c": "第二档",
        "d": "第二档",
        "e": "第三档",
        "g": "第三档",
    }


def test_bands_are_read_within_the_group_and_a_vetoed_body_gets_the_veto_band() -> None:
    # Group 政府 of 4 (one vetoed → 3 ranked): 第一档 floor(0.75)=0 bodies, 第二档 floor(2.25)=2.
    totals = {"g1": D(95), "g2": D(90), "g3": D(80), "g4": D(99), "d1": D(50)}
    groups = {"g1": "政府", "g2": "政府", "g3": "政府", "g4": "政府", "d1": "部门"}
    result = standings(totals, groups, vetoed={"g4"}, bands=BANDS, veto_band="否决")
    assert {k: s.band for k, s in result.items()} == {
        "g1": "第二档",
        "g2": "第二档",
        "g3": "第三档",
        "g4": "否决",
        "d1": "第三档",  # alone in its group: floor(0.25)=0, floor(0.75)=0, floor(1)=1
    }
    without_name = standings(totals, groups, vetoed={"g4"}, bands=BANDS)
    assert without_name["g4"].band == "第三档"


def test_bands_are_checked() -> None:
    with pytest.raises(ValueError):
        standings({"a": D(1)}, bands=(("一", D("0.5")), ("二", D("0.4")), ("三", D(1))))
    with pytest.raises(ValueError):
        standings({"a": D(1)}, bands=(("一", D("0.5")), ("二", D("0.9"))))


def test_no_bands_and_no_bodies() -> None:
    assert standings({}) == {}
    assert standings({"a": D(1)}) == {"a": Standing(1, False, 1, False, "", False)}


@pytest.mark.parametrize(
    ("count", "sample", "expected"),
    [
        # p=0.8, z²/n=0.38416: ((0.99208 ∓ 1.96·√0.025604) / 1.38416)
        (8, 10, (D("0.4902"), D("0.9433"))),
        # p=0: centre = spread = 0.38416 → (0, 0.76832/1.76832)
        (0, 5, (D("0.0000"), D("0.4345"))),
        (5, 5, (D("0.5655"), D("1.0000"))),
        # p=1, n=1: (2.9208 − 1.9208)/4.8416
        (1, 1, (D("0.2065"), D("1.0000"))),
        # p=0.95: (0.969208 ∓ 1.96·√0.00057104)/1.038416
        (95, 100, (D("0.8882"), D("0.9785"))),
    ],
)
def test_wilson_intervals_worked_by_hand(count: int, sample: int, expected: tuple[D, D]) -> None:
    assert wilson(count, sample) == expected


def test_wilson_without_a_sample_and_bad_counts() -> None:
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_a_rate_below_the_minimum_sample_is_not_ranked() -> None:
    # Minimum 5 requests. a 9/10, b 1/1 (100 % on one request: not ranked), c 18/20 (ties a at 0.9),
    # d 4/5, e 0/0 (no request).
    counts = {"a": 9, "b": 1, "c": 18, "d": 4, "e": 0}
    samples = {"a": 10, "b": 1, "c": 20, "d": 5, "e": 0}
    result = rate_ranking(counts, samples, min_sample=5)
    assert {k: (r.rank, r.tied, r.sufficient) for k, r in result.items()} == {
        "a": (1, True, True),
        "b": (None, False, False),
        "c": (1, True, True),
        "d": (3, False, True),
        "e": (None, False, False),
    }
    assert result["b"].rate == D("1.0000") and result["b"].interval == (D("0.2065"), D("1.0000"))
    assert result["b"].label == "样本不足（1）"
    assert result["e"].rate is None and result["e"].interval is None
    assert result["e"].label == "样本不足（0）"
    assert result["d"].label == "80.0%（37.6%–96.4%）"


def test_a_rate_where_lower_is_better() -> None:
    # Share overdue: a 1/10, b 2/20 (ties a), c 0/8.
    result = rate_ranking({"a": 1, "b": 2, "c": 0}, {"a": 10, "b": 20, "c": 8}, 5, higher_is_better=False)
    assert {k: (r.rank, r.tied) for k, r in result.items()} == {
        "a": (2, True),
        "b": (2, True),
        "c": (1, False),
    }


def test_exact_rates_rank_2_of_3_equal_to_4_of_6() -> None:
    result = rate_ranking({"x": 2, "y": 4, "z": 6667}, {"x": 3, "y": 6, "z": 10000}, 3)
    assert (result["z"].rank, result["x"].rank, result["y"].rank) == (1, 2, 2)
    assert result["x"].tied and not result["z"].tied


def test_a_label_rounds_once_from_the_exact_values() -> None:
    # 3/3: lower bound 1/2.28053… = 0.438494… → 43.8 % (0.4385 at 4 places would give 43.9 %).
    result = rate_ranking({"e": 3}, {"e": 3}, 3)
    assert result["e"].interval == (D("0.4385"), D("1.0000"))
    assert result["e"].label == "100.0%（43.8%–100.0%）"
    # 2/3 = 0.6666… → 66.7 %; Wilson (0.2077, 0.9385).
    assert rate_ranking({"x": 2}, {"x": 3}, 3)["x"].label == "66.7%（20.8%–93.9%）"


def test_percent_rounds_half_up() -> None:
    assert st.percent(D("0.8125")) == "81.3%"
    assert st.percent(D("0.0005")) == "0.1%"
