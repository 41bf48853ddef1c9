"""The time rules of a message (pure, docs/SPEC.md §3): the 3-month flag by calendar months and the
due date in working days (the day of receipt not counted, 《民法典》第二百零一条)."""

from __future__ import annotations

from datetime import date

from gongkai.interaction.rules import (
    due_date,
    is_long_unanswered,
    long_unanswered_before,
    month_bounds,
    months_before,
)
from gongkai.workdays.kernel import build_calendar


def test_months_before_clamps_to_the_shorter_month():
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2028, 5, 31), 3) == date(2028, 2, 29)
    assert months_before(date(2026, 2, 15), 3) == date(2025, 11, 15)
    assert months_before(date(2026, 1, 10), 13) == date(2024, 12, 10)


def test_a_message_is_flagged_the_day_after_it_is_three_months_old():
    received = date(2026, 1, 15)
    assert long_unanswered_before(date(2026, 4, 15)) == received
    assert not is_long_unanswered(received, None, date(2026, 4, 15))
    assert is_long_unanswered(received, None, date(2026, 4, 16))
    # Answered (on or before the day asked about): never flagged.
    assert not is_long_unanswered(received, date(2026, 4, 20), date(2026, 4, 20))
    assert is_long_unanswered(received, date(2026, 4, 20), date(2026, 4, 19))


def test_due_date_does_not_count_the_day_of_receipt_and_skips_days_off():
    calendar = build_calendar(overrides={date(2026, 3, 18): False}, notice_years=set())
    # Received Monday 16 March 2026; 5 working days: 17, 19, 20, 23, 24 (18 is a day off).
    assert due_date(calendar, date(2026, 3, 16), 5) == (date(2026, 3, 24), False)
    # Received on a Saturday: Monday is the first day counted.
    assert due_date(calendar, date(2026, 3, 14), 1) == (date(2026, 3, 16), False)


def test_a_year_without_a_notice_makes_the_due_date_provisional():
    calendar = build_calendar(overrides={}, notice_years=set())
    far = date(2031, 12, 24)
    due, provisional = due_date(calendar, far, 10)
    assert due.year == 2032 and provisional


def test_month_bounds():
    assert month_bounds(2026, 2) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_bounds(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
