"""What a record of 政务信息报送 is worth under a points rule set (docs/SPEC.md §8). Pure: no Django.

A rule set is configuration (``PointsRuleSet.rules``, the shipped one in ``govinfo.points_defaults``)
read by :func:`parse_rules`, which checks it whole and says in Chinese what is wrong. The functions
below compute the points of one record:

- an adoption (采用) by a publication's level and edition: docs/SPEC.md §8's source papers (吕梁's
  figures) give 1 point for the city's general issue, 4 for the provincial general issue, 2 for its
  internet edition;
- an adoption reached through a forward (转报) by the section above is multiplied by the level's
  factor (docs/SPEC.md §8: ×2 province, ×5 国办);
- a leader's instruction (批示) by the leader's level (+20 county/district, +40 city, +80 province);
- a penalty within its kind's range (迟报 −100 named in a superior's notice, 漏报/瞒报 −200,
  信息失实 −50…−100);
- and the split of a joint item's points evenly among its credited units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

LEVELS = ("county", "city", "province", "national")
LEVEL_LABELS = {"county": "县级", "city": "市级", "province": "省级", "national": "国办"}
EDITIONS = ("general", "internet", "daily", "special", "brief")
EDITION_LABELS = {
    "general": "综合刊",
    "internet": "网络版",
    "daily": "每日要情",
    "special": "专报",
    "brief": "简报",
}
LEADER_LABELS = {"county": "县（区）领导", "city": "市领导", "province": "省领导", "national": "国家领导"}
PENALTY_KINDS = ("late", "missed", "concealed", "false")
PENALTY_LABELS = {"late": "迟报", "missed": "漏报", "concealed": "瞒报", "false": "信息失实"}

#: Points are shown and ranked to the hundredth (Penalty.points has 2 decimals).
CENT = Decimal("0.01")

K = TypeVar("K")


class RuleSetError(ValueError):
    """A rule set that cannot be used; ``errors`` lists every problem found, in Chinese."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(self.errors))


class PenaltyError(ValueError):
    """A penalty whose points are outside its kind's range."""


@dataclass(frozen=True)
class PenaltyRule:
    default: Decimal
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class AppraisalRule:
    """docs/SPEC.md §8 (its source papers): 每年累计2个月完不成信息工作任务，不参加年终考核优秀档次评比；
    累计3个月及以上完不成或根据安排的信息任务累计差10条的，年终考核作为不称职处理."""

    bar_excellent_months: int
    unfit_months: int
    unfit_shortfall: int


@dataclass(frozen=True)
class RuleSet:
    adoption: Mapping[str, Mapping[str, Decimal]]
    forward_multiplier: Mapping[str, Decimal]
    instruction: Mapping[str, Decimal]
    penalty: Mapping[str, PenaltyRule]
    missed_commissions_zero_year: int
    quota_tiers: Mapping[str, int]
    officer_weekly_minimum: int
    appraisal: AppraisalRule


def _number(value: Any, where: str, errors: list[str]) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        errors.append(f"{where}应为数字")
        return Decimal(0)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.append(f"{where}应为数字")
        return Decimal(0)
    if not number.is_finite():
        errors.append(f"{where}应为数字")
        return Decimal(0)
    return number


def _count(value: Any, where: str, errors: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors.append(f"{where}应为不小于0的整数")
        return 0
    return value


def _table(data: Mapping[str, Any], key: str, label: str, errors: list[str]) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        errors.append(f"缺少“{label}”（{key}），或其格式不是键值表")
        return {}
    return value


def parse_rules(data: Any) -> RuleSet:
    """The rule set ``data`` (the JSON of ``PointsRuleSet.rules``), checked whole: raises
    :class:`RuleSetError` listing every problem."""
    errors: list[str] = []
    if not isinstance(data, Mapping):
        raise RuleSetError(["计分规则应为键值表（JSON 对象）"])
    known = {
        "adoption",
        "forward_multiplier",
        "instruction",
        "penalty",
        "missed_commissions_zero_year",
        "quota_tiers",
        "officer_weekly_minimum",
        "appraisal",
    }
    for key in data:
        if key not in known:
            errors.append(f"未知的规则项“{key}”")

    adoption: dict[str, dict[str, Decimal]] = {}
    for level, editions in _table(data, "adoption", "采用计分", errors).items():
        if level not in LEVELS:
            errors.append(f"采用计分：未知的刊物层级“{level}”（应为 {'、'.join(LEVELS)}）")
            continue
        if not isinstance(editions, Mapping):
            errors.append(f"采用计分：{LEVEL_LABELS[level]}刊物应按类别给出分值")
            continue
        row: dict[str, Decimal] = {}
        for edition, value in editions.items():
            if edition not in EDITIONS:
                errors.append(f"采用计分：未知的刊物类别“{edition}”（应为 {'、'.join(EDITIONS)}）")
                continue
            points = _number(value, f"采用计分：{LEVEL_LABELS[level]}{EDITION_LABELS[edition]}", errors)
            if points < 0:
                errors.append(f"采用计分：{LEVEL_LABELS[level]}{EDITION_LABELS[edition]}不能为负数")
            row[edition] = points
        adoption[level] = row

    multiplier: dict[str, Decimal] = {}
    for level, value in _table(data, "forward_multiplier", "转报采用倍数", errors).items():
        if level not in LEVELS:
            errors.append(f"转报采用倍数：未知的刊物层级“{level}”")
            continue
        factor = _number(value, f"转报采用倍数：{LEVEL_LABELS[level]}", errors)
        if factor <= 0:
            errors.append(f"转报采用倍数：{LEVEL_LABELS[level]}应大于0")
        multiplier[level] = factor

    instruction: dict[str, Decimal] = {}
    for level, value in _table(data, "instruction", "领导批示加分", errors).items():
        if level not in LEVELS:
            errors.append(f"领导批示加分：未知的领导层级“{level}”")
            continue
        points = _number(value, f"领导批示加分：{LEADER_LABELS[level]}", errors)
        if points < 0:
            errors.append(f"领导批示加分：{LEADER_LABELS[level]}不能为负数")
        instruction[level] = points

    penalty: dict[str, PenaltyRule] = {}
    for kind, spec in _table(data, "penalty", "扣分", errors).items():
        if kind not in PENALTY_KINDS:
            errors.append(f"扣分：未知的扣分类别“{kind}”")
            continue
        label = PENALTY_LABELS[kind]
        if not isinstance(spec, Mapping) or not {"default", "min", "max"} <= set(spec):
            errors.append(f"扣分：{label}应给出 default、min、max")
            continue
        rule = PenaltyRule(
            default=_number(spec["default"], f"扣分：{label}的默认分值", errors),
            min=_number(spec["min"], f"扣分：{label}的下限", errors),
            max=_number(spec["max"], f"扣分：{label}的上限", errors),
        )
        if rule.max > 0:
            errors.append(f"扣分：{label}的分值应为负数")
        if not rule.min <= rule.default <= rule.max:
            errors.append(f"扣分：{label}的默认分值应在下限与上限之间")
        penalty[kind] = rule
    for kind in PENALTY_KINDS:
        if isinstance(data.get("penalty"), Mapping) and kind not in data["penalty"]:
            errors.append(f"扣分：缺少“{PENALTY_LABELS[kind]}”（{kind}）")

    tiers: dict[str, int] = {}
    for tier, value in _table(data, "quota_tiers", "月度任务档次", errors).items():
        tiers[str(tier)] = _count(value, f"月度任务档次“{tier}”", errors)

    raw_appraisal = _table(data, "appraisal", "年终考核", errors)
    appraisal = AppraisalRule(
        bar_excellent_months=_count(
            raw_appraisal.get("bar_excellent_months"),
            "年终考核：不得评优的月数（bar_excellent_months）",
            errors,
        ),
        unfit_months=_count(
            raw_appraisal.get("unfit_months"), "年终考核：不称职的月数（unfit_months）", errors
        ),
        unfit_shortfall=_count(
            raw_appraisal.get("unfit_shortfall"), "年终考核：不称职的累计差额（unfit_shortfall）", errors
        ),
    )
    zero_year = _count(
        data.get("missed_commissions_zero_year"),
        "全年得分清零的漏报约稿次数（missed_commissions_zero_year）",
        errors,
    )
    weekly = _count(
        data.get("officer_weekly_minimum"), "信息员每周最少报送条数（officer_weekly_minimum）", errors
    )
    if errors:
        raise RuleSetError(errors)
    return RuleSet(
        adoption=adoption,
        forward_multiplier=multiplier,
        instruction=instruction,
        penalty=penalty,
        missed_commissions_zero_year=zero_year,
        quota_tiers=tiers,
        officer_weekly_minimum=weekly,
        appraisal=appraisal,
    )


def adoption_points(rules: RuleSet, level: str, edition: str, *, via_forward: bool = False) -> Decimal:
    """The points of one adoption by a publication of ``level`` and ``edition``; a level or edition
    the rule set does not list is worth 0. Forwarded (转报) items are multiplied by the level's
    factor (×1 when the rule set names none)."""
    points = rules.adoption.get(level, {}).get(edition, Decimal(0))
    if via_forward:
        points *= rules.forward_multiplier.get(level, Decimal(1))
    return points


def instruction_points(rules: RuleSet, level: str) -> Decimal:
    """The points of one leader's instruction by the leader's level (0 for a level not listed)."""
    return rules.instruction.get(level, Decimal(0))


def check_penalty(rules: RuleSet, kind: str, points: Decimal) -> None:
    """Raise :class:`PenaltyError` unless ``points`` is within the range of ``kind``."""
    rule = rules.penalty.get(kind)
    label = PENALTY_LABELS.get(kind, kind)
    if rule is None:
        raise PenaltyError(f"计分规则中没有“{label}”的扣分标准")
    if not rule.min <= points <= rule.max:
        if rule.min == rule.max:
            raise PenaltyError(f"{label}应扣{abs(rule.min)}分（填写 {rule.min}）")
        raise PenaltyError(f"{label}的扣分应在 {rule.min} 至 {rule.max} 之间")


def split(points: Decimal, units: Sequence[K]) -> dict[K, Decimal]:
    """A joint item's points split evenly among its credited units (docs/SPEC.md §8). Shares are
    exact; totals are rounded to the hundredth only when shown and ranked (:func:`cents`)."""
    distinct = list(dict.fromkeys(units))
    if not distinct:
        return {}
    share = points / len(distinct)
    return {unit: share for unit in distinct}


def cents(points: Decimal) -> Decimal:
    """``points`` rounded half up to the hundredth."""
    return points.quantize(CENT, rounding="ROUND_HALF_UP")
