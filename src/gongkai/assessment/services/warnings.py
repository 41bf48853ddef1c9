"""Early warnings and 通报批评 (docs/SPEC.md §7; docs/SPEC.md §7): who sees what, the round job that reminds
and drafts, and the competent authority's review (edit, issue as a numbered 通报, or dismiss with a
reason) and its :class:`OverrunPolicy`. Every change is audited.

Who:

- **The competent authority's supervisors** (``RoleName.SUPERVISOR`` held within the authority,
  ``assessment.policy.authorities_for``) see the overruns of the bodies reporting to it, review its
  drafts and configure its rule. A superuser acts as every authority's supervisor.
- **A body's own people who answer for its disclosure work** (``BODY_ROLES``: 公开工作机构负责人,
  领导, 机构管理员) see their own body's overruns and the criticisms issued to it, not its drafts.

The rule itself (what counts, the period, the two thresholds) is ``assessment.overruns``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from gongkai.assessment import bulletins, overruns
from gongkai.assessment import policy as assessment_policy
from gongkai.assessment.indicators import Period
from gongkai.assessment.models import BulletinKind, Criticism, CriticismState, OverrunPolicy
from gongkai.audit.log import record
from gongkai.core.actors import SYSTEM
from gongkai.govinfo.render import zh_date
from gongkai.notifications.services import notify
from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName
from gongkai.orgs.selectors import staff_of

#: The roles of a body that see its own overruns (and receive its reminders: the first).
BODY_ROLES: tuple[str, ...] = (RoleName.OFFICE_HEAD, RoleName.LEADER, RoleName.ORG_ADMIN)
NOTIFY_KIND = "assessment.overrun"


# -- who ----------------------------------------------------------------------------------------------


def authorities_for(user: Any) -> QuerySet[Organization]:
    """The competent authorities whose warnings ``user`` reviews (every one for a superuser)."""
    if getattr(user, "is_superuser", False):
        return Organization.objects.filter(is_competent_authority=True, is_active=True).order_by("path")
    return assessment_policy.authorities_for(user).order_by("path")


def own_bodies(user: Any) -> QuerySet[Organization]:
    """The bodies whose own overruns ``user`` sees as one of their people (``BODY_ROLES``)."""
    return Organization.objects.filter(
        pk__in=org_policy.org_ids_with_role(user, *BODY_ROLES), is_active=True
    ).order_by("path")


def can_open_section(user: Any) -> bool:
    """The menu entry 预警与通报批评: a competent authority's supervisors and a body's own people."""
    return authorities_for(user).exists() or own_bodies(user).exists()


def can_review(user: Any, authority: Organization) -> bool:
    return authorities_for(user).filter(pk=authority.pk).exists()


def can_read_body(user: Any, organization: Organization) -> bool:
    """May ``user`` see the overruns of ``organization``: its own people, or the supervisors of the
    authority it reports to."""
    if own_bodies(user).filter(pk=organization.pk).exists():
        return True
    authority = hierarchy.reports_to(organization)
    return authority is not None and can_review(user, authority)


def visible_criticisms(user: Any) -> QuerySet[Criticism]:
    """The criticisms ``user`` may read: every one of the authorities they review; of their own
    bodies, those issued (a draft or a dismissed one is the authority's)."""
    qs = Criticism.objects.select_related("organization", "authority", "bulletin")
    mine = authorities_for(user)
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(
        Q(authority__in=mine) | Q(organization__in=own_bodies(user), state=CriticismState.ISSUED)
    )


def can_decide(user: Any, criticism: Criticism) -> bool:
    return criticism.state == CriticismState.DRAFT and can_review(user, criticism.authority)


# -- the rule -------------------------------------------------------------------------------------


def save_policy(
    *,
    actor: Any,
    authority: Organization,
    kinds: list[str],
    period: str,
    threshold: int,
    remind_at: int,
) -> OverrunPolicy:
    """Save ``authority``'s rule: which kinds count, the period (month, quarter, year), where the
    draft 通报批评 starts (``threshold``) and where the reminder starts (``remind_at``, below it)."""
    if not can_review(actor, authority):
        raise PermissionDenied(_("只有主管部门的监督人员可以设置超限通报规则。"))
    errors: dict[str, str] = {}
    if not kinds or any(k not in overruns.KINDS for k in kinds):
        errors["kinds"] = _("请至少选择一类计入的超限。")
    if period not in {"month", "quarter", "year"}:
        errors["period"] = _("统计周期无效。")
    if threshold < 1:
        errors["threshold"] = _("通报批评起点至少为1次。")
    if remind_at < 1:
        errors["remind_at"] = _("提醒起点至少为1次。")
    elif remind_at >= threshold:
        errors["remind_at"] = _("提醒起点应小于通报批评起点。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy, _created = OverrunPolicy.objects.select_for_update().get_or_create(authority=authority)
        before = overruns.rule_from(None if _created else policy)
        for code, (switch, _label) in overruns.KINDS.items():
            setattr(policy, switch, code in kinds)
        policy.period, policy.threshold, policy.remind_at = period, threshold, remind_at
        policy.updated_by = actor
        policy.save()
        after = overruns.rule_from(policy)
        record(
            actor=actor,
            action="assessment.overrun_policy_saved",
            target=policy,
            organization=authority,
            data={
                "before": {
                    "kinds": list(before.kinds),
                    "period": before.period,
                    "threshold": before.threshold,
                    "remind_at": before.remind_at,
                },
                "after": {
                    "kinds": list(after.kinds),
                    "period": after.period,
                    "threshold": after.threshold,
                    "remind_at": after.remind_at,
                },
            },
        )
    return policy


# -- the round job --------------------------------------------------------------------------------


def _period_words(period: Period) -> str:
    return _("%(start)s至%(end)s") % {"start": zh_date(period.start), "end": zh_date(period.end)}


def _counts_words(row: overruns.BodyOverruns) -> str:
    return "、".join(
        _("%(kind)s%(n)d次") % {"kind": overruns.kind_label(code), "n": n}
        for code, n in row.counts.items()
        if n
    )


def draft_text(
    organization: Organization,
    authority: Organization,
    period: Period,
    rule: overruns.Rule,
    row: overruns.BodyOverruns,
) -> str:
    """The generated text of a draft 通报批评 (plain text, one paragraph a line), which the
    authority edits before issuing it."""
    return "\n".join(
        [
            _(
                "经查，%(org)s在%(period)s期间发生政务公开超限%(total)d次（%(counts)s），"
                "达到%(threshold)d次及以上，根据“发生3次及以上超限的应通报批评”的要求，现予以通报批评。"
            )
            % {
                "org": organization.name,
                "period": _period_words(period),
                "total": row.total,
                "counts": _counts_words(row),
                "threshold": rule.threshold,
            },
            _(
                "请%(org)s认真分析原因，严格执行《中华人民共和国政府信息公开条例》规定的公开和答复时限，"
                "于收到本通报之日起10个工作日内将整改情况书面报送%(authority)s。"
            )
            % {"org": organization.name, "authority": authority.name},
        ]
    )


def _remind(row: overruns.BodyOverruns, authority: Organization, period: Period, rule: overruns.Rule) -> int:
    body = row.organization
    recipients = list(staff_of(body, RoleName.OFFICE_HEAD)) or list(staff_of(body))
    sent = notify(
        recipients,
        kind=NOTIFY_KIND,
        title=_("超限预警：%(org)s本期已超限%(total)d次") % {"org": body.name, "total": row.total},
        body=_(
            "%(period)s期间，本单位已发生超限%(total)d次（%(counts)s）。按%(authority)s的规定，"
            "发生%(threshold)d次及以上超限的将予以通报批评，请及时处理。"
        )
        % {
            "period": _period_words(period),
            "total": row.total,
            "counts": _counts_words(row),
            "authority": authority.name,
            "threshold": rule.threshold,
        },
        url=reverse("backoffice:assessment_warnings_body", args=[body.pk]) + f"?on={period.end.isoformat()}",
        key=f"{NOTIFY_KIND}:{body.pk}:{period.start.isoformat()}:{period.end.isoformat()}:{row.total}",
    )
    if sent:
        record(
            actor=SYSTEM,
            action="assessment.overrun_reminded",
            target=body,
            data={
                "authority": authority.pk,
                "period": [period.start.isoformat(), period.end.isoformat()],
                "counts": row.counts,
                "threshold": rule.threshold,
            },
        )
    return len(sent)


def _draft(row: overruns.BodyOverruns, authority: Organization, period: Period, rule: overruns.Rule) -> str:
    """Create or bring up to date the draft of ``row``'s body for ``period``: 'created', 'updated'
    (new overruns listed) or '' (nothing changed, or already decided)."""
    found = [o.as_json() for o in overruns.overruns_of(row.organization, period, rule.kinds)]
    with transaction.atomic():
        criticism, created = Criticism.objects.select_for_update().get_or_create(
            organization=row.organization,
            period_start=period.start,
            period_end=period.end,
            defaults={
                "authority": authority,
                "overruns": found,
                "text": draft_text(row.organization, authority, period, rule, row),
            },
        )
        if created:
            record(
                actor=SYSTEM,
                action="assessment.criticism_drafted",
                target=criticism,
                organization=row.organization,
                data={"authority": authority.pk, "counts": row.counts, "total": row.total},
            )
            return "created"
        if criticism.state != CriticismState.DRAFT or criticism.overruns == found:
            return ""
        criticism.overruns = found
        criticism.save(update_fields=["overruns"])
        record(
            actor=SYSTEM,
            action="assessment.criticism_updated",
            target=criticism,
            organization=row.organization,
            data={"counts": row.counts, "total": row.total},
        )
        return "updated"


def run_warnings(today: dt.date) -> dict[str, int]:
    """The round job: for every competent authority, count its bodies' overruns in the period of its
    rule that holds ``today``; remind a body at ``remind_at`` (once per count), draft a 通报批评 at
    ``threshold`` (once per body and period, its list of overruns kept up to date while a draft).
    Authorities counting the same kinds over the same period are counted in one pass of the
    providers. Safe to repeat."""
    counts = {"reminded": 0, "drafted": 0, "updated": 0}
    reporting = hierarchy.reporting_map()
    authorities = Organization.objects.in_bulk(list(reporting))
    saved = {p.authority_id: p for p in OverrunPolicy.objects.filter(authority_id__in=list(reporting))}
    groups: dict[
        tuple[Period, tuple[str, ...]], list[tuple[Organization, overruns.Rule, list[Organization]]]
    ] = {}
    for authority_id, bodies in reporting.items():
        rule = overruns.rule_from(saved.get(authority_id))
        if rule.kinds:
            period = overruns.period_of(rule.period, today)
            groups.setdefault((period, rule.kinds), []).append((authorities[authority_id], rule, bodies))
    for (period, kinds), members in groups.items():
        every = [body for _authority, _rule, bodies in members for body in bodies]
        counting = overruns.Rule(kinds, "", overruns.DEFAULT_THRESHOLD, overruns.DEFAULT_REMIND_AT)
        rows = {row.organization.pk: row for row in overruns.count_overruns(every, period, counting)}
        for authority, rule, bodies in members:
            for body in bodies:
                row = rows[body.pk]
                row.level = rule.level(row.total)
                if row.level == overruns.REMIND:
                    counts["reminded"] += 1 if _remind(row, authority, period, rule) else 0
                elif row.level == overruns.CRITICIZE:
                    outcome = _draft(row, authority, period, rule)
                    if outcome:
                        counts["drafted" if outcome == "created" else "updated"] += 1
    return counts


# -- review -------------------------------------------------------------------------------------------


def _decidable(actor: Any, criticism: Criticism) -> Criticism:
    if not can_review(actor, criticism.authority):
        raise PermissionDenied(_("只有主管部门的监督人员可以审核通报批评。"))
    locked = Criticism.objects.select_for_update().get(pk=criticism.pk)
    if locked.state != CriticismState.DRAFT:
        raise ValidationError({"state": _("该通报批评已审核，不能再修改。")})
    return locked


def update_text(*, actor: Any, criticism: Criticism, text: str) -> Criticism:
    """Edit the text of a draft."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写通报正文。")})
    with transaction.atomic():
        locked = _decidable(actor, criticism)
        if locked.text != text:
            locked.text = text
            locked.save(update_fields=["text"])
            record(
                actor=actor,
                action="assessment.criticism_edited",
                target=locked,
                organization=locked.organization,
            )
    return locked


def criticism_title(criticism: Criticism) -> str:
    return _("关于对%(org)s政务公开超限情况的通报批评") % {"org": criticism.organization.name}


#: The kinds of overrun whose records the issued 通报 names: a published item's title is public; a
#: request or a message is the applicant's or writer's (its subject may carry personal data), so
#: the 通报, which is published on the portal, gives only its kind, date and how late it was.
PUBLIC_LABELS = frozenset({"items_late"})


def criticism_body(criticism: Criticism) -> str:
    """The body of the issued 通报: the text's paragraphs and the table of the overruns."""
    paragraphs = format_html_join(
        "", "<p>{}</p>", ((line.strip(),) for line in criticism.text.splitlines() if line.strip())
    )
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                n,
                o.kind_label,
                o.label if o.kind in PUBLIC_LABELS else "—",
                zh_date(o.date) if o.date else "",
                o.note,
            )
            for n, o in enumerate((overruns.Overrun.from_json(d) for d in criticism.overruns), start=1)
        ),
    )
    table = format_html(
        "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        _("附：超限情况"),
        _("序号"),
        _("类别"),
        _("事项"),
        _("日期"),
        _("说明"),
        rows,
    )
    return str(paragraphs) + (str(table) if criticism.overruns else "")


def issue_criticism(*, actor: Any, criticism: Criticism, title: str = "", number: str = "") -> Criticism:
    """Issue a draft: it becomes a numbered 通报 (``bulletins.create_bulletin``, kind 通报批评), the
    draft is marked issued, and the body's people are told. Publishing on the portal is a separate
    step (``bulletins.publish_bulletin``)."""
    with transaction.atomic():
        locked = _decidable(actor, criticism)
        bulletin = bulletins.create_bulletin(
            actor=actor,
            authority=locked.authority,
            kind=BulletinKind.CRITICISM,
            title=(title or "").strip() or criticism_title(locked),
            body=criticism_body(locked),
            number=number,
        )
        locked.state = CriticismState.ISSUED
        locked.bulletin = bulletin
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["state", "bulletin", "decided_at", "decided_by"])
        record(
            actor=actor,
            action="assessment.criticism_issued",
            target=locked,
            organization=locked.organization,
            data={"bulletin": bulletin.pk, "number": bulletin.number},
        )
        notify(
            staff_of(locked.organization, *BODY_ROLES),
            kind=NOTIFY_KIND,
            title=_("通报批评：%(title)s") % {"title": bulletin.title},
            body=_("%(authority)s印发%(number)s，请认真整改。")
            % {"authority": locked.authority.name, "number": bulletin.number},
            url=reverse("backoffice:assessment_criticism", args=[locked.pk]),
            key=f"{NOTIFY_KIND}:issued:{locked.pk}",
        )
    return locked


def dismiss_criticism(*, actor: Any, criticism: Criticism, reason: str) -> Criticism:
    """Decide not to issue a draft (不予通报), with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": _("请填写不予通报的理由。")})
    with transaction.atomic():
        locked = _decidable(actor, criticism)
        locked.state = CriticismState.DISMISSED
        locked.decision_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["state", "decision_reason", "decided_at", "decided_by"])
        record(
            actor=actor,
            action="assessment.criticism_dismissed",
            target=locked,
            organization=locked.organization,
            reason=reason,
        )
    return locked


def drafts_for(user: Any) -> QuerySet[Criticism]:
    """The drafts waiting for ``user``'s review (the inbox)."""
    return (
        Criticism.objects.filter(authority__in=authorities_for(user), state=CriticismState.DRAFT)
        .select_related("organization")
        .order_by("period_end", "organization__path")
    )
