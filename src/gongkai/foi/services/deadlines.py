"""The daily round (``gongkai requests tick``, also run by ``gongkai serve`` every hour).

It applies the deadlines nobody has to decide: a correction not made in time ends the request
(第三十条), a consulted party's silence ends the consultation (第三十二条, 第三十四条), an unpaid fee
notice ends the request (国办函〔2020〕109号); and it tells people about cases due soon and overdue,
escalating overdue cases to the office head and the supervisors above (docs/SPEC.md §4.3). Safe to run any
number of times a day: every notice has a per-day key.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from gongkai.core.actors import SYSTEM
from gongkai.foi.legal import ConsultationAnswer
from gongkai.foi.models import (
    OPEN_STATES,
    Consultation,
    FeeNotice,
    InfoRequest,
    RequestSettings,
    RequestState,
)
from gongkai.foi.services import notices
from gongkai.foi.services.clock import local_today
from gongkai.notifications.services import notify
from gongkai.orgs.models import RoleName
from gongkai.orgs.selectors import staff_of
from gongkai.workdays.calendar import get_calendar

logger = logging.getLogger(__name__)

#: Look this many calendar days ahead for "due soon" (enough for any due-soon setting up to 10 working days).
_LOOKAHEAD_DAYS = 21


def tick(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or local_today()
    counts = {
        "corrections_lapsed": 0,
        "consultations_closed": 0,
        "fees_lapsed": 0,
        "due_soon": 0,
        "overdue": 0,
    }
    from gongkai.foi.services.fees import lapse_fee
    from gongkai.foi.services.handling import lapse_correction, record_consultation_answer

    for request in InfoRequest.objects.filter(state=RequestState.CORRECTION, correction_due__lt=today):
        try:
            with transaction.atomic():
                lapse_correction(request, actor=SYSTEM, on=today)
            counts["corrections_lapsed"] += 1
        except ValidationError:
            logger.exception("correction lapse failed for %s", request)
    for consultation in Consultation.objects.filter(answer="", answer_due__lt=today).select_related(
        "request"
    ):
        try:
            with transaction.atomic():
                record_consultation_answer(
                    consultation, actor=SYSTEM, on=None, answer=ConsultationAnswer.NONE
                )
            counts["consultations_closed"] += 1
        except ValidationError:
            logger.exception("closing consultation %s failed", consultation.pk)
    for fee in FeeNotice.objects.filter(
        paid_on__isnull=True, lapsed_on__isnull=True, pay_by__lt=today
    ).select_related("request"):
        if not fee.request.is_open:
            continue
        try:
            with transaction.atomic():
                lapse_fee(fee, actor=SYSTEM, on=today)
            counts["fees_lapsed"] += 1
        except ValidationError:
            logger.exception("fee lapse failed for %s", fee.pk)
    counts.update(send_deadline_notices(today))
    counts["consultations_due_soon"] = len(consultations_due_soon(today))
    return counts


#: How ``gongkai round`` and ``gongkai requests tick`` name the counts of :func:`tick`.
TICK_LABELS = {
    "corrections_lapsed": "逾期未补正、视为放弃",
    "consultations_closed": "征求意见期满未答复",
    "fees_lapsed": "逾期未缴费、终止办理",
    "due_soon": "临期提醒",
    "overdue": "超期提醒",
    "consultations_due_soon": "征求意见即将到期",
}


def send_deadline_notices(today: dt.date) -> dict[str, int]:
    calendar = get_calendar()
    soon_days = dict(RequestSettings.objects.values_list("organization_id", "due_soon_days"))
    default_soon = RequestSettings._meta.get_field("due_soon_days").get_default()
    due_soon = overdue = 0
    horizon = today + dt.timedelta(days=_LOOKAHEAD_DAYS)
    candidates = (
        InfoRequest.objects.filter(state__in=OPEN_STATES)
        .filter(Q(due_date__lte=horizon) | Q(internal_due_date__lte=horizon))
        .select_related("organization", "assignee")
    )
    # Who to tell depends on the body, not the case: look each body's people up once per round.
    cache: dict[tuple[str, int | None], list[Any]] = {}

    def once(kind: str, org_id: int | None, find: Any, *args: Any) -> list[Any]:
        if (kind, org_id) not in cache:
            cache[kind, org_id] = list(find(*args))
        return cache[kind, org_id]

    for request in candidates.iterator(chunk_size=500):
        if request.due_date is None:
            continue
        url = notices.case_url(request)
        if request.due_date < today:
            overdue += 1
            late = calendar.workdays_between(request.due_date, today)
            recipients: list[Any] = list(notices.handlers(request))
            org_id = request.organization_id
            recipients += once("head", org_id, staff_of, org_id, RoleName.OFFICE_HEAD)
            recipients += once("supervisors", org_id, notices.supervisors_above, request)
            notify(
                recipients,
                kind="request.overdue",
                title=f"已超期：{request.registration_number}（超过答复期限{late}个工作日）",
                body=f"答复期限 {request.due_date}。请立即办理（政府信息公开条例第三十三条）。",
                url=url,
                key=f"overdue:{request.pk}:{today}",
            )
            continue
        window = soon_days.get(request.organization_id, default_soon)
        left = calendar.workdays_between(today, request.due_date)
        internal = request.internal_due_date
        internal_left = calendar.workdays_between(today, internal) if internal and internal >= today else None
        if left <= window or (internal_left is not None and internal_left <= window):
            due_soon += 1
            notify(
                notices.handlers(request),
                kind="request.due_soon",
                title=f"临期提醒：{request.registration_number}",
                body=f"内部办理期限 {internal}，法定答复期限 {request.due_date}（还有{left}个工作日）。",
                url=url,
                key=f"due_soon:{request.pk}:{today}",
            )
            if left <= window:
                notify(
                    once("office", request.organization_id, notices.office_staff, request),
                    kind="request.due_soon",
                    title=f"临期提醒：{request.registration_number}",
                    body=f"法定答复期限 {request.due_date}（还有{left}个工作日）。",
                    url=url,
                    key=f"due_soon:{request.pk}:{today}",
                )
    return {"due_soon": due_soon, "overdue": overdue}


def consultations_due_soon(today: dt.date, within: int = 3) -> list[Consultation]:
    """Consultations whose answer period ends within ``within`` working days (the handlers are told)."""
    calendar = get_calendar()
    result = []
    for consultation in Consultation.objects.filter(answer="", answer_due__gte=today).select_related(
        "request"
    ):
        if calendar.workdays_between(today, consultation.answer_due) <= within:
            result.append(consultation)
            notify(
                notices.handlers(consultation.request),
                kind="request.consultation_due",
                title=f"征求意见即将到期：{consultation.request.registration_number}",
                body=f"{consultation.party}的意见期限为 {consultation.answer_due}。",
                url=notices.case_url(consultation.request),
                key=f"consultation_due:{consultation.pk}:{today}",
            )
    return result
