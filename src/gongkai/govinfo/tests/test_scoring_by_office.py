"""``scoring.standings_by_office`` (every office's ranking in one pass, for "a yearly ranking of all
units from scratch < 1 s", issue 10 "Performance") gives, for every office of the scoring world, exactly
what ``scoring.standings(office)`` gives (docs/SPEC.md §8: rankings per office), for a month and for
the year with its zeroing for missed commissions and its appraisal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.govinfo import scoring
from gongkai.govinfo.models import Instruction, Issue, IssueEntry, UnitQuota
from gongkai.govinfo.tests.scoring_world import World, build_world, commissions_2026, november
from gongkai.orgs.models import Organization

pytestmark = pytest.mark.django_db

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 12, 5))
    return november(build_world())


def rows(table: list[scoring.UnitStanding]) -> list[tuple[Any, ...]]:
    return [
        (
            r.organization.pk,
            r.rank,
            r.tied,
            r.points,
            r.raw_points,
            r.by_source,
            r.submissions,
            r.adopted,
            r.instructions,
            r.penalties,
            r.no_submission,
            r.zeroed,
            r.missed_commissions,
            r.tier,
            r.quota,
            r.shortfall,
            r.months_short,
            r.appraisal,
        )
        for r in table
    ]


def offices() -> list[Organization]:
    return [o for o in Organization.objects.filter(is_competent_authority=True) if scoring.units_of(o)]


@pytest.mark.parametrize("period", [NOV, YEAR], ids=["november", "year"])
def test_every_office_agrees_with_its_own_standings(world: World, period: tuple[dt.date, dt.date]) -> None:
    commissions_2026(world)
    UnitQuota.objects.create(
        organization=world.finance, effective_from=dt.date(2026, 1, 1), tier="A", monthly_items=2
    )
    by_office = scoring.standings_by_office(*period)
    expected = {o.pk: rows(scoring.standings(o, *period)) for o in offices()}
    assert world.office.pk in expected and len(expected[world.office.pk]) == 7
    assert {pk: rows(table) for pk, table in by_office.items() if table} == {
        pk: table for pk, table in expected.items() if table
    }


def test_the_year_of_the_office_is_zeroed_and_ranked_the_same(world: World) -> None:
    commissions_2026(world)
    table = scoring.standings_by_office(*YEAR)[world.office.pk]
    finance = next(r for r in table if r.organization.pk == world.finance.pk)
    # 财政局 missed both notices of the office (scoring_world.commissions_2026): its year is zeroed.
    assert (finance.missed_commissions, finance.zeroed, finance.points) == (2, True, 0)
    assert rows(table) == rows(scoring.standings(world.office, *YEAR))


@pytest.mark.parametrize("period", [NOV, YEAR], ids=["november", "year"])
def test_many_records_read_through_subqueries_agree(
    world: World, period: tuple[dt.date, dt.date], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``CHUNK`` records (a province's year), the credits are read through subqueries on the
    period's adoptions and instructions, and the records of many units are read for the whole
    period; the figures are the same as those of a few records read by their ids."""
    commissions_2026(world)
    # A leader's instruction on a one-item issue whose item is joint (财政局 with 公安局, s4): its
    # credits are read by id beside the subqueries.
    issue = Issue.objects.create(publication=world.city_general, year=2026, created_by=world.desk)
    IssueEntry.objects.create(issue=issue, submission=world.subs["s4"], title="t", body="b")
    Instruction.objects.create(
        issue=issue,
        leader_name="张市长",
        level="city",
        given_on=dt.date(2026, 11, 27),
        text="阅",
        recorded_by=world.desk,
    )
    expected = {o.pk: rows(scoring.standings(o, *period)) for o in offices()}
    finance = next(
        r for r in scoring.standings(world.office, *period) if r.organization.pk == world.finance.pk
    )
    assert finance.instructions == 2  # the county leader's on s5 and this one, shared with 公安局
    lines = scoring.points_lines(world.office, world.police, *period)
    monkeypatch.setattr(scoring, "CHUNK", 1)
    monkeypatch.setattr(scoring, "SELECTIVE_UNITS", 0)
    assert {o.pk: rows(scoring.standings(o, *period)) for o in offices()} == expected
    assert {pk: rows(table) for pk, table in scoring.standings_by_office(*period).items() if table} == {
        pk: table for pk, table in expected.items() if table
    }
    assert scoring.points_lines(world.office, world.police, *period) == lines
