"""Entering a year's holiday notice and single-day adjustments (docs/SPEC.md §5), and the parsing of the
notice.

The 2027 arrangement used here is TEST DATA, invented for these tests: see ``helpers.NOTICE_2027``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.foi.clock import EventKind
from gongkai.foi.models import ClockEvent
from gongkai.testing import UserFactory
from gongkai.workdays import policy, services
from gongkai.workdays.calendar import get_calendar
from gongkai.workdays.kernel import build_calendar
from gongkai.workdays.models import CalendarOverride, HolidayNotice
from gongkai.workdays.notice_text import (
    NoticeHoliday,
    NoticeTextError,
    check_holidays,
    parse_notice_text,
)
from gongkai.workdays.tests.helpers import NOTICE_2027, register

D = dt.date

# -- parsing (pure) -----------------------------------------------------------------------------------


def test_parse_the_2027_test_notice():
    holidays = parse_notice_text(NOTICE_2027, 2027)
    assert holidays == [
        NoticeHoliday("元旦", D(2027, 1, 1), D(2027, 1, 3), (), line=1),
        NoticeHoliday("春节", D(2027, 2, 5), D(2027, 2, 13), (D(2027, 1, 31), D(2027, 2, 20)), line=2),
        NoticeHoliday("清明", D(2027, 4, 3), D(2027, 4, 5), (), line=3),
        NoticeHoliday("劳动节", D(2027, 5, 1), D(2027, 5, 5), (D(2027, 5, 8),), line=5),
        NoticeHoliday("端午", D(2027, 6, 9), D(2027, 6, 9), (), line=6),
        NoticeHoliday("中秋", D(2027, 9, 15), D(2027, 9, 15), (), line=7),
        NoticeHoliday("国庆", D(2027, 10, 1), D(2027, 10, 7), (D(2027, 9, 26), D(2027, 10, 9)), line=9),
    ]
    assert holidays[1].to_line() == "春节 2027-02-05 至 2027-02-13 调休上班 2027-01-31、2027-02-20"
    assert len(holidays[1].days_off) == 9


def test_parse_accepts_the_2019_new_year_across_the_turn_of_the_year():
    """国办发明电〔2018〕15号: 2018年12月30日至2019年1月1日放假，12月29日（星期六）上班."""
    holidays = parse_notice_text("元旦 2018-12-30 至 2019-01-01 调休上班 2018-12-29", 2019)
    assert holidays == [NoticeHoliday("元旦", D(2018, 12, 30), D(2019, 1, 1), (D(2018, 12, 29),), line=1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-02-05 至 2027-02-13", "第1行：缺少节日名称，请写成“春节 2027-02-05 至 2027-02-13”的形式"),
        ("春节", "第1行：“春节”后缺少放假日期"),
        ("春节 2027-02-30", "第1行：日期“2027-02-30”不存在"),
        ("春节 2月5日", "第1行：“2月5日”不是可识别的日期，请写成 2027-02-05 或 2027年2月5日 的形式"),
        ("春节 2027-02-05 至", "第1行：“至”后缺少放假结束日期"),
        (
            "春节 2027-02-05 至 2027-02-08 至 2027-02-13",
            "第1行：放假日期只能是一天，或“开始日期 至 结束日期”",
        ),
        ("春节 2027-02-13 至 2027-02-05", "第1行：放假结束日期2027-02-05早于开始日期2027-02-13"),
        (
            "春节 2027-02-05 至 2027-02-13 调休上班",
            "第1行：“调休上班”后缺少日期；没有调休上班日的，请删去“调休上班”",
        ),
        (
            "春节 2027-02-05 调休上班 2027-02-20 调休上班 2027-01-31",
            "第1行：“调休上班”只能出现一次，请把全部调休上班日期写在它后面，用顿号隔开",
        ),
        (
            "春节 2027-02-05 调休上班 2027-02-20、2027-02-20",
            "第1行：调休上班日期2027-02-20重复",
        ),
        (
            "调休上班 2027-02-20",
            "第1行：节日名称之后应先写放假日期，再写“调休上班”和调休上班日期",
        ),
        # Rules of a notice for 2027 (check_holidays).
        (
            "国庆 2026-10-01 至 2026-10-07",
            "第1行：2026-10-01、2026-10-02、2026-10-03、2026-10-04、2026-10-05、2026-10-06、2026-10-07"
            "不在2027年内。2027年的通知只能安排2027年的日期（元旦假期跨年的，可包含上年12月下旬的日期）",
        ),
        (
            "春节 2027-02-05 调休上班 2026-12-26",
            "第1行：2026-12-26不在2027年内。2027年的通知只能安排2027年的日期（元旦假期跨年的，可包含上年12月下旬的日期）",
        ),
        (
            "春节 2027-02-05 至 2027-03-13",
            "第1行：放假2027-02-05至2027-03-13共37天，超过15天，请检查日期是否有误",
        ),
        (
            "端午 2027-06-12",
            "第1行：放假日期2027-06-12（星期六）是周末，周末本来就休息，不必作为放假日期录入；请核对通知原文",
        ),
        (
            "劳动节 2027-05-01 至 2027-05-02",
            "第1行：放假日期2027-05-01（星期六）、2027-05-02（星期日）都是周末，周末本来就休息，"
            "不必作为放假日期录入；请核对通知原文",
        ),
        (
            "春节 2027-02-05 至 2027-02-13 调休上班 2027-02-19",
            "第1行：调休上班日2027-02-19（星期五）不是周末。调休上班日应为星期六或星期日",
        ),
        (
            "春节 2027-02-05 至 2027-02-13 调休上班 2027-02-06",
            "第1行：2027-02-06既在放假期间，又列为调休上班日",
        ),
        ("# 只有注释\n\n", "请至少填写一个节日的放假安排（每行一个节日）"),
    ],
)
def test_parse_reports_each_bad_line_precisely(text, message):
    with pytest.raises(NoticeTextError) as caught:
        parse_notice_text(text, 2027)
    assert caught.value.messages == [message]


def test_parse_reports_every_problem_with_its_line_number():
    text = (
        "元旦 2027-01-01\n春节 2027-02-05 至 2027-02-13 调休上班 2027-02-20\n\n中秋 2027-09-31\n国庆 2027-2-5"
    )
    with pytest.raises(NoticeTextError) as caught:
        parse_notice_text(text, 2027)
    assert caught.value.messages == ["第4行：日期“2027-09-31”不存在"]
    with pytest.raises(NoticeTextError) as caught:
        parse_notice_text(text.replace("2027-09-31", "2027-09-15"), 2027)
    assert caught.value.messages == ["第5行：放假日期2027-02-05已在第2行列出，同一天只能列一次"]


def test_a_day_cannot_be_off_on_one_line_and_worked_on_another():
    text = "春节 2027-02-05 至 2027-02-13 调休上班 2027-02-20\n元宵 2027-02-20"
    with pytest.raises(NoticeTextError) as caught:
        parse_notice_text(text, 2027)
    assert caught.value.messages == [
        "第2行：放假日期2027-02-20（星期六）是周末，周末本来就休息，不必作为放假日期录入；请核对通知原文",
        "第2行：2027-02-20在第1行列为调休上班日，同一天不能既放假又上班",
    ]


def test_structured_holidays_are_named_by_festival_in_messages():
    assert check_holidays(
        [NoticeHoliday("中秋", D(2027, 9, 15), D(2027, 9, 15), (D(2027, 9, 17),))], 2027
    ) == ["“中秋”：调休上班日2027-09-17（星期五）不是周末。调休上班日应为星期六或星期日"]


# -- who may change the calendar ------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_superusers_and_top_level_org_admins_may_edit(region, calendar_admin):
    superuser = UserFactory.create(username="root", is_superuser=True)
    assert policy.can_edit_calendar(calendar_admin)
    assert policy.can_edit_calendar(superuser)
    assert not policy.can_edit_calendar(region.admin)  # org_admin of the education bureau (has a parent)
    assert not policy.can_edit_calendar(region.supervisor)
    assert not policy.can_edit_calendar(region.outsider)
    holidays = parse_notice_text(NOTICE_2027, 2027)
    with pytest.raises(PermissionDenied):
        services.enter_notice(actor=region.admin, year=2027, title="通知", holidays=holidays)
    with pytest.raises(PermissionDenied):
        services.add_override(actor=region.supervisor, day=D(2027, 3, 1), is_workday=False)
    assert not HolidayNotice.objects.exists() and not CalendarOverride.objects.exists()


# -- entering the notice recomputes the open requests ---------------------------------------------------


@pytest.mark.django_db
def test_entering_the_2027_notice_moves_a_provisional_due_date(region, calendar_admin, handler, clock):
    """第三十三条第一款: 20 working days after receipt, on the provisional and then the entered calendar.

    Received Wed 20 Jan 2027. Provisional (statutory days only): working days 21, 22, 25–29 Jan (7),
    1–4 Feb (11); Fri 5 Feb (除夕) and Mon 8 Feb (初三) off; 9–12 Feb (15), 15–19 Feb (20) → Fri 19 Feb.
    With the notice: 21–29 Jan (7), Sun 31 Jan worked (8), 1–4 Feb (12), 5–13 Feb off, 15–19 Feb (17),
    Sat 20 Feb worked (18), Mon 22 (19), Tue 23 Feb (20) → Tue 23 Feb.

    Received Thu 31 Dec 2026: Fri 1 Jan off either way; 4–8, 11–15, 18–22, 25–29 Jan → Fri 29 Jan on
    both calendars: its due date stays, but it is no longer provisional.
    """
    clock.set(D(2027, 1, 20))
    moving = register(region, handler, D(2027, 1, 20))
    staying = register(region, handler, D(2026, 12, 31))
    assert (moving.due_date, moving.provisional_years) == (D(2027, 2, 19), "2027")
    assert (staying.due_date, staying.provisional_years) == (D(2027, 1, 29), "2027")

    summary = services.enter_notice(
        actor=calendar_admin,
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        document_number="国办发明电〔2026〕99号",
        holidays=parse_notice_text(NOTICE_2027, 2027),
    )

    assert summary == {
        "checked": 2,
        "changed": 1,
        "moved": [{"request": moving.registration_number, "from": "2027-02-19", "to": "2027-02-23"}],
        "messages_changed": 0,  # 互动 messages are recomputed too; there are none here
    }
    moving.refresh_from_db()
    staying.refresh_from_db()
    assert (moving.due_date, moving.provisional_years) == (D(2027, 2, 23), "")
    assert (staying.due_date, staying.provisional_years) == (D(2027, 1, 29), "")

    note = ClockEvent.objects.get(request=moving, kind=EventKind.NOTE.value)
    assert note.on == D(2027, 1, 20)
    assert note.label == (
        "工作日历调整，答复期限由2027年2月19日重新计算为2027年2月23日（录入2027年节假日安排通知）"
    )
    assert not ClockEvent.objects.filter(request=staying, kind=EventKind.NOTE.value).exists()

    notice = HolidayNotice.objects.get(year=2027)
    assert (notice.document_number, notice.entered_by) == ("国办发明电〔2026〕99号", calendar_admin)
    # Days off: 3 + 9 + 3 + 5 + 1 + 1 + 7 = 29, make-up days: 2 + 1 + 2 = 5.
    assert notice.overrides.filter(is_workday=False).count() == 29
    assert list(notice.overrides.filter(is_workday=True).values_list("date", "note")) == [
        (D(2027, 1, 31), "春节调休上班"),
        (D(2027, 2, 20), "春节调休上班"),
        (D(2027, 5, 8), "劳动节调休上班"),
        (D(2027, 9, 26), "国庆调休上班"),
        (D(2027, 10, 9), "国庆调休上班"),
    ]
    assert services.notice_lines(notice) == [
        "元旦 2027-01-01 至 2027-01-03",
        "春节 2027-02-05 至 2027-02-13 调休上班 2027-01-31、2027-02-20",
        "清明 2027-04-03 至 2027-04-05",
        "劳动节 2027-05-01 至 2027-05-05 调休上班 2027-05-08",
        "端午 2027-06-09",
        "中秋 2027-09-15",
        "国庆 2027-10-01 至 2027-10-07 调休上班 2027-09-26、2027-10-09",
    ]

    entered = AuditEvent.objects.get(action="calendar.notice_entered")
    assert entered.actor == calendar_admin
    assert entered.target_id == str(notice.pk)
    assert entered.data["makeup_days"] == [
        "2027-01-31",
        "2027-02-20",
        "2027-05-08",
        "2027-09-26",
        "2027-10-09",
    ]
    assert len(entered.data["days_off"]) == 29 and entered.data["previous"] is None
    recomputed = AuditEvent.objects.get(action="calendar.requests_recomputed")
    assert recomputed.reason == "录入2027年节假日安排通知"
    assert (recomputed.data["checked"], recomputed.data["changed"]) == (2, 1)

    calendar = get_calendar()
    assert calendar.is_covered(2027) and not calendar.is_provisional(D(2027, 6, 1))
    assert calendar.is_workday(D(2027, 1, 31)) and not calendar.is_workday(D(2027, 2, 10))
    # 2027 begins on a Friday: 365 days, 104 of them Saturdays or Sundays. Days off on weekdays:
    # 元旦 1, 春节 6 (5, 8–12 Feb), 清明 1, 劳动节 3 (3–5 May), 端午 1, 中秋 1, 国庆 5 (1, 4–7 Oct) = 18.
    weekdays_off = notice.overrides.filter(is_workday=False).exclude(date__week_day__in=[1, 7]).count()
    assert weekdays_off == 18
    assert calendar.workdays_between(D(2026, 12, 31), D(2027, 12, 31)) == 365 - 104 - 18 + 5 == 248


@pytest.mark.django_db
def test_replacing_and_deleting_the_notice(region, calendar_admin, handler, clock):
    clock.set(D(2027, 1, 20))
    request = register(region, handler, D(2027, 1, 20))
    services.enter_notice(
        actor=calendar_admin, year=2027, title="通知", holidays=parse_notice_text(NOTICE_2027, 2027)
    )
    # Replaced by a shorter 春节 (5–10 Feb, no make-up day): 1–4 Feb (11), 11–12 Feb (13),
    # 15–19 Feb (18), 22–23 Feb (20) → still Tue 23 Feb, but 31 Jan and 20 Feb are ordinary weekends.
    summary = services.enter_notice(
        actor=calendar_admin,
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        holidays=parse_notice_text("春节 2027-02-05 至 2027-02-10", 2027),
    )
    assert (summary["checked"], summary["changed"]) == (1, 0)
    notice = HolidayNotice.objects.get(year=2027)
    assert services.notice_lines(notice) == ["春节 2027-02-05 至 2027-02-10"]
    assert CalendarOverride.objects.count() == 6
    assert not get_calendar().is_workday(D(2027, 2, 10)) and get_calendar().is_workday(D(2027, 2, 11))
    replaced = AuditEvent.objects.get(action="calendar.notice_replaced")
    assert replaced.data["previous"]["title"] == "通知"
    assert (
        replaced.data["previous"]["lines"][1]
        == "春节 2027-02-05 至 2027-02-13 调休上班 2027-01-31、2027-02-20"
    )

    # Deleting it makes 2027 provisional again: the due date goes back to Fri 19 Feb.
    summary = services.delete_notice(actor=calendar_admin, notice=notice)
    assert summary["moved"] == [
        {"request": request.registration_number, "from": "2027-02-23", "to": "2027-02-19"}
    ]
    request.refresh_from_db()
    assert (request.due_date, request.provisional_years) == (D(2027, 2, 19), "2027")
    assert not CalendarOverride.objects.exists()
    deleted = AuditEvent.objects.get(action="calendar.notice_deleted")
    assert deleted.data["lines"] == ["春节 2027-02-05 至 2027-02-10"]
    assert get_calendar().is_provisional(D(2027, 2, 10))


@pytest.mark.django_db
def test_a_year_the_package_covers_needs_no_notice(calendar_admin):
    with pytest.raises(ValidationError) as caught:
        services.enter_notice(
            actor=calendar_admin,
            year=2026,
            title="国务院办公厅关于2026年部分节假日安排的通知",
            holidays=[NoticeHoliday("端午", D(2026, 6, 19), D(2026, 6, 21))],
        )
    assert caught.value.message_dict == {
        "year": [
            "2026年的放假安排已收录在 chinesecalendar 数据中，无需录入通知；"
            "个别日期如需更正，请使用“单日调整”。"
        ]
    }


@pytest.mark.django_db
def test_service_rechecks_structured_holidays_and_title(calendar_admin):
    with pytest.raises(ValidationError) as caught:
        services.enter_notice(
            actor=calendar_admin,
            year=2027,
            title="  ",
            holidays=[NoticeHoliday("国庆", D(2027, 10, 1), D(2027, 10, 7), (D(2027, 10, 8),))],
        )
    assert caught.value.message_dict == {
        "title": ["请填写通知名称"],
        "holidays": ["“国庆”：调休上班日2027-10-08（星期五）不是周末。调休上班日应为星期六或星期日"],
    }
    assert not HolidayNotice.objects.exists()


@pytest.mark.django_db
def test_a_notice_takes_over_single_days_but_not_another_notices_days(calendar_admin):
    # TEST DATA: a 2027 notice that also gives Fri 31 Dec 2027 off, and a 2028 notice whose 元旦 run
    # (Fri 31 Dec 2027 – Mon 3 Jan 2028) starts on that day.
    services.enter_notice(
        actor=calendar_admin,
        year=2027,
        title="2027年通知",
        holidays=parse_notice_text("国庆 2027-10-01 至 2027-10-07\n元旦 2027-12-31", 2027),
    )
    services.add_override(actor=calendar_admin, day=D(2028, 1, 3), is_workday=False, note="元旦")
    services.add_override(actor=calendar_admin, day=D(2028, 2, 12), is_workday=True, note="本地安排")
    with pytest.raises(ValidationError) as caught:
        services.enter_notice(
            actor=calendar_admin,
            year=2028,
            title="2028年通知",
            holidays=parse_notice_text("元旦 2027-12-31 至 2028-01-03", 2028),
        )
    assert caught.value.message_dict == {
        "holidays": ["2027-12-31（星期五）已由2027年的通知安排为放假（元旦），请先修改2027年的通知"]
    }
    assert not HolidayNotice.objects.filter(year=2028).exists()
    assert CalendarOverride.objects.filter(date=D(2028, 1, 3), notice__isnull=True).exists()
    assert get_calendar().is_provisional(D(2028, 1, 3))

    services.enter_notice(
        actor=calendar_admin,
        year=2028,
        title="2028年通知",
        holidays=parse_notice_text("元旦 2028-01-01 至 2028-01-03", 2028),
    )
    taken = CalendarOverride.objects.get(date=D(2028, 1, 3))
    assert taken.notice.year == 2028 and taken.note == "元旦"
    # The single day on 12 Feb is not one of the notice's days: it stays a single-day adjustment.
    assert CalendarOverride.objects.get(date=D(2028, 2, 12)).notice is None
    entered = AuditEvent.objects.get(action="calendar.notice_entered", data__year=2028)
    assert entered.data["overrides_taken_over"] == [
        {"date": "2028-01-03", "is_workday": False, "note": "元旦"}
    ]


# -- single days -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_and_remove_a_single_day(region, calendar_admin, handler, clock):
    """Received Mon 1 Mar 2027 on the provisional calendar: 2–5 Mar (4), 8–12 (9), 15–19 (14),
    22–26 (19), Mon 29 Mar (20). A local day off on Wed 10 Mar pushes it to Tue 30 Mar."""
    clock.set(D(2027, 3, 1))
    request = register(region, handler, D(2027, 3, 1))
    assert request.due_date == D(2027, 3, 29)
    summary = services.add_override(
        actor=calendar_admin, day=D(2027, 3, 10), is_workday=False, note="本市特殊安排"
    )
    assert summary["moved"] == [
        {"request": request.registration_number, "from": "2027-03-29", "to": "2027-03-30"}
    ]
    note = ClockEvent.objects.get(request=request, kind=EventKind.NOTE.value)
    assert (
        note.label == "工作日历调整，答复期限由2027年3月29日重新计算为2027年3月30日"
        "（2027-03-10调整为休息日（本市特殊安排））"
    )
    override = CalendarOverride.objects.get(date=D(2027, 3, 10))
    added = AuditEvent.objects.get(action="calendar.override_added")
    assert added.data == {"date": "2027-03-10", "is_workday": False, "note": "本市特殊安排"}
    assert added.target_id == str(override.pk)

    with pytest.raises(ValidationError) as caught:
        services.add_override(actor=calendar_admin, day=D(2027, 3, 10), is_workday=True)
    assert caught.value.message_dict == {
        "day": ["2027-03-10（星期三）已有调整（放假，本市特殊安排，来自单日调整），请先删除原调整"]
    }
    with pytest.raises(ValidationError) as caught:
        services.add_override(actor=calendar_admin, day=D(2027, 3, 11), is_workday=True)
    assert caught.value.message_dict == {"is_workday": ["2027-03-11（星期四）按现行日历已是工作日，无需调整"]}

    summary = services.remove_override(actor=calendar_admin, override=override)
    assert summary["moved"] == [
        {"request": request.registration_number, "from": "2027-03-30", "to": "2027-03-29"}
    ]
    removed = AuditEvent.objects.get(action="calendar.override_removed")
    assert removed.data == {
        "date": "2027-03-10",
        "is_workday": False,
        "note": "本市特殊安排",
        "notice_year": None,
    }
    assert AuditEvent.objects.filter(action="calendar.requests_recomputed").count() == 2


# -- which notices are missing ----------------------------------------------------------------------------


def test_missing_notice_years():
    calendar = build_calendar(notice_years=[2028])  # the package covers 2004–2026
    assert policy.missing_notice_years(calendar, D(2026, 10, 31), {}) == []
    assert policy.missing_notice_years(calendar, D(2026, 11, 1), {}) == [
        policy.MissingNotice(2027, season=True)
    ]
    assert policy.missing_notice_years(calendar, D(2027, 1, 20), {2027: 4, 2026: 1}) == [
        policy.MissingNotice(2027, current_year=True, open_requests=4)
    ]
    # 2028 has a notice; 2029 is missing because an open request runs into it.
    assert policy.missing_notice_years(calendar, D(2026, 6, 1), {2028: 2, 2029: 1}) == [
        policy.MissingNotice(2029, open_requests=1)
    ]
    assert policy.MissingNotice(2027, season=True, open_requests=3).message == (
        "2027年的国务院办公厅部分节假日安排通知尚未录入，下一年度的放假安排通知通常于每年11—12月发布，"
        "请在发布后及时录入，3件未办结申请的答复期限落在2027年，目前为暂定。"
    )
    assert policy.MissingNotice(2027, current_year=True).message == (
        "2027年的国务院办公厅部分节假日安排通知尚未录入，本年度的工作日目前按法定节假日暂定推算。"
    )


@pytest.mark.django_db
def test_open_requests_with_provisional_due_dates_are_counted(region, handler, clock):
    """Received Thu 10 Dec 2026: 11 Dec (1), 14–18 (6), 21–25 (11), 28–31 (15), 1 Jan off, 4–8 Jan (20)."""
    clock.set(D(2026, 12, 10))
    request = register(region, handler, D(2026, 12, 10))
    other = register(region, handler, D(2026, 11, 2))  # due within 2026: not provisional
    assert (request.due_date, request.provisional_years) == (D(2027, 1, 8), "2027")
    assert other.provisional_years == ""
    assert policy.provisional_open_requests() == {2027: 1}
