"""Figures per body and month (for the supervision module, docs/SPEC.md §7) against hand counts,
and the 社会评议 screen of the back office: scoped to what each person may read, XLSX export."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.ratings.figures import monthly_figures, yearly_figures
from gongkai.ratings.selectors import most_unsatisfied_items
from gongkai.ratings.services import body_target, item_target, submit_rating

pytestmark = pytest.mark.django_db

_tokens = itertools.count(1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def give(target: Any, grade: str, day: dt.date, comment: str = "", hour: int = 10) -> None:
    submit_rating(
        target=target, grade=grade, comment=comment, token=f"fig-token-{next(_tokens):010d}", at=at(day, hour)
    )


@pytest.fixture
def rated(region: Any, make_item: Any, clock: Any) -> dict[str, Any]:
    """March 2026 by hand: 市教育局 body 2 满意 1 基本满意 1 不满意; its items 3 满意 2 不满意
    (notice A: 2 不满意 of 3; notice B: 2 满意); 市政府办公室 body 1 基本满意; plus ratings in
    February and April (and at the month's edges in local time) that March must not count."""
    clock.set(dt.date(2026, 4, 20))
    a = item_target(make_item(title="关于申报2026年度职业技能提升补贴的通知").pk)
    b = item_target(make_item(title="2026年义务教育阶段招生入学政策问答").pk)
    edu, office = body_target("edu"), body_target("office")
    march = dt.date(2026, 3, 1)
    for grade in ("satisfied", "satisfied", "basic", "unsatisfied"):
        give(edu, grade, march + dt.timedelta(days=3))
    give(a, "satisfied", dt.date(2026, 3, 5))
    give(a, "unsatisfied", dt.date(2026, 3, 9), comment="附件打不开，电话13812345678")
    give(a, "unsatisfied", dt.date(2026, 3, 31), hour=23)  # 23:00 on 31 March in Shanghai: March
    give(b, "satisfied", dt.date(2026, 3, 1), hour=0)  # 00:00 on 1 March in Shanghai (Feb in UTC)
    give(b, "satisfied", dt.date(2026, 3, 20))
    give(office, "basic", dt.date(2026, 3, 12))
    give(edu, "unsatisfied", dt.date(2026, 2, 28), hour=23)
    give(a, "basic", dt.date(2026, 4, 1), hour=0)
    give(office, "satisfied", dt.date(2026, 4, 2))
    return {"a": a, "b": b}


def test_monthly_figures_per_body_against_hand_counts(rated, region):
    figures = monthly_figures(2026, 3)
    assert set(figures) == {region.dept.pk, region.office.pk}
    edu = figures[region.dept.pk]
    assert (edu.body.satisfied, edu.body.basic, edu.body.unsatisfied) == (2, 1, 1)
    assert (edu.items.satisfied, edu.items.basic, edu.items.unsatisfied) == (3, 0, 2)
    assert edu.total == 9
    assert edu.satisfaction_rate == pytest.approx(6 / 9)
    assert edu.body.rate == pytest.approx(3 / 4) and edu.items.rate == pytest.approx(3 / 5)
    assert edu.items.percent == "60.0%"
    office = figures[region.office.pk]
    assert (office.body.basic, office.total, office.satisfaction_rate) == (1, 1, 1.0)


def test_monthly_figures_for_named_bodies_include_the_unrated(rated, region):
    figures = monthly_figures(2026, 3, [region.dept.pk, region.county_dept.pk])
    assert set(figures) == {region.dept.pk, region.county_dept.pk}
    county = figures[region.county_dept.pk]
    assert county.total == 0 and county.satisfaction_rate is None and county.all.percent == "—"
    assert monthly_figures(2026, 3, []) == {}
    feb = monthly_figures(2026, 2, [region.dept.pk])[region.dept.pk]
    assert (feb.body.unsatisfied, feb.total) == (1, 1)
    april = monthly_figures(2026, 4)
    assert april[region.dept.pk].items.basic == 1 and april[region.office.pk].body.satisfied == 1


def test_figures_take_one_query(rated, region, django_assert_num_queries):
    with django_assert_num_queries(1):
        monthly_figures(2026, 3, [region.dept.pk, region.office.pk, region.county_dept.pk])
    with django_assert_num_queries(1):
        yearly_figures(2026, [region.dept.pk])


def test_yearly_figures_and_the_least_helpful_items(rated, region):
    year = yearly_figures(2026, [region.dept.pk, region.office.pk])
    assert [year[m].total for m in (1, 2, 3, 4, 5)] == [0, 1, 10, 2, 0]
    worst = most_unsatisfied_items([region.dept.pk], dt.date(2026, 1, 1), dt.date(2026, 12, 1))
    assert [(r.title, r.unsatisfied, r.total) for r in worst] == [
        ("关于申报2026年度职业技能提升补贴的通知", 2, 4)
    ]


# --- the back office -------------------------------------------------------------------------------


def page(client: Any, user: Any, **query: Any) -> Any:
    client.force_login(user)
    return client.get(reverse("backoffice:ratings"), query)


def test_a_body_sees_its_own_results_only(client, rated, region):
    response = page(client, region.editor, year=2026, month=3)
    assert response.status_code == 200
    html = response.content.decode()
    results = response.context["results"]
    assert results.single and results.scope_label == region.dept.name
    assert results.year_total.total == 11  # 市教育局 and its items: February 1, March 9, April 1
    assert dict(results.months)[3].total == 9
    assert "关于申报2026年度职业技能提升补贴的通知" in html
    assert "138****5678" in html and "13812345678" not in html
    assert region.office.name not in html
    # Another body, named in the address, is not within reach.
    other = page(client, region.editor, org=region.office.pk, year=2026, month=3)
    assert other.status_code == 400
    assert "不在您的查看范围内" in other.content.decode()


def test_a_supervisor_sees_the_region_body_by_body(client, rated, region):
    response = page(client, region.supervisor, year=2026, month=3)
    assert response.status_code == 200
    results = response.context["results"]
    assert not results.single
    rows = {row.organization.pk: row.figures for row in results.bodies}
    assert region.county_dept.pk in rows and rows[region.county_dept.pk].total == 0
    assert rows[region.dept.pk].total == 9 and rows[region.office.pk].total == 1
    assert results.bodies_total.total == 10
    one = page(client, region.supervisor, org=region.dept.pk, year=2026, month=3)
    assert one.context["results"].single


def test_the_menu_and_the_door(client, region):
    client.force_login(region.editor)
    assert (
        f'href="{reverse("backoffice:ratings")}"' in client.get(reverse("backoffice:inbox")).content.decode()
    )
    client.force_login(region.outsider)
    assert reverse("backoffice:ratings") not in client.get(reverse("backoffice:inbox")).content.decode()
    assert client.get(reverse("backoffice:ratings")).status_code == 403
    assert client.get(reverse("backoffice:ratings_export")).status_code == 403
    client.logout()
    assert client.get(reverse("backoffice:ratings")).status_code == 302
    from gongkai.ratings import policy

    assert policy.can_open_ratings(region.editor) and not policy.can_open_ratings(region.outsider)


def test_bad_filters_are_a_clear_400(client, region, clock):
    clock.set(dt.date(2026, 4, 20))
    for query in ({"year": "abc"}, {"year": 1999}, {"month": 13}, {"org": "x"}):
        response = page(client, region.supervisor, **query)
        assert response.status_code == 400, query


def test_export_is_an_xlsx_of_the_shown_tables(client, rated, region):
    from openpyxl import load_workbook

    client.force_login(region.supervisor)
    response = client.get(reverse("backoffice:ratings_export"), {"year": 2026, "month": 3})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ratings-2026-03.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["按月统计", "各机构", "不满意较多的信息", "意见建议"]
    months = list(wb["按月统计"].iter_rows(values_only=True))
    assert "信息评价·有一定帮助" in months[1] and "信息评价·基本满意" not in months[1]
    march = next(r for r in months if r[0] == "3月")
    assert march[1:6] == (2, 2, 1, 5, "80.0%") and march[11:] == (10, "70.0%")
    bodies = {r[0]: r for r in wb["各机构"].iter_rows(min_row=3, values_only=True)}
    assert bodies[region.dept.name][11] == 9
    comments = list(wb["意见建议"].iter_rows(min_row=3, values_only=True))
    assert any("138****5678" in str(r[4]) for r in comments)
    assert not any("13812345678" in str(c) for r in comments for c in r)


def test_a_year_without_ratings_says_so(client, region, clock):
    clock.set(dt.date(2026, 4, 20))
    response = page(client, region.editor)
    html = response.content.decode()
    assert response.status_code == 200
    assert "本年没有评价为“没有帮助”的信息。" in html and "本年没有收到意见建议。" in html
    assert response.context["results"].year_total.total == 0 and "—（0）" in html
    assert response.context["results"].month == 4  # this month by default


def test_the_item_columns_are_headed_with_the_item_grades(client, rated, region):
    """The 信息评价 columns were headed 满意/基本满意/不满意, the body's grades, while an item is
    rated 有帮助/有一定帮助/没有帮助 (the lead paragraph says so)."""
    for user in (region.editor, region.supervisor):
        html = page(client, user, year=2026, month=3).content.decode()
        table = html.split("<table", 1)[1].split("</thead>", 1)[0]
        heads = [h for h in table.split("<th") if 'scope="col" class="num"' in h]
        labels = [h.split(">", 1)[1].split("<", 1)[0] for h in heads]
        assert labels[:3] == ["满意", "基本满意", "不满意"], labels
        body_part = labels[: labels.index("有帮助")]
        assert "有一定帮助" in labels and "没有帮助" in labels and "有帮助" not in body_part
