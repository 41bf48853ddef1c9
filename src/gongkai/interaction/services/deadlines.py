"""The round of 互动 (``gongkai round``; every hour under ``gongkai serve``): reminders and escalation
of unanswered messages, as requests are escalated (docs/SPEC.md §3, §4.3).

* due soon (within ``rules.DUE_SOON_WORKDAYS`` working days, the due day included): the person who
  must answer (the assignee, or the office head while it is unassigned) is reminded;
* overdue: the person who must answer and the body's office head are told every day it stays
  overdue;
* unanswered more than 3 calendar months after receipt (互动回应差, a single veto of the national
  website checks): the office head and the supervisors of the competent authority are told, once.

Safe to run any number of times a day: every notice has a per-day (or per-message) key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.interaction.models import OPEN_STATES, Message
from gongkai.interaction.rules import DUE_SOON_WORKDAYS, due_date, long_unanswered_before
from gongkai.interaction.services import notices
from gongkai.notifications.services import notify
from gongkai.workdays.calendar import get_calendar

#: Calendar days to look ahead for "due soon" (enough for DUE_SOON_WORKDAYS across any holiday).
_LOOKAHEAD_DAYS = 14

TICK_LABELS = {
    "due_soon": "留言临期提醒",
    "overdue": "留言超期提醒",
    "long_unanswered": "超过3个月未答复的留言",
}


def tick(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    calendar = get_calendar()
    counts = {"due_soon": 0, "overdue": 0, "long_unanswered": 0}
    stale_before = long_unanswered_before(today)
    heads: dict[int, list[Any]] = {}
    supervisors: dict[int, list[Any]] = {}

    def heads_of(message: Message) -> list[Any]:
        if message.organization_id not in heads:
            heads[message.organization_id] = list(notices.office_people(message))
        return heads[message.organization_id]

    candidates = (
        Message.objects.filter(
            state__in=OPEN_STATES, due_date__lte=today + dt.timedelta(days=_LOOKAHEAD_DAYS)
        )
        .select_related("organization", "assignee")
        .order_by("due_date", "pk")
    )
    for message in candidates.iterator(chunk_size=500):
        url = notices.message_url(message)
        who = [message.assignee] if message.assignee_id else heads_of(message)
        if message.due_date < today:
            counts["overdue"] += 1
            late = calendar.workdays_between(message.due_date, today)
            notify(
                [*who, *heads_of(message)],
                kind="message.overdue",
                title=f"留言已超期：{message.tracking_number}（超过答复期限{late}个工作日）",
                body=f"{message.subject}。答复期限 {message.due_date:%Y-%m-%d}，请立即答复。",
                url=url,
                key=f"message.overdue:{message.pk}:{today}",
            )
            if message.received_on < stale_before:
                counts["long_unanswered"] += 1
                if message.organization_id not in supervisors:
                    supervisors[message.organization_id] = list(notices.supervisors_above(message))
                _flag(message, [*heads_of(message), *supervisors[message.organization_id]], url)
            continue
        left = calendar.workdays_between(today, message.due_date)
        if left < DUE_SOON_WORKDAYS:
            counts["due_soon"] += 1
            notify(
                who,
                kind="message.due_soon",
                title=f"留言临期：{message.tracking_number}",
                body=f"{message.subject}。答复期限 {message.due_date:%Y-%m-%d}（还有{left}个工作日）。",
                url=url,
                key=f"message.due_soon:{message.pk}:{today}",
            )
    return counts


def _flag(message: Message, recipients: list[Any], url: str) -> None:
    sent = notify(
        recipients,
        kind="message.long_unanswered",
        title=f"留言超过3个月未答复：{message.tracking_number}",
        body=(
            f"{message.organization.name}收到的留言“{message.subject}”（{message.received_on:%Y-%m-%d}收到）"
            "超过3个月未答复，属于政府网站检查的单项否决指标（互动回应差），请立即答复。"
        ),
        url=url,
        key=f"message.long_unanswered:{message.pk}",
    )
    if sent:
        from gongkai.core.actors import SYSTEM

        record(actor=SYSTEM, action="message.flagged", target=message, organization=message.organization)


@transaction.atomic
def recompute_open_messages(*, actor: Any, reason: str) -> dict[str, Any]:
    """After a change of the calendar: the due dates of unanswered messages, counted again."""
    calendar = get_calendar()
    changed = 0
    for message in Message.objects.filter(state__in=OPEN_STATES).select_related("kind").iterator():
        workdays = message.answer_workdays or message.kind.answer_workdays
        due, provisional = due_date(calendar, message.received_on, workdays)
        if (due, provisional) != (message.due_date, message.due_provisional):
            Message.objects.filter(pk=message.pk).update(due_date=due, due_provisional=provisional)
            changed += 1
    if changed:
        record(actor=actor, action="messages.recomputed", reason=reason, data={"changed": changed})
    return {"messages_changed": changed}


def provisional_open_messages() -> dict[int, int]:
    """Unanswered messages per year their due date is provisional in."""
    from collections import Counter

    counts: Counter[int] = Counter(
        day.year
        for day in Message.objects.filter(state__in=OPEN_STATES, due_provisional=True).values_list(
            "due_date", flat=True
        )
    )
    return dict(counts)
