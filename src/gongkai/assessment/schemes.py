"""Schemes as the scoring kernel reads them, and in words.

``spec_of(scheme)`` turns the models (``assessment/models/schemes.py``) into the pure kernel's
:class:`~gongkai.assessment.scoring.SchemeSpec`; ``rule_words`` and ``config_words`` say what a rule
and the configuration mean, for the staff screens, the diff of two versions and the public methodology
page (how every score is computed).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gongkai.assessment import scoring
from gongkai.assessment.models import Criterion, CriterionKind, Scheme


def _spec_of_criteria(criteria: list[Criterion], config: Mapping[str, Any]) -> scoring.SchemeSpec:
    codes = {c.pk: c.code for c in criteria}
    return scoring.SchemeSpec(
        criteria=tuple(
            scoring.CriterionSpec(
                code=c.code,
                title=c.title,
                kind=c.kind,
                max_points=Decimal(c.max_points),
                parent=codes.get(c.parent_id) if c.parent_id is not None else None,
                groups=tuple(str(g) for g in (c.groups or [])),
                rules=tuple(c.rules or []),
            )
            for c in criteria
        ),
        config=dict(config or {}),
    )


def spec_of(scheme: Scheme) -> scoring.SchemeSpec:
    """The kernel's view of ``scheme``: its criteria in order, with their parents' codes."""
    criteria = list(Criterion.objects.filter(scheme=scheme).order_by("position", "pk"))
    return _spec_of_criteria(criteria, scheme.config)


# ------------------------------------------------------------------------------------ the tree


@dataclass(frozen=True)
class Node:
    criterion: Criterion
    depth: int
    rules: tuple[str, ...]
    #: the peer groups it applies to, by their labels (empty: every body)
    groups: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        """The indentation of the criterion's title in a table (ideographic spaces and a corner)."""
        return "\u3000" * (self.depth - 1) + "└ " if self.depth else ""


def tree(scheme: Scheme) -> list[Node]:
    """The criteria of ``scheme`` depth first, each with its rules in words."""
    criteria = list(Criterion.objects.filter(scheme=scheme).order_by("position", "pk"))
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)

    labels = {
        str(g.get("code")): str(g.get("label") or g.get("code"))
        for g in (scheme.config or {}).get("groups") or []
        if isinstance(g, Mapping)
    }

    def walk(parent: int | None, depth: int) -> Iterator[Node]:
        for c in children.get(parent, []):
            groups = tuple(labels.get(str(g), str(g)) for g in c.groups or [])
            yield Node(c, depth, tuple(rule_words(c.kind, r) for r in c.rules or []), groups)
            yield from walk(c.pk, depth + 1)

    return list(walk(None, 0))


# ------------------------------------------------------------------------------------- in words


def _n(value: Any) -> str:
    d = scoring._dec(value)
    return scoring.fmt(d) if d is not None else str(value)


def _pct(value: Any) -> str:
    d = scoring._dec(value)
    return scoring.fmt(d * 100) + "%" if d is not None else str(value)


def _what(rule: Mapping[str, Any]) -> str:
    return str(rule.get("label") or rule.get("indicator") or "")


def rule_words(kind: str, rule: Any) -> str:
    """One rule, as a person reads it (e.g. “逾期发布：每项扣5分”)."""
    if not isinstance(rule, Mapping):
        return str(rule)
    rtype = rule.get("type")
    ops = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
    if rtype == "per_unit":
        verb = _("加") if kind == CriterionKind.BONUS else _("扣")
        text = _("%(what)s：每项%(verb)s%(points)s分") % {
            "what": _what(rule),
            "verb": verb,
            "points": _n(rule.get("points")),
        }
        if rule.get("cap") is not None:
            text += _("（本项最多%(verb)s%(cap)s分）") % {"verb": verb, "cap": _n(rule.get("cap"))}
        return text
    if rtype == "when":
        verb = _("加") if kind == CriterionKind.BONUS else _("扣")
        if rule.get("text"):
            return _("%(text)s的，%(verb)s%(points)s分") % {
                "text": rule["text"],
                "verb": verb,
                "points": _n(rule.get("points")),
            }
        return _("%(what)s %(op)s %(value)s 时%(verb)s%(points)s分") % {
            "what": _what(rule),
            "op": ops.get(str(rule.get("op")), str(rule.get("op"))),
            "value": _n(rule.get("value")),
            "verb": verb,
            "points": _n(rule.get("points")),
        }
    if rtype == "rate":
        missing = (
            _("无数据或样本不足时计满分") if rule.get("missing", "full") == "full" else _("无数据时计0分")
        )
        return _("按%(what)s计分：%(zero)s及以下0分，%(full)s及以上满分，其间按比例；%(missing)s") % {
            "what": _what(rule),
            "zero": _pct(rule.get("zero_at")),
            "full": _pct(rule.get("full_at")),
            "missing": missing,
        }
    if rtype == "veto":
        return _("%(what)s %(op)s %(value)s 时单项否决") % {
            "what": _what(rule),
            "op": ops.get(str(rule.get("op")), str(rule.get("op"))),
            "value": _n(rule.get("value")),
        }
    if rtype == "checklist":
        return _("%(what)s扣%(points)s分") % {"what": _what(rule), "points": _n(rule.get("points"))}
    return str(dict(rule))


def config_words(config: Mapping[str, Any]) -> list[str]:
    """The configuration of a scheme, a line each: peer groups with their scaling, grades."""
    lines: list[str] = []
    for g in config.get("groups") or []:
        if not isinstance(g, Mapping):
            continue
        scale = str(g.get("scale") or "1")
        text = _("参评分组“%(label)s”") % {"label": g.get("label") or g.get("code")}
        if not g.get("kinds") and not g.get("levels"):
            text += _("（由组织考核机关指定）")
        if scale not in ("1", "1.0"):
            text += _("：得分乘以%(scale)s折算") % {"scale": scale}
        lines.append(text)
    grades = config.get("grades") or {}
    bands = [b for b in grades.get("bands") or [] if isinstance(b, Mapping)]
    for i, band in enumerate(bands):
        upper = bands[i + 1].get("from") if i + 1 < len(bands) else None
        if upper is None:
            lines.append(
                _("%(from)s分及以上为“%(grade)s”")
                % {"from": _n(band.get("from")), "grade": band.get("grade")}
            )
        else:
            lines.append(
                _("%(from)s分至不足%(to)s分为“%(grade)s”")
                % {"from": _n(band.get("from")), "to": _n(upper), "grade": band.get("grade")}
            )
    if grades.get("veto_grade"):
        lines.append(_("触发单项否决的，评为“%(grade)s”") % {"grade": grades["veto_grade"]})
    top = grades.get("top")
    if isinstance(top, Mapping):
        text = _("同组得分前%(share)s（向下取整，末位同分者并列）评为“%(grade)s”") % {
            "share": _pct(top.get("share")),
            "grade": top.get("grade"),
        }
        if top.get("min_total") is not None:
            text += _("，须达到%(min)s分") % {"min": _n(top.get("min_total"))}
        lines.append(text)
    return lines


# ------------------------------------------------------------------------------ version diffs


@dataclass(frozen=True)
class CriterionChange:
    code: str
    title: str
    #: "added", "removed" or "changed"
    change: str
    #: (what, before, after) for each field that changed
    fields: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class SchemeDiff:
    before: Scheme
    after: Scheme
    #: (what, before, after) of the scheme's own fields
    scheme_fields: tuple[tuple[str, str, str], ...]
    criteria: tuple[CriterionChange, ...]
    config_removed: tuple[str, ...]
    config_added: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.scheme_fields or self.criteria or self.config_removed or self.config_added)


def _criterion_words(c: Criterion, parents: Mapping[int, str]) -> dict[str, str]:
    return {
        _("考核内容"): c.title,
        _("计分方式"): str(CriterionKind(c.kind).label) if c.kind in CriterionKind.values else c.kind,
        _("分值"): scoring.fmt(Decimal(c.max_points)),
        _("上级"): parents.get(c.parent_id, "") if c.parent_id is not None else "",
        _("适用分组"): "、".join(str(g) for g in c.groups or []) or _("全部"),
        _("计分规则"): "；".join(rule_words(c.kind, r) for r in c.rules or []),
        _("评分标准"): c.guidance,
    }


def diff(before: Scheme, after: Scheme) -> SchemeDiff:
    """What changed from ``before`` to ``after`` (two versions, or a template and its copy):
    the scheme's fields, each criterion (matched by code) and the configuration in words."""
    old = {c.code: c for c in before.criteria.order_by("position", "pk")}
    new = {c.code: c for c in after.criteria.order_by("position", "pk")}
    old_parents = {c.pk: c.code for c in old.values()}
    new_parents = {c.pk: c.code for c in new.values()}
    changes: list[CriterionChange] = []
    for code, c in new.items():
        if code not in old:
            changes.append(CriterionChange(code, c.title, "added"))
            continue
        a, b = _criterion_words(old[code], old_parents), _criterion_words(c, new_parents)
        fields = tuple((k, a[k], b[k]) for k in a if a[k] != b[k])
        if fields:
            changes.append(CriterionChange(code, c.title, "changed", fields))
    for code, c in old.items():
        if code not in new:
            changes.append(CriterionChange(code, c.title, "removed"))
    scheme_fields = tuple(
        (label, str(getattr(before, name)), str(getattr(after, name)))
        for name, label in (
            ("name", _("方案名称")),
            ("source_document", _("依据文件")),
            ("source_note", _("依据说明")),
        )
        if getattr(before, name) != getattr(after, name)
    )
    old_config, new_config = config_words(before.config or {}), config_words(after.config or {})
    return SchemeDiff(
        before=before,
        after=after,
        scheme_fields=scheme_fields,
        criteria=tuple(changes),
        config_removed=tuple(line for line in old_config if line not in new_config),
        config_added=tuple(line for line in new_config if line not in old_config),
    )
