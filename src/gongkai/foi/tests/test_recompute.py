"""The request clock in the database (``gongkai.foi.services.clock``): events in, due dates out, and
the recomputation of open cases after the calendar changes (docs/SPEC.md §5).

2026 calendar (docs/sources/calendar-notices.md): Mondays of March are the 2nd, 9th, 16th, 23rd and 30th;
清明 takes Saturday 4 – Monday 6 April off. "(n)" is the n-th working day counted from the day after
receipt (第三十三条第一款). The calendar change used below: Thursday 2 April 2026 made a day off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.conftest import Clock
from gongkai.core.actors import SYSTEM
from gongkai.foi.clock import EventKind
from gongkai.foi.legal import ReplyType
from gongkai.foi.models import ClockEvent, InfoRequest
from gongkai.foi.services import handling
from gongkai.foi.services.clock import add_event, recompute_open_requests, refresh_clock
from gongkai.foi.tests.conftest import FoiRegion
from gongkai.workdays.calendar import calendar_changed
from gongkai.workdays.models import CalendarOverride

D = dt.date
MakeRequest = Callable[..., InfoRequest]
REASON = "国务院办公厅通知：4月2日调整为休息日"


def fresh(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.get(pk=request.pk)


def day_off(day: dt.date) -> None:
    CalendarOverride.objects.create(date=day, is_workday=False, note="临时调整")
    calendar_changed()


def test_recompute_moves_exactly_the_open_cases_whose_period_holds_the_new_day_off(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    # Received 2 March: Mar 3 (1) … 6 (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 (20) → due 30 March,
    # before 2 April: unaffected.
    early = make_request(D(2026, 3, 2))
    # Received 16 March: Mar 17 (1) … 20 (4), 23–27 (9), 30 (10), 31 (11), Apr 1 (12), 2 (13), 3 (14),
    # [4–6 清明], 7 (15), 8 (16), 9 (17), 10 (18), 13 (19), 14 (20) → due 14 April; internal
    # (5 earlier) the 15th, 7 April.
    spanning = make_request(D(2026, 3, 16))
    answered = make_request(D(2026, 3, 16))
    # Received 23 March: Mar 24 (1) … 27 (4), 30 (5), 31 (6), Apr 1 (7), 2 (8), 3 (9), 7–10 (13),
    # 13–17 (18), 20 (19), 21 (20) → due 21 April; internal the 15th, 14 April.
    late = make_request(D(2026, 3, 23))
    waiting = make_request(D(2026, 3, 23))
    clock.set(D(2026, 3, 20))
    handling.issue_reply(
        fresh(answered),
        actor=foi.office_handler,
        on=D(2026, 3, 20),
        outcome="1",
        reply_type=ReplyType.PROVIDED,
    )
    clock.set(D(2026, 3, 24))
    handling.ask_correction(fresh(waiting), actor=foi.office_handler, on=D(2026, 3, 24), what="请写明文号")
    assert [fresh(r).due_date for r in (early, spanning, answered, late, waiting)] == [
        D(2026, 3, 30),
        D(2026, 4, 14),
        D(2026, 4, 14),
        D(2026, 4, 21),
        None,
    ]

    day_off(D(2026, 4, 2))
    result = recompute_open_requests(actor=foi.region.admin, reason=REASON)

    # Without 2 April, one working day more is needed: 14 → 15 April, 21 → 22 April; the internal
    # dates likewise: 7 → 8 April, 14 → 15 April.
    spanning, late = fresh(spanning), fresh(late)
    assert (spanning.due_date, spanning.internal_due_date) == (D(2026, 4, 15), D(2026, 4, 8))
    assert (late.due_date, late.internal_due_date) == (D(2026, 4, 22), D(2026, 4, 15))
    assert fresh(early).due_date == D(2026, 3, 30)
    assert fresh(answered).due_date == D(2026, 4, 14)  # answered: its record stands as it was
    assert fresh(waiting).due_date is None
    moved = [
        {"request": spanning.registration_number, "from": "2026-04-14", "to": "2026-04-15"},
        {"request": late.registration_number, "from": "2026-04-21", "to": "2026-04-22"},
    ]
    assert result == {"checked": 4, "changed": 2, "moved": moved}

    notes = ClockEvent.objects.filter(kind=EventKind.NOTE).order_by("request_id")
    prefix = "工作日历调整，答复期限由"
    assert [(n.request_id, n.on, n.label) for n in notes] == [
        (spanning.pk, D(2026, 3, 24), f"{prefix}2026年4月14日重新计算为2026年4月15日（{REASON}）"),
        (late.pk, D(2026, 3, 24), f"{prefix}2026年4月21日重新计算为2026年4月22日（{REASON}）"),
    ]
    audit = AuditEvent.objects.get(action="calendar.requests_recomputed")
    assert (audit.actor, audit.reason, audit.data) == (
        foi.region.admin,
        REASON,
        {"checked": 4, "changed": 2, "moved": moved},
    )

    # A second run finds nothing to move and writes no note.
    assert recompute_open_requests(actor=foi.region.admin, reason=REASON) == {
        "checked": 4,
        "changed": 0,
        "moved": [],
    }
    assert ClockEvent.objects.filter(kind=EventKind.NOTE).count() == 2
    # The explanation the applicant sees still folds: the note is informational.
    assert refresh_clock(fresh(spanning)).due == D(2026, 4, 15)


def test_recompute_in_small_batches_gives_the_same_result(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    requests = [make_request(D(2026, 3, 16)) for _ in range(5)]
    clock.set(D(2026, 3, 24))
    day_off(D(2026, 4, 2))
    result = recompute_open_requests(actor=SYSTEM, reason=REASON, batch_size=2)
    assert (result["checked"], result["changed"]) == (5, 5)
    assert {fresh(r).due_date for r in requests} == {D(2026, 4, 15)}


def test_refresh_clock_rederives_one_request(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = make_request(D(2026, 3, 16))
    clock.set(D(2026, 3, 24))
    day_off(D(2026, 4, 2))
    assert fresh(request).due_date == D(2026, 4, 14)  # stored value, not yet recomputed
    result = refresh_clock(fresh(request))
    assert result.due == D(2026, 4, 15)
    # Used by 24 March: Mar 17, 18, 19, 20, 23, 24 = 6 working days.
    assert (result.used, result.remaining) == (6, 14)
    assert fresh(request).due_date == D(2026, 4, 15)


def test_add_event_refuses_a_broken_rule_and_saves_nothing(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 31))
    with pytest.raises(ValidationError) as error:
        add_event(request, EventKind.EXTENDED, D(2026, 3, 31), actor=foi.office_head, days=10)
    assert error.value.messages == ["答复期限已于2026年3月30日届满，不能再延长"]
    with pytest.raises(ValidationError) as error:
        add_event(request, EventKind.RECEIVED, D(2026, 3, 3), actor=foi.office_handler)
    assert error.value.messages == ["一件申请只能有一个收到日期"]
    assert list(ClockEvent.objects.filter(request=request).values_list("kind", flat=True)) == ["received"]
    assert fresh(request).due_date == D(2026, 3, 30)
    # A valid one is stored with its actor, and the derived columns follow.
    result = add_event(
        request, EventKind.EXTENDED, D(2026, 3, 30), actor=foi.office_head, days=1, label="延长"
    )
    assert result.due == D(2026, 3, 31)
    event = ClockEvent.objects.get(request=request, kind="extended")
    assert (event.actor, event.days, event.label) == (foi.office_head, 1, "延长")
    assert fresh(request).due_date == D(2026, 3, 31)
