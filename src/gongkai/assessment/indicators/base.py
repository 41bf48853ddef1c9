"""What every indicator provider gives: definitions, figures per body for a period, and the records
behind a figure (the drill-down).

A provider is a module of this package with

- ``DEFINITIONS``: a tuple of :class:`Definition`;
- ``compute(period, org_ids) -> dict[int, dict[str, Figure]]``: the figures of every body in
  ``org_ids`` for the period, computed from the records with grouped queries for all bodies at once
  (never one query per body, never an average of per-body medians);
- ``records(code, org_id, period, limit) -> Records``: the records behind one body's figure, each with
  a link to its page in the back office;
- optionally ``links(viewer, code, org_id, records) -> Records``: the same records with only the links
  ``viewer`` may open (another app's pages that not every reader of the drill-down opens: a record
  they may not open is listed without a link, never linked to a 404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Period:
    """A closed interval of calendar days."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), nxt - dt.timedelta(days=1))


@dataclass(frozen=True)
class Definition:
    code: str
    label: str | Promise
    #: "count", "days", "rate" (a share 0…1 with its sample), "flag" (0/1), "points"
    unit: str
    #: the part of the work it measures, for grouping on screens (e.g. "主动公开", "依申请公开")
    group: str | Promise
    higher_is_better: bool = True
    #: how it is computed, in one sentence, for the public methodology page
    explanation: str | Promise = ""


@dataclass(frozen=True)
class Figure:
    """One indicator of one body for one period. For a rate, ``value`` is the share (0…1),
    ``count`` its numerator and ``sample`` its denominator; ``detail`` holds a breakdown (e.g. per
    column, per working-day bucket) as JSON-ready data."""

    value: int | Decimal | None
    count: int | None = None
    sample: int | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": None if self.value is None else str(self.value)}
        if self.count is not None:
            out["count"] = self.count
        if self.sample is not None:
            out["sample"] = self.sample
        if self.detail:
            out["detail"] = dict(self.detail)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figure:
        return cls(cls.value_from_json(data), data.get("count"), data.get("sample"), data.get("detail") or {})

    @staticmethod
    def value_from_json(data: Mapping[str, Any]) -> int | Decimal | None:
        """Only the value of ``as_json``'s data (what scoring reads, for a thousand bodies)."""
        raw = data.get("value")
        if raw is None:
            return None
        if isinstance(raw, str) and ("." in raw or "E" in raw.upper()):
            return Decimal(raw)
        return int(raw)


@dataclass(frozen=True)
class Record:
    """One record behind a figure, as the drill-down lists it."""

    label: str
    url: str
    date: dt.date | None = None
    note: str = ""
    #: the record's id in its app, for a provider whose links depend on the viewer (``links``)
    ref: int | None = None


@dataclass(frozen=True)
class Records:
    rows: Sequence[Record]
    #: the number of records in all (``rows`` may be cut at the limit)
    total: int
