"""The ranking kernel: ranks with ties, zeroing, quotas and the appraisal of docs/SPEC.md §8. Pure: runs with
``-p no:django``."""

from __future__ import annotations

from decimal import Decimal

from gongkai.govinfo import ranking

D = Decimal


def test_standard_competition_ranking_with_ties() -> None:
    totals = {"a": D(10), "b": D(8), "c": D(8), "d": D(5), "e": D(5), "f": D(5), "g": D(0)}
    ranks = ranking.rank(totals)
    assert [(k, r.rank, r.tied) for k, r in ranks.items()] == [
        ("a", 1, False),
        ("b", 2, True),
        ("c", 2, True),
        ("d", 4, True),
        ("e", 4, True),
        ("f", 4, True),
        ("g", 7, False),
    ]


def test_order_breaks_listing_of_ties_only() -> None:
    ranks = ranking.rank({"x": D(3), "y": D(3), "z": D(4)}, order=["y", "x", "z"])
    assert list(ranks) == ["z", "y", "x"]
    assert ranks["x"] == ranks["y"] == ranking.Rank(2, True)


def test_negative_totals_rank_last() -> None:
    ranks = ranking.rank({"a": D(-100), "b": D(0), "c": D("0.5")})
    assert [ranks[k].rank for k in "cba"] == [1, 2, 3]


def test_zeroing_two_missed_commissions() -> None:
    # docs/SPEC.md §8: missing 2 or more commissioned pieces zeroes the year.
    zero = ranking.zeroed({1: 1, 2: 2, 3: 3}, 2)
    assert zero == {2, 3}
    assert ranking.zeroed({1: 5}, 0) == set()
    assert ranking.apply_zeroing({1: D(5), 2: D(40), 3: D(-100)}, zero) == {1: D(5), 2: D(0), 3: D(0)}


def test_no_submission() -> None:
    assert ranking.no_submission({1: 3, 2: 0}, [1, 2, 3]) == [2, 3]


def test_quota_counts_each_months_shortfall() -> None:
    # 3 months of a 5-a-month tier: 6 (over, not carried), 3 (2 short), 0 (5 short).
    result = ranking.quota([(5, 6), (5, 3), (5, 0)])
    assert result == ranking.QuotaResult(required=15, done=9, shortfall=7, months_short=2)


def appraise(months_short: int, shortfall: int) -> str:
    return ranking.appraise(
        months_short, shortfall, bar_excellent_months=2, unfit_months=3, unfit_shortfall=10
    )


def test_appraisal_of_the_source_papers() -> None:
    # docs/SPEC.md §8's source papers: 累计2个月完不成 → 不参加优秀档次评比;
    # 累计3个月及以上，或累计差10条 → 不称职.
    assert appraise(0, 0) == ranking.FIT
    assert appraise(1, 4) == ranking.FIT
    assert appraise(2, 2) == ranking.NO_EXCELLENT
    assert appraise(2, 9) == ranking.NO_EXCELLENT
    assert appraise(3, 3) == ranking.UNFIT
    assert appraise(1, 10) == ranking.UNFIT  # one bad month, 10 short in total
    # A year of a 3-a-month tier, with 2 in March, 0 in June: 2 months short, 4 short → 不得评优.
    year = [(3, 3)] * 12
    year[2], year[5] = (3, 2), (3, 0)
    result = ranking.quota(year)
    assert (result.months_short, result.shortfall) == (2, 4)
    assert appraise(result.months_short, result.shortfall) == ranking.NO_EXCELLENT


def test_officer_weeks_short() -> None:
    # docs/SPEC.md §8's source papers: 兼职信息员每周报送信息不得少于2条.
    assert ranking.weeks_short({10: 2, 11: 1}, [10, 11, 12], 2) == [(11, 1), (12, 0)]


def test_compare_tables() -> None:
    old = {1: (1, D(10)), 2: (2, D(8)), 3: (3, D(1))}
    new = {2: (1, D(16)), 1: (2, D(10)), 4: (3, D(0))}
    rows = ranking.compare(old, new)
    assert [(r.unit, r.old_rank, r.new_rank, r.changed) for r in rows] == [
        (2, 2, 1, True),
        (1, 1, 2, True),
        (4, None, 3, True),
        (3, 3, None, True),
    ]
    assert not ranking.compare({1: (1, D(1))}, {1: (1, D(1))})[0].changed
