"""Recomputing a closed round under a corrected scheme (docs/SPEC.md §7; issue 12: "Recomputing a
closed round under a corrected scheme is one action that shows what changed").

``recompute_round(actor, round, scheme, reason)`` re-scores every body of a FINAL round from what the
round stored — its indicator snapshot (``RoundBody.indicators``) and the points people gave
(``CriterionScore.final_points``) — under ``scheme``, a later published version of the round's scheme
(same authority, same code). Then it grades, ranks and bands the bodies again exactly as finalizing
does (``services.rounds.compute_results``: ``scoring.grade`` per peer group, ``standings.standings``
over ``govinfo.ranking.rank``), makes the round's scheme the new version, and keeps what changed per
body in a ``Recomputation`` (criterion points, totals, vetoes, grades, ranks and bands, before and
after) — the diff its page shows.

Decisions:

- **What the people decided stays.** A hand-scored criterion keeps its final points (held within the
  new maximum, which the kernel does). A computed criterion whose final points were the computation
  (no override) takes the new computation; one the supervisor overrode with a reason keeps the
  override.
- **Criteria matched by code.** A criterion new in the version (not scored by hand yet) is scored by
  its rules, or counts 0 when it is scored by hand (said in the changes). A criterion the version
  removed leaves the results; its row is deleted, its points kept in the changes — unless files of
  佐证材料 hang on it, then the row stays (nothing attached is lost) and only leaves the score.
- **Peer groups stay.** A body's group must exist in the new version, else nothing is recomputed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.assessment import indicators, policy, scoring
from gongkai.assessment.models import (
    Criterion,
    CriterionKind,
    CriterionScore,
    Recomputation,
    Round,
    RoundBody,
    RoundState,
    Scheme,
    SchemeState,
)
from gongkai.assessment.schemes import spec_of
from gongkai.audit.log import record
from gongkai.core.actors import require_actor
from gongkai.core.bulk import update_fields

REASON_MAX = 2000

AUDIT_LABELS = {"assessment.round_recomputed": "按更正后的方案重新计分"}


def _hand_scored(criterion: Criterion) -> bool:
    if criterion.kind == CriterionKind.MANUAL:
        return True
    return criterion.kind in (CriterionKind.BONUS, CriterionKind.VETO) and not criterion.rules


def candidates(rnd: Round) -> list[Scheme]:
    """The versions ``rnd`` may be recomputed under: the later published versions of its scheme."""
    scheme = rnd.scheme
    return list(
        Scheme.objects.filter(
            authority=scheme.authority,
            code=scheme.code,
            state=SchemeState.PUBLISHED,
            version__gt=scheme.version,
        ).order_by("-version")
    )


def can_recompute(user: Any, rnd: Round) -> bool:
    return rnd.state == RoundState.FINAL and policy.can_manage(user, rnd)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _snapshot(rb: RoundBody) -> dict[str, Any]:
    return {
        "raw_total": _s(rb.raw_total),
        "total": _s(rb.total),
        "grade": rb.grade,
        "rank": rb.rank,
        "tied": rb.rank_tied,
        "band": rb.band,
        "vetoes": list(rb.vetoes or []),
    }


def _figures(rb: RoundBody) -> dict[str, Decimal | int | None]:
    return {code: indicators.Figure.from_json(data).value for code, data in (rb.indicators or {}).items()}


def _check(actor: Any, rnd: Round, scheme: Scheme, reason: str) -> str:
    require_actor(actor)
    if not policy.can_manage(actor, rnd):
        raise PermissionDenied(_("只有组织考核机关的监督人员可以重新计分。"))
    errors: dict[str, str] = {}
    if rnd.state != RoundState.FINAL:
        errors["scheme"] = _("只有结果已确定的考核可以按更正后的方案重新计分。")
    elif scheme.pk not in {s.pk for s in candidates(rnd)}:
        errors["scheme"] = _("请选择本考核所用方案的更新版本（已发布）。")
    text = (reason or "").strip()
    if not text:
        errors["reason"] = _("请说明重新计分的理由。")
    elif len(text) > REASON_MAX:
        errors["reason"] = _("理由不能超过%(n)d字。") % {"n": REASON_MAX}
    if errors:
        raise ValidationError(errors)
    spec = spec_of(scheme)
    known = {str(g.get("code")) for g in spec.config.get("groups") or []} or {""}
    missing = sorted({rb.peer_group for rb in rnd.bodies.all()} - known)
    if missing:
        raise ValidationError(
            {"scheme": _("新版本没有参评分组“%(groups)s”，无法重新计分。") % {"groups": "、".join(missing)}}
        )
    return text


@transaction.atomic
def recompute_round(*, actor: Any, round: Round, scheme: Scheme, reason: str) -> Recomputation:
    """Re-score every body of the FINAL ``round`` under ``scheme`` (a later published version of its
    scheme), store what changed, and update the results."""
    from gongkai.assessment.services.rounds import compute_results

    rnd = Round.objects.select_for_update().get(pk=round.pk)
    text = _check(actor, rnd, scheme, reason)
    before_scheme = rnd.scheme
    spec = spec_of(scheme)
    new_criteria = {c.code: c for c in scheme.criteria.all()}
    bodies = list(rnd.bodies.select_related("organization").order_by("organization__path", "pk"))
    before = {rb.pk: _snapshot(rb) for rb in bodies}
    body_changes: dict[int, dict[str, Any]] = {}
    # every body's scores in one query, written back in bulk (a province's round: 1,000 bodies)
    all_scores: dict[int, list[CriterionScore]] = {}
    for sc in CriterionScore.objects.filter(round_body__round=rnd).select_related("criterion"):
        all_scores.setdefault(sc.round_body_id, []).append(sc)
    with_evidence = set(
        CriterionScore.objects.filter(round_body__round=rnd, evidence__isnull=False).values_list(
            "pk", flat=True
        )
    )
    to_update: list[CriterionScore] = []
    to_create: list[CriterionScore] = []
    to_delete: list[int] = []
    for rb in bodies:
        scores = all_scores.get(rb.pk, [])
        by_code = {s.criterion.code: s for s in scores}
        manual: dict[str, Decimal | None] = {}
        notes: list[str] = []
        for code, criterion in new_criteria.items():
            if criterion.kind == CriterionKind.GROUP or not scoring.applies(spec, code, rb.peer_group):
                continue
            old = by_code.get(code)
            if old is None or old.final_points is None:
                if _hand_scored(criterion):
                    notes.append(_("%(code)s 为新增的人工评分项，未评分，按0分计") % {"code": code})
                continue
            if _hand_scored(criterion) or old.final_points != old.computed_points:
                manual[code] = old.final_points
        result = scoring.score(spec, rb.peer_group, _figures(rb), manual)
        old_points = {s.criterion.code: s.final_points for s in scores}
        rows = []
        for code, res in result.criteria.items():
            criterion = new_criteria[code]
            if criterion.kind == CriterionKind.GROUP:
                continue
            was = old_points.get(code)
            if criterion.kind != CriterionKind.VETO and (was != res.points or code not in old_points):
                rows.append(
                    {
                        "code": code,
                        "title": criterion.title,
                        "before": _s(was),
                        "after": str(res.points),
                        "lines": list(res.lines),
                    }
                )
            score = by_code.get(code)
            if score is None:
                score = CriterionScore(round_body=rb, criterion=criterion)
                to_create.append(score)
            else:
                to_update.append(score)
            score.criterion = criterion
            score.computed_points = res.computed
            score.computed_detail = list(res.lines)
            if criterion.kind != CriterionKind.VETO:
                # a veto keeps what was decided; a hand-scored criterion nobody scored stays unscored
                not_given = _hand_scored(criterion) and manual.get(code) is None
                score.final_points = None if not_given else res.points
        for code, score in by_code.items():
            if code in result.criteria:
                continue
            rows.append(
                {
                    "code": code,
                    "title": score.criterion.title,
                    "before": _s(score.final_points),
                    "after": None,
                }
            )
            if score.pk not in with_evidence:
                to_delete.append(score.pk)
        rb.raw_total, rb.total, rb.vetoes = result.raw_total, result.total, list(result.vetoes)
        body_changes[rb.pk] = {"criteria": rows, "notes": notes}
    CriterionScore.objects.filter(pk__in=to_delete).delete()
    update_fields(to_update, ["criterion", "computed_points", "computed_detail", "final_points"])
    CriterionScore.objects.bulk_create(to_create, batch_size=500)
    update_fields(bodies, ["raw_total", "total", "vetoes"])
    rnd.scheme = scheme
    rnd.save(update_fields=["scheme"])
    compute_results(bodies, spec)
    changes = []
    for rb in bodies:
        after = _snapshot(rb)
        changes.append(
            {
                "organization": rb.organization_id,
                "name": rb.organization.name,
                "peer_group": rb.peer_group,
                "before": before[rb.pk],
                "after": after,
                "changed": before[rb.pk] != after or bool(body_changes[rb.pk]["criteria"]),
                **body_changes[rb.pk],
            }
        )
    recomputation = Recomputation.objects.create(
        round=rnd,
        scheme_before=before_scheme,
        scheme_after=scheme,
        changes=changes,
        reason=text,
        done_by=actor,
    )
    record(
        actor=actor,
        action="assessment.round_recomputed",
        target=rnd,
        organization=rnd.authority,
        reason=text,
        data={
            "from": str(before_scheme),
            "to": str(scheme),
            "bodies": len(bodies),
            "changed": sum(1 for c in changes if c["changed"]),
        },
    )
    round.scheme = scheme
    return recomputation
