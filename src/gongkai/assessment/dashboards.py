"""The figures of the assessment dashboards (考核看板, docs/SPEC.md §7 and issue 12 item 6).

Everything starts from the bodies a person may read (``orgs.policy.readable_orgs``): a supervisor of
the competent authority sees the region below them, a body's staff their own body.

- **Trends**: an indicator per month over a year, for the region (or all bodies read) and for one
  body. The region's figure of a month is aggregated from the bodies' figures of that month, each
  computed from the records: counts add up, a rate is the sum of the numerators over the sum of the
  samples. Medians, percentiles and maxima in days are never averaged across bodies: the region has
  no such figure here (it shows as “—”), a body has its own.
- **Overdue work** (the heat map): bodies × months, each cell the sum of the overdue indicators of
  ``OVERDUE_CODES`` that the providers define (items published after 20 working days, 第二十六条;
  requests answered late, 第三十三条; 互动 messages past their limit).
- **Rankings**: the latest final round's results (``RoundBody``: total, grade, rank, band, peer
  group) and any indicator ranked over the bodies with ties (``govinfo.ranking.rank``, standard
  competition ranks 1, 2, 2, 4); a rate is ranked only from ``MIN_SAMPLE`` cases up and shown with
  its Wilson interval (``assessment.standings.rate_ranking``).
- **The tree**: the organizations read, by ``path``, each coloured by its total in that round.
- **Drill-down**: the records behind one body's figure (``indicators.records``).

Figures are kept in the cache per (period, bodies, indicator): ``CACHE_SECONDS`` for a period still
running, ``CLOSED_CACHE_SECONDS`` for one that has ended. The dashboards are read far more often than
the records change, and a supervisor's overview may lag the records by up to an hour (the page says
so; the drill-down always reads the records live): the round job ``assessment.dashboards``
(``refresh_region``) computes each competent authority's region afresh every hour, so that with a
cache shared by the processes (Redis, a province's deployment) no visitor waits for a province's
figures. A month not yet begun has no figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.assessment import heatmap, indicators, standings
from gongkai.assessment.indicators import Definition, Figure, Period, Records
from gongkai.assessment.models import Round, RoundBody, RoundState
from gongkai.govinfo.ranking import rank
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization

CACHE_SECONDS = 300
#: Ended periods (see ``_lifetime``): longer than the hour between two rounds.
CLOSED_CACHE_SECONDS = 3 * 3600
MONTHS = tuple(range(1, 13))

#: The indicators that make up a cell of the heat map of overdue work (the codes of the providers;
#: a code no provider defines counts nothing).
OVERDUE_CODES: tuple[str, ...] = (
    "items_late",
    "requests_overdue",
    "messages_overdue",
)

#: A rate is ranked only when it rests on at least this many cases (fewer: “样本不足”, not ranked),
#: unless the scheme of the latest final round says otherwise (its config's ``min_samples``).
MIN_SAMPLE = 5

#: Units whose per-body figures add up to the region's.
ADDITIVE_UNITS = frozenset({"count", "flag", "points"})


# -- scope --------------------------------------------------------------------------------------


def dashboard_orgs(user: Any) -> QuerySet[Organization]:
    """The active bodies whose dashboards ``user`` may read, in the tree's order."""
    return org_policy.readable_orgs(user).filter(is_active=True).order_by("path", "position", "name")


def can_open_dashboards(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and dashboard_orgs(user).exists()


def sees_region(user: Any) -> bool:
    """A supervisor (or the system administrator): the region's dashboard, not only a body's."""
    return bool(getattr(user, "is_superuser", False)) or org_policy.supervised_orgs(user).exists()


# -- figures per month ----------------------------------------------------------------------------


def _digest(org_ids: Sequence[int]) -> str:
    return hashlib.sha256(",".join(map(str, org_ids)).encode("ascii")).hexdigest()[:32]


def _key(period: Period, digest: str, code: str) -> str:
    """The cache key of one indicator's figures of the bodies for the period."""
    return f"assessment:dashboards:{period.start:%Y%m%d}-{period.end:%Y%m%d}:{code}:{digest}"


def _lifetime(period: Period, today: dt.date) -> int:
    """How long a period's figures are kept: a period still running changes with every new record,
    an ended one only on a late correction (and the round job, ``refresh_region``, takes it afresh
    every hour)."""
    return CACHE_SECONDS if period.end >= today else CLOSED_CACHE_SECONDS


def figures(
    period: Period, org_ids: Iterable[int], codes: Sequence[str] | None = None, *, refresh: bool = False
) -> dict[int, dict[str, Figure]]:
    """``indicators.compute`` of the bodies for the period (every indicator, or ``codes``), kept in
    the cache one indicator per entry — a provider computes all its indicators at once and they are
    all kept, so that a trend of one of them and the heat map share the work, while a page reads back
    only the indicators it shows (a province's figures of every indicator are a million values) —
    see the module; ``refresh`` computes afresh."""
    ids = sorted(set(org_ids))
    known = indicators.definitions()
    wanted = set(codes) & set(known) if codes is not None else set(known)
    out: dict[int, dict[str, Figure]] = {i: {} for i in ids}
    if not ids or not wanted:
        return out
    digest = _digest(ids)
    keys = {code: _key(period, digest, code) for code in wanted}
    found: dict[str, Any] = {} if refresh else cache.get_many(list(keys.values()))
    per_code: dict[str, dict[int, tuple[Any, ...]]] = {
        code: found[key] for code, key in keys.items() if key in found
    }
    for provider in indicators.PROVIDERS:
        codes_of = [d.code for d in provider.DEFINITIONS]
        if not any(code in wanted and code not in per_code for code in codes_of):
            continue
        computed = provider.compute(period, ids)
        fresh: dict[str, dict[int, tuple[Any, ...]]] = {code: {} for code in codes_of}
        for org_id, figs in computed.items():
            for code, f in figs.items():
                fresh.setdefault(code, {})[org_id] = (f.value, f.count, f.sample, dict(f.detail))
        # the round job's figures last until its next run; a visitor's, by the period
        lifetime = CLOSED_CACHE_SECONDS if refresh else _lifetime(period, timezone.localdate())
        cache.set_many({_key(period, digest, code): values for code, values in fresh.items()}, lifetime)
        per_code.update({code: values for code, values in fresh.items() if code in wanted})
    for code, values in per_code.items():
        for org_id, (value, count, sample, detail) in values.items():
            out.setdefault(org_id, {})[code] = Figure(value, count, sample, detail)
    return out


def refresh_region(year: int, org_ids: Iterable[int]) -> int:
    """Compute afresh and keep every indicator of the bodies for the year and each of its months up
    to ``today``: what the region's dashboard reads, so that its first visitor of the hour does not
    wait for a province's figures (the round job ``assessment.dashboards``). Returns the periods."""
    ids = sorted(set(org_ids))
    today = timezone.localdate()
    periods = [Period.year(year)] + [
        Period.month(year, m) for m in MONTHS if Period.month(year, m).start <= today
    ]
    for period in periods:
        figures(period, ids, refresh=True)
    cache.set(_generation_key(year, ids), timezone.now().isoformat(), CLOSED_CACHE_SECONDS)
    return len(periods)


def _generation_key(year: int, org_ids: Sequence[int]) -> str:
    return f"assessment:dashboards:generation:{year}:{_digest(sorted(set(org_ids)))}"


def generation(year: int, org_ids: Sequence[int]) -> str:
    """When ``refresh_region`` last computed the bodies' figures of the year ("" never): what is
    built from the figures (the region's sections) is kept under it and lives as long as they do."""
    return str(cache.get(_generation_key(year, org_ids)) or "")


def section_lifetime(year: int) -> int:
    """How long what is built from a year's figures is kept: as long as the figures of a period
    still running, or of one that has ended."""
    return _lifetime(Period.year(year), timezone.localdate())


def monthly_figures(
    year: int, org_ids: Iterable[int], codes: Sequence[str]
) -> dict[int, dict[int, dict[str, Figure]]]:
    """month → body → code → figure, for the 12 months of ``year`` (none for a month not begun)."""
    ids = sorted(set(org_ids))
    today = timezone.localdate()
    return {
        m: figures(Period.month(year, m), ids, codes) if Period.month(year, m).start <= today else {}
        for m in MONTHS
    }


def aggregate(definition: Definition, figures: Iterable[Figure | None]) -> Decimal | int | None:
    """The figure of several bodies together, from theirs: a sum for counts, flags and points; the
    sum of numerators over the sum of samples for a rate; nothing for figures in days (a median or
    maximum of one body cannot be combined with another's)."""
    present = [f for f in figures if f is not None]
    if definition.unit in ADDITIVE_UNITS:
        values = [f.value for f in present if f.value is not None]
        return sum(values, start=0) if values else None
    if definition.unit == "rate":
        counts = [(f.count, f.sample) for f in present if f.count is not None and f.sample]
        sample = sum(s for _, s in counts if s is not None)
        if not sample:
            return None
        return (Decimal(sum(c for c, _ in counts if c is not None)) / Decimal(sample)).quantize(
            Decimal("0.0001")
        )
    return None


def display(definition: Definition, value: Decimal | int | None, *, combined: bool = False) -> str:
    """A figure as the tables show it: a rate in per cent with one decimal, days with one, a flag
    as 是/否 — ``combined`` (several bodies' figure): the number of bodies that have it."""
    if value is None:
        return "—"
    if definition.unit == "flag" and not combined:
        return str(_("是") if value else _("否"))
    if definition.unit == "rate":
        return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return str(value.quantize(Decimal("0.1"), ROUND_HALF_UP))
    return str(int(value))


def chart_value(definition: Definition, value: Decimal | int | None) -> float | None:
    if value is None:
        return None
    return float(value) * 100 if definition.unit == "rate" else float(value)


@dataclass(frozen=True)
class TrendPoint:
    month: int
    value: Decimal | int | None
    count: int | None = None
    sample: int | None = None


@dataclass(frozen=True)
class Trend:
    definition: Definition
    year: int
    #: the region's (all bodies read) figure per month; None when only a body's is shown
    region: list[TrendPoint] | None
    body: Organization | None
    body_points: list[TrendPoint] | None


def _point(definition: Definition, month: int, figures: list[Figure | None]) -> TrendPoint:
    present = [f for f in figures if f is not None]
    counts = [f.count for f in present if f.count is not None]
    samples = [f.sample for f in present if f.sample is not None]
    return TrendPoint(
        month,
        aggregate(definition, present),
        sum(counts) if definition.unit == "rate" and counts else None,
        sum(samples) if definition.unit == "rate" and samples else None,
    )


def trend(
    year: int, code: str, org_ids: Sequence[int], body: Organization | None, *, with_region: bool = True
) -> Trend:
    definition = indicators.definitions()[code]
    ids = list(org_ids)
    by_month = monthly_figures(year, ids, [code])
    region = (
        [_point(definition, m, [by_month[m].get(i, {}).get(code) for i in ids]) for m in MONTHS]
        if with_region
        else None
    )
    body_points = None
    if body is not None:
        body_points = []
        for m in MONTHS:
            f = by_month[m].get(body.pk, {}).get(code)
            body_points.append(
                TrendPoint(m, f.value if f else None, f.count if f else None, f.sample if f else None)
            )
    return Trend(definition, year, region, body, body_points)


# -- overdue work ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    month: int
    total: int
    #: code → count
    parts: dict[str, int]
    swatch: heatmap.Swatch


@dataclass(frozen=True)
class HeatRow:
    organization: Organization
    cells: list[HeatCell]
    total: int


@dataclass(frozen=True)
class HeatMap:
    year: int
    codes: list[Definition]
    rows: list[HeatRow]
    month_totals: list[int]
    total: int
    maximum: int
    legend: list[heatmap.Swatch] = field(default_factory=list)


def overdue_definitions() -> list[Definition]:
    defs = indicators.definitions()
    return [defs[c] for c in OVERDUE_CODES if c in defs]


def heat_map(year: int, orgs: Sequence[Organization]) -> HeatMap:
    """Bodies × months of ``year``: overdue requests + overdue messages + items published late."""
    codes = overdue_definitions()
    by_month = monthly_figures(year, [o.pk for o in orgs], [d.code for d in codes])
    raw: list[tuple[Organization, list[tuple[int, dict[str, int]]]]] = []
    for org in orgs:
        months = []
        for m in MONTHS:
            figs = by_month[m].get(org.pk, {})
            parts = {d.code: int(figs[d.code].value or 0) for d in codes if d.code in figs}
            months.append((m, parts))
        raw.append((org, months))
    maximum = max((sum(p.values()) for _, ms in raw for _, p in ms), default=0)
    rows = []
    for org, months in raw:
        cells = [
            HeatCell(m, sum(p.values()), p, heatmap.heat_colour(sum(p.values()), maximum)) for m, p in months
        ]
        rows.append(HeatRow(org, cells, sum(c.total for c in cells)))
    month_totals = [sum(r.cells[i].total for r in rows) for i in range(12)]
    return HeatMap(year, codes, rows, month_totals, sum(month_totals), maximum, heatmap.heat_legend(maximum))


# -- rankings and the tree ------------------------------------------------------------------------


def latest_final_round(org_ids: Iterable[int]) -> Round | None:
    """The latest final round in which any of the bodies was assessed."""
    return (
        Round.objects.filter(state=RoundState.FINAL, bodies__organization_id__in=list(org_ids))
        .distinct()
        .order_by("-period_end", "-finalized_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class PeerGroup:
    name: str
    bodies: list[RoundBody]


def round_results(round_: Round, org_ids: Iterable[int]) -> list[PeerGroup]:
    """The round's results of the bodies read, per peer group, best first."""
    wanted = set(org_ids)
    rows = [
        rb
        for rb in round_.bodies.select_related("organization")
        .defer("indicators")
        .order_by("peer_group", "rank", "organization__path")
        if rb.organization_id in wanted
    ]
    labels = {
        str(g.get("code")): str(g.get("label") or g.get("code"))
        for g in round_.scheme.config.get("groups") or []
    }
    groups: dict[str, list[RoundBody]] = {}
    for rb in rows:
        groups.setdefault(labels.get(rb.peer_group, rb.peer_group), []).append(rb)
    return [
        PeerGroup(name, sorted(bodies, key=lambda b: (b.rank is None, b.rank or 0, b.organization.path)))
        for name, bodies in groups.items()
    ]


@dataclass(frozen=True)
class Position:
    """A body's place within its peer group in a round (ranked on the totals, with ties)."""

    round_body: RoundBody
    rank: int | None
    tied: bool
    group_size: int
    group_best: Decimal | None
    group_median: Decimal | None


def body_position(round_: Round, org: Organization) -> Position | None:
    mine = round_.bodies.filter(organization=org).first()
    if mine is None:
        return None
    peers = list(round_.bodies.filter(peer_group=mine.peer_group).values_list("organization_id", "total"))
    totals = {o: t for o, t in peers if t is not None}
    ranks = rank(totals)
    values = sorted(totals.values())
    median = None
    if values:
        mid = len(values) // 2
        median = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    own = ranks.get(org.pk)
    return Position(
        mine,
        own.rank if own else None,
        own.tied if own else False,
        len(peers),
        max(values) if values else None,
        median,
    )


@dataclass(frozen=True)
class Standing:
    organization: Organization
    value: Decimal | int | None
    count: int | None
    sample: int | None
    rank: int | None
    tied: bool
    #: why it is not ranked: "" (ranked), "no_figure", "small_sample"
    unranked: str
    #: a rate's Wilson 95 % interval (low, high)
    interval: tuple[Decimal, Decimal] | None = None


def min_sample(code: str, round_: Round | None) -> int:
    """The smallest sample before a rate is ranked: the round's scheme's ``min_samples`` for the
    indicator (``assessment.scoring``'s configuration), else ``MIN_SAMPLE``."""
    if round_ is not None:
        configured = (round_.scheme.config or {}).get("min_samples", {}).get(code)
        if isinstance(configured, int) and configured >= 0:
            return configured
    return MIN_SAMPLE


def indicator_ranking(
    period: Period, code: str, orgs: Sequence[Organization], *, minimum: int = MIN_SAMPLE
) -> list[Standing]:
    """The bodies ranked on one indicator for ``period``, best first (by the indicator's direction),
    ties sharing a rank; bodies without a figure, and rates on fewer than ``minimum`` cases
    (样本不足), are listed after the ranked ones, unranked."""
    definition = indicators.definitions()[code]
    found = figures(period, [o.pk for o in orgs], [code])
    order = [o.pk for o in orgs]
    mine = {o.pk: found.get(o.pk, {}).get(code) for o in orgs}
    places: dict[int, tuple[int, bool]] = {}
    intervals: dict[int, tuple[Decimal, Decimal] | None] = {}
    why: dict[int, str] = {}
    if definition.unit == "rate":
        counts = {k: f.count or 0 for k, f in mine.items() if f is not None and f.sample}
        samples = {k: f.sample or 0 for k, f in mine.items() if f is not None and f.sample}
        rated = standings.rate_ranking(counts, samples, minimum, higher_is_better=definition.higher_is_better)
        for k in order:
            r = rated.get(k)
            if r is None:
                why[k] = "no_figure"
                continue
            intervals[k] = r.interval
            if r.rank is None:
                why[k] = "small_sample"
            else:
                places[k] = (r.rank, r.tied)
    else:
        sign = Decimal(1) if definition.higher_is_better else Decimal(-1)
        totals = {}
        for k in order:
            f = mine[k]
            if f is None or f.value is None:
                why[k] = "no_figure"
            else:
                totals[k] = sign * Decimal(f.value)
        places = {k: (r.rank, r.tied) for k, r in rank(totals, order=order).items()}
    out = []
    for org in orgs:
        f = mine[org.pk]
        place = places.get(org.pk)
        out.append(
            Standing(
                org,
                f.value if f else None,
                f.count if f else None,
                f.sample if f else None,
                place[0] if place else None,
                place[1] if place else False,
                why.get(org.pk, ""),
                intervals.get(org.pk),
            )
        )
    out.sort(key=lambda s: (s.rank is None, s.rank or 0))
    return out


@dataclass(frozen=True)
class TreeNode:
    organization: Organization
    depth: int
    result: RoundBody | None
    swatch: heatmap.Swatch


def tree(orgs: Sequence[Organization], round_: Round | None) -> list[TreeNode]:
    """The bodies in the tree's order (``path``), each with its depth below the topmost body read
    and its result in the round (coloured by its total)."""
    results: dict[int, RoundBody] = {}
    if round_ is not None:
        results = {
            rb.organization_id: rb
            for rb in round_.bodies.filter(organization__in=[o.pk for o in orgs]).defer("indicators")
        }
    ordered = sorted(orgs, key=lambda o: (o.path, o.position, o.name))
    paths = {o.pk: o.path for o in ordered}
    nodes = []
    for org in ordered:
        # depth: how many of the org's ancestors are themselves in the list
        ancestors = [int(p) for p in org.path.strip("/").split("/")[:-1] if p]
        depth = min(5, sum(1 for a in ancestors if a in paths))  # the page indents five levels at most
        rb = results.get(org.pk)
        nodes.append(TreeNode(org, depth, rb, heatmap.score_colour(rb.total if rb else None)))
    return nodes


# -- drill-down -----------------------------------------------------------------------------------


def drill_down(
    code: str, org: Organization, start: dt.date, end: dt.date, limit: int = 500, *, viewer: Any = None
) -> Records:
    """The records behind one body's figure, linked only to pages ``viewer`` may open."""
    return indicators.records(code, org.pk, Period(start, end), limit, viewer=viewer)
