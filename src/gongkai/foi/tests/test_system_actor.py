"""The platform acts as ``SYSTEM``, never as ``actor=None`` (issue 8 §5).

Before the fix, ``actor=None`` silently skipped the permission check of the request services
(lapsing a correction or a fee, closing a consultation, issuing a letter, reminding). Now ``None``
is a ``TypeError``; the daily round passes the explicit ``SYSTEM`` actor, which the ordinary policy
refuses and the audit log records as "系统".
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import AuditEvent
from gongkai.conftest import Clock
from gongkai.core.actors import SYSTEM, SystemActor, is_system, require_actor
from gongkai.foi.clock import EventKind
from gongkai.foi.models import FeeNotice, InfoRequest, LetterKind, RequestState
from gongkai.foi.services import deadlines, handling
from gongkai.foi.services.clock import add_event, recompute_open_requests
from gongkai.foi.services.fees import lapse_fee
from gongkai.foi.services.letters import issue_letter
from gongkai.foi.tests.conftest import FoiRegion

pytestmark = pytest.mark.django_db

D = dt.date


def fresh(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.get(pk=request.pk)


def asked_to_correct(foi: FoiRegion, make_request, clock: Clock) -> InfoRequest:
    request = make_request(D(2026, 4, 1))
    clock.set(D(2026, 4, 13))
    handling.ask_correction(
        request, actor=foi.office_handler, on=D(2026, 4, 13), what="请写明文号", until=D(2026, 4, 24)
    )
    clock.set(D(2026, 4, 27))
    return fresh(request)


def test_none_is_not_an_actor(foi: FoiRegion, make_request, clock: Clock) -> None:
    request = asked_to_correct(foi, make_request, clock)
    with pytest.raises(TypeError):
        handling.lapse_correction(request, actor=None, on=D(2026, 4, 27))
    with pytest.raises(TypeError):
        handling.remind(request, actor=None, message="请尽快办理")
    with pytest.raises(TypeError):
        add_event(request, EventKind.NOTE, D(2026, 4, 27), actor=None, label="备注")
    with pytest.raises(TypeError):
        issue_letter(
            request, kind=LetterKind.REPLY, actor=None, on=D(2026, 4, 27), title="告知书", body="正文"
        )
    with pytest.raises(TypeError):
        recompute_open_requests(actor=None)
    fee = FeeNotice(request=request)
    with pytest.raises(TypeError):
        lapse_fee(fee, actor=None, on=D(2026, 4, 27))
    assert fresh(request).state == RequestState.CORRECTION


def test_the_daily_round_acts_as_the_system_and_is_audited_as_such(
    foi: FoiRegion, make_request, clock: Clock
) -> None:
    request = asked_to_correct(foi, make_request, clock)
    counts = deadlines.tick(today=D(2026, 4, 27))
    assert counts["corrections_lapsed"] == 1
    assert fresh(request).state == RequestState.CLOSED
    event = AuditEvent.objects.get(action="request.closed", target_id=str(request.pk))
    assert event.actor is None and event.data["actor"] == "系统"
    assert event.actor_display == "系统"
    # The history page shows it so.
    lapsed = request.clock_events.get(kind=EventKind.CORRECTION_LAPSED)
    assert lapsed.actor is None


def test_system_has_no_role_anywhere(foi: FoiRegion, make_request, clock: Clock) -> None:
    """Only the places that allow the platform to act accept SYSTEM; everything else refuses it."""
    request = make_request(D(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        handling.assign(request, actor=SYSTEM, handling_unit=foi.dept)
    with pytest.raises(PermissionDenied):
        handling.extend(request, actor=SYSTEM, on=D(2026, 4, 1), days=20, reason="需要调查")
    assert fresh(request).handling_unit_id is None


def test_system_actor_sentinel() -> None:
    assert is_system(SYSTEM) and not is_system(None) and not is_system(SystemActor())
    assert str(SYSTEM) == "系统" and not SYSTEM.is_authenticated
    assert require_actor(SYSTEM) is SYSTEM
    with pytest.raises(TypeError, match="SYSTEM"):
        require_actor(None)
