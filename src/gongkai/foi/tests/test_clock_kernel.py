"""The request clock kernel (``gongkai.foi.clock``) against cases worked out by hand.

Every expected date was counted by hand from docs/sources/calendar-notices.md (the 2024, 2025 and 2026 State
Council notices); the counting is in the comment of each test, "(n)" being the n-th working day
counted. The day an event happens on is never counted (期间开始的日不计算在内): a period runs from the
next day. Articles are those of the 2019 《政府信息公开条例》: 第三十一条 (date of receipt),
第三十三条第一款 (20 working days), 第三十三条第二款 (extension of at most 20, approved by the head of
the disclosure office), 第三十三条第三款 (consultation time not counted), 第三十条 (one correction
within 7 working days; the period restarts; no correction = abandoned), 第三十二条 (third party,
15 working days), 第三十四条 (jointly produced information, silence = consent), and
国办函〔2020〕109号 (a fee notice pauses the clock until payment).

The calendar is built the way the platform builds it (``gongkai.workdays.kernel.build_calendar``):
the ``chinesecalendar`` package covers 2004–2026; 2027 has no notice yet and is provisional.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.foi.clock import (
    ANSWER_WORKDAYS,
    CONSULTATION_WORKDAYS,
    CORRECTION_ASK_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    ClockError,
    ClockResult,
    ClockStatus,
    Event,
    EventKind,
    compute,
)
from gongkai.workdays.kernel import Calendar, build_calendar

D = date
K = EventKind

ART_RECEIPT_ANSWER = "第三十一条、第三十三条第一款"
ART_PAUSE = "第三十三条第三款"
ART_FEE = "第四十二条、国办函〔2020〕109号"


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return build_calendar()


# -- event helpers -----------------------------------------------------------------------------


def received(on: date, label: str = "") -> Event:
    return Event(K.RECEIVED, on, label=label)


def pause(on: date, key: str, until: date | None, label: str = "") -> Event:
    return Event(K.PAUSE_STARTED, on, key=key, until=until, label=label)


def resume(on: date, key: str) -> Event:
    return Event(K.PAUSE_ENDED, on, key=key)


def extend(on: date, days: int) -> Event:
    return Event(K.EXTENDED, on, days=days)


def ask_correction(on: date, until: date | None) -> Event:
    return Event(K.CORRECTION_REQUESTED, on, until=until)


def corrected(on: date) -> Event:
    return Event(K.CORRECTION_RECEIVED, on)


def lapsed(on: date) -> Event:
    return Event(K.CORRECTION_LAPSED, on)


def answered(on: date) -> Event:
    return Event(K.ANSWERED, on)


def closed(on: date) -> Event:
    return Event(K.CLOSED, on)


def note(on: date, label: str) -> Event:
    return Event(K.NOTE, on, label=label)


def assert_chinese(message: str) -> None:
    """A message for staff: Chinese, with no English word (dates and numbers are fine)."""
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert not re.search(r"[A-Za-z]", message), message


def clock_error(cal: Calendar, events: list[Event], today: date | None = None) -> str:
    """The Chinese message of the ClockError these events raise."""
    with pytest.raises(ClockError) as info:
        compute(events, cal, today=today)
    message = str(info.value)
    assert_chinese(message)
    return message


# The base case used by many tests below: received Mon 2026-03-02, an ordinary month.
# 20 working days (第三十三条第一款): Mar 3(1) 4(2) 5(3) 6(4), 9(5) 10(6) 11(7) 12(8) 13(9),
# 16(10) 17(11) 18(12) 19(13) 20(14), 23(15) 24(16) 25(17) 26(18) 27(19), 30 Mon(20).
MARCH_RECEIPT = D(2026, 3, 2)
MARCH_DUE = D(2026, 3, 30)


# =============================================================================================
# 第三十一条 / 第三十三条第一款: 20 working days from the day after receipt
# =============================================================================================


def test_art33_1_twenty_working_days_in_an_ordinary_month(cal: Calendar) -> None:
    """第三十三条第一款: received Mon 2026-03-02 → due Mon 2026-03-30 (counting above MARCH_DUE)."""
    result = compute([received(MARCH_RECEIPT)], cal)
    assert result.status is ClockStatus.RUNNING
    assert result.status_label == "计时中"
    assert result.base == MARCH_RECEIPT
    assert result.limit == ANSWER_WORKDAYS == 20
    assert result.due == MARCH_DUE
    assert result.internal_due == MARCH_DUE
    assert result.projected is False
    assert result.provisional_years == frozenset()
    assert result.provisional is False
    assert result.correction_due is None
    (step,) = result.steps
    assert step.on == MARCH_RECEIPT
    assert step.title == "收到申请"
    assert step.article == ART_RECEIPT_ANSWER
    assert step.effect == "自次日起计算20个工作日，答复期限至2026年3月30日"
    assert step.due == MARCH_DUE


def test_art31_receipt_step_keeps_the_label_of_the_record(cal: Calendar) -> None:
    """第三十一条: the receipt step is titled with the record's own words (e.g. the channel)."""
    result = compute([received(MARCH_RECEIPT, "收到申请（信函）")], cal)
    assert result.steps[0].title == "收到申请（信函）"
    assert result.steps[0].article.startswith("第三十一条")


def test_art33_1_spring_festival_2024(cal: Calendar) -> None:
    """第三十三条第一款 across 春节 2024 (10–17 Feb off; Sun 4 Feb and Sun 18 Feb make-up days).

    Received Mon 2024-01-29: Jan 30(1) 31(2), Feb 1(3) 2(4), Sat 3 off, Sun 4 make-up(5), 5(6) 6(7)
    7(8) 8(9) 9(10), Feb 10–17 off, Sun 18 make-up(11), 19(12) 20(13) 21(14) 22(15) 23(16),
    24–25 weekend, 26(17) 27(18) 28(19) 29 Thu(20).
    """
    result = compute([received(D(2024, 1, 29))], cal)
    assert result.due == D(2024, 2, 29)
    assert result.provisional_years == frozenset()


def test_art33_1_spring_festival_2025(cal: Calendar) -> None:
    """第三十三条第一款 across 春节 2025 (28 Jan – 4 Feb off; Sun 26 Jan and Sat 8 Feb make-up).

    Received Mon 2025-01-20: 21(1) 22(2) 23(3) 24(4), Sat 25 off, Sun 26 make-up(5), 27(6),
    Jan 28–Feb 4 off, Feb 5(7) 6(8) 7(9), Sat 8 make-up(10), Sun 9 off, 10(11) 11(12) 12(13) 13(14)
    14(15), 17(16) 18(17) 19(18) 20(19) 21 Fri(20).
    """
    assert compute([received(D(2025, 1, 20))], cal).due == D(2025, 2, 21)


def test_art33_1_spring_festival_2026_with_makeup_saturdays(cal: Calendar) -> None:
    """第三十三条第一款 across 春节 2026 (15–23 Feb off; Sat 14 Feb and Sat 28 Feb make-up).

    Received Mon 2026-02-09: 10(1) 11(2) 12(3) 13(4), Sat 14 make-up(5), Feb 15–23 off, 24(6) 25(7)
    26(8) 27(9), Sat 28 make-up(10), Sun Mar 1 off, Mar 2(11) 3(12) 4(13) 5(14) 6(15), 9(16) 10(17)
    11(18) 12(19) 13 Fri(20).
    """
    assert compute([received(D(2026, 2, 9))], cal).due == D(2026, 3, 13)


def test_art33_1_national_day_merged_with_mid_autumn_2025(cal: Calendar) -> None:
    """第三十三条第一款 across 国庆·中秋 2025 (1–8 Oct off; Sun 28 Sep and Sat 11 Oct make-up).

    Received Mon 2025-09-22: 23(1) 24(2) 25(3) 26(4), Sat 27 off, Sun 28 make-up(5), 29(6) 30(7),
    Oct 1–8 off, 9(8) 10(9), Sat 11 make-up(10), Sun 12 off, 13(11) 14(12) 15(13) 16(14) 17(15),
    20(16) 21(17) 22(18) 23(19) 24 Fri(20).
    """
    assert compute([received(D(2025, 9, 22))], cal).due == D(2025, 10, 24)


def test_art33_1_mid_autumn_then_national_day_2026(cal: Calendar) -> None:
    """第三十三条第一款: 中秋 (25–27 Sep) and 国庆 (1–7 Oct, Sat 10 Oct make-up) 2026.

    Received Mon 2026-09-21: 22(1) 23(2) 24(3), 中秋 25–27 off, 28(4) 29(5) 30(6), 国庆 Oct 1–7 off,
    8(7) 9(8), Sat 10 make-up(9), Sun 11 off, 12(10) 13(11) 14(12) 15(13) 16(14), 19(15) 20(16)
    21(17) 22(18) 23(19), 26 Mon(20).
    """
    assert compute([received(D(2026, 9, 21))], cal).due == D(2026, 10, 26)


def test_art33_1_makeup_sunday_counted_2026(cal: Calendar) -> None:
    """第三十三条第一款: the make-up Sunday 2026-09-20 is a working day and is counted.

    Received Fri 2026-09-18: Sat 19 off, Sun 20 make-up(1), 21(2) 22(3) 23(4) 24(5), 中秋 25–27 off,
    28(6) 29(7) 30(8), Oct 1–7 off, 8(9) 9(10), Sat 10 make-up(11), 12(12) 13(13) 14(14) 15(15)
    16(16), 19(17) 20(18) 21(19) 22 Thu(20).
    """
    assert compute([received(D(2026, 9, 18))], cal).due == D(2026, 10, 22)


def test_art33_1_new_year_2026_with_makeup_sunday(cal: Calendar) -> None:
    """第三十三条第一款 across 2025→2026 (元旦 1–3 Jan 2026 off, Sun 4 Jan make-up): both years noticed.

    Received Mon 2025-12-22: 23(1) 24(2) 25(3) 26(4), 29(5) 30(6) 31(7), Jan 1–3 off,
    Sun 4 make-up(8), 5(9) 6(10) 7(11) 8(12) 9(13), 12(14) 13(15) 14(16) 15(17) 16(18), 19(19) 20 Tue(20).
    """
    result = compute([received(D(2025, 12, 22))], cal)
    assert result.due == D(2026, 1, 20)
    assert result.provisional_years == frozenset()


def test_art33_1_year_boundary_2024_2025_is_covered(cal: Calendar) -> None:
    """第三十三条第一款 across 2024→2025: both years have a notice, nothing provisional.

    Received Mon 2024-12-16: 17(1) 18(2) 19(3) 20(4), 23(5) 24(6) 25(7) 26(8) 27(9), 30(10) 31(11),
    Jan 1 off, 2(12) 3(13), 6(14) 7(15) 8(16) 9(17) 10(18), 13(19) 14 Tue(20).
    """
    result = compute([received(D(2024, 12, 16))], cal)
    assert result.due == D(2025, 1, 14)
    assert result.provisional_years == frozenset()
    assert result.provisional is False


def test_art33_1_december_2026_falls_in_2027_without_notice_is_provisional(cal: Calendar) -> None:
    """第三十三条第一款, received in December 2026: the period reaches 2027, which no notice covers.

    Received Mon 2026-12-14: 15(1) 16(2) 17(3) 18(4), 21(5) 22(6) 23(7) 24(8) 25(9), 28(10) 29(11)
    30(12) 31(13), 2027: Fri Jan 1 元旦 (statutory, provisional) off, 2–3 weekend, 4(14) 5(15) 6(16)
    7(17) 8(18), 11(19) 12 Tue(20).
    """
    result = compute([received(D(2026, 12, 14))], cal)
    assert result.due == D(2027, 1, 12)
    assert result.provisional_years == frozenset({2027})
    assert result.provisional is True


def test_art33_1_december_2026_ending_in_2026_is_not_provisional(cal: Calendar) -> None:
    """第三十三条第一款: a period that ends on 28 Dec 2026 touches no day of 2027.

    Received Mon 2026-11-30: Dec 1(1) 2(2) 3(3) 4(4), 7(5) 8(6) 9(7) 10(8) 11(9), 14(10) 15(11)
    16(12) 17(13) 18(14), 21(15) 22(16) 23(17) 24(18) 25(19), 28 Mon(20).
    """
    result = compute([received(D(2026, 11, 30))], cal)
    assert result.due == D(2026, 12, 28)
    assert result.provisional_years == frozenset()


@pytest.mark.parametrize(
    "receipt",
    [D(2026, 3, 6), D(2026, 3, 7), D(2026, 3, 8)],
    ids=["friday", "saturday", "sunday"],
)
def test_art31_receipt_on_a_weekend_counts_from_the_next_working_day(cal: Calendar, receipt: date) -> None:
    """第三十一条 + 第三十三条第一款: receipt on Fri 6, Sat 7 or Sun 8 March 2026 gives the same due date.

    The receipt day never counts; Sat 7 and Sun 8 are days off; so all three start on Mon 9:
    9(1) 10(2) 11(3) 12(4) 13(5), 16(6)–20(10), 23(11)–27(15), 30(16) 31(17), Apr 1(18) 2(19) 3 Fri(20).
    """
    result = compute([received(receipt)], cal)
    assert result.due == D(2026, 4, 3)
    assert result.base == receipt


def test_art31_receipt_on_a_holiday_counts_from_the_next_working_day(cal: Calendar) -> None:
    """第三十一条 + 第三十三条第一款: received on Fri 2025-10-03, in the 国庆·中秋 holiday.

    Oct 4–8 off, 9(1) 10(2), Sat 11 make-up(3), 13(4) 14(5) 15(6) 16(7) 17(8), 20(9) 21(10) 22(11)
    23(12) 24(13), 27(14) 28(15) 29(16) 30(17) 31(18), Nov 3(19) 4 Tue(20).
    """
    assert compute([received(D(2025, 10, 3))], cal).due == D(2025, 11, 4)


def test_art31_receipt_on_a_makeup_sunday_is_itself_not_counted(cal: Calendar) -> None:
    """第三十一条 + 第三十三条第一款: received on the make-up Sunday 2025-09-28, a working day, not counted.

    29(1) 30(2), Oct 1–8 off, 9(3) 10(4), Sat 11 make-up(5), 13(6) 14(7) 15(8) 16(9) 17(10),
    20(11) 21(12) 22(13) 23(14) 24(15), 27(16) 28(17) 29(18) 30(19) 31 Fri(20).
    """
    assert compute([received(D(2025, 9, 28))], cal).due == D(2025, 10, 31)


# =============================================================================================
# 第三十三条第三款: consultations (第三十二条, 第三十四条) and fee notices pause the clock
# =============================================================================================


def test_art33_3_pause_starting_on_the_day_of_receipt(cal: Calendar) -> None:
    """第三十三条第三款 + 第三十二条: a third party consulted on the day of receipt (Mon 2026-03-02).

    Latest end, 15 working days (第三十二条): 3(1) 4(2) 5(3) 6(4), 9(5)–13(9), 16(10)–20(14), 23 Mon(15).
    Projected while open: 0 used; 20 from Mon 3-23: 24(1) 25(2) 26(3) 27(4), 30(5) 31(6), Apr 1(7) 2(8)
    3(9), 清明 4–6 off, 7(10) 8(11) 9(12) 10(13), 13(14)–17(18), 20(19) 21 Tue(20).
    Opinion received Wed 3-11: days 3–11 were the consultation's; 20 from 3-11: 12(1) 13(2),
    16(3)–20(7), 23(8)–27(12), 30(13) 31(14), Apr 1(15) 2(16) 3(17), 4–6 off, 7(18) 8(19) 9 Thu(20).
    """
    until = D(2026, 3, 23)
    assert until == cal.add_workdays(MARCH_RECEIPT, CONSULTATION_WORKDAYS)  # the 15 days, as counted
    events = [
        received(MARCH_RECEIPT),
        pause(MARCH_RECEIPT, "c1", until, label="征求第三方意见：某公司"),
        resume(D(2026, 3, 11), "c1"),
    ]
    result = compute(events, cal)
    assert result.status is ClockStatus.RUNNING
    assert result.due == D(2026, 4, 9)
    start, end = result.steps[1], result.steps[2]
    assert start.title == "征求第三方意见：某公司"
    assert start.article == ART_PAUSE
    assert start.effect == (
        "自次日起暂停计时（已用0个工作日）；最迟于2026年3月23日恢复，届时答复期限最迟至2026年4月21日"
    )
    assert start.due == D(2026, 4, 21)
    assert end.title == "恢复计时"
    assert end.article == ART_PAUSE
    assert end.effect == "自次日起恢复计时，答复期限至2026年4月9日"
    assert end.due == D(2026, 4, 9)


def test_art32_opinion_received_before_the_latest_end(cal: Calendar) -> None:
    """第三十三条第三款 + 第三十二条: consulted Wed 2026-03-04, opinion back Wed 3-11.

    Used before the pause: 3(1) 4(2) = 2. Remaining 18 from 3-11: 12(1) 13(2), 16(3)–20(7),
    23(8)–27(12), 30(13) 31(14), Apr 1(15) 2(16) 3(17), 清明 4–6 off, 7 Tue(18).
    """
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        resume(D(2026, 3, 11), "c1"),
    ]
    result = compute(events, cal)
    assert result.due == D(2026, 4, 7)
    assert result.projected is False
    assert result.status is ClockStatus.RUNNING


def test_art32_opinion_after_the_latest_end_is_clamped(cal: Calendar) -> None:
    """第三十三条第三款 + 第三十二条: the 15 working days end Wed 3-25; an opinion on Tue 3-31 is late.

    Latest end from Wed 3-04: 5(1) 6(2), 9(3)–13(7), 16(8)–20(12), 23(13) 24(14) 25(15). The clock runs
    again from 3-25 whatever the opinion's date: 2 used, 18 from 3-25: 26(1) 27(2), 30(3) 31(4),
    Apr 1(5) 2(6) 3(7), 4–6 off, 7(8) 8(9) 9(10) 10(11), 13(12)–17(16), 20(17) 21 Tue(18).
    """
    until = D(2026, 3, 25)
    assert until == cal.add_workdays(D(2026, 3, 4), CONSULTATION_WORKDAYS)
    events = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", until), resume(D(2026, 3, 31), "c1")]
    result = compute(events, cal)
    assert result.due == D(2026, 4, 21)
    last = result.steps[-1]
    assert last.on == D(2026, 3, 31)
    assert last.effect == "意见期限已于2026年3月25日届满，自该日次日起已恢复计时，答复期限至2026年4月21日"
    assert last.due == D(2026, 4, 21)


def test_art33_3_two_overlapping_consultations(cal: Calendar) -> None:
    """第三十三条第三款: a third party (第三十二条) from Wed 3-04 to Fri 3-13 and another body
    (第三十四条) from Mon 3-09 to Wed 3-18: the clock stands still from 3-05 to 3-18, counted once.

    2 used (3, 4). 18 from 3-18: 19(1) 20(2), 23(3)–27(7), 30(8) 31(9), Apr 1(10) 2(11) 3(12),
    4–6 off, 7(13) 8(14) 9(15) 10(16), 13(17) 14 Tue(18).
    """
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        # 15 working days from Mon 3-09: 10(1)–13(4), 16(5)–20(9), 23(10)–27(14), 30 Mon(15).
        pause(D(2026, 3, 9), "c2", D(2026, 3, 30)),
        resume(D(2026, 3, 13), "c1"),
        resume(D(2026, 3, 18), "c2"),
    ]
    result = compute(events, cal)
    assert result.due == D(2026, 4, 14)
    assert result.status is ClockStatus.RUNNING


def test_art33_3_still_paused_while_one_of_two_consultations_is_open(cal: Calendar) -> None:
    """第三十三条第三款, 第三十四条: c1 answered Fri 3-13, c2 (latest end Mon 3-30) still open on Mon 3-16.

    Projected: 2 used, 18 from 3-30: 31(1), Apr 1(2) 2(3) 3(4), 4–6 off, 7(5) 8(6) 9(7) 10(8),
    13(9)–17(13), 20(14) 21(15) 22(16) 23(17) 24 Fri(18).
    """
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        pause(D(2026, 3, 9), "c2", D(2026, 3, 30)),
        resume(D(2026, 3, 13), "c1"),
    ]
    result = compute(events, cal, today=D(2026, 3, 16))
    assert result.status is ClockStatus.PAUSED
    assert result.status_label == "暂停计时"
    assert result.due == D(2026, 4, 24)
    assert result.projected is True
    assert result.steps[-1].due == D(2026, 4, 24)


def test_art33_3_consultation_inside_another_adds_nothing(cal: Calendar) -> None:
    """第三十三条第三款: c1 from 3-04 to 3-18, c2 from 3-09 to 3-13 lies inside it: due as with c1 alone.

    2 used, 18 from 3-18 → Tue 2026-04-14 (counted in the overlapping test above).
    """
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        pause(D(2026, 3, 9), "c2", D(2026, 3, 30)),
        resume(D(2026, 3, 13), "c2"),
        resume(D(2026, 3, 18), "c1"),
    ]
    assert compute(events, cal).due == D(2026, 4, 14)


def test_art33_3_open_pause_shows_the_projected_latest_due(cal: Calendar) -> None:
    """第三十三条第三款 + 第三十二条: consulted Wed 3-04 (latest end Wed 3-25), no answer yet on Fri 3-13.

    The due date is the latest it can be: 2 used, 18 from 3-25 → Tue 2026-04-21 (counted above), and
    marked projected. ``used`` on Fri 3-13, inside the pause: 3(1) 4(2) = 2; remaining 18.
    """
    events = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 25))]
    result = compute(events, cal, today=D(2026, 3, 13))
    assert result.status is ClockStatus.PAUSED
    assert result.due == D(2026, 4, 21)
    assert result.projected is True
    assert result.used == 2
    assert result.remaining == 18
    # On the latest end itself the answer can still come: still projected.
    assert compute(events, cal, today=D(2026, 3, 25)).projected is True


def test_art34_silence_past_the_latest_end_is_no_longer_projected(cal: Calendar) -> None:
    """第三十四条: another body's silence counts as consent; once its 15 working days (to Wed 3-25) have
    passed, the clock runs again from 3-25 and the due date (Tue 2026-04-21) is no longer a projection.

    ``used`` on Thu 3-26: 3(1) 4(2), pause 5–25, 26(3) → 3 used, 17 remaining.
    """
    events = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 25), label="征求其他机关意见")]
    result = compute(events, cal, today=D(2026, 3, 26))
    assert result.due == D(2026, 4, 21)
    assert result.projected is False
    assert result.used == 3
    assert result.remaining == 17


def test_art34_answer_after_silence_keeps_the_due_date_of_the_silence(cal: Calendar) -> None:
    """第三十四条 + 第三十三条第一款 (kernel bug fixed): the body stays silent past Wed 3-25 and the
    reply goes out Thu 4-30 with the consultation never closed. The clock ran again from 3-25, so the
    due date stays Tue 2026-04-21 (counted above) and the reply is late by 22(1) 23(2) 24(3), 27(4)
    28(5) 29(6) 30(7) = 7 working days. (Before the fix the stop closed the pause on 4-30 instead of
    3-25 and the stored due date moved to 2026-05-28, making the late reply look in time.)
    """
    events = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 25)), answered(D(2026, 4, 30))]
    result = compute(events, cal, today=D(2026, 5, 6))
    assert result.due == D(2026, 4, 21)
    assert result.status is ClockStatus.STOPPED
    assert result.projected is False
    last = result.steps[-1]
    assert last.due == D(2026, 4, 21)
    assert last.effect == "超过答复期限（2026年4月21日）7个工作日答复"


def test_art33_3_second_pause_step_counts_days_used_without_the_first_pause(cal: Calendar) -> None:
    """第三十三条第三款 (kernel bug fixed): the "已用" of a second pause leaves out the first pause.

    c1 from Wed 3-04 to Wed 3-11, c2 sent Fri 3-13: used 3(1) 4(2), paused 5–11, 12(3) 13(4) = 4
    (the kernel said 9, counting the paused days). c2's latest end, 15 from 3-13: 16(1)–20(5),
    23(6)–27(10), 30(11) 31(12), Apr 1(13) 2(14) 3(15). Projected: 16 from Fri 4-03: 4–6 off,
    7(1) 8(2) 9(3) 10(4), 13(5)–17(9), 20(10)–24(14), 27(15) 28 Tue(16).
    """
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        resume(D(2026, 3, 11), "c1"),
        pause(D(2026, 3, 13), "c2", D(2026, 4, 3)),
    ]
    result = compute(events, cal, today=D(2026, 3, 20))
    step = result.steps[-1]
    assert step.effect == (
        "自次日起暂停计时（已用4个工作日）；最迟于2026年4月3日恢复，届时答复期限最迟至2026年4月28日"
    )
    assert step.due == D(2026, 4, 28)
    assert result.due == D(2026, 4, 28)
    assert result.used == 4
    assert result.remaining == 16


def test_art33_3_used_with_today_inside_a_pause_that_has_ended_since(cal: Calendar) -> None:
    """第三十三条第三款: pause 3-04 → 3-11; on Mon 3-09 (inside the pause) 2 days were used, 18 remain;
    on Mon 3-16: 3(1) 4(2), 12(3) 13(4) 16(5) = 5 used, 15 remain.
    """
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        resume(D(2026, 3, 11), "c1"),
    ]
    inside = compute(events, cal, today=D(2026, 3, 9))
    assert (inside.used, inside.remaining) == (2, 18)
    after = compute(events, cal, today=D(2026, 3, 16))
    assert (after.used, after.remaining) == (5, 15)


def test_art33_3_same_day_pause_and_answer_pause_nothing(cal: Calendar) -> None:
    """第三十三条第三款: consulted and answered on the same day (Wed 3-04): no day is paused, due 3-30."""
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        resume(D(2026, 3, 4), "c1"),
    ]
    assert compute(events, cal).due == MARCH_DUE


def test_art33_3_pause_on_the_due_date_leaves_it(cal: Calendar) -> None:
    """第三十三条第三款: a consultation sent on the due date (Mon 3-30) pauses nothing: the 20th working
    day was that very day, so all 20 are used and the due date stays 2026-03-30.
    """
    events = [received(MARCH_RECEIPT), pause(MARCH_DUE, "c1", D(2026, 4, 21))]
    result = compute(events, cal)
    assert result.due == MARCH_DUE
    assert result.steps[-1].effect.startswith("自次日起暂停计时（已用20个工作日）")


def test_art33_3_pause_after_the_due_date_is_rejected(cal: Calendar) -> None:
    """第三十三条第三款: the period ended Mon 3-30; a consultation sent Tue 3-31 cannot pause it."""
    message = clock_error(cal, [received(MARCH_RECEIPT), pause(D(2026, 3, 31), "c1", D(2026, 4, 22))])
    assert message == "答复期限已于2026年3月30日届满，不能再暂停计时"


def test_fee_notice_pauses_until_payment(cal: Calendar) -> None:
    """国办函〔2020〕109号 / 第四十二条: a fee notice Thu 3-05 pauses the clock until payment Tue 3-10.

    Used before the notice: 3(1) 4(2) 5(3) = 3. Payment deadline, 20 working days from 3-05: 6(1),
    9(2)–13(6), 16(7)–20(11), 23(12)–27(16), 30(17) 31(18), Apr 1(19) 2 Thu(20). Projected due while
    unpaid: 17 from 4-02: 3(1), 4–6 off, 7(2)–10(5), 13(6)–17(10), 20(11)–24(15), 27(16) 28 Tue(17).
    Paid 3-10: 17 from 3-10: 11(1) 12(2) 13(3), 16(4)–20(8), 23(9)–27(13), 30(14) 31(15), Apr 1(16)
    2 Thu(17).
    """
    until = D(2026, 4, 2)
    assert until == cal.add_workdays(D(2026, 3, 5), FEE_PAYMENT_WORKDAYS)
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 5), "fee-1", until, label="收费通知"),
        resume(D(2026, 3, 10), "fee-1"),
    ]
    result = compute(events, cal)
    assert result.due == D(2026, 4, 2)
    start, end = result.steps[1], result.steps[2]
    assert start.article == ART_FEE
    assert start.effect == (
        "自次日起暂停计时（已用3个工作日）；最迟于2026年4月2日恢复，届时答复期限最迟至2026年4月28日"
    )
    assert start.due == D(2026, 4, 28)
    assert end.article == ART_FEE
    assert end.due == D(2026, 4, 2)


def test_fee_unpaid_closes_the_request(cal: Calendar) -> None:
    """国办函〔2020〕109号: the fee is not paid by Thu 4-02; the request is closed Fri 4-03 (其他处理).

    The clock stops: no projection any more, the last step says the handling ended.
    """
    events = [received(MARCH_RECEIPT), pause(D(2026, 3, 5), "fee-1", D(2026, 4, 2)), closed(D(2026, 4, 3))]
    result = compute(events, cal, today=D(2026, 4, 3))
    assert result.status is ClockStatus.STOPPED
    assert result.status_label == "已停止计时"
    assert result.projected is False
    last = result.steps[-1]
    assert (last.title, last.article, last.effect) == ("办理终止", "", "申请办理终止，计时结束")


# =============================================================================================
# 第三十三条第二款: extension of at most 20 working days, approved before the due date
# =============================================================================================


def test_art33_2_extension_across_labour_day_2026(cal: Calendar) -> None:
    """第三十三条第二款: 20 more working days across 劳动节 2026 (1–5 May off, Sat 9 May make-up).

    Received Mon 2026-04-13: 14(1)–17(4), 20(5)–24(9), 27(10) 28(11) 29(12) 30(13), May 1–5 off,
    6(14) 7(15) 8(16), Sat 9 make-up(17), 11(18) 12(19) 13 Wed(20). Extended Fri 5-08 by 20:
    14(21) 15(22), 18(23)–22(27), 25(28)–29(32), Jun 1(33)–5(37), 8(38) 9(39) 10 Wed(40).
    """
    events = [received(D(2026, 4, 13)), extend(D(2026, 5, 8), 20)]
    result = compute(events, cal)
    assert result.limit == 40
    assert result.due == D(2026, 6, 10)
    step = result.steps[-1]
    assert step.title == "延长答复期限"
    assert step.article == "第三十三条第二款"
    assert (
        step.effect
        == "经政府信息公开工作机构负责人同意延长20个工作日，答复期限由2026年5月13日延至2026年6月10日"
    )
    assert step.due == D(2026, 6, 10)
    assert result.steps[0].due == D(2026, 5, 13)


def test_art33_2_extension_after_a_pause(cal: Calendar) -> None:
    """第三十三条第二款 after 第三十三条第三款: pause 3-04 → 3-11 gives Tue 4-07 (counted above);
    10 more on Thu 4-02: 8(1) 9(2) 10(3), 13(4)–17(8), 20(9) 21 Tue(10).
    """
    events = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        resume(D(2026, 3, 11), "c1"),
        extend(D(2026, 4, 2), 10),
    ]
    result = compute(events, cal)
    assert result.due == D(2026, 4, 21)
    assert result.limit == 30
    assert result.steps[-1].effect.endswith("答复期限由2026年4月7日延至2026年4月21日")


def test_art33_2_two_extensions_up_to_twenty_in_all(cal: Calendar) -> None:
    """第三十三条第二款: 10 + 10 = 20 is allowed. 40 working days from Mon 3-02: 20 to Mon 3-30, then
    31(21), Apr 1(22) 2(23) 3(24), 4–6 off, 7(25)–10(28), 13(29)–17(33), 20(34)–24(38), 27(39) 28 Tue(40).
    """
    events = [received(MARCH_RECEIPT), extend(D(2026, 3, 20), 10), extend(D(2026, 3, 27), 10)]
    result = compute(events, cal)
    assert result.limit == 40
    assert result.due == D(2026, 4, 28)


def test_art33_2_extension_beyond_twenty_in_all_is_rejected(cal: Calendar) -> None:
    """第三十三条第二款: 10 then 11 more makes 21 > 20: rejected, and 21 at once too."""
    expected = f"延长答复期限最长不得超过{MAX_EXTENSION_WORKDAYS}个工作日（第三十三条第二款）"
    events = [received(MARCH_RECEIPT), extend(D(2026, 3, 20), 10), extend(D(2026, 3, 27), 11)]
    assert clock_error(cal, events) == expected
    assert clock_error(cal, [received(MARCH_RECEIPT), extend(D(2026, 3, 20), 21)]) == expected


def test_art33_2_extension_on_the_due_date_is_allowed_after_it_rejected(cal: Calendar) -> None:
    """第三十三条第二款: the approval must come before the period ends (Mon 3-30). On 3-30 itself it is
    still in time (20 more: 31(1), Apr 1(2) 2(3) 3(4), 7(5)–10(8), 13(9)–17(13), 20(14)–24(18),
    27(19) 28(20)); on Tue 3-31 it is too late.
    """
    assert compute([received(MARCH_RECEIPT), extend(MARCH_DUE, 20)], cal).due == D(2026, 4, 28)
    message = clock_error(cal, [received(MARCH_RECEIPT), extend(D(2026, 3, 31), 5)])
    assert message == "答复期限已于2026年3月30日届满，不能再延长"


def test_art33_2_extension_must_add_days(cal: Calendar) -> None:
    """第三十三条第二款: an extension of 0 working days is refused."""
    assert clock_error(cal, [received(MARCH_RECEIPT), extend(D(2026, 3, 5), 0)]) == "延长的工作日数必须大于0"


def test_art33_2_extension_into_2027_is_provisional(cal: Calendar) -> None:
    """第三十三条第二款: received Mon 2026-11-30, due Mon 12-28 (counted above); 20 more on Thu 12-10:
    29(21) 30(22) 31(23), Jan 1 2027 off (provisional), 4(24)–8(28), 11(29)–15(33), 18(34)–22(38),
    25(39) 26 Tue(40). The period now reaches 2027, which no notice covers yet.
    """
    result = compute([received(D(2026, 11, 30)), extend(D(2026, 12, 10), 20)], cal)
    assert result.due == D(2027, 1, 26)
    assert result.provisional_years == frozenset({2027})


# =============================================================================================
# 第三十条: one correction, asked within 7 working days; the period restarts; lapse = abandoned
# =============================================================================================

# Received Thu 2026-09-24. 7 working days (第三十条): 中秋 25–27 off, 28(1) 29(2) 30(3), 国庆 Oct 1–7
# off, 8(4) 9(5), Sat 10 make-up(6), Sun 11 off, 12 Mon(7). So Mon 10-12 is the last day to ask.
AUTUMN_RECEIPT = D(2026, 9, 24)
AUTUMN_LAST_ASK = D(2026, 10, 12)


def test_art30_correction_asked_on_the_seventh_working_day(cal: Calendar) -> None:
    """第三十条: asked on Mon 2026-10-12, the 7th working day (counting above AUTUMN_LAST_ASK)."""
    assert cal.add_workdays(AUTUMN_RECEIPT, CORRECTION_ASK_WORKDAYS) == AUTUMN_LAST_ASK
    events = [received(AUTUMN_RECEIPT), ask_correction(AUTUMN_LAST_ASK, D(2026, 10, 26))]
    result = compute(events, cal, today=D(2026, 10, 14))
    assert result.status is ClockStatus.AWAITING_CORRECTION
    assert result.status_label == "待补正"
    assert result.due is None
    assert result.internal_due is None
    assert result.projected is False
    assert result.correction_due == D(2026, 10, 26)
    step = result.steps[-1]
    assert step.title == "告知补正"
    assert step.article == "第三十条"
    assert step.effect == "答复期限停止计算；申请人应于2026年10月26日前补正，逾期未补正视为放弃申请"
    assert step.due is None


def test_art30_correction_asked_on_the_eighth_working_day_is_rejected(cal: Calendar) -> None:
    """第三十条: Tue 2026-10-13 is the 8th working day after Thu 9-24: too late to ask."""
    message = clock_error(cal, [received(AUTUMN_RECEIPT), ask_correction(D(2026, 10, 13), D(2026, 10, 27))])
    assert message == "应当自收到申请之日起7个工作日内（2026年10月12日前）一次性告知补正（第三十条）"


def test_art30_correction_asked_only_once(cal: Calendar) -> None:
    """第三十条: asked Wed 3-04, corrected Mon 3-09, asked again Tue 3-10 (still within 7 days): refused."""
    events = [
        received(MARCH_RECEIPT),
        ask_correction(D(2026, 3, 4), D(2026, 3, 18)),
        corrected(D(2026, 3, 9)),
        ask_correction(D(2026, 3, 10), D(2026, 3, 24)),
    ]
    assert clock_error(cal, events) == "补正只能要求一次（第三十条）"


def test_art30_corrected_application_restarts_twenty_days(cal: Calendar) -> None:
    """第三十条 + 第三十三条第一款: corrected application received Mon 3-16; 20 afresh from it:
    17(1)–20(4), 23(5)–27(9), 30(10) 31(11), Apr 1(12) 2(13) 3(14), 清明 4–6 off, 7(15)–10(18),
    13(19) 14 Tue(20).
    """
    events = [
        received(MARCH_RECEIPT),
        ask_correction(D(2026, 3, 4), D(2026, 3, 18)),
        corrected(D(2026, 3, 16)),
    ]
    result = compute(events, cal)
    assert result.status is ClockStatus.RUNNING
    assert result.base == D(2026, 3, 16)
    assert result.due == D(2026, 4, 14)
    assert result.correction_due is None
    titles = [s.title for s in result.steps]
    assert titles == ["收到申请", "告知补正", "收到补正后的申请"]
    assert [s.due for s in result.steps] == [MARCH_DUE, None, D(2026, 4, 14)]
    assert result.steps[-1].article == "第三十条"
    assert result.steps[-1].effect == "自收到补正申请之日的次日起重新计算20个工作日，答复期限至2026年4月14日"


def test_art30_restart_resets_an_earlier_extension(cal: Calendar) -> None:
    """第三十条 + 第三十三条第二款: an extension of 10 (Tue 3-03) before the correction is dropped by the
    restart: 20 from Mon 3-16 → Tue 4-14 (counted above), and a full 20 may be granted again
    (Wed 4-01): 15(1) 16(2) 17(3), 20(4)–24(8), 27(9) 28(10) 29(11) 30(12), May 1–5 off, 6(13) 7(14)
    8(15), Sat 9 make-up(16), 11(17) 12(18) 13(19) 14 Thu(20).
    """
    events = [
        received(MARCH_RECEIPT),
        extend(D(2026, 3, 3), 10),
        ask_correction(D(2026, 3, 4), D(2026, 3, 18)),
        corrected(D(2026, 3, 16)),
    ]
    result = compute(events, cal)
    assert result.limit == 20
    assert result.due == D(2026, 4, 14)
    again = compute([*events, extend(D(2026, 4, 1), 20)], cal)
    assert again.limit == 40
    assert again.due == D(2026, 5, 14)


def test_art30_correction_lapsed_stops_without_a_due_date(cal: Calendar) -> None:
    """第三十条: not corrected by Wed 3-18; on Thu 3-19 the request is treated as abandoned."""
    events = [received(MARCH_RECEIPT), ask_correction(D(2026, 3, 4), D(2026, 3, 18)), lapsed(D(2026, 3, 19))]
    result = compute(events, cal, today=D(2026, 3, 20))
    assert result.status is ClockStatus.STOPPED
    assert result.due is None
    assert result.internal_due is None
    assert result.correction_due is None
    assert result.used == 0
    assert result.provisional_years == frozenset()
    last = result.steps[-1]
    assert (last.title, last.article, last.due) == ("逾期未补正", "第三十条", None)
    assert last.effect == "申请人逾期未补正，视为放弃申请，不再处理"


def test_art30_closed_while_awaiting_correction_has_no_due_date(cal: Calendar) -> None:
    """第三十条: withdrawn while the correction is awaited: no period ran, so no due date."""
    events = [received(MARCH_RECEIPT), ask_correction(D(2026, 3, 4), D(2026, 3, 18)), closed(D(2026, 3, 10))]
    result = compute(events, cal)
    assert result.status is ClockStatus.STOPPED
    assert result.due is None


def test_art30_answered_while_awaiting_correction_has_no_due_date(cal: Calendar) -> None:
    """第三十条 (kernel bug fixed): answered on Tue 3-10 while the correction was awaited. No period ran,
    so there is no due date (the kernel gave 2026-03-30, the 20 days from the first receipt, as if
    the correction had never stopped the clock), and the step says it was answered.
    """
    events = [
        received(MARCH_RECEIPT),
        ask_correction(D(2026, 3, 4), D(2026, 3, 18)),
        answered(D(2026, 3, 10)),
    ]
    result = compute(events, cal)
    assert result.status is ClockStatus.STOPPED
    assert result.due is None
    assert result.internal_due is None
    last = result.steps[-1]
    assert (last.title, last.article, last.effect, last.due) == (
        "答复",
        "第三十三条第一款",
        "已答复，计时结束",
        None,
    )


@pytest.mark.parametrize("until", [None, D(2026, 3, 4), D(2026, 3, 3)], ids=["missing", "same_day", "before"])
def test_art30_correction_needs_a_later_deadline(cal: Calendar, until: date | None) -> None:
    """第三十条: the notice must give the applicant a date later than the notice itself."""
    message = clock_error(cal, [received(MARCH_RECEIPT), ask_correction(D(2026, 3, 4), until)])
    assert message == "补正通知必须写明晚于通知日期的补正期限"


def test_art30_correction_events_need_a_pending_notice(cal: Calendar) -> None:
    """第三十条: a corrected application or a lapse without a pending correction notice is refused."""
    assert (
        clock_error(cal, [received(MARCH_RECEIPT), corrected(D(2026, 3, 9))])
        == "没有待补正的通知，不能登记补正"
    )
    assert clock_error(cal, [received(MARCH_RECEIPT), lapsed(D(2026, 3, 9))]) == "没有待补正的通知"


def test_art30_no_pause_or_extension_while_awaiting_correction(cal: Calendar) -> None:
    """第三十条 + 第三十三条: while the correction is awaited no period runs: nothing to pause or extend."""
    waiting = [received(MARCH_RECEIPT), ask_correction(D(2026, 3, 4), D(2026, 3, 18))]
    assert clock_error(cal, [*waiting, pause(D(2026, 3, 5), "c1", D(2026, 3, 26))]) == (
        "待补正期间答复期限不计算，无需暂停"
    )
    assert clock_error(cal, [*waiting, extend(D(2026, 3, 5), 5)]) == "待补正期间不能延长答复期限"


# =============================================================================================
# Answer, notes, internal due date, used/remaining, ordering, errors
# =============================================================================================


def test_art33_1_answered_in_time(cal: Calendar) -> None:
    """第三十三条第一款: answered Fri 3-27, before the due date Mon 3-30. ``used`` stops with the clock:
    on Wed 4-15 it is still 3(1)–6(4), 9(5)–13(9), 16(10)–20(14), 23(15)–27(19) = 19 (kernel bug
    fixed: it kept counting to ``today`` after the answer and showed 20 used, 0 remaining).
    """
    result = compute([received(MARCH_RECEIPT), answered(D(2026, 3, 27))], cal, today=D(2026, 4, 15))
    assert result.status is ClockStatus.STOPPED
    assert result.due == MARCH_DUE
    assert result.projected is False
    assert (result.used, result.remaining) == (19, 1)
    last = result.steps[-1]
    assert (last.title, last.article, last.due) == ("答复", "第三十三条第一款", MARCH_DUE)
    assert last.effect == "已于期限（2026年3月30日）内答复，计时结束"


def test_art33_1_answered_late_says_so(cal: Calendar) -> None:
    """第三十三条第一款: answered Thu 4-02, after Mon 3-30: late by 31(1), Apr 1(2) 2(3) = 3 working days."""
    result = compute([received(MARCH_RECEIPT), answered(D(2026, 4, 2))], cal)
    effect = result.steps[-1].effect
    assert "超过" in effect
    assert effect == "超过答复期限（2026年3月30日）3个工作日答复"


def test_art33_1_answered_on_the_holiday_after_the_due_date_is_late(cal: Calendar) -> None:
    """第三十三条第一款 (message fixed): received Fri 3-06, due Fri 4-03 (9(1) … 3(20), counted in the
    weekend test). Answered Sat 4-04 (清明): late, by no working day — the step no longer says
    "超过…0个工作日"; answered Tue 4-07 (4–6 off, 7(1)) it is 1 working day late.
    """
    on_holiday = compute([received(D(2026, 3, 6)), answered(D(2026, 4, 4))], cal)
    assert on_holiday.steps[-1].effect == "超过答复期限（2026年4月3日）答复"
    next_workday = compute([received(D(2026, 3, 6)), answered(D(2026, 4, 7))], cal)
    assert next_workday.steps[-1].effect == "超过答复期限（2026年4月3日）1个工作日答复"


def test_art33_3_answered_during_an_open_pause_is_not_projected(cal: Calendar) -> None:
    """第三十三条第三款: answered Fri 3-20 while the consultation (to Wed 3-25) was open: the clock stops,
    the step shows the projected latest due Tue 4-21 (counted above) and nothing stays projected.
    """
    events = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 25)), answered(D(2026, 3, 20))]
    result = compute(events, cal, today=D(2026, 3, 20))
    assert result.status is ClockStatus.STOPPED
    assert result.projected is False
    assert result.steps[-1].effect == "已于期限（2026年4月21日）内答复，计时结束"


def test_notes_have_no_effect_on_the_period(cal: Calendar) -> None:
    """docs/SPEC.md §4.2 (第三十三条): NOTE events explain; they change no date. Same case with and without
    notes:
    pause 3-04 → 3-11, due Tue 4-07 (counted above).
    """
    base = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 25)), resume(D(2026, 3, 11), "c1")]
    notes = [note(D(2026, 3, 5), "工作日历调整"), note(D(2026, 3, 12), "电话联系申请人")]
    plain = compute(base, cal, today=D(2026, 3, 20))
    noted = compute([*base, *notes], cal, today=D(2026, 3, 20))
    for name in ("status", "due", "internal_due", "base", "limit", "used", "projected", "provisional_years"):
        assert getattr(noted, name) == getattr(plain, name), name
    note_steps = [s for s in noted.steps if s.article == "" and s.effect == ""]
    assert [(s.on, s.title, s.due) for s in note_steps] == [
        (D(2026, 3, 5), "工作日历调整", D(2026, 4, 21)),  # while paused: the projected latest due
        (D(2026, 3, 12), "电话联系申请人", D(2026, 4, 7)),
    ]


def test_note_is_allowed_after_the_clock_stopped(cal: Calendar) -> None:
    """第三十三条第一款: after the answer only notes may follow; they do not reopen the clock."""
    result = compute(
        [received(MARCH_RECEIPT), answered(D(2026, 3, 27)), note(D(2026, 4, 1), "送达回执")], cal
    )
    assert result.status is ClockStatus.STOPPED
    assert result.due == MARCH_DUE
    assert result.steps[-1].title == "送达回执"


def test_events_after_the_answer_are_rejected_in_chinese(cal: Calendar) -> None:
    """第三十三条第二款 after the answer (kernel bug fixed): the message named the event by its English
    code ("extended"); it now uses the Chinese name when the event has no label.
    """
    events = [received(MARCH_RECEIPT), answered(D(2026, 3, 10)), extend(D(2026, 3, 11), 5)]
    assert clock_error(cal, events) == "2026年3月11日：申请已办结，不能再记录“延长答复期限”"
    labelled = [
        received(MARCH_RECEIPT),
        answered(D(2026, 3, 10)),
        Event(K.EXTENDED, D(2026, 3, 11), "延期", 5),
    ]
    assert clock_error(cal, labelled) == "2026年3月11日：申请已办结，不能再记录“延期”"


def test_internal_lead_gives_the_internal_due_date(cal: Calendar) -> None:
    """第三十三条第一款 with an internal lead of 5 (docs/SPEC.md §4.3): the department is due on the 15th
    working
    day: 3(1)–6(4), 9(5)–13(9), 16(10)–20(14), 23 Mon(15). With the pause 3-04 → 3-11: 2 used, 13 from
    3-11: 12(1) 13(2), 16(3)–20(7), 23(8)–27(12), 30 Mon(13); the external due is Tue 4-07.
    """
    plain = compute([received(MARCH_RECEIPT)], cal, internal_lead=5)
    assert plain.internal_due == D(2026, 3, 23)
    assert plain.due == MARCH_DUE
    paused = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        resume(D(2026, 3, 11), "c1"),
    ]
    result = compute(paused, cal, internal_lead=5)
    assert result.internal_due == D(2026, 3, 30)
    assert result.due == D(2026, 4, 7)


def test_internal_lead_never_goes_below_one_working_day(cal: Calendar) -> None:
    """第三十三条第一款: a lead longer than the period leaves the department one working day (Tue 3-03)."""
    assert compute([received(MARCH_RECEIPT)], cal, internal_lead=25).internal_due == D(2026, 3, 3)


def test_used_and_remaining_while_running(cal: Calendar) -> None:
    """第三十三条第一款: on Fri 3-13, 3(1)–6(4), 9(5)–13(9) = 9 used, 11 remain; on the receipt day 0;
    after the due date (Fri 4-10) all 20 are used, none remain.
    """
    events = [received(MARCH_RECEIPT)]
    middle = compute(events, cal, today=D(2026, 3, 13))
    assert (middle.used, middle.remaining) == (9, 11)
    assert compute(events, cal, today=MARCH_RECEIPT).used == 0
    late = compute(events, cal, today=D(2026, 4, 10))
    assert (late.used, late.remaining) == (20, 0)
    assert compute(events, cal).used == 0  # no ``today``: nothing counted


def test_events_out_of_order_are_sorted(cal: Calendar) -> None:
    """第三十一条 first: the events may come in any order; they are sorted by date (receipt first on its
    day). The case is the extension after a pause (due Tue 4-21, counted above).
    """
    ordered = [
        received(MARCH_RECEIPT),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
        resume(D(2026, 3, 11), "c1"),
        extend(D(2026, 4, 2), 10),
    ]
    shuffled = [ordered[3], ordered[1], ordered[0], ordered[2]]
    first: ClockResult = compute(ordered, cal, today=D(2026, 3, 20))
    second = compute(shuffled, cal, today=D(2026, 3, 20))
    assert second == first
    assert second.due == D(2026, 4, 21)
    assert [s.on for s in second.steps] == [MARCH_RECEIPT, D(2026, 3, 4), D(2026, 3, 11), D(2026, 4, 2)]


def test_missing_receipt_raises(cal: Calendar) -> None:
    """第三十一条: the period counts from receipt; without a RECEIVED event (or with an event dated before
    it) there is no clock.
    """
    expected = "期限从收到申请之日起计算：缺少“收到申请”事件"
    assert clock_error(cal, []) == expected
    assert clock_error(cal, [extend(D(2026, 3, 5), 5)]) == expected
    assert clock_error(cal, [note(D(2026, 3, 1), "预约"), received(MARCH_RECEIPT)]) == expected


def test_only_one_receipt(cal: Calendar) -> None:
    """第三十一条: a request has one date of receipt."""
    assert (
        clock_error(cal, [received(MARCH_RECEIPT), received(D(2026, 3, 3))]) == "一件申请只能有一个收到日期"
    )


def test_pause_events_must_pair_up(cal: Calendar) -> None:
    """第三十三条第三款: a resume needs its pause; a pause needs a unique key; dates must make sense."""
    start = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 25))]
    assert clock_error(cal, [received(MARCH_RECEIPT), resume(D(2026, 3, 5), "c1")]) == "没有对应的暂停事件"
    assert clock_error(cal, [*start, resume(D(2026, 3, 5), "c1"), resume(D(2026, 3, 6), "c1")]) == (
        "没有对应的暂停事件"
    )
    assert (
        clock_error(cal, [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "", None)]) == "暂停事件缺少唯一标识"
    )
    assert clock_error(cal, [*start, pause(D(2026, 3, 5), "c1", D(2026, 3, 26))]) == "暂停事件缺少唯一标识"
    assert clock_error(cal, [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 3))]) == (
        "暂停的最迟结束日期不能早于开始日期"
    )


def test_pause_without_latest_end_is_refused(cal: Calendar) -> None:
    """第三十三条第三款, 第三十二条: every pause has a latest end (15 working days for an opinion, 20 to
    pay a fee); without one no due date can be shown while it is open, so it is refused when sent,
    even if an answer is recorded later.
    """
    message = clock_error(cal, [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", None)])
    assert message == "暂停计时没有最迟结束日期，无法推算期限"
    ended = [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", None), resume(D(2026, 3, 11), "c1")]
    assert clock_error(cal, ended) == message


BAD_EVENT_LISTS = {
    "no_receipt": [],
    "two_receipts": [received(MARCH_RECEIPT), received(D(2026, 3, 3))],
    "second_correction": [
        received(MARCH_RECEIPT),
        ask_correction(D(2026, 3, 3), D(2026, 3, 10)),
        corrected(D(2026, 3, 5)),
        ask_correction(D(2026, 3, 6), D(2026, 3, 13)),
    ],
    "late_correction": [received(MARCH_RECEIPT), ask_correction(D(2026, 3, 12), D(2026, 3, 20))],
    "correction_without_deadline": [received(MARCH_RECEIPT), ask_correction(D(2026, 3, 4), None)],
    "corrected_without_notice": [received(MARCH_RECEIPT), corrected(D(2026, 3, 4))],
    "lapsed_without_notice": [received(MARCH_RECEIPT), lapsed(D(2026, 3, 4))],
    "pause_while_correcting": [
        received(MARCH_RECEIPT),
        ask_correction(D(2026, 3, 3), D(2026, 3, 10)),
        pause(D(2026, 3, 4), "c1", D(2026, 3, 25)),
    ],
    "pause_without_key": [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "", D(2026, 3, 25))],
    "pause_after_due": [received(MARCH_RECEIPT), pause(D(2026, 3, 31), "c1", D(2026, 4, 22))],
    "pause_ends_before_start": [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", D(2026, 3, 2))],
    "pause_without_latest_end": [received(MARCH_RECEIPT), pause(D(2026, 3, 4), "c1", None)],
    "resume_without_pause": [received(MARCH_RECEIPT), resume(D(2026, 3, 4), "c9")],
    "extension_zero": [received(MARCH_RECEIPT), extend(D(2026, 3, 4), 0)],
    "extension_too_long": [received(MARCH_RECEIPT), extend(D(2026, 3, 4), 21)],
    "extension_after_due": [received(MARCH_RECEIPT), extend(D(2026, 3, 31), 5)],
    "extension_while_correcting": [
        received(MARCH_RECEIPT),
        ask_correction(D(2026, 3, 3), D(2026, 3, 10)),
        extend(D(2026, 3, 4), 5),
    ],
    "event_after_answer": [received(MARCH_RECEIPT), answered(D(2026, 3, 5)), resume(D(2026, 3, 6), "c1")],
    "event_after_lapse": [
        received(MARCH_RECEIPT),
        ask_correction(D(2026, 3, 3), D(2026, 3, 10)),
        lapsed(D(2026, 3, 11)),
        corrected(D(2026, 3, 12)),
    ],
    "close_after_close": [received(MARCH_RECEIPT), closed(D(2026, 3, 5)), closed(D(2026, 3, 6))],
}


@pytest.mark.parametrize("events", list(BAD_EVENT_LISTS.values()), ids=list(BAD_EVENT_LISTS))
def test_every_clock_error_message_is_chinese(cal: Calendar, events: list[Event]) -> None:
    """第三十条–第三十三条: every rule the events break is told to staff in Chinese, with no English
    code in it (the dates are written 2026年3月30日).
    """
    clock_error(cal, events, today=D(2026, 3, 20))


def test_correction_refused_while_a_consultation_is_open(cal: Calendar) -> None:
    """第三十条 with 第三十三条第三款: the correction restarts the period, so it may not be asked while a
    consultation pauses it (the pause would be cut loose from the restarted period)."""
    events = [
        Event(EventKind.RECEIVED, date(2026, 3, 2)),
        Event(EventKind.PAUSE_STARTED, date(2026, 3, 3), key="consultation:1", until=date(2026, 3, 24)),
        Event(EventKind.CORRECTION_REQUESTED, date(2026, 3, 4), until=date(2026, 3, 20)),
    ]
    with pytest.raises(ClockError, match="征求意见或收费通知期间不能告知补正"):
        compute(events, cal)
