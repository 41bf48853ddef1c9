"""The public methodology page (docs/SPEC.md §7 point 4.6: "a public methodology page says how every
score is computed"): for every published scheme a round has used, its source document, the criteria
with their points and rules in words, the indicators those rules read with how each is computed
(``Definition.explanation``), vetoes, scaling, grades, and how ranks are made (ties, vetoes last,
peer groups, minimum samples with Wilson intervals: ``assessment.standings``).

What is public: a scheme that is published (or retired after use) *and* used by a round its authority
has opened (a draft round and a draft scheme are the authority's own). Everything else is a 404.
Routes: ``methodology_urls.py``; in the leak sweep (``assessment/tests/leak_probes.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.assessment import indicators, schemes
from gongkai.assessment.bulletins import published_bulletins
from gongkai.assessment.models import BulletinKind, Round, RoundState, Scheme, SchemeState
from gongkai.assessment.results import group_labels


def public_schemes() -> QuerySet[Scheme]:
    """The schemes the public may read: published or retired, used by an opened round of an active
    authority."""
    used = Round.objects.exclude(state=RoundState.DRAFT).filter(authority__is_active=True)
    return (
        Scheme.objects.filter(state__in=[SchemeState.PUBLISHED, SchemeState.RETIRED], rounds__in=used)
        .distinct()
        .order_by("-published_at", "name", "-version")
    )


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("首页"), reverse("portal:home")),
        (_("考核通报"), reverse("portal:assessment_bulletins")),
        (_("考核计分方法"), reverse("portal:assessment_methodology") if tail else None),
        *tail,
    ]


@dataclass(frozen=True)
class IndicatorUse:
    code: str
    label: str
    explanation: str
    min_sample: int | None


def _indicators_used(scheme: Scheme, nodes: list[schemes.Node]) -> list[IndicatorUse]:
    known = indicators.definitions()
    min_samples: Mapping[str, Any] = (scheme.config or {}).get("min_samples") or {}
    codes: list[str] = []
    for node in nodes:
        for rule in node.criterion.rules or []:
            code = rule.get("indicator") if isinstance(rule, Mapping) else None
            if code and code not in codes:
                codes.append(str(code))
    codes += [str(c) for c in min_samples if str(c) not in codes]
    out = []
    for code in codes:
        definition = known.get(code)
        raw = min_samples.get(code)
        out.append(
            IndicatorUse(
                code=code,
                label=str(definition.label) if definition else code,
                explanation=str(definition.explanation) if definition else "",
                min_sample=int(raw) if raw not in (None, "") else None,
            )
        )
    return out


def methodology_list(request: HttpRequest) -> HttpResponse:
    context = {"schemes": list(public_schemes().select_related("authority")), "crumbs": _crumbs()}
    return render(request, "assessment/portal/methodology_list.html", context)


def methodology_page(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(public_schemes().select_related("authority"), pk=pk)
    nodes = schemes.tree(scheme)
    labels = group_labels(scheme.config or {})
    rounds = list(
        Round.objects.exclude(state=RoundState.DRAFT)
        .filter(scheme=scheme, authority__is_active=True)
        .select_related("authority")
        .order_by("-period_end", "-pk")
    )
    results = {
        b.round_id: b
        for b in published_bulletins()
        .filter(kind=BulletinKind.RESULTS, round__in=rounds)
        .order_by("published_at")
    }
    context = {
        "scheme": scheme,
        "rows": [(n, [labels.get(str(g), str(g)) for g in n.criterion.groups or []]) for n in nodes],
        "vetoes": [n for n in nodes if n.criterion.kind == "veto"],
        "config_lines": schemes.config_words(scheme.config or {}),
        "indicators": _indicators_used(scheme, nodes),
        "rounds": [(r, results.get(r.pk)) for r in rounds],
        "crumbs": _crumbs((str(scheme), None)),
    }
    return render(request, "assessment/portal/methodology.html", context)
