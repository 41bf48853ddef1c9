"""The figures of 社会评议 per body and month, for the back office and the supervision module
(docs/SPEC.md §7).

``monthly_figures(year, month, org_ids)`` is one aggregate query (``GROUP BY organization, kind,
grade`` over one month, answered from the ``ratings_month_org`` index) for the whole region; the
year of one or more bodies (``yearly_figures``) is one more. The satisfaction rate is
(满意 + 基本满意) / 评价总数, always shown with its sample size; with no rating it is None, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from gongkai.ratings.models import Grade, Rating, TargetKind


@dataclass
class GradeCounts:
    """Ratings per grade of one kind (an item's usefulness, a body's work) or of both."""

    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def rate(self) -> float | None:
        """(满意 + 基本满意) / total, or None without any rating."""
        return (self.satisfied + self.basic) / self.total if self.total else None

    @property
    def percent(self) -> str:
        """The rate as shown: "87.5%", or "—" without any rating."""
        rate = self.rate
        return "—" if rate is None else f"{rate * 100:.1f}%"

    def add(self, grade: str, n: int) -> None:
        setattr(self, GRADE_FIELDS[grade], getattr(self, GRADE_FIELDS[grade]) + n)

    def __add__(self, other: GradeCounts) -> GradeCounts:
        return GradeCounts(
            self.satisfied + other.satisfied, self.basic + other.basic, self.unsatisfied + other.unsatisfied
        )

    def cells(self) -> list[object]:
        return [self.satisfied, self.basic, self.unsatisfied, self.total, self.percent]


GRADE_FIELDS: dict[str, str] = {
    Grade.SATISFIED: "satisfied",
    Grade.BASIC: "basic",
    Grade.UNSATISFIED: "unsatisfied",
}


@dataclass
class RatingFigures:
    """One body's ratings of one month: of its disclosure work (``body``) and of its items
    (``items``), their ``total`` and the ``satisfaction_rate`` of both together."""

    organization_id: int
    body: GradeCounts = field(default_factory=GradeCounts)
    items: GradeCounts = field(default_factory=GradeCounts)

    @property
    def all(self) -> GradeCounts:
        return self.body + self.items

    @property
    def total(self) -> int:
        return self.body.total + self.items.total

    @property
    def satisfaction_rate(self) -> float | None:
        return self.all.rate

    def add(self, kind: str, grade: str, n: int) -> None:
        (self.items if kind == TargetKind.ITEM else self.body).add(grade, n)


def first_day(year: int, month: int) -> dt.date:
    """The first day of the month (ratings are grouped by it); ValueError for an impossible month."""
    return dt.date(year, month, 1)


def monthly_figures(year: int, month: int, org_ids: Iterable[int] | None = None) -> dict[int, RatingFigures]:
    """Per organization id, its ratings of ``year``-``month``. With ``org_ids``, every one of them
    is in the result (zeros where nobody rated); without, the organizations that were rated."""
    ids = None if org_ids is None else list(org_ids)
    out: dict[int, RatingFigures] = {pk: RatingFigures(pk) for pk in ids or ()}
    rows = Rating.objects.filter(month=first_day(year, month))
    if ids is not None:
        if not ids:
            return out
        rows = rows.filter(organization_id__in=ids)
    grouped = rows.values_list("organization_id", "kind", "grade").annotate(n=Count("id")).order_by()
    for org_id, kind, grade, n in grouped:
        out.setdefault(org_id, RatingFigures(org_id)).add(kind, grade, n)
    return out


def yearly_figures(year: int, org_ids: Iterable[int]) -> dict[int, RatingFigures]:
    """Per month (1–12), the ratings of ``year`` of the organizations ``org_ids`` together
    (``organization_id`` of each entry is 0: the figures are of the set). One query."""
    ids = list(org_ids)
    out = {m: RatingFigures(0) for m in range(1, 13)}
    if not ids:
        return out
    grouped = (
        Rating.objects.filter(
            organization_id__in=ids, month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1)
        )
        .values_list("month", "kind", "grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    for month, kind, grade, n in grouped:
        out[month.month].add(kind, grade, n)
    return out
