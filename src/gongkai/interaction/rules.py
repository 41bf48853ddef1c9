"""The rules of a message's time (pure: no Django), docs/SPEC.md §3.

* **Answer period**: the kind's number of working days on the platform's calendar (咨询 5, 建议 10,
  投诉 15 as shipped; configurable). The day a message is received is not counted
  (期间开始的日不计算在内, 《中华人民共和国民法典》第二百零一条), as for requests (``foi/clock.py``):
  the due date is the n-th working day *after* the day of receipt. A message sent online is received
  on the day it is submitted, the day both sides confirm it (the rule of 《政府信息公开条例》第三十一条
  第（三）项 for online applications, followed here).
* **Long unanswered** (互动回应差): a message not answered more than 3 calendar months after its receipt
  is flagged. The national website checks (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号)
  count messages left unanswered for more than 3 months under 互动回应差, a single veto (单项否决),
  so the staff list, the inbox, the round and the figures show it.
"""

from __future__ import annotations

import calendar as _monthdays
from datetime import date
from typing import Protocol

#: Calendar months after receipt from which an unanswered message is flagged (互动回应差).
LONG_UNANSWERED_MONTHS = 3
#: Working days before the due date from which the round reminds the handler (and the inbox warns).
DUE_SOON_WORKDAYS = 2


class WorkdayCalendar(Protocol):
    def add_workdays(self, start: date, n: int) -> date: ...

    def workdays_between(self, start: date, end: date) -> int: ...

    def provisional_years_touched(self, start: date, end: date) -> set[int]: ...


def due_date(calendar: WorkdayCalendar, received_on: date, workdays: int) -> tuple[date, bool]:
    """The due date of a message received on ``received_on`` with ``workdays`` to answer, and whether
    a provisional year (no State Council notice yet) was used to count it."""
    due = calendar.add_workdays(received_on, workdays)
    return due, bool(calendar.provisional_years_touched(received_on, due))


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter:
    31 May → 28/29 February)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = _monthdays.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def long_unanswered_before(today: date) -> date:
    """Messages received *before* this day and still unanswered are flagged on ``today``: received
    on 15 January, a message is 3 months old on 15 April and flagged from 16 April."""
    return months_before(today, LONG_UNANSWERED_MONTHS)


def is_long_unanswered(received_on: date, answered_on: date | None, today: date) -> bool:
    answered = answered_on is not None and answered_on <= today
    return not answered and received_on < long_unanswered_before(today)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, _monthdays.monthrange(year, month)[1])
