"""Working-day calendar kernel (工作日历): which days are working days, and working-day arithmetic.

Every statutory time limit in the platform is counted in working days (工作日): 20 working days to
publish an item (2019 《政府信息公开条例》 第二十六条), 7 to ask for a correction (第三十条), 15 for a
third party's opinion (第三十二条, 第三十四条), 20 + 20 to answer a request (第三十三条). This module
answers "is this a working day?" and "which day is the n-th working day after that one?" from plain
values, with no Django in it; the ``workdays`` app feeds it the administrators' overrides.

Sources, in priority order (docs/SPEC.md §5):

1. administrators' overrides (a date entered as a working day or as a day off);
2. for years that a State Council notice (国务院办公厅关于部分节假日安排的通知) covers: the
   ``chinese_calendar`` package, or — for a year the administrators entered a notice for
   (``notice_years``) and the package does not know — weekends plus their overrides;
3. otherwise a *provisional* answer: weekends and the statutory holidays of
   《全国年节及纪念日放假办法》 off, no make-up days. Provisional answers are flagged, never silent.

Counting rule: the day the period starts (receipt, date formed) is never counted — 期间开始的日，
不计算在内 (《民法典》 第二百零一条; the same rule in administrative procedure) — so the n-th working
day after ``start`` is the due date, whatever kind of day ``start`` itself is.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from chinese_calendar import constants as _package_constants
from chinese_calendar import get_solar_terms
from lunardate import LunarDate

__all__ = [
    "Calendar",
    "ExplainedDay",
    "Explanation",
    "build_calendar",
    "package_years",
    "statutory_holidays",
]

WEEKEND = "周末"
MAKEUP_WORKDAY = "调休上班"
# Reasons for days the administrators changed without saying why.
OVERRIDE_DAY_OFF = "放假"
OVERRIDE_WORKDAY = "调整为工作日"

# The chinese_calendar package names festivals in English; staff and applicants read Chinese.
_PACKAGE_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午",
    "Mid-autumn Festival": "中秋",
    "National Day": "国庆",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# lunardate knows lunar years 1900–2099; the 除夕 of 1900 would need lunar 1899, so start at 1901.
_FIRST_COMPUTABLE_YEAR = 1901
_LAST_COMPUTABLE_YEAR = 2099


# ---------------------------------------------------------------------------------------------
# Statutory holidays (《全国年节及纪念日放假办法》)
# ---------------------------------------------------------------------------------------------


def _lunar_to_solar(year: int, month: int, day: int) -> date:
    return LunarDate(year, month, day).to_solar_date()


def _qingming(year: int) -> date:
    """The day of the solar term 清明 (sun at apparent longitude 15°, Beijing time).

    chinese_calendar's 寿星 formula (with its correction table) was cross-checked against a Meeus
    solar-longitude computation for every year 1901–2099 and agrees on all of them.
    """
    for day, name in get_solar_terms(date(year, 4, 1), date(year, 4, 30)):
        if name == "清明":
            return day
    raise AssertionError(f"no 清明 found in April {year}")  # pragma: no cover - formula always yields one


@functools.cache
def _statutory_holidays(year: int) -> MappingProxyType[date, str]:
    if not _FIRST_COMPUTABLE_YEAR <= year <= _LAST_COMPUTABLE_YEAR:
        raise ValueError(
            f"无法推算{year}年的法定节假日：农历数据仅覆盖{_FIRST_COMPUTABLE_YEAR}–{_LAST_COMPUTABLE_YEAR}年"
        )
    names: dict[date, list[str]] = {}

    def add(day: date, name: str) -> None:
        names.setdefault(day, []).append(name)

    add(date(year, 1, 1), "元旦")

    # 春节: 2025 revision 除夕–初三 (4 days); 2014–2024 初一–初三; 2008–2013 除夕–初二 (the 2007
    # revision); before 2008 初一–初三. 除夕 is simply the day before 初一 (29th or 30th of month 12).
    chuyi = _lunar_to_solar(year, 1, 1)
    spring_offsets: tuple[int, ...]
    if year >= 2025:
        spring_offsets = (-1, 0, 1, 2)
    elif year >= 2014:
        spring_offsets = (0, 1, 2)
    elif year >= 2008:
        spring_offsets = (-1, 0, 1)
    else:
        spring_offsets = (0, 1, 2)
    for offset in spring_offsets:
        add(chuyi + timedelta(days=offset), "春节")

    # 清明, 端午, 中秋 became holidays with the 2007 revision, in force from 2008.
    if year >= 2008:
        add(_qingming(year), "清明")

    # 劳动节: 1 day (1949), 3 days (1999 revision, first applied in 2000), 1 day (2008), 2 days (2025).
    if year >= 2025:
        labour_days = 2
    elif 2000 <= year <= 2007:
        labour_days = 3
    else:
        labour_days = 1
    for offset in range(labour_days):
        add(date(year, 5, 1 + offset), "劳动节")

    # 国庆: 2 days under the 1949 rules; 3 days since the 1999 revision (in force 18 Sep 1999,
    # so already for National Day 1999).
    for offset in range(3 if year >= 1999 else 2):
        add(date(year, 10, 1 + offset), "国庆")

    if year >= 2008:
        add(_lunar_to_solar(year, 5, 5), "端午")  # the regular (not leap) 5th month
        add(_lunar_to_solar(year, 8, 15), "中秋")

    # 中秋 can fall on 1–3 October (2001, 2020, …): keep both names rather than lose one.
    return MappingProxyType({day: "、".join(labels) for day, labels in sorted(names.items())})


def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory days off of 《全国年节及纪念日放假办法》 in force for ``year``, date → festival name.

    Since 2025: 元旦 1, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2 (1–2 May), 端午 1, 中秋 1, 国庆 3 (1–3 Oct).
    Earlier revisions are applied for earlier years. Raises ``ValueError`` outside 1901–2099.
    """
    return dict(_statutory_holidays(year))


# ---------------------------------------------------------------------------------------------
# Package data (chinese_calendar transcribes the State Council notices)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PackageData:
    days_off: Mapping[date, str]  # date → Chinese festival name
    makeup_days: Mapping[date, str]  # weekend working day → festival it makes up for
    years: frozenset[int]


@functools.cache
def _package_data() -> _PackageData:
    def zh(value: object) -> str:
        name = str(getattr(value, "value", value))
        return _PACKAGE_NAMES_ZH.get(name, name)

    days_off = {day: zh(name) for day, name in _package_constants.holidays.items()}
    makeup_days = {day: zh(name) for day, name in _package_constants.workdays.items()}
    # The package covers exactly the years it has notice data for; ask it rather than hard-code
    # 2004–2026, so that upgrading the package extends coverage by itself.
    years = frozenset(day.year for day in days_off) | frozenset(day.year for day in makeup_days)
    return _PackageData(MappingProxyType(days_off), MappingProxyType(makeup_days), years)


def package_years() -> frozenset[int]:
    """The years for which the installed ``chinese_calendar`` package has State Council notice data."""
    return _package_data().years


# ---------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _YearTable:
    """Everything about one year, precomputed once so that arithmetic is a bisect, not a day loop."""

    provisional: bool
    workday_ordinals: tuple[int, ...]  # sorted ordinals of the year's working days
    workday_set: frozenset[int]
    # Notable days: days off (→ reason) and working days that are not plain weekdays (→ reason).
    off_reasons: Mapping[int, str]
    special_workdays: Mapping[int, str]


@dataclass(frozen=True)
class ExplainedDay:
    """One notable day inside a counted period: a day skipped, or a make-up day that was counted."""

    day: date
    reason: str  # 周末 / festival name / 调休上班 / …
    counted: bool
    provisional: bool


@dataclass(frozen=True)
class Explanation:
    """How a due date was computed, for staff and applicants (docs/SPEC.md §4.2: "can see how it was
    computed")."""

    start: date
    workdays: int
    due: date
    days: tuple[ExplainedDay, ...]
    provisional_years: frozenset[int]

    @property
    def provisional(self) -> bool:
        """True if any day in the counted period lies in a year no notice covers yet."""
        return bool(self.provisional_years)

    @property
    def skipped(self) -> tuple[ExplainedDay, ...]:
        return tuple(d for d in self.days if not d.counted)

    @property
    def makeup_days_counted(self) -> tuple[ExplainedDay, ...]:
        return tuple(d for d in self.days if d.counted)

    def summary(self) -> str:
        """A one-paragraph Chinese account of the computation, grouping consecutive skipped days."""
        parts = [
            f"自{_zh_date(self.start)}起计算（当日不计入），第{self.workdays}个工作日为{_zh_date(self.due)}。"
        ]
        groups: list[tuple[date, date, str]] = []
        for item in self.skipped:
            if groups and groups[-1][2] == item.reason and groups[-1][1] + timedelta(days=1) == item.day:
                groups[-1] = (groups[-1][0], item.day, item.reason)
            else:
                groups.append((item.day, item.day, item.reason))
        if groups:
            spans = [f"{_zh_span(first, last)}（{reason}）" for first, last, reason in groups]
            parts.append("不计入的休息日：" + "、".join(spans) + "。")
        if self.makeup_days_counted:
            made_up = "、".join(f"{_zh_date(d.day)}（{d.reason}）" for d in self.makeup_days_counted)
            parts.append("计入的调休工作日：" + made_up + "。")
        if self.provisional:
            years = "、".join(str(y) for y in sorted(self.provisional_years))
            parts.append(f"{years}年的节假日安排尚未公布，按法定节假日推算，结果为暂定。")
        return "".join(parts)


def _zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _zh_span(first: date, last: date) -> str:
    if first == last:
        return _zh_date(first)
    tail = f"{last.month}月{last.day}日" if first.year == last.year else _zh_date(last)
    return f"{_zh_date(first)}至{tail}"


@dataclass(frozen=True)
class Calendar:
    """The working-day calendar of one installation. Build it with :func:`build_calendar`.

    Immutable: when administrators change an override, build a new calendar (and recompute the due
    dates of open cases, docs/SPEC.md §5). Per-year tables are computed lazily on first use and cached.
    """

    overrides: Mapping[date, bool] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    notice_years: frozenset[int] = frozenset()
    package_years: frozenset[int] = frozenset()
    override_reasons: Mapping[date, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    _tables: dict[int, _YearTable] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    # -- coverage ---------------------------------------------------------------------------------

    def is_covered(self, year: int) -> bool:
        """True if a State Council notice (package data or an administrators' entry) covers ``year``."""
        return year in self.package_years or year in self.notice_years

    def is_provisional(self, day: date) -> bool:
        """True if no notice covers the day's year, so the answer is a provisional guess."""
        return not self.is_covered(day.year)

    def provisional_years_touched(self, start: date, end: date) -> set[int]:
        """The provisional years among the days of the half-open period (start, end]."""
        if end <= start:
            return set()
        first = (start + timedelta(days=1)).year
        return {year for year in range(first, end.year + 1) if not self.is_covered(year)}

    # -- single days ------------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        return day.toordinal() in self._table(day.year).workday_set

    def reason(self, day: date) -> str | None:
        """Why ``day`` is special: the reason it is a day off, or why a weekend is worked; else None."""
        table = self._table(day.year)
        ordinal = day.toordinal()
        return table.off_reasons.get(ordinal) or table.special_workdays.get(ordinal)

    # -- arithmetic -------------------------------------------------------------------------------

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start``; ``start`` itself is never counted, whatever it is."""
        if n < 0:
            raise ValueError("工作日数不能为负数")
        if n == 0:
            return start
        year = start.year
        table = self._table(year)
        # Working days of this year on or before start are not part of the period.
        index = bisect_right(table.workday_ordinals, start.toordinal())
        remaining = n
        while True:
            available = len(table.workday_ordinals) - index
            if remaining <= available:
                return date.fromordinal(table.workday_ordinals[index + remaining - 1])
            remaining -= available
            year += 1
            table = self._table(year)
            index = 0

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in the half-open period (start, end]; 0 if ``end <= start``.

        ``workdays_between(formed, published)`` is "formation to publication took N working days".
        """
        if end <= start:
            return 0
        low, high = start.toordinal(), end.toordinal()
        count = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._table(year).workday_ordinals
            count += bisect_right(ordinals, high) - bisect_right(ordinals, low)
        return count

    def explain_add_workdays(self, start: date, n: int) -> Explanation:
        """:meth:`add_workdays` with its working shown: skipped days off and counted make-up days."""
        due = self.add_workdays(start, n)
        days: list[ExplainedDay] = []
        for ordinal in range(start.toordinal() + 1, due.toordinal() + 1):
            day = date.fromordinal(ordinal)
            table = self._table(day.year)
            if ordinal in table.off_reasons:
                days.append(ExplainedDay(day, table.off_reasons[ordinal], False, table.provisional))
            elif ordinal in table.special_workdays:
                days.append(ExplainedDay(day, table.special_workdays[ordinal], True, table.provisional))
        return Explanation(
            start=start,
            workdays=n,
            due=due,
            days=tuple(days),
            provisional_years=frozenset(self.provisional_years_touched(start, due)),
        )

    # -- tables -----------------------------------------------------------------------------------

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            table = self._tables[year] = self._build_table(year)
        return table

    def _build_table(self, year: int) -> _YearTable:
        package = _package_data()
        use_package_data = year in self.package_years
        provisional = not self.is_covered(year)

        # Festival names serve as labels in every mode; only provisional years take them as days off.
        try:
            statutory: Mapping[date, str] = _statutory_holidays(year)
        except ValueError:
            if provisional:
                raise
            statutory = {}

        ordinals: list[int] = []
        off_reasons: dict[int, str] = {}
        special: dict[int, str] = {}
        day = date(year, 1, 1)
        one_day = timedelta(days=1)
        while day.year == year:
            weekend = day.weekday() >= 5
            if use_package_data:
                base_workday = (not weekend and day not in package.days_off) or day in package.makeup_days
            elif provisional:
                base_workday = not weekend and day not in statutory
            else:  # a year the administrators entered a notice for: their overrides + weekends
                base_workday = not weekend
            workday = self.overrides.get(day, base_workday)
            ordinal = day.toordinal()
            if workday:
                ordinals.append(ordinal)
                if weekend:
                    special[ordinal] = self.override_reasons.get(day) or MAKEUP_WORKDAY
                elif not base_workday:
                    special[ordinal] = self.override_reasons.get(day) or OVERRIDE_WORKDAY
            else:
                off_reasons[ordinal] = (
                    self.override_reasons.get(day)
                    or (package.days_off.get(day) if use_package_data else None)
                    or statutory.get(day)
                    or (WEEKEND if weekend else "")
                )
            day += one_day

        _label_unnamed_days_off(off_reasons)
        return _YearTable(
            provisional=provisional,
            workday_ordinals=tuple(ordinals),
            workday_set=frozenset(ordinals),
            off_reasons=MappingProxyType(off_reasons),
            special_workdays=MappingProxyType(special),
        )


def _label_unnamed_days_off(off_reasons: dict[int, str]) -> None:
    """Name the days of a holiday run after its festival.

    A notice makes a festival a run of days off (e.g. 端午 2024: 8–10 June, a Saturday to a Monday),
    but the package names only some of them and an administrators' entry may name none; the other
    days of the run — weekends included — get the festival's name, so explanations read "端午" rather
    than "周末" or a bare "放假". Runs without any festival keep "周末".
    """
    ordinals = sorted(off_reasons)
    run: list[int] = []
    for position, ordinal in enumerate(ordinals):
        run.append(ordinal)
        last_of_run = position + 1 == len(ordinals) or ordinals[position + 1] != ordinal + 1
        if not last_of_run:
            continue
        festival = next((off_reasons[o] for o in run if off_reasons[o] not in ("", WEEKEND)), None)
        for o in run:
            if off_reasons[o] in ("", WEEKEND):
                off_reasons[o] = festival or off_reasons[o] or OVERRIDE_DAY_OFF
        run = []


def build_calendar(
    *,
    overrides: Mapping[date, bool] = MappingProxyType({}),
    notice_years: Iterable[int] = (),
    use_package: bool = True,
    override_reasons: Mapping[date, str] = MappingProxyType({}),
) -> Calendar:
    """Build the calendar from the administrators' data.

    ``overrides``: date → True (working day) / False (day off); they win over every other source.
    ``notice_years``: years for which the administrators entered a State Council notice; in those
    years (when the package has no data) only weekends and the overrides apply, and the answers are
    not provisional. ``use_package``: take notice data from ``chinese_calendar`` for the years it
    covers (the package wins over ``notice_years`` as the base; overrides still win over both).
    ``override_reasons``: optional date → label shown in explanations (e.g. "春节").
    """
    return Calendar(
        overrides=MappingProxyType(dict(overrides)),
        notice_years=frozenset(notice_years),
        package_years=package_years() if use_package else frozenset(),
        override_reasons=MappingProxyType(dict(override_reasons)),
    )
