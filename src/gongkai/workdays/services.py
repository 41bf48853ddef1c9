"""Changing the working-day calendar (docs/SPEC.md §5): the only entry points that write notices and
overrides.

Each change — entering or replacing a year's State Council notice, deleting it, adding or removing
one day — checks permission (:mod:`gongkai.workdays.policy`), validates (Chinese messages keyed by
field), writes in one transaction, records its audit event, and then recomputes the due dates of
every open request (what the apps registered in ``workdays.dependents``: foi's
``recompute_open_requests``, which adds a NOTE clock event to each request whose
due date moved and records ``calendar.requests_recomputed``). Each returns that recompute summary:
``{"checked": n, "changed": m, "moved": [{"request", "from", "to"}, …]}``.

The calendar cache: ``calendar_changed()`` is called inside the transaction, so the recompute
already counts on the new calendar, and again after commit, so that no other process keeps a
calendar it rebuilt from the rows as they were before the commit. If anything fails, the
transaction rolls back and the cache is bumped once more, so this process forgets the calendar it
built from rows that no longer exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.audit.log import record
from gongkai.workdays import dependents, policy
from gongkai.workdays.calendar import calendar_changed, get_calendar
from gongkai.workdays.kernel import package_years
from gongkai.workdays.models import CalendarOverride, HolidayNotice
from gongkai.workdays.notice_text import (
    NoticeHoliday,
    check_holidays,
    format_holidays,
    holidays_from_overrides,
    zh_day,
)

#: Years the calendar can be edited for: the statutory holidays (lunar dates) are known to 2099.
FIRST_YEAR = 2000
LAST_YEAR = 2099

DENIED = "只有系统管理员或最上级机构的机构管理员可以修改工作日历。"


def _require_editor(actor: Any) -> None:
    if not policy.can_edit_calendar(actor):
        raise PermissionDenied(DENIED)


@contextmanager
def _calendar_change() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            transaction.on_commit(calendar_changed)
    except BaseException:
        calendar_changed()
        raise


def _recompute(*, actor: Any, reason: str) -> dict[str, Any]:
    calendar_changed()
    return dependents.recompute_all(actor=actor, reason=reason)


def _override_rows(overrides: Any) -> list[dict[str, Any]]:
    return [
        {"date": o.date.isoformat(), "is_workday": o.is_workday, "note": o.note}
        for o in overrides.order_by("date")
    ]


def notice_lines(notice: HolidayNotice) -> list[str]:
    """The notice's holidays as the lines of the entry form (see ``notice_text``)."""
    holidays, orphans = holidays_from_overrides(notice.overrides.values_list("date", "is_workday", "note"))
    text = format_holidays(holidays, orphans)
    return text.splitlines() if text else []


def enter_notice(
    *,
    actor: Any,
    year: int,
    title: str,
    document_number: str = "",
    holidays: Sequence[NoticeHoliday],
) -> dict[str, Any]:
    """Enter (or replace) the State Council notice for ``year`` with its holidays.

    Every day from the first to the last day off of each holiday is stored as a day off (weekends
    inside the run too, so the run reads back exactly and carries the festival's name), each make-up
    day as a working day. A replaced notice's days are removed first. A single-day override entered
    earlier on one of these dates is taken over by the notice (and listed in the audit event); a day
    arranged by another year's notice is an error.
    """
    _require_editor(actor)
    title = (title or "").strip()
    document_number = (document_number or "").strip()
    errors: dict[str, list[str]] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [f"年度应在{FIRST_YEAR}至{LAST_YEAR}年之间"]
    elif year in package_years():
        errors["year"] = [
            f"{year}年的放假安排已收录在 chinesecalendar 数据中，无需录入通知；"
            "个别日期如需更正，请使用“单日调整”。"
        ]
    if not title:
        errors["title"] = ["请填写通知名称"]
    elif len(title) > HolidayNotice._meta.get_field("title").max_length:  # type: ignore[operator]
        errors["title"] = ["通知名称过长（不超过200字）"]
    if len(document_number) > HolidayNotice._meta.get_field("document_number").max_length:  # type: ignore[operator]
        errors["document_number"] = ["文号过长（不超过60字）"]
    if "year" not in errors:
        problems = check_holidays(holidays, year)
        if problems:
            errors["holidays"] = problems
    if errors:
        raise ValidationError(errors)

    days: dict[dt.date, tuple[bool, str]] = {}
    for holiday in holidays:
        for day in holiday.days_off:
            days[day] = (False, holiday.name)
        for day in holiday.makeup_days:
            days[day] = (True, holiday.makeup_note)

    with _calendar_change():
        notice = HolidayNotice.objects.select_for_update().filter(year=year).first()
        previous: dict[str, Any] | None = None
        if notice is not None:
            previous = {
                "title": notice.title,
                "document_number": notice.document_number,
                "lines": notice_lines(notice),
            }
            notice.overrides.all().delete()
            notice.title, notice.document_number, notice.entered_by = title, document_number, actor
            notice.save(update_fields=["title", "document_number", "entered_by"])
        else:
            notice = HolidayNotice.objects.create(
                year=year, title=title, document_number=document_number, entered_by=actor
            )

        existing = CalendarOverride.objects.select_related("notice").filter(date__in=list(days))
        clashes = [o for o in existing if o.notice_id is not None]
        if clashes:
            raise ValidationError(
                {
                    "holidays": [
                        f"{zh_day(o.date)}已由{o.notice.year}年的通知安排为"  # type: ignore[union-attr]
                        f"{'调休上班' if o.is_workday else '放假'}（{o.note or '未注明'}），"
                        f"请先修改{o.notice.year}年的通知"  # type: ignore[union-attr]
                        for o in clashes
                    ]
                }
            )
        taken_over = _override_rows(existing)
        existing.delete()
        CalendarOverride.objects.bulk_create(
            CalendarOverride(date=day, is_workday=is_workday, note=note, notice=notice)
            for day, (is_workday, note) in sorted(days.items())
        )
        record(
            actor=actor,
            action="calendar.notice_replaced" if previous else "calendar.notice_entered",
            target=notice,
            data={
                "year": year,
                "title": title,
                "document_number": document_number,
                "lines": [holiday.to_line() for holiday in sorted(holidays, key=lambda h: h.first)],
                "days_off": sorted(d.isoformat() for d, (work, _) in days.items() if not work),
                "makeup_days": sorted(d.isoformat() for d, (work, _) in days.items() if work),
                "previous": previous,
                "overrides_taken_over": taken_over,
            },
        )
        verb = "修改" if previous else "录入"
        return _recompute(actor=actor, reason=f"{verb}{year}年节假日安排通知")


def delete_notice(*, actor: Any, notice: HolidayNotice) -> dict[str, Any]:
    """Remove a notice entered by mistake, with its days: the year is provisional again."""
    _require_editor(actor)
    year = notice.year
    with _calendar_change():
        record(
            actor=actor,
            action="calendar.notice_deleted",
            target=notice,
            data={
                "year": year,
                "title": notice.title,
                "document_number": notice.document_number,
                "lines": notice_lines(notice),
                "overrides": _override_rows(notice.overrides.all()),
            },
        )
        notice.delete()
        return _recompute(actor=actor, reason=f"删除{year}年节假日安排通知")


def add_override(*, actor: Any, day: dt.date, is_workday: bool, note: str = "") -> dict[str, Any]:
    """Make one day a working day or a day off, whatever the notice or package says (单日调整)."""
    _require_editor(actor)
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors["day"] = [f"日期应在{FIRST_YEAR}至{LAST_YEAR}年之间"]
    else:
        current = CalendarOverride.objects.select_related("notice").filter(date=day).first()
        if current is not None:
            owner = f"{current.notice.year}年的通知" if current.notice else "单日调整"
            errors["day"] = [
                f"{zh_day(day)}已有调整（{'上班' if current.is_workday else '放假'}，"
                f"{current.note or '未注明'}，来自{owner}），请先删除原调整"
            ]
        elif get_calendar().is_workday(day) == is_workday:
            errors["is_workday"] = [
                f"{zh_day(day)}按现行日历已是{'工作日' if is_workday else '休息日'}，无需调整"
            ]
    if len(note) > CalendarOverride._meta.get_field("note").max_length:  # type: ignore[operator]
        errors["note"] = ["说明过长（不超过100字）"]
    if errors:
        raise ValidationError(errors)
    with _calendar_change():
        override = CalendarOverride.objects.create(date=day, is_workday=is_workday, note=note)
        record(
            actor=actor,
            action="calendar.override_added",
            target=override,
            data={"date": day.isoformat(), "is_workday": is_workday, "note": note},
        )
        kind = "调整为工作日" if is_workday else "调整为休息日"
        return _recompute(actor=actor, reason=f"{day.isoformat()}{kind}" + (f"（{note}）" if note else ""))


def remove_override(*, actor: Any, override: CalendarOverride) -> dict[str, Any]:
    """Remove one day's adjustment (a single-day override, or one day of an entered notice)."""
    _require_editor(actor)
    notice_year = override.notice.year if override.notice_id else None  # type: ignore[union-attr]
    day = override.date
    with _calendar_change():
        record(
            actor=actor,
            action="calendar.override_removed",
            target=override,
            data={
                "date": day.isoformat(),
                "is_workday": override.is_workday,
                "note": override.note,
                "notice_year": notice_year,
            },
        )
        override.delete()
        return _recompute(actor=actor, reason=f"删除{day.isoformat()}的日历调整")
