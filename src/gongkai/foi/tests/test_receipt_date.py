"""The date of receipt per channel (2019 《政府信息公开条例》 第三十一条), ``intake.receipt_date``.

(一) 当面提交: the day it is handed in; (二) 以邮寄方式提交: the day the body signs for the letter, never
before it was posted; (三) 通过互联网渠道或者传真、电子邮件提交: the day both sides confirm receipt.
These tests need no database. The last ones feed the date of receipt to the clock kernel and count the
20 working days of 第三十三条第一款 by hand from docs/sources/calendar-notices.md.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.foi.clock import Event, EventKind, compute
from gongkai.foi.legal import RECEIPT_RULES, Channel
from gongkai.foi.services.intake import receipt_date
from gongkai.workdays.kernel import build_calendar

D = date

LETTER_MISSING = "信函申请以签收之日为收到申请之日，请填写签收日期（第三十一条第（二）项）"
CONFIRM_MISSING = (
    "网上、传真、电子邮件申请以双方确认之日为收到申请之日，请填写确认日期（第三十一条第（三）项）"
)
CONFIRMING_CHANNELS = [Channel.ONLINE, Channel.FAX, Channel.EMAIL]


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# -- (一) in person --------------------------------------------------------------------------------


def test_art31_1_in_person_is_the_day_submitted() -> None:
    """第三十一条第（一）项: handed in on Tue 2026-03-03 → received that day."""
    assert receipt_date(Channel.IN_PERSON, submitted_on=D(2026, 3, 3)) == D(2026, 3, 3)


def test_art31_1_in_person_ignores_other_dates() -> None:
    """第三十一条第（一）项: a signing or confirmation date entered by mistake does not move the day."""
    got = receipt_date(
        Channel.IN_PERSON,
        submitted_on=D(2026, 3, 3),
        signed_for_on=D(2026, 3, 5),
        confirmed_on=D(2026, 3, 6),
    )
    assert got == D(2026, 3, 3)


def test_art31_1_in_person_on_a_weekend_is_still_that_day() -> None:
    """第三十一条第（一）项: handed in at a Saturday service window (2026-03-07): the day of receipt is
    the Saturday; the clock (第三十三条) simply starts counting after it."""
    assert receipt_date(Channel.IN_PERSON, submitted_on=D(2026, 3, 7)) == D(2026, 3, 7)


# -- (二) letter ---------------------------------------------------------------------------------------


def test_art31_2_letter_is_the_day_signed_for() -> None:
    """第三十一条第（二）项: posted Mon 2026-03-02, signed for Thu 3-05 → received 3-05."""
    got = receipt_date(Channel.LETTER, submitted_on=D(2026, 3, 2), signed_for_on=D(2026, 3, 5))
    assert got == D(2026, 3, 5)


def test_art31_2_letter_signed_for_on_the_posting_day() -> None:
    """第三十一条第（二）项: posted and signed for the same day (local post): received that day."""
    got = receipt_date(Channel.LETTER, submitted_on=D(2026, 3, 2), signed_for_on=D(2026, 3, 2))
    assert got == D(2026, 3, 2)


def test_art31_2_letter_confirmation_date_does_not_replace_signing() -> None:
    """第三十一条第（二）项: for a letter only the signing date counts; a confirmation date is not enough."""
    with pytest.raises(ValidationError) as excinfo:
        receipt_date(Channel.LETTER, submitted_on=D(2026, 3, 2), confirmed_on=D(2026, 3, 4))
    assert errors_of(excinfo) == {"signed_for_on": [LETTER_MISSING]}


def test_art31_2_letter_needs_the_signing_date() -> None:
    """第三十一条第（二）项: without the day the body signed for it there is no date of receipt."""
    with pytest.raises(ValidationError) as excinfo:
        receipt_date(Channel.LETTER, submitted_on=D(2026, 3, 2))
    assert errors_of(excinfo) == {"signed_for_on": [LETTER_MISSING]}


def test_art31_2_letter_cannot_be_signed_for_before_posting() -> None:
    """第三十一条第（二）项: signed for Sun 3-01 but posted Mon 3-02: impossible, refused on that field."""
    with pytest.raises(ValidationError) as excinfo:
        receipt_date(Channel.LETTER, submitted_on=D(2026, 3, 2), signed_for_on=D(2026, 3, 1))
    assert errors_of(excinfo) == {"signed_for_on": ["签收日期不能早于寄出日期"]}


# -- (三) online, fax, e-mail ------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", CONFIRMING_CHANNELS, ids=[c.value for c in CONFIRMING_CHANNELS])
def test_art31_3_online_fax_email_is_the_day_both_sides_confirm(channel: Channel) -> None:
    """第三十一条第（三）项: sent Fri 2026-03-06, confirmed Mon 3-09 → received 3-09."""
    got = receipt_date(channel, submitted_on=D(2026, 3, 6), confirmed_on=D(2026, 3, 9))
    assert got == D(2026, 3, 9)


@pytest.mark.parametrize("channel", CONFIRMING_CHANNELS, ids=[c.value for c in CONFIRMING_CHANNELS])
def test_art31_3_confirmation_is_required(channel: Channel) -> None:
    """第三十一条第（三）项: without the confirmation date (a signing date does not replace it) → refused."""
    with pytest.raises(ValidationError) as excinfo:
        receipt_date(channel, submitted_on=D(2026, 3, 6), signed_for_on=D(2026, 3, 9))
    assert errors_of(excinfo) == {"confirmed_on": [CONFIRM_MISSING]}


@pytest.mark.parametrize("channel", CONFIRMING_CHANNELS, ids=[c.value for c in CONFIRMING_CHANNELS])
def test_art31_3_confirmation_cannot_precede_sending(channel: Channel) -> None:
    """第三十一条第（三）项: confirmed Thu 3-05 for something sent Fri 3-06: refused on that field."""
    with pytest.raises(ValidationError) as excinfo:
        receipt_date(channel, submitted_on=D(2026, 3, 6), confirmed_on=D(2026, 3, 5))
    assert errors_of(excinfo) == {"confirmed_on": ["确认日期不能早于提交日期"]}


def test_art31_3_confirmed_the_same_day() -> None:
    """第三十一条第（三）项: an e-mail confirmed the day it was sent is received that day."""
    got = receipt_date(Channel.EMAIL, submitted_on=D(2026, 3, 6), confirmed_on=D(2026, 3, 6))
    assert got == D(2026, 3, 6)


def test_art31_plain_string_channel_values_work() -> None:
    """第三十一条: forms pass the stored value ("letter", "fax"), not the enum member."""
    assert receipt_date("letter", submitted_on=D(2026, 3, 2), signed_for_on=D(2026, 3, 4)) == D(2026, 3, 4)
    assert receipt_date("fax", submitted_on=D(2026, 3, 2), confirmed_on=D(2026, 3, 3)) == D(2026, 3, 3)
    assert receipt_date("in_person", submitted_on=D(2026, 3, 2)) == D(2026, 3, 2)


def test_art31_every_channel_has_a_rule_citing_its_item() -> None:
    """第三十一条: the registration form shows the rule for each channel, citing the item that applies."""
    assert set(RECEIPT_RULES) == set(Channel.values)
    assert "第三十一条第（一）项" in RECEIPT_RULES[Channel.IN_PERSON]
    assert "第三十一条第（二）项" in RECEIPT_RULES[Channel.LETTER]
    for channel in CONFIRMING_CHANNELS:
        assert "第三十一条第（三）项" in RECEIPT_RULES[channel]


# -- the date of receipt starts the clock ------------------------------------------------------------


def test_art31_2_letter_signed_for_after_mid_autumn_sets_the_due_date() -> None:
    """第三十一条第（二）项 + 第三十三条第一款: posted Wed 2026-09-23, signed for Mon 9-28 (after 中秋
    25–27 Sep). 20 working days from 9-28: 29(1) 30(2), 国庆 Oct 1–7 off, 8(3) 9(4), Sat 10 make-up(5),
    12(6)–16(10), 19(11)–23(15), 26(16) 27(17) 28(18) 29(19) 30 Fri(20).
    """
    received_on = receipt_date(Channel.LETTER, submitted_on=D(2026, 9, 23), signed_for_on=D(2026, 9, 28))
    assert received_on == D(2026, 9, 28)
    result = compute([Event(EventKind.RECEIVED, received_on)], build_calendar())
    assert result.due == D(2026, 10, 30)


def test_art31_3_email_confirmed_on_a_holiday_sets_the_due_date() -> None:
    """第三十一条第（三）项 + 第三十三条第一款: e-mailed Tue 2025-09-30, confirmed Thu 10-02 (国庆·中秋
    holiday). Oct 3–8 off, 9(1) 10(2), Sat 11 make-up(3), 13(4)–17(8), 20(9)–24(13), 27(14)–31(18),
    Nov 3(19) 4 Tue(20).
    """
    received_on = receipt_date(Channel.EMAIL, submitted_on=D(2025, 9, 30), confirmed_on=D(2025, 10, 2))
    result = compute([Event(EventKind.RECEIVED, received_on)], build_calendar())
    assert result.due == D(2025, 11, 4)
