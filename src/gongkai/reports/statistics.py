"""统计 for staff, beyond the annual report: items published per column and month, working days from
formation to publication per body, and requests by outcome and month, for one year and a scope.

The scope is a set of bodies the caller already reduced to what the person may read
(``orgs.policy.readable_orgs``, optionally narrowed to one body). Every table is counted in the
database by one grouped query (two for requests) — by month with conditional counts over the
months' ranges of ``published_at``, or ``ExtractMonth`` on the requests' date fields — so nothing
loops over items in Python: a table is one indexed range scan over the year's rows of the scope.

Counting rules (shown on the page as well):

* **Items** (一): 主动公开 items whose publication (``published_at``, local time) falls in the
  year, by their column and the month of publication. Items withdrawn later still count: they were
  published that month. 依申请公开 registrations and 不予公开 filings are not publications.
* **Timeliness** (二): ``disclosure.selectors.timeliness_by_body`` — the working days stored on each
  item when it was published (``Item.workdays_to_publish``, counted with the working-day calendar),
  over the 20 working days of 第二十六条 counted apart; the same figures as the 时效统计 page.
* **Requests** (三): requests *received by* the bodies of the scope (受理机关, as 表三 of the annual
  report counts them), by the six outcome groups of 表三 and the month they were answered
  (``answered_on``) or their handling ended (``closed_on``); and the requests received
  (``received_on``) per month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractMonth, Left
from django.utils import timezone

from gongkai.core.conf import conf
from gongkai.disclosure.legal import DisclosureAttribute
from gongkai.disclosure.models import CatalogColumn, Item, ItemState
from gongkai.disclosure.selectors import Timeliness, timeliness_by_body
from gongkai.foi.legal import OUTCOME_GROUPS
from gongkai.foi.models import InfoRequest, RequestState
from gongkai.orgs.models import Organization

MONTHS = tuple(range(1, 13))
MONTH_LABELS = tuple(f"{m}月" for m in MONTHS)
_GROUP_NUMERALS = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}
#: The first year of the 条例 (2008 version, in force 1 May 2008): nothing to count before it.
FIRST_YEAR = 2008


@dataclass(frozen=True)
class MonthlyRow:
    """One row of a month table: a label and twelve counts, January first."""

    label: str
    months: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.months)

    @property
    def cells(self) -> tuple[int, ...]:
        """The twelve months and the total, as the table and the export show them."""
        return (*self.months, self.total)


def _sum_rows(label: str, rows: Sequence[MonthlyRow]) -> MonthlyRow:
    return MonthlyRow(label, tuple(sum(r.months[i] for r in rows) for i in range(12)))


@dataclass(frozen=True)
class ItemsByColumn:
    """一、各栏目主动公开信息发布情况: one row per column of the catalog, and the totals."""

    year: int
    rows: list[MonthlyRow]
    totals: MonthlyRow


@dataclass(frozen=True)
class TimelinessOverall:
    published: int
    average: float | None
    maximum: int | None
    over_limit: int


@dataclass(frozen=True)
class TimelinessTable:
    """二、成文至发布工作日数: one row per body (``disclosure.selectors.Timeliness``) and the whole."""

    year: int
    limit: int
    rows: list[Timeliness]
    overall: TimelinessOverall


@dataclass(frozen=True)
class RequestsByOutcome:
    """三、依申请公开办理情况: the six outcome groups of 表三 by month of answer or end of handling,
    their total, and the requests received per month."""

    year: int
    outcomes: list[MonthlyRow]
    finished: MonthlyRow
    received: MonthlyRow


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year as an aware half-open interval in the platform's time zone (an index range on
    ``published_at``; a ``__date`` or ``__year`` look-up would convert every row instead)."""
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    return start, timezone.make_aware(dt.datetime(year + 1, 1, 1))


#: The bodies counted: a queryset (e.g. ``readable_orgs(user)``) or their ids, read once by the caller.
Scope = QuerySet[Organization] | Sequence[int]


def _org_ids(organizations: Scope) -> list[int]:
    # A plain id list lets the database use the (organization, …) indexes (see foi.policy).
    if isinstance(organizations, QuerySet):
        return list(organizations.values_list("pk", flat=True))
    return list(organizations)


def _month_table(counts: dict[str, dict[int, int]], key: str) -> tuple[int, ...]:
    by_month = counts.get(key, {})
    return tuple(by_month.get(m, 0) for m in MONTHS)


# -- 一、items per column and month ------------------------------------------------------------------


def _column_labels(org_ids: list[int]) -> tuple[list[str], dict[int, str]]:
    """The labels of the catalogs' columns in catalog order (depth-first by position, body by body),
    with each column id's label ("上级栏目 › 栏目"). Columns of different bodies with the same label
    (the same template column) share one row. A label whose columns are all hidden is left out
    (it comes back at the end if items were published in it)."""
    columns = list(
        CatalogColumn.objects.filter(organization_id__in=org_ids)
        .order_by("organization__path", "position", "code", "id")
        .values("id", "parent_id", "name", "is_hidden")
    )
    ids = {c["id"] for c in columns}
    children: dict[int | None, list[Any]] = defaultdict(list)
    for c in columns:
        children[c["parent_id"] if c["parent_id"] in ids else None].append(c)
    label_of: dict[int, str] = {}
    order: dict[str, bool] = {}  # label -> shown (an insertion-ordered set)

    def walk(parent_id: int | None, prefix: str) -> None:
        for c in children.get(parent_id, []):
            label = f"{prefix} › {c['name']}" if prefix else c["name"]
            label_of[c["id"]] = label
            order[label] = order.get(label, False) or not c["is_hidden"]
            walk(c["id"], label)

    walk(None, "")
    return [label for label, shown in order.items() if shown], label_of


def month_bounds(year: int) -> list[dt.datetime]:
    """The thirteen aware instants that bound the twelve months of ``year`` (local time)."""
    return [timezone.make_aware(dt.datetime(year, m, 1)) for m in MONTHS] + [year_bounds(year)[1]]


def items_by_column(organizations: Scope, year: int) -> ItemsByColumn:
    """主动公开 items published in ``year`` by column and month of publication (one grouped query).

    The month is counted with twelve conditional counts over ``published_at`` ranges rather than
    ``ExtractMonth``: on SQLite the latter converts every row's time zone in Python. Measured at
    1,000,000 items (50 bodies, ~91,000 items in the year): SQLite 0.28 s for the region instead of
    0.87 s, 9 ms for one body instead of 18 ms; PostgreSQL 0.2 s for the region, 9 ms for one body.
    """
    org_ids = _org_ids(organizations)
    bounds = month_bounds(year)
    by_month = {
        f"m{m}": Count("id", filter=Q(published_at__gte=bounds[m - 1], published_at__lt=bounds[m]))
        for m in MONTHS
    }
    grouped = (
        Item.objects.filter(
            organization_id__in=org_ids,
            state__in=[ItemState.PUBLISHED, ItemState.WITHDRAWN],
            disclosure_attribute=DisclosureAttribute.ACTIVE,
            published_at__gte=bounds[0],
            published_at__lt=bounds[-1],
        )
        .order_by()
        .values("column_id")
        .annotate(**by_month)
    )
    order, label_of = _column_labels(org_ids)
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in grouped:
        label = label_of.get(row["column_id"], "（其他栏目）")
        for m in MONTHS:
            counts[label][m] += row[f"m{m}"]
    labels = order + [label for label in counts if label not in order]
    rows = [MonthlyRow(label, _month_table(counts, label)) for label in labels]
    return ItemsByColumn(year=year, rows=rows, totals=_sum_rows("合计", rows))


# -- 二、working days from formation to publication ---------------------------------------------------


def overall_timeliness(rows: Iterable[Timeliness]) -> TimelinessOverall:
    """The whole scope from the per-body rows: the average weighted by each body's count."""
    rows = list(rows)
    published = sum(t.published for t in rows)
    average = round(sum((t.average or 0) * t.published for t in rows) / published, 1) if published else None
    return TimelinessOverall(
        published=published,
        average=average,
        maximum=max((t.maximum for t in rows if t.maximum is not None), default=None),
        over_limit=sum(t.over_limit for t in rows),
    )


def timeliness_for_year(organizations: Scope, year: int) -> TimelinessTable:
    """Per body: items published in ``year``, average and longest working days from formation to
    publication, and how many took more than the limit of 第二十六条 (20 working days)."""
    rows = timeliness_by_body(
        Organization.objects.filter(pk__in=_org_ids(organizations)),
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
    )
    return TimelinessTable(
        year=year,
        limit=conf()["PUBLICATION_LIMIT_WORKDAYS"],
        rows=rows,
        overall=overall_timeliness(rows),
    )


# -- 三、requests by outcome and month ----------------------------------------------------------------


def requests_by_outcome(organizations: Scope, year: int) -> RequestsByOutcome:
    """Requests received by the scope's bodies: finished in ``year`` by outcome group (表三 （一）–
    （六）) and month, and received in ``year`` by month. Two grouped queries."""
    org_ids = _org_ids(organizations)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mine = InfoRequest.objects.filter(organization_id__in=org_ids)
    finished = (
        mine.filter(
            Q(state=RequestState.ANSWERED, answered_on__range=(first, last))
            | Q(state=RequestState.CLOSED, closed_on__range=(first, last))
        )
        .exclude(outcome="")
        .annotate(
            group=Left("outcome", 1),
            month=ExtractMonth(Coalesce("answered_on", "closed_on")),
        )
        .order_by()
        .values("group", "month")
        .annotate(n=Count("id"))
    )
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for row in finished:
        counts[row["group"]][row["month"]] = row["n"]
    outcomes = [
        MonthlyRow(f"（{_GROUP_NUMERALS[key]}）{label}", _month_table(counts, key))
        for key, label in OUTCOME_GROUPS.items()
    ]
    received_counts = dict(
        mine.filter(received_on__range=(first, last))
        .annotate(month=ExtractMonth("received_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    return RequestsByOutcome(
        year=year,
        outcomes=outcomes,
        finished=_sum_rows("办结合计", outcomes),
        received=MonthlyRow("本年新收申请", tuple(received_counts.get(m, 0) for m in MONTHS)),
    )
