"""The issue's browser scenario of an online 补正 (2019 条例 第三十条), in Debian chromium:

staff sends a 补正告知书 naming a contact person and telephone; the applicant opens the look-up page,
sees what to correct and sends the correction online with a file; the look-up page and the staff's
request page show the clock restarted (20 working days from the day the correction arrived) with the
new due date, and the staff see the correction itself.

Time is not frozen (the browser would drop cookies whose expiry comes from a frozen clock): the
application is registered as handed in three working days ago, everything else happens today,
and the due dates expected are worked out with the live calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.foi.clock import zh_date
from gongkai.foi.models import Correction, InfoRequest, Letter, LetterKind, RequestState
from gongkai.foi.services import intake
from gongkai.orgs.models import Organization, Role, RoleName
from gongkai.testing import UserFactory, application
from gongkai.workdays.calendar import get_calendar
from tests.browser.conftest import login, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEMS = "请写明所需补助名单的年度和发放学校范围"
CORRECTION = "所需信息为2025年度测试市乡村教师生活补助发放名单，范围为全市农村义务教育学校"
PHONE = "0557-3021000"


def working_days_ago(today: dt.date, n: int) -> dt.date:
    calendar = get_calendar()
    day = today
    while calendar.workdays_between(day, today) < n:
        day -= dt.timedelta(days=1)
    return day


def look_up(page: Any, base: str, number: str, code: str) -> None:
    page.goto(f"{base}/requests/lookup/")
    page.get_by_label("登记编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_url(re.compile(rf".*/requests/{re.escape(number)}/$"))


def test_online_correction_restarts_the_clock(
    browser: Any, live_server: Any, region: Any, tmp_path: Path
) -> None:
    base = live_server.url
    calendar = get_calendar()
    today = timezone.localdate()
    received = working_days_ago(today, 3)
    handler = UserFactory.create(username="handler", full_name="承办人庚")
    Role.objects.create(user=handler, organization=region.dept, role=RoleName.REQUEST_HANDLER)
    Organization.objects.filter(pk=region.dept.pk).update(phone=PHONE)
    info, code = intake.register(
        region.dept,
        actor=handler,
        data=application(description="乡村教师生活补助发放名单。"),
        channel="in_person",
        submitted_on=received,
    )
    old_due = calendar.add_workdays(received, 20)
    new_due = calendar.add_workdays(today, 20)
    assert new_due != old_due

    staff = new_page(browser)
    citizen = new_page(browser)
    try:
        # 1. The handler asks for the correction; the notice names the contact person (edited) and
        #    the body's telephone (its contact details).
        login(staff, base, "handler")
        staff.goto(f"{base}/staff/requests/{info.pk}/")
        staff.locator("summary", has_text="告知补正（第三十条）").first.click()
        form = staff.locator("#correction-form")
        form.get_by_label("需要补正的事项").fill(ITEMS)
        expect(form.get_by_label("联系人")).to_have_value("承办人庚")
        expect(form.get_by_label("联系电话")).to_have_value(PHONE)
        form.get_by_label("联系人").fill("王老师")
        form.get_by_role("button", name="告知补正").click()
        expect(staff.get_by_text("已告知补正，补正期间不计算答复期限。")).to_be_visible()
        letter = Letter.objects.get(request=info, kind=LetterKind.CORRECTION)
        assert f"联系人：王老师；联系电话：{PHONE}。" in letter.body
        assert "“乡村教师生活补助发放名单”。" in letter.body and "。”。" not in letter.body

        # 2. The applicant looks the request up, sees what to correct and whom to ask, and sends the
        #    correction with a file.
        look_up(citizen, base, info.registration_number, code)
        section = citizen.locator("#correction")
        expect(section).to_contain_text(ITEMS)
        expect(section).to_contain_text(f"联系人：王老师 联系电话：{PHONE}")
        png = tmp_path / "补充说明.png"
        png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        section.get_by_label("补正内容").fill(CORRECTION)
        section.locator("input[type=file]").set_input_files(str(png))
        section.get_by_role("button", name="提交补正").click()
        citizen.wait_for_url(re.compile(r".*/requests/[-0-9A-Z]+/#correction$"))
        expect(citizen.locator("#correction")).to_contain_text(f"已于{zh_date(today)}收到您在网上提交的补正")
        meta = citizen.get_by_role("table", name="申请概况")
        expect(meta.locator("tr", has_text="答复期限")).to_contain_text(zh_date(new_due))
        steps = citizen.locator("#steps-title").locator("xpath=following::table[1]")
        expect(steps).to_contain_text("收到补正后的申请（网上提交），附件1个")
        expect(steps).to_contain_text(
            f"自收到补正申请之日的次日起重新计算20个工作日，答复期限至{zh_date(new_due)}"
        )
        expect(citizen.get_by_role("button", name="提交补正")).to_have_count(0)

        info.refresh_from_db()
        assert info.state == RequestState.REGISTERED and info.due_date == new_due
        assert Correction.objects.get(request=info).received_on == today

        # 3. The handler's request page: the clock restarted, the correction and its file.
        staff.reload()
        expect(staff.locator("#clock")).to_contain_text(zh_date(new_due))
        expect(staff.locator("#clock")).to_contain_text("收到补正后的申请（网上提交）")
        applicant = staff.locator("#applicant")
        expect(applicant).to_contain_text("申请人网上提交的补正")
        expect(applicant).to_contain_text(CORRECTION)
        expect(applicant.get_by_role("link", name="补充说明.png")).to_be_visible()
    finally:
        staff.context.close()
        citizen.context.close()
    assert InfoRequest.objects.get(pk=info.pk).clock_status == "running"
