"""Reads of 互动 for the staff screens and the inbox: the list's filters and the work waiting.

- the office head: new messages to assign (待分办);
- the assignee: the messages assigned to them, not yet answered (days left on each);
- both: answered messages with the writer's consent still to publish;
- overdue ones (red), and those unanswered more than 3 months after receipt (互动回应差), counted
  apart because the national website checks treat them as a veto.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.interaction import policy
from gongkai.interaction.models import OPEN_STATES, Message, MessageState
from gongkai.interaction.rules import DUE_SOON_WORKDAYS, long_unanswered_before
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName
from gongkai.workdays.calendar import get_calendar


def overdue(messages: QuerySet[Message], today: dt.date) -> QuerySet[Message]:
    return messages.filter(state__in=OPEN_STATES, due_date__lt=today)


def long_unanswered(messages: QuerySet[Message], today: dt.date) -> QuerySet[Message]:
    """Unanswered more than 3 calendar months after receipt (互动回应差)."""
    return messages.filter(state__in=OPEN_STATES, received_on__lt=long_unanswered_before(today))


def due_soon(messages: QuerySet[Message], today: dt.date) -> QuerySet[Message]:
    """Due today or within the next working days (``rules.DUE_SOON_WORKDAYS``, the due day included)."""
    last = get_calendar().add_workdays(today, DUE_SOON_WORKDAYS - 1)
    return messages.filter(state__in=OPEN_STATES, due_date__gte=today, due_date__lte=last)


@dataclass(frozen=True)
class Deadline:
    """Fits ``includes/deadline_badge.html``."""

    due: dt.date
    days_left: int
    overdue: bool
    warning: bool
    provisional: bool
    long_unanswered: bool


def deadline(message: Message, today: dt.date) -> Deadline | None:
    """The time left (or late) of an unanswered message; None once answered."""
    if not message.is_open:
        return None
    calendar = get_calendar()
    stale = message.received_on < long_unanswered_before(today)
    if message.due_date < today:
        late = calendar.workdays_between(message.due_date, today)
        return Deadline(message.due_date, -max(late, 1), True, False, message.due_provisional, stale)
    left = calendar.workdays_between(today, message.due_date)
    return Deadline(message.due_date, left, False, left < DUE_SOON_WORKDAYS, message.due_provisional, stale)


# --- "我的工作" ---------------------------------------------------------------------------------


def _to_assign(user: Any, today: dt.date) -> QuerySet[Message]:
    heads = org_policy.org_ids_with_role(user, RoleName.OFFICE_HEAD)
    return Message.objects.filter(organization_id__in=heads, state=MessageState.RECEIVED)


def _to_answer(user: Any, today: dt.date) -> QuerySet[Message]:
    return Message.objects.filter(assignee_id=user.pk, state=MessageState.ASSIGNED)


def _to_publish(user: Any, today: dt.date) -> QuerySet[Message]:
    heads = org_policy.org_ids_with_role(user, RoleName.OFFICE_HEAD)
    return Message.objects.filter(
        Q(assignee_id=user.pk) | Q(organization_id__in=heads),
        state=MessageState.ANSWERED,
        consent_publish=True,
    )


def _overdue(user: Any, today: dt.date) -> QuerySet[Message]:
    return overdue(policy.handled_messages(user), today)


def _long_unanswered(user: Any, today: dt.date) -> QuerySet[Message]:
    return long_unanswered(policy.handled_messages(user), today)


@dataclass(frozen=True)
class WorkQueue:
    name: str
    label: Any
    urgent: bool
    find: Callable[[Any, dt.date], QuerySet[Message]]


WORK_QUEUES = {
    q.name: q
    for q in (
        WorkQueue("long_unanswered", _("超过3个月未答复的留言（互动回应差）"), True, _long_unanswered),
        WorkQueue("overdue", _("已超期的留言"), True, _overdue),
        WorkQueue("to_assign", _("待分办的留言"), False, _to_assign),
        WorkQueue("to_answer", _("待答复的留言"), False, _to_answer),
        WorkQueue("to_publish", _("已答复、留言人同意公开、待公开的留言"), False, _to_publish),
    )
}
WORK_CHOICES = [(q.name, q.label) for q in WORK_QUEUES.values()]


def work_queue(user: Any, name: str, today: dt.date) -> QuerySet[Message]:
    queue = WORK_QUEUES.get(name)
    if queue is None or not getattr(user, "is_authenticated", False):
        return Message.objects.none()
    return queue.find(user, today)


def queues_for(user: Any) -> list[str]:
    """The queues that concern ``user`` (shown even when empty, so they see what is watched)."""
    roles = org_policy.role_names(user)
    names: list[str] = []
    assigned = Message.objects.filter(assignee_id=getattr(user, "pk", None)).exists()
    if roles & set(policy.OFFICE_ROLES) or assigned:
        names += ["long_unanswered", "overdue"]
    if RoleName.OFFICE_HEAD in roles:
        names.append("to_assign")
    if RoleName.OFFICE_HEAD in roles or assigned or roles & {RoleName.REQUEST_HANDLER}:
        names += ["to_answer", "to_publish"]
    return names
