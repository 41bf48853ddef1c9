"""Requests and messages made by hand for the assessment tests: a request received on a day, its
due date derived by foi's clock from its events (answered, closed or waiting for a 补正 as asked);
a 互动 message with its due date and answer. Shared by the figures tests and the hand-worked test."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from gongkai.core.actors import SYSTEM
from gongkai.foi.clock import EventKind
from gongkai.foi.models import InfoRequest, RequestState
from gongkai.foi.services.clock import add_event
from gongkai.interaction.models import Message, MessageKind, MessageState

_numbers = itertools.count(1)


def make_request(
    org: Any,
    received: dt.date,
    *,
    answered: dt.date | None = None,
    closed: dt.date | None = None,
    correction: bool = False,
) -> InfoRequest:
    """A request received on ``received`` whose due date the clock derives from its events."""
    n = next(_numbers)
    request = InfoRequest.objects.create(
        organization=org,
        registration_number=f"YSQ-2026-{n:04d}",
        lookup_code_hash="x",
        channel="in_person",
        submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
        received_on=received,
        applicant_type="person",
        applicant_name="张三",
        id_type="resident_id",
        id_number="110101199001011234",
        phone="13800000000",
        description="某某文件",
        format="paper",
        delivery="pickup",
    )
    add_event(request, EventKind.RECEIVED, received, actor=SYSTEM)
    if correction:
        add_event(
            request,
            EventKind.CORRECTION_REQUESTED,
            received,
            actor=SYSTEM,
            until=received + dt.timedelta(days=15),
        )
        InfoRequest.objects.filter(pk=request.pk).update(state=RequestState.CORRECTION)
    if answered is not None:
        add_event(request, EventKind.ANSWERED, answered, actor=SYSTEM)
        InfoRequest.objects.filter(pk=request.pk).update(state=RequestState.ANSWERED, answered_on=answered)
    if closed is not None:
        add_event(request, EventKind.CLOSED, closed, actor=SYSTEM)
        InfoRequest.objects.filter(pk=request.pk).update(state=RequestState.CLOSED, closed_on=closed)
    request.refresh_from_db()
    return request


def make_message(
    org: Any, received: dt.date, due: dt.date, answered: dt.date | None = None, *, kind: str = "consult"
) -> Message:
    n = next(_numbers)
    return Message.objects.create(
        organization=org,
        kind=MessageKind.objects.get(code=kind),
        tracking_number=f"LY-{n:05d}",
        code_hash="x",
        subject=f"留言{n}",
        text="请问",
        received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
        received_on=received,
        due_date=due,
        state=MessageState.ANSWERED if answered else MessageState.RECEIVED,
        answered_on=answered,
    )
