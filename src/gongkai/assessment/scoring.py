"""The scoring kernel of assessment schemes (评议考核细则, docs/SPEC.md §7). Pure: no Django.

A scheme is a tree of criteria (:class:`CriterionSpec`) with maximum points, and a ``config``. Every
figure is a :class:`~decimal.Decimal`; every criterion's points, the raw total and the scaled total
are rounded to 2 places, ROUND_HALF_UP (:data:`CENT`).

Criteria (``kind``)
-------------------
- ``group`` (分类): its points are the sum of its children's, at most its own ``max_points``. Its
  maximum for a peer group is the sum of the maxima of its children that apply to that group.
- ``indicator`` (按指标扣分): starts from ``max_points`` (or from the points a ``rate`` rule gives)
  and loses what its deduction rules deduct; never below 0, never above ``max_points`` — "each
  capped at its criterion's points" (docs/SPEC.md §7).
- ``manual`` (人工评分): the points the body (自评) or the supervisor (评定) gives, 0…``max_points``.
  Its rules may only be ``checklist`` items, the standard deductions the scorer ticks
  (:func:`checklist_points`), e.g. 陇川's 二、制度建设与监督检查: 未建立奖惩机制扣5分 (docs/SPEC.md §7).
- ``bonus`` (加分): top-level only; adds points outside the maximum (the total may exceed it), at
  most its own ``max_points``. Fed by ``per_unit`` rules (points per unit added) or, without rules,
  given by hand.
- ``veto`` (单项否决): no points (``max_points`` 0); a ``veto`` rule that holds (or, without rules, a
  hand-given value other than 0) vetoes the body: its grade is the veto grade whatever its score.

A supervisor's hand-given points (``manual[code]``) also override the computed points of an
``indicator`` or ``bonus`` criterion (the change is the supervisor's, with a reason, elsewhere).

Rules (``CriterionSpec.rules``), JSON-ready dicts
-------------------------------------------------
Numbers are strings of decimals ("5", "0.5") or integers; ``label`` (optional) names the fact in the
explanation lines (the indicator's code otherwise).

- ``{"type": "per_unit", "indicator": "items_late", "points": "5", "cap": "20", "label": "…"}``:
  an ``indicator`` criterion deducts ``points`` per unit of the indicator (a ``bonus`` adds it);
  ``cap`` (optional) bounds this rule alone.
- ``{"type": "when", "indicator": "annual_report_on_time", "op": "eq", "value": "0",
  "points": "5", "label": "…", "text": "年度报告未按时公布"}``: deducts ``points`` once when
  ``indicator op value`` holds. ``op`` is one of ``eq ne lt le gt ge``. ``text`` (optional) says the
  condition in words, for a yes/no figure that reads badly as a comparison ("（0 = 0）").
- ``{"type": "rate", "indicator": "satisfaction", "zero_at": "0.6", "full_at": "0.95",
  "missing": "full"}``: the starting points of an ``indicator`` criterion from a share 0…1: 0 at or
  below ``zero_at``, ``max_points`` at or above ``full_at``, linear between. ``missing`` says what a
  body without a figure (no sample, or too small a sample) gets: ``full`` (default) or ``zero``.
  At most one per criterion.
- ``{"type": "veto", "indicator": "columns_empty", "op": "ge", "value": "5", "label": "…"}``
  (``veto`` criteria only): vetoes when the comparison holds.
- ``{"type": "checklist", "label": "未建立奖惩机制", "points": "5"}`` (``manual`` criteria only):
  a standard deduction the scorer ticks.

An indicator without a figure (``None`` or absent) deducts nothing and vetoes nothing; the line says
so (无数据).

Words
-----
The explanation lines of a result and the problems :func:`check_scheme` finds are Chinese text made
from the templates below (``NO_DATA_NOT_SCORED`` …, with ``%(name)s`` parameters), each marked with
``marks.gettext_noop`` so that ``makemessages`` puts it in the assessment catalogue. The kernel imports
no Django: the edge (``assessment.kernel_text.translate``) recognises a line by its template and gives
it in the reader's language — lines stored long ago included, as they are the same Chinese text.

Config (``SchemeSpec.config``)
------------------------------
::

    {"groups": [
        {"code": "government", "label": "人民政府", "kinds": ["government"], "levels": [],
         "scale": "1"},
        {"code": "department_no_service", "label": "无公共服务职能的部门", "kinds": [],
         "scale": "4/3"}],
     "default_group": "government",
     "grades": {
        "bands": [{"from": "0", "grade": "不合格"}, {"from": "60", "grade": "基本合格"},
                  {"from": "67", "grade": "合格"}],
        "veto_grade": "不合格",
        "top": {"share": "0.25", "grade": "先进", "min_total": "67"}},
     "min_samples": {"requests_on_time_rate": 5}}

- ``groups``: the peer groups (参评分组). :func:`peer_group` puts a body in the first group whose
  ``kinds`` (empty: any) holds the body's kind and whose ``levels`` (empty: any) holds its level, else
  in ``default_group``. A group with no ``kinds`` and no ``levels`` is only ever chosen by hand (e.g.
  bodies without public-service functions, scored out of 75 × 4/3, docs/SPEC.md §7). ``scale``
  ("1", "4/3", "1.25") multiplies the raw total into the total. Without groups, every body is in one
  group ``""`` with scale 1.
- ``grades``: ``bands`` by total (the highest ``from`` not above the total wins); a vetoed body gets
  ``veto_grade``. ``top`` (optional): the best ``share`` of the bodies graded together (e.g. a
  quarter), ``floor(n × share)`` places with ``n`` every body graded together, get ``grade`` instead;
  the places go to the best bodies that are not vetoed and reach ``min_total``, and ties at the
  boundary are included (every such body with the total of the last place).
- ``min_samples`` (for rankings elsewhere): the smallest sample before a rate is ranked.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import cached_property
from typing import Any, TypeVar

from gongkai.assessment.marks import gettext_noop

K = TypeVar("K", bound=Hashable)

CENT = Decimal("0.01")
ZERO = Decimal(0)

KINDS = ("group", "indicator", "manual", "bonus", "veto")
OPS = {
    "eq": ("=", lambda a, b: a == b),
    "ne": ("≠", lambda a, b: a != b),
    "lt": ("<", lambda a, b: a < b),
    "le": ("≤", lambda a, b: a <= b),
    "gt": (">", lambda a, b: a > b),
    "ge": ("≥", lambda a, b: a >= b),
}
RULE_TYPES = {
    "indicator": ("per_unit", "when", "rate"),
    "bonus": ("per_unit", "when"),
    "manual": ("checklist",),
    "veto": ("veto",),
    "group": (),
}

# -- the explanation lines of a result (``CriterionResult.lines``)
NO_DATA_NOT_SCORED = gettext_noop("%(label)s：无数据，不计分")
PER_UNIT_DEDUCT = gettext_noop("%(label)s %(value)s × %(points)s分 = 扣%(amount)s分")
PER_UNIT_ADD = gettext_noop("%(label)s %(value)s × %(points)s分 = 加%(amount)s分")
PER_UNIT_DEDUCT_CAPPED = gettext_noop(
    "%(label)s %(value)s × %(points)s分 = 扣%(amount)s分（本项最多扣%(cap)s分）"
)
PER_UNIT_ADD_CAPPED = gettext_noop(
    "%(label)s %(value)s × %(points)s分 = 加%(amount)s分（本项最多加%(cap)s分）"
)
PER_UNIT_NO_DEDUCTION = gettext_noop("%(label)s %(value)s，不扣分")
PER_UNIT_NO_ADDITION = gettext_noop("%(label)s %(value)s，不加分")
WHEN_TEXT_DEDUCT = gettext_noop("%(text)s：扣%(points)s分")
WHEN_TEXT_ADD = gettext_noop("%(text)s：加%(points)s分")
WHEN_DEDUCT = gettext_noop("%(label)s（%(value)s %(symbol)s %(target)s）：扣%(points)s分")
WHEN_ADD = gettext_noop("%(label)s（%(value)s %(symbol)s %(target)s）：加%(points)s分")
RATE_NO_DATA_ZERO = gettext_noop("%(label)s：无数据，计0分")
RATE_NO_DATA_FULL = gettext_noop("%(label)s：无数据（或样本不足），计满分")
RATE = gettext_noop("%(label)s %(value)s%%（%(zero)s%%及以下0分，%(full)s%%及以上满分）：%(points)s分")
DEDUCTIONS_CAPPED = gettext_noop("扣分以本项分值%(max)s分为限")
BONUS_CAPPED = gettext_noop("加分以%(max)s分为限")
VETO_NO_DATA = gettext_noop("%(label)s：无数据")
VETO_HOLDS = gettext_noop("%(label)s %(value)s（%(symbol)s %(target)s）：单项否决")
VETO_CLEAR = gettext_noop("%(label)s %(value)s：未触发")
GROUP_PART = gettext_noop("%(code)s %(points)s分")
VETO_GIVEN = gettext_noop("经评定：单项否决")
GIVEN_OUT_OF_RANGE = gettext_noop("评定分%(value)s分超出0～%(max)s分，按%(points)s分计")
GIVEN_DIFFERS = gettext_noop("系统计算%(computed)s分，评定%(points)s分")
GIVEN = gettext_noop("评定%(points)s分")
NOT_SCORED = gettext_noop("未评分")

# -- the problems of a scheme (``check_criterion``, ``check_scheme``); a rule is named by its
# criterion and place (“A1 信息发布”的第2条规则)
RULE_NOT_MAPPING = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则格式不对（应为键值对）")
RULE_TYPE_NOT_ALLOWED = gettext_noop(
    "“%(code)s %(title)s”的第%(n)s条规则：类型“%(type)s”不适用于此计分方式（可用：%(allowed)s）"
)
RULE_IN_GROUP = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则：分类不设计分规则")
RULE_NO_INDICATOR = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则缺少指标（indicator）")
RULE_POINTS = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则的分数（points）应为正数")
RULE_CAP = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则的上限（cap）应为正数")
RULE_OP = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则的比较（op）应为 %(ops)s 之一")
RULE_VALUE = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则的比较值（value）应为数字")
RULE_RATE = gettext_noop(
    "“%(code)s %(title)s”的第%(n)s条规则：应满足 0 ≤ 零分点（zero_at）< 满分点（full_at）≤ 1"
)
RULE_MISSING = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则：无数据时（missing）应为 full 或 zero")
RULE_NO_LABEL = gettext_noop("“%(code)s %(title)s”的第%(n)s条规则缺少扣分事项（label）")
CONFIG_NOT_MAPPING = gettext_noop("计分配置格式不对（应为键值对）")
GROUPS_NOT_LIST = gettext_noop("参评分组（groups）应为列表")
GROUP_NO_CODE = gettext_noop("第%(n)s个参评分组缺少代码（code）")
GROUP_SCALE = gettext_noop("参评分组“%(group)s”的折算系数（scale）应为正数，如 1 或 4/3")
GROUP_KEY_NOT_LIST = gettext_noop("参评分组“%(group)s”的 %(key)s 应为列表")
GROUP_CODES_REPEAT = gettext_noop("参评分组的代码重复")
DEFAULT_GROUP_UNKNOWN = gettext_noop("默认分组“%(group)s”不是参评分组之一")
CRITERION_GROUP_UNKNOWN = gettext_noop("“%(code)s %(title)s”适用的分组“%(group)s”不是参评分组之一")
GRADES_NOT_MAPPING = gettext_noop("等次（grades）格式不对")
BANDS_NOT_LIST = gettext_noop("等次分档（bands）应为列表")
BAND_INCOMPLETE = gettext_noop("第%(n)s个等次分档应有起点分（from）和等次名称（grade）")
BANDS_NOT_RISING = gettext_noop("等次分档的起点分应从低到高排列")
TOP_SHARE = gettext_noop("先进等次的比例（share）应在 0 和 1 之间，如 0.25")
TOP_NO_GRADE = gettext_noop("先进等次缺少名称（grade）")
TOP_MIN_TOTAL = gettext_noop("先进等次的最低分（min_total）应为数字")
BONUS_NOT_TOP = gettext_noop("加分项“%(code)s %(title)s”应在第一层")
VETO_POINTS = gettext_noop("单项否决“%(code)s %(title)s”不设分值")
POINTS_NOT_POSITIVE = gettext_noop("“%(code)s %(title)s”的分值应大于0")
INDICATOR_NO_RULES = gettext_noop("按指标扣分的“%(code)s %(title)s”没有计分规则")
RATES_MORE_THAN_ONE = gettext_noop("“%(code)s %(title)s”最多只能有一条按比率计分的规则")
CHECKLIST_OVER = gettext_noop("“%(code)s %(title)s”的扣分事项合计超过分值")
NO_CODE = gettext_noop("“%(title)s”缺少编号")
CODE_REPEATS = gettext_noop("编号“%(code)s”重复")
KIND_INVALID = gettext_noop("“%(code)s %(title)s”的计分方式“%(kind)s”无效")
POINTS_NEGATIVE = gettext_noop("“%(code)s %(title)s”的分值不能为负")
PARENT_MISSING = gettext_noop("“%(code)s %(title)s”的上级“%(parent)s”不存在")
PARENT_NOT_GROUP = gettext_noop("“%(code)s %(title)s”的上级“%(parent)s”不是分类")
CYCLE = gettext_noop("“%(code)s %(title)s”的上下级关系成环")
GROUP_EMPTY = gettext_noop("分类“%(code)s %(title)s”下没有评分项")
GROUP_SUM = gettext_noop("分类“%(code)s %(title)s”分值%(max)s分，其下各项合计%(total)s分")


def q2(value: Decimal) -> Decimal:
    """``value`` rounded to 2 places, half up (the rounding of every score)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | int) -> str:
    """A number as a score is written: no trailing zeros (5, 2.5, 0.25)."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    title: str
    kind: str
    max_points: Decimal
    parent: str | None = None
    groups: tuple[str, ...] = ()
    rules: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class SchemeSpec:
    criteria: tuple[CriterionSpec, ...]
    config: Mapping[str, Any] = field(default_factory=dict)

    # Looked up for every criterion of every body (a province's round scores 1,000 bodies twice):
    # built once per spec. The spec is frozen, so they never go stale; callers only read them.

    @cached_property
    def _by_code(self) -> dict[str, CriterionSpec]:
        return {c.code: c for c in self.criteria}

    @cached_property
    def _children(self) -> dict[str | None, tuple[CriterionSpec, ...]]:
        out: dict[str | None, list[CriterionSpec]] = {}
        for c in self.criteria:
            out.setdefault(c.parent, []).append(c)
        return {parent: tuple(kids) for parent, kids in out.items()}

    @cached_property
    def _max_points(self) -> dict[tuple[str, str | None], Decimal]:
        return {}

    def by_code(self) -> Mapping[str, CriterionSpec]:
        return self._by_code

    def children(self, code: str | None) -> tuple[CriterionSpec, ...]:
        return self._children.get(code, ())


@dataclass(frozen=True)
class CriterionResult:
    code: str
    #: what the rules give (None for a criterion scored by hand, or a group)
    computed: Decimal | None
    #: what counts: the hand-given points when given, else the computed ones
    points: Decimal
    #: how the points came about, in words
    lines: tuple[str, ...]
    veto: bool = False


@dataclass(frozen=True)
class BodyScore:
    criteria: Mapping[str, CriterionResult]
    #: the sum of the top-level criteria's points (bonus included), before scaling
    raw_total: Decimal
    #: the maximum the body could reach in its group (bonus excluded), before scaling
    max_points: Decimal
    #: ``raw_total`` × the group's scale
    total: Decimal
    #: the codes of the veto criteria that hold
    vetoes: tuple[str, ...]


# --------------------------------------------------------------------------------------- parsing


def _dec(value: Any) -> Decimal | None:
    """A decimal from a rule's number (str/int/Decimal); None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            return None
        return d if d.is_finite() else None
    return None


def parse_scale(value: Any) -> Fraction | None:
    """A scale: "1", "4/3", "1.25" (or a number). None when it is not a positive number."""
    if value is None:
        return Fraction(1)
    try:
        if isinstance(value, str) and "/" in value:
            num, den = value.split("/", 1)
            frac = Fraction(int(num.strip()), int(den.strip()))
        elif isinstance(value, bool):
            return None
        else:
            d = _dec(value)
            if d is None:
                return None
            frac = Fraction(d)
    except (ValueError, ZeroDivisionError):
        return None
    return frac if frac > 0 else None


def _apply_scale(value: Decimal, scale: Fraction) -> Decimal:
    return q2(value * scale.numerator / Decimal(scale.denominator))


# ------------------------------------------------------------------------------------ validation


def _check_rule(c: CriterionSpec, i: int, rule: Any) -> list[str]:
    where = {"code": c.code, "title": c.title, "n": i + 1}
    if not isinstance(rule, Mapping):
        return [RULE_NOT_MAPPING % where]
    rtype = rule.get("type")
    allowed = RULE_TYPES.get(c.kind, ())
    if rtype not in allowed:
        if allowed:
            return [RULE_TYPE_NOT_ALLOWED % {**where, "type": rtype, "allowed": "、".join(allowed)}]
        return [RULE_IN_GROUP % where]
    problems: list[str] = []
    if rtype != "checklist":
        indicator = rule.get("indicator")
        if not isinstance(indicator, str) or not indicator.strip():
            problems.append(RULE_NO_INDICATOR % where)
    if rtype in ("per_unit", "when", "checklist"):
        points = _dec(rule.get("points"))
        if points is None or points <= 0:
            problems.append(RULE_POINTS % where)
    if rtype == "per_unit" and "cap" in rule:
        cap = _dec(rule.get("cap"))
        if cap is None or cap <= 0:
            problems.append(RULE_CAP % where)
    if rtype in ("when", "veto"):
        if rule.get("op") not in OPS:
            problems.append(RULE_OP % {**where, "ops": "、".join(OPS)})
        if _dec(rule.get("value")) is None:
            problems.append(RULE_VALUE % where)
    if rtype == "rate":
        zero_at, full_at = _dec(rule.get("zero_at")), _dec(rule.get("full_at"))
        if zero_at is None or full_at is None or not (0 <= zero_at < full_at <= 1):
            problems.append(RULE_RATE % where)
        if rule.get("missing", "full") not in ("full", "zero"):
            problems.append(RULE_MISSING % where)
    if rtype == "checklist" and not str(rule.get("label") or "").strip():
        problems.append(RULE_NO_LABEL % where)
    return problems


def _check_config(spec: SchemeSpec, codes: set[str]) -> list[str]:
    problems: list[str] = []
    config = spec.config
    if not isinstance(config, Mapping):
        return [CONFIG_NOT_MAPPING]
    groups = config.get("groups", [])
    group_codes: list[str] = []
    if not isinstance(groups, list):
        problems.append(GROUPS_NOT_LIST)
        groups = []
    for i, g in enumerate(groups):
        if not isinstance(g, Mapping) or not isinstance(g.get("code"), str) or not g["code"].strip():
            problems.append(GROUP_NO_CODE % {"n": i + 1})
            continue
        group_codes.append(g["code"])
        if parse_scale(g.get("scale")) is None:
            problems.append(GROUP_SCALE % {"group": g["code"]})
        for key in ("kinds", "levels"):
            if not isinstance(g.get(key, []), list):
                problems.append(GROUP_KEY_NOT_LIST % {"group": g["code"], "key": key})
    if len(set(group_codes)) != len(group_codes):
        problems.append(GROUP_CODES_REPEAT)
    default = config.get("default_group")
    if group_codes and default is not None and default not in group_codes:
        problems.append(DEFAULT_GROUP_UNKNOWN % {"group": default})
    known = set(group_codes) if group_codes else {""}
    for c in spec.criteria:
        for g in c.groups:
            if g not in known:
                problems.append(CRITERION_GROUP_UNKNOWN % {"code": c.code, "title": c.title, "group": g})
    grades = config.get("grades", {})
    if not isinstance(grades, Mapping):
        return [*problems, GRADES_NOT_MAPPING]
    bands = grades.get("bands", [])
    if not isinstance(bands, list):
        problems.append(BANDS_NOT_LIST)
        bands = []
    previous: Decimal | None = None
    for i, band in enumerate(bands):
        start = _dec(band.get("from")) if isinstance(band, Mapping) else None
        if start is None or not isinstance(band.get("grade"), str) or not band["grade"].strip():
            problems.append(BAND_INCOMPLETE % {"n": i + 1})
            continue
        if previous is not None and start <= previous:
            problems.append(BANDS_NOT_RISING)
        previous = start
    top = grades.get("top")
    if top is not None:
        share = _dec(top.get("share")) if isinstance(top, Mapping) else None
        if share is None or not (0 < share <= 1):
            problems.append(TOP_SHARE)
        elif not isinstance(top.get("grade"), str) or not top["grade"].strip():
            problems.append(TOP_NO_GRADE)
        elif "min_total" in top and _dec(top.get("min_total")) is None:
            problems.append(TOP_MIN_TOTAL)
    return problems


def check_criterion(c: CriterionSpec) -> list[str]:
    """What is wrong with one criterion by itself (its kind, points and rules), in Chinese."""
    problems: list[str] = []
    named = {"code": c.code, "title": c.title}
    if c.kind == "bonus" and c.parent is not None:
        problems.append(BONUS_NOT_TOP % named)
    if c.kind == "veto" and c.max_points != 0:
        problems.append(VETO_POINTS % named)
    if c.kind in ("indicator", "manual", "bonus", "group") and c.max_points <= 0:
        problems.append(POINTS_NOT_POSITIVE % named)
    if c.kind == "indicator" and not c.rules:
        problems.append(INDICATOR_NO_RULES % named)
    rates = 0
    for i, rule in enumerate(c.rules):
        problems.extend(_check_rule(c, i, rule))
        if isinstance(rule, Mapping) and rule.get("type") == "rate":
            rates += 1
    if rates > 1:
        problems.append(RATES_MORE_THAN_ONE % named)
    if c.kind == "manual":
        total = sum((_dec(r.get("points")) or ZERO for r in c.rules if isinstance(r, Mapping)), ZERO)
        if total > c.max_points:
            problems.append(CHECKLIST_OVER % named)
    return problems


def check_scheme(spec: SchemeSpec) -> list[str]:
    """What is wrong with ``spec``, in Chinese; empty when it can be scored."""
    problems: list[str] = []
    seen: dict[str, CriterionSpec] = {}
    for c in spec.criteria:
        if not c.code.strip():
            problems.append(NO_CODE % {"title": c.title})
        if c.code in seen:
            problems.append(CODE_REPEATS % {"code": c.code})
        seen[c.code] = c
        if c.kind not in KINDS:
            problems.append(KIND_INVALID % {"code": c.code, "title": c.title, "kind": c.kind})
        if c.max_points < 0:
            problems.append(POINTS_NEGATIVE % {"code": c.code, "title": c.title})
    for c in spec.criteria:
        if c.parent is not None and c.parent not in seen:
            problems.append(PARENT_MISSING % {"code": c.code, "title": c.title, "parent": c.parent})
        elif c.parent is not None and seen[c.parent].kind != "group":
            problems.append(PARENT_NOT_GROUP % {"code": c.code, "title": c.title, "parent": c.parent})
    # cycles
    for c in spec.criteria:
        steps, cur = 0, c
        while cur.parent is not None and cur.parent in seen and steps <= len(seen):
            cur = seen[cur.parent]
            steps += 1
        if steps > len(seen):
            problems.append(CYCLE % {"code": c.code, "title": c.title})
            break
    for c in spec.criteria:
        problems.extend(check_criterion(c))
        if c.kind == "group":
            kids = [
                k for k in spec.criteria if k.parent == c.code and k.kind in ("indicator", "manual", "group")
            ]
            if not kids:
                problems.append(GROUP_EMPTY % {"code": c.code, "title": c.title})
            elif all(not k.groups for k in kids):
                total = sum((k.max_points for k in kids), ZERO)
                if total != c.max_points:
                    problems.append(
                        GROUP_SUM
                        % {"code": c.code, "title": c.title, "max": fmt(c.max_points), "total": fmt(total)}
                    )
    problems.extend(_check_config(spec, set(seen)))
    return problems


# ----------------------------------------------------------------------------------- peer groups


def _groups(spec: SchemeSpec) -> list[Mapping[str, Any]]:
    groups = spec.config.get("groups") or []
    return [g for g in groups if isinstance(g, Mapping)]


def peer_group(spec: SchemeSpec, kind: str, level: str) -> str:
    """The peer group of a body of ``kind`` at ``level``: the first group naming its kind (or any)
    and its level (or any) — a group naming neither is only chosen by hand — else the default."""
    groups = _groups(spec)
    for g in groups:
        kinds, levels = g.get("kinds") or [], g.get("levels") or []
        if not kinds and not levels:
            continue
        if (not kinds or kind in kinds) and (not levels or level in levels):
            return str(g["code"])
    default = spec.config.get("default_group")
    if default:
        return str(default)
    return str(groups[0]["code"]) if groups else ""


def group_scale(spec: SchemeSpec, group: str) -> Fraction:
    for g in _groups(spec):
        if g.get("code") == group:
            return parse_scale(g.get("scale")) or Fraction(1)
    return Fraction(1)


def applies(spec: SchemeSpec, code: str, group: str) -> bool:
    """Does the criterion (and every group above it) apply to bodies of ``group``?"""
    by_code = spec.by_code()
    cur: CriterionSpec | None = by_code[code]
    while cur is not None:
        if cur.groups and group not in cur.groups:
            return False
        cur = by_code.get(cur.parent) if cur.parent is not None else None
    return True


def max_points_of(spec: SchemeSpec, group: str, code: str | None = None) -> Decimal:
    """The most a body of ``group`` can get from criterion ``code`` (the whole scheme when None),
    bonus and veto excluded (worked out once per spec, group and criterion)."""
    known = spec._max_points.get((group, code))
    if known is None:
        known = spec._max_points[(group, code)] = _max_points_of(spec, group, code)
    return known


def _max_points_of(spec: SchemeSpec, group: str, code: str | None) -> Decimal:
    if code is not None:
        c = spec.by_code()[code]
        if not applies(spec, code, group) or c.kind in ("bonus", "veto"):
            return ZERO
        if c.kind != "group":
            return c.max_points
        return min(c.max_points, sum((max_points_of(spec, group, k.code) for k in spec.children(code)), ZERO))
    return sum((max_points_of(spec, group, k.code) for k in spec.children(None)), ZERO)


# --------------------------------------------------------------------------------------- scoring


def _label(rule: Mapping[str, Any]) -> str:
    return str(rule.get("label") or rule.get("indicator") or "")


def _figure(indicators: Mapping[str, Decimal | int | None], name: str) -> Decimal | None:
    value = indicators.get(name)
    if value is None:
        return None
    return Decimal(int(value)) if isinstance(value, bool) else Decimal(value)


#: The lines of rules that deduct (an ``indicator``) and of rules that add (a ``bonus``).
_DEDUCTING = {
    "per_unit": PER_UNIT_DEDUCT,
    "capped": PER_UNIT_DEDUCT_CAPPED,
    "nothing": PER_UNIT_NO_DEDUCTION,
    "text": WHEN_TEXT_DEDUCT,
    "when": WHEN_DEDUCT,
}
_ADDING = {
    "per_unit": PER_UNIT_ADD,
    "capped": PER_UNIT_ADD_CAPPED,
    "nothing": PER_UNIT_NO_ADDITION,
    "text": WHEN_TEXT_ADD,
    "when": WHEN_ADD,
}


def _deductions(
    c: CriterionSpec, indicators: Mapping[str, Decimal | int | None], *, adding: bool = False
) -> tuple[Decimal, list[str]]:
    """The sum of the ``per_unit`` and ``when`` rules of ``c`` and their lines."""
    words = _ADDING if adding else _DEDUCTING
    total, lines = ZERO, []
    for rule in c.rules:
        rtype = rule.get("type")
        if rtype not in ("per_unit", "when"):
            continue
        points = _dec(rule["points"]) or ZERO
        value = _figure(indicators, rule["indicator"])
        if value is None:
            lines.append(NO_DATA_NOT_SCORED % {"label": _label(rule)})
            continue
        if rtype == "per_unit":
            amount = value * points
            params = {
                "label": _label(rule),
                "value": fmt(value),
                "points": fmt(points),
                "amount": fmt(amount),
            }
            line = words["per_unit"] % params
            cap = _dec(rule.get("cap"))
            if cap is not None and amount > cap:
                amount = cap
                line = words["capped"] % {**params, "cap": fmt(cap)}
            if amount:
                total += amount
                lines.append(line)
            else:
                lines.append(words["nothing"] % {"label": _label(rule), "value": fmt(value)})
        else:
            symbol, test = OPS[rule["op"]]
            target = _dec(rule["value"]) or ZERO
            if test(value, target):
                total += points
                if rule.get("text"):
                    # A yes/no figure reads better in words ("年度报告未按时公布：扣5分") than as "（0 = 0）".
                    lines.append(words["text"] % {"text": rule["text"], "points": fmt(points)})
                else:
                    lines.append(
                        words["when"]
                        % {
                            "label": _label(rule),
                            "value": fmt(value),
                            "symbol": symbol,
                            "target": fmt(target),
                            "points": fmt(points),
                        }
                    )
    return total, lines


def _computed(
    c: CriterionSpec, indicators: Mapping[str, Decimal | int | None]
) -> tuple[Decimal | None, list[str], bool]:
    """What the rules of a leaf criterion give: (points or None, lines, veto)."""
    if c.kind == "indicator":
        base, lines = c.max_points, []
        for rule in c.rules:
            if rule.get("type") != "rate":
                continue
            value = _figure(indicators, rule["indicator"])
            if value is None:
                if rule.get("missing", "full") == "zero":
                    base = ZERO
                    lines.append(RATE_NO_DATA_ZERO % {"label": _label(rule)})
                else:
                    lines.append(RATE_NO_DATA_FULL % {"label": _label(rule)})
                continue
            zero_at, full_at = _dec(rule["zero_at"]) or ZERO, _dec(rule["full_at"]) or Decimal(1)
            share = min(max((value - zero_at) / (full_at - zero_at), ZERO), Decimal(1))
            base = q2(c.max_points * share)
            lines.append(
                RATE
                % {
                    "label": _label(rule),
                    "value": fmt(q2(value * 100)),
                    "zero": fmt(zero_at * 100),
                    "full": fmt(full_at * 100),
                    "points": fmt(base),
                }
            )
        deducted, more = _deductions(c, indicators)
        lines.extend(more)
        points = q2(min(max(base - deducted, ZERO), c.max_points))
        if base - deducted < 0:
            lines.append(DEDUCTIONS_CAPPED % {"max": fmt(c.max_points)})
        return points, lines, False
    if c.kind == "bonus" and c.rules:
        added, lines = _deductions(c, indicators, adding=True)
        points = q2(min(added, c.max_points))
        if added > c.max_points:
            lines.append(BONUS_CAPPED % {"max": fmt(c.max_points)})
        return points, lines, False
    if c.kind == "veto" and c.rules:
        lines, veto = [], False
        for rule in c.rules:
            value = _figure(indicators, rule["indicator"])
            symbol, test = OPS[rule["op"]]
            target = _dec(rule["value"]) or ZERO
            if value is None:
                lines.append(VETO_NO_DATA % {"label": _label(rule)})
            elif test(value, target):
                veto = True
                lines.append(
                    VETO_HOLDS
                    % {"label": _label(rule), "value": fmt(value), "symbol": symbol, "target": fmt(target)}
                )
            else:
                lines.append(VETO_CLEAR % {"label": _label(rule), "value": fmt(value)})
        return ZERO, lines, veto
    return None, [], False


def checklist_points(c: CriterionSpec, ticked: Collection[int]) -> Decimal:
    """The points of a ``manual`` criterion when the scorer ticks its ``checklist`` rules at the
    positions ``ticked``: its maximum less their points, never below 0 (e.g. 陇川 二、制度建设与监督检查
    15分, 未建立奖惩机制扣5分 → 10分)."""
    less = sum(
        (
            _dec(rule.get("points")) or ZERO
            for i, rule in enumerate(c.rules)
            if i in ticked and rule.get("type") == "checklist"
        ),
        ZERO,
    )
    return q2(max(c.max_points - less, ZERO))


def score(
    spec: SchemeSpec,
    group: str,
    indicators: Mapping[str, Decimal | int | None],
    manual: Mapping[str, Decimal | None],
) -> BodyScore:
    """The score of one body of peer ``group`` from its ``indicators`` and the hand-given points
    (``manual``: criterion code → points, None when not given)."""
    results: dict[str, CriterionResult] = {}
    vetoes: list[str] = []

    def visit(c: CriterionSpec) -> Decimal:
        if c.kind == "group":
            kids = [k for k in spec.children(c.code) if applies(spec, k.code, group)]
            total = sum((visit(k) for k in kids), ZERO)
            points = q2(min(total, c.max_points))
            lines = [
                GROUP_PART % {"code": k.code, "points": fmt(results[k.code].points)}
                for k in kids
                if k.kind != "veto"
            ]
            results[c.code] = CriterionResult(c.code, None, points, tuple(lines))
            return points
        computed, lines, veto = _computed(c, indicators)
        given = manual.get(c.code)
        if c.kind == "veto":
            if not c.rules and given is not None and Decimal(given) != 0:
                veto = True
                lines.append(VETO_GIVEN)
            if veto:
                vetoes.append(c.code)
            results[c.code] = CriterionResult(c.code, computed, ZERO, tuple(lines), veto)
            return ZERO
        if given is not None:
            value = q2(Decimal(given))
            points = min(max(value, ZERO), c.max_points)
            if points != value:
                lines.append(
                    GIVEN_OUT_OF_RANGE
                    % {"value": fmt(value), "max": fmt(c.max_points), "points": fmt(points)}
                )
            if computed is not None and points != computed:
                lines.append(GIVEN_DIFFERS % {"computed": fmt(computed), "points": fmt(points)})
            elif computed is None:
                lines.append(GIVEN % {"points": fmt(points)})
        elif computed is not None:
            points = computed
        else:
            points = ZERO
            lines.append(NOT_SCORED)
        results[c.code] = CriterionResult(c.code, computed, points, tuple(lines))
        return points

    raw = ZERO
    for top in spec.children(None):
        if applies(spec, top.code, group):
            raw += visit(top)
    raw = q2(raw)
    return BodyScore(
        criteria=results,
        raw_total=raw,
        max_points=max_points_of(spec, group),
        total=_apply_scale(raw, group_scale(spec, group)),
        vetoes=tuple(vetoes),
    )


# ---------------------------------------------------------------------------------------- grades


def _grades_config(spec: SchemeSpec) -> Mapping[str, Any]:
    grades = spec.config.get("grades") or {}
    return grades if isinstance(grades, Mapping) else {}


def band_grade(spec: SchemeSpec, total: Decimal) -> str:
    """The grade of ``total`` by the absolute bands alone ("" without bands)."""
    grade = ""
    for band in _grades_config(spec).get("bands") or []:
        start = _dec(band.get("from"))
        if start is not None and total >= start:
            grade = str(band["grade"])
    return grade


def top_places(spec: SchemeSpec, n: int) -> int:
    """How many places the top grade has among ``n`` bodies: floor(n × share)."""
    top = _grades_config(spec).get("top")
    if not isinstance(top, Mapping):
        return 0
    share = _dec(top.get("share")) or ZERO
    return math.floor(n * share)


def grade(spec: SchemeSpec, totals: Mapping[K, Decimal], vetoed: Collection[K]) -> dict[K, str]:
    """The grades of the bodies graded together (``totals``; those in ``vetoed`` get the veto
    grade): the absolute bands, then the top share (ties at its boundary included)."""
    config = _grades_config(spec)
    veto_grade = str(config.get("veto_grade") or band_grade(spec, ZERO) or "")
    out: dict[K, str] = {}
    for key, total in totals.items():
        out[key] = veto_grade if key in vetoed else band_grade(spec, total)
    top = config.get("top")
    places = top_places(spec, len(totals))
    if places <= 0 or not isinstance(top, Mapping):
        return out
    min_total = _dec(top.get("min_total"))
    eligible = {
        key: total
        for key, total in totals.items()
        if key not in vetoed and (min_total is None or total >= min_total)
    }
    if not eligible:
        return out
    ordered: Sequence[Decimal] = sorted(eligible.values(), reverse=True)
    boundary = ordered[min(places, len(ordered)) - 1]
    for key, total in eligible.items():
        if total >= boundary:
            out[key] = str(top["grade"])
    return out
