"""Assessment schemes (评议考核细则, docs/SPEC.md §7) as versioned configuration: who manages them, and
one service per action (create, copy a template, new version, edit the scheme and its criteria,
publish, retire), each checked, validated with the scoring kernel (``scoring.check_scheme``) and
audited.

Decisions:

- **Who.** A competent authority's own supervisors (``policy.authorities_for``) manage their
  authority's schemes; the platform's templates (no authority, ``assessment.shipped``) are managed by
  the system administrators, and copied by an authority into a scheme of its own (``copy_template``).
  Everyone who may manage a scheme reads the templates.
- **Frozen once published.** Only a draft is edited. A correction of a published scheme is a new
  version (``new_version``: a draft copy with ``supersedes``); publishing it retires the version it
  supersedes, so one version of a code is in use at a time — the rounds already closed keep theirs
  and are recomputed under the new one as one action (``services.recompute``).
- **Valid when published.** A criterion is checked by itself when saved (its kind, points and rules,
  ``scoring.check_criterion``); the whole tree (parents, groups' sums, the configuration) when the
  scheme is published (``scoring.check_scheme``), whose problems the scheme's page lists meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.assessment import policy, scoring
from gongkai.assessment.kernel_text import translate_all
from gongkai.assessment.models import Criterion, CriterionKind, Scheme, SchemeState
from gongkai.assessment.schemes import spec_of
from gongkai.audit.log import record
from gongkai.core.actors import require_actor
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization

CODE_MAX = 20
TITLE_MAX = 300
NAME_MAX = 200
SOURCE_MAX = 300
POINTS_MAX = Decimal("1000")

AUDIT_LABELS = {
    "assessment.scheme_created": "创建考核方案",
    "assessment.scheme_copied": "复制考核方案模板",
    "assessment.scheme_versioned": "创建考核方案新版本",
    "assessment.scheme_edited": "修改考核方案",
    "assessment.criterion_saved": "保存考核指标",
    "assessment.criterion_deleted": "删除考核指标",
    "assessment.scheme_published": "发布考核方案",
    "assessment.scheme_retired": "停用考核方案",
}


# -- policy ---------------------------------------------------------------------------------------


def can_open_schemes(user: Any) -> bool:
    """Does the 考核方案 screen serve ``user``: a supervisor of a competent authority, or a system
    administrator?"""
    return org_policy.is_system_admin(user) or policy.authorities_for(user).exists()


def can_manage(user: Any, scheme: Scheme) -> bool:
    """May ``user`` change ``scheme`` (or create its versions)?"""
    if scheme.authority_id is None:
        return org_policy.is_system_admin(user)
    return policy.authorities_for(user).filter(pk=scheme.authority_id).exists()


def can_read(user: Any, scheme: Scheme) -> bool:
    if not can_open_schemes(user):
        return False
    return scheme.authority_id is None or org_policy.is_system_admin(user) or can_manage(user, scheme)


def visible_schemes(user: Any) -> QuerySet[Scheme]:
    """The schemes ``user`` reads: the templates and their authorities' schemes (every scheme for a
    system administrator)."""
    if not can_open_schemes(user):
        return Scheme.objects.none()
    qs = Scheme.objects.select_related("authority", "supersedes")
    if org_policy.is_system_admin(user):
        return qs
    return qs.filter(Q(authority=None) | Q(authority__in=policy.authorities_for(user)))


def _deny(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _draft_only(scheme: Scheme) -> None:
    if scheme.state != SchemeState.DRAFT:
        raise ValidationError(_("已发布或已停用的考核方案不能修改；如需更正，请创建新版本。"))


def _lock(scheme: Scheme) -> Scheme:
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    scheme.state = locked.state
    return locked


# -- JSON as staff write it ----------------------------------------------------------------------

#: What the JSON reader says is wrong (``json.JSONDecodeError.msg``), in words a staff member reads.
JSON_PROBLEMS = {
    "Expecting value": gettext_lazy("缺少值，或有多余的逗号"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "应为用英文双引号括起的键名（或有多余的逗号）"
    ),
    "Expecting ',' delimiter": gettext_lazy("缺少英文逗号，或括号不配对"),
    "Expecting ':' delimiter": gettext_lazy("键名后缺少英文冒号"),
    "Unterminated string starting at": gettext_lazy("引号没有闭合"),
    "Extra data": gettext_lazy("结尾有多余的内容"),
    "Invalid \\escape": gettext_lazy("反斜杠转义不正确"),
    "Invalid control character at": gettext_lazy("字符串中有换行或制表符等控制字符"),
}


def _json_error(what: str, exc: ValueError) -> str:
    """Why ``what`` (e.g. “A1 信息发布”的计分规则) is not JSON, and where: line and column, in Chinese."""
    if isinstance(exc, json.JSONDecodeError):
        problem = JSON_PROBLEMS.get(exc.msg, _("格式不正确"))
        return _("%(what)s不是有效的JSON：第%(line)d行第%(column)d列附近%(problem)s。") % {
            "what": what,
            "line": exc.lineno,
            "column": exc.colno,
            "problem": problem,
        }
    return _("%(what)s不是有效的JSON。") % {"what": what}


# -- the scheme's own fields -----------------------------------------------------------------------


def _clean_config(raw: Any) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return dict(raw)
    text = str(raw or "").strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ValidationError({"config": _json_error(_("计分配置"), exc)}) from exc
    if not isinstance(value, dict):
        raise ValidationError({"config": _("计分配置应为JSON对象（{…}）。")})
    return value


def _clean_scheme(fields: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = str(fields.get("name") or "").strip()
    if not name:
        errors["name"] = _("请填写方案名称。")
    elif len(name) > NAME_MAX:
        errors["name"] = _("方案名称不能超过%(n)d字。") % {"n": NAME_MAX}
    source = str(fields.get("source_document") or "").strip()
    if not source:
        errors["source_document"] = _("请填写方案的依据文件。")
    elif len(source) > SOURCE_MAX:
        errors["source_document"] = _("依据文件不能超过%(n)d字。") % {"n": SOURCE_MAX}
    try:
        config = _clean_config(fields.get("config"))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        config = {}
    else:
        problems = translate_all(scoring.check_scheme(scoring.SchemeSpec((), config)))
        if problems:
            errors["config"] = _("；").join(problems)
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "source_document": source,
        "source_note": str(fields.get("source_note") or "").strip(),
        "config": config,
    }


def _clean_code(code: Any) -> str:
    text = str(code or "").strip().lower()
    if not text:
        raise ValidationError({"code": _("请填写方案代码。")})
    if len(text) > 60 or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in text):
        raise ValidationError({"code": _("方案代码只能由字母、数字、连字符和下划线组成，不超过60个字符。")})
    return text


@transaction.atomic
def create_scheme(*, actor: Any, authority: Organization | None, fields: Mapping[str, Any]) -> Scheme:
    """A new draft scheme (version 1) of ``authority`` (None: a platform template)."""
    require_actor(actor)
    if authority is None:
        _deny(org_policy.is_system_admin(actor), _("只有系统管理员可以创建平台模板。"))
    else:
        _deny(
            policy.authorities_for(actor).filter(pk=authority.pk).exists(),
            _("只有主管部门的监督人员可以制定本机关的考核方案。"),
        )
    code = _clean_code(fields.get("code"))
    clean = _clean_scheme(fields)
    if Scheme.objects.filter(authority=authority, code=code).exists():
        raise ValidationError(
            {"code": _("本机关已有代码为“%(code)s”的方案，请换一个代码或创建新版本。") % {"code": code}}
        )
    scheme = Scheme.objects.create(authority=authority, code=code, version=1, created_by=actor, **clean)
    record(
        actor=actor,
        action="assessment.scheme_created",
        target=scheme,
        organization=authority,
        data={"code": code, "name": scheme.name},
    )
    return scheme


def _copy_criteria(source: Scheme, target: Scheme) -> None:
    new: dict[int, Criterion] = {}
    for c in source.criteria.order_by("position", "pk"):
        new[c.pk] = Criterion.objects.create(
            scheme=target,
            parent=new.get(c.parent_id) if c.parent_id is not None else None,
            code=c.code,
            title=c.title,
            kind=c.kind,
            max_points=c.max_points,
            position=c.position,
            groups=list(c.groups or []),
            rules=list(c.rules or []),
            guidance=c.guidance,
            evidence_required=c.evidence_required,
        )


@transaction.atomic
def copy_template(*, actor: Any, template: Scheme, authority: Organization) -> Scheme:
    """The authority's own draft copy of a platform template (its criteria, rules and configuration),
    under the template's code (version 1, or the next version of the authority's scheme of that
    code)."""
    require_actor(actor)
    _deny(
        policy.authorities_for(actor).filter(pk=authority.pk).exists(),
        _("只有主管部门的监督人员可以复制模板。"),
    )
    if template.authority_id is not None or template.state != SchemeState.PUBLISHED:
        raise ValidationError(_("只能复制已发布的平台模板。"))
    if Scheme.objects.filter(authority=authority, code=template.code, state=SchemeState.DRAFT).exists():
        raise ValidationError(_("本机关已有该方案的草稿，请先完成或发布草稿。"))
    latest = Scheme.objects.filter(authority=authority, code=template.code).aggregate(v=Max("version"))["v"]
    scheme = Scheme.objects.create(
        authority=authority,
        code=template.code,
        version=(latest or 0) + 1,
        name=template.name,
        source_document=template.source_document,
        source_note=template.source_note,
        config=dict(template.config or {}),
        created_by=actor,
        supersedes=Scheme.objects.filter(authority=authority, code=template.code, version=latest).first()
        if latest
        else None,
    )
    _copy_criteria(template, scheme)
    record(
        actor=actor,
        action="assessment.scheme_copied",
        target=scheme,
        organization=authority,
        data={"template": str(template), "version": scheme.version},
    )
    return scheme


@transaction.atomic
def new_version(*, actor: Any, scheme: Scheme) -> Scheme:
    """A draft copy of a published (or retired) scheme as its next version, which supersedes it."""
    require_actor(actor)
    _deny(can_manage(actor, scheme), _("您无权修改该考核方案。"))
    if scheme.state == SchemeState.DRAFT:
        raise ValidationError(_("草稿可以直接修改，无需创建新版本。"))
    siblings = Scheme.objects.filter(authority=scheme.authority, code=scheme.code)
    if siblings.filter(state=SchemeState.DRAFT).exists():
        raise ValidationError(_("该方案已有未发布的新版本草稿。"))
    latest = siblings.aggregate(v=Max("version"))["v"] or scheme.version
    draft = Scheme.objects.create(
        authority=scheme.authority,
        code=scheme.code,
        version=latest + 1,
        name=scheme.name,
        source_document=scheme.source_document,
        source_note=scheme.source_note,
        config=dict(scheme.config or {}),
        supersedes=scheme,
        created_by=actor,
    )
    _copy_criteria(scheme, draft)
    record(
        actor=actor,
        action="assessment.scheme_versioned",
        target=draft,
        organization=scheme.authority,
        data={"from": scheme.version, "to": draft.version},
    )
    return draft


@transaction.atomic
def update_scheme(*, actor: Any, scheme: Scheme, fields: Mapping[str, Any]) -> Scheme:
    """A draft's name, source document, note and configuration (peer groups, scaling, grades)."""
    require_actor(actor)
    _deny(can_manage(actor, scheme), _("您无权修改该考核方案。"))
    locked = _lock(scheme)
    _draft_only(locked)
    clean = _clean_scheme(fields)
    before = {k: getattr(locked, k) for k in clean}
    for key, value in clean.items():
        setattr(locked, key, value)
    locked.save(update_fields=list(clean))
    changed = [k for k in clean if before[k] != clean[k]]
    record(
        actor=actor,
        action="assessment.scheme_edited",
        target=locked,
        organization=locked.authority,
        data={"changed": changed},
    )
    return locked


# -- criteria -------------------------------------------------------------------------------------


def _json_list(raw: Any, field: str, label: str) -> list[Any]:
    """A JSON array written in a form; ``label`` names the place (“A1”的计分规则)."""
    if isinstance(raw, list):
        return raw
    text = str(raw or "").strip()
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ValidationError({field: _json_error(label, exc)}) from exc
    if not isinstance(value, list):
        raise ValidationError({field: _("%(label)s应为JSON数组（[…]）。") % {"label": label}})
    return value


def _place(code: str, what: str) -> str:
    """A field of the criterion being saved, named with its code when it has one: “A1”的计分规则."""
    return _("指标“%(code)s”的%(what)s") % {"code": code, "what": what} if code else what


def _clean_criterion(
    scheme: Scheme, criterion: Criterion | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    code = str(fields.get("code") or "").strip()
    if not code:
        errors["code"] = _("请填写编号。")
    elif len(code) > CODE_MAX:
        errors["code"] = _("编号不能超过%(n)d个字符。") % {"n": CODE_MAX}
    elif scheme.criteria.filter(code=code).exclude(pk=criterion.pk if criterion else 0).exists():
        errors["code"] = _("本方案已有编号为“%(code)s”的指标。") % {"code": code}
    title = str(fields.get("title") or "").strip()
    if not title:
        errors["title"] = _("请填写考核内容。")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("考核内容不能超过%(n)d字。") % {"n": TITLE_MAX}
    kind = str(fields.get("kind") or "")
    if kind not in CriterionKind.values:
        errors["kind"] = _("请选择计分方式。")
    try:
        points = Decimal(str(fields.get("max_points") if fields.get("max_points") not in (None, "") else "0"))
        if not points.is_finite() or points < 0 or points > POINTS_MAX:
            raise InvalidOperation
        if points != points.quantize(scoring.CENT):
            errors["max_points"] = _("分值最多保留两位小数。")
    except InvalidOperation:
        errors["max_points"] = _("分值应为0至1000之间的数字。")
        points = Decimal(0)
    parent = fields.get("parent")
    if parent in ("", None):
        parent = None
    elif not isinstance(parent, Criterion):
        parent = scheme.criteria.filter(pk=parent).first() if str(parent).isdigit() else None
        if parent is None:
            errors["parent"] = _("上级指标不存在。")
    if isinstance(parent, Criterion):
        if parent.scheme_id != scheme.pk:
            errors["parent"] = _("上级指标不属于本方案。")
        elif parent.kind != CriterionKind.GROUP:
            errors["parent"] = _("上级只能是“分类”。")
        elif criterion is not None:
            cur: Criterion | None = parent
            while cur is not None:
                if cur.pk == criterion.pk:
                    errors["parent"] = _("上级不能是本指标或其下级。")
                    break
                cur = cur.parent
    try:
        groups = [
            str(g).strip()
            for g in _json_list(fields.get("groups"), "groups", _place(code, _("适用分组")))
            if str(g).strip()
        ]
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        groups = []
    if isinstance(fields.get("groups_text"), str):
        groups = [g.strip() for g in fields["groups_text"].replace("，", ",").split(",") if g.strip()]
    known = {str(g.get("code")) for g in (scheme.config or {}).get("groups") or [] if isinstance(g, Mapping)}
    unknown = [g for g in groups if g not in known]
    if unknown and "groups" not in errors:
        errors["groups"] = _("分组“%(groups)s”不是本方案的参评分组（在计分配置中设置）。") % {
            "groups": "、".join(unknown)
        }
    try:
        rules = _json_list(fields.get("rules"), "rules", _place(code, _("计分规则")))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        rules = []
    try:
        position = int(fields.get("position") or 0)
        if position < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["position"] = _("排序应为非负整数。")
        position = 0
    if not errors:
        spec = scoring.CriterionSpec(
            code=code,
            title=title,
            kind=kind,
            max_points=points,
            parent=parent.code if isinstance(parent, Criterion) else None,
            groups=tuple(groups),
            rules=tuple(rules),
        )
        problems = scoring.check_criterion(spec)
        if problems:
            field = "rules" if any("规则" in p or "扣分事项" in p for p in problems) else "max_points"
            errors[field] = _("；").join(translate_all(problems))
    if errors:
        raise ValidationError(errors)
    return {
        "code": code,
        "title": title,
        "kind": kind,
        "max_points": points,
        "parent": parent,
        "groups": groups,
        "rules": rules,
        "position": position,
        "guidance": str(fields.get("guidance") or "").strip(),
        "evidence_required": bool(fields.get("evidence_required")),
    }


@transaction.atomic
def save_criterion(
    *, actor: Any, scheme: Scheme, criterion: Criterion | None, fields: Mapping[str, Any]
) -> Criterion:
    """Add (``criterion`` None) or change one criterion of a draft: its place in the tree, points and
    rules (``rules``: a JSON list in the kernel's format, checked by ``scoring.check_criterion``)."""
    require_actor(actor)
    _deny(can_manage(actor, scheme), _("您无权修改该考核方案。"))
    locked = _lock(scheme)
    _draft_only(locked)
    if criterion is not None and criterion.scheme_id != locked.pk:
        raise PermissionDenied(_("该指标不属于本方案。"))
    clean = _clean_criterion(locked, criterion, fields)
    if criterion is None:
        if not clean["position"]:
            last = locked.criteria.aggregate(p=Max("position"))["p"] or 0
            clean["position"] = last + 10
        criterion = Criterion.objects.create(scheme=locked, **clean)
        before: dict[str, Any] = {}
    else:
        before = {k: getattr(criterion, k) for k in clean if k != "parent"}
        for key, value in clean.items():
            setattr(criterion, key, value)
        criterion.save()
    record(
        actor=actor,
        action="assessment.criterion_saved",
        target=locked,
        organization=locked.authority,
        data={
            "criterion": criterion.code,
            "title": criterion.title,
            "new": not before,
            "changed": [k for k, v in before.items() if v != clean[k]],
        },
    )
    return criterion


@transaction.atomic
def delete_criterion(*, actor: Any, criterion: Criterion) -> None:
    """Remove a criterion of a draft (one without criteria under it)."""
    require_actor(actor)
    scheme = criterion.scheme
    _deny(can_manage(actor, scheme), _("您无权修改该考核方案。"))
    locked = _lock(scheme)
    _draft_only(locked)
    if criterion.children.exists():
        raise ValidationError(_("请先删除或移走其下的指标。"))
    code, title = criterion.code, criterion.title
    criterion.delete()
    record(
        actor=actor,
        action="assessment.criterion_deleted",
        target=locked,
        organization=locked.authority,
        data={"criterion": code, "title": title},
    )


# -- publishing -----------------------------------------------------------------------------------


def problems_of(scheme: Scheme) -> list[str]:
    """What keeps ``scheme`` from being published (the kernel's check of the whole tree)."""
    problems = translate_all(scoring.check_scheme(spec_of(scheme)))
    if not scheme.criteria.exists():
        problems.insert(0, _("方案还没有考核指标。"))
    return problems


@transaction.atomic
def publish_scheme(*, actor: Any, scheme: Scheme) -> Scheme:
    """Publish a draft: frozen from now on; the version it supersedes is retired."""
    require_actor(actor)
    _deny(can_manage(actor, scheme), _("您无权发布该考核方案。"))
    locked = _lock(scheme)
    _draft_only(locked)
    problems = problems_of(locked)
    if problems:
        raise ValidationError(problems)
    locked.state = SchemeState.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["state", "published_at"])
    retired = list(
        Scheme.objects.filter(authority=locked.authority, code=locked.code, state=SchemeState.PUBLISHED)
        .exclude(pk=locked.pk)
        .values_list("version", flat=True)
    )
    Scheme.objects.filter(authority=locked.authority, code=locked.code, state=SchemeState.PUBLISHED).exclude(
        pk=locked.pk
    ).update(state=SchemeState.RETIRED)
    record(
        actor=actor,
        action="assessment.scheme_published",
        target=locked,
        organization=locked.authority,
        data={"version": locked.version, "retired": retired},
    )
    scheme.state, scheme.published_at = locked.state, locked.published_at
    return locked


@transaction.atomic
def retire_scheme(*, actor: Any, scheme: Scheme) -> Scheme:
    """Stop offering a published scheme for new rounds (the rounds that used it keep it)."""
    require_actor(actor)
    _deny(can_manage(actor, scheme), _("您无权停用该考核方案。"))
    locked = _lock(scheme)
    if locked.state != SchemeState.PUBLISHED:
        raise ValidationError(_("只有已发布的方案可以停用。"))
    locked.state = SchemeState.RETIRED
    locked.save(update_fields=["state"])
    record(
        actor=actor,
        action="assessment.scheme_retired",
        target=locked,
        organization=locked.authority,
        data={"version": locked.version},
    )
    scheme.state = locked.state
    return locked


# -- versions -------------------------------------------------------------------------------------


def versions(scheme: Scheme) -> QuerySet[Scheme]:
    """Every version of ``scheme``'s code of its authority, newest first."""
    return Scheme.objects.filter(authority=scheme.authority, code=scheme.code).order_by("-version")
