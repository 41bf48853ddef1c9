"""How often a column must be updated (栏目更新类别), and when one becomes stale (未及时更新栏目).

The rule (docs/SPEC.md §7, "rules in use elsewhere", after the national website checking
indicators, 国办秘函〔2019〕19号): a 动态/要闻 column is stale after 2 weeks without an item,
通知公告/政策文件 after 6 months, 人事 and 规划计划 after 1 year; historical topic columns (历史专题)
and pages with no update duty (机构职能 and the like, :attr:`UpdateClass.STATIC`) are never stale.
A column may override its class's interval with a number of days (``update_interval_days``).

A column last updated on day L with an interval I is up to date through L + I (its *last fresh
day*) and stale from the day after. Months are calendar months (a 6-month column updated on
31 August is fresh through 28 February, or 29 in a leap year).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from gongkai.disclosure.models.catalog import UpdateClass


@dataclass(frozen=True)
class Interval:
    months: int = 0
    days: int = 0

    def after(self, day: dt.date) -> dt.date:
        """``day`` moved forward by the interval (months first, the day clamped to the month's end)."""
        if self.months:
            index = day.month - 1 + self.months
            year, month = day.year + index // 12, index % 12 + 1
            day = day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
        return day + dt.timedelta(days=self.days)


#: The update interval of each class; the classes absent here are exempt.
INTERVALS: dict[str, Interval] = {
    UpdateClass.NEWS: Interval(days=14),
    UpdateClass.NOTICES: Interval(months=6),
    UpdateClass.YEARLY: Interval(months=12),
}
EXEMPT = frozenset({UpdateClass.HISTORICAL, UpdateClass.STATIC})


def interval_for(update_class: str, override_days: int | None = None) -> Interval | None:
    """The interval of a column, or None when it has no update duty."""
    if update_class in EXEMPT:
        return None
    if override_days:
        return Interval(days=override_days)
    return INTERVALS.get(update_class)


def last_fresh_day(
    last_update: dt.date, update_class: str, override_days: int | None = None
) -> dt.date | None:
    """The last day a column last updated on ``last_update`` is still up to date (None: never stale)."""
    interval = interval_for(update_class, override_days)
    return None if interval is None else interval.after(last_update)
