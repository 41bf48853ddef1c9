"""The services of the scoring part of 政务信息报送 (docs/SPEC.md §8): points rule sets (versioned
configuration), penalties, and the 通报 of a period generated from the data. Every change checks
permission, writes the audit log and tells the people concerned.

Who may do what (decided here, read by the screens):

- rankings and drill-downs of an office: its 信息科编辑 (the desk), the leaders of its government,
  the supervisors over it, all rows; the 信息员 and 签发人 of a unit reporting to it, their own
  unit's rows only;
- 通报: drafted, edited and issued by the office's desk; an issued 通报 is read in full by everyone
  above and by the 信息员 and 签发人 of every unit reporting to the office (it is sent to them);
- penalties: recorded by the office's desk against its units, within the range of the rule set in
  force on the penalty's date;
- rule sets: apply to the whole installation, so only the desks of an office at its top (whose
  government has no region above) and system administrators create new versions; everyone who
  sees rankings may read them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.govinfo import points as kernel
from gongkai.govinfo import policy, scoring
from gongkai.govinfo.models import (
    Bulletin,
    Penalty,
    PenaltyKind,
    PeriodKind,
    PointsRuleSet,
    Submission,
    UrgentEvent,
)
from gongkai.notifications.services import notify
from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Kind, Level, Organization, RoleName
from gongkai.orgs.selectors import staff_of

UNIT_ROLES = (RoleName.INFO_OFFICER, RoleName.SIGNER)
NOTIFY_KIND = "govinfo_bulletin"
PENALTY_KIND = "govinfo_penalty"

AUDIT_LABELS = {
    "govinfo.rule_set_create": "新建计分规则版本",
    "govinfo.penalty_record": "登记扣分",
    "govinfo.bulletin_draft": "生成信息通报",
    "govinfo.bulletin_update": "修改信息通报",
    "govinfo.bulletin_recompute": "按规则重算通报",
    "govinfo.bulletin_issue": "印发信息通报",
    "govinfo.bulletin_delete": "删除通报草稿",
}


# -- who sees what --------------------------------------------------------------------------------


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def full_offices(user: Any) -> QuerySet[Organization]:
    """The offices whose rankings and 通报 ``user`` reads in full: their desk, the leaders of their
    government, the supervisors over them."""
    offices = Organization.objects.filter(Q(kind=Kind.GENERAL_OFFICE) | Q(is_competent_authority=True))
    if _superuser(user):
        return offices
    desk = policy.desk_offices(user).values("pk")
    led = {o.pk for o in policy.leader_orgs(user)} | {
        o.parent_id for o in policy.leader_orgs(user) if o.parent_id
    }
    supervised = org_policy.supervised_orgs(user).values("pk")
    return offices.filter(Q(pk__in=desk) | Q(parent_id__in=led) | Q(pk__in=led) | Q(pk__in=supervised))


def own_units(user: Any) -> list[Organization]:
    """The units ``user`` writes or signs for (信息员, 签发人)."""
    return list(org_policy.organizations_for(user, *UNIT_ROLES))


def unit_offices(user: Any) -> dict[int, list[int]]:
    """Office id → the ids of ``user``'s own units reporting to it."""
    result: dict[int, list[int]] = {}
    for unit in own_units(user):
        office = hierarchy.reports_to(unit)
        if office is not None and office.pk != unit.pk:
            result.setdefault(office.pk, []).append(unit.pk)
    return result


def ranking_offices(user: Any) -> list[Organization]:
    """Every office whose rankings ``user`` may open (in full or for their own units)."""
    full = list(full_offices(user).order_by("path"))
    seen = {o.pk for o in full}
    extra = [pk for pk in unit_offices(user) if pk not in seen]
    return full + list(Organization.objects.filter(pk__in=extra).order_by("path"))


def visible_units(user: Any, office: Organization) -> set[int] | None:
    """The units of ``office`` whose rows ``user`` sees: None for all, else their own; raises
    PermissionDenied when they see none."""
    if full_offices(user).filter(pk=office.pk).exists():
        return None
    mine = unit_offices(user).get(office.pk)
    if not mine:
        raise PermissionDenied("您无权查看该办公室的排名。")
    return set(mine)


def can_manage(user: Any, office: Organization) -> bool:
    """The office's desk drafts and issues 通报 and records penalties."""
    return policy.can_use_desk(user, office)


def visible_bulletins(user: Any) -> QuerySet[Bulletin]:
    """Issued 通报 of every office the user may rank, and the drafts of the desks they run."""
    full = full_offices(user).values("pk")
    desk = policy.desk_offices(user).values("pk")
    units_of_office = list(unit_offices(user))
    return Bulletin.objects.filter(
        Q(organization_id__in=desk) | Q(issued_at__isnull=False, organization_id__in=full)
        | Q(issued_at__isnull=False, organization_id__in=units_of_office)
    ).select_related("organization", "rule_set")  # fmt: skip


def is_top_office(office: Organization) -> bool:
    government = office.parent
    return government is not None and government.parent_id is None


def can_edit_rules(user: Any) -> bool:
    """Rule sets apply to the whole installation: system administrators and the desks of an office at
    its top create new versions."""
    if _superuser(user) or org_policy.is_system_admin(user):
        return True
    return any(is_top_office(o) for o in policy.desk_offices(user).select_related("parent"))


# -- rule sets ----------------------------------------------------------------------------------


def create_rule_set(
    *, actor: Any, name: str, effective_from: dt.date, source_document: str, rules: Any
) -> PointsRuleSet:
    """A new version of the points rules, checked whole by the kernel (``points.parse_rules``)."""
    if not can_edit_rules(actor):
        raise PermissionDenied("只有系统管理员和最高一级办公室的信息科可以修订计分规则。")
    try:
        kernel.parse_rules(rules)
    except kernel.RuleSetError as exc:
        raise ValidationError({"rules": exc.errors}) from exc
    if PointsRuleSet.objects.filter(effective_from=effective_from).exists():
        raise ValidationError({"effective_from": "该生效日期已有一个规则版本，请另选日期。"})
    with transaction.atomic():
        rule_set = PointsRuleSet.objects.create(
            name=name,
            effective_from=effective_from,
            source_document=source_document,
            rules=rules,
            created_by=actor,
        )
        record(
            actor=actor,
            action="govinfo.rule_set_create",
            target=rule_set,
            data={"effective_from": effective_from.isoformat(), "name": name},
        )
    return rule_set


# -- penalties ----------------------------------------------------------------------------------


def record_penalty(
    *,
    actor: Any,
    office: Organization,
    organization: Organization,
    kind: str,
    points: Decimal,
    on: dt.date,
    reason: str,
    notice: str = "",
    submission: Submission | None = None,
    event: UrgentEvent | None = None,
) -> Penalty:
    """Record a penalty against a unit of ``office`` (docs/SPEC.md §8: 迟报 named in a superior's
    notice −100; 漏报/瞒报 −200; 信息失实 −50…−100), within the range of the rule set in force on
    ``on``; the unit's 信息员 are told."""
    if not can_manage(actor, office):
        raise PermissionDenied("只有本办公室信息科可以登记扣分。")
    if organization.pk not in {u.pk for u in scoring.units_of(office)}:
        raise ValidationError({"organization": "该单位不向本办公室报送信息。"})
    if kind not in PenaltyKind.values:
        raise ValidationError({"kind": "请选择扣分类别。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写扣分事由。"})
    if submission is not None and submission.organization_id != organization.pk:
        raise ValidationError({"submission": "所选稿件不是该单位报送的。"})
    if event is not None and getattr(event, "organization_id", organization.pk) != organization.pk:
        raise ValidationError({"event": "所选突发事件不是该单位报告的。"})
    rules = scoring.rules_of(scoring.rule_set_on(on))
    try:
        kernel.check_penalty(rules, kind, points)
    except kernel.PenaltyError as exc:
        raise ValidationError({"points": str(exc)}) from exc
    with transaction.atomic():
        penalty = Penalty.objects.create(
            organization=organization,
            kind=kind,
            points=points,
            on=on,
            notice=notice,
            reason=reason.strip(),
            submission=submission,
            event=event,
            recorded_by=actor,
        )
        record(
            actor=actor,
            action="govinfo.penalty_record",
            target=penalty,
            organization=organization,
            reason=reason,
            data={"kind": kind, "points": str(points), "on": on.isoformat(), "notice": notice},
        )
        notify(
            staff_of(organization, RoleName.INFO_OFFICER),
            kind=PENALTY_KIND,
            title=f"政务信息扣分：{penalty.get_kind_display()} {points}分",
            body=f"{office.name}于{on:%Y年%-m月%-d日}登记扣分。事由：{penalty.reason}",
            url=reverse("backoffice:govinfo_penalties") + f"?office={office.pk}",
            key=f"{PENALTY_KIND}:{penalty.pk}",
        )
    return penalty


def penalty_rules_on(on: dt.date) -> dict[str, kernel.PenaltyRule]:
    return dict(scoring.rules_of(scoring.rule_set_on(on)).penalty)


# -- 通报 ----------------------------------------------------------------------------------------


def scope_word(office: Organization) -> str:
    """“全市”, “全县（区）”, “全省” by the office's level."""
    words: dict[str, str] = {Level.PROVINCE: "全省", Level.CITY: "全市", Level.COUNTY: "全县（区）"}
    return words.get(office.level, "全市")


def bulletin_title(office: Organization, period_kind: str, start: dt.date) -> str:
    return f"关于{scoring.period_label(period_kind, start)}{scope_word(office)}政务信息报送采用情况的通报"


def table_of(
    rows: list[scoring.UnitStanding], office: Organization, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """The ranking as stored in ``Bulletin.table`` (JSON): one dict per unit, in rank order, with the
    penalties named."""
    ids = [r.organization.pk for r in rows]
    named: dict[int, list[dict[str, Any]]] = {}
    for p in Penalty.objects.filter(organization_id__in=ids, on__range=(start, end)).order_by("on", "pk"):
        named.setdefault(p.organization_id, []).append(
            {
                "pk": p.pk,
                "kind": p.kind,
                "kind_label": p.get_kind_display(),
                "points": str(p.points),
                "on": p.on.isoformat(),
                "notice": p.notice,
                "reason": p.reason,
            }
        )
    return [
        {
            "unit": r.organization.pk,
            "name": r.organization.name,
            "rank": r.rank,
            "tied": r.tied,
            "points": str(r.points),
            "raw_points": str(r.raw_points),
            "by_source": {k: str(v) for k, v in r.by_source.items()},
            "submissions": r.submissions,
            "adopted": r.adopted,
            "instructions": r.instructions,
            "no_submission": r.no_submission,
            "zeroed": r.zeroed,
            "missed_commissions": r.missed_commissions,
            "quota": r.quota,
            "shortfall": r.shortfall,
            "appraisal": r.appraisal,
            "penalties": named.get(r.organization.pk, []),
        }
        for r in rows
    ]


#: The columns of a ranking as a flat table: the back office's CSV and ``gongkai govinfo ranking``.
RANKING_HEADER = (
    "名次",
    "并列",
    "单位",
    "报送",
    "采用",
    "批示",
    "采用得分",
    "批示得分",
    "扣分",
    "得分",
    "未报送",
    "清零",
)


def ranking_row(r: scoring.UnitStanding) -> list[Any]:
    """One unit's row under ``RANKING_HEADER`` (flags as “是” or empty)."""
    return [
        r.rank,
        "是" if r.tied else "",
        r.organization.name,
        r.submissions,
        r.adopted,
        r.instructions,
        r.by_source.get("adoption", 0),
        r.by_source.get("instruction", 0),
        r.by_source.get("penalty", 0),
        r.points,
        "是" if r.no_submission else "",
        "是" if r.zeroed else "",
    ]


def foreword(office: Organization, period_kind: str, start: dt.date, table: list[dict[str, Any]]) -> str:
    """The 导语 from the figures of the table."""
    scope = scope_word(office)
    label = scoring.period_label(period_kind, start)
    subs = sum(int(r["submissions"]) for r in table)
    adopted = sum(int(r["adopted"]) for r in table)
    instructions = sum(int(r["instructions"]) for r in table)
    text = (
        f"{label}，{scope}{len(table)}个单位共报送政务信息{subs}条（联合报送的信息分别计入各署名单位），"
        f"被各级信息刊物采用{adopted}条次，"
        f"获领导批示{instructions}条次。"
    )
    first = [r["name"] for r in table if r["rank"] == 1 and Decimal(r["points"]) > 0]
    if first:
        text += f"{'、'.join(first)}得分{'并列' if len(first) > 1 else ''}第一。"
    silent = [r["name"] for r in table if r["no_submission"]]
    if silent:
        text += f"{'、'.join(silent)}本期未报送信息。"
    punished = [r["name"] for r in table if r["penalties"]]
    if punished:
        text += f"{'、'.join(punished)}因迟报、漏报、瞒报或信息失实被扣分。"
    return text + "现将有关情况通报如下。"


def _period(period_kind: str, on: dt.date) -> tuple[dt.date, dt.date]:
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period": "请选择月度、季度或年度。"})
    return scoring.period_bounds(period_kind, on)


def draft_bulletin(
    *, actor: Any, office: Organization, period_kind: str, on: dt.date, rule_set: PointsRuleSet | None = None
) -> Bulletin:
    """A draft 通报 of the period containing ``on``, generated from the data under ``rule_set``
    (default: the one in force at the period's end)."""
    if not can_manage(actor, office):
        raise PermissionDenied("只有本办公室信息科可以生成信息通报。")
    start, end = _period(period_kind, on)
    rule_set = (
        rule_set or scoring.rule_set_on(end) or PointsRuleSet.objects.order_by("effective_from").first()
    )
    if rule_set is None:
        raise ValidationError("尚未配置计分规则，无法生成通报。")
    try:
        rows = scoring.standings(office, start, end, rule_set=rule_set)
    except kernel.RuleSetError as exc:
        raise ValidationError(f"所选计分规则有误：{exc}") from exc
    table = table_of(rows, office, start, end)
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            organization=office,
            period_kind=period_kind,
            period_start=start,
            period_end=end,
            rule_set=rule_set,
            title=bulletin_title(office, period_kind, start),
            foreword=foreword(office, period_kind, start, table),
            table=table,
            created_by=actor,
        )
        record(
            actor=actor,
            action="govinfo.bulletin_draft",
            target=bulletin,
            data={"period": period_kind, "start": start.isoformat(), "rule_set": rule_set.pk},
        )
    return bulletin


def _draft_only(bulletin: Bulletin) -> None:
    if bulletin.issued_at is not None:
        raise ValidationError("通报已印发，不能再修改。")


def update_bulletin(
    *, actor: Any, bulletin: Bulletin, title: str, number: str, foreword_text: str
) -> Bulletin:
    if not can_manage(actor, bulletin.organization):
        raise PermissionDenied("只有本办公室信息科可以修改信息通报。")
    _draft_only(bulletin)
    if not title.strip():
        raise ValidationError({"title": "请填写标题。"})
    bulletin.title, bulletin.number, bulletin.foreword = title.strip(), number.strip(), foreword_text.strip()
    with transaction.atomic():
        bulletin.save(update_fields=["title", "number", "foreword"])
        record(actor=actor, action="govinfo.bulletin_update", target=bulletin)
    return bulletin


def recompute_bulletin(*, actor: Any, bulletin: Bulletin, rule_set: PointsRuleSet) -> Bulletin:
    """A draft's table computed again from the data under ``rule_set`` (its 导语 regenerated)."""
    if not can_manage(actor, bulletin.organization):
        raise PermissionDenied("只有本办公室信息科可以重算信息通报。")
    _draft_only(bulletin)
    try:
        rows = scoring.standings(
            bulletin.organization, bulletin.period_start, bulletin.period_end, rule_set=rule_set
        )
    except kernel.RuleSetError as exc:
        raise ValidationError(f"所选计分规则有误：{exc}") from exc
    bulletin.rule_set = rule_set
    bulletin.table = table_of(rows, bulletin.organization, bulletin.period_start, bulletin.period_end)
    bulletin.foreword = foreword(
        bulletin.organization, bulletin.period_kind, bulletin.period_start, bulletin.table
    )
    with transaction.atomic():
        bulletin.save(update_fields=["rule_set", "table", "foreword"])
        record(
            actor=actor, action="govinfo.bulletin_recompute", target=bulletin, data={"rule_set": rule_set.pk}
        )
    return bulletin


def issue_bulletin(*, actor: Any, bulletin: Bulletin) -> Bulletin:
    """Issue (印发) a draft: it is fixed from then on, and the 信息员 of every unit in its table are
    told."""
    if not can_manage(actor, bulletin.organization):
        raise PermissionDenied("只有本办公室信息科可以印发信息通报。")
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        _draft_only(locked)
        if not locked.number.strip():
            raise ValidationError({"number": "印发前请填写文号。"})
        locked.issued_at = timezone.now()
        locked.save(update_fields=["issued_at"])
        record(actor=actor, action="govinfo.bulletin_issue", target=locked, data={"number": locked.number})
        units = [row["unit"] for row in locked.table]
        notify(
            staff_of(units, RoleName.INFO_OFFICER),
            kind=NOTIFY_KIND,
            title=f"信息通报：{locked.title}",
            body=f"{locked.organization.name}印发{locked.number}，请查阅本单位排名和得分。",
            url=reverse("backoffice:govinfo_bulletin", args=[locked.pk]),
            key=f"{NOTIFY_KIND}:{locked.pk}",
        )
    return locked


def delete_bulletin(*, actor: Any, bulletin: Bulletin) -> None:
    if not can_manage(actor, bulletin.organization):
        raise PermissionDenied("只有本办公室信息科可以删除通报草稿。")
    _draft_only(bulletin)
    with transaction.atomic():
        record(actor=actor, action="govinfo.bulletin_delete", target=bulletin, data={"title": bulletin.title})
        bulletin.delete()


def drafts_for(user: Any) -> QuerySet[Bulletin]:
    """The 通报 drafts of the desks ``user`` runs (我的工作: govinfo_bulletins_draft)."""
    return Bulletin.objects.filter(issued_at__isnull=True, organization__in=policy.desk_offices(user))
