"""The issue's browser scenario of 互动 (docs/SPEC.md §3), in Debian chromium: a citizen writes a
question to a body on the portal and gets a tracking code; the office head assigns it; the handler
answers and publishes it (the masked preview first); the citizen reads the answer with the code and
finds it on the public list, the telephone number and the name masked.

Time is not frozen (the browser would drop cookies whose expiry comes from a frozen clock): the
message is received today, and its due date is worked out with the live calendar.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.interaction.models import Message, MessageState
from gongkai.interaction.shipped import sync_shipped_kinds
from gongkai.orgs.models import Role, RoleName
from gongkai.testing import UserFactory
from gongkai.workdays.calendar import get_calendar
from tests.browser.conftest import login, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRITER = "欧阳明"
PHONE = "13955701234"
PHONE_MASKED = "139****1234"
SUBJECT = "2026年秋季小学一年级入学需要哪些材料"
QUESTION = f"孩子今年满6周岁，户籍在埇桥区，请问报名一年级需要准备哪些材料？我的电话{PHONE}。"
ANSWER = f"{WRITER}您好：报名需提供户口簿、居住证明和预防接种证查验证明，具体以学区学校公告为准。"


def dd_after(page: Any, term: str) -> str:
    return page.locator(f"xpath=//dt[normalize-space()='{term}']/following-sibling::dd[1]").first.inner_text()


def test_write_assign_answer_publish_track(browser, live_server, region):
    base = live_server.url
    sync_shipped_kinds()  # the kinds (咨询 5 working days …): a transactional test before emptied the tables
    handler = UserFactory.create(username="handler", full_name="承办人庚")
    head = UserFactory.create(username="officehead", full_name="公开办负责人辛")
    Role.objects.create(user=handler, organization=region.dept, role=RoleName.REQUEST_HANDLER)
    Role.objects.create(user=head, organization=region.dept, role=RoleName.OFFICE_HEAD)

    # The citizen writes from the body's list ("我要写信" carries ?body=).
    citizen = new_page(browser)
    citizen.goto(f"{base}/{region.dept.slug}/messages/")
    citizen.get_by_role("link", name="我要写信").click()
    expect(citizen.locator("select[name=organization]")).to_have_value(str(region.dept.pk))
    citizen.get_by_label("咨询", exact=True).check()
    citizen.locator("input[name=subject]").fill(SUBJECT)
    citizen.locator("textarea[name=text]").fill(QUESTION)
    citizen.get_by_label("姓名", exact=True).fill(WRITER)
    citizen.get_by_label("联系电话", exact=True).fill(PHONE)
    citizen.get_by_label("同意公开我的留言及答复").check()
    citizen.get_by_role("button", name="提交留言").click()
    citizen.wait_for_url(re.compile(r".*/messages/submitted/$"))
    number, code = dd_after(citizen, "留言编号").strip(), dd_after(citizen, "查询码").strip()
    message = Message.objects.get(tracking_number=number)
    today = timezone.localdate()
    due = get_calendar().add_workdays(today, 5)
    assert message.due_date == due
    assert f"{due:%Y-%m-%d}" in dd_after(citizen, "答复期限")

    # The office head finds it in "我的工作" and assigns it to the handler.
    staff = new_page(browser)
    login(staff, base, "officehead")
    staff.goto(f"{base}/staff/")
    staff.get_by_role("link", name=re.compile(re.escape(number))).first.click()
    expect(staff.get_by_role("heading", name=SUBJECT)).to_be_visible()
    staff.locator("select[name=assignee]").select_option(str(handler.pk))
    staff.get_by_role("button", name="分办", exact=True).click()
    expect(staff.get_by_text("已分办给承办人庚")).to_be_visible()

    # The handler answers, previews the masked copy and publishes it.
    login(staff, base, "handler")
    staff.goto(f"{base}/staff/messages/?work=to_answer")
    staff.get_by_role("link", name=number).click()
    staff.locator("textarea[name=answer]").fill(ANSWER)
    staff.get_by_role("button", name="提交答复").click()
    expect(staff.get_by_text("已答复，留言人可凭查询码查看答复")).to_be_visible()
    staff.get_by_role("link", name="公开（预览屏蔽结果）").click()
    expect(staff.locator("textarea[name=text]")).to_have_value(re.compile(re.escape(PHONE_MASKED)))
    expect(staff.locator("textarea[name=answer]")).not_to_have_value(re.compile(WRITER))
    expect(staff.locator("[data-scan-clean]")).to_be_visible()
    staff.get_by_role("button", name="公开", exact=True).click()
    expect(staff.get_by_text("已公开，门户网站“互动交流”栏目可见。")).to_be_visible()
    assert Message.objects.get(pk=message.pk).state == MessageState.PUBLISHED

    # The citizen reads the answer with the code, then finds it on the public list, masked.
    citizen.goto(f"{base}/messages/track/")
    citizen.locator("input[name=tracking_number]").fill(number)
    citizen.locator("input[name=code]").fill(code)
    citizen.get_by_role("button", name="查询", exact=True).click()
    expect(citizen.locator("[data-state]")).to_have_text("已答复并公开")
    expect(citizen.locator("[data-answer]")).to_contain_text("预防接种证查验证明")
    citizen.get_by_role("link", name="查看公开的留言及答复").click()
    expect(citizen.get_by_role("heading", name=SUBJECT)).to_be_visible()
    body = citizen.locator("main").inner_text()
    assert PHONE_MASKED in body and PHONE not in body and WRITER not in body
    citizen.goto(f"{base}/messages/")
    expect(citizen.get_by_role("link", name=SUBJECT)).to_be_visible()
    citizen.context.close()
    staff.context.close()
