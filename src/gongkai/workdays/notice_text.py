"""A year's holiday notice as administrators type it: one holiday a line (pure, no Django).

The State Council's yearly notice (国务院办公厅关于XXXX年部分节假日安排的通知) lists, festival by
festival, the days off and the weekend days worked instead (调休上班). Administrators copy it in one
line per festival::

    春节 2027-02-05 至 2027-02-13 调休上班 2027-01-31、2027-02-20
    端午 2027-06-09

* the festival's name first, then the first day off, then ``至`` and the last day off (a single
  date for a one-day holiday);
* optionally ``调休上班`` (or just ``上班``) and the make-up working days, separated by ``、``, commas
  or spaces;
* dates as ``2027-02-05``, ``2027/2/5``, ``2027.2.5`` or ``2027年2月5日``; a weekday in brackets after a
  date, as the notices print it (``2027年1月31日（星期日）``), is ignored; full-width characters are
  accepted; blank lines and lines starting with ``#`` are skipped.

:func:`parse_notice_text` reads the lines; :func:`check_holidays` applies the rules a notice for a
year must follow. Both report every problem at once, each message naming its line (第N行).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "MAKEUP_SUFFIX",
    "MAX_HOLIDAY_DAYS",
    "NoticeHoliday",
    "NoticeTextError",
    "check_holidays",
    "default_title",
    "format_holidays",
    "holidays_from_overrides",
    "parse_notice_text",
]

#: The longest run of days off a line may give; the longest real ones are 8 (国庆·中秋 2025) or 9
#: (春节 2026) days, so anything longer is a typing error.
MAX_HOLIDAY_DAYS = 15
MAX_NAME_LENGTH = 20
#: The note stored on a make-up working day: "春节" → "春节调休上班".
MAKEUP_SUFFIX = "调休上班"
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MAKEUP_KEYWORD = re.compile(r"(?:调休)?上班\s*:?")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")
_RANGE_SEPARATORS = re.compile(r"\s*(?:至|到|~|—|–|--)\s*")
_LIST_SEPARATORS = re.compile(r"[,，、;；。\s]+")
#: Words a pasted line may carry after the dates of the days off ("放假调休，共9天").
_OFF_NOISE = re.compile(r"(?:放假调休|放假|休息|共\s*\d+\s*天)")


@dataclass(frozen=True)
class NoticeHoliday:
    """One festival of a notice: its days off (``first`` to ``last``) and its make-up working days."""

    name: str
    first: date
    last: date
    makeup_days: tuple[date, ...] = ()
    line: int = 0  # the line of the entered text (0 when not typed in)

    @property
    def days_off(self) -> tuple[date, ...]:
        """Every day from ``first`` to ``last``: the weekend days inside the run are part of it."""
        if self.last < self.first:
            return ()
        return tuple(self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1))

    @property
    def makeup_note(self) -> str:
        return f"{self.name}{MAKEUP_SUFFIX}"

    def to_line(self) -> str:
        """The line that reads back as this holiday."""
        text = f"{self.name} {self.first.isoformat()}"
        if self.last != self.first:
            text += f" 至 {self.last.isoformat()}"
        if self.makeup_days:
            text += f" {MAKEUP_SUFFIX} " + "、".join(day.isoformat() for day in self.makeup_days)
        return text


class NoticeTextError(ValueError):
    """The entered notice has problems; ``messages`` lists each one (Chinese, naming its line)."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("；".join(messages))
        self.messages = list(messages)


def default_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def zh_day(day: date) -> str:
    """``2027-02-06（星期六）``: the ISO date the administrator typed, with its weekday."""
    return f"{day.isoformat()}（{WEEKDAYS_ZH[day.weekday()]}）"


def _where(holiday: NoticeHoliday) -> str:
    return f"第{holiday.line}行" if holiday.line else f"“{holiday.name}”"


def _parse_date(raw: str) -> date | str:
    """The date, or the reason it is not one."""
    match = _DATE.match(raw)
    if not match:
        return f"“{raw}”不是可识别的日期，请写成 2027-02-05 或 2027年2月5日 的形式"
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return f"日期“{raw}”不存在"


def _parse_line(number: int, raw: str) -> NoticeHoliday | list[str]:
    line = _BRACKETS.sub(" ", unicodedata.normalize("NFKC", raw)).strip()
    where = f"第{number}行"
    first_digit = re.search(r"\d", line)
    name = (line[: first_digit.start()] if first_digit else line).strip(" :,，、")
    if not name:
        return [f"{where}：缺少节日名称，请写成“春节 2027-02-05 至 2027-02-13”的形式"]
    if _MAKEUP_KEYWORD.search(name):
        return [f"{where}：节日名称之后应先写放假日期，再写“调休上班”和调休上班日期"]
    if len(name) > MAX_NAME_LENGTH:
        return [f"{where}：节日名称“{name}”过长（不超过{MAX_NAME_LENGTH}个字）"]
    if first_digit is None:
        return [f"{where}：“{name}”后缺少放假日期"]
    rest = line[first_digit.start() :]

    keywords = list(_MAKEUP_KEYWORD.finditer(rest))
    if len(keywords) > 1:
        return [f"{where}：“调休上班”只能出现一次，请把全部调休上班日期写在它后面，用顿号隔开"]
    off_part, makeup_part = rest, None
    if keywords:
        off_part, makeup_part = rest[: keywords[0].start()], rest[keywords[0].end() :]
    off_part = re.sub(r"[,，、;；。]", " ", _OFF_NOISE.sub(" ", off_part)).strip()

    errors: list[str] = []
    pieces = [piece.strip() for piece in _RANGE_SEPARATORS.split(off_part)]
    if len(pieces) > 2:
        return [f"{where}：放假日期只能是一天，或“开始日期 至 结束日期”"]
    if not pieces[0]:
        return [f"{where}：“{name}”后缺少放假日期"]
    if len(pieces) == 2 and not pieces[1]:
        return [f"{where}：“至”后缺少放假结束日期"]
    dates: list[date] = []
    for piece in pieces:
        parsed = _parse_date(piece)
        if isinstance(parsed, str):
            errors.append(f"{where}：{parsed}")
        else:
            dates.append(parsed)

    makeup: list[date] = []
    if makeup_part is not None:
        tokens = [token for token in _LIST_SEPARATORS.split(makeup_part) if token]
        if not tokens:
            errors.append(f"{where}：“调休上班”后缺少日期；没有调休上班日的，请删去“调休上班”")
        for token in tokens:
            parsed = _parse_date(token)
            if isinstance(parsed, str):
                errors.append(f"{where}：调休上班日期{parsed}")
            elif parsed in makeup:
                errors.append(f"{where}：调休上班日期{parsed.isoformat()}重复")
            else:
                makeup.append(parsed)
    if errors:
        return errors

    first, last = dates[0], dates[-1]
    if last < first:
        return [f"{where}：放假结束日期{last.isoformat()}早于开始日期{first.isoformat()}"]
    return NoticeHoliday(name=name, first=first, last=last, makeup_days=tuple(sorted(makeup)), line=number)


def check_holidays(holidays: Sequence[NoticeHoliday], year: int) -> list[str]:
    """The rules a notice for ``year`` must follow; returns every broken one (empty when fine).

    * A notice arranges its own year. The one exception is 元旦 across the turn of the year: a run
      of days off that includes 1 January may begin in late December of the year before, and its
      make-up day may fall there too (the 2019 notice, 国办发明电〔2018〕15号: 2018年12月30日至
      2019年1月1日放假，12月29日（星期六）上班; the 2012 notice: 2011年12月31日（星期六）上班).
    * Weekends are days off already: a line whose days off are all Saturdays and Sundays arranges
      nothing. A make-up working day is a Saturday or Sunday, otherwise it is a working day anyway.
    * A day is either off or worked, and is listed once.
    """
    if not holidays:
        return ["请至少填写一个节日的放假安排（每行一个节日）"]
    errors: list[str] = []
    new_year = date(year, 1, 1)
    cross_year_from = date(year - 1, 12, 20)
    off_at: dict[date, NoticeHoliday] = {}
    makeup_at: dict[date, NoticeHoliday] = {}

    def in_range(day: date, holiday: NoticeHoliday) -> bool:
        if day.year == year:
            return True
        return cross_year_from <= day < new_year and holiday.first <= new_year <= holiday.last

    for holiday in holidays:
        where = _where(holiday)
        if not holiday.name.strip():
            errors.append(f"{where}：缺少节日名称")
        if holiday.last < holiday.first:
            errors.append(
                f"{where}：放假结束日期{holiday.last.isoformat()}早于开始日期{holiday.first.isoformat()}"
            )
            continue
        length = (holiday.last - holiday.first).days + 1
        if length > MAX_HOLIDAY_DAYS:
            errors.append(
                f"{where}：放假{holiday.first.isoformat()}至{holiday.last.isoformat()}共{length}天，"
                f"超过{MAX_HOLIDAY_DAYS}天，请检查日期是否有误"
            )
            continue
        outside = [day for day in (*holiday.days_off, *holiday.makeup_days) if not in_range(day, holiday)]
        if outside:
            errors.append(
                f"{where}：{'、'.join(day.isoformat() for day in outside)}不在{year}年内。"
                f"{year}年的通知只能安排{year}年的日期（元旦假期跨年的，可包含上年12月下旬的日期）"
            )
            continue
        if all(day.weekday() >= 5 for day in holiday.days_off):
            listed = "、".join(zh_day(day) for day in holiday.days_off)
            errors.append(
                f"{where}：放假日期{listed}{'是' if len(holiday.days_off) == 1 else '都是'}周末，"
                "周末本来就休息，不必作为放假日期录入；请核对通知原文"
            )
        for day in holiday.makeup_days:
            if day.weekday() < 5:
                errors.append(f"{where}：调休上班日{zh_day(day)}不是周末。调休上班日应为星期六或星期日")
            if holiday.first <= day <= holiday.last:
                errors.append(f"{where}：{day.isoformat()}既在放假期间，又列为调休上班日")
        for day in holiday.days_off:
            if day in off_at:
                errors.append(
                    f"{where}：放假日期{day.isoformat()}已在{_where(off_at[day])}列出，同一天只能列一次"
                )
            elif day in makeup_at:
                errors.append(
                    f"{where}：{day.isoformat()}在{_where(makeup_at[day])}列为调休上班日，同一天不能既放假又上班"
                )
            off_at.setdefault(day, holiday)
        for day in holiday.makeup_days:
            if day in makeup_at:
                errors.append(f"{where}：调休上班日{day.isoformat()}已在{_where(makeup_at[day])}列出")
            elif day in off_at and off_at[day] is not holiday:
                errors.append(
                    f"{where}：{day.isoformat()}在{_where(off_at[day])}列为放假日期，同一天不能既放假又上班"
                )
            makeup_at.setdefault(day, holiday)
    return errors


def parse_notice_text(text: str, year: int) -> list[NoticeHoliday]:
    """The holidays of the entered text, checked for ``year``; raises :class:`NoticeTextError`."""
    holidays: list[NoticeHoliday] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parsed = _parse_line(number, stripped)
        if isinstance(parsed, list):
            errors.extend(parsed)
        else:
            holidays.append(parsed)
    if errors:
        raise NoticeTextError(errors)
    problems = check_holidays(holidays, year)
    if problems:
        raise NoticeTextError(problems)
    return holidays


def format_holidays(holidays: Iterable[NoticeHoliday], orphans: Iterable[tuple[date, str]] = ()) -> str:
    """The text that parses back into ``holidays`` (to edit an entered notice).

    Make-up days without their festival's days off cannot be a line of their own; they are listed as
    comment lines (skipped when the text is saved), so the administrator sees them and decides.
    """
    lines = [holiday.to_line() for holiday in sorted(holidays, key=lambda h: h.first)]
    lines += [
        f"# 未对应放假日期的调休上班日：{day.isoformat()}（{name or '未注明'}），保存时不会保留"
        for day, name in orphans
    ]
    return "\n".join(lines)


def holidays_from_overrides(
    days: Iterable[tuple[date, bool, str]],
) -> tuple[list[NoticeHoliday], list[tuple[date, str]]]:
    """Rebuild a notice's holidays from its stored days ``(date, is_workday, note)``.

    Days off are stored one by one, weekends included, with the festival's name as note; make-up
    days carry "<name>调休上班". Consecutive days off with the same name form one holiday. Returns the
    holidays and the make-up days left without a day off of their festival (after a single day was
    removed by hand) as ``(date, name)``.
    """
    off: list[tuple[date, str]] = []
    makeup: dict[str, list[date]] = {}
    for day, is_workday, note in sorted(days):
        if is_workday:
            name = note[: -len(MAKEUP_SUFFIX)] if note.endswith(MAKEUP_SUFFIX) else note
            makeup.setdefault(name, []).append(day)
        else:
            off.append((day, note or "放假"))
    runs: list[list[tuple[date, str]]] = []
    for day, name in off:
        if runs and runs[-1][-1][1] == name and runs[-1][-1][0] + timedelta(days=1) == day:
            runs[-1].append((day, name))
        else:
            runs.append([(day, name)])
    holidays = [
        NoticeHoliday(
            name=run[0][1], first=run[0][0], last=run[-1][0], makeup_days=tuple(makeup.pop(run[0][1], []))
        )
        for run in runs
    ]
    orphans = sorted((day, name) for name, days_ in makeup.items() for day in days_)
    return holidays, orphans
