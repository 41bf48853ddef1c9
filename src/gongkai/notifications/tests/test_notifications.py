"""The notification inbox (站内消息, docs/SPEC.md §9): the page, marking read, and the unread count in the
nav."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.notifications.context import unread_notifications
from gongkai.notifications.models import Notification
from gongkai.notifications.services import mark_read, notify, unread_count
from gongkai.testing import UserFactory

LIST = reverse("backoffice:notifications")
READ = reverse("backoffice:notifications_read")


@pytest.fixture
def alice(db: Any) -> Any:
    return UserFactory.create(username="alice", full_name="承办人甲")


@pytest.fixture
def bob(db: Any) -> Any:
    return UserFactory.create(username="bob", full_name="承办人乙")


def make_notes(user: Any, count: int, *, start: dt.datetime | None = None) -> list[Notification]:
    """``count`` notifications, one minute apart (the n-th is the newest when n is largest)."""
    start = start or timezone.make_aware(dt.datetime(2026, 3, 18, 9, 0))
    notes = []
    for n in range(1, count + 1):
        [note] = notify([user], kind="request.due_soon", title=f"通知{n:02d}", url=f"/staff/requests/{n}/")
        Notification.objects.filter(pk=note.pk).update(created_at=start + dt.timedelta(minutes=n))
        notes.append(note)
    return notes


def test_notify_once_per_key_and_count_unread(alice: Any, bob: Any) -> None:
    assert (
        len(notify([alice, bob, alice], kind="request.overdue", title="已超期", key="overdue:1:2026-03-18"))
        == 2
    )
    assert notify([alice], kind="request.overdue", title="已超期", key="overdue:1:2026-03-18") == []
    assert notify([alice], kind="request.overdue", title="已超期", key="overdue:1:2026-03-19") != []
    assert (unread_count(alice), unread_count(bob)) == (2, 1)
    first = Notification.objects.filter(recipient=alice).last()
    assert first is not None
    assert mark_read(alice, [first.pk]) == 1
    assert mark_read(alice, [first.pk]) == 0  # already read
    assert mark_read(alice, [Notification.objects.get(recipient=bob).pk]) == 0  # not hers
    assert (unread_count(alice), unread_count(bob)) == (1, 1)


def test_inbox_lists_newest_first_with_unread_marked(client: Client, alice: Any, bob: Any) -> None:
    notes = make_notes(alice, 3)
    notify([bob], kind="request.assigned", title="请乙办理")
    mark_read(alice, [notes[0].pk])
    response = login(client, alice).get(LIST)
    assert response.status_code == 200
    assert [n.title for n in response.context["page_obj"]] == ["通知03", "通知02", "通知01"]
    assert response.context["unread"] == 2
    text = text_of(response)
    assert "有2条未读通知" in text
    main = text.split("有2条未读通知", 1)[1]  # after the nav, whose badge also says 未读
    assert main.count("未读 通知") == 2  # the badge before each unread title
    html = response.content.decode()
    assert html.count('data-unread="1"') == 2
    assert "通知01" in text and "已读于" in text
    # The read one links straight to its page; bob's notice is not shown to alice.
    assert 'href="/staff/requests/1/"' in html
    assert "请乙办理" not in text


def test_inbox_is_paginated_and_filters_unread(client: Client, alice: Any) -> None:
    notes = make_notes(alice, 23)
    login(client, alice)
    first = client.get(LIST)
    assert [n.title for n in first.context["page_obj"]][:2] == ["通知23", "通知22"]
    assert len(first.context["page_obj"]) == 20
    second = client.get(LIST, {"page": 2})
    assert [n.title for n in second.context["page_obj"]] == ["通知03", "通知02", "通知01"]
    assert "共 23 条" in text_of(second)
    mark_read(alice, [n.pk for n in notes[:20]])
    unread = client.get(LIST, {"show": "unread"})
    assert [n.title for n in unread.context["page_obj"]] == ["通知23", "通知22", "通知21"]


def test_mark_one_read_goes_back(client: Client, alice: Any) -> None:
    [note, other] = make_notes(alice, 2)
    login(client, alice)
    response = client.post(READ, {"id": note.pk, "next": f"{LIST}?page=1"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?page=1"
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None and other.read_at is None


def test_open_marks_read_and_goes_to_the_target(client: Client, alice: Any) -> None:
    [note] = make_notes(alice, 1)
    response = login(client, alice).post(READ, {"id": note.pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == "/staff/requests/1/"
    assert unread_count(alice) == 0


def test_mark_all_read(client: Client, alice: Any, bob: Any) -> None:
    make_notes(alice, 3)
    make_notes(bob, 2)
    login(client, alice)
    response = client.post(READ, {"all": "1"}, follow=True)
    assert "已将3条通知标为已读" in text_of(response)
    assert (unread_count(alice), unread_count(bob)) == (0, 2)
    assert "没有未读通知" in text_of(client.get(LIST))


def test_nobody_marks_anothers_notification(client: Client, alice: Any, bob: Any) -> None:
    [bobs] = make_notes(bob, 1)
    login(client, alice)
    assert client.post(READ, {"id": bobs.pk}).status_code == 404
    assert client.post(READ, {"id": "abc"}).status_code == 404
    assert unread_count(bob) == 1


def test_marking_read_is_a_post_and_never_redirects_off_site(client: Client, alice: Any) -> None:
    [note] = make_notes(alice, 1)
    Notification.objects.filter(pk=note.pk).update(url="https://evil.example.com/")
    login(client, alice)
    assert client.get(READ, {"all": "1"}).status_code == 405
    response = client.post(READ, {"id": note.pk, "open": "1", "next": "https://evil.example.com/"})
    assert response["Location"] == LIST
    assert unread_count(alice) == 0


def test_inbox_needs_a_login(client: Client, db: Any) -> None:
    assert client.get(LIST).status_code == 302
    assert client.post(READ, {"all": "1"}).status_code == 302


def test_context_processor_counts_only_when_used(
    alice: Any, django_assert_num_queries: Any, rf: RequestFactory
) -> None:
    from django.contrib.auth.models import AnonymousUser

    make_notes(alice, 2)
    request = rf.get("/staff/")
    request.user = alice
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert str(context["unread_notifications"]) == "2"
        assert context["unread_notifications"]  # evaluated once, then kept
    request.user = AnonymousUser()
    assert unread_notifications(request) == {}


def test_unread_count_in_a_template(alice: Any, rf: RequestFactory, settings: Any) -> None:
    from django.template import engines

    make_notes(alice, 3)
    request = rf.get("/staff/")
    request.user = alice
    template = engines["django"].from_string(
        "{% if unread_notifications %}通知（{{ unread_notifications }}）{% else %}通知{% endif %}"
    )
    rendered = template.render(unread_notifications(request), request)
    assert rendered == "通知（3）"
    mark_read(alice)
    assert template.render(unread_notifications(request), request) == "通知"
