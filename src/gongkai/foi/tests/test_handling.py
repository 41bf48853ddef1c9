"""Handling a request (``gongkai.foi.services.handling``), step by step, against due dates worked out
by hand from docs/sources/calendar-notices.md.

2026 calendar used below: 1 March is a Sunday (Mondays: Mar 2, 9, 16, 23, 30; Apr 6, 13, 20, 27;
May 4, 11, 18). Days off: 清明 Sat 4 – Mon 6 April; 劳动节 Fri 1 – Tue 5 May, with Saturday 9 May a
make-up working day. "(n)" marks the n-th working day counted; the day an event happens on is not
counted (期间开始的日不计算在内), a period runs from the next day.

The request used most: handed in at the office on Monday 2 March 2026 (第三十一条第（一）项); 20
working days (第三十三条第一款): Mar 3 (1) … 6 (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 (20) → due
Monday 30 March; the department's internal period, 5 working days earlier: 15th = Monday 23 March.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.conftest import Clock
from gongkai.core.actors import SYSTEM
from gongkai.foi.legal import AppealKind, AppealResult, ConsultationAnswer, ConsultationKind, ReplyType
from gongkai.foi.models import (
    ClockEvent,
    InfoRequest,
    Letter,
    LetterKind,
    RequestSettings,
    RequestState,
    Routing,
)
from gongkai.foi.services import handling
from gongkai.foi.tests.conftest import FoiRegion
from gongkai.notifications.models import Notification

D = dt.date
MakeRequest = Callable[..., InfoRequest]


def fresh(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.get(pk=request.pk)


def events(request: InfoRequest) -> list[tuple[str, dt.date]]:
    return list(ClockEvent.objects.filter(request=request).order_by("on", "id").values_list("kind", "on"))


def notified(user: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def assigned(foi: FoiRegion, request: InfoRequest, *, assignee: Any = None) -> InfoRequest:
    return handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept, assignee=assignee)


# -- 分办 (assignment) ---------------------------------------------------------------------------


def test_office_assigns_to_a_department_of_the_same_government(
    foi: FoiRegion, make_request: MakeRequest, django_capture_on_commit_callbacks: Any
) -> None:
    """The office (测试市人民政府办公室) and the department (测试市教育局) are both under 测试市人民政府:
    the office assigns to the department though the department is not below the office."""
    request = make_request(D(2026, 3, 2))
    assert foi.dept.parent == foi.office.parent == foi.region.city
    with django_capture_on_commit_callbacks(execute=True):
        handling.assign(
            request,
            actor=foi.office_handler,
            handling_unit=foi.dept,
            assignee=foi.dept_handler,
            note="请教育局办理",
        )
    request = fresh(request)
    assert request.state == RequestState.ASSIGNED
    assert (request.handling_unit, request.assignee) == (foi.dept, foi.dept_handler)
    assert request.assigned_at is not None
    audit = AuditEvent.objects.get(action="request.assigned")
    assert (audit.actor, audit.reason, audit.data) == (
        foi.office_handler,
        "请教育局办理",
        {"unit": foi.dept.pk, "assignee": foi.dept_handler.pk},
    )
    [note] = notified(foi.dept_handler, "request.assigned")
    assert note.title == f"请办理政府信息公开申请 {request.registration_number}"
    assert note.body == "内部办理期限 2026-03-23，法定答复期限 2026-03-30。"
    assert not notified(foi.office_handler, "request.assigned")


def test_assigning_a_department_without_a_person_tells_its_handlers(
    foi: FoiRegion, make_request: MakeRequest, django_capture_on_commit_callbacks: Any
) -> None:
    request = make_request(D(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept)
    assert len(notified(foi.dept_handler, "request.assigned")) == 1
    # The department's office head holds no request_handler role: not a handler of the case.
    assert not notified(foi.dept_head, "request.assigned")
    assert fresh(request).assignee is None


def test_office_may_keep_the_case_itself(foi: FoiRegion, make_request: MakeRequest) -> None:
    request = make_request(D(2026, 3, 2))
    handling.assign(request, actor=foi.office_handler, assignee=foi.office_handler)
    request = fresh(request)
    assert (request.handling_unit, request.assignee) == (foi.office, foi.office_handler)


def test_assignee_must_be_a_request_handler(foi: FoiRegion, make_request: MakeRequest) -> None:
    request = make_request(D(2026, 3, 2))
    for person in (foi.region.editor, foi.dept_head, foi.supervisor):
        with pytest.raises(ValidationError) as error:
            handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept, assignee=person)
        assert error.value.message_dict == {
            "assignee": [f"{person.display_name} 不是测试市教育局的依申请公开承办人"]
        }
    with pytest.raises(ValidationError) as error:
        handling.assign(request, actor=foi.office_handler)
    assert error.value.message_dict == {"handling_unit": ["请选择承办部门或承办人"]}
    assert fresh(request).state == RequestState.REGISTERED


def test_reassigning_a_person_keeps_the_department(foi: FoiRegion, make_request: MakeRequest) -> None:
    """Naming only a new person keeps the department already chosen, and the person is checked
    against that department."""
    request = assigned(foi, make_request(D(2026, 3, 2)))
    other = foi.region.editor
    from gongkai.foi.tests.conftest import grant

    grant(other, foi.dept, "request_handler")
    handling.assign(request, actor=foi.office_handler, assignee=other)
    request = fresh(request)
    assert (request.handling_unit, request.assignee) == (foi.dept, other)


def test_no_assignment_outside_the_government(foi: FoiRegion, make_request: MakeRequest) -> None:
    request = make_request(D(2026, 3, 2))
    for unit in (foi.region.county_dept, foi.region.county):
        with pytest.raises(ValidationError) as error:
            handling.assign(request, actor=foi.office_handler, handling_unit=unit)
        assert error.value.message_dict == {
            "handling_unit": ["只能分办给本机关、所属部门或本机关可管理的单位"]
        }


def test_a_department_does_not_assign_to_its_sibling(foi: FoiRegion, make_request: MakeRequest) -> None:
    """Only a government or its general office spreads cases over the government's departments."""
    from gongkai.testing import OrganizationFactory

    finance = OrganizationFactory.create(name="测试市财政局", parent=foi.region.city)
    request = make_request(D(2026, 3, 2), organization=foi.dept, actor=foi.dept_handler)
    with pytest.raises(ValidationError):
        handling.assign(request, actor=foi.dept_handler, handling_unit=finance)


def test_only_the_receiving_office_assigns(foi: FoiRegion, make_request: MakeRequest) -> None:
    request = make_request(D(2026, 3, 2))
    for actor in (foi.dept_handler, foi.supervisor, foi.county_handler):
        with pytest.raises(PermissionDenied):
            handling.assign(request, actor=actor, handling_unit=foi.dept)


# -- 补正 (correction, 第三十条) ----------------------------------------------------------------------
#
# Received Wednesday 1 April 2026. The 7 working days for asking: Apr 2 (1), 3 (2), [4–6 清明],
# 7 (3), 8 (4), 9 (5), 10 (6), [11–12], 13 (7) → Monday 13 April is the last day; Tuesday 14 April
# is the 8th working day.


def test_correction_asked_on_the_seventh_working_day(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 4, 1))
    clock.set(D(2026, 4, 13))
    letter = handling.ask_correction(
        request, actor=foi.office_handler, on=D(2026, 4, 13), what="请写明所需文件的文号或发布时间"
    )
    request = fresh(request)
    assert request.state == RequestState.CORRECTION
    assert (request.clock_status, request.due_date) == ("awaiting_correction", None)
    # Default time to correct, 15 working days: Apr 14 (1) … 17 (4), 20–24 (9), 27–30 (13),
    # [May 1–5 劳动节], May 6 (14), 7 (15).
    assert request.correction_due == D(2026, 5, 7)
    assert events(request) == [("received", D(2026, 4, 1)), ("correction_requested", D(2026, 4, 13))]
    assert (letter.kind, letter.issued_on, letter.to_applicant) == (
        LetterKind.CORRECTION,
        D(2026, 4, 13),
        True,
    )
    assert "请写明所需文件的文号或发布时间" in letter.body
    assert "2026年5月7日" in letter.body


def test_correction_on_the_eighth_working_day_is_refused(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 4, 1))
    clock.set(D(2026, 4, 14))
    with pytest.raises(ValidationError) as error:
        handling.ask_correction(request, actor=foi.office_handler, on=D(2026, 4, 14), what="请写明文号")
    assert error.value.messages == [
        "应当自收到申请之日起7个工作日内（2026年4月13日前）一次性告知补正（第三十条）"
    ]
    request = fresh(request)
    assert request.state == RequestState.REGISTERED
    # Unchanged: Apr 2 (1), 3 (2), [4–6], 7–10 (6), 13–17 (11), 20–24 (16), 27–30 (20) → 30 April.
    assert request.due_date == D(2026, 4, 30)
    assert events(request) == [("received", D(2026, 4, 1))]
    assert not Letter.objects.exists()


def test_correction_received_restarts_the_period(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = assigned(foi, make_request(D(2026, 4, 1)), assignee=foi.dept_handler)
    # Before the correction: Apr 2 (1), 3 (2), [4–6 清明], 7 (3), 8 (4), 9 (5), 10 (6), 13–17 (11),
    # 20–24 (16), 27 (17), 28 (18), 29 (19), 30 (20) → Thursday 30 April.
    assert fresh(request).due_date == D(2026, 4, 30)
    clock.set(D(2026, 4, 8))
    handling.ask_correction(request, actor=foi.dept_handler, on=D(2026, 4, 8), what="请写明文号")
    clock.set(D(2026, 4, 20))
    handling.receive_correction(request, actor=foi.dept_handler, on=D(2026, 4, 20), note="申请人补充了文号")
    request = fresh(request)
    assert request.state == RequestState.ASSIGNED  # back to the department it was assigned to
    assert request.clock_status == "running"
    assert request.correction_due is None
    # 20 working days afresh from 20 April: Apr 21 (1) … 24 (4), 27–30 (8), [May 1–5], May 6 (9),
    # 7 (10), 8 (11), Sat 9 (12, make-up day), 11 (13) … 15 (17), 18 (18), 19 (19), 20 (20).
    assert request.due_date == D(2026, 5, 20)
    # Internal: 15th working day = May 13.
    assert request.internal_due_date == D(2026, 5, 13)
    assert events(request)[-1] == ("correction_received", D(2026, 4, 20))


def test_correction_only_once(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = make_request(D(2026, 4, 1))
    clock.set(D(2026, 4, 2))
    handling.ask_correction(request, actor=foi.office_handler, on=D(2026, 4, 2), what="请写明文号")
    with pytest.raises(ValidationError) as error:
        handling.ask_correction(fresh(request), actor=foi.office_handler, on=D(2026, 4, 2), what="再次补正")
    assert error.value.messages == ["当前状态不能要求补正"]
    clock.set(D(2026, 4, 3))
    handling.receive_correction(request, actor=foi.office_handler, on=D(2026, 4, 3))
    with pytest.raises(ValidationError) as error:
        handling.ask_correction(fresh(request), actor=foi.office_handler, on=D(2026, 4, 3), what="再次补正")
    assert error.value.messages == ["补正只能要求一次（第三十条）"]
    assert Letter.objects.filter(kind=LetterKind.CORRECTION).count() == 1


def test_correction_after_its_deadline_is_refused_and_lapses(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 4, 1))
    clock.set(D(2026, 4, 13))
    handling.ask_correction(
        request, actor=foi.office_handler, on=D(2026, 4, 13), what="请写明文号", until=D(2026, 4, 24)
    )
    clock.set(D(2026, 4, 24))
    with pytest.raises(ValidationError) as error:
        handling.lapse_correction(fresh(request), actor=foi.office_handler, on=D(2026, 4, 24))
    assert error.value.message_dict == {"on": ["补正期限至2026-04-24，期限届满后才能作逾期未补正处理"]}
    clock.set(D(2026, 4, 27))
    with pytest.raises(ValidationError) as error:
        handling.receive_correction(fresh(request), actor=foi.office_handler, on=D(2026, 4, 27))
    assert error.value.message_dict == {
        "on": ["补正期限（2026-04-24）已过，申请视为放弃，请作逾期未补正处理"]
    }
    letter = handling.lapse_correction(fresh(request), actor=foi.office_handler, on=D(2026, 4, 27))
    request = fresh(request)
    assert request.state == RequestState.CLOSED
    assert (request.outcome, request.closed_on) == ("6.1", D(2026, 4, 27))
    assert (request.clock_status, request.due_date) == ("stopped", None)
    assert events(request)[-1] == ("correction_lapsed", D(2026, 4, 27))
    assert (letter.kind, letter.outcome, letter.issued_on) == (LetterKind.TERMINATION, "6.1", D(2026, 4, 27))
    assert AuditEvent.objects.filter(action="request.closed", data__outcome="6.1").count() == 1


def test_lapse_by_the_daily_round_needs_no_person(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    """The daily round calls ``lapse_correction`` with no actor: the termination letter is still issued."""
    request = make_request(D(2026, 4, 1))
    clock.set(D(2026, 4, 13))
    handling.ask_correction(
        request, actor=foi.office_handler, on=D(2026, 4, 13), what="请写明文号", until=D(2026, 4, 24)
    )
    clock.set(D(2026, 4, 27))
    letter = handling.lapse_correction(fresh(request), actor=SYSTEM, on=D(2026, 4, 27))
    assert (letter.kind, letter.outcome, letter.issued_by) == (LetterKind.TERMINATION, "6.1", None)
    assert fresh(request).state == RequestState.CLOSED


# -- 征求意见 (consultation, 第三十二条, 第三十四条; 第三十三条第三款) --------------------------------
#
# Received Monday 2 March (due 30 March). Consultation sent Monday 9 March: the days Mar 3 (1), 4, 5,
# 6, 9 (5) are used; from 10 March the clock stands. The consulted party's 15 working days: Mar 10 (1)
# … 13 (4), 16–20 (9), 23–27 (14), 30 (15) → answer due Monday 30 March.


def test_consultation_pauses_and_the_answer_resumes(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 9))
    consultation = handling.consult(
        request,
        actor=foi.office_handler,
        kind=ConsultationKind.THIRD_PARTY,
        party="某建筑公司",
        on=D(2026, 3, 9),
    )
    assert consultation.answer_due == D(2026, 3, 30)
    request = fresh(request)
    assert request.clock_status == "paused"
    # While open, the latest the due date can be: 15 working days left after Mar 30 — Mar 31 (1),
    # Apr 1 (2), 2 (3), 3 (4), [4–6 清明], 7 (5) … 10 (8), 13–17 (13), 20 (14), 21 (15).
    assert (request.due_date, request.due_projected) == (D(2026, 4, 21), True)
    letter = Letter.objects.get(kind=LetterKind.CONSULTATION)
    assert letter.to_applicant is False
    clock.set(D(2026, 3, 13))
    handling.record_consultation_answer(
        consultation, actor=foi.office_handler, on=D(2026, 3, 13), answer=ConsultationAnswer.AGREE
    )
    request = fresh(request)
    # Answer on Friday 13 March: Mar 10–13 not counted; 15 left: Mar 16–20 (5), 23–27 (10),
    # 30 (11), 31 (12), Apr 1 (13), 2 (14), 3 (15) → Friday 3 April.
    assert (request.clock_status, request.due_date, request.due_projected) == (
        "running",
        D(2026, 4, 3),
        False,
    )
    assert events(request)[-2:] == [("pause_started", D(2026, 3, 9)), ("pause_ended", D(2026, 3, 13))]
    with pytest.raises(ValidationError) as error:
        handling.record_consultation_answer(
            consultation, actor=foi.office_handler, on=D(2026, 3, 13), answer=ConsultationAnswer.OBJECT
        )
    assert error.value.messages == ["这次征求意见已经登记了结果"]


def test_joint_production_silence_counts_only_after_the_answer_period(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    """第三十四条: another body's silence counts as consent — once its 15 working days have passed."""
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 9))
    consultation = handling.consult(
        request,
        actor=foi.office_handler,
        kind=ConsultationKind.OTHER_BODY,
        party="测试市财政局",
        on=D(2026, 3, 9),
    )
    clock.set(D(2026, 3, 30))
    with pytest.raises(ValidationError) as error:
        handling.record_consultation_answer(
            consultation, actor=foi.office_handler, on=None, answer=ConsultationAnswer.NONE
        )
    assert error.value.message_dict == {"answer": ["意见期限至2026-03-30，届满后才能登记为逾期未提出意见"]}
    clock.set(D(2026, 3, 31))
    handling.record_consultation_answer(
        consultation, actor=foi.office_handler, on=None, answer=ConsultationAnswer.NONE
    )
    consultation.refresh_from_db()
    assert (consultation.answer, consultation.answered_on) == ("none", None)
    ended = ClockEvent.objects.get(request=request, kind="pause_ended")
    assert (ended.on, ended.label) == (
        D(2026, 3, 30),
        "测试市财政局逾期未提出意见，视为同意公开（第三十四条）",
    )
    request = fresh(request)
    # The clock runs again from 30 March: 15 left → Tuesday 21 April (counted above), no longer projected.
    assert (request.clock_status, request.due_date, request.due_projected) == (
        "running",
        D(2026, 4, 21),
        False,
    )


def test_an_open_consultation_blocks_the_reply(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 9))
    handling.consult(
        request,
        actor=foi.office_handler,
        kind=ConsultationKind.THIRD_PARTY,
        party="某建筑公司",
        on=D(2026, 3, 9),
    )
    clock.set(D(2026, 3, 12))
    with pytest.raises(ValidationError) as error:
        handling.issue_reply(
            fresh(request),
            actor=foi.office_handler,
            on=D(2026, 3, 12),
            outcome="1",
            reply_type=ReplyType.PROVIDED,
        )
    assert error.value.messages == ["征求意见尚未结束：某建筑公司。请先登记意见"]
    assert fresh(request).state == RequestState.REGISTERED
    assert not Letter.objects.filter(kind=LetterKind.REPLY).exists()


# -- 延期 (extension, 第三十三条第二款) ----------------------------------------------------------------


def test_only_the_office_head_extends(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = assigned(foi, make_request(D(2026, 3, 2)), assignee=foi.dept_handler)
    clock.set(D(2026, 3, 25))
    # The handlers, and the department's own office head: not the head of the receiving body's office.
    for actor in (foi.office_handler, foi.dept_handler, foi.dept_head, foi.supervisor):
        with pytest.raises(PermissionDenied) as error:
            handling.extend(request, actor=actor, on=D(2026, 3, 25), days=10, reason="需要调取档案")
        assert str(error.value) == "延长答复期限须经政府信息公开工作机构负责人同意（第三十三条第二款）"
    assert fresh(request).due_date == D(2026, 3, 30)


def test_extension_of_at_most_twenty_working_days(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 25))
    letter = handling.extend(
        request, actor=foi.office_head, on=D(2026, 3, 25), days=15, reason="需要调取档案"
    )
    # 15 more after Mar 30: Mar 31 (1), Apr 1 (2), 2 (3), 3 (4), [4–6], 7 (5) … 10 (8), 13–17 (13),
    # 20 (14), 21 (15) → Tuesday 21 April.
    assert fresh(request).due_date == D(2026, 4, 21)
    assert (letter.kind, letter.issued_on) == (LetterKind.EXTENSION, D(2026, 3, 25))
    assert "2026年4月21日" in letter.body
    with pytest.raises(ValidationError) as error:
        handling.extend(fresh(request), actor=foi.office_head, on=D(2026, 3, 25), days=6, reason="仍需时间")
    assert error.value.messages == ["延长答复期限最长不得超过20个工作日（第三十三条第二款）"]
    handling.extend(fresh(request), actor=foi.office_head, on=D(2026, 3, 25), days=5, reason="仍需时间")
    # 5 more: Apr 22 (1), 23, 24, 27, 28 (5) → Tuesday 28 April (= 40 working days after Mar 2).
    assert fresh(request).due_date == D(2026, 4, 28)
    assert Letter.objects.filter(kind=LetterKind.EXTENSION).count() == 2
    with pytest.raises(ValidationError):
        handling.extend(fresh(request), actor=foi.office_head, on=D(2026, 3, 25), days=0, reason="再延")


def test_extension_before_the_due_date_only(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    late = make_request(D(2026, 3, 2))
    on_time = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 31))
    with pytest.raises(ValidationError) as error:
        handling.extend(late, actor=foi.office_head, on=D(2026, 3, 31), days=10, reason="需要调取档案")
    assert error.value.messages == ["答复期限已于2026年3月30日届满，不能再延长"]
    assert fresh(late).due_date == D(2026, 3, 30)
    # On the due date itself the head may still approve: 10 more after Mar 30 — Mar 31 (1), Apr 1–3 (4),
    # [4–6], 7–10 (8), 13 (9), 14 (10) → Tuesday 14 April.
    handling.extend(on_time, actor=foi.office_head, on=D(2026, 3, 30), days=10, reason="需要调取档案")
    assert fresh(on_time).due_date == D(2026, 4, 14)


# -- 答复 (the reply, 第三十六条) --------------------------------------------------------------------


def reply(foi: FoiRegion, request: InfoRequest, **kwargs: Any) -> Letter:
    kwargs.setdefault("actor", foi.office_handler)
    kwargs.setdefault("on", D(2026, 3, 20))
    return handling.issue_reply(fresh(request), **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        (
            {"outcome": "1", "reply_type": ReplyType.REPEAT},
            {"reply_type": ["“（六）重复申请，告知不予重复处理”不能统计为“（一）予以公开”"]},
        ),
        (
            {"outcome": "3.1", "reply_type": ReplyType.REFUSED, "reasons": " "},
            {"reasons": ["除予以公开外，答复须说明理由（第十四条、第三十六条第（三）项）"]},
        ),
        (
            {"outcome": "4.1", "reply_type": ReplyType.NOT_OURS, "reasons": "该信息由测试市财政局制作"},
            {
                "referred_body": [
                    "不属于本机关负责公开的，能够确定负责机关时应告知其名称和联系方式（第三十六条第（五）项）"
                ]
            },
        ),
        (
            {"outcome": "6.1", "reasons": "逾期未补正"},
            {"outcome": ["逾期未补正、逾期未缴费由平台按期限自动处理，不能直接选择"]},
        ),
        ({"outcome": "9", "reasons": "其他"}, {"outcome": ["请选择办理结果"]}),
    ],
)
def test_reply_checks(
    foi: FoiRegion,
    make_request: MakeRequest,
    clock: Clock,
    kwargs: dict[str, Any],
    errors: dict[str, Any],
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    with pytest.raises(ValidationError) as error:
        reply(foi, request, **kwargs)
    assert error.value.message_dict == errors
    request = fresh(request)
    assert (request.state, request.outcome, request.answered_on) == (RequestState.REGISTERED, "", None)
    assert events(request) == [("received", D(2026, 3, 2))]
    assert not Letter.objects.exists()


def test_reply_stops_the_clock_and_issues_the_letter(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    letter = reply(foi, request, outcome="1", reply_type=ReplyType.PROVIDED)
    request = fresh(request)
    assert request.state == RequestState.ANSWERED
    assert (request.outcome, request.reply_type, request.answered_on) == ("1", "provided", D(2026, 3, 20))
    assert (request.clock_status, request.due_date) == ("stopped", D(2026, 3, 30))
    answered = ClockEvent.objects.get(request=request, kind="answered")
    assert (answered.on, answered.label) == (D(2026, 3, 20), "答复：（一）予以公开")
    assert (letter.kind, letter.outcome, letter.issued_on, letter.delivery) == (
        LetterKind.REPLY,
        "1",
        D(2026, 3, 20),
        "email",
    )
    assert "第三十六条第（二）项" in letter.body
    assert AuditEvent.objects.filter(action="request.answered", target_id=str(request.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        reply(foi, request, outcome="1", reply_type=ReplyType.PROVIDED)


def test_reply_not_ours_names_the_competent_body(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    letter = reply(
        foi,
        request,
        outcome="4.1",
        reply_type=ReplyType.NOT_OURS,
        reasons="该信息由测试市财政局制作并负责公开",
        referred_body="测试市财政局，联系电话0557-1234567",
    )
    request = fresh(request)
    assert (request.outcome, request.referred_body) == ("4.1", "测试市财政局，联系电话0557-1234567")
    assert "测试市财政局，联系电话0557-1234567" in letter.body


def test_reply_during_correction_is_not_possible(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 3))
    handling.ask_correction(request, actor=foi.office_handler, on=D(2026, 3, 3), what="请写明文号")
    with pytest.raises(PermissionDenied):
        reply(foi, request, on=D(2026, 3, 3), outcome="1", reply_type=ReplyType.PROVIDED)


# -- model B: 接办分离 (docs/SPEC.md §4.3) -----------------------------------------------------------------


def window_request(foi: FoiRegion, make_request: MakeRequest) -> InfoRequest:
    RequestSettings.objects.create(organization=foi.office, routing=Routing.WINDOW)
    request = make_request(D(2026, 3, 2))
    return assigned(foi, request, assignee=foi.dept_handler)


def draft(foi: FoiRegion, request: InfoRequest) -> InfoRequest:
    return handling.submit_draft(
        fresh(request),
        actor=foi.dept_handler,
        outcome="4.1",
        reply_type=ReplyType.NOT_EXIST,
        reasons="经检索，本机关未制作或获取该信息",
        title="",
        body="经检索，本机关未制作或获取您所申请的信息。",
    )


def test_window_model_department_drafts_office_approves_window_issues(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    request = window_request(foi, make_request)
    clock.set(D(2026, 3, 18))
    # The department cannot answer the applicant itself.
    with pytest.raises(PermissionDenied):
        reply(
            foi,
            request,
            actor=foi.dept_handler,
            on=D(2026, 3, 18),
            outcome="1",
            reply_type=ReplyType.PROVIDED,
        )
    with pytest.raises(ValidationError) as error:
        handling.submit_draft(
            fresh(request),
            actor=foi.dept_handler,
            outcome="4.1",
            reply_type=ReplyType.NOT_EXIST,
            reasons="经检索无此信息",
            title="",
            body=" ",
        )
    assert error.value.message_dict == {"body": ["请填写拟答复正文"]}
    with django_capture_on_commit_callbacks(execute=True):
        draft(foi, request)
    request = fresh(request)
    assert request.state == RequestState.DRAFTED
    assert (request.outcome, request.draft_title) == ("4.1", "政府信息公开申请答复告知书")
    for office_person in (foi.office_handler, foi.office_head):
        assert [n.title for n in notified(office_person, "request.draft")] == [
            f"拟答复待审核 {request.registration_number}"
        ]
    for step in (
        lambda: handling.approve_draft(fresh(request), actor=foi.dept_handler),
        lambda: reply(foi, request, actor=foi.dept_handler, on=D(2026, 3, 18)),
        lambda: reply(foi, request, actor=foi.office_handler, on=D(2026, 3, 18)),  # not yet approved
    ):
        with pytest.raises(PermissionDenied):
            step()
    handling.approve_draft(fresh(request), actor=foi.office_head)
    assert fresh(request).state == RequestState.APPROVED
    with pytest.raises(PermissionDenied):
        reply(foi, request, actor=foi.dept_handler, on=D(2026, 3, 18))
    clock.set(D(2026, 3, 19))
    letter = reply(foi, request, actor=foi.office_handler, on=D(2026, 3, 19))
    request = fresh(request)
    assert (request.state, request.outcome, request.answered_on) == (
        RequestState.ANSWERED,
        "4.1",
        D(2026, 3, 19),
    )
    assert (letter.title, letter.body, letter.outcome) == (
        "政府信息公开申请答复告知书",
        "经检索，本机关未制作或获取您所申请的信息。",
        "4.1",
    )
    assert letter.issued_by == foi.office_handler


def test_window_model_office_returns_the_draft_with_a_reason(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    request = window_request(foi, make_request)
    clock.set(D(2026, 3, 18))
    draft(foi, request)
    with pytest.raises(ValidationError) as error:
        handling.return_draft(fresh(request), actor=foi.office_handler, reason=" ")
    assert error.value.message_dict == {"reason": ["请填写退回意见"]}
    with pytest.raises(PermissionDenied):
        handling.return_draft(fresh(request), actor=foi.dept_handler, reason="自己退回")
    with django_capture_on_commit_callbacks(execute=True):
        handling.return_draft(fresh(request), actor=foi.office_handler, reason="请补充检索范围")
    request = fresh(request)
    assert (request.state, request.return_reason) == (RequestState.ASSIGNED, "请补充检索范围")
    [note] = notified(foi.dept_handler, "request.returned")
    assert (note.title, note.body) == (f"拟答复被退回 {request.registration_number}", "请补充检索范围")
    # An approved draft may still be taken back before it is issued.
    draft(foi, request)
    assert fresh(request).return_reason == ""
    handling.approve_draft(fresh(request), actor=foi.office_handler)
    handling.return_draft(fresh(request), actor=foi.office_handler, reason="结果应为部分公开")
    assert fresh(request).state == RequestState.ASSIGNED


# -- 撤回 (withdrawal) -----------------------------------------------------------------------------


def test_withdrawal_closes_with_outcome_6_3(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = assigned(foi, make_request(D(2026, 3, 2)), assignee=foi.dept_handler)
    clock.set(D(2026, 3, 10))
    with pytest.raises(PermissionDenied):
        handling.withdraw(fresh(request), actor=foi.dept_handler, on=D(2026, 3, 10), reason="申请人来电撤回")
    with pytest.raises(ValidationError) as error:
        handling.withdraw(fresh(request), actor=foi.office_handler, on=D(2026, 3, 10), reason="")
    assert error.value.message_dict == {"reason": ["请填写撤回情况"]}
    letter = handling.withdraw(
        fresh(request), actor=foi.office_handler, on=D(2026, 3, 10), reason="申请人书面撤回"
    )
    request = fresh(request)
    assert (request.state, request.outcome, request.closed_on) == (RequestState.CLOSED, "6.3", D(2026, 3, 10))
    assert request.reasons == "申请人撤回申请：申请人书面撤回"
    assert request.clock_status == "stopped"
    assert events(request)[-1] == ("closed", D(2026, 3, 10))
    assert (letter.kind, letter.outcome) == (LetterKind.TERMINATION, "6.3")


# -- 催办 (reminders) and overdue escalation ------------------------------------------------------


def test_reminder_reaches_the_handler_and_escalation_the_head_and_supervisors(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    request = assigned(foi, make_request(D(2026, 3, 2)), assignee=foi.dept_handler)
    clock.set(D(2026, 3, 24))
    with django_capture_on_commit_callbacks(execute=True):
        handling.remind(fresh(request), actor=foi.office_handler, message="内部办理期限已到，请尽快办理")
    [note] = notified(foi.dept_handler, "request.reminder")
    assert note.title == f"催办：{request.registration_number}"
    assert note.body == "内部办理期限已到，请尽快办理\n答复期限 2026-03-30。"
    assert not notified(foi.office_head, "request.reminder")
    assert not notified(foi.supervisor, "request.reminder")

    clock.set(D(2026, 3, 31))
    with django_capture_on_commit_callbacks(execute=True):
        reminder = handling.remind(
            fresh(request), actor=foi.supervisor, message="已超期，请说明情况", escalation=True
        )
    assert reminder.escalation is True
    escalated = f"超期督办：{request.registration_number}"
    for person in (foi.office_head, foi.supervisor):
        assert [n.title for n in notified(person, "request.reminder")] == [escalated]
    assert sorted(n.title for n in notified(foi.dept_handler, "request.reminder")) == sorted(
        [f"催办：{request.registration_number}", escalated]
    )
    assert not notified(foi.office_handler, "request.reminder")
    assert not notified(foi.dept_head, "request.reminder")

    with pytest.raises(PermissionDenied):
        handling.remind(fresh(request), actor=foi.county_handler, message="催办")
    with pytest.raises(ValidationError) as error:
        handling.remind(fresh(request), actor=foi.office_handler, message=" ")
    assert error.value.message_dict == {"message": ["请填写催办内容"]}


# -- 重复申请 (duplicates) -----------------------------------------------------------------------


def test_duplicate_candidates_are_the_same_applicants_similar_requests(
    foi: FoiRegion, make_request: MakeRequest
) -> None:
    mine_id = "34130219900101106X"
    first = make_request(D(2026, 3, 2), id_number=mine_id)
    other_topic = make_request(
        D(2026, 3, 3), id_number=mine_id, description="测试市2024年财政预算执行情况报告"
    )
    stranger = make_request(
        D(2026, 3, 4), applicant_name="李四", id_number="341302198505051001", description=first.description
    )
    # The same person again, the ID's check letter typed in lower case, asking almost the same thing.
    again = make_request(
        D(2026, 3, 5),
        id_number=mine_id.lower(),
        description="请公开2025年测试市义务教育阶段学校招生划片范围文件",
    )
    assert handling.duplicate_candidates(again) == [first]
    assert handling.duplicate_candidates(first) == []  # only earlier requests count
    assert handling.duplicate_candidates(stranger) == []
    assert other_topic not in handling.duplicate_candidates(again)

    handling.link_duplicate(again, actor=foi.office_handler, original=first)
    assert fresh(again).duplicate_of == first
    with pytest.raises(ValidationError) as error:
        handling.link_duplicate(fresh(first), actor=foi.office_handler, original=fresh(again))
    assert error.value.message_dict == {"original": ["两件申请不能互为重复"]}
    with pytest.raises(ValidationError) as error:
        handling.link_duplicate(fresh(first), actor=foi.office_handler, original=fresh(first))
    assert error.value.message_dict == {"original": ["只能关联本机关的另一件申请"]}
    with pytest.raises(PermissionDenied):
        handling.link_duplicate(fresh(first), actor=foi.county_handler, original=None)


# -- 行政复议和行政诉讼 (表四) ----------------------------------------------------------------------


def answered_request(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> InfoRequest:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    reply(foi, request, outcome="3.6", reply_type=ReplyType.REFUSED, reasons="属于过程性信息")
    return fresh(request)


def test_litigation_after_review_links_only_to_a_review_of_the_same_request(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = answered_request(foi, make_request, clock)
    other = answered_request(foi, make_request, clock)
    clock.set(D(2026, 6, 1))
    review = handling.record_appeal(
        request,
        actor=foi.office_handler,
        kind=AppealKind.REVIEW,
        filed_on=D(2026, 4, 10),
        authority="测试市人民政府",
    )
    others_review = handling.record_appeal(
        other,
        actor=foi.office_handler,
        kind=AppealKind.REVIEW,
        filed_on=D(2026, 4, 10),
        authority="测试市人民政府",
    )
    direct = handling.record_appeal(
        other,
        actor=foi.office_handler,
        kind=AppealKind.LITIGATION,
        filed_on=D(2026, 4, 20),
        authority="测试市中级人民法院",
    )
    assert direct.litigation_route == "未经复议直接起诉"

    def litigate(after: Any, filed_on: dt.date | None = None, kind: str = AppealKind.LITIGATION) -> Any:
        return handling.record_appeal(
            request,
            actor=foi.office_handler,
            kind=kind,
            filed_on=filed_on or D(2026, 5, 20),
            authority="测试市中级人民法院",
            after_review=after,
        )

    for wrong in (others_review, direct):
        with pytest.raises(ValidationError) as error:
            litigate(wrong)
        assert error.value.message_dict == {"after_review": ["请选择本申请的行政复议"]}
    with pytest.raises(ValidationError) as error:
        litigate(review, kind=AppealKind.REVIEW)
    assert error.value.message_dict == {"after_review": ["只有行政诉讼可以关联在先的行政复议"]}
    with pytest.raises(ValidationError) as error:
        litigate(review, filed_on=D(2026, 4, 9))
    assert error.value.message_dict == {"after_review": ["复议后起诉的，起诉日期不能早于复议申请日期"]}
    litigation = litigate(review)
    assert (litigation.after_review, litigation.litigation_route) == (review, "复议后起诉")
    with pytest.raises(PermissionDenied):
        handling.record_appeal(
            request,
            actor=foi.supervisor,
            kind=AppealKind.REVIEW,
            filed_on=D(2026, 4, 10),
            authority="测试市人民政府",
        )


def test_a_decided_appeal_needs_its_date(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = answered_request(foi, make_request, clock)
    clock.set(D(2026, 6, 1))
    review = handling.record_appeal(
        request,
        actor=foi.office_handler,
        kind=AppealKind.REVIEW,
        filed_on=D(2026, 4, 10),
        authority="测试市人民政府",
    )
    assert review.result == AppealResult.PENDING
    for decided_on, errors in (
        (None, {"decided_on": ["请填写审结日期"]}),
        (D(2026, 4, 9), {"decided_on": ["审结日期不能早于申请/起诉日期"]}),
        (D(2026, 6, 2), {"decided_on": ["审结日期不能晚于今天"]}),
    ):
        with pytest.raises(ValidationError) as error:
            handling.decide_appeal(
                review, actor=foi.office_handler, result=AppealResult.UPHELD, decided_on=decided_on
            )
        assert error.value.message_dict == errors
    handling.decide_appeal(
        review, actor=foi.office_handler, result=AppealResult.CORRECTED, decided_on=D(2026, 5, 29)
    )
    review.refresh_from_db()
    assert (review.result, review.decided_on) == ("corrected", D(2026, 5, 29))
    handling.decide_appeal(
        review, actor=foi.office_handler, result=AppealResult.PENDING, decided_on=D(2026, 5, 29)
    )
    review.refresh_from_db()
    assert (review.result, review.decided_on) == ("pending", None)
