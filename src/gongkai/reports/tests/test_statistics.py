"""统计分析 (``reports.statistics`` and the back-office page ``backoffice:statistics``) against figures
counted by hand.

The region is ``gongkai.testing.build_region()``. Items are published through the real services on
fixed days (the clock frozen at the moment of publication, Asia/Shanghai); requests are registered
and answered through ``foi.services.intake`` / ``handling``.

Working days from formation to publication, counted by hand from docs/sources/calendar-notices.md (the
day formed is not counted; 2026: 元旦 1–3 Jan off; 春节 15–23 Feb off with Sat 14 and Sat 28 Feb
working; 清明 4–6 Apr off):

====  ======  ==================  =========================  ===========================================
item  column  formed              published                  working days
====  ======  ==================  =========================  ===========================================
i1    A       Mon 2 Mar 2026      Fri 6 Mar 2026             Mar 3, 4, 5, 6 → 4
i2    A       Mon 2 Mar 2026      Mon 9 Mar 2026             Mar 3–6, 9 → 5
i3    B       Thu 2 Apr 2026      Tue 7 Apr 2026             Apr 3, [4–6 清明], 7 → 2
i4    B       Mon 2 Feb 2026      Mon 16 Mar 2026            Feb 3–6 (4), 9–13 (9), Sat 14 (10),
                                                             [15–23], 24–27 (14), Sat 28 (15),
                                                             Mar 2–6 (20), 9–13 (25), 16 (26) → 26 > 20
i5    A       Mon 12 Jan 2026     Wed 14 Jan 2026, withdrawn Jan 13, 14 → 2
i6    A       Mon 29 Dec 2025     Wed 31 Dec 2025 23:30      Dec 30, 31 → 2 (counts in 2025)
i7    A       Mon 29 Dec 2025     Thu 1 Jan 2026 00:30       Dec 30, 31, [Jan 1] → 2 (counts in 2026:
                                                             16:30 UTC on 31 Dec, but January in China)
i8    A       Mon 2 Mar 2026      Tue 10 Mar 2026            依申请公开: Mar 3–6, 9, 10 → 6
i9    A       (draft, never published)
c1    county  Mon 2 Mar 2026      Wed 4 Mar 2026             Mar 3, 4 → 2 (测试县财政局)
====  ======  ==================  =========================  ===========================================

Columns A and B are the first two top-level columns of 测试市教育局's catalog (template
article-20); the county body's first column has the same name as A, so in a region-wide table
they share a row.

Requests received by 测试市人民政府办公室 (the office) unless said otherwise:

* r5: received Mon 15 Dec 2025, answered （一）予以公开 on Tue 6 Jan 2026;
* r4: received Mon 5 Jan 2026, answered （四）无法提供 1 on Tue 20 Jan;
* r1: received Mon 2 Mar, answered （一）予以公开 on Fri 20 Mar;
* r2: received Mon 16 Mar, answered （三）不予公开 1 on Fri 10 Apr;
* r3: received Mon 2 Mar, withdrawn by the applicant on Tue 10 Mar → （六）其他处理 3;
* r6: received Thu 2 Apr, still open;
* k1: received by 测试县财政局 on Mon 2 Mar, answered （二）部分公开 on Wed 25 Mar.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.conftest import Clock
from gongkai.disclosure.models import CatalogColumn, Item, ItemState
from gongkai.foi.legal import Outcome, ReplyType
from gongkai.foi.models import InfoRequest
from gongkai.foi.services import handling
from gongkai.foi.tests.conftest import (  # noqa: F401 — fixtures used by name
    FoiRegion,
    foi,
    make_request,
)
from gongkai.orgs import policy as org_policy
from gongkai.reports import statistics
from gongkai.testing import make_item

D = dt.date
ZERO = (0,) * 12


def months(**by_month: int) -> tuple[int, ...]:
    """Twelve counts from keyword months: months(jan=2, mar=1)."""
    names = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    assert set(by_month) <= set(names)
    return tuple(by_month.get(n, 0) for n in names)


@dataclass
class Data:
    foi: FoiRegion
    column_a: CatalogColumn
    column_b: CatalogColumn


@pytest.fixture
def data(foi: FoiRegion, clock: Clock) -> Data:  # noqa: F811
    region = foi.region
    column_a = region.column
    column_b = CatalogColumn.objects.filter(organization=region.dept, parent=None).order_by("code")[1]

    def publish(formed: dt.date, on: dt.datetime, **kwargs: Any) -> Item:
        clock.set(on.date(), on.time())
        return make_item(region=region, date_formed=formed, **kwargs)

    at_ten = dt.time(10)
    i1 = publish(D(2026, 3, 2), dt.datetime.combine(D(2026, 3, 6), at_ten))
    publish(D(2026, 3, 2), dt.datetime.combine(D(2026, 3, 9), at_ten))
    publish(D(2026, 4, 2), dt.datetime.combine(D(2026, 4, 7), at_ten), column=column_b)
    i4 = publish(D(2026, 2, 2), dt.datetime.combine(D(2026, 3, 16), at_ten), column=column_b)
    publish(D(2026, 1, 12), dt.datetime.combine(D(2026, 1, 14), at_ten), state=ItemState.WITHDRAWN)
    publish(D(2025, 12, 29), dt.datetime(2025, 12, 31, 23, 30))
    i7 = publish(D(2025, 12, 29), dt.datetime(2026, 1, 1, 0, 30))
    publish(D(2026, 3, 2), dt.datetime.combine(D(2026, 3, 10), at_ten), disclosure_attribute="on_request")
    publish(D(2026, 3, 2), dt.datetime.combine(D(2026, 3, 12), at_ten), state=ItemState.DRAFT)
    publish(D(2026, 3, 2), dt.datetime.combine(D(2026, 3, 4), at_ten), county=True)
    # The stored working days are those counted by hand above.
    assert (i1.workdays_to_publish, i4.workdays_to_publish, i7.workdays_to_publish) == (4, 26, 2)

    from gongkai.foi.services.intake import register
    from gongkai.foi.tests.conftest import application

    def receive(on: dt.date, *, body: Any = None, actor: Any = None) -> InfoRequest:
        clock.set(on)
        request, _code = register(
            body or foi.office,
            actor=actor or foi.office_handler,
            data=application(),
            channel="in_person",
            submitted_on=on,
        )
        return request

    def answer(request: InfoRequest, on: dt.date, outcome: str, reply_type: str, **kwargs: Any) -> None:
        clock.set(on)
        handling.issue_reply(
            InfoRequest.objects.get(pk=request.pk),
            actor=kwargs.pop("actor", foi.office_handler),
            on=on,
            outcome=outcome,
            reply_type=reply_type,
            **kwargs,
        )

    r5 = receive(D(2025, 12, 15))
    answer(r5, D(2026, 1, 6), Outcome.GRANTED, ReplyType.PROVIDED)
    r4 = receive(D(2026, 1, 5))
    answer(
        r4, D(2026, 1, 20), Outcome.UNABLE_NOT_HELD, ReplyType.NOT_EXIST, reasons="经检索，本机关没有该信息"
    )
    r1 = receive(D(2026, 3, 2))
    answer(r1, D(2026, 3, 20), Outcome.GRANTED, ReplyType.PROVIDED)
    r2 = receive(D(2026, 3, 16))
    answer(r2, D(2026, 4, 10), Outcome.REFUSED_STATE_SECRET, ReplyType.REFUSED, reasons="属于国家秘密")
    r3 = receive(D(2026, 3, 2))
    clock.set(D(2026, 3, 10))
    handling.withdraw(
        InfoRequest.objects.get(pk=r3.pk),
        actor=foi.office_handler,
        on=D(2026, 3, 10),
        reason="申请人来电撤回",
    )
    receive(D(2026, 4, 2))
    k1 = receive(D(2026, 3, 2), body=region.county_dept, actor=foi.county_handler)
    answer(
        k1,
        D(2026, 3, 25),
        Outcome.PARTIAL,
        ReplyType.PROVIDED,
        reasons="第2页含有第三方个人信息，已作区分处理",
        actor=foi.county_handler,
    )
    assert InfoRequest.objects.get(pk=r3.pk).outcome == Outcome.OTHER
    clock.set(D(2026, 11, 20))
    return Data(foi=foi, column_a=column_a, column_b=column_b)


def scope(user: Any) -> list[int]:
    return list(org_policy.readable_orgs(user).values_list("pk", flat=True))


# -- the queries --------------------------------------------------------------------------------------


def test_items_by_column_and_month_of_one_body(data: Data) -> None:
    region = data.foi.region
    table = statistics.items_by_column([region.dept.pk], 2026)
    rows = {row.label: row.months for row in table.rows}
    # A: i5 (withdrawn later, still published in January), i7 (00:30 on 1 January in China), i1, i2.
    # i8 (依申请公开) and i9 (draft) are not publications; i6 belongs to 2025.
    assert rows[data.column_a.name] == months(jan=2, mar=2)
    assert rows[data.column_b.name] == months(mar=1, apr=1)
    assert table.totals.label == "合计"
    assert table.totals.months == months(jan=2, mar=3, apr=1)
    assert table.totals.total == 6
    # Every column of the catalog has a row, in catalog order, the empty ones with zeros.
    columns = CatalogColumn.objects.filter(organization=region.dept)
    assert len(table.rows) == columns.count()
    assert [r.label for r in table.rows[:2]] == [data.column_a.name, data.column_b.name]
    assert sum(1 for r in table.rows if r.months == ZERO) == columns.count() - 2
    child = columns.exclude(parent=None).select_related("parent").first()
    assert child is not None and f"{child.parent.name} › {child.name}" in rows  # type: ignore[union-attr]

    last_year = statistics.items_by_column([region.dept.pk], 2025)
    assert last_year.totals.months == months(dec=1)  # i6, 23:30 on 31 December


def test_items_of_a_region_share_rows_by_column(data: Data) -> None:
    region = data.foi.region
    table = statistics.items_by_column(scope(region.supervisor), 2026)
    rows = {row.label: row.months for row in table.rows}
    # The county body's first column is also "A": its item of 4 March joins that row.
    assert region.county_column.name == data.column_a.name
    assert rows[data.column_a.name] == months(jan=2, mar=3)
    assert table.totals.months == months(jan=2, mar=4, apr=1)
    assert len(table.rows) == len(set(rows))  # one row per column name, no duplicates


def test_timeliness_per_body_reuses_the_timeliness_figures(data: Data) -> None:
    """第二十六条: 20 working days. 测试市教育局 2026: i1 4, i2 5, i3 2, i4 26, i5 2, i7 2, i8 6 →
    7 items, 47 days, average 6.7, longest 26, one over the limit. The county body: c1, 2 days."""
    region = data.foi.region
    table = statistics.timeliness_for_year(scope(region.supervisor), 2026)
    assert table.limit == 20
    assert [(t.organization_name, t.published, t.average, t.maximum, t.over_limit) for t in table.rows] == [
        ("测试县财政局", 1, 2.0, 2, 0),
        ("测试市教育局", 7, 6.7, 26, 1),
    ]
    # The whole: (6.7 × 7 + 2 × 1) / 8 = 6.1125 → 6.1.
    assert table.overall == statistics.TimelinessOverall(published=8, average=6.1, maximum=26, over_limit=1)
    dept_2025 = statistics.timeliness_for_year([region.dept.pk], 2025)
    assert [(t.published, t.average, t.maximum) for t in dept_2025.rows] == [(1, 2.0, 2)]
    assert statistics.timeliness_for_year([region.office.pk], 2026).overall == statistics.TimelinessOverall(
        published=0, average=None, maximum=None, over_limit=0
    )


def test_requests_by_outcome_group_and_month(data: Data) -> None:
    office = data.foi.office
    table = statistics.requests_by_outcome([office.pk], 2026)
    assert [(r.label, r.months) for r in table.outcomes] == [
        ("（一）予以公开", months(jan=1, mar=1)),  # r5 (received in 2025), r1
        ("（二）部分公开", ZERO),
        ("（三）不予公开", months(apr=1)),  # r2
        ("（四）无法提供", months(jan=1)),  # r4
        ("（五）不予处理", ZERO),
        ("（六）其他处理", months(mar=1)),  # r3, withdrawn
    ]
    assert table.finished.label == "办结合计"
    assert table.finished.months == months(jan=2, mar=2, apr=1)
    assert table.finished.total == 5
    # Received: r4 in January; r1, r3, r2 in March; r6 (still open) in April. r5 came in 2025.
    assert table.received.label == "本年新收申请"
    assert table.received.months == months(jan=1, mar=3, apr=1)

    last_year = statistics.requests_by_outcome([office.pk], 2025)
    assert last_year.received.months == months(dec=1)
    assert last_year.finished.months == ZERO


def test_requests_are_counted_by_the_receiving_body(data: Data) -> None:
    region = data.foi.region
    whole = statistics.requests_by_outcome(scope(region.supervisor), 2026)
    assert whole.outcomes[1].months == months(mar=1)  # k1, 测试县财政局
    assert whole.finished.months == months(jan=2, mar=3, apr=1)
    assert whole.received.months == months(jan=1, mar=4, apr=1)
    county = statistics.requests_by_outcome(scope(region.county_editor), 2026)
    assert [r.total for r in county.outcomes] == [0, 1, 0, 0, 0, 0]
    assert county.received.months == months(mar=1)
    # 测试市教育局 received none (the office received and answered them all).
    dept = statistics.requests_by_outcome([region.dept.pk], 2026)
    assert dept.finished.total == dept.received.total == 0


def test_each_table_is_a_fixed_number_of_queries(
    data: Data, django_assert_num_queries: Callable[..., Any]
) -> None:
    """Grouped in the database: the number of queries does not depend on the number of items."""
    ids = scope(data.foi.region.supervisor)
    with django_assert_num_queries(2):  # the catalog columns, the grouped counts
        statistics.items_by_column(ids, 2026)
    with django_assert_num_queries(1):
        statistics.timeliness_for_year(ids, 2026)
    with django_assert_num_queries(2):  # finished by outcome and month, received by month
        statistics.requests_by_outcome(ids, 2026)


# -- the page and the export ---------------------------------------------------------------------------


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_page_shows_charts_and_tables_for_a_supervisor(client: Any, data: Data) -> None:
    region = data.foi.region
    response = login(client, region.supervisor).get(reverse("backoffice:statistics"), {"year": "2026"})
    assert response.status_code == 200
    assert response.context["nav_section"] == "statistics"
    stats = response.context["stats"]
    assert stats.year == 2026
    assert stats.items.totals.months == months(jan=2, mar=4, apr=1)
    assert stats.timeliness.overall.published == 8
    assert stats.requests.finished.total == 6
    html = response.content.decode()
    charts = svgs(html)
    assert [re.search(r'id="([^"]+)"', c).group(1) for c in charts] == [  # type: ignore[union-attr]
        "chart-items",
        "chart-timeliness",
        "chart-requests",
    ]
    for chart in charts:
        assert "http" not in chart and "<script" not in chart and "href" not in chart
        assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
    assert "1月2条，2月0条，3月4条，4月1条" in charts[0]
    assert "时限：20个工作日" in charts[1]
    text = text_of(response)
    assert "一、各栏目主动公开信息发布情况" in text
    assert "第二十六条" in text
    assert "测试市教育局 7 6.7 26 1" in text
    assert "合计 8 6.1 26 1" in text
    assert "（三）不予公开 0 0 0 1 0 0 0 0 0 0 0 0 1" in text
    assert "本年新收申请 1 0 4 1 0 0 0 0 0 0 0 0 6" in text
    assert f"{data.column_a.name} 2 0 3 0 0 0 0 0 0 0 0 0 5" in text
    # Each table links to its own export with the filters kept.
    assert reverse("backoffice:statistics_export") + "?year=2026&amp;table=items" in html


def test_export_holds_the_same_numbers(client: Any, data: Data) -> None:
    region = data.foi.region
    login(client, region.supervisor)
    response = client.get(reverse("backoffice:statistics_export"), {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="statistics-all-2026.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["各栏目发布情况", "成文至发布工作日数", "依申请公开办理结果"]

    items = wb["各栏目发布情况"]
    assert items["A1"].value == "我可以查看的全部机构（共6个）2026年各栏目主动公开信息发布情况（按发布月份）"
    assert [c.value for c in items[2]] == ["栏目", *(f"{m}月" for m in range(1, 13)), "合计"]
    item_rows = {row[0]: row[1:] for row in items.iter_rows(min_row=3, values_only=True)}
    assert item_rows[data.column_a.name] == (2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5)
    assert item_rows[data.column_b.name] == (0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2)
    assert item_rows["合计"] == (2, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 7)

    timeliness = wb["成文至发布工作日数"]
    assert "第二十六条" in timeliness["A1"].value
    assert [c.value for c in timeliness[2]] == [
        "机构",
        "发布条数",
        "平均工作日",
        "最长工作日",
        "超过20个工作日条数",
    ]
    assert list(timeliness.iter_rows(min_row=3, values_only=True)) == [
        ("测试县财政局", 1, 2.0, 2, 0),
        ("测试市教育局", 7, 6.7, 26, 1),
        ("合计", 8, 6.1, 26, 1),
    ]

    requests = wb["依申请公开办理结果"]
    assert list(requests.iter_rows(min_row=3, values_only=True)) == [
        ("（一）予以公开", 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2),
        ("（二）部分公开", 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
        ("（三）不予公开", 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1),
        ("（四）无法提供", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
        ("（五）不予处理", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        ("（六）其他处理", 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
        ("办结合计", 2, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6),
        ("本年新收申请", 1, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6),
    ]


def test_export_of_one_table_for_one_body(client: Any, data: Data) -> None:
    region = data.foi.region
    login(client, region.supervisor)
    response = client.get(
        reverse("backoffice:statistics_export"), {"org": region.dept.pk, "year": "2026", "table": "items"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="statistics-items-2026.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["各栏目发布情况"]
    ws = wb.active
    assert ws["A1"].value == "测试市教育局2026年各栏目主动公开信息发布情况（按发布月份）"
    rows = {row[0]: row[1:] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert rows[data.column_a.name] == (2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4)
    assert rows["合计"] == (2, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6)
    assert len(rows) == CatalogColumn.objects.filter(organization=region.dept).count() + 1

    response = client.get(
        reverse("backoffice:statistics_export"),
        {"org": region.office.pk, "year": "2026", "table": "requests"},
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.title == "依申请公开办理结果"
    assert [row[-1] for row in ws.iter_rows(min_row=3, values_only=True)] == [2, 0, 1, 1, 0, 1, 5, 5]


# -- scope ---------------------------------------------------------------------------------------------


def test_another_bodys_staff_see_nothing_of_this_body(client: Any, data: Data) -> None:
    region = data.foi.region
    login(client, region.county_editor)  # 测试县财政局 only
    response = client.get(reverse("backoffice:statistics"), {"year": "2026"})
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.scope_label == "测试县财政局"
    assert stats.items.totals.months == months(mar=1)  # c1 only
    assert [t.organization_name for t in stats.timeliness.rows] == ["测试县财政局"]
    assert stats.requests.received.months == months(mar=1)  # k1 only
    assert "测试市教育局" not in response.content.decode()
    options = response.context["form"].fields["org"].queryset
    assert list(options) == [region.county_dept]

    # Asking for 测试市教育局 by its id is refused like a body that does not exist.
    response = client.get(reverse("backoffice:statistics"), {"org": region.dept.pk, "year": "2026"})
    assert response.status_code == 400
    assert response.context["stats"] is None
    assert "所选机构不存在或不在您的查看范围内，请重新选择。" in text_of(response)
    response = client.get(reverse("backoffice:statistics_export"), {"org": region.dept.pk, "table": "items"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "所选机构不存在或不在您的查看范围内" in text_of(response)

    # 测试市教育局's own staff see their body, not the county's nor the office's requests.
    login(client, region.editor)
    stats = client.get(reverse("backoffice:statistics"), {"year": "2026"}).context["stats"]
    assert stats.scope_label == "测试市教育局"
    assert stats.items.totals.total == 6
    assert [t.organization_name for t in stats.timeliness.rows] == ["测试市教育局"]
    assert stats.requests.finished.total == stats.requests.received.total == 0


def test_people_without_a_role_see_empty_tables(client: Any, data: Data) -> None:
    response = login(client, data.foi.region.outsider).get(reverse("backoffice:statistics"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.scope_label == "我可以查看的全部机构（共0个）"
    assert stats.items.rows == [] and stats.items.totals.total == 0
    assert stats.timeliness.rows == []
    assert stats.requests.finished.total == stats.requests.received.total == 0
    assert response.context["charts"] == {"items": None, "timeliness": None, "requests": None}


def test_anonymous_is_sent_to_login(client: Any, db: Any) -> None:
    for name in ("statistics", "statistics_export"):
        response = client.get(reverse(f"backoffice:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("backoffice:login"))


def test_bad_filters_get_a_chinese_error_and_keep_the_rest(client: Any, data: Data) -> None:
    region = data.foi.region
    login(client, region.supervisor)
    # The clock is frozen at 20 November 2026: the years offered are 2008–2026, the default 2026.
    response = client.get(reverse("backoffice:statistics"))
    assert response.context["stats"].year == 2026
    response = client.get(reverse("backoffice:statistics"), {"org": region.dept.pk, "year": "2007"})
    assert response.status_code == 400
    assert "请选择2008年至2026年之间的年度。" in text_of(response)
    form = response.context["form"]
    assert form.cleaned_data["org"] == region.dept  # the body chosen stays chosen
    assert f'<option value="{region.dept.pk}" selected>' in response.content.decode()
    response = client.get(reverse("backoffice:statistics"), {"year": "明年"})
    assert response.status_code == 400
    response = client.get(reverse("backoffice:statistics_export"), {"year": "2026", "table": "everything"})
    assert response.status_code == 400
    assert "请选择要导出的统计表" in text_of(response)
