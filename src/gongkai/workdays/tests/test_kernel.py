"""Tests of the working-day kernel against the 2024–2026 State Council notices, worked out by hand.

Every expected date below was counted by hand from docs/sources/calendar-notices.md (the counting is in
the comment next to it), never computed with the code under test. Articles cited are those of the 2019
《政府信息公开条例》: 第二十六条 (publish within 20 working days of formation), 第三十条 (ask for a
correction within 7 working days), 第三十二条/第三十四条 (15 working days for third parties and
co-producing bodies), 第三十三条 (answer within 20 working days, extendable by 20). The start day is never
counted (期间开始的日不计算在内).
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from gongkai.workdays.kernel import (
    MAKEUP_WORKDAY,
    WEEKEND,
    Calendar,
    build_calendar,
    package_years,
    statutory_holidays,
)

D = date


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return build_calendar()


# The notice table, transcribed by hand: (first day off, last day off, festival) and make-up days.
NOTICE_DAYS_OFF = [
    (D(2024, 1, 1), D(2024, 1, 1), "元旦"),
    (D(2024, 2, 10), D(2024, 2, 17), "春节"),
    (D(2024, 4, 4), D(2024, 4, 6), "清明"),
    (D(2024, 5, 1), D(2024, 5, 5), "劳动节"),
    (D(2024, 6, 8), D(2024, 6, 10), "端午"),
    (D(2024, 9, 15), D(2024, 9, 17), "中秋"),
    (D(2024, 10, 1), D(2024, 10, 7), "国庆"),
    (D(2025, 1, 1), D(2025, 1, 1), "元旦"),
    (D(2025, 1, 28), D(2025, 2, 4), "春节"),
    (D(2025, 4, 4), D(2025, 4, 6), "清明"),
    (D(2025, 5, 1), D(2025, 5, 5), "劳动节"),
    (D(2025, 5, 31), D(2025, 6, 2), "端午"),
    (D(2025, 10, 1), D(2025, 10, 8), "国庆·中秋"),
    (D(2026, 1, 1), D(2026, 1, 3), "元旦"),
    (D(2026, 2, 15), D(2026, 2, 23), "春节"),
    (D(2026, 4, 4), D(2026, 4, 6), "清明"),
    (D(2026, 5, 1), D(2026, 5, 5), "劳动节"),
    (D(2026, 6, 19), D(2026, 6, 21), "端午"),
    (D(2026, 9, 25), D(2026, 9, 27), "中秋"),
    (D(2026, 10, 1), D(2026, 10, 7), "国庆"),
]
NOTICE_MAKEUP_DAYS = [
    D(2024, 2, 4), D(2024, 2, 18), D(2024, 4, 7), D(2024, 4, 28), D(2024, 5, 11),
    D(2024, 9, 14), D(2024, 9, 29), D(2024, 10, 12),
    D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
    D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10),
]  # fmt: skip


def _notice_days_off() -> list[tuple[date, str]]:
    days = []
    for first, last, festival in NOTICE_DAYS_OFF:
        day = first
        while day <= last:
            days.append((day, festival))
            day += timedelta(days=1)
    return days


@pytest.mark.parametrize(
    ("day", "festival"), _notice_days_off(), ids=[d.isoformat() for d, _ in _notice_days_off()]
)
def test_every_day_off_of_the_notices_is_not_a_working_day(cal: Calendar, day: date, festival: str) -> None:
    assert not cal.is_workday(day)
    assert not cal.is_provisional(day)
    # Weekends inside a holiday block are named after the festival, not "周末".
    assert cal.reason(day) in festival


@pytest.mark.parametrize("day", NOTICE_MAKEUP_DAYS, ids=[d.isoformat() for d in NOTICE_MAKEUP_DAYS])
def test_every_makeup_day_of_the_notices_is_a_working_day(cal: Calendar, day: date) -> None:
    assert day.weekday() >= 5, "make-up days fall on weekends"
    assert cal.is_workday(day)
    assert cal.reason(day) == MAKEUP_WORKDAY


# ---------------------------------------------------------------------------------------------
# add_workdays: hand-worked due dates. Each tuple: (start, n, expected due).
# ---------------------------------------------------------------------------------------------

HAND_WORKED = {
    # 第三十三条 20 working days, across 春节 2024. Receipt Thu 2024-02-01:
    # Feb 2 Fri(1), Feb 3 Sat off, Feb 4 Sun make-up(2), 5(3) 6(4) 7(5) 8(6) 9 Fri(7), Feb 10–17 off,
    # Feb 18 Sun make-up(8), 19(9) 20(10) 21(11) 22(12) 23(13), 26(14) 27(15) 28(16) 29(17),
    # Mar 1(18), Mar 4(19), Mar 5(20).
    "art33_20d_spring_festival_2024": (D(2024, 2, 1), 20, D(2024, 3, 5)),
    # 第三十条 7 working days from Thu 2024-02-08 (day before 除夕; 除夕 Feb 9 is a working day in 2024):
    # Feb 9(1), Feb 10–17 off, Feb 18 Sun make-up(2), 19(3) 20(4) 21(5) 22(6) 23(7).
    "art30_7d_before_chuxi_2024": (D(2024, 2, 8), 7, D(2024, 2, 23)),
    # 第三十三条 20 days, receipt ON the make-up Sunday 2024-02-04 (not counted):
    # Feb 5(1) 6(2) 7(3) 8(4) 9(5), Feb 10–17 off, 18 Sun(6), 19(7) 20(8) 21(9) 22(10) 23(11),
    # 26(12) 27(13) 28(14) 29(15), Mar 1(16), Mar 4(17) 5(18) 6(19) 7(20).
    "art33_20d_receipt_on_makeup_sunday_2024": (D(2024, 2, 4), 20, D(2024, 3, 7)),
    # 第三十条 7 days across 清明 2024 (Apr 4–6 off, Sun Apr 7 make-up). Receipt Wed 2024-04-03:
    # Apr 4–6 off, Apr 7 Sun(1), 8(2) 9(3) 10(4) 11(5) 12(6), 15 Mon(7).
    "art30_7d_qingming_2024": (D(2024, 4, 3), 7, D(2024, 4, 15)),
    # 第三十条 7 days across 劳动节 2024 (May 1–5 off, Sun Apr 28 make-up). Receipt Fri 2024-04-26:
    # Apr 27 Sat off, Apr 28 Sun(1), 29(2) 30(3), May 1–5 off, 6(4) 7(5) 8(6) 9 Thu(7).
    "art30_7d_labour_day_2024": (D(2024, 4, 26), 7, D(2024, 5, 9)),
    # 第三十条 7 days over the make-up Saturday 2024-05-11. Receipt Mon 2024-05-06:
    # 7(1) 8(2) 9(3) 10(4) 11 Sat(5), 12 Sun off, 13(6) 14(7).
    "art30_7d_makeup_saturday_may_2024": (D(2024, 5, 6), 7, D(2024, 5, 14)),
    # 第三十二条 15 days across 端午 2024 (Jun 8–10 off). Receipt Fri 2024-06-07:
    # Jun 8–10 off, 11(1) 12(2) 13(3) 14(4), 17(5) 18(6) 19(7) 20(8) 21(9), 24(10) 25(11) 26(12)
    # 27(13) 28(14), Jul 1 Mon(15).
    "art32_15d_dragon_boat_2024": (D(2024, 6, 7), 15, D(2024, 7, 1)),
    # 第三十条 7 days, 中秋 2024 (Sat Sep 14 make-up, Sep 15–17 off). Receipt Tue 2024-09-10:
    # 11(1) 12(2) 13(3), Sep 14 Sat(4), 15–17 off, 18(5) 19(6) 20(7).
    "art30_7d_mid_autumn_2024": (D(2024, 9, 10), 7, D(2024, 9, 20)),
    # 第三十条 7 days from Fri 2024-09-13: Sep 14 Sat make-up(1), 15–17 off, 18(2) 19(3) 20(4),
    # 23(5) 24(6) 25(7).
    "art30_7d_receipt_before_makeup_saturday_2024": (D(2024, 9, 13), 7, D(2024, 9, 25)),
    # 第三十三条 20 days across 国庆 2024 (Sun Sep 29 make-up, Oct 1–7 off, Sat Oct 12 make-up).
    # Receipt Wed 2024-09-25: 26(1) 27(2), 28 Sat off, 29 Sun(3), 30(4), Oct 1–7 off, 8(5) 9(6) 10(7)
    # 11(8), 12 Sat(9), 13 Sun off, 14(10) 15(11) 16(12) 17(13) 18(14), 21(15) 22(16) 23(17) 24(18)
    # 25(19), 28 Mon(20).
    "art33_20d_national_day_2024": (D(2024, 9, 25), 20, D(2024, 10, 28)),
    # 第三十条 7 days, receipt ON a holiday (Thu 2024-10-03): Oct 4–7 off, 8(1) 9(2) 10(3) 11(4),
    # 12 Sat make-up(5), 14(6) 15(7).
    "art30_7d_receipt_on_national_day_2024": (D(2024, 10, 3), 7, D(2024, 10, 15)),
    # 第三十条 7 days across 元旦 2024 (Mon Jan 1 off). Receipt Fri 2023-12-29:
    # Dec 30–31 weekend, Jan 1 off, 2(1) 3(2) 4(3) 5(4), 8(5) 9(6) 10(7).
    "art30_7d_new_year_2024": (D(2023, 12, 29), 7, D(2024, 1, 10)),
    # Year boundary 2024→2025, 第三十三条 20 days. Receipt Mon 2024-12-16:
    # 17(1) 18(2) 19(3) 20(4), 23(5) 24(6) 25(7) 26(8) 27(9), 30(10) 31(11), Jan 1 off, 2(12) 3(13),
    # 6(14) 7(15) 8(16) 9(17) 10(18), 13(19) 14(20).
    "art33_20d_year_boundary_2024_2025": (D(2024, 12, 16), 20, D(2025, 1, 14)),
    # 第二十六条 20 days, formed Tue 2024-12-31: Jan 1 off, 2(1) 3(2), 6(3) 7(4) 8(5) 9(6) 10(7),
    # 13(8) 14(9) 15(10) 16(11) 17(12), 20(13) 21(14) 22(15) 23(16) 24(17), 25 Sat off,
    # 26 Sun make-up(18), 27(19), Jan 28–Feb 4 off, Feb 5 Wed(20).
    "art26_20d_formed_new_years_eve_2024": (D(2024, 12, 31), 20, D(2025, 2, 5)),
    # 第三十三条 20 days from Fri 2024-12-27; the due date falls on the make-up Sunday 2025-01-26:
    # 30(1) 31(2), Jan 1 off, 2(3) 3(4), 6(5) 7(6) 8(7) 9(8) 10(9), 13(10) 14(11) 15(12) 16(13)
    # 17(14), 20(15) 21(16) 22(17) 23(18) 24(19), 25 Sat off, 26 Sun(20).
    "art33_20d_due_on_makeup_sunday_2025": (D(2024, 12, 27), 20, D(2025, 1, 26)),
    # 第三十三条 extension: 20 more from that due date (Sun 2025-01-26): 27(1), Jan 28–Feb 4 off,
    # Feb 5(2) 6(3) 7(4) 8 Sat(5), 10(6) 11(7) 12(8) 13(9) 14(10), 17(11) 18(12) 19(13) 20(14)
    # 21(15), 24(16) 25(17) 26(18) 27(19) 28(20).
    "art33_extension_20d_after_due_2025": (D(2025, 1, 26), 20, D(2025, 2, 28)),
    # The same 20 + 20 counted in one go (第三十三条: 20 days plus an extension of at most 20).
    "art33_40d_in_one_go_2025": (D(2024, 12, 27), 40, D(2025, 2, 28)),
    # 第三十三条 20 days across 春节 2025 (Sun Jan 26 make-up, Jan 28–Feb 4 off, Sat Feb 8 make-up).
    # Receipt Fri 2025-01-17: 18–19 weekend, 20(1) 21(2) 22(3) 23(4) 24(5), 25 Sat off, 26 Sun(6),
    # 27(7), Jan 28–Feb 4 off, Feb 5(8) 6(9) 7(10) 8 Sat(11), 9 Sun off, 10(12) 11(13) 12(14)
    # 13(15) 14(16), 17(17) 18(18) 19(19) 20(20).
    "art33_20d_spring_festival_2025": (D(2025, 1, 17), 20, D(2025, 2, 20)),
    # 第三十条 7 days, receipt on 初一 (Wed 2025-01-29, a holiday; counting still starts the next day):
    # Jan 30–Feb 4 off, 5(1) 6(2) 7(3) 8 Sat(4), 9 Sun off, 10(5) 11(6) 12(7).
    "art30_7d_receipt_on_chuyi_2025": (D(2025, 1, 29), 7, D(2025, 2, 12)),
    # 第三十条 7 days, receipt on the make-up Sunday 2025-01-26 (a working day, still not counted):
    # 27(1), Jan 28–Feb 4 off, 5(2) 6(3) 7(4) 8 Sat(5), 10(6) 11(7).
    "art30_7d_receipt_on_makeup_sunday_2025": (D(2025, 1, 26), 7, D(2025, 2, 11)),
    # 第三十四条 15 days across 清明 2025 (Apr 4–6 off, no make-up). Receipt Wed 2025-04-02:
    # 3(1), 4–6 off, 7(2) 8(3) 9(4) 10(5) 11(6), 14(7) 15(8) 16(9) 17(10) 18(11), 21(12) 22(13)
    # 23(14) 24(15).
    "art34_15d_qingming_2025": (D(2025, 4, 2), 15, D(2025, 4, 24)),
    # 第三十二条 15 days across 劳动节 2025 (Sun Apr 27 make-up, May 1–5 off). Receipt Wed 2025-04-23:
    # 24(1) 25(2), 26 Sat off, 27 Sun(3), 28(4) 29(5) 30(6), May 1–5 off, 6(7) 7(8) 8(9) 9(10),
    # 12(11) 13(12) 14(13) 15(14) 16(15).
    "art32_15d_labour_day_2025": (D(2025, 4, 23), 15, D(2025, 5, 16)),
    # 第三十四条 15 days across 端午 2025 (May 31–Jun 2 off). Receipt Thu 2025-05-22:
    # 23(1), 26(2) 27(3) 28(4) 29(5) 30(6), May 31–Jun 2 off, 3(7) 4(8) 5(9) 6(10), 9(11) 10(12)
    # 11(13) 12(14) 13(15).
    "art34_15d_dragon_boat_2025": (D(2025, 5, 22), 15, D(2025, 6, 13)),
    # 第三十三条 20 days across 国庆·中秋 2025 (Sun Sep 28 make-up, Oct 1–8 off, Sat Oct 11 make-up).
    # Receipt Fri 2025-09-26: 27 Sat off, 28 Sun(1), 29(2) 30(3), Oct 1–8 off, 9(4) 10(5), 11 Sat(6),
    # 12 Sun off, 13(7) 14(8) 15(9) 16(10) 17(11), 20(12) 21(13) 22(14) 23(15) 24(16), 27(17)
    # 28(18) 29(19) 30(20).
    "art33_20d_national_day_mid_autumn_2025": (D(2025, 9, 26), 20, D(2025, 10, 30)),
    # 第三十三条 extension of that case: 20 more from Thu 2025-10-30: 31(1), Nov 3(2) 4(3) 5(4) 6(5)
    # 7(6), 10(7) 11(8) 12(9) 13(10) 14(11), 17(12) 18(13) 19(14) 20(15) 21(16), 24(17) 25(18)
    # 26(19) 27(20).
    "art33_extension_national_day_2025": (D(2025, 10, 30), 20, D(2025, 11, 27)),
    # 第三十条 7 days, receipt on the make-up Sunday 2025-09-28: 29(1) 30(2), Oct 1–8 off, 9(3) 10(4),
    # 11 Sat(5), 13(6) 14(7).
    "art30_7d_receipt_on_makeup_sunday_sep_2025": (D(2025, 9, 28), 7, D(2025, 10, 14)),
    # Year boundary 2025→2026 (Jan 1–3 off, Sun Jan 4 make-up), 第三十三条 20 days from Mon 2025-12-15:
    # 16(1) 17(2) 18(3) 19(4), 22(5) 23(6) 24(7) 25(8) 26(9), 29(10) 30(11) 31(12), Jan 1–3 off,
    # Jan 4 Sun(13), 5(14) 6(15) 7(16) 8(17) 9(18), 12(19) 13(20).
    "art33_20d_year_boundary_2025_2026": (D(2025, 12, 15), 20, D(2026, 1, 13)),
    # 第三十条 7 days from Wed 2025-12-31: Jan 1–3 off, 4 Sun(1), 5(2) 6(3) 7(4) 8(5) 9(6), 12(7).
    "art30_7d_new_years_eve_2025": (D(2025, 12, 31), 7, D(2026, 1, 12)),
    # 第三十条 7 days, receipt on a holiday Saturday (2026-01-03): 4 Sun(1), 5(2) … 9(6), 12(7).
    "art30_7d_receipt_on_new_year_holiday_2026": (D(2026, 1, 3), 7, D(2026, 1, 12)),
    # 第二十六条 20 days, formed Fri 2025-12-26: 29(1) 30(2) 31(3), Jan 1–3 off, 4 Sun(4), 5(5) 6(6)
    # 7(7) 8(8) 9(9), 12(10) 13(11) 14(12) 15(13) 16(14), 19(15) 20(16) 21(17) 22(18) 23(19), 26(20).
    "art26_20d_year_boundary_2025_2026": (D(2025, 12, 26), 20, D(2026, 1, 26)),
    # 第三十三条 20 days across 春节 2026 (Sat Feb 14 make-up, Feb 15–23 off, Sat Feb 28 make-up).
    # Receipt Mon 2026-02-02: 3(1) 4(2) 5(3) 6(4), 9(5) 10(6) 11(7) 12(8) 13(9), 14 Sat(10),
    # Feb 15–23 off, 24(11) 25(12) 26(13) 27(14), 28 Sat(15), Mar 1 Sun off, 2(16) 3(17) 4(18)
    # 5(19) 6(20).
    "art33_20d_spring_festival_2026": (D(2026, 2, 2), 20, D(2026, 3, 6)),
    # 第三十三条 20 days, receipt on 除夕 2026 (Mon Feb 16, a holiday): Feb 17–23 off, 24(1) 25(2)
    # 26(3) 27(4), 28 Sat(5), Mar 2(6) 3(7) 4(8) 5(9) 6(10), 9(11) … 13(15), 16(16) … 20(20).
    "art33_20d_receipt_on_chuxi_2026": (D(2026, 2, 16), 20, D(2026, 3, 20)),
    # 第三十条 7 days, receipt on the make-up Saturday 2026-02-14: Feb 15–23 off, 24(1) 25(2) 26(3)
    # 27(4), 28 Sat(5), Mar 2(6) 3(7).
    "art30_7d_receipt_on_makeup_saturday_2026": (D(2026, 2, 14), 7, D(2026, 3, 3)),
    # 第三十条 7 days, receipt on an ordinary Saturday (2026-03-07): 9(1) … 13(5), 16(6) 17(7).
    "art30_7d_receipt_on_ordinary_saturday_2026": (D(2026, 3, 7), 7, D(2026, 3, 17)),
    # 第三十条 7 days across 清明 2026 (Apr 4–6 off). Receipt Wed 2026-04-01:
    # 2(1) 3(2), 4–6 off, 7(3) 8(4) 9(5) 10(6), 13(7).
    "art30_7d_qingming_2026": (D(2026, 4, 1), 7, D(2026, 4, 13)),
    # 第三十二条 15 days across 劳动节 2026 (May 1–5 off, Sat May 9 make-up). Receipt Thu 2026-04-23:
    # 24(1), 27(2) 28(3) 29(4) 30(5), May 1–5 off, 6(6) 7(7) 8(8), 9 Sat(9), 11(10) 12(11) 13(12)
    # 14(13) 15(14), 18(15).
    "art32_15d_labour_day_2026": (D(2026, 4, 23), 15, D(2026, 5, 18)),
    # 第三十条 7 days across 端午 2026 (Jun 19–21 off). Receipt Tue 2026-06-16:
    # 17(1) 18(2), 19–21 off, 22(3) 23(4) 24(5) 25(6) 26(7).
    "art30_7d_dragon_boat_2026": (D(2026, 6, 16), 7, D(2026, 6, 26)),
    # 第二十六条 20 days across 中秋 and 国庆 2026 (Sun Sep 20 make-up, Sep 25–27 off, Oct 1–7 off,
    # Sat Oct 10 make-up). Formed Fri 2026-09-18: 19 Sat off, 20 Sun(1), 21(2) 22(3) 23(4) 24(5),
    # 25–27 off, 28(6) 29(7) 30(8), Oct 1–7 off, 8(9) 9(10), 10 Sat(11), 11 Sun off, 12(12) … 16(16),
    # 19(17) 20(18) 21(19) 22(20).
    "art26_20d_mid_autumn_national_day_2026": (D(2026, 9, 18), 20, D(2026, 10, 22)),
    # 第三十三条 20 days from Wed 2026-09-30: Oct 1–7 off, 8(1) 9(2), 10 Sat(3), 12(4) … 16(8),
    # 19(9) … 23(13), 26(14) … 30(18), Nov 2(19) 3(20).
    "art33_20d_national_day_2026": (D(2026, 9, 30), 20, D(2026, 11, 3)),
    # 第三十二条 15 days, receipt on a holiday (Mon 2026-10-05): 6–7 off, 8(1) 9(2), 10 Sat(3),
    # 12(4) … 16(8), 19(9) … 23(13), 26(14) 27(15).
    "art32_15d_receipt_on_national_day_2026": (D(2026, 10, 5), 15, D(2026, 10, 27)),
    # 第三十三条 20 days, an ordinary stretch: receipt Fri 2026-11-20: Nov 23–27(1–5), Nov 30–Dec 4
    # (6–10), Dec 7–11(11–15), Dec 14–18(16–20).
    "art33_20d_receipt_friday_2026_11_20": (D(2026, 11, 20), 20, D(2026, 12, 18)),
}


@pytest.mark.parametrize(("start", "n", "expected"), HAND_WORKED.values(), ids=HAND_WORKED.keys())
def test_add_workdays_hand_worked(cal: Calendar, start: date, n: int, expected: date) -> None:
    assert cal.add_workdays(start, n) == expected
    # The due date is itself a working day, and exactly n working days lie in (start, due].
    assert cal.is_workday(expected)
    assert cal.workdays_between(start, expected) == n


def test_add_zero_workdays_is_the_start_day(cal: Calendar) -> None:
    assert cal.add_workdays(D(2025, 10, 3), 0) == D(2025, 10, 3)


def test_negative_workdays_are_rejected(cal: Calendar) -> None:
    with pytest.raises(ValueError, match="负数"):
        cal.add_workdays(D(2025, 1, 1), -1)


# ---------------------------------------------------------------------------------------------
# workdays_between: "formation to publication took N working days" (第二十六条, docs/SPEC.md §2.4)
# ---------------------------------------------------------------------------------------------

BETWEEN = {
    # (Sep 30, Oct 9]: Oct 1–8 off, Oct 9 Thu(1).
    "national_day_mid_autumn_2025": (D(2025, 9, 30), D(2025, 10, 9), 1),
    # (Feb 9, Feb 19]: Feb 10–17 off, Feb 18 Sun make-up(1), Feb 19 Mon(2).
    "spring_festival_2024": (D(2024, 2, 9), D(2024, 2, 19), 2),
    # (Dec 31 2025, Jan 5 2026]: Jan 1–3 off, Jan 4 Sun make-up(1), Jan 5(2).
    "year_boundary_2025_2026": (D(2025, 12, 31), D(2026, 1, 5), 2),
    # (Dec 31 2024, Jan 2 2025]: Jan 1 off, Jan 2(1).
    "year_boundary_2024_2025": (D(2024, 12, 31), D(2025, 1, 2), 1),
    # (Feb 13, Feb 24 2026]: Feb 14 Sat make-up(1), Feb 15–23 off, Feb 24(2).
    "spring_festival_2026": (D(2026, 2, 13), D(2026, 2, 24), 2),
    # Whole year 2024: 366 days from Monday → 262 weekdays; weekdays off: Jan 1; Feb 12–16 (5);
    # Apr 4–5 (2); May 1–3 (3); Jun 10; Sep 16–17 (2); Oct 1–4, 7 (5) = 19; make-up days 8.
    # 262 − 19 + 8 = 251.
    "whole_year_2024": (D(2023, 12, 31), D(2024, 12, 31), 251),
    # Whole year 2025: 365 days from Wednesday → 261 weekdays; weekdays off: Jan 1; Jan 28–31,
    # Feb 3–4 (6); Apr 4; May 1, 2, 5 (3); Jun 2; Oct 1–3, 6–8 (6) = 18; make-up days 5.
    # 261 − 18 + 5 = 248.
    "whole_year_2025": (D(2024, 12, 31), D(2025, 12, 31), 248),
    # Whole year 2026: 365 days from Thursday → 261 weekdays; weekdays off: Jan 1–2 (2);
    # Feb 16–20, 23 (6); Apr 6; May 1, 4, 5 (3); Jun 19; Sep 25; Oct 1, 2, 5, 6, 7 (5) = 19;
    # make-up days 6. 261 − 19 + 6 = 248.
    "whole_year_2026": (D(2025, 12, 31), D(2026, 12, 31), 248),
    "same_day_is_zero": (D(2025, 3, 3), D(2025, 3, 3), 0),
    "end_before_start_is_zero": (D(2025, 3, 10), D(2025, 3, 3), 0),
}


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN.values(), ids=BETWEEN.keys())
def test_workdays_between_hand_worked(cal: Calendar, start: date, end: date, expected: int) -> None:
    """第二十六条: the platform reports the working days from formation to publication."""
    assert cal.workdays_between(start, end) == expected


def test_add_and_between_are_inverse_over_three_years(cal: Calendar) -> None:
    """第二十六条/第三十条/第三十二条/第三十三条 periods: n working days after s, counted back, are n."""
    start = D(2023, 12, 20)
    while start <= D(2026, 12, 31):
        for n in (1, 7, 15, 20, 40):
            due = cal.add_workdays(start, n)
            assert due > start
            assert cal.is_workday(due)
            assert cal.workdays_between(start, due) == n
            assert cal.workdays_between(start, due - timedelta(days=1)) == n - 1
        start += timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# Explanations shown to staff and applicants (docs/SPEC.md §4.2)
# ---------------------------------------------------------------------------------------------


def test_explanation_lists_skipped_days_and_counted_makeup_days(cal: Calendar) -> None:
    """第三十三条 20 days from Fri 2025-01-17 (due 2025-02-20, worked out above)."""
    explanation = cal.explain_add_workdays(D(2025, 1, 17), 20)
    assert explanation.due == D(2025, 2, 20)
    assert not explanation.provisional
    skipped = {item.day: item.reason for item in explanation.skipped}
    assert skipped[D(2025, 1, 18)] == WEEKEND
    assert skipped[D(2025, 1, 25)] == WEEKEND
    # The whole block Jan 28 – Feb 4 is 春节, its weekend (Feb 1–2) included.
    for offset in range(8):
        assert skipped[D(2025, 1, 28) + timedelta(days=offset)] == "春节"
    assert D(2025, 1, 17) not in skipped  # the start day is never part of the period
    counted = [(item.day, item.reason) for item in explanation.makeup_days_counted]
    assert counted == [(D(2025, 1, 26), MAKEUP_WORKDAY), (D(2025, 2, 8), MAKEUP_WORKDAY)]
    summary = explanation.summary()
    assert "2025年1月28日至2月4日（春节）" in summary
    assert "2025年1月26日（调休上班）" in summary
    assert "暂定" not in summary


def test_explanation_names_mid_autumn_inside_national_day_2025(cal: Calendar) -> None:
    """第三十三条 20 days from 2025-09-26: Oct 6 is 中秋 inside the 国庆 block."""
    explanation = cal.explain_add_workdays(D(2025, 9, 26), 20)
    reasons = {item.day: item.reason for item in explanation.skipped}
    assert reasons[D(2025, 10, 6)] == "中秋"
    assert reasons[D(2025, 10, 1)] == "国庆"


# ---------------------------------------------------------------------------------------------
# Statutory holidays (《全国年节及纪念日放假办法》)
# ---------------------------------------------------------------------------------------------


def test_statutory_holidays_2025_as_revised_in_2024() -> None:
    # 2025: 初一 is Jan 29 (lunardate), so 除夕 Jan 28; 清明 Apr 4; 端午 (5/5) May 31;
    # 中秋 (8/15) Oct 6.
    assert statutory_holidays(2025) == {
        D(2025, 1, 1): "元旦",
        D(2025, 1, 28): "春节",
        D(2025, 1, 29): "春节",
        D(2025, 1, 30): "春节",
        D(2025, 1, 31): "春节",
        D(2025, 4, 4): "清明",
        D(2025, 5, 1): "劳动节",
        D(2025, 5, 2): "劳动节",
        D(2025, 5, 31): "端午",
        D(2025, 10, 1): "国庆",
        D(2025, 10, 2): "国庆",
        D(2025, 10, 3): "国庆",
        D(2025, 10, 6): "中秋",
    }


def test_statutory_holidays_2026() -> None:
    # 2026: 初一 Feb 17, 除夕 Feb 16; 清明 Apr 5 (a Sunday); 端午 Jun 19; 中秋 Sep 25.
    assert statutory_holidays(2026) == {
        D(2026, 1, 1): "元旦",
        D(2026, 2, 16): "春节",
        D(2026, 2, 17): "春节",
        D(2026, 2, 18): "春节",
        D(2026, 2, 19): "春节",
        D(2026, 4, 5): "清明",
        D(2026, 5, 1): "劳动节",
        D(2026, 5, 2): "劳动节",
        D(2026, 6, 19): "端午",
        D(2026, 9, 25): "中秋",
        D(2026, 10, 1): "国庆",
        D(2026, 10, 2): "国庆",
        D(2026, 10, 3): "国庆",
    }


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_is_a_day_off_in_the_notice(year: int) -> None:
    """The notice only moves weekends around the statutory days; it never makes one a working day."""
    notice_days_off = {day for day, _ in _notice_days_off()}
    for day in statutory_holidays(year):
        assert day in notice_days_off, day


def test_statutory_holidays_2024_follow_the_2013_rules() -> None:
    # Before 2025: 春节 初一–初三 (2024: Feb 10–12, 除夕 Feb 9 not included), 劳动节 1 day.
    holidays = statutory_holidays(2024)
    assert [d for d, name in holidays.items() if name == "春节"] == [
        D(2024, 2, 10),
        D(2024, 2, 11),
        D(2024, 2, 12),
    ]
    assert [d for d, name in holidays.items() if name == "劳动节"] == [D(2024, 5, 1)]
    assert len(holidays) == 11


def test_statutory_holidays_of_earlier_revisions() -> None:
    # 2008–2013 (2007 revision): 春节 除夕–初二. 2013: 初一 Feb 10, so Feb 9–11.
    assert [d for d, n in statutory_holidays(2013).items() if n == "春节"] == [
        D(2013, 2, 9),
        D(2013, 2, 10),
        D(2013, 2, 11),
    ]
    # 2000–2007 (1999 revision): 劳动节 May 1–3, no 清明/端午/中秋.
    holidays_2007 = statutory_holidays(2007)
    assert [d for d, n in holidays_2007.items() if n == "劳动节"] == [D(2007, 5, d) for d in (1, 2, 3)]
    assert not {"清明", "端午", "中秋"} & set(holidays_2007.values())
    # 1949 rules before the 1999 revision: 国庆 2 days.
    assert [d for d, n in statutory_holidays(1998).items() if n == "国庆"] == [D(1998, 10, 1), D(1998, 10, 2)]


def test_mid_autumn_on_national_day_keeps_both_names() -> None:
    # 2020: 中秋 fell on Oct 1.
    assert statutory_holidays(2020)[D(2020, 10, 1)] == "国庆、中秋"


def test_statutory_holidays_are_days_off_in_every_package_year(cal: Calendar) -> None:
    """Cross-check of the lunar and 清明 computations against 23 years of notices (2004–2026)."""
    years = package_years()
    assert {2004, 2024, 2025, 2026} <= years
    for year in years:
        for day, name in statutory_holidays(year).items():
            assert not cal.is_workday(day), (day, name)


def test_statutory_holidays_outside_the_lunar_tables_raise() -> None:
    with pytest.raises(ValueError, match="农历"):
        statutory_holidays(2100)


# ---------------------------------------------------------------------------------------------
# Provisional years: no notice yet (docs/SPEC.md §5)
# ---------------------------------------------------------------------------------------------


def test_package_has_no_2027_data() -> None:
    assert 2027 not in package_years()


def test_statutory_holidays_2027() -> None:
    # lunardate: LunarDate.from_solar_date(2027, 2, 6) == LunarDate(2027, 1, 1) → 初一 Sat Feb 6,
    # so 除夕 is Fri Feb 5 (LunarDate(2026, 12, 29)), 初二 Feb 7, 初三 Mon Feb 8.
    # 清明 2027: Apr 5. 端午: LunarDate(2027, 5, 5) = Jun 9. 中秋: LunarDate(2027, 8, 15) = Sep 15.
    assert statutory_holidays(2027) == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",
        D(2027, 2, 6): "春节",
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午",
        D(2027, 9, 15): "中秋",
        D(2027, 10, 1): "国庆",
        D(2027, 10, 2): "国庆",
        D(2027, 10, 3): "国庆",
    }


def test_provisional_2027_days(cal: Calendar) -> None:
    assert cal.is_provisional(D(2027, 3, 1))
    assert not cal.is_provisional(D(2026, 12, 31))
    # 春节: Fri Feb 5 (除夕) and Mon Feb 8 (初三) are weekdays off; Tue Feb 9 works (no 调休 guessed).
    assert not cal.is_workday(D(2027, 2, 5))
    assert not cal.is_workday(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 2, 9))
    assert cal.reason(D(2027, 2, 5)) == "春节"
    # 国庆 Oct 1–3 (Fri–Sun) off, Mon Oct 4 works.
    for day in (1, 2, 3):
        assert not cal.is_workday(D(2027, 10, day))
    assert cal.is_workday(D(2027, 10, 4))
    # Ordinary weekends off, ordinary weekdays on.
    assert not cal.is_workday(D(2027, 3, 6))  # Saturday
    assert not cal.is_workday(D(2027, 3, 7))  # Sunday
    assert cal.reason(D(2027, 3, 6)) == WEEKEND
    assert cal.is_workday(D(2027, 3, 8))


def test_provisional_2027_due_date_is_flagged(cal: Calendar) -> None:
    """第三十三条 20 days from Mon 2027-02-01, provisional.

    Feb 2(1) 3(2) 4(3), Feb 5 除夕 off, 6–7 weekend (初一, 初二), Feb 8 初三 off, 9(4) 10(5) 11(6)
    12(7), 15(8) … 19(12), 22(13) … 26(17), Mar 1(18) 2(19) 3(20).
    """
    explanation = cal.explain_add_workdays(D(2027, 2, 1), 20)
    assert explanation.due == D(2027, 3, 3)
    assert explanation.provisional
    assert explanation.provisional_years == {2027}
    assert all(item.provisional for item in explanation.days)
    assert "暂定" in explanation.summary()


def test_provisional_years_touched_across_2026_2027(cal: Calendar) -> None:
    """第三十三条 20 days from Mon 2026-12-21 run into provisional 2027.

    22(1) 23(2) 24(3) 25(4), 28(5) 29(6) 30(7) 31(8), Jan 1 2027 元旦 off, 4(9) … 8(13),
    11(14) … 15(18), 18(19) 19(20).
    """
    explanation = cal.explain_add_workdays(D(2026, 12, 21), 20)
    assert explanation.due == D(2027, 1, 19)
    assert explanation.provisional_years == {2027}
    assert cal.provisional_years_touched(D(2026, 12, 21), D(2027, 1, 19)) == {2027}
    assert cal.provisional_years_touched(D(2026, 1, 1), D(2026, 12, 31)) == set()
    # The start day is not part of the period: starting on Dec 31 2027 touches only 2028.
    assert cal.provisional_years_touched(D(2027, 12, 31), D(2028, 1, 5)) == {2028}
    assert cal.provisional_years_touched(D(2027, 1, 5), D(2027, 1, 5)) == set()


def test_override_turns_a_2027_day_on_and_off() -> None:
    calendar = build_calendar(overrides={D(2027, 2, 9): False, D(2027, 2, 20): True, D(2027, 2, 5): True})
    assert not calendar.is_workday(D(2027, 2, 9))  # a weekday made a day off
    assert calendar.is_workday(D(2027, 2, 20))  # a Saturday made a make-up day
    assert calendar.reason(D(2027, 2, 20)) == MAKEUP_WORKDAY
    assert calendar.is_workday(D(2027, 2, 5))  # the statutory 除夕 overridden to a working day
    # Overrides alone do not make the year non-provisional: only an entered notice does.
    assert calendar.is_provisional(D(2027, 2, 9))


def test_notice_year_makes_2027_non_provisional() -> None:
    """A year the administrators entered a notice for: only their overrides and weekends apply."""
    calendar = build_calendar(
        overrides={D(2027, 2, 9): False, D(2027, 2, 10): False, D(2027, 2, 20): True},
        notice_years={2027},
        override_reasons={D(2027, 2, 10): "春节"},
    )
    assert not calendar.is_provisional(D(2027, 2, 9))
    assert calendar.is_workday(D(2027, 2, 5))  # statutory, but the entered notice did not list it
    assert not calendar.is_workday(D(2027, 2, 9))
    assert calendar.reason(D(2027, 2, 10)) == "春节"
    # Feb 9 has no reason of its own; it shares the run with Feb 10 (春节).
    assert calendar.reason(D(2027, 2, 9)) == "春节"
    explanation = calendar.explain_add_workdays(D(2027, 2, 1), 20)
    assert not explanation.provisional
    # Feb 2(1) 3(2) 4(3) 5(4), 6–7 weekend, 8(5), 9–10 off, 11(6) 12(7), 15(8) … 19(12), 20 Sat(13),
    # 22(14) … 26(18), Mar 1(19) 2(20).
    assert explanation.due == D(2027, 3, 2)


def test_overrides_win_over_package_data() -> None:
    # An administrator corrects a package year: Wed 2025-10-08 to work, Mon 2025-03-03 off.
    calendar = build_calendar(overrides={D(2025, 10, 8): True, D(2025, 3, 3): False})
    assert calendar.is_workday(D(2025, 10, 8))
    assert not calendar.is_workday(D(2025, 3, 3))
    assert calendar.reason(D(2025, 3, 3)) == "放假"


def test_without_package_2025_is_provisional() -> None:
    calendar = build_calendar(use_package=False)
    assert calendar.is_provisional(D(2025, 6, 1))
    assert not calendar.is_workday(D(2025, 10, 6))  # statutory 中秋
    assert calendar.is_workday(D(2025, 10, 8))  # in the notice a day off, but not statutory
    assert not calendar.is_workday(D(2025, 1, 26))  # the notice's make-up Sunday is not guessed


def test_calendar_is_hashable_and_compares_by_value() -> None:
    first = build_calendar(overrides={D(2027, 1, 4): False}, notice_years=[2027])
    second = build_calendar(overrides={D(2027, 1, 4): False}, notice_years=[2027])
    assert first == second
    assert hash(first) == hash(second)
    assert first != build_calendar()


def test_add_workdays_is_fast(cal: Calendar) -> None:
    """100,000 due-date computations (a regional recompute after a calendar change) in well under 2 s."""
    starts = [D(2024, 1, 1) + timedelta(days=i % 1000) for i in range(100_000)]
    began = time.perf_counter()
    for start in starts:
        cal.add_workdays(start, 20)
    assert time.perf_counter() - began < 2.0
