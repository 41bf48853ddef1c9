"""Rankings, quotas and appraisal of 政务信息报送 (docs/SPEC.md §8). Pure: no Django.

- Ranks are standard competition ranks: equal totals share a rank (并列) and the next rank skips
  (1, 2, 2, 4).
- Missing ``missed_commissions_zero_year`` or more commissioned pieces (约稿) in a year sets the
  year's score to 0 (docs/SPEC.md §8).
- A unit's monthly task is its quota tier's items a month (e.g. 6/5/3/2); what counts toward it is
  the submissions *submitted in that month* and *credited to the unit* (a joint item counts fully for
  each of its units). A month is short when fewer were submitted; the shortfall is counted per month
  and not netted against other months.
- An officer's weekly minimum (docs/SPEC.md §8's source papers: 兼职信息员每周报送信息不得少于2条)
  counts the submissions the officer is an author of, by the week they were submitted in.
- Appraisal (docs/SPEC.md §8; its source papers, 该区“有制度”: 每年累计2个月完不成信息工作任务，
  不参加年终考核优秀档次评比，每年累计3个月及以上完不成信息工作任务或根据安排的信息任务累计差10条的，
  年终考核作为不称职处理).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

#: Appraisal outcomes.
FIT = "称职"
NO_EXCELLENT = "不得评优"
UNFIT = "不称职"


@dataclass(frozen=True)
class Rank:
    rank: int
    tied: bool


def rank(totals: Mapping[K, Decimal], order: Sequence[K] | None = None) -> dict[K, Rank]:
    """Standard competition ranks of ``totals`` (highest first): equal totals share the rank and are
    marked tied; the rank after a tie skips (1, 2, 2, 4). ``order`` only breaks the listing order of
    equal totals (it never changes a rank)."""
    keys = list(order) if order is not None else list(totals)
    position = {key: i for i, key in enumerate(keys)}
    ordered = sorted(totals, key=lambda k: (-totals[k], position.get(k, len(keys))))
    counts: dict[Decimal, int] = {}
    for key in ordered:
        counts[totals[key]] = counts.get(totals[key], 0) + 1
    result: dict[K, Rank] = {}
    previous: Decimal | None = None
    current = 0
    for i, key in enumerate(ordered, start=1):
        if totals[key] != previous:
            current = i
            previous = totals[key]
        result[key] = Rank(current, counts[totals[key]] > 1)
    return result


def zeroed(missed: Mapping[K, int], threshold: int) -> set[K]:
    """The units whose year is zeroed: ``threshold`` or more missed commissions (0 disables)."""
    if threshold <= 0:
        return set()
    return {key for key, count in missed.items() if count >= threshold}


def apply_zeroing(totals: Mapping[K, Decimal], zero: Iterable[K]) -> dict[K, Decimal]:
    """``totals`` with the zeroed units' totals set to 0 (penalties included: the year scores 0)."""
    zero_set = set(zero)
    return {key: (Decimal(0) if key in zero_set else value) for key, value in totals.items()}


def no_submission(submitted: Mapping[K, int], units: Iterable[K]) -> list[K]:
    """The units (in the order given) that submitted nothing in the period."""
    return [unit for unit in units if not submitted.get(unit)]


@dataclass(frozen=True)
class QuotaResult:
    required: int
    done: int
    shortfall: int
    months_short: int


def quota(months: Sequence[tuple[int, int]]) -> QuotaResult:
    """Per month (required, done) → the period's total required, done, shortfall (the sum of each
    month's shortfall) and the number of months short."""
    required = sum(r for r, _ in months)
    done = sum(d for _, d in months)
    shortfalls = [max(0, r - d) for r, d in months]
    return QuotaResult(required, done, sum(shortfalls), sum(1 for s in shortfalls if s > 0))


def appraise(months_short: int, shortfall: int, *, bar_excellent_months: int, unfit_months: int,
             unfit_shortfall: int) -> str:  # fmt: skip
    """The appraisal of a year (docs/SPEC.md §8): ``unfit_months`` months short or ``unfit_shortfall`` items
    short in total → 不称职; ``bar_excellent_months`` months short → 不得评优; otherwise 称职."""
    if (unfit_months and months_short >= unfit_months) or (unfit_shortfall and shortfall >= unfit_shortfall):
        return UNFIT
    if bar_excellent_months and months_short >= bar_excellent_months:
        return NO_EXCELLENT
    return FIT


def weeks_short(per_week: Mapping[int, int], weeks: Iterable[int], minimum: int) -> list[tuple[int, int]]:
    """The weeks (in ``weeks``) an officer submitted fewer than ``minimum`` items: (week, done)."""
    return [(week, per_week.get(week, 0)) for week in weeks if per_week.get(week, 0) < minimum]


@dataclass(frozen=True)
class Change:
    """How a unit's row differs between two tables (a 通报 and a recomputation)."""

    unit: int
    old_rank: int | None
    new_rank: int | None
    old_points: Decimal | None
    new_points: Decimal | None

    @property
    def changed(self) -> bool:
        return self.old_rank != self.new_rank or self.old_points != self.new_points


def compare(old: Mapping[int, tuple[int, Decimal]], new: Mapping[int, tuple[int, Decimal]]) -> list[Change]:
    """Per unit (in the order of ``new``, then units only in ``old``): rank and points before and
    after."""
    keys = list(new) + [k for k in old if k not in new]
    rows = []
    for key in keys:
        o = old.get(key)
        n = new.get(key)
        rows.append(
            Change(
                key,
                o[0] if o else None,
                n[0] if n else None,
                o[1] if o else None,
                n[1] if n else None,
            )
        )
    return rows
