"""assessment's part of the URL walk (``tests/test_url_walk.py``): ``build`` creates, through the
real services, records in every state the app's routes act on and returns their ids under keys of
its own; ``values_for`` gives a route's path arguments from them (None: not one of this app's
routes).

Each part of the app has its own section below — ``build_<part>`` and ``values_for_<part>``, listed
in ``BUILDERS`` and ``VALUE_FINDERS`` — so that each part adds its records without touching the
others'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gongkai.assessment import policy
from gongkai.assessment.models import CriterionScore, Round, Scheme
from gongkai.assessment.services import rounds as services
from gongkai.assessment.shipped import STANDARD, sync_shipped_schemes
from gongkai.assessment.tests.dashboards_world import build_dashboards, values_for_dashboards
from gongkai.assessment.tests.results_world import build_results, values_for_results
from gongkai.assessment.tests.schemes_world import build_schemes, values_for_schemes
from gongkai.assessment.tests.survey_world import build_surveys, values_for_surveys
from gongkai.assessment.tests.warnings_world import build_warnings, values_for_warnings
from gongkai.core.samplefiles import make_pdf

# ============================================================================ part: rounds (考核评议)


def _scheme() -> Scheme:
    sync_shipped_schemes()
    return Scheme.objects.get(authority=None, code=STANDARD, version=1)


def _round(region: Any, title: str, bodies: list[Any]) -> Round:
    return services.create_round(
        actor=region.supervisor,
        authority=region.office,
        fields={
            "title": title,
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 12, 31),
            "scheme": _scheme(),
            "self_assessment_due": dt.date(2026, 3, 31),
            "objection_days": 5,
            "bodies": [b.pk for b in bodies],
        },
    )


def _write(region: Any, rnd: Round, *, submit: bool) -> tuple[Any, Any]:
    """The department's 自查报告: every criterion scored by hand at its maximum, with a note; one
    file of evidence on the first of them."""
    rb = rnd.bodies.get(organization=region.dept)
    scores = list(rb.scores.select_related("criterion"))
    hand = [s for s in scores if services.hand_scored(s.criterion) and s.criterion.kind != "veto"]
    entries = {s.pk: {"points": str(s.criterion.max_points), "note": "走查：自查情况"} for s in hand}
    services.save_report(actor=region.head, round_body=rb, summary="走查：自查总述", entries=entries)
    evidence = services.add_evidence(
        actor=region.head, score=hand[0], data=make_pdf(["走查佐证材料"]), filename="佐证.pdf"
    )
    for s in scores:  # every criterion that requires a file has one
        if s.criterion.evidence_required and s.pk != hand[0].pk:
            services.add_evidence(actor=region.head, score=s, data=make_pdf(["走查"]), filename="佐证.pdf")
    if submit:
        services.submit_report(actor=region.head, round_body=rb)
    return rb, evidence


def _scored(region: Any, rnd: Round) -> Any:
    services.start_scoring(actor=region.supervisor, round=rnd)
    rb = rnd.bodies.get(organization=region.dept)
    first: CriterionScore = rb.scores.select_related("criterion").filter(criterion__kind="manual")[0]
    services.score_body(
        actor=region.supervisor,
        round_body=rb,
        entries={first.pk: {"points": "0", "reason": "走查：扣分理由"}},
    )
    return rb


def build_rounds(region: Any, people: dict[str, Any]) -> dict[str, str]:
    draft = _round(region, "走查：草稿考核", [region.dept, region.county_dept])
    draft_body = draft.bodies.get(organization=region.dept)

    writing = services.open_round(
        actor=region.supervisor, round=_round(region, "走查：自查中", [region.dept])
    )
    writing_body, evidence = _write(region, writing, submit=False)
    code = next(iter(sorted(writing_body.indicators)), "")

    scoring = services.open_round(
        actor=region.supervisor, round=_round(region, "走查：评分中", [region.dept])
    )
    _write(region, scoring, submit=True)
    services.start_scoring(actor=region.supervisor, round=scoring)
    scoring_body = scoring.bodies.get(organization=region.dept)

    objecting = services.open_round(
        actor=region.supervisor, round=_round(region, "走查：申辩中", [region.dept])
    )
    _write(region, objecting, submit=True)
    objecting_body = _scored(region, objecting)
    services.open_objections(actor=region.supervisor, round=objecting)
    objection = services.file_objection(
        actor=region.head, round_body=objecting_body, criterion=None, text="走查：申辩理由"
    )

    final = services.open_round(actor=region.supervisor, round=_round(region, "走查：已确定", [region.dept]))
    _write(region, final, submit=True)
    final_body = _scored(region, final)
    services.open_objections(actor=region.supervisor, round=final)
    services.confirm_results(actor=region.head, round_body=final_body)
    services.finalize_round(actor=region.supervisor, round=final)
    assert policy.visible_rounds(region.head).count() == 4  # the draft is the authority's alone
    return {
        "assessment:round:draft": str(draft.pk),
        "assessment:body:draft": str(draft_body.pk),
        "assessment:round:self": str(writing.pk),
        "assessment:body:self": str(writing_body.pk),
        "assessment:evidence:self": str(evidence.pk),
        "assessment:indicator": code,
        "assessment:round:scoring": str(scoring.pk),
        "assessment:body:scoring": str(scoring_body.pk),
        "assessment:round:objection": str(objecting.pk),
        "assessment:body:objection": str(objecting_body.pk),
        "assessment:objection": str(objection.pk),
        "assessment:round:final": str(final.pk),
        "assessment:body:final": str(final_body.pk),
    }


#: The round each route acts on (by route name; the rest: the round in self-assessment).
ROUND_STATE = {
    "assessment_round_open": "draft",
    "assessment_round_peer_group": "draft",
    "assessment_round_start_scoring": "self",
    "assessment_score": "scoring",
    "assessment_round_open_objections": "scoring",
    "assessment_round_finalize": "objection",
    "assessment_objection": "objection",
    "assessment_round_body_object": "objection",
    "assessment_round_body_confirm": "objection",
    "assessment_round_results": "final",
}
ROUND_ROUTES = {
    "assessment_rounds",
    "assessment_round_new",
    "assessment_round",
    "assessment_round_body",
    "assessment_round_body_refresh",
    "assessment_indicator_records",
    "assessment_evidence",
    "assessment_evidence_remove",
    *ROUND_STATE,
}


def values_for_rounds(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    namespace, _, short = route.name.rpartition(":")
    if namespace != "backoffice" or short not in ROUND_ROUTES:
        return None
    state = ROUND_STATE.get(short, "self")
    keys = {
        "pk": f"assessment:round:{state}",
        "body_pk": f"assessment:body:{state}",
        "evidence_pk": "assessment:evidence:self",
        "objection_pk": "assessment:objection",
        "code": "assessment:indicator",
    }
    found: dict[str, str] = {}
    missing: list[str] = []
    for p in route.params:
        value = values.get(keys.get(p.name, ""), "")
        if value:
            found[p.name] = value
        else:
            missing.append(p.name)
            found[p.name] = "1"
    return found, missing


# ============================================================================ part: surveys (民主评议)

# its world: assessment/tests/survey_world.py (imported above, listed below)

# ============================================================================ part: warnings (预警与通报批评)

# its world: assessment/tests/warnings_world.py (imported above, listed below)

# ============================================================================ part: results (考核结果通报)

# its world: assessment/tests/results_world.py (imported above, listed below)

# ============================================================================ part: schemes (考核方案)

# its world: assessment/tests/schemes_world.py (imported above, listed below)

# ============================================================================ part: dashboards (考核看板)

# its world: assessment/tests/dashboards_world.py (imported above, listed below)

# ============================================================================ the parts together

BUILDERS: list[Callable[[Any, dict[str, Any]], dict[str, str]]] = [
    build_rounds,
    build_surveys,
    build_warnings,
    build_results,
    build_schemes,
    build_dashboards,
]
VALUE_FINDERS: list[Callable[[Any, dict[str, str]], tuple[dict[str, str], list[str]] | None]] = [
    values_for_rounds,
    values_for_surveys,
    values_for_warnings,
    values_for_results,
    values_for_schemes,
    values_for_dashboards,
]


def build(region: Any, people: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for builder in BUILDERS:
        values.update(builder(region, people))
    return values


def values_for(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    for finder in VALUE_FINDERS:
        found = finder(route, values)
        if found is not None:
            return found
    return None
