"""The back-office screens of 互动: the list with its filters (overdue and unanswered over 3 months in
red), a message's page with its actions, the publishing screen with the masked preview and its scan,
and the kinds of message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.interaction.models import Message, MessageKind, MessageState

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 16)


def test_the_office_head_assigns_the_handler_answers_and_publishes(client, desk, clock):
    clock.set(MONDAY)
    message = desk.write()
    client.force_login(desk.head)
    page = client.get(reverse("backoffice:message_detail", args=[message.pk])).content.decode()
    assert "13955701234" in page  # the office sees the writer's data, and that is audited
    assert AuditEvent.objects.filter(action="message.writer_viewed").exists()
    response = client.post(
        reverse("backoffice:message_assign", args=[message.pk]), {"assignee": desk.handler.pk}
    )
    assert response.status_code == 302
    client.force_login(desk.handler)
    bad = client.post(reverse("backoffice:message_answer", args=[message.pk]), {"answer": "好"})
    assert bad.status_code == 400 and "至少10个字" in bad.content.decode()
    client.post(
        reverse("backoffice:message_answer", args=[message.pk]),
        {"answer": "王建国您好：报名材料为户口簿和房产证明。"},
    )
    preview = client.get(reverse("backoffice:message_publish", args=[message.pk])).content.decode()
    assert "139****1234" in preview and "***您好" in preview and "data-scan-clean" in preview
    refused = client.post(
        reverse("backoffice:message_publish", args=[message.pk]),
        {"subject": "入学材料", "text": "电话13955701234", "answer": "报名材料为户口簿。"},
    )
    assert refused.status_code == 400 and "不得公开" in refused.content.decode()
    done = client.post(
        reverse("backoffice:message_publish", args=[message.pk]),
        {"subject": "入学材料", "text": "请问报名需要哪些材料？", "answer": "报名材料为户口簿和房产证明。"},
    )
    assert done.status_code == 302
    assert Message.objects.get(pk=message.pk).state == MessageState.PUBLISHED


def test_people_outside_the_body_see_nothing(client, desk, clock, region):
    clock.set(MONDAY)
    message = desk.write()
    client.force_login(region.county_editor)
    assert client.get(reverse("backoffice:message_detail", args=[message.pk])).status_code == 404
    assert client.get(reverse("backoffice:messages")).status_code == 403
    client.force_login(region.supervisor)  # reads the region's messages, not the writer
    page = client.get(reverse("backoffice:message_detail", args=[message.pk])).content.decode()
    assert message.subject in page and "13955701234" not in page.split("留言内容")[0]
    assert (
        client.post(
            reverse("backoffice:message_assign", args=[message.pk]), {"assignee": desk.handler.pk}
        ).status_code
        == 403
    )


def test_the_list_shows_overdue_and_long_unanswered_in_red(client, desk, clock):
    clock.set(dt.date(2025, 12, 1))
    old = desk.write(subject="反映校车接送不规范")
    clock.set(MONDAY - dt.timedelta(days=14))
    late = desk.write(subject="咨询课后服务收费")
    clock.set(MONDAY)
    fresh = desk.write(subject="咨询教师资格认定")
    client.force_login(desk.head)
    page = client.get(reverse("backoffice:messages")).content.decode()
    assert "有1条留言超过3个月未答复" in page
    assert page.count("data-long-unanswered") == 1
    flagged = client.get(reverse("backoffice:messages"), {"long_unanswered": "on"}).content.decode()
    assert old.subject in flagged and late.subject not in flagged and fresh.subject not in flagged
    overdue = client.get(reverse("backoffice:messages"), {"overdue": "on"}).content.decode()
    assert old.subject in overdue and late.subject in overdue and fresh.subject not in overdue
    assert "deadline-over" in overdue
    assert client.get(reverse("backoffice:messages"), {"state": "nonsense"}).status_code == 400


def test_the_kinds_screen(client, desk, region):
    client.force_login(desk.head)
    page = client.get(reverse("backoffice:message_kinds")).content.decode()
    assert "咨询：5个工作日" in page
    kind = MessageKind.objects.get(code="consult")
    assert client.post(reverse("backoffice:message_kind_edit", args=[kind.pk]), {}).status_code == 403
    client.force_login(region.admin)
    assert client.get(reverse("backoffice:message_kinds")).status_code == 403
