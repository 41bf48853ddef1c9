"""What the calendar screen shows: each year's coverage, its month grids and its notable days.

The screen reads the same data as ``get_calendar()`` plus the notes of the overrides, so a day off
entered under a notice reads "春节", not a bare "放假".
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field

from gongkai.workdays.kernel import (
    MAKEUP_WORKDAY,
    WEEKEND,
    Calendar,
    build_calendar,
    statutory_holidays,
)
from gongkai.workdays.models import CalendarOverride, HolidayNotice
from gongkai.workdays.notice_text import WEEKDAYS_ZH

WEEKDAY_HEADERS = ("一", "二", "三", "四", "五", "六", "日")

COVERAGE_PACKAGE = "package"
COVERAGE_NOTICE = "notice"
COVERAGE_PROVISIONAL = "provisional"
COVERAGE_LABELS = {
    COVERAGE_PACKAGE: "国务院通知（chinesecalendar 数据）",
    COVERAGE_NOTICE: "国务院通知（管理员录入）",
    COVERAGE_PROVISIONAL: "暂定（按法定节假日推算）",
}


def display_calendar() -> Calendar:
    """The installation's calendar with the overrides' notes as reasons (for display only)."""
    overrides: dict[dt.date, bool] = {}
    reasons: dict[dt.date, str] = {}
    for day, is_workday, note in CalendarOverride.objects.values_list("date", "is_workday", "note"):
        overrides[day] = is_workday
        if note:
            reasons[day] = note
    years = set(HolidayNotice.objects.values_list("year", flat=True))
    return build_calendar(overrides=overrides, notice_years=years, override_reasons=reasons)


def coverage(calendar: Calendar, year: int) -> str:
    if year in calendar.package_years:
        return COVERAGE_PACKAGE
    if year in calendar.notice_years:
        return COVERAGE_NOTICE
    return COVERAGE_PROVISIONAL


@dataclass(frozen=True)
class DayCell:
    day: dt.date | None  # None: a blank cell of the previous or next month
    kind: str = ""  # workday / weekend / holiday / makeup
    reason: str = ""
    is_today: bool = False

    @property
    def tag(self) -> str:
        return {"holiday": "休", "makeup": "班"}.get(self.kind, "")

    @property
    def description(self) -> str:
        """The cell's meaning in words (its title, and what a screen reader hears besides the number)."""
        if self.day is None:
            return ""
        text = {"workday": "工作日", "weekend": "周末", "holiday": "休息", "makeup": "上班"}.get(
            self.kind, ""
        )
        return f"{text}（{self.reason}）" if self.reason and self.kind in ("holiday", "makeup") else text


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: list[list[DayCell]]

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月"


@dataclass(frozen=True)
class SpecialDay:
    day: dt.date
    workday: bool
    reason: str
    source: str
    override: CalendarOverride | None = None

    @property
    def weekday(self) -> str:
        return WEEKDAYS_ZH[self.day.weekday()]

    @property
    def kind(self) -> str:
        return "调休上班" if self.workday else "休息"


@dataclass
class YearView:
    year: int
    coverage: str
    notice: HolidayNotice | None
    workdays: int
    days_off: int  # days off on weekdays (holidays)
    makeup_days: int
    months: list[MonthGrid] = field(default_factory=list)
    special_days: list[SpecialDay] = field(default_factory=list)
    statutory: list[tuple[dt.date, str, str]] = field(default_factory=list)  # provisional years only

    @property
    def coverage_label(self) -> str:
        return COVERAGE_LABELS[self.coverage]

    @property
    def provisional(self) -> bool:
        return self.coverage == COVERAGE_PROVISIONAL


class _DayKinds:
    """Classify the days of one year for display.

    A weekend day off is shown as part of a holiday only when a source says so: an override (an
    entered notice stores every day of its runs), the package's festival name, or — in a provisional
    year — the statutory holiday itself. The kernel also names the plain weekend next to a holiday
    run after the festival (for explanations); the grid shows such a day as a weekend.
    """

    def __init__(self, calendar: Calendar, year: int, cover: str, overrides: dict[dt.date, CalendarOverride]):
        self.calendar = calendar
        self.cover = cover
        self.overrides = overrides
        self.statutory = statutory_holidays(year)

    def __call__(self, day: dt.date) -> tuple[str, str]:
        calendar = self.calendar
        reason = calendar.reason(day) or ""
        weekend = day.weekday() >= 5
        if calendar.is_workday(day):
            return ("makeup", reason or MAKEUP_WORKDAY) if (weekend or reason) else ("workday", "")
        if not weekend or day in self.overrides:
            return "holiday", reason
        if self.cover == COVERAGE_PACKAGE and reason not in ("", WEEKEND):
            return "holiday", reason
        if self.cover == COVERAGE_PROVISIONAL and day in self.statutory:
            return "holiday", reason
        return "weekend", ""


def _overrides_of(year: int) -> dict[dt.date, CalendarOverride]:
    return {o.date: o for o in CalendarOverride.objects.filter(date__year=year).select_related("notice")}


def month_grids(
    calendar: Calendar, year: int, today: dt.date | None = None, *, kinds: _DayKinds | None = None
) -> list[MonthGrid]:
    kinds = kinds or _DayKinds(calendar, year, coverage(calendar, year), _overrides_of(year))
    grids: list[MonthGrid] = []
    weeks_of = pycalendar.Calendar(firstweekday=0).monthdatescalendar
    for month in range(1, 13):
        weeks = []
        for week in weeks_of(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(DayCell(None))
                    continue
                kind, reason = kinds(day)
                row.append(DayCell(day, kind, reason, day == today))
            weeks.append(row)
        grids.append(MonthGrid(year, month, weeks))
    return grids


def year_view(
    calendar: Calendar, year: int, *, today: dt.date | None = None, detail: bool = True
) -> YearView:
    """One year of the calendar; ``detail`` adds the month grids, notable days and statutory holidays."""
    notice = HolidayNotice.objects.filter(year=year).select_related("entered_by").first()
    cover = coverage(calendar, year)
    overrides = _overrides_of(year)
    kinds = _DayKinds(calendar, year, cover, overrides)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    workdays = calendar.workdays_between(first - dt.timedelta(days=1), last)
    special: list[SpecialDay] = []
    days_off = makeup = 0
    day = first
    while day <= last:
        kind, reason = kinds(day)
        if kind in ("holiday", "makeup"):
            if kind == "holiday" and day.weekday() < 5:
                days_off += 1
            if kind == "makeup":
                makeup += 1
            override = overrides.get(day)
            if override is not None:
                source = f"{override.notice.year}年通知（录入）" if override.notice else "单日调整"
            elif cover == COVERAGE_PACKAGE:
                source = "国务院通知（chinesecalendar 数据）"
            else:
                source = "法定节假日（暂定推算）"
            special.append(SpecialDay(day, kind == "makeup", reason, source, override))
        day += dt.timedelta(days=1)
    view = YearView(year, cover, notice, workdays, days_off, makeup)
    if detail:
        view.months = month_grids(calendar, year, today, kinds=kinds)
        view.special_days = special
        if cover == COVERAGE_PROVISIONAL:
            view.statutory = [(d, WEEKDAYS_ZH[d.weekday()], name) for d, name in kinds.statutory.items()]
    return view


def standalone_overrides() -> list[CalendarOverride]:
    """Single-day adjustments not belonging to a notice, newest date first."""
    return list(CalendarOverride.objects.filter(notice__isnull=True).order_by("-date"))
