"""The entry points of an assessment round (docs/SPEC.md §7; issue 12 "An assessment round"). Each
checks ``assessment.policy``, validates (Chinese messages, ``ValidationError`` keyed by field), moves
the round through its transitions under a lock of its row, records the audit event and tells the
people concerned.

The round: the competent authority **opens** it (``create_round`` then ``open_round``: a
``RoundBody`` per body, a ``CriterionScore`` per criterion that applies to the body's peer group);
each body's 自查报告 is **pre-filled** from its indicators (``prefill``: the indicators of the period
are snapshotted, then the scoring kernel gives each criterion's computed points and the lines that
explain them), the body writes narrative and self points for the criteria scored by hand, attaches
佐证材料 and **submits** (``save_report``, ``add_evidence``, ``submit_report``); the supervisor
**scores** (``score_body``: every change from the self-score — or, where the body gives none, from
the computed points — needs a reason); the **申辩** window opens for ``Round.objection_days``
working days (``open_objections``), each body objects per criterion or overall, or accepts its
results (``file_objection``, ``confirm_results``), the supervisor decides each objection
(``decide_objection``, possibly changing points, with a reason); and the round is **finalized**
(``finalize_round``): totals, grades (``scoring.grade``, per peer group), ranks with ties, within
peer groups, and bands (``standings.standings``, over ``govinfo.ranking.rank``).

The scores are always computed by the one kernel, ``gongkai.assessment.scoring`` (``score``), never
added up here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.assessment import indicators, policy, scoring, standings
from gongkai.assessment.models import (
    Criterion,
    CriterionKind,
    CriterionScore,
    Evidence,
    Objection,
    ObjectionOutcome,
    Round,
    RoundBody,
    RoundBodyState,
    RoundState,
    Scheme,
    SchemeState,
)
from gongkai.assessment.schemes import spec_of
from gongkai.audit.log import record
from gongkai.core.actors import require_actor
from gongkai.core.bulk import update_fields
from gongkai.disclosure.services.content import check_upload
from gongkai.notifications.services import notify
from gongkai.orgs.models import Organization, Role, RoleName
from gongkai.orgs.selectors import staff_of
from gongkai.workdays.calendar import get_calendar

TITLE_MAX = 200
NOTE_MAX = 5000
MIN_OBJECTION_DAYS = 1
MAX_OBJECTION_DAYS = 30
#: Points are given to 2 places, like the scheme's maxima.
CENT = Decimal("0.01")
MAX_POINTS = Decimal(10000)
#: Rows per statement when many bodies are read or written at once.
BATCH = 500


def local_today() -> dt.date:
    return timezone.localdate()


def _deny(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _lock(rnd: Round) -> Round:
    """Re-read the round under a lock; refuse when its state moved since the actor saw it."""
    current = Round.objects.select_for_update().filter(pk=rnd.pk).values("state").first()
    if current is None:
        raise ValidationError(_("该考核已不存在。"))
    if current["state"] != rnd.state:
        raise ValidationError(_("该考核的状态已被他人改变，请刷新页面后重试。"))
    return rnd


def _lock_body(rb: RoundBody) -> RoundBody:
    current = RoundBody.objects.select_for_update().filter(pk=rb.pk).values("state").first()
    if current is None:
        raise ValidationError(_("该参评单位已不在本次考核中。"))
    if current["state"] != rb.state:
        raise ValidationError(_("该单位的考核状态已被他人改变，请刷新页面后重试。"))
    return rb


def round_url(rnd: Round) -> str:
    return reverse("backoffice:assessment_round", args=[rnd.pk])


def body_url(rb: RoundBody) -> str:
    return reverse("backoffice:assessment_round_body", args=[rb.round_id, rb.pk])


def _notify_body(rb: RoundBody, *, kind: str, title: str, body: str = "", key: str = "") -> None:
    notify(
        staff_of(rb.organization_id, *policy.REPORTING_ROLES),
        kind=kind,
        title=title,
        body=body,
        url=body_url(rb),
        key=key or f"{kind}:{rb.pk}",
    )


def _notify_bodies(
    bodies: list[RoundBody], *, kind: str, title: str, body: str | Callable[[RoundBody], str] = ""
) -> None:
    """``_notify_body`` for every body of a round (``body``: the text, or a function giving each
    body's), their people read in one query (a province's round: 1,000 bodies)."""
    people: dict[int, list[Any]] = {}
    rows = Role.objects.filter(
        organization_id__in=[rb.organization_id for rb in bodies],
        role__in=policy.REPORTING_ROLES,
        user__is_active=True,
    ).select_related("user")
    for role in rows:
        people.setdefault(role.organization_id, []).append(role.user)
    for rb in bodies:
        if rb.organization_id not in people:
            continue
        text = body(rb) if callable(body) else body
        notify(
            people[rb.organization_id],
            kind=kind,
            title=title,
            body=text,
            url=body_url(rb),
            key=f"{kind}:{rb.pk}",
        )


def _notify_supervisors(rnd: Round, *, kind: str, title: str, body: str = "", key: str = "") -> None:
    notify(
        staff_of(rnd.authority_id, RoleName.SUPERVISOR),
        kind=kind,
        title=title,
        body=body,
        url=round_url(rnd),
        key=key,
    )


# -- points ------------------------------------------------------------------------------------------


def parse_points(raw: Any, field: str) -> Decimal | None:
    """Points typed in a form: empty is None; otherwise a number with at most 2 decimals, ≥ 0."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError({field: _("请填写数字分值。")}) from None
    if not value.is_finite() or value < 0:
        raise ValidationError({field: _("分值不能为负数。")})
    if value >= MAX_POINTS:  # CriterionScore's points hold 6 digits, 2 of them decimals
        raise ValidationError({field: _("分值过大。")})
    if value != value.quantize(CENT):
        raise ValidationError({field: _("分值最多保留两位小数。")})
    return value.quantize(CENT)


#: A 单项否决 given by hand is yes or no (``scoring.score`` vetoes on any value but 0): the values
#: the screens send, and what each means.
VETO = Decimal(1)
NO_VETO = Decimal(0)


def parse_veto(raw: Any, field: str) -> Decimal | None:
    """A 单项否决 chosen in a form: empty is None (not given); 否决 is 1 and 不否决 0 (also as
    ``True``/``False`` or ``"1.00"``/``"0.00"``, the points a veto is stored as); anything else is
    refused with a message for the field."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        return VETO if raw else NO_VETO
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value not in (VETO, NO_VETO):
        raise ValidationError({field: _("单项否决只能选择“否决”或“不否决”。")})
    return (VETO if value else NO_VETO).quantize(CENT)


def _given(criterion: Criterion, raw: Any, field: str) -> Decimal | None:
    """What a person gave for ``criterion``: a yes/no for a 单项否决, else points."""
    if criterion.kind == CriterionKind.VETO:
        return parse_veto(raw, field)
    return parse_points(raw, field)


def decided_by_rules(criterion: Criterion) -> bool:
    """A 单项否决 with rules holds by the indicators alone (``scoring.score`` reads no hand-given
    value for it): nobody chooses it on the screens."""
    return criterion.kind == CriterionKind.VETO and bool(criterion.rules)


def hand_scored(criterion: Criterion) -> bool:
    """Criteria whose points a person gives: 人工评分, and 加分/单项否决 without rules (the kernel,
    ``scoring.score``, takes their value from ``manual``)."""
    if criterion.kind == CriterionKind.MANUAL:
        return True
    return criterion.kind in (CriterionKind.BONUS, CriterionKind.VETO) and not criterion.rules


def _figures(rb: RoundBody) -> dict[str, Decimal | int | None]:
    value = indicators.Figure.value_from_json
    return {code: value(data) for code, data in (rb.indicators or {}).items()}


def _run(
    rb: RoundBody,
    manual: Mapping[str, Decimal | None],
    spec: scoring.SchemeSpec | None = None,
    figures: Mapping[str, Decimal | int | None] | None = None,
) -> scoring.BodyScore:
    """The kernel's score of the body (``spec`` and ``figures``: the scheme's and the body's, read
    once by callers that score many bodies or a body twice)."""
    spec = spec_of(rb.round.scheme) if spec is None else spec
    return scoring.score(spec, rb.peer_group, _figures(rb) if figures is None else figures, manual)


def _self_manual(scores: Iterable[CriterionScore | _Points]) -> dict[str, Decimal | None]:
    return {s.criterion.code: s.self_points for s in scores if hand_scored(s.criterion)}


def _final_manual(scores: Iterable[CriterionScore | _Points]) -> dict[str, Decimal | None]:
    return {s.criterion.code: s.final_points for s in scores if s.final_points is not None}


def reference_points(score: CriterionScore) -> Decimal | None:
    """What the supervisor's points are compared with: the body's self-score, or — for a criterion
    the body does not score — what the indicators give."""
    if hand_scored(score.criterion):
        return score.self_points
    return score.computed_points


def _scores(rb: RoundBody) -> list[CriterionScore]:
    return list(rb.scores.select_related("criterion").order_by("criterion__position", "criterion_id"))


def _batches(bodies: list[RoundBody]) -> Iterator[tuple[dict[int, Criterion], QuerySet[CriterionScore]]]:
    """The scores of many bodies of one round, ``BATCH`` bodies a query (a province's round: 1,000
    bodies, 20,000 scores), with the scheme's criteria read once, to be shared rather than joined to
    every score."""
    if not bodies:
        return
    criteria = {c.pk: c for c in Criterion.objects.filter(scheme_id=bodies[0].round.scheme_id)}
    pks = [rb.pk for rb in bodies]
    for start in range(0, len(pks), BATCH):
        yield criteria, CriterionScore.objects.filter(round_body__in=pks[start : start + BATCH])


def _scores_of(bodies: list[RoundBody]) -> dict[int, list[CriterionScore]]:
    """The scores of many bodies of one round (``_batches``), in each body's criteria order."""
    out: dict[int, list[CriterionScore]] = {rb.pk: [] for rb in bodies}
    for criteria, rows in _batches(bodies):
        for score in rows:
            score.criterion = criteria.get(score.criterion_id) or score.criterion
            out[score.round_body_id].append(score)
    for scores in out.values():
        scores.sort(key=lambda s: (s.criterion.position, s.criterion_id))
    return out


def _totals(
    rb: RoundBody, scores: Sequence[CriterionScore | _Points], spec: scoring.SchemeSpec
) -> scoring.BodyScore | None:
    """Set the body's self total (from its self points) and, once scored, its totals and vetoes from
    the final points — both by the kernel — without saving; returns the final score (None before)."""
    figures = _figures(rb)
    rb.self_total = _run(rb, _self_manual(scores), spec, figures).total
    final: scoring.BodyScore | None = None
    if any(s.final_points is not None for s in scores):
        final = _run(rb, _final_manual(scores), spec, figures)
        rb.raw_total, rb.total, rb.vetoes = final.raw_total, final.total, list(final.vetoes)
    return final


TOTALS = ["self_total", "raw_total", "total", "vetoes"]


def recompute_totals(rb: RoundBody, spec: scoring.SchemeSpec | None = None) -> scoring.BodyScore | None:
    """The body's totals by the kernel (``_totals``), saved; returns the final score (None before)."""
    final = _totals(rb, _scores(rb), spec_of(rb.round.scheme) if spec is None else spec)
    rb.save(update_fields=TOTALS)
    return final


@dataclass(frozen=True, slots=True)
class _Points:
    """What the totals read of a score (``_totals``), without the rest of its row."""

    criterion: Criterion
    self_points: Decimal | None
    final_points: Decimal | None


def _points_of(bodies: list[RoundBody]) -> dict[int, list[_Points]]:
    """What the totals read of the scores of many bodies of one round (``_batches``)."""
    out: dict[int, list[_Points]] = {rb.pk: [] for rb in bodies}
    for criteria, rows in _batches(bodies):
        points = rows.values_list("round_body_id", "criterion_id", "self_points", "final_points")
        for body_id, criterion_id, self_points, final_points in points:
            out[body_id].append(_Points(criteria[criterion_id], self_points, final_points))
    return out


def recompute_all(bodies: list[RoundBody], spec: scoring.SchemeSpec) -> None:
    """``recompute_totals`` for many bodies of one round: the points of their scores read in one go
    (not the whole rows) and the totals written in bulk."""
    scores = _points_of(bodies)
    for rb in bodies:
        _totals(rb, scores[rb.pk], spec)
    update_fields(bodies, TOTALS)


def score_preview(rb: RoundBody, scores: list[CriterionScore] | None = None) -> scoring.BodyScore:
    """The body's score by the kernel as it stands (the final points once any is given, else the
    self points), without saving: the subtotals of the criteria groups on the screens."""
    scores = _scores(rb) if scores is None else scores
    if any(s.final_points is not None for s in scores):
        return _run(rb, _final_manual(scores))
    return _run(rb, _self_manual(scores))


# -- opening a round ------------------------------------------------------------------------------


def _clean_round(
    actor: Any,
    authority: Organization,
    fields: Mapping[str, Any],
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = str(fields.get("title") or "").strip()
    if not title:
        errors["title"] = _("请填写考核名称。")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("考核名称不能超过%(n)d字。") % {"n": TITLE_MAX}
    start, end = fields.get("period_start"), fields.get("period_end")
    if not isinstance(start, dt.date):
        errors["period_start"] = _("请填写考核期起始日期。")
    if not isinstance(end, dt.date):
        errors["period_end"] = _("请填写考核期截止日期。")
    elif isinstance(start, dt.date) and end < start:
        errors["period_end"] = _("考核期截止日期不能早于起始日期。")
    scheme = fields.get("scheme")
    if not isinstance(scheme, Scheme) or scheme.state != SchemeState.PUBLISHED:
        errors["scheme"] = _("请选择已发布的考核方案。")
    elif scheme.authority_id not in (None, authority.pk):
        errors["scheme"] = _("只能选择平台模板或本机关制定的考核方案。")
    due = fields.get("self_assessment_due")
    if due is not None and not isinstance(due, dt.date):
        errors["self_assessment_due"] = _("请填写有效的日期。")
    elif isinstance(due, dt.date) and isinstance(end, dt.date) and due <= end:
        errors["self_assessment_due"] = _("自查报告截止日应在考核期结束之后。")
    try:
        days = int(fields.get("objection_days") or 5)
    except (TypeError, ValueError):
        days = 0
    if not MIN_OBJECTION_DAYS <= days <= MAX_OBJECTION_DAYS:
        errors["objection_days"] = _("申辩期限应为%(a)d至%(b)d个工作日。") % {
            "a": MIN_OBJECTION_DAYS,
            "b": MAX_OBJECTION_DAYS,
        }
    ids = {int(pk) for pk in fields.get("bodies") or []}
    allowed = set(policy.assessable_bodies(actor, authority).filter(pk__in=ids).values_list("pk", flat=True))
    if not ids:
        errors["bodies"] = _("请至少选择一个参评单位。")
    elif ids - allowed:
        errors["bodies"] = _("所选单位中有不属于本机关考核范围的单位。")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "period_start": start,
        "period_end": end,
        "scheme": scheme,
        "self_assessment_due": due,
        "objection_days": days,
        "bodies": sorted(allowed),
    }


def _applicable(scheme: Scheme, group: str) -> list[Criterion]:
    spec = spec_of(scheme)
    return [
        c
        for c in scheme.criteria.order_by("position", "pk")
        if c.kind != CriterionKind.GROUP and scoring.applies(spec, c.code, group)
    ]


def _add_bodies(rnd: Round, org_ids: Iterable[int]) -> None:
    """The bodies of the round, each with a score row per criterion of its peer group — created in
    bulk (a province's round: 1,000 bodies, 20,000 scores)."""
    spec = spec_of(rnd.scheme)
    orgs = Organization.objects.filter(pk__in=list(org_ids)).order_by("path", "position")
    bodies = RoundBody.objects.bulk_create(
        [
            RoundBody(round=rnd, organization=org, peer_group=scoring.peer_group(spec, org.kind, org.level))
            for org in orgs
        ],
        batch_size=BATCH,
    )
    criteria: dict[str, list[Criterion]] = {}
    for group in {rb.peer_group for rb in bodies}:
        criteria[group] = _applicable(rnd.scheme, group)
    CriterionScore.objects.bulk_create(
        [CriterionScore(round_body=rb, criterion=c) for rb in bodies for c in criteria[rb.peer_group]],
        batch_size=BATCH * 4,
    )


@transaction.atomic
def create_round(*, actor: Any, authority: Organization, fields: Mapping[str, Any]) -> Round:
    """A draft round of ``authority``: its period, published scheme and bodies (each in the peer
    group the scheme gives its kind and level, ``scoring.peer_group``)."""
    require_actor(actor)
    _deny(policy.can_open_round(actor, authority), _("只有主管部门的监督人员可以组织考核。"))
    clean = _clean_round(actor, authority, fields)
    body_ids = clean.pop("bodies")
    rnd = Round.objects.create(authority=authority, created_by=actor, **clean)
    _add_bodies(rnd, body_ids)
    record(
        actor=actor,
        action="assessment.round_created",
        target=rnd,
        organization=authority,
        data={
            "title": rnd.title,
            "period": f"{rnd.period_start}—{rnd.period_end}",
            "scheme": str(rnd.scheme),
            "bodies": len(body_ids),
        },
    )
    return rnd


@transaction.atomic
def set_peer_group(*, actor: Any, round_body: RoundBody, group: str) -> RoundBody:
    """Put a body of a draft round in another peer group of the scheme (e.g. 无公共服务职能的部门,
    chosen by hand); its criteria follow the group."""
    rnd = round_body.round
    _deny(policy.can_edit_draft_round(actor, rnd), _("只有草稿状态的考核可以调整参评分组。"))
    groups = {str(g.get("code")) for g in (rnd.scheme.config or {}).get("groups") or []}
    if group not in groups:
        raise ValidationError({"group": _("考核方案中没有该参评分组。")})
    _lock(rnd)
    before = round_body.peer_group
    round_body.peer_group = group
    round_body.save(update_fields=["peer_group"])
    round_body.scores.all().delete()
    CriterionScore.objects.bulk_create(
        [CriterionScore(round_body=round_body, criterion=c) for c in _applicable(rnd.scheme, group)]
    )
    record(
        actor=actor,
        action="assessment.peer_group_set",
        target=rnd,
        organization=rnd.authority,
        data={"body": round_body.organization.name, "before": before, "after": group},
    )
    return round_body


@transaction.atomic
def open_round(*, actor: Any, round: Round) -> Round:
    """发布: the round opens for self-assessment; each body's 自查报告 is pre-filled from its
    indicators and its people are told."""
    rnd = round
    _deny(policy.can_edit_draft_round(actor, rnd), _("只有主管部门的监督人员可以发布草稿状态的考核。"))
    if not rnd.bodies.exists():
        raise ValidationError(_("该考核没有参评单位。"))
    _lock(rnd)
    rnd.open(now=timezone.now())
    rnd.save()
    bodies = list(rnd.bodies.select_related("organization", "round__scheme"))
    prefill_bodies(bodies)
    record(actor=actor, action="assessment.round_opened", target=rnd, organization=rnd.authority)
    due = (
        _("，请于%(due)s前提交自查报告") % {"due": f"{rnd.self_assessment_due:%Y-%m-%d}"}
        if rnd.self_assessment_due
        else ""
    )
    _notify_bodies(
        bodies,
        kind="assessment.self_assessment",
        title=_("考核自查：%(title)s") % {"title": rnd.title},
        body=_("%(authority)s已发布考核，自查报告已按平台数据预填%(due)s。")
        % {"authority": rnd.authority.name, "due": due},
    )
    return rnd


# -- the 自查报告 ---------------------------------------------------------------------------------------


def prefill_bodies(bodies: list[RoundBody]) -> None:
    """Snapshot the indicators of the round's period for ``bodies`` (one computation for all of
    them), write each criterion's computed points and explanation and the bodies' totals — read and
    written in bulk, a province's round being 1,000 bodies."""
    if not bodies:
        return
    rnd = bodies[0].round
    period = indicators.Period(rnd.period_start, rnd.period_end)
    figures = indicators.compute(period, [rb.organization_id for rb in bodies])
    spec = spec_of(rnd.scheme)
    now = timezone.now()
    all_scores = _scores_of(bodies)
    changed: list[CriterionScore] = []
    for rb in bodies:
        rb.indicators = {code: fig.as_json() for code, fig in figures.get(rb.organization_id, {}).items()}
        rb.indicators_at = now
        computed = _run(rb, {}, spec)
        scores = all_scores[rb.pk]
        for s in scores:
            result = computed.criteria.get(s.criterion.code)
            s.computed_points = result.computed if result is not None else None
            # A criterion scored by hand has no computed points: its "未评分" line says nothing yet.
            has = result is not None and result.computed is not None
            s.computed_detail = list(result.lines) if has and result is not None else []
        changed.extend(scores)
        _totals(rb, scores, spec)
    update_fields(changed, ["computed_points", "computed_detail"])
    update_fields(bodies, ["indicators", "indicators_at", *TOTALS])


@transaction.atomic
def refresh_indicators(*, actor: Any, round_body: RoundBody) -> RoundBody:
    """重新计算: the body (while writing) or the supervisor (while scoring) takes the indicators again
    from the records (e.g. after a late correction); the computed points follow."""
    rb = round_body
    allowed = policy.can_write_report(actor, rb) or policy.can_score(actor, rb)
    _deny(allowed, _("当前不能重新计算该单位的指标。"))
    _lock_body(rb)
    before = rb.self_total
    prefill_bodies([rb])
    record(
        actor=actor,
        action="assessment.indicators_refreshed",
        target=rb.round,
        organization=rb.organization,
        data={
            "body": rb.organization.name,
            "self_total_before": str(before),
            "self_total": str(rb.self_total),
        },
    )
    return rb


@transaction.atomic
def save_report(
    *,
    actor: Any,
    round_body: RoundBody,
    summary: str,
    entries: Mapping[int, Mapping[str, Any]],
) -> RoundBody:
    """Save the 自查报告 as a draft: the overall narrative, and per criterion (``entries`` by
    CriterionScore id) the narrative ``note`` and, for the criteria scored by hand, the ``points``."""
    rb = round_body
    _deny(policy.can_write_report(actor, rb), _("只有本单位的公开工作机构负责人可以在自查阶段填写自查报告。"))
    _lock_body(rb)
    summary = (summary or "").strip()
    errors: dict[str, str] = {}
    if len(summary) > NOTE_MAX:
        errors["summary"] = _("自查情况总述不能超过%(n)d字。") % {"n": NOTE_MAX}
    scores = _scores(rb)
    for s in scores:
        entry = entries.get(s.pk)
        if entry is None:
            continue
        field = f"note_{s.pk}"
        note = str(entry.get("note") or "").strip()
        if len(note) > NOTE_MAX:
            errors[field] = _("自查情况不能超过%(n)d字。") % {"n": NOTE_MAX}
        s.self_note = note
        if hand_scored(s.criterion):
            field = f"points_{s.pk}"
            try:
                points = _given(s.criterion, entry.get("points"), field)
            except ValidationError as exc:
                errors.update({k: v[0] for k, v in exc.message_dict.items()})
                continue
            if (
                points is not None
                and points > s.criterion.max_points
                and s.criterion.kind != CriterionKind.VETO
            ):
                errors[field] = _("自评分不能超过该项分值%(max)s分。") % {"max": s.criterion.max_points}
            s.self_points = points
    if errors:
        raise ValidationError(errors)
    CriterionScore.objects.bulk_update(scores, ["self_note", "self_points"])
    rb.summary = summary
    rb.save(update_fields=["summary"])
    recompute_totals(rb)
    record(
        actor=actor,
        action="assessment.report_saved",
        target=rb.round,
        organization=rb.organization,
        data={"body": rb.organization.name, "self_total": str(rb.self_total)},
    )
    return rb


@transaction.atomic
def add_evidence(*, actor: Any, score: CriterionScore, data: bytes, filename: str) -> Evidence:
    """佐证材料 for one criterion, accepted only for what its bytes are (the platform's upload checks,
    ``disclosure.services.content.check_upload``)."""
    rb = score.round_body
    _deny(policy.can_write_report(actor, rb), _("只有本单位的公开工作机构负责人可以在自查阶段上传佐证材料。"))
    checked = check_upload(data, filename)
    evidence = Evidence(
        score=score,
        **checked.read_file_fields(),
        position=score.evidence.count(),
        uploaded_by=actor,
    )
    evidence.file.save(checked.stored_name, ContentFile(data), save=False)
    evidence.save()
    record(
        actor=actor,
        action="assessment.evidence_added",
        target=rb.round,
        organization=rb.organization,
        data={"body": rb.organization.name, "criterion": score.criterion.code, "file": checked.name},
    )
    return evidence


@transaction.atomic
def remove_evidence(*, actor: Any, evidence: Evidence) -> None:
    rb = evidence.score.round_body
    _deny(policy.can_write_report(actor, rb), _("只有本单位的公开工作机构负责人可以在自查阶段删除佐证材料。"))
    record(
        actor=actor,
        action="assessment.evidence_removed",
        target=rb.round,
        organization=rb.organization,
        data={
            "body": rb.organization.name,
            "criterion": evidence.score.criterion.code,
            "file": evidence.original_name,
        },
    )
    evidence.delete()


@transaction.atomic
def submit_report(*, actor: Any, round_body: RoundBody) -> RoundBody:
    """提交: every criterion scored by hand has its self points and its narrative, and those that
    require 佐证材料 have a file; then the report is the body's and the supervisors are told."""
    rb = round_body
    _deny(policy.can_write_report(actor, rb), _("只有本单位的公开工作机构负责人可以提交自查报告。"))
    _lock_body(rb)
    errors: dict[str, str] = {}
    for s in _scores(rb):
        if not hand_scored(s.criterion) or s.criterion.kind == CriterionKind.VETO:
            continue
        label = f"{s.criterion.code} {s.criterion.title}"
        if s.self_points is None:
            errors[f"points_{s.pk}"] = _("请填写“%(c)s”的自评分。") % {"c": label}
        if not s.self_note.strip():
            errors[f"note_{s.pk}"] = _("请填写“%(c)s”的自查情况。") % {"c": label}
        if s.criterion.evidence_required and not s.evidence.exists():
            errors[f"evidence_{s.pk}"] = _("“%(c)s”须附佐证材料。") % {"c": label}
    if errors:
        raise ValidationError(errors)
    recompute_totals(rb)
    rb.state = RoundBodyState.SUBMITTED
    rb.submitted_at = timezone.now()
    rb.submitted_by = actor
    rb.save(update_fields=["state", "submitted_at", "submitted_by"])
    record(
        actor=actor,
        action="assessment.report_submitted",
        target=rb.round,
        organization=rb.organization,
        data={"body": rb.organization.name, "self_total": str(rb.self_total)},
    )
    _notify_supervisors(
        rb.round,
        kind="assessment.report_submitted",
        title=_("自查报告已提交：%(body)s") % {"body": rb.organization.name},
        body=_("%(title)s，自评%(total)s分。") % {"title": rb.round.title, "total": rb.self_total},
        key=f"assessment.report_submitted:{rb.pk}",
    )
    return rb


# -- scoring -----------------------------------------------------------------------------------------


@transaction.atomic
def start_scoring(*, actor: Any, round: Round) -> Round:
    """Close the self-assessment: once every body has submitted, or after the due date (a body that
    did not submit is scored on its indicators, its self points empty). A round opened without a
    due date promised the bodies none: the supervisor closes it when they decide."""
    rnd = round
    _deny(policy.can_start_scoring(actor, rnd), _("只有主管部门的监督人员可以在自查阶段结束后开始评分。"))
    pending = rnd.bodies.filter(state=RoundBodyState.PENDING).count()
    today = local_today()
    if pending and rnd.self_assessment_due is not None and today <= rnd.self_assessment_due:
        raise ValidationError(
            _("还有%(n)d个单位未提交自查报告，自查报告截止日之后才能开始评分。") % {"n": pending}
        )
    _lock(rnd)
    rnd.start_scoring()
    rnd.save()
    record(
        actor=actor,
        action="assessment.scoring_started",
        target=rnd,
        organization=rnd.authority,
        data={"not_submitted": pending},
    )
    return rnd


@transaction.atomic
def score_body(*, actor: Any, round_body: RoundBody, entries: Mapping[int, Mapping[str, Any]]) -> RoundBody:
    """评分: the supervisor's points per criterion (``entries`` by CriterionScore id: ``points``,
    ``reason``). Points that differ from the self-score (or from the computed points where the body
    gives none) need a reason; the totals are recomputed by the kernel."""
    rb = round_body
    _deny(policy.can_score(actor, rb), _("只有主管部门的监督人员可以在评分阶段评分。"))
    _lock_body(rb)
    scores = _scores(rb)
    errors: dict[str, str] = {}
    now = timezone.now()
    changes: list[dict[str, str]] = []
    for s in scores:
        entry = entries.get(s.pk, {})
        field = f"points_{s.pk}"
        try:
            points = _given(s.criterion, entry.get("points"), field)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            continue
        reference = reference_points(s)
        if decided_by_rules(s.criterion) and points is not None and points != reference:
            errors[field] = _("“%(c)s”按考核方案的规则判定，不能人工评定。") % {
                "c": f"{s.criterion.code} {s.criterion.title}"
            }
            continue
        if points is None:
            points = reference
        if points is None and s.criterion.kind == CriterionKind.VETO:
            continue  # a veto nobody gives holds only by its rules (scoring.score)
        if points is None:
            errors[field] = _("请填写“%(c)s”的评定分。") % {"c": f"{s.criterion.code} {s.criterion.title}"}
            continue
        if s.criterion.kind != CriterionKind.VETO and points > s.criterion.max_points:
            errors[field] = _("评定分不能超过该项分值%(max)s分。") % {"max": s.criterion.max_points}
            continue
        reason = str(entry.get("reason") or "").strip()
        if reference is not None and points != reference and not reason:
            errors[f"reason_{s.pk}"] = _("评定分与自评分不同，请说明调整理由。")
            continue
        if len(reason) > NOTE_MAX:
            errors[f"reason_{s.pk}"] = _("调整理由不能超过%(n)d字。") % {"n": NOTE_MAX}
            continue
        if points != s.final_points or reason != s.change_reason:
            changes.append(
                {"criterion": s.criterion.code, "before": str(s.final_points), "after": str(points)}
            )
            s.final_points, s.change_reason = points, reason if points != reference else ""
            s.changed_at, s.changed_by = now, actor
    if errors:
        raise ValidationError(errors)
    CriterionScore.objects.bulk_update(scores, ["final_points", "change_reason", "changed_at", "changed_by"])
    rb.state = RoundBodyState.SCORED
    rb.scored_at, rb.scored_by = now, actor
    rb.save(update_fields=["state", "scored_at", "scored_by"])
    recompute_totals(rb)
    record(
        actor=actor,
        action="assessment.body_scored",
        target=rb.round,
        organization=rb.organization,
        data={"body": rb.organization.name, "total": str(rb.total), "changes": changes},
    )
    return rb


# -- the 申辩 window -----------------------------------------------------------------------------------


@transaction.atomic
def open_objections(*, actor: Any, round: Round) -> Round:
    """结果反馈: every body is scored; each sees its scores and may object until ``objection_due``,
    ``Round.objection_days`` working days after today (today not counted, as the 条例 counts its
    periods, 第三十三条)."""
    rnd = round
    _deny(policy.can_open_objections(actor, rnd), _("只有主管部门的监督人员可以在评分阶段结束后反馈结果。"))
    unscored = rnd.bodies.exclude(state=RoundBodyState.SCORED).count()
    if unscored:
        raise ValidationError(_("还有%(n)d个单位未评分。") % {"n": unscored})
    _lock(rnd)
    due = get_calendar().add_workdays(local_today(), rnd.objection_days)
    rnd.open_objections(due=due)
    rnd.save()
    record(
        actor=actor,
        action="assessment.objections_opened",
        target=rnd,
        organization=rnd.authority,
        data={"objection_due": str(due)},
    )
    for rb in rnd.bodies.select_related("organization"):
        _notify_body(
            rb,
            kind="assessment.results",
            title=_("考核评分结果：%(title)s") % {"title": rnd.title},
            body=_("本单位得分%(total)s分。如有异议，请于%(due)s前提出申辩。")
            % {"total": rb.total, "due": f"{due:%Y-%m-%d}"},
        )
    return rnd


def _open_window(actor: Any, rb: RoundBody, allowed: bool) -> None:
    if allowed:
        return
    rnd = rb.round
    if rnd.state == RoundState.OBJECTION and not policy.objection_window_open(rnd, local_today()):
        raise ValidationError(_("申辩期限已于%(due)s届满。") % {"due": f"{rnd.objection_due:%Y-%m-%d}"})
    raise PermissionDenied(_("只有本单位的公开工作机构负责人可以在申辩期内提出申辩。"))


@transaction.atomic
def file_objection(*, actor: Any, round_body: RoundBody, criterion: Criterion | None, text: str) -> Objection:
    """申辩: against one criterion's points, or overall (``criterion`` None)."""
    rb = round_body
    _open_window(actor, rb, policy.can_object(actor, rb, local_today()))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写申辩理由。")})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": _("申辩理由不能超过%(n)d字。") % {"n": NOTE_MAX}})
    if criterion is not None and not rb.scores.filter(criterion=criterion).exists():
        raise ValidationError({"criterion": _("该指标不适用于本单位。")})
    _lock_body(rb)
    objection = Objection.objects.create(round_body=rb, criterion=criterion, text=text, filed_by=actor)
    rb.state = RoundBodyState.OBJECTED
    rb.save(update_fields=["state"])
    record(
        actor=actor,
        action="assessment.objection_filed",
        target=rb.round,
        organization=rb.organization,
        data={"body": rb.organization.name, "criterion": criterion.code if criterion else ""},
    )
    _notify_supervisors(
        rb.round,
        kind="assessment.objection_filed",
        title=_("考核申辩：%(body)s") % {"body": rb.organization.name},
        body=text[:200],
        key=f"assessment.objection_filed:{objection.pk}",
    )
    return objection


@transaction.atomic
def confirm_results(*, actor: Any, round_body: RoundBody) -> RoundBody:
    """无异议: the body accepts its results within the window and files no objection."""
    rb = round_body
    _open_window(actor, rb, policy.can_confirm(actor, rb, local_today()))
    _lock_body(rb)
    rb.state = RoundBodyState.FINAL
    rb.save(update_fields=["state"])
    record(
        actor=actor,
        action="assessment.results_confirmed",
        target=rb.round,
        organization=rb.organization,
        data={"body": rb.organization.name},
    )
    return rb


@transaction.atomic
def decide_objection(
    *,
    actor: Any,
    objection: Objection,
    outcome: str,
    response: str,
    points: Any = None,
    reason: str = "",
) -> Objection:
    """The supervisor's decision on an objection: 采纳 / 部分采纳 / 不予采纳, with a response; for an
    objection against a criterion, new points (with their reason) may be given — the totals follow."""
    _deny(policy.can_decide_objection(actor, objection), _("只有主管部门的监督人员可以处理待处理的申辩。"))
    errors: dict[str, str] = {}
    if outcome not in (ObjectionOutcome.UPHELD, ObjectionOutcome.PARTLY, ObjectionOutcome.REJECTED):
        errors["outcome"] = _("请选择处理结果。")
    response = (response or "").strip()
    if not response:
        errors["response"] = _("请填写答复意见。")
    elif len(response) > NOTE_MAX:
        errors["response"] = _("答复意见不能超过%(n)d字。") % {"n": NOTE_MAX}
    criterion = objection.criterion
    try:
        new_points = (
            parse_points(points, "points") if criterion is None else _given(criterion, points, "points")
        )
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        new_points = None
    reason = (reason or "").strip()
    score: CriterionScore | None = None
    if new_points is not None:
        if objection.criterion_id is None:
            errors["points"] = _("总体申辩不能直接调整分值，请在具体指标的申辩中调整。")
        else:
            score = objection.round_body.scores.select_related("criterion").get(criterion=objection.criterion)
            if decided_by_rules(score.criterion) and new_points != score.final_points:
                errors["points"] = _("该项单项否决按考核方案的规则判定，不能人工调整。")
            elif score.criterion.kind != CriterionKind.VETO and new_points > score.criterion.max_points:
                errors["points"] = _("评定分不能超过该项分值%(max)s分。") % {
                    "max": score.criterion.max_points
                }
            elif new_points != score.final_points and not reason:
                errors["reason"] = _("调整分值须说明理由。")
            if outcome == ObjectionOutcome.REJECTED and new_points != score.final_points:
                errors["outcome"] = _("不予采纳的申辩不能调整分值。")
    if errors:
        raise ValidationError(errors)
    rb = objection.round_body
    _lock_body(rb)
    now = timezone.now()
    changed: dict[str, str] = {}
    if score is not None and new_points is not None and new_points != score.final_points:
        changed = {
            "criterion": score.criterion.code,
            "before": str(score.final_points),
            "after": str(new_points),
        }
        score.final_points, score.change_reason = new_points, reason
        score.changed_at, score.changed_by = now, actor
        score.save(update_fields=["final_points", "change_reason", "changed_at", "changed_by"])
        recompute_totals(rb)
    objection.outcome, objection.response = outcome, response
    objection.decided_at, objection.decided_by = now, actor
    objection.save(update_fields=["outcome", "response", "decided_at", "decided_by"])
    record(
        actor=actor,
        action="assessment.objection_decided",
        target=rb.round,
        organization=rb.organization,
        reason=reason,
        data={"body": rb.organization.name, "outcome": outcome, "change": changed},
    )
    _notify_body(
        rb,
        kind="assessment.objection_decided",
        title=_("申辩处理结果：%(title)s") % {"title": rb.round.title},
        body=_("%(outcome)s。%(response)s")
        % {"outcome": ObjectionOutcome(outcome).label, "response": response[:200]},
        key=f"assessment.objection_decided:{objection.pk}",
    )
    return objection


# -- the results -------------------------------------------------------------------------------------


def _bands(spec: scoring.SchemeSpec) -> list[tuple[str, Decimal]]:
    """The scheme's bands (档次) for the standings: ``config["bands"]``, a list of
    ``{"band": name, "share": "0.25"}`` (cumulative shares of the group, the last 1), or none."""
    out = []
    for band in spec.config.get("bands") or []:
        if isinstance(band, Mapping) and band.get("band"):
            out.append((str(band["band"]), Decimal(str(band.get("share") or "1"))))
    return out


def finalize_problems(rnd: Round, today: dt.date) -> list[str]:
    """Why the round cannot be finalized yet (empty when it can): an objection is pending; or the
    window still runs while a body has neither objected nor accepted its results."""
    problems = []
    pending = Objection.objects.filter(round_body__round=rnd, outcome=ObjectionOutcome.PENDING).count()
    if pending:
        problems.append(_("还有%(n)d条申辩未处理。") % {"n": pending})
    if policy.objection_window_open(rnd, today):
        silent = rnd.bodies.filter(state=RoundBodyState.SCORED).count()
        if silent:
            problems.append(
                _("申辩期至%(due)s，尚有%(n)d个单位既未申辩也未确认无异议。")
                % {"due": f"{rnd.objection_due:%Y-%m-%d}", "n": silent}
            )
    return problems


def compute_results(bodies: list[RoundBody], spec: scoring.SchemeSpec) -> None:
    """Grades (per peer group: bodies are graded with their peers, ``scoring.grade``), ranks with
    ties overall and within the peer group, and bands (``standings.standings``). The body keeps its
    rank within its peer group (governments are not ranked against departments)."""
    totals = {rb.pk: rb.total if rb.total is not None else Decimal(0) for rb in bodies}
    vetoed = {rb.pk for rb in bodies if rb.vetoes}
    groups = {rb.pk: rb.peer_group for rb in bodies}
    grades: dict[int, str] = {}
    for group in sorted(set(groups.values())):
        members = {pk: totals[pk] for pk in totals if groups[pk] == group}
        grades.update(scoring.grade(spec, members, vetoed & set(members)))
    places = standings.standings(totals, groups, vetoed=vetoed, bands=_bands(spec))
    for rb in bodies:
        place = places[rb.pk]
        rb.grade = grades.get(rb.pk, "")
        rb.rank, rb.rank_tied, rb.band = place.group_rank, place.group_tied, place.band
    update_fields(bodies, ["grade", "rank", "rank_tied", "band"])


@transaction.atomic
def finalize_round(*, actor: Any, round: Round) -> Round:
    """结果确定: after the window (or once every body has objected or accepted and every objection is
    decided), the totals are recomputed by the kernel, then graded, ranked and banded."""
    rnd = round
    _deny(policy.can_finalize(actor, rnd), _("只有主管部门的监督人员可以在申辩阶段确定结果。"))
    problems = finalize_problems(rnd, local_today())
    if problems:
        raise ValidationError(" ".join(problems))
    _lock(rnd)
    bodies = list(rnd.bodies.select_related("organization", "round__scheme"))
    spec = spec_of(rnd.scheme)
    recompute_all(bodies, spec)
    compute_results(bodies, spec)
    RoundBody.objects.filter(round=rnd).update(state=RoundBodyState.FINAL)
    rnd.finalize(now=timezone.now())
    rnd.save()
    record(
        actor=actor,
        action="assessment.round_finalized",
        target=rnd,
        organization=rnd.authority,
        data={"bodies": len(bodies)},
    )
    _notify_bodies(
        bodies,
        kind="assessment.final",
        title=_("考核结果确定：%(title)s") % {"title": rnd.title},
        body=lambda rb: (
            _("本单位得分%(total)s分，等次：%(grade)s。") % {"total": rb.total, "grade": rb.grade or "—"}
        ),
    )
    return rnd


# -- reading ------------------------------------------------------------------------------------------


def progress(rnd: Round) -> dict[str, int]:
    """The bodies of a round per state, for the round page."""
    counts = {state: 0 for state in RoundBodyState.values}
    for state in rnd.bodies.values_list("state", flat=True):
        counts[state] += 1
    return counts


def pending_objections(user: Any) -> QuerySet[Objection]:
    """Objections waiting for ``user``'s decision (the rounds they run)."""
    authorities = policy.authorities_for(user)
    return Objection.objects.filter(
        outcome=ObjectionOutcome.PENDING,
        round_body__round__state=RoundState.OBJECTION,
        round_body__round__authority__in=authorities,
    )


AUDIT_LABELS = {
    "assessment.round_created": "创建考核",
    "assessment.peer_group_set": "调整参评分组",
    "assessment.round_opened": "发布考核",
    "assessment.indicators_refreshed": "重新计算考核指标",
    "assessment.report_saved": "保存自查报告",
    "assessment.evidence_added": "上传佐证材料",
    "assessment.evidence_removed": "删除佐证材料",
    "assessment.report_submitted": "提交自查报告",
    "assessment.scoring_started": "开始考核评分",
    "assessment.body_scored": "考核评分",
    "assessment.objections_opened": "反馈考核结果",
    "assessment.objection_filed": "提出申辩",
    "assessment.results_confirmed": "确认考核结果无异议",
    "assessment.objection_decided": "处理申辩",
    "assessment.round_finalized": "确定考核结果",
}
