"""The round of 互动 and "我的工作": reminders before the due date, overdue messages escalated to the
office head as requests are (docs/SPEC.md §4.3), and the flag of a message unanswered more than 3
months after receipt (互动回应差, a veto of the national website checks)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.registry import round_jobs
from gongkai.interaction import inbox
from gongkai.interaction.services import handling
from gongkai.interaction.services.deadlines import tick
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 16)


def _titles(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("title", flat=True))


def test_reminder_then_escalation_to_the_office_head(desk, clock):
    clock.set(MONDAY)
    message = handling.assign(desk.write(), actor=desk.head, assignee=desk.handler)  # due Monday 23 March
    assert tick(today=MONDAY) == {"due_soon": 0, "overdue": 0, "long_unanswered": 0}
    clock.set(dt.date(2026, 3, 20))  # Friday: one working day left
    assert tick(today=dt.date(2026, 3, 20))["due_soon"] == 1
    assert _titles(desk.handler, "message.due_soon") == [f"留言临期：{message.tracking_number}"]
    assert _titles(desk.head, "message.due_soon") == []  # assigned: the assignee is reminded
    clock.set(dt.date(2026, 3, 25))
    counts = tick(today=dt.date(2026, 3, 25))
    assert counts["overdue"] == 1
    expected = [f"留言已超期：{message.tracking_number}（超过答复期限2个工作日）"]
    assert _titles(desk.handler, "message.overdue") == expected
    assert _titles(desk.head, "message.overdue") == expected
    # Safe to repeat on the same day: one notice per person and day.
    tick(today=dt.date(2026, 3, 25))
    assert Notification.objects.filter(kind="message.overdue").count() == 2


def test_an_unassigned_message_reminds_the_office_head(desk, clock):
    clock.set(MONDAY)
    desk.write()
    tick(today=dt.date(2026, 3, 23))
    assert len(_titles(desk.head, "message.due_soon")) == 1


def test_a_message_unanswered_for_three_months_is_flagged_once(desk, clock, region):
    supervisor = region.supervisor  # of the competent authority (测试市人民政府办公室)
    clock.set(dt.date(2025, 12, 15))
    old = desk.write()
    clock.set(dt.date(2026, 3, 15))
    assert tick(today=dt.date(2026, 3, 15))["long_unanswered"] == 0  # exactly 3 months: not yet
    clock.set(dt.date(2026, 3, 16))
    assert tick(today=dt.date(2026, 3, 16))["long_unanswered"] == 1
    for person in (desk.head, supervisor):
        assert _titles(person, "message.long_unanswered") == [f"留言超过3个月未答复：{old.tracking_number}"]
    tick(today=dt.date(2026, 3, 17))
    assert Notification.objects.filter(kind="message.long_unanswered").count() == 2  # once only
    assert AuditEvent.objects.filter(action="message.flagged").count() == 1


def test_the_round_job_is_registered():
    job = next(j for j in round_jobs() if j.key == "interaction.deadlines")
    assert job.count_labels["long_unanswered"] == "超过3个月未答复的留言"


def test_the_inbox_shows_work_for_the_office_head_and_the_assignee(desk, clock):
    clock.set(dt.date(2025, 12, 1))
    stale = desk.write(subject="反映校车接送不规范")
    clock.set(MONDAY)
    new = desk.write(subject="咨询教师资格认定")
    mine = handling.assign(desk.write(subject="咨询课后服务收费"), actor=desk.head, assignee=desk.handler)
    head = {e.key: e for e in inbox.entries(desk.head, MONDAY)}
    assert head["interaction.to_assign"].count == 2
    assert head["interaction.long_unanswered"].count == 1 and head["interaction.long_unanswered"].urgent
    assert "超过3个月未答复" in head["interaction.long_unanswered"].rows[0][2]
    assert {r[0] for r in head["interaction.to_assign"].rows} == {
        f"{stale.tracking_number} {stale.subject}",
        f"{new.tracking_number} {new.subject}",
    }
    handler = {e.key: e for e in inbox.entries(desk.handler, MONDAY)}
    assert handler["interaction.to_answer"].count == 1
    assert handler["interaction.to_answer"].rows[0][2] == "剩余5个工作日（答复期限 2026-03-23）"
    assert not handler["interaction.to_answer"].urgent
    assert "interaction.to_assign" not in handler
    later = {e.key: e for e in inbox.entries(desk.handler, dt.date(2026, 3, 25))}
    assert later["interaction.to_answer"].urgent  # the assigned one is now overdue
    assert later["interaction.to_answer"].rows[0] == (
        f"{mine.tracking_number} {mine.subject}",
        f"/staff/messages/{mine.pk}/",
        "已超期2个工作日（答复期限 2026-03-23）",
    )
    # A request handler is of the body's office: every overdue message of the body is in the queue.
    assert later["interaction.overdue"].count == 3 and later["interaction.overdue"].urgent
