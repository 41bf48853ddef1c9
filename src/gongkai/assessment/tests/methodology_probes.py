"""The methodology page's part of the assessment's leak sweep (``leak_probes.py`` merges it; see
``gongkai/portal/tests/leaksweep.py``).

Hidden: a draft scheme (even when a round names it), a published scheme only a draft round uses, and
their criteria. Shown: a published scheme an opened round uses, with its criterion and rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.assessment.models import Criterion, CriterionKind, Round, RoundState, Scheme, SchemeState
from gongkai.portal.tests.leaksweep import Probe, Sweep

HIDDEN = ["隐草稿方案甲十", "隐草稿指标乙十", "隐未用方案丙十", "隐未用指标丁十"]
SHOWN = ["显考核细则戊十", "显考核内容己十", "显扣分事项庚十"]


def _scheme(region: Any, name: str, state: str, criterion: str, rule_label: str = "") -> Scheme:
    scheme = Scheme.objects.create(
        authority=region.office,
        code=f"probe-{Scheme.objects.count()}",
        name=name,
        source_document="《测试市政务公开工作考核办法》",
        state=state,
    )
    Criterion.objects.create(
        scheme=scheme,
        code="1",
        title=criterion,
        kind=CriterionKind.INDICATOR,
        max_points=20,
        rules=[{"type": "per_unit", "indicator": "items_late", "points": "5", "label": rule_label or "逾期"}],
    )
    return scheme


def _round(region: Any, scheme: Scheme, state: str) -> Round:
    return Round.objects.create(
        authority=region.office,
        title=f"{scheme.name}考核",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        scheme=scheme,
        state=state,
    )


def build(region: Any) -> Sweep:
    draft = _scheme(region, "隐草稿方案甲十", SchemeState.DRAFT, "隐草稿指标乙十")
    _round(region, draft, RoundState.SELF_ASSESSMENT)
    unused = _scheme(region, "隐未用方案丙十", SchemeState.PUBLISHED, "隐未用指标丁十")
    _round(region, unused, RoundState.DRAFT)
    shown = _scheme(region, "显考核细则戊十", SchemeState.PUBLISHED, "显考核内容己十", "显扣分事项庚十")
    _round(region, shown, RoundState.SCORING)
    probes = {
        "assessment_methodology": [Probe([])],
        "assessment_methodology_scheme": [
            Probe([shown.pk]),
            Probe([draft.pk], status=404),
            Probe([unused.pk], status=404),
            Probe([999999], status=404),
        ],
    }
    return Sweep(probes=probes, hidden=HIDDEN, shown=SHOWN)
