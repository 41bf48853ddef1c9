"""The reply (``gongkai.foi.services.replies``): masking proposed on its text and applied only where
chosen (区分处理, 第三十七条), the letter drafted from the outcome when left empty, the department's
draft in model B, and the window's issue-and-deliver (出具并送达), all or nothing.

Dates: received Monday 2 March 2026, replied on 20 March (within the 20 working days of 第三十三条).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.conftest import Clock
from gongkai.foi.legal import ReplyType
from gongkai.foi.models import InfoRequest, Letter, RequestSettings, RequestState, Routing
from gongkai.foi.services import handling, replies
from gongkai.foi.tests.conftest import FoiRegion

D = dt.date
MakeRequest = Callable[..., InfoRequest]

ID = "11010519491231002X"  # a valid resident ID number (GB 11643, check character X)
PHONE = "13912345678"
TEXT = f"张三：\n经查，李四（身份证号码{ID}，电话{PHONE}）的材料予以提供。"


def fresh(request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.get(pk=request.pk)


def test_masks_are_proposed_with_keys_and_labels() -> None:
    found = replies.proposed_masks(TEXT)
    assert [f.kind for f in found] == ["id_card", "mobile"]
    assert [f.text for f in found] == [ID, PHONE]
    choices = replies.mask_choices(TEXT)
    start = TEXT.index(ID)
    assert choices[0][0] == f"{start}-{start + len(ID)}"
    assert choices[0][1].startswith(
        f"应用遮盖：居民身份证号码“{ID}”（第{start + 1}—{start + len(ID)}字），遮盖为“"
    )
    assert replies.proposed_masks("  ") == [] and replies.mask_choices("") == []


def test_only_the_chosen_masks_are_applied() -> None:
    id_key, phone_key = (replies.mask_key(f) for f in replies.proposed_masks(TEXT))
    only_id = replies.apply_masks(TEXT, {id_key})
    assert ID not in only_id and PHONE in only_id
    assert replies.apply_masks(TEXT, {id_key, phone_key}).count("*") > 0
    assert PHONE not in replies.apply_masks(TEXT, {id_key, phone_key})
    assert replies.apply_masks(TEXT, set()) == TEXT
    # A key that does not match a proposal of this very text masks nothing.
    assert replies.apply_masks(TEXT, {"0-3"}) == TEXT


def test_model_a_answer_issues_the_masked_reply(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    id_key = replies.mask_key(replies.proposed_masks(TEXT)[0])
    letter = replies.answer(
        fresh(request),
        actor=foi.office_handler,
        on=D(2026, 3, 20),
        outcome="2",
        reply_type=ReplyType.PROVIDED,
        reasons="涉及第三方个人信息，区分处理",
        title="政府信息公开申请答复告知书",
        body=TEXT,
        masks={id_key},
    )
    assert isinstance(letter, Letter)
    assert ID not in letter.body and PHONE in letter.body
    assert fresh(request).state == RequestState.ANSWERED


def test_an_empty_body_is_drafted_from_the_outcome(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock
) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    title, body = replies.compose_reply(fresh(request), outcome="1", reply_type=ReplyType.PROVIDED)
    letter = replies.answer(
        fresh(request),
        actor=foi.office_handler,
        on=D(2026, 3, 20),
        outcome="1",
        reply_type=ReplyType.PROVIDED,
    )
    assert (letter.title, letter.body) == (title, body)
    assert "第三十六条第（二）项" in letter.body


def test_a_refused_answer_changes_nothing(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    with pytest.raises(PermissionDenied):
        replies.answer(fresh(request), actor=foi.supervisor, on=D(2026, 3, 20), outcome="1", body=TEXT)
    assert fresh(request).state == RequestState.REGISTERED and not Letter.objects.exists()


@pytest.fixture
def window(foi: FoiRegion, make_request: MakeRequest) -> InfoRequest:
    """Model B: the office is a window; the request is assigned to the department's handler."""
    RequestSettings.objects.create(organization=foi.office, routing=Routing.WINDOW)
    request = make_request(D(2026, 3, 2))
    return handling.assign(
        request, actor=foi.office_handler, handling_unit=foi.dept, assignee=foi.dept_handler
    )


def test_model_b_the_departments_answer_is_a_masked_draft(
    foi: FoiRegion, window: InfoRequest, clock: Clock
) -> None:
    clock.set(D(2026, 3, 18))
    phone_key = replies.mask_key(replies.proposed_masks(TEXT)[1])
    result = replies.answer(
        fresh(window),
        actor=foi.dept_handler,
        on=D(2026, 3, 18),
        outcome="1",
        reply_type=ReplyType.PROVIDED,
        body=TEXT,
        masks={phone_key},
    )
    assert isinstance(result, InfoRequest)
    window = fresh(window)
    assert window.state == RequestState.DRAFTED
    assert ID in window.draft_body and PHONE not in window.draft_body
    assert not Letter.objects.exists()


def approved(foi: FoiRegion, window: InfoRequest) -> InfoRequest:
    replies.answer(
        fresh(window),
        actor=foi.dept_handler,
        on=D(2026, 3, 18),
        outcome="4.1",
        reply_type=ReplyType.NOT_EXIST,
        reasons="经检索，本机关未制作或获取该信息",
        body="经检索，本机关未制作或获取您所申请的信息。",
    )
    handling.approve_draft(fresh(window), actor=foi.office_head)
    return fresh(window)


def test_the_window_issues_and_records_the_delivery(
    foi: FoiRegion, window: InfoRequest, clock: Clock
) -> None:
    clock.set(D(2026, 3, 19))
    letter = replies.deliver_reply(
        approved(foi, window),
        actor=foi.office_handler,
        on=D(2026, 3, 19),
        delivery="pickup",
        delivered_on=D(2026, 3, 19),
        delivery_note="申请人到窗口领取，本人签收",
    )
    letter.refresh_from_db()
    assert (letter.body, letter.issued_by) == (
        "经检索，本机关未制作或获取您所申请的信息。",
        foi.office_handler,
    )
    assert (letter.delivery, letter.delivered_on, letter.delivery_note) == (
        "pickup",
        D(2026, 3, 19),
        "申请人到窗口领取，本人签收",
    )
    assert fresh(window).state == RequestState.ANSWERED


def test_the_window_may_record_the_delivery_later(foi: FoiRegion, window: InfoRequest, clock: Clock) -> None:
    clock.set(D(2026, 3, 19))
    letter = replies.deliver_reply(
        approved(foi, window), actor=foi.office_handler, on=D(2026, 3, 19), delivery="post"
    )
    letter.refresh_from_db()
    assert (letter.delivery, letter.delivered_on) == ("post", None)


def test_a_refused_delivery_issues_nothing_and_names_the_delivery_fields(
    foi: FoiRegion, window: InfoRequest, clock: Clock
) -> None:
    clock.set(D(2026, 3, 19))
    request = approved(foi, window)
    with pytest.raises(ValidationError) as error:
        replies.deliver_reply(
            request,
            actor=foi.office_handler,
            on=D(2026, 3, 19),
            delivery="pickup",
            delivered_on=D(2026, 3, 18),  # before the letter was issued
            delivery_note="签收",
        )
    assert error.value.message_dict == {"delivered_on": ["送达日期不能早于出具日期（2026年3月19日）"]}
    assert fresh(window).state == RequestState.APPROVED and not Letter.objects.exists()
    # Only the window delivers: the department may not.
    with pytest.raises(PermissionDenied):
        replies.deliver_reply(fresh(window), actor=foi.dept_handler, on=D(2026, 3, 19), delivery="pickup")
