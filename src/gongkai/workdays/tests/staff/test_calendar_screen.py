"""The working-day calendar screen of the back office (docs/SPEC.md §5), through the browser's requests.

The 2027 notice used here is TEST DATA, invented for these tests: see ``helpers.NOTICE_2027``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.foi.models import InfoRequest
from gongkai.workdays.context import calendar_warnings
from gongkai.workdays.models import CalendarOverride, HolidayNotice
from gongkai.workdays.tests.helpers import NOTICE_2027, register

D = dt.date
pytestmark = pytest.mark.django_db

CONTEXT_PROCESSOR = "gongkai.workdays.context.calendar_warnings"


def notice_post(**overrides):
    data = {
        "title": "国务院办公厅关于2027年部分节假日安排的通知",
        "document_number": "国办发明电〔2026〕99号",
        "holidays": NOTICE_2027,
    }
    data.update(overrides)
    return data


def cells(response, month_title):
    """The (day, text) of each day cell of one month grid, e.g. month_title="2027年2月"."""
    html = response.content.decode()
    table = re.search(rf"<caption>{month_title}</caption>(.*?)</table>", html, flags=re.S).group(1)
    found = []
    for cls, inner in re.findall(r'<td class="(cal-[a-z]+)[^"]*"[^>]*>(.*?)</td>', table, flags=re.S):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner)).strip()
        found.append((cls, text))
    return found


# -- looking ----------------------------------------------------------------------------------------------


def test_any_staff_member_sees_the_overview_without_edit_links(client, region, clock):
    login(client, region.editor)
    clock.set(D(2026, 11, 16))
    response = client.get(reverse("backoffice:calendar"))
    assert response.status_code == 200
    text = text_of(response)
    assert "2026年 （本年度） 国务院通知（chinesecalendar 数据）" in text
    # 2027: provisional. 365 days − 104 weekend days − 元旦, 除夕, 初三, 清明, 端午, 中秋, 国庆 1 Oct
    # (statutory days on weekdays: 1 Jan, 5 Feb, 8 Feb, 5 Apr, 9 Jun, 15 Sep, 1 Oct) = 254 working days.
    assert "2027年 暂定 暂定（按法定节假日推算） — 254 7 0" in text
    assert "录入通知" not in text and "待录入的放假安排通知" not in text


def test_the_year_page_shows_the_provisional_guess_and_the_month_grid(client, region, clock):
    login(client, region.editor)
    clock.set(D(2026, 11, 16))
    response = client.get(reverse("backoffice:calendar_year", args=[2027]))
    assert response.status_code == 200
    text = text_of(response)
    assert "2027年的放假安排通知尚未录入" in text
    assert "暂定推算所依据的法定节假日" in text
    assert "2027-02-05 星期五 春节" in text and "2027-09-15 星期三 中秋" in text
    assert "添加单日调整" not in text and "录入2027年通知" not in text
    february = cells(response, "2027年2月")
    assert february[4] == ("cal-holiday", "5 休 休息 春节")  # Fri 5 Feb, 除夕
    assert february[5] == ("cal-holiday", "6 休 休息 春节")  # Sat 6 Feb, 初一
    assert february[8] == ("cal-workday", "9")  # Tue 9 Feb: a working day on the provisional guess
    assert february[12] == ("cal-weekend", "13")


def test_a_year_outside_the_calendar_is_not_found(client, region):
    login(client, region.editor)
    assert client.get(reverse("backoffice:calendar_year", args=[2100])).status_code == 404


# -- permissions ----------------------------------------------------------------------------------------


def test_only_calendar_administrators_may_change_it(client, region, calendar_admin):
    override = CalendarOverride.objects.create(date=D(2027, 3, 10), is_workday=False, note="测试")
    for user in (region.editor, region.admin, region.supervisor):
        login(client, user)
        assert client.get(reverse("backoffice:calendar_notice", args=[2027])).status_code == 403
        assert (
            client.post(reverse("backoffice:calendar_notice", args=[2027]), notice_post()).status_code == 403
        )
        response = client.post(
            reverse("backoffice:calendar_override_add"), {"day": "2027-03-11", "kind": "off", "note": ""}
        )
        assert response.status_code == 403
        assert (
            client.post(reverse("backoffice:calendar_override_delete", args=[override.pk])).status_code == 403
        )
    assert not HolidayNotice.objects.exists()
    assert list(CalendarOverride.objects.values_list("date", flat=True)) == [D(2027, 3, 10)]
    client.logout()
    response = client.get(reverse("backoffice:calendar"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# -- entering the notice ----------------------------------------------------------------------------------


def test_the_notice_form_proposes_the_title_and_shows_the_statutory_days(client, calendar_admin):
    login(client, calendar_admin)
    response = client.get(reverse("backoffice:calendar_notice", args=[2027]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="国务院办公厅关于2027年部分节假日安排的通知"' in html
    assert "2027年目前的暂定推算" in text_of(response)


def test_bad_lines_are_reported_by_line_and_nothing_is_lost(client, calendar_admin):
    login(client, calendar_admin)
    text = "元旦 2027-01-01 至 2027-01-03\n春节 2027-02-05 至 2027-02-13 调休上班 2027-02-19\n端午 2027-06-31"
    response = client.post(reverse("backoffice:calendar_notice", args=[2027]), notice_post(holidays=text))
    assert response.status_code == 200
    assert response.context["form"].errors["holidays"] == ["第3行：日期“2027-06-31”不存在"]
    page = response.content.decode()
    assert "第3行：日期“2027-06-31”不存在" in page
    assert "春节 2027-02-05 至 2027-02-13 调休上班 2027-02-19" in page  # the textarea keeps the input
    assert 'value="国办发明电〔2026〕99号"' in page
    response = client.post(
        reverse("backoffice:calendar_notice", args=[2027]),
        notice_post(holidays=text.replace("2027-06-31", "2027-06-09")),
    )
    assert response.context["form"].errors["holidays"] == [
        "第2行：调休上班日2027-02-19（星期五）不是周末。调休上班日应为星期六或星期日"
    ]
    assert not HolidayNotice.objects.exists()


def test_saving_the_notice_recomputes_and_lists_the_moved_requests(
    client, region, calendar_admin, handler, clock
):
    """Received Wed 20 Jan 2027: due Fri 19 Feb provisionally, Tue 23 Feb under the 2027 test notice
    (worked out in test_calendar_services.test_entering_the_2027_notice_moves_a_provisional_due_date)."""
    clock.set(D(2027, 1, 20))
    login(client, calendar_admin)
    request = register(region, handler, D(2027, 1, 20))
    response = client.post(reverse("backoffice:calendar_notice", args=[2027]), notice_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:calendar_year", args=[2027])
    page = client.get(response["Location"])
    text = text_of(page)
    assert "已保存2027年节假日安排通知。" in text
    assert "已重新计算 1 件未办结申请的答复期限，其中 1 件期限发生变化。" in text
    assert f"{request.registration_number} 2027-02-19 → 2027-02-23" in text
    assert "国务院通知（管理员录入）" in text and "国办发明电〔2026〕99号" in text
    assert "2027-01-31 星期日 调休上班 春节调休上班 2027年通知（录入）" in text
    february = cells(page, "2027年2月")
    assert february[9] == ("cal-holiday", "10 休 休息 春节")  # Wed 10 Feb: now a day off
    assert february[12] == ("cal-holiday", "13 休 休息 春节")  # Sat 13 Feb: the last day of the run
    assert february[13] == ("cal-weekend", "14")  # Sun 14 Feb: an ordinary Sunday after it
    assert february[19] == ("cal-makeup", "20 班 上班 春节调休上班")  # Sat 20 Feb: worked
    assert "删除调整" not in text  # a notice's days are changed through the notice form
    request.refresh_from_db()
    assert (request.due_date, request.provisional_years) == (D(2027, 2, 23), "")
    assert AuditEvent.objects.filter(action="calendar.notice_entered", actor=calendar_admin).count() == 1
    # The result is shown once.
    assert request.registration_number not in text_of(
        client.get(reverse("backoffice:calendar_year", args=[2027]))
    )

    # Editing shows the entered lines back.
    response = client.get(reverse("backoffice:calendar_notice", args=[2027]))
    assert "修改2027年节假日安排通知" in text_of(response)
    assert response.context["form"].initial["holidays"].splitlines()[1] == (
        "春节 2027-02-05 至 2027-02-13 调休上班 2027-01-31、2027-02-20"
    )

    # Deleting it brings 2027 back to the provisional guess.
    clock.set(D(2027, 1, 21))
    response = client.post(reverse("backoffice:calendar_notice_delete", args=[2027]), follow=True)
    assert f"{request.registration_number} 2027-02-23 → 2027-02-19" in text_of(response)
    assert not HolidayNotice.objects.exists()


def test_no_notice_form_for_a_year_the_package_covers(client, calendar_admin):
    login(client, calendar_admin)
    response = client.get(reverse("backoffice:calendar_notice", args=[2026]))
    assert "2026年的放假安排已收录在 chinesecalendar 数据中，无需录入通知" in text_of(response)
    assert "<textarea" not in response.content.decode()


def test_add_and_delete_a_single_day_on_the_year_page(client, region, calendar_admin, handler, clock):
    clock.set(D(2027, 3, 1))
    login(client, calendar_admin)
    request = register(region, handler, D(2027, 3, 1))  # due Mon 29 Mar (test_calendar_services)
    url = reverse("backoffice:calendar_override_add")
    response = client.post(url, {"year": "2027", "day": "2027-03-11", "kind": "work", "note": ""})
    assert response.status_code == 200
    assert response.context["override_form"].errors == {
        "kind": ["2027-03-11（星期四）按现行日历已是工作日，无需调整"]
    }
    assert "2027-03-11（星期四）按现行日历已是工作日，无需调整" in text_of(response)
    assert 'value="2027-03-11"' in response.content.decode()
    response = client.post(url, {"year": "2027", "day": "2027-03-10", "kind": "off", "note": "本市特殊安排"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    text = text_of(page)
    assert "已将2027-03-10调整为休息日。" in text
    assert f"{request.registration_number} 2027-03-29 → 2027-03-30" in text
    assert "2027-03-10 星期三 休息 本市特殊安排 单日调整" in text
    override = CalendarOverride.objects.get(date=D(2027, 3, 10))
    response = client.post(reverse("backoffice:calendar_override_delete", args=[override.pk]), follow=True)
    assert "已删除2027-03-10的日历调整。" in text_of(response)
    assert f"{request.registration_number} 2027-03-30 → 2027-03-29" in text_of(response)
    assert not CalendarOverride.objects.exists()
    assert InfoRequest.objects.get(pk=request.pk).due_date == D(2027, 3, 29)


# -- the banner -------------------------------------------------------------------------------------------


def _staff_request(user):
    request = RequestFactory().get("/staff/")
    request.user = user
    return request


def _banner(user, settings) -> str:
    """The include rendered as the back-office layout will render it (context processor registered)."""
    options = settings.TEMPLATES[0]["OPTIONS"]
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {**options, "context_processors": [*options["context_processors"], CONTEXT_PROCESSOR]},
        }
    ]
    html = render_to_string("includes/calendar_warning.html", request=_staff_request(user))
    return re.sub(r"\s+", " ", html).strip()


def test_the_banner_names_the_missing_year_for_administrators_only(
    region, calendar_admin, handler, settings, clock
):
    """Thu 10 Dec 2026: next year's notice is due, and a request received that day is due Fri 8 Jan
    2027 (11 Dec, 14–18, 21–25, 28–31 Dec, 1 Jan off, 4–8 Jan), a provisional date."""
    clock.set(D(2026, 10, 10))
    assert _banner(calendar_admin, settings) == ""  # 2026 is covered and it is not November yet
    clock.set(D(2026, 12, 10))
    register(region, handler, D(2026, 12, 10))
    banner = _banner(calendar_admin, settings)
    for user in (region.editor, region.admin, handler):
        assert _banner(user, settings) == ""
    assert (
        "2027年的国务院办公厅部分节假日安排通知尚未录入，下一年度的放假安排通知通常于每年11—12月发布，"
        "请在发布后及时录入，1件未办结申请的答复期限落在2027年，目前为暂定。" in banner
    )
    assert f'<a href="{reverse("backoffice:calendar_notice", args=[2027])}">录入2027年通知</a>' in banner


def test_the_banner_reads_nothing_until_used(region, calendar_admin, django_assert_num_queries, clock):
    request = _staff_request(calendar_admin)
    with django_assert_num_queries(0):
        context = calendar_warnings(request)
    clock.set(D(2027, 1, 20))
    assert [w.year for w in context["calendar_warnings"]] == [2027]
