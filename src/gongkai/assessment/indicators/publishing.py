"""Indicators of publication (docs/SPEC.md §7, issue 12 point 1): how many working days items took
from formation to publication, the items over the limit, and missing metadata.

**Timeliness** counts what the 时效统计 counts (``disclosure.selectors.timed_publications``): the
items published in the period, withdrawn ones included, each with the working days from its 成文日期
to its publication on the platform's calendar, kept on the item when it was published
(``Item.workdays_to_publish``). The limit is 20 working days (2019 条例 第二十六条:
"自该政府信息形成或者变更之日起20个工作日内予以公开"; ``GONGKAI_PUBLICATION_LIMIT_WORKDAYS``):
an item is late when it took more. Each body's median, 90th percentile and maximum come from its
own items — one grouped query counts the items of every body per number of days, and the
percentiles are read off those counts; nothing is averaged across bodies.

- median: the middle value (the mean of the two middle values for an even count), one decimal;
- 90th percentile: the nearest rank, the smallest value that at least 90 % of the items do not
  exceed (rank ⌈0.9 n⌉);
- a body without a published item has no median, percentile or maximum (shown as such, not as 0).

**Missing metadata**: over the items released to the public in the period (主动公开, 面向社会), the
fields of docs/SPEC.md §2.1 that may be left blank when drafting and that the catalog must show:
内容概述 (the catalog lists 索引号, 名称, 内容概述, 生成日期: 2019 条例 第十二条), 主题分类, 体裁分类
and 主题词.
索引号, 信息名称, 发布机构, 成文日期 and 发布日期 cannot be missing from a published item (the model
requires them). The figure is the number of missing fields, each item counting once per field.
The database keeps each item's blank fields as bits (``Item.metadata_gaps``), so a province's
count reads the covering index ``item_release_meta`` instead of a million rows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.indicators.base import Definition, Figure, Period, Record, Records
from gongkai.assessment.indicators.columns import chunks, released_batches, released_in
from gongkai.core.conf import conf
from gongkai.disclosure.models import Item
from gongkai.disclosure.models.items import METADATA_GAP_BITS
from gongkai.disclosure.selectors import timed_publications

GROUP = _("主动公开")

#: The required metadata fields that can be blank: (field, label, the condition of a blank one).
REQUIRED_METADATA: tuple[tuple[str, object, Q], ...] = (
    ("summary", _("内容概述"), Q(summary="")),
    ("topic", _("主题分类"), Q(topic__isnull=True)),
    ("genre", _("体裁分类"), Q(genre__isnull=True)),
    ("keywords", _("主题词"), Q(keywords="")),
)

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "publish_days_median",
        _("发布用时中位数（工作日）"),
        "days",
        GROUP,
        higher_is_better=False,
        explanation=_("考核期内发布的信息从成文（生成）到发布所用工作日数的中位数，按本机构的每条信息计算。"),
    ),
    Definition(
        "publish_days_p90",
        _("发布用时90%分位数（工作日）"),
        "days",
        GROUP,
        higher_is_better=False,
        explanation=_("九成信息在此工作日数以内发布（最近秩法：第⌈0.9n⌉小的值）。"),
    ),
    Definition(
        "publish_days_max",
        _("发布用时最长（工作日）"),
        "days",
        GROUP,
        higher_is_better=False,
        explanation=_("考核期内发布的信息中，从成文到发布用时最长的工作日数。"),
    ),
    Definition(
        "items_late",
        _("超过20个工作日发布的信息数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_(
            "自信息形成或者变更之日起超过20个工作日才发布的信息条数（《政府信息公开条例》第二十六条）。"
        ),
    ),
    Definition(
        "metadata_missing",
        _("缺失元数据项数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_(
            "考核期内发布的主动公开信息缺少内容概述、主题分类、体裁分类或主题词的项数合计，每条信息每项计一次。"
        ),
    ),
)

CODES = frozenset(d.code for d in DEFINITIONS)
TIMELINESS_CODES = frozenset({"publish_days_median", "publish_days_p90", "publish_days_max"})


def _limit() -> int:
    return int(conf()["PUBLICATION_LIMIT_WORKDAYS"])


def _value_at(histogram: list[tuple[int, int]], rank: int) -> int:
    """The ``rank``-th smallest value (1-based) of a sorted histogram of (value, count)."""
    seen = 0
    for value, n in histogram:
        seen += n
        if seen >= rank:
            return value
    raise ValueError("rank beyond the count")


def timeliness_figures(histogram: list[tuple[int, int]], limit: int) -> dict[str, Figure]:
    """The timeliness figures of one body from the counts of its items per number of working days."""
    histogram = sorted(histogram)
    n = sum(count for _value, count in histogram)
    late = sum(count for value, count in histogram if value > limit)
    figures = {"items_late": Figure(late, count=late, sample=n)}
    if n == 0:
        for code in TIMELINESS_CODES:
            figures[code] = Figure(None, sample=0)
        return figures
    if n % 2:
        median = Decimal(_value_at(histogram, (n + 1) // 2))
    else:
        median = Decimal(_value_at(histogram, n // 2) + _value_at(histogram, n // 2 + 1)) / 2
    figures["publish_days_median"] = Figure(median.quantize(Decimal("0.1")), sample=n)
    figures["publish_days_p90"] = Figure(_value_at(histogram, math.ceil(Decimal("0.9") * n)), sample=n)
    figures["publish_days_max"] = Figure(histogram[-1][0], sample=n)
    return figures


def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
    limit = _limit()
    histograms: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for ids in chunks(org_ids):
        rows = (
            timed_publications(start=period.start, end=period.end)
            .filter(organization_id__in=ids)
            .values("organization_id", "workdays_to_publish")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            histograms[row["organization_id"]].append((row["workdays_to_publish"] or 0, row["n"]))
    missing = _missing_metadata(period, org_ids)
    out: dict[int, dict[str, Figure]] = {}
    for org_id in org_ids:
        figures = timeliness_figures(histograms.get(org_id, []), limit)
        m = missing.get(org_id, {"items": 0})
        per_field = {name: m[name] for name, _label, _blank in REQUIRED_METADATA if m.get(name)}
        figures["metadata_missing"] = Figure(sum(per_field.values()), sample=m["items"], detail=per_field)
        out[org_id] = figures
    return out


def _missing_metadata(period: Period, org_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per body: the items released in the period and, per field of ``REQUIRED_METADATA``, how many
    of them leave it blank — from the items counted per body and set of blank fields
    (``columns.released_batches``: a province in one range of the covering index)."""
    wanted = set(org_ids)
    out: dict[int, dict[str, int]] = {}
    for qs in released_batches(period, org_ids):
        for org_id, gaps, n in (
            qs.values_list("organization_id", "metadata_gaps").annotate(n=Count("id")).order_by()
        ):
            if org_id not in wanted:
                continue
            m = out.setdefault(org_id, {"items": 0, **{name: 0 for name in METADATA_GAP_BITS}})
            m["items"] += n
            for name, bit in METADATA_GAP_BITS.items():
                if gaps & bit:
                    m[name] += n
    return out


def _item_record(item: Item, note: str) -> Record:
    return Record(
        label=item.title,
        url=reverse("backoffice:item", args=[item.pk]),
        date=item.published_date,
        note=note,
    )


def records(code: str, org_id: int, period: Period, limit: int) -> Records:
    if code not in CODES:
        raise KeyError(code)
    if code == "metadata_missing":
        blank_any = Q()
        for _name, _label, blank in REQUIRED_METADATA:
            blank_any |= blank
        items = Item.objects.filter(released_in(period, [org_id])).filter(blank_any)
        rows = []
        for item in items.order_by("published_at", "id")[:limit]:
            absent = [
                str(label)
                for name, label, _blank in REQUIRED_METADATA
                if (
                    getattr(item, f"{name}_id") is None
                    if name in ("topic", "genre")
                    else not getattr(item, name)
                )
            ]
            rows.append(_item_record(item, gettext("缺少：%(fields)s") % {"fields": "、".join(absent)}))
        return Records(rows, items.count())
    items = timed_publications(start=period.start, end=period.end).filter(organization_id=org_id)
    if code == "items_late":
        items = items.filter(workdays_to_publish__gt=_limit())
    rows = [
        _item_record(
            item,
            gettext("成文 %(formed)s，%(days)s个工作日后发布")
            % {"formed": item.date_formed, "days": item.workdays_to_publish},
        )
        for item in items.order_by("-workdays_to_publish", "published_at", "id")[:limit]
    ]
    return Records(rows, items.count())
