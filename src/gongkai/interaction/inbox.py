"""互动's part of "我的工作" (``selectors.WORK_QUEUES``): each entry counts one queue and links to the
message list filtered by ``?work=<name>``, which applies the very same queue. Overdue messages and
those unanswered more than 3 months are urgent (red); each row says the days left or late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.registry import InboxContribution, InboxEntry, register_inbox
from gongkai.interaction import selectors

ROWS = 5


def _note(message: Any, today: dt.date) -> str:
    left = selectors.deadline(message, today)
    if left is None:
        return f"{message.get_state_display()} · {message.kind}"
    if left.long_unanswered:
        return _("超过3个月未答复（%(day)s收到），已超期%(n)d个工作日") % {
            "day": f"{message.received_on:%Y-%m-%d}",
            "n": -left.days_left,
        }
    if left.overdue:
        return _("已超期%(n)d个工作日（答复期限 %(due)s）") % {
            "n": -left.days_left,
            "due": f"{left.due:%Y-%m-%d}",
        }
    if left.days_left == 0:
        return _("今日到期（%(kind)s）") % {"kind": message.kind}
    return _("剩余%(n)d个工作日（答复期限 %(due)s）") % {"n": left.days_left, "due": f"{left.due:%Y-%m-%d}"}


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    base = reverse("backoffice:messages")
    for name in selectors.queues_for(user):
        queue = selectors.WORK_QUEUES[name]
        found = queue.find(user, today)
        count = found.count()
        rows = []
        if count:
            for message in found.select_related("kind").order_by("due_date", "pk")[:ROWS]:
                rows.append(
                    (
                        f"{message.tracking_number} {message.subject}",
                        reverse("backoffice:message_detail", args=[message.pk]),
                        _note(message, today),
                    )
                )
        yield InboxEntry(
            key=f"interaction.{name}",
            label=queue.label,
            count=count,
            url=f"{base}?work={name}",
            urgent=(queue.urgent or (name == "to_answer" and found.filter(due_date__lt=today).exists()))
            and count > 0,
            rows=tuple(rows),
        )


def register() -> None:
    register_inbox(InboxContribution(key="interaction", title="互动交流", entries=entries, order=25))
