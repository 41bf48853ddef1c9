"""Indicators of the catalog's columns (docs/SPEC.md §7, issue 12 point 1): items published per column,
empty columns (空白栏目), stale columns (未及时更新栏目) and the columns about to go stale.

What counts as content: an item released to the public — published (or withdrawn since: it was in
the column), 主动公开 and 面向社会 — in the column or cross-listed into it (同时列入栏目).

Which columns are judged, at the period's end: the visible columns (not hidden) that existed then
and that are not a heading over visible sub-columns (a heading's items go in its sub-columns, which
are judged instead). A column from a catalog template is the body's standard catalog (第二十条's
items are owed whenever the platform's row was made, e.g. on a body's first day on the platform
with its earlier items imported): it is judged in every period. A column added by hand is judged
from the day it was created, or from its first item if that is earlier (imported); one created
before the platform kept the date counts as always there.

- **empty** (空白栏目, "a column that never held content since it was created"): no content
  published on or before the period's end. An empty column is not also counted stale.
- **stale**: the column's update interval (``disclosure.column_updates``: 动态/要闻 2 weeks,
  通知公告/政策文件 6 months, 人事/规划计划 1 year, or the column's own number of days) has passed
  since its last publication: the period's end is after its last fresh day. 历史专题 and columns
  without update duty are never stale.
- **due soon**: not stale at the period's end, but stale within the 7 days after it (its last
  fresh day falls on the end or one of the 6 days after): the reminder of ``hooks/columns.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.indicators.base import Definition, Figure, Period, Record, Records
from gongkai.disclosure.column_updates import last_fresh_day
from gongkai.disclosure.legal import DisclosureAttribute, Scope
from gongkai.disclosure.models import CatalogColumn, Item, ItemState
from gongkai.disclosure.selectors import day_range

#: How many days ahead of a column going stale its body is reminded (issue 12 point 2).
DUE_SOON_DAYS = 7
#: Bodies per query: a province in one (each chunk scans the period again; SQLite takes 32,766 parameters).
CHUNK = 5000

GROUP = _("主动公开")

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "items_published",
        _("发布信息数"),
        "count",
        GROUP,
        higher_is_better=True,
        explanation=_("考核期内首次发布的主动公开、面向社会的政府信息条数（含此后撤回的），按栏目分列。"),
    ),
    Definition(
        "columns_empty",
        _("空白栏目数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_("考核期末仍显示、自开设以来从未发布过信息的栏目数（有下级栏目的栏目按其下级栏目计）。"),
    ),
    Definition(
        "columns_stale",
        _("未及时更新栏目数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_(
            "考核期末距最近一次发布已超过栏目更新周期的栏目数：动态/要闻2周，通知公告/政策文件6个月，"
            "人事/规划计划1年；历史专题和无更新要求的栏目不计，空白栏目不重复计入。"
        ),
    ),
    Definition(
        "columns_due_soon",
        _("即将超期栏目数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_("考核期末尚未超期、但7日内将超过更新周期的栏目数（提前提醒用）。"),
    ),
)

CODES = frozenset(d.code for d in DEFINITIONS)


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def released(prefix: str = "") -> Q:
    """Items released to the public: published or withdrawn since, 主动公开, 面向社会 (``prefix``:
    the path to the item, e.g. ``"item__"`` from the cross-listing table)."""
    return Q(
        **{
            f"{prefix}state__in": [ItemState.PUBLISHED, ItemState.WITHDRAWN],
            f"{prefix}disclosure_attribute": DisclosureAttribute.ACTIVE,
            f"{prefix}scope": Scope.PUBLIC,
        }
    )


EMPTY, STALE, DUE_SOON, FRESH, EXEMPT = "empty", "stale", "due_soon", "fresh", "exempt"


@dataclass(frozen=True)
class ColumnState:
    """One judged column at a day: its last publication and its last fresh day (None when it has no
    update duty), and what that makes it."""

    pk: int
    organization_id: int
    label: str
    update_class: str
    update_interval_days: int | None
    last_published: dt.date | None
    fresh_until: dt.date | None
    state: str

    @property
    def stale_from(self) -> dt.date | None:
        return None if self.fresh_until is None else self.fresh_until + dt.timedelta(days=1)


def judge(last: dt.date | None, fresh_until: dt.date | None, day: dt.date) -> str:
    if last is None:
        return EMPTY
    if fresh_until is None:
        return EXEMPT
    if day > fresh_until:
        return STALE
    if fresh_until < day + dt.timedelta(days=DUE_SOON_DAYS):
        return DUE_SOON
    return FRESH


def column_states(org_ids: Iterable[int], day: dt.date) -> list[ColumnState]:
    """The judged columns of the bodies at the end of ``day``, with grouped queries (three per
    :data:`CHUNK` bodies: the columns, the last item per column, the last cross-listed item per
    column)."""
    _since, until = day_range(day, day)
    states: list[ColumnState] = []
    for ids in chunks(org_ids):
        # Plain rows, not model instances: a province has some 40,000 columns.
        columns = list(
            CatalogColumn.objects.filter(organization_id__in=ids, is_hidden=False)
            .order_by("organization_id", "position", "id")
            .values_list(
                "pk",
                "organization_id",
                "parent_id",
                "parent__name",
                "name",
                "update_class",
                "update_interval_days",
                "template_column_id",
                "created_at",
            )
        )
        last: dict[int, dt.datetime] = {}
        own = (
            Item.objects.filter(released(), organization_id__in=ids, published_at__lt=until)
            .values("column_id")
            .annotate(last=Max("published_at"))
            .order_by()
        )
        cross = (
            Item.also_in.through.objects.filter(
                released("item__"), catalogcolumn__organization_id__in=ids, item__published_at__lt=until
            )
            .values("catalogcolumn_id")
            .annotate(last=Max("item__published_at"))
            .order_by()
        )
        for row in own:
            last[row["column_id"]] = row["last"]
        for row in cross:
            pk, moment = row["catalogcolumn_id"], row["last"]
            if pk not in last or moment > last[pk]:
                last[pk] = moment
        columns = [
            c
            for c in columns
            # from a template, made before the date was kept, created by then, or holding an item
            if c[7] is not None or c[8] is None or c[8] < until or c[0] in last
        ]
        headings = {c[2] for c in columns if c[2] is not None}
        for pk, org_id, parent_id, parent_name, name, update_class, days, _tc, _created in columns:
            if pk in headings:
                continue
            moment = last.get(pk)
            last_day = timezone.localtime(moment).date() if moment is not None else None
            fresh = last_fresh_day(last_day, update_class, days) if last_day else None
            states.append(
                ColumnState(
                    pk=pk,
                    organization_id=org_id,
                    label=f"{parent_name} › {name}" if parent_id is not None else name,
                    update_class=update_class,
                    update_interval_days=days,
                    last_published=last_day,
                    fresh_until=fresh,
                    state=judge(last_day, fresh, day),
                )
            )
    return states


def released_in(period: Period, ids: list[int]) -> Q:
    """Items of the bodies ``ids`` released in the period."""
    since, until = day_range(period.start, period.end)
    return released() & Q(organization_id__in=ids, published_at__gte=since, published_at__lt=until)


#: From this many bodies on, a period's releases are counted for every body and the wanted ones kept
#: in Python: one range over the covering index ``item_release_meta`` (0.3 s for a province's year
#: on SQLite), where an ``IN`` list of bodies makes the planner read each body's rows from the table
#: (3 s; docs/PERFORMANCE.md, "Supervision").
WHOLE_REGION = 200


def released_batches(period: Period, org_ids: list[int]) -> list[QuerySet[Item]]:
    """The items released in the period, as querysets to count grouped by body: from
    :data:`WHOLE_REGION` bodies on, one over every body (the caller keeps the rows of the bodies it
    wants); below, one per :data:`CHUNK` of ``org_ids``."""
    if len(org_ids) >= WHOLE_REGION:
        since, until = day_range(period.start, period.end)
        return [Item.objects.filter(released(), published_at__gte=since, published_at__lt=until)]
    return [Item.objects.filter(released_in(period, ids)) for ids in chunks(org_ids)]


def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
    per_column: dict[int, dict[str, int]] = defaultdict(dict)
    wanted = set(org_ids)
    for qs in released_batches(period, org_ids):
        for org_id, column_id, n in (
            qs.values_list("organization_id", "column_id").annotate(n=Count("id")).order_by()
        ):
            if org_id in wanted:
                per_column[org_id][str(column_id)] = n
    by_state: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for s in column_states(org_ids, period.end):
        by_state[s.organization_id][s.state].append(s.pk)
    out: dict[int, dict[str, Figure]] = {}
    for org_id in org_ids:
        counts = per_column.get(org_id, {})
        states = by_state.get(org_id, {})
        out[org_id] = {
            "items_published": Figure(sum(counts.values()), detail={"columns": counts} if counts else {}),
            **{
                code: Figure(
                    len(states.get(state, [])), detail={"columns": states[state]} if states.get(state) else {}
                )
                for code, state in (
                    ("columns_empty", EMPTY),
                    ("columns_stale", STALE),
                    ("columns_due_soon", DUE_SOON),
                )
            },
        }
    return out


def column_url(organization_id: int, column_id: int) -> str:
    """The back office's list of a column's items."""
    return reverse("backoffice:items") + f"?org={organization_id}&column={column_id}"


def _column_note(s: ColumnState) -> str:
    if s.state == EMPTY:
        return gettext("自开设以来未发布信息")
    if s.fresh_until is None:
        return gettext("最近发布：%(last)s") % {"last": s.last_published}
    return gettext("最近发布：%(last)s；更新期限至 %(due)s") % {
        "last": s.last_published,
        "due": s.fresh_until,
    }


def records(code: str, org_id: int, period: Period, limit: int) -> Records:
    if code not in CODES:
        raise KeyError(code)
    if code == "items_published":
        items = Item.objects.filter(released_in(period, [org_id])).select_related("column", "column__parent")
        rows = [
            Record(
                label=item.title,
                url=reverse("backoffice:item", args=[item.pk]),
                date=item.published_date,
                note=item.column.label,
            )
            for item in items.order_by("published_at", "id")[:limit]
        ]
        return Records(rows, items.count())
    state = {"columns_empty": EMPTY, "columns_stale": STALE, "columns_due_soon": DUE_SOON}[code]
    chosen = [s for s in column_states([org_id], period.end) if s.state == state]
    rows = [
        Record(
            label=s.label,
            url=column_url(s.organization_id, s.pk),
            date=s.last_published,
            note=_column_note(s),
        )
        for s in chosen[:limit]
    ]
    return Records(rows, len(chosen))
