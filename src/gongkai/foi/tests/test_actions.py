"""The action table of a request (``foi.policy.actions_for``): which action forms a person sees on
the page of a request now, in model A (the office handles) and model B (接办分离: the department
drafts, the office reviews, the window issues), and that every form shown is one its POST view
admits (``foi.policy.Permission``).

Dates: received Monday 2 March 2026; 15 working days to correct (第三十条) asked on 3 March run to
24 March (Mar 4–6, 9–13, 16–20, 23–24).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.conftest import Clock
from gongkai.foi import policy
from gongkai.foi.legal import ReplyType
from gongkai.foi.models import InfoRequest, RequestSettings, RequestState, Routing
from gongkai.foi.services import handling
from gongkai.foi.tests.conftest import FoiRegion

D = dt.date
MakeRequest = Callable[..., InfoRequest]

#: The permission each entry of the table stands for: the one its POST view checks.
PERMISSIONS = {
    "assign": policy.ASSIGN,
    "ask_correction": policy.HANDLE,
    "receive_correction": policy.HANDLE,
    "lapse_correction": policy.HANDLE,
    "consult": policy.HANDLE,
    "answer_consultation": policy.HANDLE,
    "extend": policy.EXTEND,
    "reply": policy.REPLY,
    "submit_draft": policy.REPLY,
    "review_draft": policy.APPROVE_DRAFT,
    "recall": policy.RETURN_DRAFT,
    "deliver": policy.DELIVER,
    "withdraw": policy.WITHDRAW,
    "reissue_code": policy.REISSUE_CODE,
    "remind": policy.REMIND,
    "link_duplicate": policy.LINK_DUPLICATE,
    "record_appeal": policy.RECORD_APPEAL,
    "decide_appeal": policy.DECIDE_APPEAL,
    "fee": policy.CHARGE_FEE,
    "pay_fee": policy.RECORD_PAYMENT,
    "deliver_letter": policy.RECORD_DELIVERY,
}


def fresh(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.get(pk=request.pk)


def shown(user: Any, request: InfoRequest, today: dt.date) -> set[str]:
    table = policy.actions_for(user, fresh(request), today=today)
    assert set(table) == set(PERMISSIONS)
    # Every form shown is one its POST view lets the person use.
    for key, on in table.items():
        if on:
            assert PERMISSIONS[key](user, fresh(request)), key
    return {key for key, on in table.items() if on}


def people(foi: FoiRegion) -> list[Any]:
    return [
        foi.office_handler,
        foi.office_head,
        foi.dept_handler,
        foi.supervisor,
        foi.county_handler,
        foi.region.editor,
        foi.region.outsider,
        AnonymousUser(),
    ]


def test_model_a_a_new_request(foi: FoiRegion, make_request: MakeRequest) -> None:
    request = make_request(D(2026, 3, 2))
    today = D(2026, 3, 2)
    office = {
        "assign",
        "ask_correction",
        "consult",
        "answer_consultation",
        "reply",
        "withdraw",
        "reissue_code",
        "remind",
        "link_duplicate",
        "decide_appeal",
        "pay_fee",
        "deliver_letter",
    }
    assert shown(foi.office_handler, request, today) == office
    # 第三十三条第二款: only the office head approves an extension.
    assert shown(foi.office_head, request, today) == office | {"extend"}
    # The supervisor reads the case and may remind; nothing else.
    assert shown(foi.supervisor, request, today) == {"remind"}
    # The department sees no action before the case is assigned to it; other bodies, none.
    for user in (
        foi.dept_handler,
        foi.county_handler,
        foi.region.editor,
        foi.region.outsider,
        AnonymousUser(),
    ):
        assert shown(user, request, today) == set()


def test_model_a_the_assigned_department_handles_not_routes(
    foi: FoiRegion, make_request: MakeRequest
) -> None:
    request = make_request(D(2026, 3, 2))
    handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept, assignee=foi.dept_handler)
    assert shown(foi.dept_handler, request, D(2026, 3, 2)) == {
        "ask_correction",
        "consult",
        "answer_consultation",
        "reply",
        "link_duplicate",
        "pay_fee",
        "deliver_letter",
    }


def test_fee_notices_only_where_fees_are_charged(
    foi: FoiRegion, make_request: MakeRequest, settings: Any
) -> None:
    request = make_request(D(2026, 3, 2))
    assert "fee" not in shown(foi.office_handler, request, D(2026, 3, 2))
    settings.GONGKAI = {
        **settings.GONGKAI,
        "REQUEST_FEES": {**settings.GONGKAI["REQUEST_FEES"], "ENABLED": True},
    }
    assert "fee" in shown(foi.office_handler, request, D(2026, 3, 2))


def test_correction_is_asked_once_pauses_and_lapses_after_its_time(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 3))
    handling.ask_correction(request, actor=foi.office_handler, on=D(2026, 3, 3), what="请写明文号")
    during = shown(foi.office_head, request, D(2026, 3, 3))
    assert {"receive_correction"} <= during
    # 第三十条: once only; and while the applicant corrects, the clock stands: no consultation,
    # extension or reply.
    assert not during & {"ask_correction", "consult", "extend", "reply", "lapse_correction"}
    assert fresh(request).correction_due == D(2026, 3, 24)
    assert "lapse_correction" not in shown(foi.office_handler, request, D(2026, 3, 24))
    assert "lapse_correction" in shown(foi.office_handler, request, D(2026, 3, 25))
    handling.receive_correction(fresh(request), actor=foi.office_handler, on=D(2026, 3, 3))
    after = shown(foi.office_handler, request, D(2026, 3, 3))
    assert "ask_correction" not in after and {"consult", "reply"} <= after


def test_a_finished_request_takes_appeals_and_deliveries_only(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    handling.issue_reply(
        fresh(request),
        actor=foi.office_handler,
        on=D(2026, 3, 20),
        outcome="1",
        reply_type=ReplyType.PROVIDED,
    )
    assert fresh(request).state == RequestState.ANSWERED
    assert shown(foi.office_handler, request, D(2026, 3, 20)) == {
        "reissue_code",
        "link_duplicate",
        "record_appeal",
        "decide_appeal",
        "deliver_letter",
    }
    assert shown(foi.supervisor, request, D(2026, 3, 20)) == set()


@pytest.fixture
def window(foi: FoiRegion, make_request: MakeRequest) -> InfoRequest:
    """Model B: the office is a window; the request is assigned to the department's handler."""
    RequestSettings.objects.create(organization=foi.office, routing=Routing.WINDOW)
    request = make_request(D(2026, 3, 2))
    return handling.assign(
        request, actor=foi.office_handler, handling_unit=foi.dept, assignee=foi.dept_handler
    )


def test_model_b_the_department_drafts_the_office_reviews_the_window_delivers(
    foi: FoiRegion, window: InfoRequest, clock: Clock
) -> None:
    today = D(2026, 3, 18)
    clock.set(today)
    assert "submit_draft" in shown(foi.dept_handler, window, today)
    for user in people(foi):
        assert not shown(user, window, today) & {"reply", "deliver", "review_draft", "recall"}

    handling.submit_draft(
        fresh(window),
        actor=foi.dept_handler,
        outcome="4.1",
        reply_type=ReplyType.NOT_EXIST,
        reasons="经检索，本机关未制作或获取该信息",
        title="",
        body="经检索，本机关未制作或获取您所申请的信息。",
    )
    assert "review_draft" in shown(foi.office_handler, window, today)
    assert not shown(foi.dept_handler, window, today) & {"submit_draft", "review_draft", "deliver"}

    handling.approve_draft(fresh(window), actor=foi.office_head)
    window_staff = shown(foi.office_handler, window, today)
    assert {"deliver", "recall"} <= window_staff and "reply" not in window_staff
    for user in (foi.dept_handler, foi.supervisor, foi.county_handler):
        assert not shown(user, window, today) & {"deliver", "recall", "reply"}
