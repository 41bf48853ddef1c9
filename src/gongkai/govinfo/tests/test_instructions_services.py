"""领导批示 and 落实反馈 (docs/SPEC.md §8: "Leader instructions (批示): recorded against an item or issue
(leader, date, text), with follow-up"; its source papers: "市政府领导经常在信息刊物上做出批示"): a leader
writes on what they read, the desk records what was written on paper, a leader of another government is
refused, and a follow-up runs from opening to closing with its reminders and overdue flag."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.govinfo.hooks.commissions import owned_follow_ups, unread_issues
from gongkai.govinfo.models import Circulation, FollowUpState, Issue, IssueState, LeaderLevel, Submission
from gongkai.govinfo.services import instructions as services
from gongkai.govinfo.tests.commission_world import (
    World,
    at,
    build_world,
    issued_issue,
    publication,
    submission,
)
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 3, 2))  # Monday
    return build_world()


@pytest.fixture
def item(world: World) -> Submission:
    return submission(
        world.unit, world.writer, submitted_at=at(dt.date(2026, 3, 2), 9), recipient=world.office
    )


@pytest.fixture
def issue(world: World, item: Submission) -> Issue:
    return issued_issue(publication(world.office), world.desk, items=(item,))


def notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_leader_writes_on_an_issue_of_their_governments_office(world: World, issue: Issue) -> None:
    ins = services.write_instruction(actor=world.leader, issue=issue, text="此信息很好，请教育局总结推广。")
    assert (ins.leader, ins.leader_name, ins.leader_title) == (world.leader, "市长甲", "测试市人民政府领导")
    assert (ins.level, ins.given_on, ins.recorded_by) == (LeaderLevel.CITY, dt.date(2026, 3, 2), world.leader)
    assert services.office_of(ins) == world.office
    # The desk is told of the leader's instruction (an issue: no unit to tell).
    assert notified("govinfo.instruction") == {"xxk"}
    assert AuditEvent.objects.filter(action="govinfo.instruction_written").count() == 1


def test_a_leader_writes_on_an_item_of_an_issued_issue(world: World, item: Submission, issue: Issue) -> None:
    ins = services.write_instruction(actor=world.leader, submission=item, text="请抓好落实。")
    assert ins.submission == item and ins.issue is None
    # The desk and the unit's 信息员 are told.
    assert notified("govinfo.instruction") == {"xxk", "xxy", "xxy2"}


def test_a_leader_of_another_government_cannot_instruct(world: World, item: Submission, issue: Issue) -> None:
    """The city's leader reads the city office's publications, not the county office's."""
    county_item = submission(
        world.county_unit,
        world.county_unit_writer,
        submitted_at=at(dt.date(2026, 3, 2)),
        recipient=world.county_office,
    )
    county_issue = issued_issue(
        publication(world.county_office, "xzwxx"), world.county_desk, items=(county_item,)
    )
    with pytest.raises(PermissionDenied, match="您只能对本级政府办公室已印发的刊物及其所载信息作出批示"):
        services.write_instruction(actor=world.leader, issue=county_issue, text="阅。")
    with pytest.raises(PermissionDenied):
        services.write_instruction(actor=world.leader, submission=county_item, text="阅。")
    # The county's leader may (the county office is their government's).
    assert (
        services.write_instruction(actor=world.county_leader, issue=county_issue, text="阅。").level
        == "county"
    )
    # Nor can the desk write as a leader, nor a leader write on an item not in an issued issue.
    with pytest.raises(PermissionDenied):
        services.write_instruction(actor=world.desk, issue=issue, text="阅。")
    other = submission(world.unit, world.writer, submitted_at=at(dt.date(2026, 3, 2)), recipient=world.office)
    with pytest.raises(PermissionDenied):
        services.write_instruction(actor=world.leader, submission=other, text="阅。")
    draft = Issue.objects.create(
        publication=issue.publication, year=2026, state=IssueState.DRAFT, created_by=world.desk
    )
    with pytest.raises(PermissionDenied):
        services.write_instruction(actor=world.leader, issue=draft, text="阅。")


def test_the_desk_records_a_paper_instruction(world: World, item: Submission) -> None:
    ins = services.record_instruction(
        actor=world.desk,
        submission=item,
        leader_name="王副省长",
        leader_title="副省长",
        level=LeaderLevel.PROVINCE,
        given_on=dt.date(2026, 2, 27),
        text="请省教育厅关注。",
    )
    assert (ins.leader, ins.leader_name, ins.level, ins.recorded_by) == (
        None,
        "王副省长",
        "province",
        world.desk,
    )
    assert notified("govinfo.instruction") == {"xxy", "xxy2"}  # not the desk that recorded it
    with pytest.raises(PermissionDenied):
        services.record_instruction(
            actor=world.county_desk,
            submission=item,
            leader_name="某领导",
            level=LeaderLevel.COUNTY,
            given_on=dt.date(2026, 3, 1),
            text="阅。",
        )


def test_bad_instructions_are_refused_with_messages(world: World, issue: Issue) -> None:
    with pytest.raises(ValidationError) as e:
        services.record_instruction(
            actor=world.desk, issue=issue, leader_name=" ", level="x", given_on=dt.date(2026, 3, 9), text=""
        )
    assert e.value.message_dict == {"leader_name": ["请填写批示领导。"], "level": ["请选择领导层级。"]}
    with pytest.raises(ValidationError) as e:
        services.record_instruction(
            actor=world.desk,
            issue=issue,
            leader_name="甲",
            level="city",
            given_on=dt.date(2026, 3, 9),
            text="",
        )
    assert e.value.message_dict == {"text": ["请填写批示内容。"], "given_on": ["批示日期不能晚于今天。"]}
    with pytest.raises(ValidationError, match="批示须针对一篇稿件或一期刊物"):
        services.write_instruction(actor=world.leader, text="阅。")


def test_follow_up_lifecycle(world: World, issue: Issue, clock: Any) -> None:
    ins = services.write_instruction(actor=world.leader, issue=issue, text="请教育局抓好落实并反馈。")
    fu = services.open_follow_up(
        actor=world.desk, instruction=ins, organization=world.unit, deadline=dt.date(2026, 3, 13)
    )
    assert fu.state == FollowUpState.OPEN
    assert notified(services.OPENED_KIND) == {"xxy", "xxy2"}
    assert list(owned_follow_ups(world.writer)) == [fu]
    assert list(owned_follow_ups(world.county_writer)) == []
    # Only the owner unit reports; only the desk or the leader closes.
    with pytest.raises(PermissionDenied):
        services.report_follow_up(actor=world.county_writer, follow_up=fu, text="已落实。")
    with pytest.raises(ValidationError):
        services.report_follow_up(actor=world.writer, follow_up=fu, text="  ")
    rep = services.report_follow_up(
        actor=world.writer, follow_up=fu, text="已召开专题会议部署。", closes=True
    )
    assert (rep.by, rep.closes) == (world.writer, True)
    assert notified("govinfo.followup_report") == {"xxk", "sz"}
    with pytest.raises(PermissionDenied):
        services.close_follow_up(actor=world.writer, follow_up=fu)
    fu = services.close_follow_up(actor=world.leader, follow_up=fu)
    assert fu.state == FollowUpState.CLOSED and fu.closed_at is not None
    with pytest.raises(ValidationError, match="该落实任务已办结"):
        services.report_follow_up(actor=world.writer, follow_up=fu, text="补充。")
    with pytest.raises(ValidationError, match="该落实任务已办结"):
        services.close_follow_up(actor=world.desk, follow_up=fu)
    assert list(owned_follow_ups(world.writer)) == []
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="govinfo.followup").order_by("id")
    ] == [
        "govinfo.followup_opened",
        "govinfo.followup_reported",
        "govinfo.followup_closed",
    ]


def test_a_named_owner_alone_reports(world: World, issue: Issue) -> None:
    ins = services.write_instruction(actor=world.leader, issue=issue, text="请落实。")
    fu = services.open_follow_up(
        actor=world.desk,
        instruction=ins,
        organization=world.unit,
        owner=world.writer2,
        deadline=dt.date(2026, 3, 13),
    )
    assert notified(services.OPENED_KIND) == {"xxy2"}
    with pytest.raises(PermissionDenied):
        services.report_follow_up(actor=world.writer, follow_up=fu, text="已落实。")
    services.report_follow_up(actor=world.writer2, follow_up=fu, text="已落实。")
    with pytest.raises(ValidationError) as e:
        services.open_follow_up(
            actor=world.desk,
            instruction=ins,
            organization=world.unit,
            owner=world.county_writer,
            deadline=dt.date(2026, 3, 1),
        )
    assert e.value.message_dict == {
        "owner": ["县政府信息员不是测试市教育局的人员。"],
        "deadline": ["反馈期限不能早于今天。"],
    }
    with pytest.raises(PermissionDenied):
        services.open_follow_up(
            actor=world.county_leader, instruction=ins, organization=world.unit, deadline=dt.date(2026, 3, 13)
        )


def test_follow_up_reminder_once_then_overdue_once(world: World, issue: Issue, clock: Any) -> None:
    """Deadline Monday 3月9日: reminded on Friday 3月6日 (the last working day before), once; overdue
    from Tuesday 3月10日: owners, the desk and the leader are told once."""
    ins = services.write_instruction(actor=world.leader, issue=issue, text="请落实。")
    fu = services.open_follow_up(
        actor=world.desk, instruction=ins, organization=world.unit, deadline=dt.date(2026, 3, 9)
    )
    assert services.remind_follow_ups(clock.set(dt.date(2026, 3, 5))) == {"due": 0, "overdue": 0}
    assert services.remind_follow_ups(clock.set(dt.date(2026, 3, 6))) == {"due": 1, "overdue": 0}
    assert services.remind_follow_ups(clock.set(dt.date(2026, 3, 9))) == {"due": 0, "overdue": 0}
    assert notified(services.DUE_KIND) == {"xxy", "xxy2"}
    assert not services.is_overdue(fu, dt.date(2026, 3, 9))
    today = clock.set(dt.date(2026, 3, 10))
    assert services.is_overdue(fu, today)
    assert services.remind_follow_ups(today) == {"due": 0, "overdue": 1}
    assert services.remind_follow_ups(today) == {"due": 0, "overdue": 0}
    assert notified(services.OVERDUE_KIND) == {"xxy", "xxy2", "xxk", "sz"}
    assert Notification.objects.filter(kind=services.OVERDUE_KIND).count() == 4


def test_unread_issues_of_a_leader(world: World, issue: Issue) -> None:
    assert list(unread_issues(world.leader)) == [issue]
    assert list(unread_issues(world.desk)) == []  # not a leader
    Circulation.objects.create(issue=issue, user=world.leader)
    assert list(unread_issues(world.leader)) == []


def test_visible_instructions_by_role(world: World, item: Submission, issue: Issue) -> None:
    mine = services.write_instruction(actor=world.leader, issue=issue, text="阅。")
    on_item = services.record_instruction(
        actor=world.desk,
        submission=item,
        leader_name="市长甲",
        level="city",
        given_on=dt.date(2026, 3, 2),
        text="好。",
    )
    assert set(services.visible_instructions(world.leader)) == {mine}
    assert set(services.visible_instructions(world.desk)) == {mine, on_item}
    assert set(services.visible_instructions(world.writer)) == {on_item}
    assert set(services.visible_instructions(world.county_writer)) == set()
    assert set(services.visible_instructions(world.county_desk)) == set()
    services.open_follow_up(
        actor=world.desk, instruction=mine, organization=world.county, deadline=dt.date(2026, 3, 20)
    )
    assert set(services.visible_instructions(world.county_writer)) == {mine}
