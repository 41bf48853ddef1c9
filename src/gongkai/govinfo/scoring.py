"""Points, rankings, quotas and appraisal of 政务信息报送 computed from the records (docs/SPEC.md §8).

The rules are the pure kernels ``govinfo.points`` (what a record is worth) and ``govinfo.ranking``
(ranks with ties, zeroing, quotas, appraisal); this module gathers the records of a period in a few
aggregate queries and hands them to the kernels. Nothing here changes data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.govinfo.models import PointsRuleSet
from gongkai.orgs.models import Organization


@dataclass
class UnitStanding:
    """One unit's row of a ranking."""

    organization: Organization
    submissions: int = 0
    adopted: int = 0
    points: Decimal = Decimal(0)
    by_source: dict[str, Decimal] = field(default_factory=dict)
    rank: int = 0
    tied: bool = False
    no_submission: bool = False
    zeroed: bool = False
    missed_commissions: int = 0
    quota: int | None = None
    shortfall: int | None = None
    months_short: int = 0
    appraisal: str = ""


@dataclass(frozen=True)
class PointsLine:
    """One record behind a unit's points (the drill-down): ``model`` is ``app_label.model``."""

    kind: str
    model: str
    pk: int
    label: str
    date: dt.date
    points: Decimal


def units_of(office: Organization) -> list[Organization]:
    raise NotImplementedError


def rule_set_on(date: dt.date) -> PointsRuleSet | None:
    raise NotImplementedError


def standings(
    office: Organization, start: dt.date, end: dt.date, *, rule_set: PointsRuleSet | None = None
) -> list[UnitStanding]:
    raise NotImplementedError


def points_lines(
    office: Organization,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    rule_set: PointsRuleSet | None = None,
) -> list[PointsLine]:
    raise NotImplementedError
