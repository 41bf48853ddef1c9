"""The daily round (``gongkai.foi.services.deadlines.tick``) against dates worked out by hand.

2026 calendar (docs/sources/calendar-notices.md): March has no holiday; Mondays are Mar 2, 9, 16, 23, 30;
清明 is Sat 4 – Mon 6 April. Spring Festival: 15–23 February off, Saturdays 14 and 28 February worked.
The day an event happens on is never counted; "(n)" is the n-th working day counted.

* Received Mon 2 March: due Mon 30 March (20 working days, 第三十三条第一款); the internal period of
  15 working days (default lead of 5) ends Mon 23 March.
* Received Tue 24 February: 25 (1), 26, 27, Sat 28 (4), Mar 2–6 (9), 9–13 (14), 16 (15) — internal
  due Mon 16 March; … 16–20 (19), Mon 23 (20) → due 23 March.
* Received Tue 10 February: 11, 12, 13, Sat 14 (4), [15–23 off], 24–27 (8), Sat 28 (9), Mar 2–6 (14),
  9–13 (19), Mon 16 (20) → due 16 March.

Fee lapse (国办函〔2020〕109号) is tested with the fees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gongkai.conftest import Clock
from gongkai.foi.legal import ConsultationKind
from gongkai.foi.models import ClockEvent, InfoRequest, Letter, LetterKind, RequestState
from gongkai.foi.services import handling
from gongkai.foi.services.deadlines import tick
from gongkai.foi.tests.conftest import FoiRegion, grant
from gongkai.notifications.models import Notification
from gongkai.orgs.models import RoleName
from gongkai.testing import OrganizationFactory, UserFactory

D = dt.date
MakeRequest = Callable[..., InfoRequest]


def fresh(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.get(pk=request.pk)


def run(clock: Clock, day: dt.date) -> dict[str, int]:
    clock.set(day, dt.time(6))
    return tick(today=day)


def notes(kind: str, user: Any = None) -> list[tuple[str, str]]:
    qs = Notification.objects.filter(kind=kind).order_by("recipient__username", "id")
    if user is not None:
        qs = qs.filter(recipient=user)
    return list(qs.values_list("recipient__username", "title"))


# -- 第三十条: a correction not made by the date given ------------------------------------------------


def test_correction_lapse_closes_the_request_with_outcome_6_1(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    """逾期未补正 (第三十条): treated as abandoned — （六）其他处理 1, closed, with a termination letter."""
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 3))
    handling.ask_correction(
        request, actor=foi.office_handler, on=D(2026, 3, 3), what="请写明文件名称", until=D(2026, 3, 10)
    )
    # On the last day given the applicant may still correct: nothing happens.
    assert run(clock, D(2026, 3, 10))["corrections_lapsed"] == 0
    assert fresh(request).state == RequestState.CORRECTION
    counts = run(clock, D(2026, 3, 11))
    assert counts["corrections_lapsed"] == 1
    request = fresh(request)
    assert (request.state, request.outcome, request.closed_on) == (RequestState.CLOSED, "6.1", D(2026, 3, 11))
    assert request.due_date is None and request.clock_status == "stopped"
    assert (
        ClockEvent.objects.filter(request=request, kind="correction_lapsed", on=D(2026, 3, 11)).count() == 1
    )
    letter = Letter.objects.get(request=request, kind=LetterKind.TERMINATION)
    assert (letter.outcome, letter.issued_by, letter.issued_on) == ("6.1", None, D(2026, 3, 11))
    # The next round finds nothing left to do.
    assert run(clock, D(2026, 3, 12))["corrections_lapsed"] == 0


# -- 第三十二条, 第三十四条: the consulted party's silence --------------------------------------------
#
# Consultation sent Wed 4 March: Mar 3 (1) and 4 (2) are used; the party's 15 working days: Mar 5 (1),
# 6 (2), 9–13 (7), 16–20 (12), 23 (13), 24 (14), 25 (15) → answer due Wed 25 March. The clock runs
# again from then: 18 left — Mar 26 (1), 27, 30, 31, Apr 1, 2, 3 (7), [6 清明], 7 (8) … 10 (11),
# 13–17 (16), 20 (17), 21 (18) → due Tue 21 April.


def test_another_bodys_silence_counts_as_consent_from_the_end_of_its_period(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 4))
    consultation = handling.consult(
        request,
        actor=foi.office_handler,
        kind=ConsultationKind.OTHER_BODY,
        party="测试市财政局",
        on=D(2026, 3, 4),
    )
    assert consultation.answer_due == D(2026, 3, 25)
    assert run(clock, D(2026, 3, 25))["consultations_closed"] == 0  # the last day is the party's
    assert fresh(request).clock_status == "paused"
    assert run(clock, D(2026, 3, 26))["consultations_closed"] == 1
    consultation.refresh_from_db()
    assert (consultation.answer, consultation.answered_on) == ("none", None)
    ended = ClockEvent.objects.get(request=request, kind="pause_ended")
    assert (ended.on, ended.label, ended.actor) == (
        D(2026, 3, 25),
        "测试市财政局逾期未提出意见，视为同意公开（第三十四条）",
        None,
    )
    request = fresh(request)
    assert (request.clock_status, request.due_date, request.due_projected) == (
        "running",
        D(2026, 4, 21),
        False,
    )
    assert run(clock, D(2026, 3, 27))["consultations_closed"] == 0


def test_a_third_partys_silence_leaves_the_decision_to_the_body(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 4))
    handling.consult(
        request,
        actor=foi.office_handler,
        kind=ConsultationKind.THIRD_PARTY,
        party="某建筑公司",
        on=D(2026, 3, 4),
    )
    run(clock, D(2026, 3, 26))
    ended = ClockEvent.objects.get(request=request, kind="pause_ended")
    assert (ended.on, ended.label) == (
        D(2026, 3, 25),
        "某建筑公司逾期未提出意见，由本机关依法决定是否公开（第三十二条）",
    )


# -- due soon and overdue (docs/SPEC.md §4.3) ----------------------------------------------------------------


def test_due_soon_tells_the_office_once_a_day(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    """Due 23 March; on Wed 18 March 3 working days are left (19, 20, 23): within the default window of
    3, the boundary included. Unassigned, so the handlers are the office's staff."""
    request = make_request(D(2026, 2, 24))
    assert (request.due_date, request.internal_due_date) == (D(2026, 3, 23), D(2026, 3, 16))
    assert run(clock, D(2026, 3, 17))["due_soon"] == 0  # 4 left (18, 19, 20, 23)
    assert Notification.objects.filter(kind="request.due_soon").count() == 0
    counts = run(clock, D(2026, 3, 18))
    assert (counts["due_soon"], counts["overdue"]) == (1, 0)
    title = f"临期提醒：{request.registration_number}"
    assert notes("request.due_soon") == [("office_handler", title), ("office_head", title)]
    body = Notification.objects.filter(kind="request.due_soon").values_list("body", flat=True).first()
    assert body == "内部办理期限 2026-03-16，法定答复期限 2026-03-23（还有3个工作日）。"
    # Run again the same day: the per-day key keeps it to one notice each.
    run(clock, D(2026, 3, 18))
    assert len(notes("request.due_soon")) == 2
    # The next working day is another day: a new notice each (2 working days left).
    run(clock, D(2026, 3, 19))
    assert len(notes("request.due_soon", foi.office_handler)) == 2
    latest = Notification.objects.filter(recipient=foi.office_handler, kind="request.due_soon").first()
    assert latest is not None and latest.body.endswith("（还有2个工作日）。")
    # Nobody of another body hears of it.
    assert not Notification.objects.filter(recipient__in=[foi.dept_handler, foi.county_handler]).exists()


def test_internal_due_date_warns_the_handler_only(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    """Received 2 March: internal due 23 March, statutory 30 March. On 18 March the internal period has
    3 working days left (within the window), the statutory one 8: the handling section's clerk is
    told; the office is not (its own window is the statutory date)."""
    section = OrganizationFactory.create(
        name="测试市人民政府办公室秘书科", short_name="秘书科", parent=foi.office
    )
    clerk = grant(UserFactory.create(username="clerk"), section, RoleName.REQUEST_HANDLER)
    request = make_request(D(2026, 3, 2))
    handling.assign(request, actor=foi.office_handler, handling_unit=section, assignee=clerk)
    assert run(clock, D(2026, 3, 18))["due_soon"] == 1
    assert notes("request.due_soon") == [("clerk", f"临期提醒：{request.registration_number}")]
    body = Notification.objects.get(kind="request.due_soon").body
    assert body == "内部办理期限 2026-03-23，法定答复期限 2026-03-30（还有8个工作日）。"


def test_overdue_escalates_to_the_office_head_and_the_competent_authoritys_supervisors(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    """Received by 测试市教育局 on 10 February, due 16 March. On Wed 18 March it is 2 working days late
    (17, 18): its handler, its office head (局长丁) and the supervisors of the city's competent
    authority (测试市人民政府办公室) are told; the office's own request staff are not."""
    request = make_request(D(2026, 2, 10), organization=foi.dept, actor=foi.dept_handler)
    assert request.due_date == D(2026, 3, 16)
    counts = run(clock, D(2026, 3, 18))
    assert (counts["overdue"], counts["due_soon"]) == (1, 0)
    title = f"已超期：{request.registration_number}（超过答复期限2个工作日）"
    assert notes("request.overdue") == [
        ("dept_handler", title),
        ("head", title),
        ("supervisor", title),
    ]
    note = Notification.objects.filter(kind="request.overdue").first()
    assert note is not None
    assert note.body == "答复期限 2026-03-16。请立即办理（政府信息公开条例第三十三条）。"
    assert note.url == f"/staff/requests/{request.pk}/"
    # Once a day.
    run(clock, D(2026, 3, 18))
    assert len(notes("request.overdue")) == 3
    # A weekend day counts no working day more; Monday 23 March is 5 working days late (17–20, 23).
    run(clock, D(2026, 3, 23))
    assert notes("request.overdue", foi.supervisor)[-1] == (
        "supervisor",
        f"已超期：{request.registration_number}（超过答复期限5个工作日）",
    )
    assert not Notification.objects.filter(recipient__in=[foi.office_handler, foi.office_head]).exists()


def test_a_county_body_escalates_to_its_own_competent_authority(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    """测试县财政局 is supervised by 测试县人民政府办公室: its supervisors are told, not the city's."""
    county_supervisor = grant(
        UserFactory.create(username="county_supervisor"), foi.region.county_office, RoleName.SUPERVISOR
    )
    request = make_request(D(2026, 2, 10), organization=foi.region.county_dept, actor=foi.county_handler)
    run(clock, D(2026, 3, 18))
    title = f"已超期：{request.registration_number}（超过答复期限2个工作日）"
    assert notes("request.overdue") == [("county_handler", title), ("county_supervisor", title)]
    assert county_supervisor.notifications.count() == 1


def test_finished_requests_are_left_alone(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = make_request(D(2026, 2, 10))
    clock.set(D(2026, 3, 17))
    handling.issue_reply(
        request, actor=foi.office_handler, on=D(2026, 3, 17), outcome="1", reply_type="provided"
    )
    counts = run(clock, D(2026, 3, 18))
    assert (counts["overdue"], counts["due_soon"]) == (0, 0)
    assert not Notification.objects.filter(kind__in=["request.overdue", "request.due_soon"]).exists()
