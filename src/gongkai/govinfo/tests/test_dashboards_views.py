"""信息统计 screens: who opens which dashboard (404 otherwise), the figures on the page, the charts as
inline SVG, every table as XLSX read back with openpyxl, the drill-downs, and clear 400s for bad
input (docs/SPEC.md §8)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.govinfo.tests.dashboards_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    clock.set(dt.date(2026, 4, 15))
    return build_world()


def office_url(world, name="govinfo_dashboard_office", **kw):
    return reverse(f"backoffice:{name}", kwargs={"pk": world.office.pk, **kw})


def unit_url(world, name="govinfo_dashboard_unit", unit=None, **kw):
    return reverse(f"backoffice:{name}", kwargs={"pk": (unit or world.unit).pk, **kw})


def as_user(client, world, user):
    client.force_login(world.fresh(user))
    return client


def read_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def test_entry_shows_each_role_its_dashboard(client, world):
    entry = reverse("backoffice:govinfo_dashboard")
    as_user(client, world, world.desk)
    response = client.get(entry)
    assert response.status_code == 200 and "信息统计 · 测试市人民政府办公室" in response.content.decode()
    as_user(client, world, world.writer)
    response = client.get(entry + "?year=2025")
    assert response.status_code == 200 and "信息统计 · 测试市教育局" in response.content.decode()
    assert "2025年本单位逐月报送条数" in response.content.decode()
    as_user(client, world, world.signer)
    assert "信息统计 · 测试市教育局" in client.get(entry).content.decode()
    as_user(client, world, world.outsider)
    assert client.get(entry).status_code == 404
    both = world.fresh(world.desk)
    from gongkai.testing import grant

    grant(both, world.county, "info_officer")
    as_user(client, world, both)
    html = client.get(entry).content.decode()
    assert reverse("backoffice:govinfo_dashboard_office", args=[world.office.pk]) in html
    assert reverse("backoffice:govinfo_dashboard_unit", args=[world.county.pk]) in html


def test_office_dashboard_shows_the_figures_and_charts(client, world):
    as_user(client, world, world.desk)
    response = client.get(office_url(world) + "?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert "50.0%" in html  # 3 adopted of 6 submitted
    assert "40.0%" in html  # 市教育局: 2 of 5
    assert 'id="chart-govinfo-months"' in html and "<svg" in html
    assert 'id="chart-govinfo-ranking"' in html  # by adoptions while scoring does not answer
    assert "本年未报送" in html  # 市公安局
    assert "采用率＝采用条数÷报送条数" in html  # the definition is on the page
    cell = office_url(world, "govinfo_dashboard_office_submissions")
    assert f"{cell}?year=2026&amp;unit={world.unit.pk}&amp;month=1&amp;what=adopted" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_supervisor_reads_the_office_dashboard(client, world):
    as_user(client, world, world.supervisor)
    response = client.get(office_url(world))
    assert response.status_code == 200
    assert "只读查看" in response.content.decode()
    assert client.get(unit_url(world)).status_code == 200


def test_unit_people_cannot_open_the_office_or_another_unit(client, world):
    for user in (world.writer, world.signer):
        as_user(client, world, user)
        assert client.get(office_url(world)).status_code == 404
        assert client.get(unit_url(world, unit=world.county)).status_code == 404
        assert (
            client.get(
                unit_url(world, "govinfo_dashboard_unit_xlsx", unit=world.county, table="months")
            ).status_code
            == 404
        )
        assert client.get(unit_url(world)).status_code == 200
    as_user(client, world, world.county_writer)
    assert client.get(unit_url(world)).status_code == 404
    assert client.get(unit_url(world, "govinfo_dashboard_unit_submissions") + "?month=1").status_code == 404


def test_desk_opens_every_unit_of_its_office(client, world):
    as_user(client, world, world.desk)
    assert client.get(unit_url(world)).status_code == 200
    assert client.get(unit_url(world, unit=world.county)).status_code == 200
    assert (
        client.get(unit_url(world, unit=world.region.county_dept)).status_code == 404
    )  # reports to the county


def test_unit_dashboard_quota_and_officers(client, world):
    as_user(client, world, world.writer)
    response = client.get(unit_url(world) + "?year=2026&month=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="chart-govinfo-unit"' in html
    assert "信息员甲" in html and "信息员乙" in html
    assert "进行中" in html  # April
    assert "第2周（1.5—1.11）" in html
    week = unit_url(world, "govinfo_dashboard_unit_submissions")
    assert f"{week}?year=2026&amp;officer={world.writer.pk}&amp;week=2" in html


def test_drill_down_lists_the_submissions_with_links(client, world):
    as_user(client, world, world.desk)
    url = office_url(world, "govinfo_dashboard_office_submissions")
    response = client.get(f"{url}?year=2026&unit={world.unit.pk}&month=1&what=adopted")
    html = response.content.decode()
    assert response.status_code == 200
    assert "一月五日稿" in html and "一月六日稿" in html and "一月十四日稿" not in html
    assert reverse("backoffice:govinfo_desk_item", args=[world.subs["jan5"].pk]) in html
    as_user(client, world, world.writer)
    response = client.get(unit_url(world, "govinfo_dashboard_unit_submissions") + "?year=2026&month=2")
    html = response.content.decode()
    assert "二月一日凌晨稿" in html and "二月撤回稿" not in html and "二月二十日退回稿" not in html
    assert reverse("backoffice:govinfo_submission", args=[world.subs["feb1"].pk]) in html


def test_office_tables_as_xlsx(client, world):
    as_user(client, world, world.desk)
    rows = read_xlsx(
        client.get(office_url(world, "govinfo_dashboard_office_xlsx", table="submitted") + "?year=2026")
    )
    assert rows[1] == ["单位", *(f"{m}月" for m in range(1, 13)), "合计"]
    by_unit = {r[0]: r for r in rows[2:]}
    assert by_unit["测试市教育局"][1:4] == [3, 1, 1] and by_unit["测试市教育局"][13] == 5
    assert by_unit["合计"][13] == 6
    rows = read_xlsx(
        client.get(office_url(world, "govinfo_dashboard_office_xlsx", table="rates") + "?year=2026")
    )
    assert rows[1] == ["单位", "报送", "采用", "采用率", "县级采用", "市级采用", "省级采用", "国办采用"]
    by_unit = {r[0]: r for r in rows[2:]}
    assert by_unit["测试市教育局"] == ["测试市教育局", 5, 2, pytest.approx(0.4), 0, 2, 1, 0]
    assert by_unit["合计"][:4] == ["合计", 6, 3, pytest.approx(0.5)]
    rows = read_xlsx(client.get(office_url(world, "govinfo_dashboard_office_xlsx", table="adopted")))
    assert {r[0]: r[13] for r in rows[2:]}["合计"] == 3
    assert (
        read_xlsx(client.get(office_url(world, "govinfo_dashboard_office_xlsx", table="ranking")))[1][0]
        == "名次"
    )
    assert client.get(office_url(world, "govinfo_dashboard_office_xlsx", table="nope")).status_code == 404


def test_unit_tables_as_xlsx(client, world):
    as_user(client, world, world.writer)
    rows = read_xlsx(
        client.get(unit_url(world, "govinfo_dashboard_unit_xlsx", table="months") + "?year=2026")
    )
    assert rows[1] == ["月份", "报送", "任务", "差额", "采用", "积分"]
    assert rows[2][:5] == ["1月", 3, 2, 0, 2]
    assert rows[4][:5] == ["3月", 1, 3, 2, 0]
    assert rows[5][:4] == ["4月", 0, 3, None]  # still running: no shortfall yet
    assert rows[3][:5] == ["2月", 1, 2, 1, 0]
    assert rows[-1][:5] == ["合计", 5, 7, 3, 2]
    rows = read_xlsx(
        client.get(unit_url(world, "govinfo_dashboard_unit_xlsx", table="officers") + "?year=2026")
    )
    assert rows[1][0] == "信息员" and rows[1][-2:] == ["合计", "未达标周数"] and len(rows[1]) == 53 + 3
    by_name = {r[0]: r for r in rows[2:]}
    assert by_name["信息员甲"][2:4] == [2, 1] and by_name["信息员甲"][-2:] == [3, 14]


@pytest.mark.parametrize(
    "query, message",
    [
        ("?year=abc", "年度应为四位数字"),
        ("?year=1800", "请选择2000年至2027年之间的年度"),
        ("?month=13", "月份应为 1 至 12 之间的数字"),
        ("?what=everything", "请选择要查看的数据"),
        ("?unit=abc", "所选单位不存在"),
        ("?unit=999999999999", "所选单位不存在"),
    ],
)
def test_bad_input_is_a_clear_400(client, world, query, message):
    as_user(client, world, world.desk)
    response = client.get(office_url(world, "govinfo_dashboard_office_submissions") + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_bad_year_on_every_page_is_a_400_and_unknown_ids_404(client, world):
    as_user(client, world, world.desk)
    for url in (
        office_url(world),
        unit_url(world),
        office_url(world, "govinfo_dashboard_office_xlsx", table="rates"),
        unit_url(world, "govinfo_dashboard_unit_xlsx", table="months"),
        unit_url(world, "govinfo_dashboard_unit_submissions"),
    ):
        assert client.get(url + "?year=abc").status_code == 400, url
    assert client.get(unit_url(world, "govinfo_dashboard_unit_submissions") + "?week=99").status_code == 400
    assert client.get("/staff/govinfo/dashboard/units/999999999999/").status_code == 404
    assert client.get("/staff/govinfo/dashboard/offices/999999999999/").status_code == 404
    assert client.get(office_url(world, "govinfo_dashboard_points", unit=999999999999)).status_code == 404


def test_points_drill_down_waits_for_scoring(client, world):
    as_user(client, world, world.desk)
    response = client.get(office_url(world, "govinfo_dashboard_points", unit=world.unit.pk) + "?year=2026")
    assert response.status_code == 200
    assert "测试市教育局" in response.content.decode()


def test_ranking_with_points_and_their_drill_down(client, world):
    as_user(client, world, world.desk)
    html = client.get(office_url(world) + "?year=2026").content.decode()
    points = office_url(world, "govinfo_dashboard_points", unit=world.unit.pk)
    assert f'href="{points}?year=2026"' in html
    rows = read_xlsx(
        client.get(office_url(world, "govinfo_dashboard_office_xlsx", table="ranking") + "?year=2026")
    )
    assert rows[2][:2] == [1, "测试县人民政府"] and rows[2][4] == 8
    assert rows[3][:2] == [2, "测试市教育局"] and rows[3][4] == 7
    html = client.get(points + "?year=2026&month=2").content.decode()
    assert reverse("backoffice:govinfo_desk_item", args=[world.subs["jan6"].pk]) in html
    as_user(client, world, world.supervisor)  # reads the figures, not the items
    html = client.get(points + "?year=2026&month=2").content.decode()
    assert reverse("backoffice:govinfo_desk_item", args=[world.subs["jan6"].pk]) not in html


JUNK = ["abc", "²", "1.5", str(2**63), str(10**30), "-1", "0", "x" * 10_000, "2026-02-30"]


@pytest.mark.parametrize("value", JUNK)
def test_junk_in_any_parameter_is_never_a_500(client, world, value):
    as_user(client, world, world.desk)
    pages = [
        office_url(world),
        office_url(world, "govinfo_dashboard_office_submissions"),
        office_url(world, "govinfo_dashboard_points", unit=world.unit.pk),
        office_url(world, "govinfo_dashboard_office_xlsx", table="rates"),
        unit_url(world),
        unit_url(world, "govinfo_dashboard_unit_submissions"),
        unit_url(world, "govinfo_dashboard_unit_xlsx", table="officers"),
    ]
    for url in pages:
        for name in ("year", "month", "what", "unit", "officer", "week", "page"):
            response = client.get(url, {name: value})
            assert response.status_code in (200, 400), (url, name, response.status_code)


def test_unit_people_read_their_own_points(client, world):
    points = office_url(world, "govinfo_dashboard_points", unit=world.unit.pk)
    as_user(client, world, world.writer)
    html = client.get(unit_url(world) + "?year=2026").content.decode()
    assert f"{points}?year=2026&amp;month=2" in html
    html = client.get(points + "?year=2026&month=2").content.decode()
    assert reverse("backoffice:govinfo_submission", args=[world.subs["jan6"].pk]) in html
    assert client.get(office_url(world, "govinfo_dashboard_points", unit=world.county.pk)).status_code == 404
    as_user(client, world, world.county_writer)
    assert client.get(points).status_code == 404
    other = reverse(
        "backoffice:govinfo_dashboard_points",
        kwargs={"pk": world.region.county_office.pk, "unit": world.county.pk},
    )
    assert client.get(other).status_code == 404  # the county reports to the city's office
