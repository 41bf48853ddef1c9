"""Commissioning (约稿, docs/SPEC.md §8): the office's 年度政务信息工作计划, the quarterly 报送要点 and
ad-hoc 约稿通知 to named units or people, with deadlines; who answered, who missed, and the reminder
before the deadline.

The experience papers behind docs/SPEC.md §8 (《政府办公室政务信息工作经验交流材料》):
"按季度印发《政务信息报送要点》，对领导需要了解的情况，随时向信息网点下发信息约稿通知或直接电话联系，
明确专人及时采编上报"; docs/SPEC.md §8 (rules in use elsewhere): "Missing 2 or more
commissioned pieces zeroes the year" — ``missed_commissions`` is what the scoring counts.

Every change is one function here: it checks ``govinfo.policy``, writes the audit log and notifies
the people who must act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.govinfo import commission_rules as rules
from gongkai.govinfo import policy, scoring
from gongkai.govinfo.models import Commission, CommissionKind, CommissionTarget, Submission
from gongkai.notifications.services import notify
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import staff_of
from gongkai.workdays.calendar import get_calendar

#: How long before its deadline a 约稿通知 is reminded: on the last working day before the
#: deadline's day (the round runs daily; a working-day reminder never falls on a weekend or
#: holiday, when nobody is at the desk to write). Chosen for the platform: neither docs/SPEC.md §8 nor
#: its source papers fix a period; 1 working day matches the other reminders of the back office.
REMIND_WORKDAYS = 1

NOTIFY_KIND = "govinfo.commission"
REMIND_KIND = "govinfo.commission_due"


def commission_url(commission: Commission) -> str:
    return reverse("backoffice:govinfo_commission", args=[commission.pk])


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def units_of(office: Organization) -> list[Organization]:
    """The units that report to ``office`` (``orgs.hierarchy.reports_to(unit) == office``), without
    the office itself: the units its 报送要点 are published to and its 约稿通知 may name."""
    return [o for o in hierarchy.bodies_reporting_to(office) if o.pk != office.pk]


# -- reading ------------------------------------------------------------------------------------------


def visible_commissions(user: Any) -> QuerySet[Commission]:
    """The commissions ``user`` may read: every one of the offices whose desk they run; issued ones
    addressed to a unit where they are 信息员 (named, or for 要点 and plans, the office the unit
    reports to), or to them by name."""
    desk = policy.desk_offices(user)
    q = Q(organization__in=desk) | Q(issued_at__isnull=False, targets__user=user)
    units = list(policy.writing_units(user))
    if units:
        offices = {o.pk for u in units if (o := hierarchy.reports_to(u)) is not None}
        q |= Q(issued_at__isnull=False) & (
            Q(targets__organization__in=units)
            | Q(kind__in=[CommissionKind.POINTS, CommissionKind.PLAN], organization_id__in=offices)
        )
    return Commission.objects.filter(q).distinct()


def _not_past(today: dt.date) -> Q:
    """Deadlines not past: today a notice is open until its deadline's very minute; asked about
    another day, through that day."""
    if today == timezone.localdate():
        return Q(deadline__gte=timezone.now())
    return Q(deadline__date__gte=today)


def open_commissions_for(unit: Organization, today: dt.date) -> QuerySet[Commission]:
    """The commissions a submission of ``unit`` may answer on ``today`` (the author's form offers
    them): issued 约稿通知 naming the unit (or a person of it) whose deadline is not past, and
    the issued 报送要点 of the current quarter of the office the unit reports to."""
    # Today a notice is open until its deadline's very minute; on another day, through that day.
    not_past = (
        Q(deadline__gte=timezone.now()) if today == timezone.localdate() else Q(deadline__date__gte=today)
    )
    q = Q(kind=CommissionKind.NOTICE, targets__organization=unit) & not_past
    office = hierarchy.reports_to(unit)
    if office is not None and office.pk != unit.pk:
        q |= Q(
            kind=CommissionKind.POINTS,
            organization=office,
            year=today.year,
            quarter=quarter_of(today),
        )
    return (
        Commission.objects.filter(issued_at__isnull=False)
        .filter(q)
        .distinct()
        .order_by(F("deadline").asc(nulls_last=True), "-issued_at", "-id")
    )


def _answers(commission: Commission) -> QuerySet[Submission]:
    """Submissions linked to ``commission`` that were submitted (``submitted_at`` set)."""
    return commission.answers.filter(submitted_at__isnull=False)


def _credited(sub: Submission) -> set[int]:
    return {sub.organization_id, *(c.organization_id for c in sub.credits.all())}


def _answered_units(commission: Commission) -> dict[int, dt.datetime]:
    """Unit id → first submission time of an answer by that unit (its own, or a joint item that
    credits it) (``commission_rules.first_answers``)."""
    answers = _answers(commission).prefetch_related("credits")
    return rules.first_answers((_credited(s), s.submitted_at) for s in answers)


@dataclass(frozen=True)
class TargetAnswer:
    """One target of a commission and how it answered."""

    target: CommissionTarget
    answers: tuple[Submission, ...]
    first_at: dt.datetime | None
    on_time: bool
    missed: bool


def answers_by_target(commission: Commission, *, now: dt.datetime | None = None) -> list[TargetAnswer]:
    """What the desk sees per target: the submitted answers of the target's unit, whether the first
    came by the deadline, and whether the target missed (deadline passed without one)."""
    now = now or timezone.now()
    subs = list(_answers(commission).select_related("organization").prefetch_related("credits"))
    rows = []
    for target in commission.targets.select_related("organization", "user").order_by(
        "organization__path", "id"
    ):
        mine = tuple(s for s in subs if target.organization_id in _credited(s))
        first = min((s.submitted_at for s in mine if s.submitted_at), default=None)
        deadline = commission.deadline
        rows.append(
            TargetAnswer(
                target,
                mine,
                first,
                rules.answered_on_time(first, deadline),
                rules.missed(first, deadline, now),
            )
        )
    return rows


def missed_commissions(
    office: Organization, start: dt.date, end: dt.date, *, now: dt.datetime | None = None
) -> dict[int, list[Commission]]:
    """unit id → the 约稿通知 of ``office`` the unit missed, among those whose deadline falls on a day
    from ``start`` to ``end`` (both included) and has passed.

    A target unit missed a 约稿通知 when no submission of it (its own, or a joint item crediting it)
    linked to that commission was submitted (``submitted_at`` set) by the deadline; a person target
    counts for their unit. docs/SPEC.md §8: missing 2 or more commissioned pieces zeroes the year's score
    (the scoring applies that rule and counts the same notices: ``scoring.missed_notices``).
    """
    by_unit = scoring.missed_notices([office.pk], start, end, now=now).get(office.pk, {})
    found = Commission.objects.in_bulk({pk for ids in by_unit.values() for pk in ids})
    return {unit: [found[pk] for pk in ids] for unit, ids in by_unit.items()}


def recipients(commission: Commission) -> list[Any]:
    """Who is told of an issued commission: the named person of each person target, the 信息员 of
    each unit target; for 报送要点 and the yearly plan, the 信息员 of every unit reporting to the
    office."""
    people: list[Any] = []
    if commission.kind == CommissionKind.NOTICE:
        for target in commission.targets.select_related("user"):
            if target.user_id is not None:
                people.append(target.user)
            else:
                people.extend(staff_of(target.organization_id, *policy.WRITER_ROLES))
    else:
        units = units_of(commission.organization)
        people.extend(staff_of([u.pk for u in units], *policy.WRITER_ROLES))
    return list({p.pk: p for p in people}.values())


# -- changing -----------------------------------------------------------------------------------------

Target = tuple[Organization, Any]


def _check_desk(actor: Any, office: Organization) -> None:
    if not policy.can_use_desk(actor, office):
        raise PermissionDenied("只有本办信息科编辑可以发布约稿。")


def _validate(
    *,
    office: Organization,
    kind: str,
    year: int,
    quarter: int | None,
    title: str,
    deadline: dt.datetime | None,
    targets: Sequence[Target],
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in CommissionKind.values:
        errors.setdefault("kind", []).append("请选择约稿类别。")
    if not title.strip():
        errors.setdefault("title", []).append("请填写标题。")
    if not 2000 <= year <= 2100:
        errors.setdefault("year", []).append("年度不正确。")
    if kind == CommissionKind.POINTS and quarter not in (1, 2, 3, 4):
        errors.setdefault("quarter", []).append("报送要点须注明季度（1至4）。")
    if kind != CommissionKind.POINTS and quarter is not None:
        errors.setdefault("quarter", []).append("只有报送要点注明季度。")
    if kind == CommissionKind.NOTICE:
        if deadline is None:
            errors.setdefault("deadline", []).append("约稿通知须有截止时间。")
        if not targets:
            errors.setdefault("targets", []).append("约稿通知须指定约稿单位或人员。")
    elif targets:
        errors.setdefault("targets", []).append("只有约稿通知指定约稿对象；计划和要点发至所有报送单位。")
    allowed = {u.pk for u in units_of(office)} if targets else set()
    seen: set[int] = set()
    for org, user in targets:
        if org.pk not in allowed:
            errors.setdefault("targets", []).append(f"{org.name}不向本办报送信息，不能向其约稿。")
        if org.pk in seen:
            errors.setdefault("targets", []).append(f"{org.name}重复指定。")
        seen.add(org.pk)
        if user is not None and not staff_of(org.pk).filter(pk=user.pk).exists():
            errors.setdefault("targets", []).append(f"{user}不是{org.name}的人员。")
    if errors:
        raise ValidationError(errors)


def _set_targets(commission: Commission, targets: Iterable[Target]) -> None:
    commission.targets.all().delete()
    CommissionTarget.objects.bulk_create(
        CommissionTarget(commission=commission, organization=org, user=user) for org, user in targets
    )


@transaction.atomic
def create_commission(
    *,
    actor: Any,
    office: Organization,
    kind: str,
    year: int,
    title: str,
    body: str = "",
    quarter: int | None = None,
    deadline: dt.datetime | None = None,
    targets: Sequence[Target] = (),
) -> Commission:
    """A draft commission of ``office`` (not yet issued: nobody is told)."""
    _check_desk(actor, office)
    _validate(
        office=office, kind=kind, year=year, quarter=quarter, title=title, deadline=deadline, targets=targets
    )
    commission = Commission.objects.create(
        organization=office,
        kind=kind,
        year=year,
        quarter=quarter,
        title=title.strip(),
        body=body,
        deadline=deadline,
        created_by=actor,
    )
    _set_targets(commission, targets)
    record(actor=actor, action="govinfo.commission_created", target=commission, data={"kind": kind})
    return commission


@transaction.atomic
def update_commission(
    *,
    actor: Any,
    commission: Commission,
    title: str,
    body: str = "",
    year: int,
    quarter: int | None = None,
    deadline: dt.datetime | None = None,
    targets: Sequence[Target] = (),
) -> Commission:
    """Change a draft commission; an issued one is fixed (its targets were told)."""
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    _check_desk(actor, commission.organization)
    if commission.issued_at is not None:
        raise ValidationError("约稿已发布，不能再修改。")
    _validate(
        office=commission.organization,
        kind=commission.kind,
        year=year,
        quarter=quarter,
        title=title,
        deadline=deadline,
        targets=targets,
    )
    commission.title = title.strip()
    commission.body = body
    commission.year = year
    commission.quarter = quarter
    commission.deadline = deadline
    commission.save()
    _set_targets(commission, targets)
    record(actor=actor, action="govinfo.commission_updated", target=commission)
    return commission


@transaction.atomic
def issue_commission(*, actor: Any, commission: Commission) -> Commission:
    """Issue (发布) a commission: from now on it is addressed to its targets, who are notified."""
    commission = Commission.objects.select_for_update().select_related("organization").get(pk=commission.pk)
    _check_desk(actor, commission.organization)
    if commission.issued_at is not None:
        raise ValidationError("约稿已发布。")
    now = timezone.now()
    if commission.kind == CommissionKind.NOTICE:
        if commission.deadline is None or not commission.targets.exists():
            raise ValidationError("约稿通知须有截止时间和约稿对象。")
        if commission.deadline <= now:
            raise ValidationError("截止时间已过，请先修改截止时间。")
    commission.issued_at = now
    commission.save(update_fields=["issued_at"])
    people = recipients(commission)
    label = commission.get_kind_display()
    body = f"发布单位：{commission.organization.name}。"
    if commission.deadline is not None:
        body += f"截止时间：{timezone.localtime(commission.deadline):%Y年%-m月%-d日 %H:%M}。"
    notify(
        people,
        kind=NOTIFY_KIND,
        title=f"{label}：{commission.title}",
        body=body,
        url=commission_url(commission),
        key=f"{NOTIFY_KIND}:{commission.pk}",
    )
    record(
        actor=actor,
        action="govinfo.commission_issued",
        target=commission,
        data={"kind": commission.kind, "notified": len(people)},
    )
    return commission


def remind_due(today: dt.date, *, actor: Any = None) -> dict[str, int]:
    """The round's reminder (once per 约稿通知, ``Commission.reminded_at``): from the last working day
    before the deadline's day (``REMIND_WORKDAYS``) until the deadline, the targets that have not
    answered yet are told. Safe to repeat: a reminded commission is never reminded again."""
    from gongkai.core.actors import SYSTEM

    actor = actor or SYSTEM
    now = timezone.now()
    horizon = get_calendar().add_workdays(today, REMIND_WORKDAYS)
    counts = {"commissions": 0, "notified": 0}
    due = Commission.objects.filter(
        kind=CommissionKind.NOTICE,
        issued_at__isnull=False,
        reminded_at__isnull=True,
        deadline__gt=now,
        deadline__date__lte=horizon,
    ).select_related("organization")
    for commission in due:
        with transaction.atomic():
            locked = Commission.objects.select_for_update().get(pk=commission.pk)
            deadline = locked.deadline
            if locked.reminded_at is not None or deadline is None:
                continue
            if not rules.reminder_due(deadline, now, timezone.localtime(deadline).date(), horizon):
                continue
            answered = _answered_units(locked)
            people: list[Any] = []
            for target in locked.targets.select_related("user"):
                if target.organization_id in answered:
                    continue
                if target.user_id is not None:
                    people.append(target.user)
                else:
                    people.extend(staff_of(target.organization_id, *policy.WRITER_ROLES))
            sent = notify(
                people,
                kind=REMIND_KIND,
                title=f"约稿即将截止：{locked.title}",
                body=f"截止时间：{timezone.localtime(deadline):%Y年%-m月%-d日 %H:%M}，请及时报送。",
                url=commission_url(locked),
                key=f"{REMIND_KIND}:{locked.pk}",
            )
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            record(
                actor=actor,
                action="govinfo.commission_reminded",
                target=locked,
                organization=commission.organization,
                data={"notified": len(sent)},
            )
            counts["commissions"] += 1
            counts["notified"] += len(sent)
    return counts


def due_for_writer(user: Any, today: dt.date) -> QuerySet[Commission]:
    """The 约稿通知 addressed to a unit where ``user`` is 信息员, or to ``user`` by name, that the
    unit has not answered yet and whose deadline day is not past ("我的工作")."""
    units = {u.pk for u in policy.writing_units(user)}
    named = set(
        CommissionTarget.objects.filter(user=user, commission__issued_at__isnull=False).values_list(
            "organization_id", flat=True
        )
    )
    if not units and not named:
        return Commission.objects.none()
    answered = Submission.objects.filter(
        commission=OuterRef("pk"), submitted_at__isnull=False, organization_id__in=units | named
    )
    return (
        Commission.objects.filter(_not_past(today), kind=CommissionKind.NOTICE, issued_at__isnull=False)
        .filter(Q(targets__organization_id__in=units) | Q(targets__user=user))
        .exclude(Exists(answered))
        .distinct()
        .order_by("deadline", "id")
    )
