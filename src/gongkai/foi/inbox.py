"""依申请公开's part of "我的工作": the cases waiting for one person, by what they must do.

Each queue is a named set of requests (``WORK_QUEUES``). The inbox counts a queue and links to the
register filtered by ``?work=<name>``; the register applies the very same ``work_queue`` (its
filter form validates the name), so the count in the inbox is the number of rows the link opens.

- the handling staff (``policy.handled_requests``): cases overdue (第三十三条), due soon, corrections
  whose period ends soon (第三十条) and consultations whose answer period ends soon (第三十二条);
- the office head of the receiving body: cases due soon not yet extended, since an extension needs
  the head's approval before the period runs out (第三十三条第二款);
- the receiving body's office (or window, 接办分离): draft replies to review and approved replies to
  deliver.

Only case data is read (registration number, dates, state): never the applicant's (docs/SPEC.md §4.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.urls import reverse

from gongkai.core.registry import InboxContribution, InboxEntry, register_inbox
from gongkai.foi import policy
from gongkai.foi.clock import EventKind
from gongkai.foi.models import OPEN_STATES, InfoRequest, RequestSettings, RequestState, Routing
from gongkai.foi.selectors import due_soon_bound, filter_due_soon
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName
from gongkai.workdays.calendar import get_calendar

#: A correction or consultation period "ends soon" within this many working days (today included),
#: as the daily round's reminder of consultations (``deadlines.consultations_due_soon``).
ENDING_WORKDAYS = 3

#: How many cases the inbox shows under an entry (the count is complete).
ROWS = 5


def _mine(user: Any) -> QuerySet[InfoRequest]:
    """The cases whose handling staff ``user`` is (and may see in the register)."""
    return policy.visible_requests(user) & policy.handled_requests(user)


def _office(user: Any, *roles: str) -> QuerySet[InfoRequest]:
    """The cases received by a body where ``user`` holds one of ``roles``."""
    return policy.visible_requests(user).filter(organization__in=org_policy.org_ids_with_role(user, *roles))


def _overdue(user: Any, today: dt.date) -> QuerySet[InfoRequest]:
    return _mine(user).filter(state__in=OPEN_STATES, due_date__lt=today)


def _due_soon(user: Any, today: dt.date) -> QuerySet[InfoRequest]:
    return filter_due_soon(_mine(user), today)


def _correction_ending(user: Any, today: dt.date) -> QuerySet[InfoRequest]:
    return _mine(user).filter(
        state=RequestState.CORRECTION,
        correction_due__gte=today,
        correction_due__lt=due_soon_bound(today, ENDING_WORKDAYS),
    )


def _consultation_ending(user: Any, today: dt.date) -> QuerySet[InfoRequest]:
    ending = InfoRequest.objects.filter(
        consultations__answer="",
        consultations__answer_due__gte=today,
        consultations__answer_due__lt=due_soon_bound(today, ENDING_WORKDAYS),
    )
    return _mine(user).filter(state__in=OPEN_STATES, pk__in=ending.values("pk"))


def _to_extend(user: Any, today: dt.date) -> QuerySet[InfoRequest]:
    extended = InfoRequest.objects.filter(clock_events__kind=EventKind.EXTENDED.value)
    return (
        filter_due_soon(_office(user, RoleName.OFFICE_HEAD), today)
        .exclude(state=RequestState.CORRECTION)
        .exclude(pk__in=extended.values("pk"))
    )


def _to_approve(user: Any, today: dt.date) -> QuerySet[InfoRequest]:
    return _office(user, *policy.HANDLING_ROLES).filter(state=RequestState.DRAFTED)


def _to_deliver(user: Any, today: dt.date) -> QuerySet[InfoRequest]:
    return _office(user, *policy.HANDLING_ROLES).filter(state=RequestState.APPROVED)


@dataclass(frozen=True)
class WorkQueue:
    name: str
    label: str
    urgent: bool
    find: Callable[[Any, dt.date], QuerySet[InfoRequest]]


WORK_QUEUES = {
    q.name: q
    for q in (
        WorkQueue("overdue", "已超期的申请", True, _overdue),
        WorkQueue("due_soon", "临期的申请", True, _due_soon),
        WorkQueue("correction_ending", "补正期限将满的申请", False, _correction_ending),
        WorkQueue("consultation_ending", "征求意见期限将满的申请", False, _consultation_ending),
        WorkQueue("to_extend", "临期待决定是否延期的申请", True, _to_extend),
        WorkQueue("to_approve", "待审核的拟答复", False, _to_approve),
        WorkQueue("to_deliver", "待送达的答复", False, _to_deliver),
    )
}

#: The ``?work=`` choices of the register (its filter form validates them).
WORK_CHOICES = [(q.name, q.label) for q in WORK_QUEUES.values()]


def work_queue(user: Any, name: str, today: dt.date) -> QuerySet[InfoRequest]:
    """The requests of queue ``name`` for ``user`` on ``today`` (an unknown name: none)."""
    queue = WORK_QUEUES.get(name)
    if queue is None:
        return InfoRequest.objects.none()
    return queue.find(user, today)


def _queues_for(user: Any) -> list[str]:
    """The queues that concern ``user``'s roles (shown even when empty, so the person sees what the
    inbox watches for them)."""
    roles = org_policy.role_names(user)
    names: list[str] = []
    if roles & {RoleName.REQUEST_HANDLER, RoleName.OFFICE_HEAD} or policy.handled_requests(user).exists():
        names += ["overdue", "due_soon", "correction_ending", "consultation_ending"]
    if RoleName.OFFICE_HEAD in roles:
        names.append("to_extend")
    # Drafts to review and replies to deliver exist only where the window model is used (接办分离).
    offices = org_policy.org_ids_with_role(user, *policy.HANDLING_ROLES)
    if offices and RequestSettings.objects.filter(organization__in=offices, routing=Routing.WINDOW).exists():
        names += ["to_approve", "to_deliver"]
    return names


def _note(request: InfoRequest, today: dt.date) -> str:
    answer_due = getattr(request, "answer_due", None)
    if answer_due is not None:
        due = f"（答复期限 {request.due_date:%Y-%m-%d}）" if request.due_date else ""
        return f"征求意见期限 {answer_due:%Y-%m-%d}{due}"
    if request.state == RequestState.CORRECTION and request.correction_due:
        return f"补正期限 {request.correction_due:%Y-%m-%d}"
    if request.due_date is None:
        return str(request.get_state_display())
    if request.due_date < today:
        late = get_calendar().workdays_between(request.due_date, today)
        return f"已超期{late}个工作日（答复期限 {request.due_date:%Y-%m-%d}）"
    return f"{request.get_state_display()} · 答复期限 {request.due_date:%Y-%m-%d}"


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    register = reverse("backoffice:requests")
    for name in _queues_for(user):
        queue = WORK_QUEUES[name]
        found = queue.find(user, today)
        count = found.count()
        rows = []
        if count:
            shown = found.only("pk", "registration_number", "state", "due_date", "correction_due")
            if name == "consultation_ending":
                shown = shown.annotate(
                    answer_due=Min("consultations__answer_due", filter=Q(consultations__answer=""))
                )
            for request in shown.order_by("due_date", "pk")[:ROWS]:
                rows.append(
                    (
                        request.registration_number,
                        reverse("backoffice:request_detail", args=[request.pk]),
                        _note(request, today),
                    )
                )
        yield InboxEntry(
            key=f"foi.{name}",
            label=queue.label,
            count=count,
            url=f"{register}?work={name}",
            urgent=queue.urgent and count > 0,
            rows=tuple(rows),
        )


def register() -> None:
    register_inbox(InboxContribution(key="foi", title="依申请公开", entries=entries, order=20))
