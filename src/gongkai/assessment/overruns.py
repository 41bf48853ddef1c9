"""Overruns (超限) and the rule of docs/SPEC.md §7: 对接近规定……的处室，……要及时提醒，发生3次及以上超限的应
通报批评 (seed ``000_a6ab9e3efc8aec6d.txt``, 南通市人民政府办公室: 三、(三)).

An overrun is one record of a body in the period that broke a legal time limit:

- ``items_late``: an item published more than 20 working days after it was made or changed
  (2019 条例 第二十六条: 自该政府信息形成或者变更之日起20个工作日内予以公开);
- ``requests_overdue``: a request answered after its due date, or still open past it (第三十三条);
- ``messages_overdue``: a 互动 message answered after its limit, or unanswered past it.

Which of these count, the period they are counted in (month, quarter or year, the one holding the
day asked about), where the reminder starts (``remind_at``, default 2: "接近") and where the draft
通报批评 starts (``threshold``, default 3: "3次及以上") are the competent authority's
:class:`OverrunPolicy`; without a saved one the defaults hold.

The counts come from the indicator providers (``indicators.compute``, grouped queries for all bodies
at once), the records behind them from their drill-down (``indicators.records``). A body's overruns
are counted by the authority it reports to (``orgs.hierarchy``: a department to its government's
competent authority, a government to the authority of the region above), so no body is counted
twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.assessment import indicators
from gongkai.assessment.indicators import Period, Record
from gongkai.assessment.models import OverrunPolicy
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization

#: The kinds of overrun: indicator code → (the policy's switch, its label).
KINDS: dict[str, tuple[str, str | Promise]] = {
    "items_late": ("count_items_late", _("超过20个工作日公开的信息")),
    "requests_overdue": ("count_requests_overdue", _("超期答复的依申请公开")),
    "messages_overdue": ("count_messages_overdue", _("超期未答复的留言")),
}

#: Seed 000: 发生3次及以上超限的应通报批评; the reminder one overrun before (对接近……的要及时提醒).
DEFAULT_THRESHOLD = 3
DEFAULT_REMIND_AT = 2

NONE, REMIND, CRITICIZE = "none", "remind", "criticize"
LEVEL_LABELS: dict[str, str | Promise] = {
    NONE: _("未达提醒"),
    REMIND: _("应予提醒"),
    CRITICIZE: _("应通报批评"),
}


@dataclass(frozen=True)
class Rule:
    """A competent authority's rule, saved or by default."""

    kinds: tuple[str, ...]
    period: str
    threshold: int
    remind_at: int

    def level(self, total: int) -> str:
        """``criticize`` at ``threshold`` or more overruns, ``remind`` from ``remind_at`` up to one
        below it, else ``none`` (docs/SPEC.md §7)."""
        if total >= self.threshold:
            return CRITICIZE
        if total >= self.remind_at:
            return REMIND
        return NONE


DEFAULT_RULE = Rule(tuple(KINDS), "year", DEFAULT_THRESHOLD, DEFAULT_REMIND_AT)


def rule_from(policy: OverrunPolicy | None) -> Rule:
    if policy is None:
        return DEFAULT_RULE
    kinds = tuple(code for code, (switch, _label) in KINDS.items() if getattr(policy, switch))
    return Rule(kinds, policy.period, policy.threshold, policy.remind_at)


def rule_of(authority: Organization) -> Rule:
    """The rule of ``authority``: its saved :class:`OverrunPolicy`, else the defaults (all three
    kinds, counted per year, a reminder at 2, a draft 通报批评 at 3)."""
    return rule_from(OverrunPolicy.objects.filter(authority=authority).first())


def period_of(kind: str, day: dt.date) -> Period:
    """The month, quarter or year (``kind``) that holds ``day``."""
    if kind == "month":
        return Period.month(day.year, day.month)
    if kind == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        return Period(Period.month(day.year, first).start, Period.month(day.year, first + 2).end)
    return Period.year(day.year)


def kind_label(code: str) -> str | Promise:
    return KINDS[code][1]


@dataclass
class BodyOverruns:
    """One body's overruns in a period: the count of each counted kind, their total and the level
    the rule gives it."""

    organization: Organization
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    level: str = NONE

    @property
    def level_label(self) -> str | Promise:
        return LEVEL_LABELS[self.level]


def _count(figure: indicators.Figure | None) -> int:
    if figure is None or figure.value is None:
        return 0
    return int(figure.value)


def count_overruns(
    bodies: Sequence[Organization], period: Period, rule: Rule, kinds: Iterable[str] | None = None
) -> list[BodyOverruns]:
    """The overruns of every body in ``bodies`` for ``period``, counting the rule's kinds (or those
    of ``kinds`` among them, a filter of the screens), in one pass of the providers."""
    counted = tuple(k for k in rule.kinds if kinds is None or k in set(kinds))
    figures = indicators.compute(period, [b.pk for b in bodies], codes=list(counted)) if counted else {}
    out = []
    for body in bodies:
        row = BodyOverruns(body)
        for code in counted:
            row.counts[code] = _count(figures.get(body.pk, {}).get(code))
        row.total = sum(row.counts.values())
        row.level = rule.level(row.total)
        out.append(row)
    return out


@dataclass(frozen=True)
class Overrun:
    """One overrun, as the drill-down lists it."""

    kind: str
    label: str
    url: str
    date: dt.date | None
    note: str

    @property
    def kind_label(self) -> str | Promise:
        return kind_label(self.kind)

    def as_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "label": self.label,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> Overrun:
        raw = data.get("date")
        return cls(
            str(data.get("kind") or ""),
            str(data.get("label") or ""),
            str(data.get("url") or ""),
            dt.date.fromisoformat(raw) if raw else None,
            str(data.get("note") or ""),
        )


def overruns_of(
    organization: Organization, period: Period, kinds: Iterable[str], limit: int = 200
) -> list[Overrun]:
    """The records behind one body's overruns of ``kinds`` in ``period`` (the providers'
    drill-down), kind by kind, each with its link."""
    out: list[Overrun] = []
    for code in kinds:
        found = indicators.records(code, organization.pk, period, limit)
        out.extend(_overrun(code, record) for record in found.rows)
    return out


def _overrun(code: str, record: Record) -> Overrun:
    return Overrun(code, record.label, record.url, record.date, record.note)


def bodies_of(authority: Organization) -> list[Organization]:
    """The bodies whose overruns ``authority`` counts: those reporting to it (``orgs.hierarchy``)."""
    return hierarchy.bodies_reporting_to(authority)
