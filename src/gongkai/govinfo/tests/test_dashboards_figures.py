"""The dashboards' figures against the hand-worked year of ``dashboards_world`` (docs/SPEC.md §8;
its source papers: quotas per unit and per officer, 每周至少报送2条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.govinfo import figures
from gongkai.govinfo.tests.dashboards_world import build_world

pytestmark = pytest.mark.django_db

Z = [0] * 12


def months(**values: int) -> list[int]:
    out = list(Z)
    for name, n in values.items():
        out[int(name[1:]) - 1] = n
    return out


@pytest.fixture
def world(clock):
    clock.set(dt.date(2026, 4, 15))
    return build_world()


def test_office_table_units_by_months(world):
    table = figures.office_figures(world.office, 2026)
    by_org = {r.organization.pk: r for r in table.rows}
    unit, county = by_org[world.unit.pk], by_org[world.county.pk]
    assert unit.submitted == months(m1=3, m2=1, m3=1)  # the returned one does not count
    assert unit.adopted == months(m1=2)
    assert county.submitted == months(m1=1) and county.adopted == months(m1=1)
    assert by_org[world.quiet.pk].total_submitted == 0
    assert table.totals.submitted == months(m1=4, m2=1, m3=1)
    assert table.totals.adopted == months(m1=3)


def test_adoption_rate_per_unit_and_overall(world):
    table = figures.office_figures(world.office, 2026)
    by_org = {r.organization.pk: r for r in table.rows}
    assert by_org[world.unit.pk].rate == pytest.approx(2 / 5)
    assert by_org[world.county.pk].rate == 1
    assert by_org[world.quiet.pk].rate is None
    assert table.totals.rate == pytest.approx(3 / 6)
    assert figures.percent(table.totals.rate) == "50.0%"
    assert figures.percent(2 / 7) == "28.6%"
    assert figures.percent(None) == "—"


def test_adoptions_by_level(world):
    table = figures.office_figures(world.office, 2026)
    by_org = {r.organization.pk: r for r in table.rows}
    assert by_org[world.unit.pk].levels == {"county": 0, "city": 2, "province": 1, "national": 0}
    assert by_org[world.county.pk].levels == {"county": 0, "city": 0, "province": 0, "national": 1}
    assert table.totals.level_counts == [0, 2, 1, 1]


def test_units_with_no_submission_are_flagged(world):
    table = figures.office_figures(world.office, 2026)
    flagged = {r.organization.pk for r in table.no_submission}
    assert world.quiet.pk in flagged and world.unit.pk not in flagged


def test_the_previous_year_holds_its_own(world):
    table = figures.office_figures(world.office, 2025)
    by_org = {r.organization.pk: r for r in table.rows}
    assert by_org[world.unit.pk].submitted == months(m12=1)
    assert by_org[world.unit.pk].adopted == months(m12=1)  # adopted in 2026, counted when submitted


def test_unit_months_against_quota(world):
    d = figures.unit_dashboard(world.unit, 2026, today=dt.date(2026, 4, 15))
    assert [m.submitted for m in d.months] == months(m1=3, m2=1, m3=1)
    assert [m.adopted for m in d.months] == months(m1=2)
    assert [m.quota for m in d.months[:5]] == [2, 2, 3, 3, 3]
    assert [m.shortfall for m in d.months[:5]] == [0, 1, 2, None, None]  # April still running
    assert d.total_shortfall == 3 and d.months_short == 2
    assert d.total_quota == 7
    assert d.rate == pytest.approx(2 / 5)
    assert d.office == world.office


def test_unit_without_quota_has_no_shortfall(world):
    d = figures.unit_dashboard(world.county, 2026, today=dt.date(2026, 4, 15))
    assert [m.quota for m in d.months] == [None] * 12
    assert d.total_shortfall is None and d.months_short == 0


def test_officer_weekly_counts_against_minimum(world):
    d = figures.unit_dashboard(world.unit, 2026, today=dt.date(2026, 4, 15))
    assert d.weekly_minimum == 2
    assert len(d.weeks) == 53  # 2026 has 53 ISO weeks
    assert d.weeks[0].monday == dt.date(2025, 12, 29)
    officers = {o.name: o for o in d.officers}
    assert set(officers) == {"信息员甲", "信息员乙"}
    a = officers["信息员甲"]
    assert a.counts[1] == 2 and a.counts[2] == 1 and a.total == 3  # the withdrawn one is not counted
    # Weeks 1–15 have ended by 15 April (week 16 runs 13–19 April); only week 2 met the minimum.
    assert a.weeks_short == 14
    assert officers["信息员乙"].weeks_short == 15 and officers["信息员乙"].total == 0


def test_weeks_belong_to_the_month_of_their_thursday():
    weeks = figures.weeks_of(2026)
    assert weeks[0].month == 1  # 29 Dec 2025 – 4 Jan 2026: its Thursday is 1 January
    assert weeks[0].label == "第1周（12.29—1.4）"
    assert len(figures.weeks_of(2027)) == 52


def test_drill_down_lists_the_cell(world):
    s = world.subs
    cell = figures.office_cell(world.office, 2026, unit=world.unit.pk, month=1, what="adopted")
    assert set(cell) == {s["jan5"], s["jan6"]}
    cell = figures.office_cell(world.office, 2026, unit=world.unit.pk, month=2)
    assert set(cell) == {s["feb1"]}
    assert set(figures.office_cell(world.office, 2026, what="national")) == {s["county"]}
    assert set(figures.office_cell(world.office, 2026, what="province")) == {s["jan6"]}
    weeks = figures.weeks_of(2026)
    assert set(figures.unit_cell(world.unit, 2026, officer=world.writer.pk, week=weeks[1])) == {
        s["jan5"],
        s["jan6"],
    }
    assert set(figures.unit_cell(world.unit, 2026, month=3)) == {s["mar3"]}


def test_quota_in_force_for_a_month(world):
    quotas = list(world.unit.govinfo_quotas.all())
    assert figures.quota_of_month(quotas, 2026, 2) == 2
    assert figures.quota_of_month(quotas, 2026, 3) == 3
    assert figures.quota_of_month(quotas, 2024, 12) is None


def test_points_missing_until_scoring_answers(world, monkeypatch):
    from gongkai.govinfo import scoring

    def lines(office, organization, start, end, *, rule_set=None):
        return [
            scoring.PointsLine(
                "adoption", "govinfo.adoption", 1, "政务信息", dt.date(2026, 1, 8), Decimal(1)
            ),
            scoring.PointsLine(
                "adoption", "govinfo.adoption", 2, "政务信息", dt.date(2026, 1, 9), Decimal(1)
            ),
            scoring.PointsLine(
                "adoption", "govinfo.adoption", 3, "省政务信息", dt.date(2026, 2, 2), Decimal(4)
            ),
        ]

    def standings(office, start, end, *, rule_set=None):
        return [
            scoring.UnitStanding(organization=world.county, rank=1),
            scoring.UnitStanding(organization=world.unit, rank=2),
        ]

    monkeypatch.setattr(scoring, "points_lines", lines)
    monkeypatch.setattr(scoring, "standings", standings)
    d = figures.unit_dashboard(world.unit, 2026, today=dt.date(2026, 4, 15))
    assert [m.points for m in d.months[:3]] == [Decimal(2), Decimal(4), Decimal(0)]
    assert d.total_points == Decimal(6)
    assert d.rank == figures.Rank(month=4, rank=2, of=2, tied=False)


def test_points_and_rank_from_scoring(world):
    """Shipped rules (govinfo.points_defaults): a city general issue 1 point, the province's
    general issue 4, 国办's 8; points fall in the month of the adoption. 市教育局: 1月 3 (5日稿 and 6日稿
    by the city on 8 and 9 January, last December's item on 3 January), 2月 4 (6日稿 by the province on
    2 February). 测试县人民政府: 3月 8 (国办)."""
    d = figures.unit_dashboard(world.unit, 2026, today=dt.date(2026, 4, 15))
    assert [m.points for m in d.months[:4]] == [Decimal(3), Decimal(4), Decimal(0), Decimal(0)]
    assert d.total_points == Decimal(7)
    assert d.rank is not None and (d.rank.month, d.rank.rank, d.rank.of, d.rank.tied) == (4, 1, 3, True)
    ranking = figures.year_standings(world.office, 2026)
    assert [(r.organization.pk, r.rank, r.points) for r in ranking] == [
        (world.county.pk, 1, Decimal(8)),
        (world.unit.pk, 2, Decimal(7)),
        (world.quiet.pk, 3, Decimal(0)),
    ]


def test_cached_points_and_ranks_follow_a_new_adoption(world):
    """Points and the month's ranks are cached per office; a new record changes the key at once."""
    from gongkai.govinfo.tests.dashboards_world import adopt

    today = dt.date(2026, 4, 15)
    before = figures.unit_dashboard(world.unit, 2026, today=today)
    assert before.rank is not None and before.rank.tied
    adopt(world, world.subs["mar3"], world.province_pub, dt.date(2026, 4, 10))
    after = figures.unit_dashboard(world.unit, 2026, today=today)
    assert after.months[3].points == Decimal(4)
    assert after.rank == figures.Rank(month=4, rank=1, of=3, tied=False)
