"""The notifications' part of "我的工作": the person's unread notifications, linking to the
notification list filtered to the unread ones (``?show=unread``), which shows exactly these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from gongkai.core.registry import InboxContribution, InboxEntry, register_inbox
from gongkai.notifications.models import Notification

#: How many unread notifications the inbox shows (the count is complete).
ROWS = 5

#: Kinds of notification that are urgent (an overdue case): the entry is marked urgent when one is unread.
URGENT_KINDS = ("request.overdue",)


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    count = unread.count()
    notes = list(unread.order_by("-created_at", "-id")[:ROWS]) if count else []
    list_url = f"{reverse('backoffice:notifications')}?show=unread"
    yield InboxEntry(
        key="notifications.unread",
        label="未读通知",
        count=count,
        url=list_url,
        urgent=count > 0 and unread.filter(kind__in=URGENT_KINDS).exists(),
        rows=tuple((n.title, n.url or list_url, f"{n.created_at:%Y-%m-%d %H:%M}") for n in notes),
    )


def register() -> None:
    register_inbox(InboxContribution(key="notifications", title="通知", entries=entries, order=90))
