"""The scoring kernel (``assessment/scoring.py``), by hand-worked cases. Pure: runs without Django.

The rules are docs/SPEC.md §7's ("Rules in use elsewhere"): −5 per item published late, −1 per
missing metadata field, −6 per overdue request, −3 per request corrected by 复议/诉讼, −5 for an annual
report late; veto at 5 or more empty or stale columns or a message unanswered for more than 3 months;
< 60 fails; bodies without public-service functions scored out of 75 × 4/3; docs/SPEC.md §7's 陇川 scheme
(二、制度建设与监督检查 15分, 未建立奖惩机制扣5分).
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from gongkai.assessment.scoring import (
    CriterionSpec,
    SchemeSpec,
    band_grade,
    check_scheme,
    checklist_points,
    fmt,
    grade,
    max_points_of,
    parse_scale,
    peer_group,
    q2,
    score,
    top_places,
)

GRADES = {
    "bands": [
        {"from": "0", "grade": "不合格"},
        {"from": "60", "grade": "基本合格"},
        {"from": "67", "grade": "合格"},
    ],
    "veto_grade": "不合格",
    "top": {"share": "0.25", "grade": "先进", "min_total": "67"},
}
CONFIG: dict[str, Any] = {
    "groups": [
        {"code": "government", "label": "人民政府", "kinds": ["government", "general_office"], "scale": "1"},
        {"code": "department", "label": "政府部门", "kinds": ["department", "directly_under"], "scale": "1"},
        {"code": "no_service", "label": "无公共服务职能", "kinds": [], "levels": [], "scale": "4/3"},
        {"code": "township", "label": "乡镇", "kinds": [], "levels": ["township"], "scale": "1"},
    ],
    "default_group": "department",
    "grades": GRADES,
}


def c(
    code: str, kind: str, points: str, parent: str | None = None, groups: tuple[str, ...] = (), *rules: Any
) -> CriterionSpec:
    return CriterionSpec(code, f"项目{code}", kind, D(points), parent, groups, tuple(rules))


def per_unit(indicator: str, points: str, **extra: str) -> dict[str, str]:
    return {"type": "per_unit", "indicator": indicator, "points": points, **extra}


#: A scheme of 100 (75 for ``no_service``): 主动公开 40 (late items −5, metadata −1, annual report −5),
#: 依申请公开 25 for governments and departments only (overdue −6, corrected −3), 满意度 20 (a rate),
#: 组织 15 by hand, bonus 5 (0.5 per adopted piece), two vetoes.
SPEC = SchemeSpec(
    (
        c("1", "group", "40"),
        c("1.1", "indicator", "30", "1", (), per_unit("items_late", "5", label="逾期发布")),
        c(
            "1.2",
            "indicator",
            "10",
            "1",
            (),
            per_unit("metadata_missing", "1", label="元数据缺项"),
            {
                "type": "when",
                "indicator": "annual_report_on_time",
                "op": "eq",
                "value": "0",
                "points": "5",
                "label": "年报未按时发布",
            },
        ),
        c(
            "2",
            "indicator",
            "25",
            None,
            ("government", "department", "township"),
            per_unit("requests_overdue", "6", label="逾期答复"),
            per_unit("appeals_corrected", "3", label="被纠错"),
        ),
        c(
            "3",
            "indicator",
            "20",
            None,
            (),
            {
                "type": "rate",
                "indicator": "satisfaction",
                "zero_at": "0.6",
                "full_at": "1",
                "label": "满意率",
            },
        ),
        c("4", "manual", "15", None, (), {"type": "checklist", "label": "未建立奖惩机制", "points": "5"}),
        c("5", "bonus", "5", None, (), per_unit("govinfo_adopted", "0.5", label="信息采用")),
        c(
            "6",
            "veto",
            "0",
            None,
            (),
            {"type": "veto", "indicator": "columns_empty", "op": "ge", "value": "5", "label": "空白栏目"},
            {"type": "veto", "indicator": "columns_stale", "op": "ge", "value": "5", "label": "不更新栏目"},
        ),
        c(
            "7",
            "veto",
            "0",
            None,
            (),
            {"type": "veto", "indicator": "messages_unanswered_3_months", "op": "ge", "value": "1"},
        ),
    ),
    CONFIG,
)

CLEAN: dict[str, Any] = {
    "items_late": 0,
    "metadata_missing": 0,
    "annual_report_on_time": 1,
    "requests_overdue": 0,
    "appeals_corrected": 0,
    "satisfaction": D("1"),
    "govinfo_adopted": 0,
    "columns_empty": 0,
    "columns_stale": 0,
    "messages_unanswered_3_months": 0,
}


def run(group: str = "government", manual: dict[str, D | None] | None = None, **figures: Any) -> Any:
    return score(SPEC, group, {**CLEAN, **figures}, manual if manual is not None else {"4": D(15)})


# -------------------------------------------------------------------------------------- validity


def test_the_test_scheme_is_valid() -> None:
    assert check_scheme(SPEC) == []


def test_a_clean_body_scores_full_marks() -> None:
    result = run()
    assert result.raw_total == D("100.00")
    assert result.max_points == D("100")
    assert result.total == D("100.00")
    assert result.vetoes == ()
    assert result.criteria["1"].points == D("40.00")
    assert result.criteria["1"].lines == ("1.1 30分", "1.2 10分")


# -------------------------------------------------------------------------------- per-unit rules


@pytest.mark.parametrize(
    ("late", "points"),
    [(0, "30"), (1, "25"), (2, "20"), (3, "15"), (5, "5"), (6, "0"), (7, "0"), (100, "0")],
)
def test_minus_5_per_late_item_capped_at_the_criterions_30(late: int, points: str) -> None:
    result = run(items_late=late)
    assert result.criteria["1.1"].points == D(points)
    assert result.raw_total == D(70) + D(points)


def test_the_lines_say_how_the_deduction_came_about() -> None:
    assert run(items_late=2).criteria["1.1"].lines == ("逾期发布 2 × 5分 = 扣10分",)
    assert run(items_late=7).criteria["1.1"].lines == ("逾期发布 7 × 5分 = 扣35分", "扣分以本项分值30分为限")
    assert run(items_late=0).criteria["1.1"].lines == ("逾期发布 0，不扣分",)


@pytest.mark.parametrize(
    ("missing", "on_time", "points"),
    [
        (0, 1, "10"),
        (3, 1, "7"),
        (0, 0, "5"),  # −5 for the annual report late
        (3, 0, "2"),
        (5, 0, "0"),
        (9, 0, "0"),  # −14 capped at 10
        (10, 1, "0"),
        (11, 1, "0"),
    ],
)
def test_metadata_and_the_annual_report_share_one_cap(missing: int, on_time: int, points: str) -> None:
    result = run(metadata_missing=missing, annual_report_on_time=on_time)
    assert result.criteria["1.2"].points == D(points)


def test_the_when_rule_says_what_held() -> None:
    lines = run(annual_report_on_time=0).criteria["1.2"].lines
    assert lines == ("元数据缺项 0，不扣分", "年报未按时发布（0 = 0）：扣5分")


@pytest.mark.parametrize(
    ("overdue", "corrected", "points"),
    [
        (0, 0, "25"),
        (1, 0, "19"),
        (2, 0, "13"),
        (4, 0, "1"),
        (5, 0, "0"),
        (0, 1, "22"),
        (1, 2, "13"),
        (3, 3, "0"),
        (2, 4, "1"),
    ],
)
def test_minus_6_per_overdue_request_minus_3_per_correction(
    overdue: int, corrected: int, points: str
) -> None:
    result = run(requests_overdue=overdue, appeals_corrected=corrected)
    assert result.criteria["2"].points == D(points)


def test_a_per_unit_rule_with_its_own_cap() -> None:
    spec = SchemeSpec((c("1", "indicator", "20", None, (), per_unit("x", "2", cap="6")),), {})
    assert check_scheme(spec) == []
    assert score(spec, "", {"x": 2}, {}).criteria["1"].points == D("16")
    assert score(spec, "", {"x": 3}, {}).criteria["1"].points == D("14")
    result = score(spec, "", {"x": 9}, {})
    assert result.criteria["1"].points == D("14")
    assert result.criteria["1"].lines == ("x 9 × 2分 = 扣18分（本项最多扣6分）",)


def test_no_figure_deducts_nothing_and_says_so() -> None:
    result = score(SPEC, "government", {}, {"4": D(15)})
    assert result.criteria["1.1"].points == D("30")
    assert result.criteria["1.1"].lines == ("逾期发布：无数据，不计分",)
    assert result.vetoes == ()


def test_decimal_units_deduct_exactly() -> None:
    spec = SchemeSpec((c("1", "indicator", "10", None, (), per_unit("x", "0.3")),), {})
    assert score(spec, "", {"x": 7}, {}).criteria["1"].points == D("7.90")
    assert score(spec, "", {"x": D("2.5")}, {}).criteria["1"].points == D("9.25")


# ------------------------------------------------------------------------------------ rate rules


@pytest.mark.parametrize(
    ("share", "points"),
    [
        ("1", "20"),
        ("0.95", "17.50"),  # (0.95 − 0.6) / 0.4 × 20 = 17.5
        ("0.8", "10"),
        ("0.61", "0.50"),
        ("0.6", "0"),
        ("0.3", "0"),
        ("0.7333", "6.67"),  # 0.1333 / 0.4 × 20 = 6.665 → 6.67 (half up)
        ("0.73325", "6.66"),  # 6.6625 → 6.66
    ],
)
def test_points_from_a_satisfaction_rate(share: str, points: str) -> None:
    assert run(satisfaction=D(share)).criteria["3"].points == D(points)


def test_a_rate_without_a_figure_counts_full_unless_configured() -> None:
    result = run(satisfaction=None)
    assert result.criteria["3"].points == D("20")
    assert result.criteria["3"].lines == ("满意率：无数据（或样本不足），计满分",)
    spec = SchemeSpec(
        (
            c(
                "1",
                "indicator",
                "10",
                None,
                (),
                {"type": "rate", "indicator": "r", "zero_at": "0", "full_at": "1", "missing": "zero"},
            ),
        ),
        {},
    )
    assert score(spec, "", {}, {}).criteria["1"].points == D("0")


def test_a_rate_with_deductions_on_top() -> None:
    spec = SchemeSpec(
        (
            c(
                "1",
                "indicator",
                "10",
                None,
                (),
                {"type": "rate", "indicator": "r", "zero_at": "0.5", "full_at": "1"},
                per_unit("x", "2"),
            ),
        ),
        {},
    )
    # 0.9 → (0.4 / 0.5) × 10 = 8, less 2 × 2 = 4
    assert score(spec, "", {"r": D("0.9"), "x": 2}, {}).criteria["1"].points == D("4")
    assert score(spec, "", {"r": D("0.9"), "x": 5}, {}).criteria["1"].points == D("0")
    line = score(spec, "", {"r": D("0.9"), "x": 0}, {}).criteria["1"].lines[0]
    assert line == "r 90%（50%及以下0分，100%及以上满分）：8分"


# ---------------------------------------------------------------------------------------- manual


def test_manual_points_are_the_scorers() -> None:
    assert run(manual={"4": D("12.5")}).criteria["4"].points == D("12.50")
    assert run(manual={"4": D("12.5")}).raw_total == D("97.50")
    assert run(manual={"4": D("12.5")}).criteria["4"].lines == ("评定12.5分",)


def test_a_manual_criterion_not_scored_counts_0() -> None:
    result = run(manual={})
    assert result.criteria["4"].points == D("0")
    assert result.criteria["4"].computed is None
    assert result.criteria["4"].lines == ("未评分",)
    assert result.raw_total == D("85")


@pytest.mark.parametrize(
    ("given", "points"), [("16", "15"), ("-2", "0"), ("15", "15"), ("0", "0"), ("7.125", "7.13")]
)
def test_manual_points_are_held_within_0_and_the_maximum(given: str, points: str) -> None:
    assert run(manual={"4": D(given)}).criteria["4"].points == D(points)


def test_the_checklist_of_standard_deductions() -> None:
    criterion = SPEC.by_code()["4"]
    assert checklist_points(criterion, []) == D("15")
    assert checklist_points(criterion, [0]) == D("10")  # 未建立奖惩机制扣5分 (docs/SPEC.md §7)
    assert checklist_points(criterion, [3]) == D("15")  # no such item


def test_a_supervisor_overrides_a_computed_criterion() -> None:
    result = run(items_late=2, manual={"4": D(15), "1.1": D(25)})
    assert result.criteria["1.1"].computed == D("20")
    assert result.criteria["1.1"].points == D("25")
    assert result.criteria["1.1"].lines[-1] == "系统计算20分，评定25分"
    assert result.raw_total == D("95")


def test_an_override_equal_to_the_computation_adds_no_line() -> None:
    result = run(items_late=2, manual={"4": D(15), "1.1": D(20)})
    assert result.criteria["1.1"].lines == ("逾期发布 2 × 5分 = 扣10分",)


# ----------------------------------------------------------------------------------------- bonus


@pytest.mark.parametrize(
    ("adopted", "bonus", "raw"),
    [(0, "0", "100"), (1, "0.5", "100.5"), (4, "2", "102"), (10, "5", "105"), (30, "5", "105")],
)
def test_bonus_points_exceed_the_maximum_within_their_own(adopted: int, bonus: str, raw: str) -> None:
    result = run(govinfo_adopted=adopted)
    assert result.criteria["5"].points == D(bonus)
    assert result.raw_total == D(raw)
    assert result.max_points == D("100")


def test_a_bonus_given_by_hand() -> None:
    spec = SchemeSpec((c("1", "manual", "10"), c("2", "bonus", "3")), {})
    assert check_scheme(spec) == []
    assert score(spec, "", {}, {"1": D(8), "2": D(2)}).raw_total == D("10")
    assert score(spec, "", {}, {"1": D(8), "2": D(9)}).raw_total == D("11")
    assert score(spec, "", {}, {"1": D(8)}).criteria["2"].points == D("0")


# ---------------------------------------------------------------------------------------- vetoes


@pytest.mark.parametrize(
    ("figures", "vetoes"),
    [
        ({}, ()),
        ({"columns_empty": 4}, ()),
        ({"columns_empty": 5}, ("6",)),
        ({"columns_stale": 5}, ("6",)),
        ({"columns_stale": 4, "columns_empty": 4}, ()),
        ({"messages_unanswered_3_months": 1}, ("7",)),
        ({"columns_empty": 9, "messages_unanswered_3_months": 2}, ("6", "7")),
    ],
)
def test_veto_items(figures: dict[str, Any], vetoes: tuple[str, ...]) -> None:
    result = run(**figures)
    assert result.vetoes == vetoes
    assert result.raw_total == D("100")  # a veto takes no points: it decides the grade


def test_a_veto_says_why() -> None:
    result = run(columns_empty=6)
    assert result.criteria["6"].veto
    assert result.criteria["6"].lines == ("空白栏目 6（≥ 5）：单项否决", "不更新栏目 0：未触发")


def test_a_veto_decided_by_hand() -> None:
    spec = SchemeSpec((c("1", "manual", "10"), c("2", "veto", "0")), {})
    assert score(spec, "", {}, {"1": D(10), "2": D(1)}).vetoes == ("2",)
    assert score(spec, "", {}, {"1": D(10), "2": D(0)}).vetoes == ()
    assert score(spec, "", {}, {"1": D(10)}).vetoes == ()


# ------------------------------------------------------------------------------ groups & scaling


@pytest.mark.parametrize(
    ("kind", "level", "group"),
    [
        ("government", "county", "government"),
        ("general_office", "city", "government"),
        ("department", "county", "department"),
        ("vertical", "county", "department"),  # the default
        ("government", "township", "government"),  # the first group that fits
        ("public_institution", "township", "township"),
    ],
)
def test_peer_group_of_a_body(kind: str, level: str, group: str) -> None:
    assert peer_group(SPEC, kind, level) == group


def test_without_groups_everyone_is_in_one() -> None:
    assert peer_group(SchemeSpec((), {}), "government", "county") == ""


def test_bodies_without_public_service_functions_are_scored_out_of_75_times_4_3() -> None:
    assert max_points_of(SPEC, "no_service") == D("75")
    result = run("no_service")
    assert "2" not in result.criteria
    assert result.raw_total == D("75")
    assert result.total == D("100.00")
    # 75 − 5 (one late item) = 70 → 93.33
    assert run("no_service", items_late=1).total == D("93.33")
    # 60 × 4/3 = 80; 45 × 4/3 = 60
    assert run("no_service", items_late=3).total == D("80.00")
    assert run("no_service", items_late=6).total == D("60.00")
    # 71 × 4/3 = 94.666… → 94.67
    assert run("no_service", metadata_missing=4).total == D("94.67")
    # the bonus is scaled too: (75 + 1) × 4/3 = 101.33
    assert run("no_service", govinfo_adopted=2).total == D("101.33")


def test_requests_count_for_governments_and_departments() -> None:
    assert run("department", requests_overdue=1).raw_total == D("94")
    assert run("no_service", requests_overdue=1).raw_total == D("75")


def test_a_group_only_child_lowers_its_groups_maximum() -> None:
    spec = SchemeSpec(
        (
            c("1", "group", "30"),
            c("1.1", "manual", "20", "1"),
            c("1.2", "manual", "10", "1", ("a",)),
        ),
        {"groups": [{"code": "a", "kinds": ["government"]}, {"code": "b", "kinds": ["department"]}]},
    )
    assert check_scheme(spec) == []
    assert max_points_of(spec, "a") == D("30")
    assert max_points_of(spec, "b") == D("20")
    assert score(spec, "b", {}, {"1.1": D(18), "1.2": D(10)}).raw_total == D("18")


@pytest.mark.parametrize(
    ("text", "ok"),
    [("1", True), ("4/3", True), ("1.25", True), ("0", False), ("-1", False), ("x", False), ("1/0", False)],
)
def test_scales(text: str, ok: bool) -> None:
    assert (parse_scale(text) is not None) is ok


# ---------------------------------------------------------------------------------------- grades


@pytest.mark.parametrize(
    ("total", "grade_"),
    [
        ("0", "不合格"),
        ("59.99", "不合格"),
        ("60", "基本合格"),
        ("66.99", "基本合格"),
        ("67", "合格"),
        ("100", "合格"),
        ("105", "合格"),
    ],
)
def test_absolute_bands(total: str, grade_: str) -> None:
    assert band_grade(SPEC, D(total)) == grade_


@pytest.mark.parametrize(
    ("n", "places"), [(0, 0), (1, 0), (3, 0), (4, 1), (7, 1), (8, 2), (10, 2), (12, 3), (100, 25)]
)
def test_the_top_quarter_has_floor_n_over_4_places(n: int, places: int) -> None:
    assert top_places(SPEC, n) == places


def test_grades_with_the_top_quarter() -> None:
    totals = {"a": D(95), "b": D(90), "c": D(88), "d": D(80), "e": D(70), "f": D(65), "g": D(50), "h": D(99)}
    # 8 bodies → 2 places; h (99) is vetoed: the places go to a and b.
    assert grade(SPEC, totals, {"h"}) == {
        "a": "先进",
        "b": "先进",
        "c": "合格",
        "d": "合格",
        "e": "合格",
        "f": "基本合格",
        "g": "不合格",
        "h": "不合格",
    }


def test_ties_at_the_quarter_boundary_are_all_top() -> None:
    totals = {"a": D(95), "b": D(90), "c": D(90), "d": D(90), "e": D(70), "f": D(65), "g": D(60), "h": D(50)}
    grades = grade(SPEC, totals, set())
    assert [k for k, v in grades.items() if v == "先进"] == ["a", "b", "c", "d"]


def test_ties_above_the_boundary_take_the_places() -> None:
    totals = {"a": D(95), "b": D(95), "c": D(95), "d": D(90), "e": D(70), "f": D(65), "g": D(60), "h": D(50)}
    grades = grade(SPEC, totals, set())
    assert [k for k, v in grades.items() if v == "先进"] == ["a", "b", "c"]


def test_the_top_needs_the_minimum_total() -> None:
    totals = {"a": D(66), "b": D(50), "c": D(40), "d": D(30)}
    assert grade(SPEC, totals, set()) == {"a": "基本合格", "b": "不合格", "c": "不合格", "d": "不合格"}


def test_a_vetoed_body_fails_whatever_its_score() -> None:
    assert grade(SPEC, {"a": D(100)}, {"a"}) == {"a": "不合格"}


def test_grades_without_a_top() -> None:
    spec = SchemeSpec((), {"grades": {"bands": GRADES["bands"]}})
    assert grade(spec, {"a": D(99), "b": D(61), "c": D(10)}, {"c"}) == {
        "a": "合格",
        "b": "基本合格",
        "c": "不合格",
    }


# ------------------------------------------------------------------------------------- the check


def bad(*criteria: CriterionSpec, config: dict[str, Any] | None = None) -> list[str]:
    return check_scheme(SchemeSpec(criteria, config or {}))


def test_check_finds_the_problems() -> None:
    assert bad(c("1", "manual", "10"), c("1", "manual", "5")) == ["编号“1”重复"]
    assert bad(c("1", "oops", "10")) == ["“1 项目1”的计分方式“oops”无效"]
    assert bad(c("1.1", "manual", "10", "9")) == ["“1.1 项目1.1”的上级“9”不存在"]
    assert bad(c("1", "manual", "10"), c("1.1", "manual", "5", "1")) == ["“1.1 项目1.1”的上级“1”不是分类"]
    assert bad(c("1", "group", "10"), c("1.1", "manual", "5", "1")) == [
        "分类“1 项目1”分值10分，其下各项合计5分"
    ]
    assert bad(c("1", "group", "10")) == ["分类“1 项目1”下没有评分项"]
    assert bad(c("1", "group", "10"), c("1.1", "manual", "10", "1"), c("1.2", "bonus", "2", "1")) == [
        "加分项“1.2 项目1.2”应在第一层"
    ]
    assert bad(
        c("1", "veto", "5", None, (), {"type": "veto", "indicator": "x", "op": "ge", "value": "1"})
    ) == ["单项否决“1 项目1”不设分值"]
    assert bad(c("1", "indicator", "10")) == ["按指标扣分的“1 项目1”没有计分规则"]
    assert bad(c("1", "manual", "0")) == ["“1 项目1”的分值应大于0"]


def test_check_reads_every_rule() -> None:
    assert bad(c("1", "indicator", "10", None, (), {"type": "checklist", "label": "x", "points": "1"})) == [
        "“1 项目1”的第1条规则：类型“checklist”不适用于此计分方式（可用：per_unit、when、rate）"
    ]
    assert bad(c("1", "indicator", "10", None, (), {"type": "per_unit", "points": "1"})) == [
        "“1 项目1”的第1条规则缺少指标（indicator）"
    ]
    assert bad(c("1", "indicator", "10", None, (), per_unit("x", "-1"))) == [
        "“1 项目1”的第1条规则的分数（points）应为正数"
    ]
    assert bad(c("1", "indicator", "10", None, (), per_unit("x", "abc"))) == [
        "“1 项目1”的第1条规则的分数（points）应为正数"
    ]
    assert bad(
        c(
            "1",
            "indicator",
            "10",
            None,
            (),
            {"type": "when", "indicator": "x", "op": "??", "value": "a", "points": "1"},
        )
    ) == [
        "“1 项目1”的第1条规则的比较（op）应为 eq、ne、lt、le、gt、ge 之一",
        "“1 项目1”的第1条规则的比较值（value）应为数字",
    ]
    assert bad(
        c(
            "1",
            "indicator",
            "10",
            None,
            (),
            {"type": "rate", "indicator": "x", "zero_at": "0.9", "full_at": "0.5"},
        )
    ) == ["“1 项目1”的第1条规则：应满足 0 ≤ 零分点（zero_at）< 满分点（full_at）≤ 1"]
    two_rates = {"type": "rate", "indicator": "x", "zero_at": "0", "full_at": "1"}
    assert bad(c("1", "indicator", "10", None, (), two_rates, two_rates)) == [
        "“1 项目1”最多只能有一条按比率计分的规则"
    ]
    assert bad(c("1", "manual", "10", None, (), {"type": "checklist", "label": "", "points": "11"})) == [
        "“1 项目1”的第1条规则缺少扣分事项（label）",
        "“1 项目1”的扣分事项合计超过分值",
    ]
    assert bad(c("1", "group", "10", None, (), per_unit("x", "1")), c("1.1", "manual", "10", "1")) == [
        "“1 项目1”的第1条规则：分类不设计分规则"
    ]
    assert bad(c("1", "indicator", "10", None, (), "text")) == ["“1 项目1”的第1条规则格式不对（应为键值对）"]


def test_check_reads_the_config() -> None:
    one = c("1", "manual", "10")
    assert bad(one, config={"groups": [{"code": "a", "scale": "0"}]}) == [
        "参评分组“a”的折算系数（scale）应为正数，如 1 或 4/3"
    ]
    assert bad(one, config={"groups": [{"code": "a"}, {"code": "a"}]}) == ["参评分组的代码重复"]
    assert bad(one, config={"groups": [{"code": "a"}], "default_group": "b"}) == [
        "默认分组“b”不是参评分组之一"
    ]
    assert bad(c("1", "manual", "10", None, ("z",)), config={"groups": [{"code": "a"}]}) == [
        "“1 项目1”适用的分组“z”不是参评分组之一"
    ]
    assert bad(
        one, config={"grades": {"bands": [{"from": "60", "grade": "合格"}, {"from": "0", "grade": "不合格"}]}}
    ) == ["等次分档的起点分应从低到高排列"]
    assert bad(one, config={"grades": {"top": {"share": "2", "grade": "先进"}}}) == [
        "先进等次的比例（share）应在 0 和 1 之间，如 0.25"
    ]
    assert bad(one, config={"grades": {"top": {"share": "0.25"}}}) == ["先进等次缺少名称（grade）"]


# --------------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("5.00"), "5"), (D("2.50"), "2.5"), (D("0.25"), "0.25"), (D("100"), "100"), (0, "0")],
)
def test_fmt(value: D, text: str) -> None:
    assert fmt(value) == text


@pytest.mark.parametrize(
    ("value", "rounded"), [("2.345", "2.35"), ("2.344", "2.34"), ("-0.005", "-0.01"), ("93.3333", "93.33")]
)
def test_q2_rounds_half_up(value: str, rounded: str) -> None:
    assert q2(D(value)) == D(rounded)


def test_a_cycle_of_groups_is_refused() -> None:
    problems = bad(c("A", "group", "10", "B"), c("B", "group", "10", "A"), c("x", "manual", "10", "A"))
    assert "“A 项目A”的上下级关系成环" in problems


def test_nested_groups_add_up_with_their_caps() -> None:
    spec = SchemeSpec(
        (
            c("1", "group", "30"),
            c("1.1", "group", "20", "1"),
            c("1.1.1", "indicator", "12", "1.1", (), per_unit("x", "4")),
            c("1.1.2", "manual", "8", "1.1"),
            c("1.2", "manual", "10", "1"),
        ),
        {},
    )
    assert check_scheme(spec) == []
    # 1.1.1: 12 − 2 × 4 = 4; 1.1.2: 8 → 1.1 = 12; 1.2: 9.5 → 1 = 21.5
    result = score(spec, "", {"x": 2}, {"1.1.2": D(8), "1.2": D("9.5")})
    assert (result.criteria["1.1"].points, result.criteria["1"].points, result.raw_total) == (
        D("12"),
        D("21.5"),
        D("21.50"),
    )
    assert result.criteria["1"].lines == ("1.1 12分", "1.2 9.5分")
