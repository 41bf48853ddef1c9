"""Honest rankings of an assessment round (docs/SPEC.md §7 "Honest rankings"). Pure: no Django.

- **Ties (并列).** Ranks are standard competition ranks (1, 2, 2, 4), computed by the one ranking
  kernel of the platform, :func:`gongkai.govinfo.ranking.rank` — never written twice.
- **Vetoes (单项否决).** A vetoed body is ranked after every body without a veto, whatever its score
  (a veto makes the result 不合格); vetoed bodies are ranked among themselves by score, the ranks
  continuing after the last body without a veto.
- **Peer groups.** Governments and departments (or tiers, levels) are not compared with each other:
  every body also has its rank within its group, and its band is read from that rank.
- **Bands (档次).** A band is given by the cumulative share of its group it may hold, e.g.
  ``(("第一档", 0.25), ("第二档", 0.75), ("第三档", 1))``: a body is in the first band whose
  ``floor(share × n)`` reaches its group rank (``n``: the group's bodies without a veto). A band
  never holds more than its share, and tied bodies share their band (a tie is read at its rank).
  Vetoed bodies get the veto band (by default the last).
- **Minimum samples.** A rate (e.g. requests answered on time) of a body with fewer than
  ``min_sample`` cases is shown as 样本不足 and not ranked: ranking on 1 of 1 against 95 of 100 is
  ranking noise. Every rate is shown with its Wilson score interval (95 % by default), which says
  how much the rate can be trusted at its sample size.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TypeVar

from gongkai.assessment.marks import gettext_noop
from gongkai.govinfo.ranking import rank

K = TypeVar("K", bound=Hashable)

#: The label of a rate whose sample is below the minimum (marked for the catalogue; the edge
#: translates it, ``assessment.kernel_text``).
INSUFFICIENT = gettext_noop("样本不足")
#: The label of such a rate with its sample.
INSUFFICIENT_SAMPLE = gettext_noop("样本不足（%(sample)s）")
#: z of a two-sided 95 % interval.
Z95 = Decimal("1.96")
#: Rates and interval bounds are given to 4 places (0.1 % when shown as a percentage).
PLACES = Decimal("0.0001")
#: A share rounded to 0.1 % (for a label).
TENTH_OF_PERCENT = Decimal("0.001")


@dataclass(frozen=True)
class Standing:
    """A body's place in the round: overall and within its peer group."""

    rank: int
    tied: bool
    group_rank: int
    group_tied: bool
    band: str
    vetoed: bool = False


def _vetoed_last(totals: Mapping[K, Decimal], vetoed: Collection[K]) -> dict[K, tuple[int, bool]]:
    clear = {k: v for k, v in totals.items() if k not in vetoed}
    out = {k: (r.rank, r.tied) for k, r in rank(clear, order=list(totals)).items()}
    offset = len(clear)
    barred = {k: v for k, v in totals.items() if k in vetoed}
    out.update({k: (r.rank + offset, r.tied) for k, r in rank(barred, order=list(totals)).items()})
    return out


def check_bands(bands: Sequence[tuple[str, Decimal]]) -> None:
    """Bands must have rising shares in (0, 1], the last one 1 (every body is in some band)."""
    previous = Decimal(0)
    for name, share in bands:
        if not name or not (previous < Decimal(share) <= 1):
            raise ValueError(f"band {name!r}: shares must rise within (0, 1]")
        previous = Decimal(share)
    if bands and previous != 1:
        raise ValueError("the last band must hold the whole group (share 1)")


def band_of(group_rank: int, size: int, bands: Sequence[tuple[str, Decimal]]) -> str:
    """The band of the body at ``group_rank`` among ``size`` bodies (see the module's docstring)."""
    for name, share in bands:
        if group_rank <= math.floor(Decimal(share) * size):
            return name
    return bands[-1][0] if bands else ""


def standings(
    totals: Mapping[K, Decimal],
    groups: Mapping[K, str] | None = None,
    *,
    vetoed: Collection[K] = (),
    bands: Sequence[tuple[str, Decimal]] = (),
    veto_band: str | None = None,
) -> dict[K, Standing]:
    """Every body's rank (overall and within its group) and band. ``groups`` missing a body (or
    ``None``) puts it in the group ``""``. The order of ``totals`` only orders equal totals in the
    result's listing order."""
    check_bands(bands)
    vetoed_set = set(vetoed) & set(totals)
    groups = groups or {}
    overall = _vetoed_last(totals, vetoed_set)
    members: dict[str, dict[K, Decimal]] = {}
    for key, total in totals.items():
        members.setdefault(groups.get(key, ""), {})[key] = total
    by_group: dict[K, tuple[int, bool]] = {}
    sizes: dict[str, int] = {}
    for group, group_totals in members.items():
        by_group.update(_vetoed_last(group_totals, vetoed_set))
        sizes[group] = sum(1 for k in group_totals if k not in vetoed_set)
    last_band = veto_band if veto_band is not None else (bands[-1][0] if bands else "")
    result: dict[K, Standing] = {}
    ordered = sorted(totals, key=lambda k: overall[k][0])
    for key in ordered:
        group_rank, group_tied = by_group[key]
        is_vetoed = key in vetoed_set
        band = last_band if is_vetoed else band_of(group_rank, sizes[groups.get(key, "")], bands)
        result[key] = Standing(overall[key][0], overall[key][1], group_rank, group_tied, band, is_vetoed)
    return result


def wilson(
    count: int, sample: int, z: Decimal = Z95, places: Decimal = PLACES
) -> tuple[Decimal, Decimal] | None:
    """The Wilson score interval of ``count`` successes in ``sample`` cases (95 % for z = 1.96),
    to ``places`` (4 by default); ``None`` without a sample. Unlike p ± z·√(p(1−p)/n) it stays
    within [0, 1] and is not empty at 0 or n successes, which is where small bodies are."""
    if sample <= 0:
        return None
    if not 0 <= count <= sample:
        raise ValueError("count must be between 0 and sample")
    with localcontext() as ctx:
        ctx.prec = 28
        n = Decimal(sample)
        p = Decimal(count) / n
        z2 = z * z
        denominator = 1 + z2 / n
        centre = p + z2 / (2 * n)
        spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).sqrt()
        low = max(Decimal(0), (centre - spread) / denominator)
        high = min(Decimal(1), (centre + spread) / denominator)
    return (low.quantize(places, ROUND_HALF_UP), high.quantize(places, ROUND_HALF_UP))


@dataclass(frozen=True)
class RateStanding:
    """A body's rate, its interval, and its rank among the bodies with a sufficient sample."""

    count: int
    sample: int
    z: Decimal
    #: the share (0…1) to 4 places; ``None`` without a case
    rate: Decimal | None
    interval: tuple[Decimal, Decimal] | None
    #: the sample reaches the minimum: the rate is ranked
    sufficient: bool
    rank: int | None = None
    tied: bool = False

    @property
    def label(self) -> str:
        """The rate as a percentage with its interval, or 样本不足 with the sample. The percentages are
        rounded once, from the exact values (3/3's lower bound 0.43849… is 43.8 %, not 43.9 % by way
        of 0.4385)."""
        interval = wilson(self.count, self.sample, self.z, TENTH_OF_PERCENT)
        if not self.sufficient or interval is None:
            return INSUFFICIENT_SAMPLE % {"sample": self.sample}
        rate = (Decimal(self.count) / Decimal(self.sample)).quantize(TENTH_OF_PERCENT, ROUND_HALF_UP)
        return f"{percent(rate)}（{percent(interval[0])}–{percent(interval[1])}）"


def percent(share: Decimal) -> str:
    """0.8125 → "81.3%" (half up, one place)."""
    return f"{(share * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def rate_ranking(
    counts: Mapping[K, int],
    samples: Mapping[K, int],
    min_sample: int,
    *,
    z: Decimal = Z95,
    higher_is_better: bool = True,
) -> dict[K, RateStanding]:
    """Every body's rate ``counts/samples`` with its Wilson interval; the bodies with at least
    ``min_sample`` cases (and at least one) are ranked with ties on the exact rate; the others are
    样本不足 and have no rank. ``higher_is_better=False`` ranks the lowest rate first (e.g. the share
    of requests overdue)."""
    if min_sample < 0:
        raise ValueError("min_sample must not be negative")
    exact: dict[K, Decimal] = {}
    out: dict[K, RateStanding] = {}
    for key, sample in samples.items():
        count = counts.get(key, 0)
        interval = wilson(count, sample, z)
        sufficient = sample >= max(min_sample, 1)
        rate = (Decimal(count) / Decimal(sample)).quantize(PLACES, ROUND_HALF_UP) if sample else None
        out[key] = RateStanding(count, sample, z, rate, interval, sufficient)
        if sufficient:
            # The exact quotient (28 digits) ranks: 2/3 and 4/6 tie, 0.66665 and 0.6667 do not.
            share = Decimal(count) / Decimal(sample)
            exact[key] = share if higher_is_better else -share
    for key, place in rank(exact, order=list(samples)).items():
        standing = out[key]
        out[key] = RateStanding(
            standing.count,
            standing.sample,
            standing.z,
            standing.rate,
            standing.interval,
            True,
            place.rank,
            place.tied,
        )
    return out
