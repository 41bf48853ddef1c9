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

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.assessment import indicators, schemes
from gongkai.assessment.bulletins import published_bulletins
from gongkai.assessment.models import BulletinKind, Criterion, Round, RoundState, Scheme, SchemeState
from gongkai.assessment.results import group_labels


def opened_rounds() -> QuerySet[Round]:
    """The rounds a scheme's page names: opened (not a draft) by an active authority."""
    return Round.objects.exclude(state=RoundState.DRAFT).filter(authority__is_active=True)


def public_schemes() -> QuerySet[Scheme]:
    """The schemes the public may read: published or retired, used by an opened round of an active
    authority."""
    return (
        Scheme.objects.filter(
            state__in=[SchemeState.PUBLISHED, SchemeState.RETIRED], rounds__in=opened_rounds()
        )
        .distinct()
        .order_by("-published_at", "name", "-version")
    )


def public_criteria() -> QuerySet[Criterion]:
    """The criteria of the public schemes: a scheme's page shows every one of them."""
    return Criterion.objects.filter(scheme__in=public_schemes().values("pk"))


def public_rounds() -> QuerySet[Round]:
    """The rounds the public pages read: those a scheme's page names, and those whose results 通报 is
    published (a body's 通报 page finds that 通报 through the round it took part in) — of a public
    scheme only (a round names its scheme)."""
    results = published_bulletins().filter(kind=BulletinKind.RESULTS).values("round")
    return Round.objects.filter(
        Q(pk__in=opened_rounds().values("pk")) | Q(pk__in=results),
        scheme__in=public_schemes().values("pk"),
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
    # The indicators that only set a minimum sample, in the registry's order: the order of a JSON
    # object's keys is the database's (PostgreSQL's jsonb, a portal host's copy), not the scheme's.
    order = {code: n for n, code in enumerate(known)}
    rest = sorted({str(c) for c in min_samples} - set(codes), key=lambda c: (order.get(c, len(order)), c))
    codes += rest
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
        opened_rounds().filter(scheme=scheme).select_related("authority").order_by("-period_end", "-pk")
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
