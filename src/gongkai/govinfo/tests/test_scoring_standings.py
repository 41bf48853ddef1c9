"""THE test of the scoring (docs/SPEC.md §8, issue 10 item 8): a month of submissions, adoptions,
instructions and penalties, and every unit's points and rank checked against a table worked out by
hand, ties included; then the year, with a unit zeroed for 2 missed commissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gongkai.govinfo import scoring
from gongkai.govinfo.models import Instruction, Issue, IssueEntry, PointsRuleSet, UnitQuota
from gongkai.govinfo.tests.scoring_world import World, build_world, commissions_2026, november

pytestmark = pytest.mark.django_db

D = Decimal
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 12, 5))
    return november(build_world())


def table(world: World, rows: list[scoring.UnitStanding]) -> dict[str, tuple[Any, ...]]:
    keys = {world.unit(k).pk: k for k in ("edu", "county", "finance", "police", "agri", "traffic", "health")}
    return {
        keys[r.organization.pk]: (r.rank, r.tied, r.points, r.submissions, r.adopted, r.no_submission)
        for r in rows
    }


def test_units_of_the_office(world: World) -> None:
    names = {u.name for u in scoring.units_of(world.office)}
    # The office itself and its own government are not ranked; the county office's units report to it.
    assert names == {
        "测试市教育局",
        "测试县人民政府",
        "测试市财政局",
        "测试市公安局",
        "测试市农业农村局",
        "测试市交通运输局",
        "测试市卫生健康委员会",
    }


def test_a_month_worked_out_by_hand(world: World) -> None:
    rows = scoring.standings(world.office, *NOV)
    #            rank tied  points  subs adopted no-submission
    assert table(world, rows) == {
        # 市教育局: city general 1 + province general forwarded 4×2=8 + province internet 2 = 11;
        # city leader's instruction +40 → 51. The December adoption does not count.
        "edu": (1, False, D("51.00"), 2, 3, False),
        # 财政局: joint s4 forwarded to the province 4×2=8 split with 公安局 → 4; s5 city general 1;
        # county leader +20 → 25.
        "finance": (2, True, D("25.00"), 2, 2, False),
        # 公安局: its half of s4 → 4; s6 city general 1; county leader +20 → 25: 并列第2.
        "police": (2, True, D("25.00"), 2, 2, False),
        # 交通局: an October submission adopted on 2 November (city general 1) → 1, rank 4 (1,2,2,4);
        # nothing submitted in November: flagged.
        "traffic": (4, False, D("1.00"), 0, 1, True),
        # 农业局: s7 submitted, not adopted (the returned s7r does not count; the October adoption of
        # s9 is outside the month) → 0, 并列第5 with 卫健委.
        "agri": (5, True, D("0.00"), 1, 0, False),
        # 卫健委: nothing → 0, flagged.
        "health": (5, True, D("0.00"), 0, 0, True),
        # 测试县人民政府: 国办 general 8 + province leader +80 + 迟报 −100 → −12, last.
        "county": (7, False, D("-12.00"), 1, 1, False),
    }
    # Listed in rank order.
    assert [r.rank for r in rows] == [1, 2, 2, 4, 5, 5, 7]
    by_unit = {r.organization.pk: r for r in rows}
    assert by_unit[world.edu.pk].by_source == {"adoption": D("11.00"), "instruction": D("40.00")}
    assert by_unit[world.county.pk].by_source == {
        "adoption": D("8.00"),
        "instruction": D("80.00"),
        "penalty": D("-100.00"),
    }
    assert by_unit[world.county.pk].penalties == 1
    # Not a year: nothing zeroed, no appraisal.
    assert not any(r.zeroed or r.appraisal for r in rows)


def test_the_year_zeroes_two_missed_commissions(world: World, clock: Any) -> None:
    commissions_2026(world)
    clock.set(dt.date(2027, 1, 10))
    rows = scoring.standings(world.office, *YEAR)
    assert table(world, rows) == {
        # 51 + the December province general adoption of s2 (4) → 55.
        "edu": (1, False, D("55.00"), 2, 4, False),
        # 25; missed one of the two notices (answered the March one on time): not zeroed.
        "police": (2, False, D("25.00"), 3, 2, False),
        # 1 (the November adoption of its October submission).
        "traffic": (3, True, D("1.00"), 1, 1, False),
        # 0 in November + the October city general adoption of s9 (1) → 1: 并列第3.
        "agri": (3, True, D("1.00"), 2, 1, False),
        # 25 before zeroing; missed both notices (2 ≥ 2): the year scores 0, 并列第5.
        "finance": (5, True, D("0.00"), 2, 2, False),
        "health": (5, True, D("0.00"), 0, 0, True),
        "county": (7, False, D("-12.00"), 1, 1, False),
    }
    by_unit = {r.organization.pk: r for r in rows}
    finance = by_unit[world.finance.pk]
    assert (finance.zeroed, finance.raw_points, finance.missed_commissions) == (True, D("25.00"), 2)
    assert (by_unit[world.police.pk].zeroed, by_unit[world.police.pk].missed_commissions) == (False, 1)
    # The drill-down of the zeroed unit ends with the zeroing line and adds up to 0.
    lines = scoring.points_lines(world.office, world.finance, *YEAR)
    assert lines[-1].kind == "zeroing"
    assert lines[-1].label == "全年漏报约稿2次（2次及以上全年得分清零）"
    assert sum(line.points for line in lines) == 0


def test_drill_down_names_every_record(world: World) -> None:
    lines = scoring.points_lines(world.office, world.edu, *NOV)
    assert [(ln.kind, ln.model, ln.date, ln.points) for ln in lines] == [
        ("adoption", "govinfo.adoption", dt.date(2026, 11, 6), D(1)),
        ("adoption", "govinfo.adoption", dt.date(2026, 11, 9), D(2)),
        ("instruction", "govinfo.instruction", dt.date(2026, 11, 12), D(40)),
        ("adoption", "govinfo.adoption", dt.date(2026, 11, 18), D(8)),
    ]
    assert lines[0].label == "《市教育局信息s1》被测试市《政务信息》2026年第41期采用（市级综合刊）"
    assert (
        lines[3].label
        == "《市教育局信息s1》被省政府办公厅《政务信息》2026年第88期采用（省级综合刊，经转报采用）"
    )
    assert lines[2].label == "张市长批示《市教育局信息s2》（市领导）"
    assert all(ln.submission_id in {world.subs["s1"].pk, world.subs["s2"].pk} for ln in lines)
    # A joint item: the unit's share and the whole.
    police = scoring.points_lines(world.office, world.police, *NOV)
    joint = next(ln for ln in police if ln.submission_id == world.subs["s4"].pk)
    assert (joint.points, joint.full_points, joint.shared_by) == (D(4), D(8), 2)
    county = scoring.points_lines(world.office, world.county, *NOV)
    assert [ln.label for ln in county if ln.kind == "penalty"] == [
        "迟报：11月8日交通事故迟报（测政办通〔2026〕9号）"
    ]
    # Every unit's lines add up to its total.
    for row in scoring.standings(world.office, *NOV):
        lines = scoring.points_lines(world.office, row.organization, *NOV)
        assert sum((ln.points for ln in lines), D(0)) == row.points


def test_an_instruction_on_a_one_item_issue_counts_for_that_item(world: World) -> None:
    issue = Issue.objects.create(publication=world.city_general, year=2026, created_by=world.desk)
    IssueEntry.objects.create(issue=issue, submission=world.subs["s7"], title="t", body="b")
    Instruction.objects.create(
        issue=issue,
        leader_name="张市长",
        level="city",
        given_on=dt.date(2026, 11, 27),
        text="阅",
        recorded_by=world.desk,
    )
    rows = {r.organization.pk: r for r in scoring.standings(world.office, *NOV)}
    assert rows[world.agri.pk].points == D(40)
    assert rows[world.agri.pk].rank == 2  # 51, 40, 25, 25, …


def test_rule_set_versions(world: World) -> None:
    shipped = PointsRuleSet.objects.get()
    assert scoring.rule_set_on(dt.date(2026, 11, 30)) == shipped
    assert scoring.rule_set_on(dt.date(2019, 12, 31)) is None
    rules = dict(shipped.rules)
    rules["adoption"] = {**rules["adoption"], "city": {**rules["adoption"]["city"], "general": 2}}
    rules["instruction"] = {**rules["instruction"], "city": 50}
    newer = PointsRuleSet.objects.create(
        name="2026年修订",
        effective_from=dt.date(2026, 11, 15),
        source_document="测政办〔2026〕12号",
        rules=rules,
    )
    assert scoring.rule_set_on(dt.date(2026, 11, 14)) == shipped
    assert scoring.rule_set_on(dt.date(2026, 11, 15)) == newer
    # The month ends after the new set took effect: it is the default now.
    new = {r.organization.pk: (r.rank, r.points) for r in scoring.standings(world.office, *NOV)}
    old = {
        r.organization.pk: (r.rank, r.points) for r in scoring.standings(world.office, *NOV, rule_set=shipped)
    }
    changed = {pk for pk in new if new[pk] != old[pk]}
    # City general 1 → 2 (edu s1, finance s5, police s6, traffic s8) and the city leader 40 → 50 (edu).
    assert new[world.edu.pk] == (1, D("62.00"))  # 2 + 8 + 2 + 50
    assert new[world.finance.pk] == (2, D("26.00"))  # 4 + 2 + 20
    assert new[world.police.pk] == (2, D("26.00"))
    assert new[world.traffic.pk] == (4, D("2.00"))
    assert changed == {world.edu.pk, world.finance.pk, world.police.pk, world.traffic.pk}


def test_quota_shortfall_and_appraisal(world: World, clock: Any) -> None:
    # docs/SPEC.md §8's source papers: 每年累计2个月完不成 → 不得评优; 3个月 or 累计差10条 → 不称职.
    UnitQuota.objects.create(
        organization=world.edu, tier="四档", monthly_items=2, effective_from=dt.date(2026, 1, 1)
    )
    UnitQuota.objects.create(
        organization=world.agri, tier="三档", monthly_items=3, effective_from=dt.date(2026, 1, 1)
    )
    rows = {r.organization.pk: r for r in scoring.standings(world.office, *NOV)}
    assert (rows[world.edu.pk].tier, rows[world.edu.pk].quota, rows[world.edu.pk].shortfall) == ("四档", 2, 0)
    # 农业局: s7 only (the returned s7r does not count): 3 − 1 = 2 short.
    assert (rows[world.agri.pk].quota, rows[world.agri.pk].shortfall, rows[world.agri.pk].months_short) == (
        3,
        2,
        1,
    )
    assert rows[world.health.pk].quota is None
    # 市教育局 in the year, tier 2 from 2026: it meets the task in every month but two.
    from gongkai.govinfo.tests.scoring_world import submission

    for month in range(1, 13):
        if month in (11, 4, 7):
            continue  # November has s1, s2; April and July are short.
        for day in (8, 9):
            submission(world.office, world.edu, dt.date(2026, month, day), f"{month}-{day}", world.desk)
    submission(world.office, world.edu, dt.date(2026, 4, 8), "4-8", world.desk)  # April: 1 of 2
    clock.set(dt.date(2027, 1, 10))
    year = {r.organization.pk: r for r in scoring.standings(world.office, *YEAR)}
    edu = year[world.edu.pk]
    assert (edu.quota, edu.shortfall, edu.months_short, edu.appraisal) == (24, 3, 2, "不得评优")
    # 农业局: 1 in October (s9) and 1 in November against 3 a month: 12 months short → 不称职.
    assert (year[world.agri.pk].months_short, year[world.agri.pk].appraisal) == (12, "不称职")
    assert year[world.health.pk].appraisal == ""  # no quota tier: not appraised


def test_counted_submissions_are_the_rows_behind_the_count(world: World) -> None:
    rows = {r.organization.pk: r for r in scoring.standings(world.office, *NOV)}
    police = scoring.counted_submissions(world.police, *NOV)
    assert [s.title for s in police] == ["市财政局信息s4", "市公安局信息s6"]  # the joint item counts for both
    assert [s.title for s in scoring.counted_submissions(world.agri, *NOV)] == [
        "市农业农村局信息s7"
    ]  # s7r returned
    for key in ("edu", "county", "finance", "police", "agri", "traffic", "health"):
        unit = world.unit(key)
        assert scoring.counted_submissions(unit, *NOV).count() == rows[unit.pk].submissions


def test_missed_commissions_agree_with_the_commissions_service(world: World, clock: Any) -> None:
    from gongkai.govinfo.services import commissions

    commissions_2026(world)
    clock.set(dt.date(2027, 1, 10))
    mine = scoring.missed_commissions(world.office, *YEAR)
    theirs = {unit: len(found) for unit, found in commissions.missed_commissions(world.office, *YEAR).items()}
    assert mine == theirs == {world.finance.pk: 2, world.police.pk: 1}
    # Before the June deadline only the March notice counts.
    clock.set(dt.date(2026, 6, 1))
    assert scoring.missed_commissions(world.office, *YEAR) == {world.finance.pk: 1}


def test_a_month_still_running_is_not_yet_a_month_short(world: World, clock: Any) -> None:
    # 农业局 is 2 items short of its November task; on 20 November that is still to do, not a month
    # missed (the appraisal counts the months that have ended).
    UnitQuota.objects.create(
        organization=world.agri, tier="三档", monthly_items=3, effective_from=dt.date(2026, 1, 1)
    )
    clock.set(dt.date(2026, 11, 20))
    rows = {r.organization.pk: r for r in scoring.standings(world.office, *NOV)}
    assert (rows[world.agri.pk].shortfall, rows[world.agri.pk].months_short) == (2, 0)
    clock.set(dt.date(2026, 12, 1))
    rows = {r.organization.pk: r for r in scoring.standings(world.office, *NOV)}
    assert (rows[world.agri.pk].shortfall, rows[world.agri.pk].months_short) == (2, 1)
