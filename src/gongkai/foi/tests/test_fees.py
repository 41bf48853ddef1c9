"""信息处理费 (第四十二条, 国办函〔2020〕109号): the pure arithmetic with cases worked out by hand from
the 办法, and the service (notice pauses the clock, payment resumes it, lapse ends the request)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.core.actors import SYSTEM
from gongkai.foi.fees import BY_COUNT, BY_VOLUME, fee_for
from gongkai.foi.legal import FeeMethod, Outcome
from gongkai.foi.models import ClockEvent, FeeNotice, LetterKind, RequestState

# The tiers of settings.GONGKAI["REQUEST_FEES"] (国办函〔2020〕109号).
COUNT = [(11, 100), (31, 200), (41, 300), (51, 400), (61, 500), (71, 600), (81, 700), (91, 800)]
VOLUME = [(31, 10), (101, 20), (201, 40)]
BEYOND = (10, 100)


# --- the arithmetic (pure) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (1, 0),
        (10, 0),  # 10件以下（含10件）不收费
        (11, 100),  # 第11件 100元
        (30, 2000),  # 20×100
        (35, 3000),  # 20×100 + 5×200
        (40, 4000),  # 20×100 + 10×200
        (41, 4300),  # 20×100 + 10×200 + 1×300
        (55, 9000),  # 20×100 + 10×200 + 10×300 + 5×400 = 2000 + 2000 + 3000 + 2000
        (100, 37000),  # 2000 + 10×(200+300+400+500+600+700+800) = 2000 + 35000
        (105, 41500),  # 37000 + 5×900: 每增加10件加收100元/件, beyond the configured 91–100 tier
        (125, 61500),  # 37000 + 10×900 + 10×1000 + 5×1100
    ],
)
def test_by_count_per_month_109(quantity: int, expected: int) -> None:
    assert fee_for(BY_COUNT, quantity, COUNT, BEYOND).total == Decimal(expected)


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (0, 0),
        (30, 0),  # 30页以下（含30页）不收费
        (31, 10),  # 1×10
        (100, 700),  # 70×10
        (101, 720),  # 70×10 + 1×20
        (150, 1700),  # 70×10 + 50×20
        (200, 2700),  # 70×10 + 100×20
        (201, 2740),  # 2700 + 1×40
        (250, 4700),  # 70×10 + 100×20 + 50×40
        (1000, 34700),  # 2700 + 800×40
    ],
)
def test_by_volume_per_application_109(quantity: int, expected: int) -> None:
    assert fee_for(BY_VOLUME, quantity, VOLUME).total == Decimal(expected)


def test_breakdown_of_250_pages() -> None:
    quote = fee_for(BY_VOLUME, 250, VOLUME)
    rows = [(t.first, t.last, t.units, t.price, t.subtotal) for t in quote.tiers]
    assert rows == [
        (1, 30, 30, Decimal(0), Decimal(0)),
        (31, 100, 70, Decimal(10), Decimal(700)),
        (101, 200, 100, Decimal(20), Decimal(2000)),
        (201, 250, 50, Decimal(40), Decimal(2000)),
    ]
    assert quote.lines() == [
        "第1—30页：30页，免费",
        "第31—100页：70页×10元＝700元",
        "第101—200页：100页×20元＝2000元",
        "第201—250页：50页×40元＝2000元",
    ]
    assert quote.chargeable and quote.unit == "页"


def test_breakdown_of_35_items() -> None:
    quote = fee_for(BY_COUNT, 35, COUNT, BEYOND)
    assert [(t.units, t.price, t.subtotal) for t in quote.tiers] == [
        (10, Decimal(0), Decimal(0)),
        (20, Decimal(100), Decimal(2000)),
        (5, Decimal(200), Decimal(1000)),
    ]
    assert quote.total == Decimal(3000)


def test_without_beyond_the_last_tier_runs_on() -> None:
    # 37000 + 5×800 (the 91–100 price continues when no continuation rule is configured)
    assert fee_for(BY_COUNT, 105, COUNT).total == Decimal(41000)


def test_already_counted_items_of_the_month() -> None:
    """The 11th application of a month costs 100, the 31st 200; 件 29–33 cost 2×100 + 3×200."""
    assert fee_for(BY_COUNT, 1, COUNT, BEYOND, already=10).total == Decimal(100)
    assert fee_for(BY_COUNT, 1, COUNT, BEYOND, already=30).total == Decimal(200)
    assert fee_for(BY_COUNT, 1, COUNT, BEYOND, already=9).total == Decimal(0)
    quote = fee_for(BY_COUNT, 5, COUNT, BEYOND, already=28)
    assert quote.total == Decimal(800)
    assert quote.lines() == ["第29—30件：2件×100元＝200元", "第31—33件：3件×200元＝600元"]


def test_far_beyond_is_computed_without_walking_every_tier() -> None:
    # 件 100001 lies in the tier starting at 91 + 9991×10 = 100001: 800 + 9991×100 = 999900 元/件.
    quote = fee_for(BY_COUNT, 1, COUNT, BEYOND, already=100_000)
    assert quote.total == Decimal(999_900)
    assert quote.lines() == ["第100001件：1件×999900元＝999900元"]


def test_count_and_volume_add_up_to_the_sum_of_their_parts() -> None:
    """Charging 件 1–20 and then 21–35 costs what 1–35 costs at once."""
    first = fee_for(BY_COUNT, 20, COUNT, BEYOND)
    second = fee_for(BY_COUNT, 15, COUNT, BEYOND, already=20)
    assert first.total + second.total == fee_for(BY_COUNT, 35, COUNT, BEYOND).total == Decimal(3000)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "both", "quantity": 1, "tiers": COUNT}, "计收方式"),
        ({"method": BY_COUNT, "quantity": -1, "tiers": COUNT}, "不小于0"),
        ({"method": BY_COUNT, "quantity": 5, "tiers": []}, "至少应有一档"),
        ({"method": BY_COUNT, "quantity": 5, "tiers": [(31, 200), (11, 100)]}, "逐档递增"),
        ({"method": BY_VOLUME, "quantity": 5, "tiers": VOLUME, "already": 3}, "不累计"),
        ({"method": BY_COUNT, "quantity": 5, "tiers": COUNT, "beyond": (0, 100)}, "档宽"),
        ({"method": BY_VOLUME, "quantity": 5_000_000, "tiers": VOLUME}, "超出合理范围"),
    ],
)
def test_bad_input_is_refused_in_chinese(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fee_for(**kwargs)


# --- the service -----------------------------------------------------------------------------------------

RECEIVED = dt.date(2026, 3, 2)  # a Monday
NOTICE = dt.date(2026, 3, 4)
# 20 working days after 4 March 2026: 5–6 (2), 9–13 (7), 16–20 (12), 23–27 (17), 30–31 (19), 1 April (20).
PAY_BY = dt.date(2026, 4, 1)


@pytest.fixture
def fees_on(settings: Any) -> None:
    settings.GONGKAI = {
        **settings.GONGKAI,
        "REQUEST_FEES": {**settings.GONGKAI["REQUEST_FEES"], "ENABLED": True},
    }


def test_quote_reads_the_configured_tiers(settings: Any) -> None:
    from gongkai.foi.services.fees import quote

    assert quote(FeeMethod.BY_VOLUME, 250).total == Decimal(4700)
    assert quote(FeeMethod.BY_COUNT, 105).total == Decimal(41500)  # the 109号 continuation by default
    settings.GONGKAI = {
        **settings.GONGKAI,
        "REQUEST_FEES": {
            "ENABLED": True,
            "BY_COUNT": [(21, 50)],
            "BY_VOLUME": [(51, 5)],
            "BY_COUNT_BEYOND": None,
        },
    }
    assert quote(FeeMethod.BY_VOLUME, 250).total == Decimal(1000)  # 200×5
    assert quote(FeeMethod.BY_COUNT, 30).total == Decimal(500)  # 10×50
    with pytest.raises(ValidationError) as error:
        quote("weight", 3)
    assert "method" in error.value.message_dict


def test_disabled_by_default(foi: Any, make_request: Any) -> None:
    from gongkai.foi.services.fees import issue_fee_notice

    request = make_request(RECEIVED)
    with pytest.raises(ValidationError, match="本平台未启用信息处理费"):
        issue_fee_notice(
            request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=250, on=RECEIVED
        )
    assert not FeeNotice.objects.exists()


def test_count_this_month_same_applicant_same_body(foi: Any, make_request: Any) -> None:
    from gongkai.foi.services.fees import count_this_month, earlier_this_month

    first = make_request(dt.date(2026, 3, 2))
    second = make_request(dt.date(2026, 3, 5), id_number="341302199001011238")
    make_request(dt.date(2026, 3, 9), id_number="110105198001010016")  # someone else
    make_request(dt.date(2026, 4, 1))  # next month
    make_request(dt.date(2026, 3, 10), organization=foi.dept, actor=foi.dept_handler)  # another body
    third = make_request(dt.date(2026, 3, 31))
    assert count_this_month(first) == count_this_month(third) == 3
    assert [earlier_this_month(r) for r in (first, second, third)] == [0, 1, 2]


def test_volume_notice_pauses_the_clock_and_issues_the_letter(
    foi: Any, make_request: Any, clock: Any, fees_on: None
) -> None:
    from gongkai.foi.services.fees import issue_fee_notice

    request = make_request(RECEIVED)
    clock.set(NOTICE)
    fee = issue_fee_notice(
        request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=250, on=NOTICE
    )
    assert fee.amount == Decimal(4700)
    assert fee.pay_by == PAY_BY
    event = ClockEvent.objects.get(request=request, kind="pause_started")
    assert (event.key, event.on, event.until) == (f"fee:{fee.pk}", NOTICE, PAY_BY)
    request.refresh_from_db()
    assert request.clock_status == "paused"
    # Used by 4 March: 3 and 4 March (2 days); 18 left from the latest end 1 April:
    # 2–3 Apr (2), 清明 4–6 Apr off, 7–10 (6), 13–17 (11), 20–24 (16), 27–28 (18).
    assert request.due_date == dt.date(2026, 4, 28)
    assert request.due_projected
    letter = request.letters.get(kind=LetterKind.FEE)
    assert letter.number == "测试市人民政府办公室依申〔2026〕1号"
    assert "应缴纳信息处理费合计4700元" in letter.body
    assert "第201—250页：50页×40元＝2000元" in letter.body
    assert "2026年4月1日前缴纳" in letter.body
    assert "第四十二条" in letter.body and "国办函〔2020〕109号" in letter.body
    assert "视为放弃申请" in letter.body
    assert AuditEvent.objects.filter(action="request.fee_notice_issued", target_id=str(request.pk)).exists()


def test_count_notice_charges_the_position_in_the_month(
    foi: Any, make_request: Any, clock: Any, fees_on: None
) -> None:
    from gongkai.foi.services.fees import issue_fee_notice

    for day in range(2, 7):  # 2–6 March: 5 applications; 9–13 March: 5 more
        make_request(dt.date(2026, 3, day))
    for day in range(9, 14):
        make_request(dt.date(2026, 3, day))
    eleventh = make_request(dt.date(2026, 3, 16))
    clock.set(dt.date(2026, 3, 17))
    fee = issue_fee_notice(
        eleventh, actor=foi.office_handler, method=FeeMethod.BY_COUNT, quantity=1, on=dt.date(2026, 3, 17)
    )
    assert fee.amount == Decimal(100)  # the 11th 件 of March
    letter = eleventh.letters.get(kind=LetterKind.FEE)
    assert "本次申请计为本月第11件" in letter.body
    assert "第11件：1件×100元＝100元" in letter.body


def test_free_range_and_mixed_methods_are_refused(
    foi: Any, make_request: Any, clock: Any, fees_on: None
) -> None:
    from gongkai.foi.services.fees import issue_fee_notice, record_payment

    request = make_request(RECEIVED)
    clock.set(NOTICE)
    with pytest.raises(ValidationError) as error:
        issue_fee_notice(
            request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=30, on=NOTICE
        )
    assert "免费范围" in error.value.message_dict["quantity"][0]
    with pytest.raises(ValidationError) as error:
        issue_fee_notice(request, actor=foi.office_handler, method=FeeMethod.BY_COUNT, quantity=1, on=NOTICE)
    assert "第1件在免费范围内" in error.value.message_dict["quantity"][0]
    fee = issue_fee_notice(
        request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=31, on=NOTICE
    )
    with pytest.raises(ValidationError, match="尚未缴费"):
        issue_fee_notice(
            request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=40, on=NOTICE
        )
    record_payment(fee, actor=foi.office_handler, on=NOTICE)
    with pytest.raises(ValidationError) as error:
        issue_fee_notice(request, actor=foi.office_handler, method=FeeMethod.BY_COUNT, quantity=20, on=NOTICE)
    assert "不得同时适用" in error.value.message_dict["method"][0]


def test_waiver_request_needs_an_answer(foi: Any, make_request: Any, clock: Any, fees_on: None) -> None:
    from gongkai.foi.services.fees import issue_fee_notice

    request = make_request(RECEIVED, fee_waiver_requested=True, fee_waiver_reason="本人为低保对象")
    clock.set(NOTICE)
    with pytest.raises(ValidationError) as error:
        issue_fee_notice(
            request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=120, on=NOTICE
        )
    assert "waiver_reply" in error.value.message_dict
    assert not FeeNotice.objects.exists()  # the transaction rolled back
    fee = issue_fee_notice(
        request,
        actor=foi.office_handler,
        method=FeeMethod.BY_VOLUME,
        quantity=120,
        on=NOTICE,
        waiver_reply="未提供低保证明材料，不予减免",
    )
    assert fee.amount == Decimal(1100)  # 70×10 + 20×20
    assert "对您提出的减免费用申请，经审查：未提供低保证明材料，不予减免。" in request.letters.get().body


def test_payment_resumes_the_clock(foi: Any, make_request: Any, clock: Any, fees_on: None) -> None:
    from gongkai.foi.services.fees import issue_fee_notice, record_payment

    request = make_request(RECEIVED)
    clock.set(NOTICE)
    fee = issue_fee_notice(
        request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=250, on=NOTICE
    )
    clock.set(dt.date(2026, 3, 11))
    with pytest.raises(PermissionDenied):
        record_payment(fee, actor=foi.region.outsider, on=dt.date(2026, 3, 11))
    record_payment(fee, actor=foi.office_handler, on=dt.date(2026, 3, 11))
    fee.refresh_from_db()
    request.refresh_from_db()
    assert fee.paid_on == dt.date(2026, 3, 11)
    assert request.clock_status == "running" and not request.due_projected
    # 2 days used before the pause; 18 from 11 March: 12–13 (2), 16–20 (7), 23–27 (12),
    # 30 Mar–3 Apr (17), 清明 4–6 Apr off, 7 Apr (18).
    assert request.due_date == dt.date(2026, 4, 7)
    ended = ClockEvent.objects.get(request=request, kind="pause_ended")
    assert ended.key == fee.clock_key
    with pytest.raises(ValidationError, match="已缴费或已按逾期处理"):
        record_payment(fee, actor=foi.office_handler, on=dt.date(2026, 3, 11))


def test_unpaid_fee_ends_the_request_as_outcome_6_2(
    foi: Any, make_request: Any, clock: Any, fees_on: None
) -> None:
    from gongkai.foi.services.fees import issue_fee_notice, lapse_fee, record_payment

    request = make_request(RECEIVED)
    clock.set(NOTICE)
    fee = issue_fee_notice(
        request, actor=foi.office_handler, method=FeeMethod.BY_VOLUME, quantity=250, on=NOTICE
    )
    clock.set(PAY_BY)
    with pytest.raises(ValidationError) as error:
        lapse_fee(fee, actor=foi.office_handler, on=PAY_BY)
    assert "期限届满后" in error.value.message_dict["on"][0]
    lapsed_on = dt.date(2026, 4, 2)
    clock.set(lapsed_on)
    with pytest.raises(ValidationError) as error:
        record_payment(fee, actor=foi.office_handler, on=lapsed_on)
    assert "已于2026年4月1日届满" in error.value.message_dict["on"][0]
    lapse_fee(fee, actor=SYSTEM, on=lapsed_on)  # the deadline job acts as the platform
    request.refresh_from_db()
    fee.refresh_from_db()
    assert fee.lapsed_on == lapsed_on
    assert request.state == RequestState.CLOSED
    assert request.outcome == Outcome.OTHER_FEE_UNPAID
    assert request.closed_on == lapsed_on
    assert request.clock_status == "stopped"
    assert ClockEvent.objects.filter(request=request, kind="closed", on=lapsed_on).exists()
    letter = request.letters.get(kind=LetterKind.TERMINATION)
    assert letter.outcome == Outcome.OTHER_FEE_UNPAID
    assert letter.number == "测试市人民政府办公室依申〔2026〕2号"
    assert (
        "本机关已于2026年3月4日向您发出收费通知，您应缴纳信息处理费4700元，缴费期限至2026年4月1日。"
        in letter.body
    )
    assert "《中华人民共和国政府信息公开条例》第四十二条、国办函〔2020〕109号" in letter.body
    assert "不再处理该政府信息公开申请" in letter.body
    assert AuditEvent.objects.filter(action="request.fee_lapsed", target_id=str(request.pk)).exists()
