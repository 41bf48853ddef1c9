"""The points kernel (docs/SPEC.md §8; 吕梁's figures in its source papers). Pure: runs with
``-p no:django``."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from gongkai.govinfo import points
from gongkai.govinfo.points_defaults import SHIPPED_RULES


@pytest.fixture
def rules() -> points.RuleSet:
    return points.parse_rules(SHIPPED_RULES)


def test_luliang_third_quarter_figures(rules: points.RuleSet) -> None:
    # docs/SPEC.md §8's source papers: 《吕梁政务信息●普刊》23 items = 23 points, 《晋政信息●普刊》9 = 36,
    # 《晋政信息●互联网》8 = 16.
    assert 23 * points.adoption_points(rules, "city", "general") == 23
    assert 9 * points.adoption_points(rules, "province", "general") == 36
    assert 8 * points.adoption_points(rules, "province", "internet") == 16


def test_forwarded_items_are_multiplied_by_level(rules: points.RuleSet) -> None:
    assert points.adoption_points(rules, "province", "general", via_forward=True) == 8  # 4 × 2
    assert points.adoption_points(rules, "national", "general", via_forward=True) == 40  # 8 × 5
    # No multiplier named for the city: ×1.
    assert points.adoption_points(rules, "city", "general", via_forward=True) == 1


def test_unknown_level_or_edition_is_worth_nothing(rules: points.RuleSet) -> None:
    assert points.adoption_points(rules, "township", "general") == 0
    assert points.adoption_points(rules, "city", "poster") == 0


def test_instructions_by_leader_level(rules: points.RuleSet) -> None:
    assert points.instruction_points(rules, "county") == 20
    assert points.instruction_points(rules, "city") == 40
    assert points.instruction_points(rules, "province") == 80


def test_penalty_ranges(rules: points.RuleSet) -> None:
    points.check_penalty(rules, "late", Decimal(-100))
    points.check_penalty(rules, "false", Decimal(-75))
    with pytest.raises(points.PenaltyError, match="迟报应扣100分（填写 -100）"):
        points.check_penalty(rules, "late", Decimal(-50))
    with pytest.raises(points.PenaltyError, match="信息失实的扣分应在 -100 至 -50 之间"):
        points.check_penalty(rules, "false", Decimal(-120))
    with pytest.raises(points.PenaltyError, match="没有“bogus”"):
        points.check_penalty(rules, "bogus", Decimal(-1))


def test_joint_items_split_evenly() -> None:
    assert points.split(Decimal(4), [7, 8]) == {7: 2, 8: 2}
    thirds = points.split(Decimal(1), [1, 2, 3])
    assert abs(sum(thirds.values()) - 1) < Decimal("1e-20")  # exact shares, rounded only when shown
    assert points.cents(thirds[1]) == Decimal("0.33")
    assert points.split(Decimal(4), [5, 5]) == {5: 4}  # a unit named twice is one unit
    assert points.split(Decimal(4), []) == {}


def test_shipped_rules_parse(rules: points.RuleSet) -> None:
    assert rules.missed_commissions_zero_year == 2
    assert rules.quota_tiers == {"一档": 6, "二档": 5, "三档": 3, "四档": 2}
    assert rules.officer_weekly_minimum == 2
    assert rules.appraisal == points.AppraisalRule(2, 3, 10)


def test_bad_rule_sets_say_what_is_wrong() -> None:
    with pytest.raises(points.RuleSetError, match="计分规则应为键值表"):
        points.parse_rules([1, 2])
    bad = copy.deepcopy(SHIPPED_RULES)
    bad["adoption"]["city"]["general"] = "一分"
    bad["adoption"]["moon"] = {"general": 1}
    bad["penalty"]["late"] = {"default": 100, "min": -100, "max": 100}
    del bad["penalty"]["false"]
    bad["instruction"]["city"] = -40
    bad["extra"] = 1
    del bad["appraisal"]
    with pytest.raises(points.RuleSetError) as caught:
        points.parse_rules(bad)
    assert caught.value.errors == [
        "未知的规则项“extra”",
        "采用计分：市级综合刊应为数字",
        "采用计分：未知的刊物层级“moon”（应为 county、city、province、national）",
        "领导批示加分：市领导不能为负数",
        "扣分：迟报的分值应为负数",
        "扣分：缺少“信息失实”（false）",
        "缺少“年终考核”（appraisal），或其格式不是键值表",
        "年终考核：不得评优的月数（bar_excellent_months）应为不小于0的整数",
        "年终考核：不称职的月数（unfit_months）应为不小于0的整数",
        "年终考核：不称职的累计差额（unfit_shortfall）应为不小于0的整数",
    ]
