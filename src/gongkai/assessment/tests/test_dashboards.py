"""考核看板 (assessment.dashboards and its staff screens): figures worked out by hand, scope, the
drill-down, bad parameters and the XLSX exports.

The indicators come from a stand-in provider with a small table of figures (what a provider gives is
``indicators/base.py``'s interface), so that every figure of the dashboards can be checked by hand:

============  ==========================  ==========================  ======================
month 2026    市教育局 (dept)               县财政局 (county_dept)        note
============  ==========================  ==========================  ======================
1月           late 2, req. overdue 1,     messages overdue 6;         heat: 3 and 6 (max 6)
              on time 3/4, median 12 d    on time 1/1, median 30 d
3月           req. overdue 1              —                            heat: 1
============  ==========================  ==========================  ======================

Region's 按期答复率 in January = (3 + 1) / (4 + 1) = 0.8 — not the mean of 75 % and 100 % (87.5 %).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.assessment import dashboards, indicators
from gongkai.assessment.indicators import Definition, Figure, Period, Record, Records
from gongkai.assessment.models import Round, RoundBody, RoundState, Scheme
from gongkai.orgs.models import RoleName
from gongkai.testing import UserFactory, grant

pytestmark = pytest.mark.django_db

DEFS = (
    Definition("items_late", "超过20个工作日公开的信息数", "count", "主动公开", higher_is_better=False),
    Definition("requests_overdue", "超期申请数", "count", "依申请公开", higher_is_better=False),
    Definition("messages_overdue", "超期留言数", "count", "互动交流", higher_is_better=False),
    Definition("requests_on_time", "按期答复率", "rate", "依申请公开"),
    Definition("publish_days_median", "公开用时中位数", "days", "主动公开", higher_is_better=False),
)


def _provider(region: Any) -> SimpleNamespace:
    dept, county = region.dept.pk, region.county_dept.pk
    table: dict[tuple[int, int], dict[str, Figure]] = {
        (dept, 1): {
            "items_late": Figure(2),
            "requests_overdue": Figure(1),
            "messages_overdue": Figure(0),
            "requests_on_time": Figure(Decimal("0.75"), 3, 4),
            "publish_days_median": Figure(12),
        },
        (county, 1): {
            "messages_overdue": Figure(6),
            "requests_on_time": Figure(Decimal("1"), 1, 1),
            "publish_days_median": Figure(30),
        },
        (dept, 3): {"requests_overdue": Figure(1), "requests_on_time": Figure(Decimal("1"), 2, 2)},
        (county, 3): {"requests_on_time": Figure(Decimal("1"), 4, 4)},
    }

    def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
        out: dict[int, dict[str, Figure]] = {}
        for org_id in org_ids:
            months = [
                m
                for m in range(1, 13)
                if period.start <= dt.date(2026, m, 1) and Period.month(2026, m).end <= period.end
            ]
            figs = [table.get((org_id, m), {}) for m in months]
            merged: dict[str, Figure] = {}
            for d in DEFS:
                present = [f[d.code] for f in figs if d.code in f]
                if not present:
                    continue
                if d.unit == "count":
                    merged[d.code] = Figure(sum(int(f.value or 0) for f in present))
                elif d.unit == "rate":
                    c, s = sum(f.count or 0 for f in present), sum(f.sample or 0 for f in present)
                    merged[d.code] = Figure(Decimal(c) / Decimal(s), c, s)
                elif len(present) == 1:
                    merged[d.code] = present[0]
            out[org_id] = merged
        return out

    def records(code: str, org_id: int, period: Period, limit: int) -> Records:
        if code not in {d.code for d in DEFS}:
            raise KeyError(code)
        n = int((compute(period, [org_id])[org_id].get(code) or Figure(0)).value or 0)
        if code == "requests_on_time":
            n = compute(period, [org_id])[org_id].get(code, Figure(0, 0, 0)).sample or 0
        rows = [Record(f"{code}-{org_id}-{i}", f"/staff/requests/{i}/", period.start) for i in range(n)]
        return Records(rows[:limit], n)

    return SimpleNamespace(DEFINITIONS=DEFS, compute=compute, records=records)


@pytest.fixture
def world(region: Any, clock: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    clock.set(dt.date(2026, 11, 20))
    monkeypatch.setattr(indicators, "PROVIDERS", (_provider(region),))
    scheme = Scheme.objects.create(code="t", name="测试细则", source_document="测试文件", state="published")
    rnd = Round.objects.create(
        authority=region.office,
        title="2025年度政务公开考核",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        scheme=scheme,
        finalized_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.FINAL)
    body = RoundBody.objects.create
    body(
        round=rnd,
        organization=region.dept,
        peer_group="市直部门",
        total=Decimal("91.50"),
        grade="优秀",
        rank=1,
        rank_tied=True,
    )
    body(
        round=rnd,
        organization=region.office,
        peer_group="市直部门",
        total=Decimal("91.50"),
        grade="优秀",
        rank=1,
        rank_tied=True,
    )
    body(
        round=rnd,
        organization=region.county_dept,
        peer_group="县区部门",
        total=Decimal("59.50"),
        grade="不合格",
        rank=1,
    )
    region.round = rnd
    return region


def _orgs(region: Any) -> list[Any]:
    return [region.dept, region.county_dept]


# -- selectors, by hand --------------------------------------------------------------------------


def test_heat_map_cells_are_the_sums_of_overdue_work_coloured_on_the_tables_maximum(world: Any) -> None:
    h = dashboards.heat_map(2026, _orgs(world))
    dept, county = h.rows
    assert dept.cells[0].total == 3 and dept.cells[0].parts == {
        "items_late": 2,
        "requests_overdue": 1,
        "messages_overdue": 0,
    }
    assert county.cells[0].total == 6
    assert dept.cells[2].total == 1 and dept.cells[1].total == 0
    assert h.maximum == 6 and dept.total == 4 and h.month_totals[0] == 9 and h.total == 10
    # steps: ceil(4 × value / 6) — 3 → 2, 6 → 4, 1 → 1, 0 → 0
    assert [
        dept.cells[0].swatch.css,
        county.cells[0].swatch.css,
        dept.cells[2].swatch.css,
        dept.cells[1].swatch.css,
    ] == [
        "heat-2",
        "heat-4",
        "heat-1",
        "heat-0",
    ]
    assert [s.label for s in h.legend] == ["0", "1", "2–3", "4", "5–6"]


def test_a_rate_of_the_region_is_summed_from_the_records_never_averaged(world: Any) -> None:
    t = dashboards.trend(2026, "requests_on_time", [o.pk for o in _orgs(world)], world.dept)
    assert t.region is not None and t.body_points is not None
    jan = t.region[0]
    assert (jan.value, jan.count, jan.sample) == (Decimal("0.8000"), 4, 5)  # (3+1)/(4+1), not 87.5 %
    assert t.region[2].value == Decimal("1.0000") and t.region[1].value is None
    assert t.body_points[0].value == Decimal("0.75")
    assert dashboards.display(t.definition, jan.value) == "80.0%"


def test_medians_in_days_are_never_combined_across_bodies(world: Any) -> None:
    t = dashboards.trend(2026, "publish_days_median", [o.pk for o in _orgs(world)], world.county_dept)
    assert t.region is not None and t.body_points is not None
    assert t.region[0].value is None  # not (12 + 30) / 2
    assert t.body_points[0].value == 30


def test_counts_of_the_region_add_up(world: Any) -> None:
    t = dashboards.trend(2026, "requests_overdue", [o.pk for o in _orgs(world)], None)
    assert t.region is not None
    assert [p.value for p in t.region[:3]] == [1, None, 1]


def test_tree_colours_each_body_by_its_total_in_the_latest_final_round(world: Any) -> None:
    orgs = list(dashboards.dashboard_orgs(world.supervisor))
    nodes = {n.organization.pk: n for n in dashboards.tree(orgs, world.round)}
    assert nodes[world.dept.pk].swatch.css == "score-90"  # 91.50 ≥ 90
    assert nodes[world.county_dept.pk].swatch.css == "score-0"  # 59.50 < 60
    assert nodes[world.city.pk].swatch.css == "score-none"  # not assessed
    assert (
        nodes[world.city.pk].depth == 0
        and nodes[world.dept.pk].depth == 1
        and nodes[world.county_dept.pk].depth == 2
    )


def test_indicator_ranking_ties_and_small_samples(world: Any) -> None:
    # Year 2026, 按期答复率: 市教育局 5/6 = 83.3 %, 县财政局 5/5 = 100 % — both from 5 cases up.
    ranked = dashboards.indicator_ranking(Period.year(2026), "requests_on_time", _orgs(world))
    assert [(s.organization.pk, s.rank, s.tied) for s in ranked] == [
        (world.county_dept.pk, 1, False),
        (world.dept.pk, 2, False),
    ]
    # January only: 4 and 1 cases — both below the minimum of 5, neither ranked.
    jan = dashboards.indicator_ranking(Period.month(2026, 1), "requests_on_time", _orgs(world))
    assert [(s.rank, s.unranked) for s in jan] == [(None, "small_sample"), (None, "small_sample")]
    assert jan[0].interval is not None
    # 超期申请数 (lower is better): 市教育局 2, 县财政局 no figure (unranked).
    overdue = dashboards.indicator_ranking(Period.year(2026), "requests_overdue", _orgs(world))
    assert [(s.organization.pk, s.rank, s.unranked) for s in overdue] == [
        (world.dept.pk, 1, ""),
        (world.county_dept.pk, None, "no_figure"),
    ]


def test_the_round_s_scheme_sets_the_minimum_sample(world: Any) -> None:
    assert dashboards.min_sample("requests_on_time", world.round) == dashboards.MIN_SAMPLE == 5
    world.round.scheme.config = {"min_samples": {"requests_on_time": 2}}
    world.round.scheme.save()
    minimum = dashboards.min_sample("requests_on_time", Round.objects.get(pk=world.round.pk))
    assert minimum == 2
    # January: 市教育局 3/4 (4 cases ≥ 2) ranked, 县财政局 1/1 (1 case) 样本不足
    jan = dashboards.indicator_ranking(
        Period.month(2026, 1), "requests_on_time", _orgs(world), minimum=minimum
    )
    assert [(s.organization.pk, s.rank, s.unranked) for s in jan] == [
        (world.dept.pk, 1, ""),
        (world.county_dept.pk, None, "small_sample"),
    ]


def test_a_body_s_position_within_its_peer_group_ties(world: Any) -> None:
    pos = dashboards.body_position(world.round, world.dept)
    assert pos is not None
    assert (pos.rank, pos.tied, pos.group_size, pos.group_best, pos.group_median) == (
        1,
        True,
        2,
        Decimal("91.50"),
        Decimal("91.50"),
    )


# -- screens and scope ---------------------------------------------------------------------------


def test_supervisor_sees_the_region(world: Any, client: Any) -> None:
    client.force_login(world.supervisor)
    r = client.get(reverse("backoffice:assessment_dashboards"), {"year": 2026, "code": "requests_on_time"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "80.0%" in html and "(4/5)" in html  # the region's January
    assert world.county_dept.name in html and "2025年度政务公开考核" in html
    assert 'class="num heat-4"' in html


def test_a_body_is_sent_to_its_own_dashboard_and_never_sees_another(world: Any, client: Any) -> None:
    client.force_login(world.head)  # office head of 市教育局
    r = client.get(reverse("backoffice:assessment_dashboards"), {"year": 2026})
    assert r.status_code == 302 and r["Location"].startswith(
        reverse("backoffice:assessment_dashboard_body", args=[world.dept.pk])
    )
    r = client.get(
        reverse("backoffice:assessment_dashboard_body", args=[world.dept.pk]),
        {"year": 2026, "code": "requests_on_time"},
    )
    html = r.content.decode()
    assert r.status_code == 200 and "第1名，共2个单位" in html and "（并列）" in html
    assert "全部机构合计" not in html and world.county_dept.name not in html
    other = reverse("backoffice:assessment_dashboard_body", args=[world.county_dept.pk])
    assert client.get(other).status_code == 404
    for table in ("results", "ranking", "tree"):
        assert client.get(reverse("backoffice:assessment_dashboard_xlsx", args=[table])).status_code == 404


def test_supervisor_only_their_region(world: Any, client: Any) -> None:
    county_supervisor = grant(UserFactory.create(username="csup"), world.county_office, RoleName.SUPERVISOR)
    client.force_login(county_supervisor)
    r = client.get(reverse("backoffice:assessment_dashboards"), {"year": 2026})
    assert r.status_code == 200 and world.dept.name not in r.content.decode()
    assert (
        client.get(reverse("backoffice:assessment_dashboard_body", args=[world.dept.pk])).status_code == 404
    )


def test_someone_without_a_body_is_refused(world: Any, client: Any) -> None:
    client.force_login(world.outsider)
    assert client.get(reverse("backoffice:assessment_dashboards")).status_code == 403


def test_drill_down_lists_the_records_in_scope_only(world: Any, client: Any) -> None:
    url = reverse("backoffice:assessment_dashboard_records")
    q = {"code": "overdue", "org": world.dept.pk, "from": "2026-01-01", "to": "2026-01-31"}
    client.force_login(world.supervisor)
    r = client.get(url, q)
    html = r.content.decode()
    assert (
        r.status_code == 200
        and f"items_late-{world.dept.pk}-1" in html
        and f"requests_overdue-{world.dept.pk}-0" in html
    )
    client.force_login(world.county_editor)
    assert client.get(url, q).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"code": "nope", "from": "2026-01-01", "to": "2026-01-31"}, "没有这个指标"),
        ({"code": "items_late", "from": "2026-13-01", "to": "2026-01-31"}, "起始日期格式应为"),
        ({"code": "items_late", "from": "2026-02-01", "to": "2026-01-31"}, "截止日期不能早于起始日期"),
        ({"code": "items_late", "org": "x", "from": "2026-01-01", "to": "2026-01-31"}, "机构参数无效"),
    ],
)
def test_bad_drill_down_parameters_are_a_400_in_chinese(
    world: Any, client: Any, params: dict[str, Any], message: str
) -> None:
    client.force_login(world.supervisor)
    r = client.get(reverse("backoffice:assessment_dashboard_records"), {"org": world.dept.pk, **params})
    assert r.status_code == 400 and message in r.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "1999"}, "请选择2000年至2026年之间的年度"),
        ({"year": "abc"}, "年度应为四位数字"),
        ({"code": "x"}, "没有这个指标"),
        ({"org": "999999"}, "不在您的查看范围内"),
    ],
)
def test_bad_dashboard_parameters_are_a_400_in_chinese(
    world: Any, client: Any, params: dict[str, str], message: str
) -> None:
    client.force_login(world.supervisor)
    r = client.get(reverse("backoffice:assessment_dashboards"), params)
    assert r.status_code == 400 and message in r.content.decode()


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in wb.worksheets[0].iter_rows(values_only=True)]


def test_xlsx_exports_hold_the_figures(world: Any, client: Any) -> None:
    client.force_login(world.supervisor)
    x = lambda table, **q: client.get(reverse("backoffice:assessment_dashboard_xlsx", args=[table]), q)  # noqa: E731
    heat = _sheet(x("heatmap", year=2026))
    rows = {r[0]: r for r in heat[2:]}
    assert rows[world.dept.name][1:4] == (3, 0, 1) and rows[world.dept.name][13] == 4
    assert rows["合计"][1] == 9
    trend = _sheet(x("trend", year=2026, code="requests_on_time", org=world.dept.pk))
    assert trend[1] == ("月份", "全部机构合计", world.dept.name)
    assert trend[2] == ("1月", 0.8, 0.75)
    results = _sheet(x("results", year=2026))
    assert (world.county_dept.name, "县区部门", 1, None, 59.5, "不合格", None) in results
    assert (world.dept.name, "市直部门", 1, "是", 91.5, "优秀", None) in results
    ranking = _sheet(x("ranking", year=2026, code="requests_on_time"))
    assert ranking[2][:4] == (world.county_dept.name, 1, None, 1.0)
    tree = _sheet(x("tree", year=2026))
    assert any(r[0].strip() == world.dept.name and r[1] == 91.5 and r[3] == "≥ 90" for r in tree[2:])
    records = _sheet(
        x("records", code="items_late", org=world.dept.pk, **{"from": "2026-01-01", "to": "2026-01-31"})
    )
    assert len(records) == 2 + 2 and records[2][1] == f"items_late-{world.dept.pk}-0"
    indicators_sheet = _sheet(x("indicators", year=2026, org=world.dept.pk))
    assert ("按期答复率", "依申请公开", 5 / 6, 5, 6) in indicators_sheet


def test_a_flag_reads_yes_or_no_for_a_body_and_counts_bodies_for_the_region() -> None:
    flag = Definition("annual_report_on_time", "年度报告按时公布", "flag", "年度报告")
    assert dashboards.display(flag, 1) == "是" and dashboards.display(flag, 0) == "否"
    assert dashboards.aggregate(flag, [Figure(1), Figure(0), Figure(1)]) == 2
    assert dashboards.display(flag, 2, combined=True) == "2"


def test_someone_reading_two_bodies_sees_those_two_together(world: Any, client: Any) -> None:
    both = grant(UserFactory.create(username="both"), world.dept, RoleName.OFFICE_HEAD)
    grant(both, world.county_dept, RoleName.OFFICE_HEAD)
    client.force_login(both)
    r = client.get(reverse("backoffice:assessment_dashboards"), {"year": 2026, "code": "requests_on_time"})
    html = r.content.decode()
    assert r.status_code == 200 and world.dept.name in html and world.county_dept.name in html
    assert world.city.name not in html and world.office.name not in html
    ranking = _sheet(
        client.get(
            reverse("backoffice:assessment_dashboard_xlsx", args=["ranking"]),
            {"year": 2026, "code": "requests_on_time"},
        )
    )
    assert [row[0] for row in ranking[2:]] == [world.county_dept.name, world.dept.name]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Period]:
    """Record every period the (stand-in) provider is asked to compute."""
    provider = indicators.PROVIDERS[0]
    calls: list[Period] = []
    inner = provider.compute

    def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
        calls.append(period)
        return inner(period, org_ids)

    monkeypatch.setattr(provider, "compute", compute)
    return calls


def test_a_month_not_begun_has_no_figures(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    months = dashboards.monthly_figures(2026, [o.pk for o in _orgs(world)], ["items_late"])
    assert months[12] == {}  # the clock stands on 20 November 2026
    assert Period.month(2026, 12) not in calls and len(calls) == 11
    assert months[1][world.dept.pk]["items_late"].value == 2


def test_the_hourly_round_job_computes_each_supervisor_s_region_before_anyone_asks(
    world: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.assessment.hooks.dashboards import refresh_dashboards
    from gongkai.core.registry import round_jobs

    assert "assessment.dashboards" in {job.key for job in round_jobs()}
    calls = _counting(monkeypatch)
    counts = refresh_dashboards(dt.date(2026, 11, 20))
    # the year and its eleven months begun, once per provider, for the one supervisor's region
    assert counts == {"regions": 1, "periods": 12} and len(calls) == 12
    calls.clear()
    client.force_login(world.supervisor)
    r = client.get(reverse("backoffice:assessment_dashboards"), {"year": 2026, "code": "requests_on_time"})
    assert r.status_code == 200 and "80.0%" in r.content.decode()
    assert calls == []  # every figure the page shows was ready


def test_after_the_round_job_switching_indicators_builds_no_section(
    world: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job draws every indicator's sections of the region's page (no body chosen): a supervisor
    switching indicators reads them; choosing a body to compare builds that body's trend only."""
    from gongkai.assessment.hooks.dashboards import refresh_dashboards
    from gongkai.assessment.staff.dashboards import views

    refresh_dashboards(dt.date(2026, 11, 20))
    built: list[str] = []
    real = views.render_to_string

    def counting(template: str, context: Any = None, request: Any = None) -> str:
        built.append(context["part"])
        return real(template, context, request)

    monkeypatch.setattr(views, "render_to_string", counting)
    client.force_login(world.supervisor)
    url = reverse("backoffice:assessment_dashboards")
    for code in indicators.definitions():
        assert client.get(url, {"year": 2026, "code": code}).status_code == 200
    assert built == []
    r = client.get(url, {"year": 2026, "code": "items_late", "org": world.dept.pk})
    assert r.status_code == 200 and built == ["trend", "ranking"]


def test_the_region_s_sections_are_kept_as_html_per_language_and_indicator(
    world: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(world.supervisor)
    url = reverse("backoffice:assessment_dashboards")
    first = client.get(url, {"year": 2026, "code": "requests_on_time"}).content.decode()
    calls = _counting(monkeypatch)
    again = client.get(url, {"year": 2026, "code": "requests_on_time"}).content.decode()
    assert calls == [] and again.count("heat-4") == first.count("heat-4") >= 1
    other = client.get(url, {"year": 2026, "code": "items_late"}).content.decode()
    assert "超过20个工作日公开的信息数（2026年）" in other  # a new indicator: its own sections
