"""约稿 (docs/SPEC.md §8 "Commissioning: yearly plan, quarterly 报送要点, ad-hoc 约稿通知 to named units
or people with deadlines"; its source papers: "按季度印发《政务信息报送要点》…随时向信息网点下发信息
约稿通知"): who is told when a commission is issued, which commissions a unit's item may answer,
who missed, and the reminder before the deadline. Hand-worked cases on a frozen clock (March 2026:
the 1st is a Sunday)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.govinfo.models import Commission, CommissionKind
from gongkai.govinfo.services import commissions as services
from gongkai.govinfo.tests.commission_world import World, at, build_world, submission
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db

MON_9 = dt.date(2026, 3, 9)


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 3, 2))  # Monday
    return build_world()


def notice(world: World, *, deadline: dt.datetime, targets: Any = None, issue: bool = True) -> Commission:
    c = services.create_commission(
        actor=world.desk,
        office=world.office,
        kind=CommissionKind.NOTICE,
        year=2026,
        title="关于报送春季校园安全工作情况的约稿通知",
        deadline=deadline,
        targets=targets if targets is not None else [(world.unit, None), (world.county, None)],
    )
    return services.issue_commission(actor=world.desk, commission=c) if issue else c


def points(world: World, *, quarter: int = 1, office: Any = None, desk: Any = None) -> Commission:
    c = services.create_commission(
        actor=desk or world.desk,
        office=office or world.office,
        kind=CommissionKind.POINTS,
        year=2026,
        quarter=quarter,
        title=f"2026年第{quarter}季度政务信息报送要点",
        body="围绕一季度经济运行、安全生产报送信息。",
    )
    return services.issue_commission(actor=desk or world.desk, commission=c)


def notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


# -- issuing ------------------------------------------------------------------------------------------


def test_issuing_a_notice_tells_the_units_information_officers_and_the_named_person(world: World) -> None:
    c = notice(world, deadline=at(MON_9), targets=[(world.unit, None), (world.county, world.county_writer)])
    assert c.issued_at is not None
    # The unit target: both 信息员 of 市教育局; the person target: 县政府信息员 only. Not the desk,
    # not the county finance bureau (it reports to the county office).
    assert notified(services.NOTIFY_KIND) == {"xxy", "xxy2", "cxxy"}
    note = Notification.objects.get(recipient=world.writer)
    assert note.title == "约稿通知：关于报送春季校园安全工作情况的约稿通知"
    assert "截止时间：2026年3月9日 17:00" in note.body
    assert AuditEvent.objects.filter(action="govinfo.commission_issued", target_id=str(c.pk)).count() == 1


def test_issuing_points_tells_every_unit_reporting_to_the_office(world: World) -> None:
    points(world)
    assert notified(services.NOTIFY_KIND) == {"xxy", "xxy2", "cxxy"}


def test_points_of_the_county_office_go_to_its_own_units(world: World) -> None:
    points(world, office=world.county_office, desk=world.county_desk)
    assert notified(services.NOTIFY_KIND) == {"cdxxy"}


def test_a_draft_tells_nobody_and_issuing_twice_is_refused(world: World) -> None:
    c = notice(world, deadline=at(MON_9), issue=False)
    assert Notification.objects.count() == 0
    services.issue_commission(actor=world.desk, commission=c)
    with pytest.raises(ValidationError, match="约稿已发布"):
        services.issue_commission(actor=world.desk, commission=c)


def test_only_the_offices_desk_commissions(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.create_commission(
            actor=world.writer, office=world.office, kind=CommissionKind.PLAN, year=2026, title="计划"
        )
    c = notice(world, deadline=at(MON_9), issue=False)
    with pytest.raises(PermissionDenied):
        services.issue_commission(actor=world.county_desk, commission=c)


def test_a_notice_needs_a_deadline_targets_and_units_reporting_to_the_office(world: World) -> None:
    with pytest.raises(ValidationError) as e:
        services.create_commission(
            actor=world.desk, office=world.office, kind=CommissionKind.NOTICE, year=2026, title="约稿"
        )
    assert e.value.message_dict == {
        "deadline": ["约稿通知须有截止时间。"],
        "targets": ["约稿通知须指定约稿单位或人员。"],
    }
    with pytest.raises(ValidationError) as e:
        notice(world, deadline=at(MON_9), targets=[(world.county_unit, None)])
    assert e.value.message_dict == {"targets": ["测试县财政局不向本办报送信息，不能向其约稿。"]}
    with pytest.raises(ValidationError) as e:
        notice(world, deadline=at(MON_9), targets=[(world.unit, world.county_writer)])
    assert e.value.message_dict == {"targets": ["县政府信息员不是测试市教育局的人员。"]}
    with pytest.raises(ValidationError) as e:
        services.create_commission(
            actor=world.desk, office=world.office, kind=CommissionKind.POINTS, year=2026, title="要点"
        )
    assert e.value.message_dict == {"quarter": ["报送要点须注明季度（1至4）。"]}


def test_a_notice_past_its_deadline_is_not_issued(world: World, clock: Any) -> None:
    c = notice(world, deadline=at(MON_9), issue=False)
    clock.set(at(MON_9, 18))
    with pytest.raises(ValidationError, match="截止时间已过"):
        services.issue_commission(actor=world.desk, commission=c)


# -- open commissions for a unit's form -------------------------------------------------------------------


def test_open_commissions_for_a_unit(world: World, clock: Any) -> None:
    mine = notice(world, deadline=at(MON_9))
    to_county = notice(world, deadline=at(MON_9), targets=[(world.county, world.county_writer)])
    past = notice(world, deadline=at(dt.date(2026, 3, 3)))
    draft = notice(world, deadline=at(MON_9), issue=False)
    q1 = points(world, quarter=1)
    q2 = points(world, quarter=2)
    county_points = points(world, office=world.county_office, desk=world.county_desk)
    today = clock.set(dt.date(2026, 3, 4))
    assert list(services.open_commissions_for(world.unit, today)) == [mine, q1]
    assert set(services.open_commissions_for(world.county, today)) == {mine, to_county, q1}
    assert list(services.open_commissions_for(world.county_unit, today)) == [county_points]
    # On the deadline's day the notice is still open; the next day it is not. In April, Q2's 要点.
    assert mine in services.open_commissions_for(world.unit, MON_9)
    assert list(services.open_commissions_for(world.unit, dt.date(2026, 3, 10))) == [q1]
    assert list(services.open_commissions_for(world.unit, dt.date(2026, 4, 1))) == [q2]
    assert past in services.open_commissions_for(world.unit, dt.date(2026, 3, 3))
    assert draft.pk not in {c.pk for c in services.open_commissions_for(world.unit, today)}
    # On the deadline's day itself, the notice closes at its deadline's minute.
    assert mine in services.open_commissions_for(world.unit, clock.set(at(MON_9, 16, 59)))
    assert mine not in services.open_commissions_for(world.unit, clock.set(at(MON_9, 17, 1)))


# -- missed commissions ---------------------------------------------------------------------------------


def test_missed_commissions_hand_worked(world: World, clock: Any) -> None:
    """Notice A (deadline 3月9日 17:00) to 市教育局 and 县政府: 市教育局 answers at 16:00 (on time), 县政府
    at 18:00 (late: missed). Notice B (deadline 3月20日 17:00): 市教育局 never answers; 县政府's answer is
    a draft never submitted (missed). Notice C (deadline 3月27日) to the person 县政府信息员: a colleague
    of the county answers on time (the unit answered). Notice D (deadline 4月30日) has not passed."""
    a = notice(world, deadline=at(MON_9))
    b = notice(world, deadline=at(dt.date(2026, 3, 20)))
    c = notice(world, deadline=at(dt.date(2026, 3, 27)), targets=[(world.county, world.county_writer)])
    d = notice(world, deadline=at(dt.date(2026, 4, 30)))
    submission(world.unit, world.writer, commission=a, submitted_at=at(MON_9, 16))
    submission(world.county, world.county_writer, commission=a, submitted_at=at(MON_9, 18))
    submission(world.county, world.county_writer, commission=b, submitted_at=None)
    submission(world.unit, world.writer, commission=None, submitted_at=at(dt.date(2026, 3, 19)))  # not linked
    colleague = fresh_county_colleague(world)
    submission(world.county, colleague, commission=c, submitted_at=at(dt.date(2026, 3, 26)))
    clock.set(dt.date(2026, 4, 10))
    missed = services.missed_commissions(world.office, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert missed == {world.county.pk: [a, b], world.unit.pk: [b]}
    # Only deadlines within the period count.
    assert services.missed_commissions(world.office, dt.date(2026, 3, 10), dt.date(2026, 3, 31)) == {
        world.unit.pk: [b],
        world.county.pk: [b],
    }
    # D's deadline passes unanswered: now both units missed it too.
    clock.set(dt.date(2026, 5, 1))
    missed = services.missed_commissions(world.office, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert missed == {world.county.pk: [a, b, d], world.unit.pk: [b, d]}
    # Another office's desk has no missed commissions of this office's.
    assert services.missed_commissions(world.county_office, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == {}


def fresh_county_colleague(world: World) -> Any:
    from gongkai.orgs.models import RoleName
    from gongkai.testing import UserFactory, grant

    return grant(
        UserFactory.create(username="cxxy2", full_name="县政府信息员乙"), world.county, RoleName.INFO_OFFICER
    )


def test_answers_by_target_for_the_desk(world: World, clock: Any) -> None:
    a = notice(world, deadline=at(MON_9))
    on_time = submission(world.unit, world.writer, commission=a, submitted_at=at(MON_9, 16))
    late = submission(world.county, world.county_writer, commission=a, submitted_at=at(MON_9, 18))
    clock.set(dt.date(2026, 3, 10))
    rows = {r.target.organization_id: r for r in services.answers_by_target(a)}
    assert rows[world.unit.pk].answers == (on_time,)
    assert (rows[world.unit.pk].on_time, rows[world.unit.pk].missed) == (True, False)
    assert rows[world.county.pk].answers == (late,)
    assert (rows[world.county.pk].on_time, rows[world.county.pk].missed) == (False, True)


# -- the reminder before the deadline ---------------------------------------------------------------------


def test_reminder_goes_once_on_the_last_working_day_before_and_only_to_who_has_not_answered(
    world: World, clock: Any
) -> None:
    """Deadline Monday 3月9日 17:00; REMIND_WORKDAYS = 1: the reminder is due from Friday 3月6日 (the
    last working day before). 县政府 answered on Wednesday: only 市教育局's 信息员 are reminded."""
    a = notice(world, deadline=at(MON_9))
    submission(world.county, world.county_writer, commission=a, submitted_at=at(dt.date(2026, 3, 4), 10))
    assert services.remind_due(clock.set(dt.date(2026, 3, 5))) == {"commissions": 0, "notified": 0}
    assert services.remind_due(clock.set(dt.date(2026, 3, 6))) == {"commissions": 1, "notified": 2}
    assert notified(services.REMIND_KIND) == {"xxy", "xxy2"}
    a.refresh_from_db()
    assert a.reminded_at is not None
    assert services.remind_due(clock.set(dt.date(2026, 3, 6), dt.time(15))) == {
        "commissions": 0,
        "notified": 0,
    }
    assert services.remind_due(clock.set(dt.date(2026, 3, 7))) == {"commissions": 0, "notified": 0}
    assert Notification.objects.filter(kind=services.REMIND_KIND).count() == 2
    assert AuditEvent.objects.filter(action="govinfo.commission_reminded").count() == 1


def test_no_reminder_after_the_deadline_nor_for_points(world: World, clock: Any) -> None:
    a = notice(world, deadline=at(MON_9))
    points(world)
    clock.set(at(MON_9, 18))
    assert services.remind_due(MON_9) == {"commissions": 0, "notified": 0}
    a.refresh_from_db()
    assert a.reminded_at is None


def test_the_round_job_is_registered_and_runs_both_reminders(world: World, clock: Any) -> None:
    from gongkai.core.registry import round_jobs

    job = next(j for j in round_jobs() if j.key == "govinfo.commissions")
    notice(world, deadline=at(MON_9))
    assert job.run(clock.set(dt.date(2026, 3, 6))) == {
        "commissions": 1,
        "notified": 3,
        "due": 0,
        "overdue": 0,
    }
    assert job.run(dt.date(2026, 3, 6)) == {"commissions": 0, "notified": 0, "due": 0, "overdue": 0}
