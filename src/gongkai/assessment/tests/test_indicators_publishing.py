"""The column and publishing indicators (``indicators.columns``, ``indicators.publishing``) and the
stale-column reminder (``hooks.columns``), against values worked out by hand.

The period is the fourth quarter of 2025 (1 October – 31 December). Items are written as the
platform keeps them once published: the working days from formation to publication counted on the
platform's calendar (``Item.workdays_to_publish``); each item's count is stated here and checked
against the calendar, and the 20/21-day pair goes through the real publication path across the
2025 National Day holiday (1–8 October off, Sunday 28 September and Saturday 11 October worked).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from gongkai.assessment.hooks.columns import remind_stale_columns
from gongkai.assessment.indicators import columns as column_indicators
from gongkai.assessment.indicators import publishing
from gongkai.assessment.indicators.base import Period
from gongkai.disclosure.models import CatalogColumn, CatalogTemplate, Classification, Item, ItemState
from gongkai.disclosure.services.catalog import instantiate_catalog
from gongkai.notifications.models import Notification
from gongkai.orgs.models import RoleName
from gongkai.testing import OrganizationFactory, UserFactory, build_region, grant, make_item
from gongkai.workdays.calendar import get_calendar

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
Q4 = Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31))
_serial = count(1)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def publish(
    column: CatalogColumn,
    formed: dt.date,
    published: dt.datetime,
    days: int | None = None,
    *,
    state: str = ItemState.PUBLISHED,
    **fields: Any,
) -> Item:
    """A published item as the platform keeps it; ``days``, when given, is the hand count of working
    days, checked against the calendar."""
    counted = get_calendar().workdays_between(formed, timezone.localtime(published).date())
    if days is not None:
        assert counted == days, (formed, published, counted)
    values: dict[str, Any] = {
        "title": f"测试信息{next(_serial)}",
        "summary": "内容概述",
        "keywords": "教育",
        "topic": Classification.objects.filter(scheme="topic").first(),
        "genre": Classification.objects.filter(scheme="genre").first(),
        "disclosure_attribute": "active",
        "scope": "public",
        **fields,
    }
    item = Item.objects.create(
        organization_id=column.organization_id,
        column=column,
        author=get_user_model().objects.order_by("pk").first(),
        date_formed=formed,
        state=state,
        index_number=f"TEST/{next(_serial):08d}",
        published_at=published,
        workdays_to_publish=counted,
        **values,
    )
    return item


@pytest.fixture
def region(db: Any, clock: Any) -> Any:
    """The test region, its catalogs created at the start of 2025."""
    clock.set(dt.date(2025, 1, 2))
    return build_region()


# --- timeliness -------------------------------------------------------------------------------


def test_working_days_at_and_over_the_limit_across_national_day(region: Any, clock: Any) -> None:
    """Formed Monday 22 September 2025: the 20th working day after it is Friday 24 October (4 days
    that week, the make-up Sunday 28 September, 29–30 September, the holiday 1–8 October off, 9, 10
    and the make-up Saturday 11 October, then 13–17 and 20–24 October); Monday 27 October is the
    21st. Published through the real services on those days, one is on time and one is late
    (2019 条例 第二十六条: within 20 working days)."""
    formed = dt.date(2025, 9, 22)
    clock.set(dt.date(2025, 10, 24))
    on_time = make_item(region=region, date_formed=formed, title="按时发布的通知")
    clock.set(dt.date(2025, 10, 27))
    late = make_item(region=region, date_formed=formed, title="超期发布的通知")
    assert (on_time.workdays_to_publish, late.workdays_to_publish) == (20, 21)

    figures = publishing.compute(Q4, [region.dept.pk])[region.dept.pk]
    assert figures["items_late"].value == 1
    assert figures["items_late"].sample == 2
    assert figures["publish_days_max"].value == 21
    assert figures["publish_days_median"].value == Decimal("20.5")
    records = publishing.records("items_late", region.dept.pk, Q4, 10)
    assert records.total == 1
    assert [(r.label, r.url) for r in records.rows] == [
        ("超期发布的通知", reverse("backoffice:item", args=[late.pk]))
    ]


def test_median_p90_max_and_late_per_body(region: Any) -> None:
    """Three bodies, each from its own items (never an average across bodies):

    - 测试市人民政府: 10 items of 1…10 working days → median (5+6)/2 = 5.5, p90 the ⌈9.0⌉ = 9th
      value 9, max 10, none late;
    - 测试市教育局: 2, 2 (对内), 3, 5, 8 (withdrawn since), 20, 21 → 7 items, median the 4th = 5,
      p90 the ⌈6.3⌉ = 7th = 21, max 21, 1 late; an item published on 30 September (before the
      period) is not counted;
    - 测试县财政局: 1, 4, 30 → median 4, p90 the ⌈2.7⌉ = 3rd = 30, max 30, 1 late;
    - 测试市人民政府办公室: nothing published → no median, p90 or maximum, 0 late.
    """
    nov28 = at(dt.date(2025, 11, 28))
    city = CatalogColumn.objects.filter(organization=region.city, parent=None).order_by("code")[0]
    # Friday 28 November 2025 minus 1…10 working days (no holiday in November).
    formed = [dt.date(2025, 11, d) for d in (27, 26, 25, 24, 21, 20, 19, 18, 17, 14)]
    for days, day in enumerate(formed, start=1):
        publish(city, day, nov28, days)
    col = region.column
    publish(col, dt.date(2025, 11, 26), nov28, 2)
    publish(col, dt.date(2025, 11, 26), nov28, 2, scope="internal")
    publish(col, dt.date(2025, 11, 25), nov28, 3)
    publish(col, dt.date(2025, 11, 21), nov28, 5)
    publish(col, dt.date(2025, 11, 18), nov28, 8, state=ItemState.WITHDRAWN)
    publish(col, dt.date(2025, 9, 22), at(dt.date(2025, 10, 24)), 20)
    publish(col, dt.date(2025, 9, 22), at(dt.date(2025, 10, 27)), 21)
    publish(col, dt.date(2025, 8, 1), at(dt.date(2025, 9, 30), 23, 50))  # before the period
    county = region.county_column
    publish(county, dt.date(2025, 11, 27), nov28, 1)
    publish(county, dt.date(2025, 11, 24), nov28, 4)
    # 9 October → 19 November: 10, 11 (make-up Saturday), 13–17, 20–24, 27–31 October,
    # 3–7, 10–14 November, 17–19 November = 2 + 5 × 5 + 3 = 30.
    publish(county, dt.date(2025, 10, 9), at(dt.date(2025, 11, 19)), 30)

    bodies = [region.city.pk, region.dept.pk, region.county_dept.pk, region.office.pk]
    figures = publishing.compute(Q4, bodies)

    def row(org: Any) -> tuple[Any, ...]:
        f = figures[org.pk]
        return (
            f["publish_days_median"].value,
            f["publish_days_p90"].value,
            f["publish_days_max"].value,
            f["items_late"].value,
            f["items_late"].sample,
        )

    assert row(region.city) == (Decimal("5.5"), 9, 10, 0, 10)
    assert row(region.dept) == (Decimal("5.0"), 21, 21, 1, 7)
    assert row(region.county_dept) == (Decimal("4.0"), 30, 30, 1, 3)
    assert row(region.office) == (None, None, None, 0, 0)

    # The records behind a figure: the longest first, cut at the limit, the total kept.
    records = publishing.records("publish_days_max", region.city.pk, Q4, 3)
    assert records.total == 10
    assert [r.note for r in records.rows] == [
        "成文 2025-11-14，10个工作日后发布",
        "成文 2025-11-17，9个工作日后发布",
        "成文 2025-11-18，8个工作日后发布",
    ]
    assert all(r.date == dt.date(2025, 11, 28) for r in records.rows)


def test_the_percentiles_of_a_histogram() -> None:
    """The kernel of the three figures, from counts per number of days (hand-worked)."""
    f = publishing.timeliness_figures([(3, 2), (1, 1), (7, 1)], 20)  # 1, 3, 3, 7
    assert (f["publish_days_median"].value, f["publish_days_p90"].value, f["publish_days_max"].value) == (
        Decimal("3.0"),
        7,  # ⌈3.6⌉ = 4th value
        7,
    )
    f = publishing.timeliness_figures([(20, 9), (21, 1)], 20)  # nine at the limit, one over
    assert (f["publish_days_p90"].value, f["items_late"].value, f["items_late"].sample) == (20, 1, 10)
    f = publishing.timeliness_figures([(4, 1), (25, 1)], 20)
    assert f["publish_days_median"].value == Decimal("14.5")


# --- missing metadata ---------------------------------------------------------------------------


def test_missing_metadata_counts_each_field_of_each_released_item(
    region: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """测试市教育局's items of the period: one without 内容概述 and 主题词 (2), one without 主题分类
    (1), one withdrawn without 体裁分类 (1), one complete: 4 fields missing over 4 items. Not
    counted: an 对内 item without a summary (never released to the public) and an item published
    before the period without anything."""
    col = region.column
    nov = at(dt.date(2025, 11, 10))
    no_summary = publish(col, dt.date(2025, 11, 3), nov, summary="", keywords="")
    no_topic = publish(col, dt.date(2025, 11, 3), nov, topic=None)
    publish(col, dt.date(2025, 11, 3), nov, genre=None, state=ItemState.WITHDRAWN)
    publish(col, dt.date(2025, 11, 3), nov)
    publish(col, dt.date(2025, 11, 3), nov, summary="", scope="internal")
    publish(
        col, dt.date(2025, 9, 1), at(dt.date(2025, 9, 5)), summary="", keywords="", topic=None, genre=None
    )

    # the same whether the bodies are named in the query or the whole region is counted (a province)
    for whole_region in (False, True):
        monkeypatch.setattr(column_indicators, "WHOLE_REGION", 1 if whole_region else 10_000)
        figure = publishing.compute(Q4, [region.dept.pk, region.county_dept.pk])
        dept = figure[region.dept.pk]["metadata_missing"]
        assert (dept.value, dept.sample) == (4, 4)
        assert dict(dept.detail) == {"summary": 1, "topic": 1, "genre": 1, "keywords": 1}
        county = figure[region.county_dept.pk]["metadata_missing"]
        assert (county.value, county.sample, dict(county.detail)) == (0, 0, {})

    records = publishing.records("metadata_missing", region.dept.pk, Q4, 10)
    assert records.total == 3
    notes = {r.url: r.note for r in records.rows}
    assert notes[reverse("backoffice:item", args=[no_summary.pk])] == "缺少：内容概述、主题词"
    assert notes[reverse("backoffice:item", args=[no_topic.pk])] == "缺少：主题分类"


def test_the_database_keeps_an_item_s_blank_metadata_as_it_changes(region: Any) -> None:
    """``Item.metadata_gaps`` (a generated column) follows every write, the ORM's and a bulk one."""
    item = publish(region.column, dt.date(2025, 11, 3), at(dt.date(2025, 11, 10)), summary="", keywords="")
    gaps = Item.objects.filter(pk=item.pk).values_list("metadata_gaps", flat=True)
    assert gaps.get() == 1 | 8
    item.summary = "内容概述"
    item.save(update_fields=["summary"])
    assert gaps.get() == 8
    Item.objects.filter(pk=item.pk).update(keywords="教育", topic=None, genre=None)
    assert gaps.get() == 2 | 4


# --- columns ----------------------------------------------------------------------------------


@pytest.fixture
def archive(region: Any, clock: Any) -> dict[str, Any]:
    """测试市档案馆 with a catalog built by hand (columns created on 2 January 2025 unless said).

    At the end of the period (31 December 2025), with each column's last publication:

    ==================  ===========  ==============  =================  ==========
    column              class        last item       up to date until   state
    ==================  ===========  ==============  =================  ==========
    要闻                2 weeks      2025-12-30      2026-01-13         fresh
    工作动态            2 weeks      2025-12-20      2026-01-03         due soon
    图片新闻            2 weeks      2025-12-17      2025-12-31         due soon (last day)
    媒体报道            2 weeks      2025-12-16      2025-12-30         stale
    通知公告            6 months     2025-06-30      2025-12-30         stale
    政策文件            6 months     2025-08-31      2026-02-28         fresh (31 Feb → 28)
    人事信息            1 year       2024-11-15      2025-11-15         stale
    规划计划（30天）     30 days      2025-11-20      2025-12-20         stale
    历史专题            exempt       2025-12-29      —                  exempt
    交流合作（同时列入）  2 weeks      2025-12-29 (x)  2026-01-12         fresh
    馆藏征集            6 months     2025-10-10 (w)  2026-04-10         fresh
    机构职能            none         —               —                  empty
    统计数据            6 months     —               —                  empty
    内部资料            6 months     对内 only       —                  empty
    业务工作 (heading)  —            —               —                  not judged
    └ 档案利用          6 months     2025-11-28      2026-05-28         fresh
    已隐藏栏目          6 months     —               —                  not judged (hidden)
    新开栏目            6 months     —               —                  not judged (created 2026)
    ==================  ===========  ==============  =================  ==========

    (x): cross-listed from the 历史专题 item; (w): the item was withdrawn since.
    Items first published in the period: 要闻 2 (1 October 00:30 and 30 December; one on 1 January
    2026 00:10 is not), 工作动态, 图片新闻, 媒体报道, 规划计划, 历史专题, 馆藏征集, 档案利用 1 each: 9.
    """
    org = OrganizationFactory.create(name="测试市档案馆", parent=region.city)
    position = count(1)

    def column(name: str, update_class: str = "notices", **fields: Any) -> CatalogColumn:
        n = next(position)
        return CatalogColumn.objects.create(
            organization=org,
            code=f"{n:02d}",
            name=name,
            position=n,
            update_class=update_class,
            **fields,
        )

    c = {
        "要闻": column("要闻", "news"),
        "工作动态": column("工作动态", "news"),
        "图片新闻": column("图片新闻", "news"),
        "媒体报道": column("媒体报道", "news"),
        "通知公告": column("通知公告"),
        "政策文件": column("政策文件"),
        "人事信息": column("人事信息", "yearly"),
        "规划计划": column("规划计划", "yearly", update_interval_days=30),
        "历史专题": column("历史专题", "historical"),
        "交流合作": column("交流合作", "news"),
        "馆藏征集": column("馆藏征集"),
        "机构职能": column("机构职能", "static"),
        "统计数据": column("统计数据"),
        "内部资料": column("内部资料"),
        "业务工作": column("业务工作", "static"),
        "已隐藏栏目": column("已隐藏栏目", is_hidden=True),
    }
    c["档案利用"] = column("档案利用", parent=c["业务工作"])
    clock.set(dt.date(2026, 1, 5))
    c["新开栏目"] = column("新开栏目")

    def item(name: str, day: dt.date, hour: int = 10, minute: int = 0, **fields: Any) -> Item:
        return publish(c[name], day - dt.timedelta(days=1), at(day, hour, minute), **fields)

    item("要闻", dt.date(2025, 10, 1), 0, 30)
    item("要闻", dt.date(2025, 12, 30))
    item("要闻", dt.date(2026, 1, 1), 0, 10)
    item("工作动态", dt.date(2025, 12, 20))
    item("图片新闻", dt.date(2025, 12, 17))
    item("媒体报道", dt.date(2025, 12, 16))
    item("通知公告", dt.date(2025, 6, 30))
    item("政策文件", dt.date(2025, 8, 31))
    item("人事信息", dt.date(2024, 11, 15))
    item("规划计划", dt.date(2025, 11, 20))
    item("历史专题", dt.date(2020, 5, 1))
    cross = item("历史专题", dt.date(2025, 12, 29))
    cross.also_in.add(c["交流合作"])
    item("馆藏征集", dt.date(2025, 10, 10), state=ItemState.WITHDRAWN)
    item("内部资料", dt.date(2025, 11, 3), scope="internal")
    item("档案利用", dt.date(2025, 11, 28))
    return {"org": org, "columns": c}


def _names(archive: dict[str, Any], detail: Any) -> set[str]:
    by_pk = {col.pk: name for name, col in archive["columns"].items()}
    return {by_pk[pk] for pk in detail.get("columns", [])}


def test_empty_stale_due_and_exempt_columns(archive: dict[str, Any]) -> None:
    org = archive["org"]
    figures = column_indicators.compute(Q4, [org.pk])[org.pk]
    assert figures["columns_empty"].value == 3
    assert _names(archive, figures["columns_empty"].detail) == {"机构职能", "统计数据", "内部资料"}
    assert figures["columns_stale"].value == 4
    assert _names(archive, figures["columns_stale"].detail) == {
        "媒体报道",
        "通知公告",
        "人事信息",
        "规划计划",
    }
    assert figures["columns_due_soon"].value == 2
    assert _names(archive, figures["columns_due_soon"].detail) == {"工作动态", "图片新闻"}

    published = figures["items_published"]
    assert published.value == 9
    c = archive["columns"]
    assert {int(k): v for k, v in published.detail["columns"].items()} == {
        c["要闻"].pk: 2,
        c["工作动态"].pk: 1,
        c["图片新闻"].pk: 1,
        c["媒体报道"].pk: 1,
        c["规划计划"].pk: 1,
        c["历史专题"].pk: 1,
        c["馆藏征集"].pk: 1,
        c["档案利用"].pk: 1,
    }


def test_column_records_link_to_the_column_in_the_back_office(archive: dict[str, Any]) -> None:
    org, c = archive["org"], archive["columns"]
    records = column_indicators.records("columns_stale", org.pk, Q4, 2)
    assert records.total == 4
    assert [r.label for r in records.rows] == ["媒体报道", "通知公告"]
    assert records.rows[0].url == reverse("backoffice:items") + f"?org={org.pk}&column={c['媒体报道'].pk}"
    assert records.rows[0].date == dt.date(2025, 12, 16)
    assert records.rows[0].note == "最近发布：2025-12-16；更新期限至 2025-12-30"
    empty = column_indicators.records("columns_empty", org.pk, Q4, 10)
    assert [r.label for r in empty.rows] == ["机构职能", "统计数据", "内部资料"]
    with pytest.raises(KeyError):
        column_indicators.records("requests_received", org.pk, Q4, 10)


def test_a_new_column_is_judged_from_the_day_it_is_created(archive: dict[str, Any]) -> None:
    """新开栏目 (added by hand on 5 January 2026) is not judged in 2025, and is empty at the end of
    the first quarter of 2026."""
    org = archive["org"]
    q1 = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    figures = column_indicators.compute(q1, [org.pk])[org.pk]
    assert "新开栏目" in _names(archive, figures["columns_empty"].detail)


def test_template_columns_are_judged_in_every_period(region: Any, clock: Any) -> None:
    """A body comes onto the platform on 5 January 2026 with the 26 fields of the basic-level
    catalog, and adds a column by hand for its earlier items (one imported, published 1 June 2025)
    and another one. At the end of 2025: the 26 template columns are the standard catalog, empty;
    the hand-added column with the imported item is judged (6 months from 1 June: up to date until
    1 December, stale); the other hand-added column did not exist yet."""
    clock.set(dt.date(2026, 1, 5))
    org = OrganizationFactory.create(name="测试镇人民政府", parent=region.county)
    instantiate_catalog(organization=org, template=CatalogTemplate.objects.get(code="basic-level"))
    imported = CatalogColumn.objects.create(organization=org, code="Z01", name="历年通知", position=30)
    CatalogColumn.objects.create(organization=org, code="Z02", name="新设栏目", position=31)
    publish(imported, dt.date(2025, 5, 30), at(dt.date(2025, 6, 1)))
    figures = column_indicators.compute(Q4, [org.pk])[org.pk]
    assert figures["columns_empty"].value == 26
    assert figures["columns_stale"].value == 1
    assert figures["columns_stale"].detail == {"columns": [imported.pk]}


# --- the reminder -----------------------------------------------------------------------------


def test_reminder_goes_once_to_the_editors_and_office_head(archive: dict[str, Any], clock: Any) -> None:
    org, c = archive["org"], archive["columns"]
    editor = grant(UserFactory.create(username="archive-editor"), org, RoleName.EDITOR)
    head = grant(UserFactory.create(username="archive-head"), org, RoleName.OFFICE_HEAD)
    reviewer = grant(UserFactory.create(username="archive-reviewer"), org, RoleName.REVIEWER)
    clock.set(dt.date(2025, 12, 31))

    counts = remind_stale_columns(dt.date(2025, 12, 31))
    assert counts == {"columns": 2, "notified": 4}
    notes = Notification.objects.filter(kind="assessment.column_due")
    assert sorted(notes.values_list("recipient__username", flat=True)) == [
        "archive-editor",
        "archive-editor",
        "archive-head",
        "archive-head",
    ]
    assert not Notification.objects.filter(recipient=reviewer).exists()
    note = notes.get(recipient=editor, title="栏目即将超期未更新：图片新闻")
    assert note.body == (
        "测试市档案馆的栏目“图片新闻”最近一次发布信息是2025年12月17日，请在2025年12月31日前（含当日）"
        "发布新信息，否则自2026年1月1日起计为未及时更新栏目。"
    )
    assert note.url == reverse("backoffice:items") + f"?org={org.pk}&column={c['图片新闻'].pk}"

    # The round runs again the same day, and the next: nobody is told twice about the same deadline.
    assert remind_stale_columns(dt.date(2025, 12, 31)) == {"columns": 2, "notified": 0}
    assert remind_stale_columns(dt.date(2026, 1, 1))["notified"] == 0
    assert notes.count() == 4

    # A new item moves 工作动态's deadline (14 January 2026): a new reminder in its turn.
    publish(c["工作动态"], dt.date(2025, 12, 30), at(dt.date(2025, 12, 31), 9))
    remind_stale_columns(dt.date(2026, 1, 10))
    assert notes.filter(recipient=head, title="栏目即将超期未更新：工作动态").count() == 2


# --- many bodies at once ----------------------------------------------------------------------


def test_queries_do_not_grow_with_the_number_of_bodies(archive: dict[str, Any]) -> None:
    """Grouped queries for all bodies at once: one body or seven, the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    region_bodies = list(
        CatalogColumn.objects.order_by().values_list("organization_id", flat=True).distinct()
    )
    assert len(region_bodies) == 7
    counts = []
    for bodies in ([archive["org"].pk], region_bodies):
        with CaptureQueriesContext(connection) as queries:
            column_indicators.compute(Q4, bodies)
            publishing.compute(Q4, bodies)
        counts.append(len(queries))
    assert counts[0] == counts[1] == 6
