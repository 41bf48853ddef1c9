"""The issue's browser scenario of disclosure on request (依申请公开), in Debian chromium:

a citizen applies online; staff asks for a correction; the citizen's look-up page shows the restarted
clock; staff consults a third party and extends; staff issues a partial-disclosure letter; the
citizen downloads it.

Time is not frozen (the browser would drop cookies whose expiry comes from a frozen clock): every
action is dated today, and the due dates expected are worked out with the live calendar
(the hand-worked clock checks are the unit tests of ``gongkai.foi.clock``).
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.foi.clock import zh_date
from gongkai.foi.models import InfoRequest, RequestState
from gongkai.orgs.models import Role, RoleName
from gongkai.secrecy.scanner import resident_id_check_char
from gongkai.testing import UserFactory
from gongkai.workdays.calendar import get_calendar
from tests.browser.conftest import login, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLICANT = "张三丰"
ID_FIRST17 = "34130219900307123"
ID_NUMBER = ID_FIRST17 + resident_id_check_char(ID_FIRST17)
PHONE = "13812345678"
# A third party's mobile number that the handler types into the letter, and masks.
THIRD_PARTY_PHONE = "13912345678"
THIRD_PARTY_PHONE_MASKED = "139****5678"
THIRD_PARTY = "测试市某某教育科技有限公司"
EXTENSION_REASON = "需要调取多个学校的档案材料"
REPLY_TITLE = "政府信息公开申请答复告知书"


def dd_after(page: Any, term: str) -> str:
    """The text of the <dd> that follows the <dt> reading ``term``."""
    return page.locator(f"xpath=//dt[normalize-space()='{term}']/following-sibling::dd[1]").first.inner_text()


def steps_text(page: Any) -> str:
    return page.locator("#steps-title").locator("xpath=following::table[1]").inner_text()


def apply_online(page: Any, base: str, body_pk: int) -> tuple[str, str]:
    page.goto(f"{base}/requests/apply/")
    page.locator("select[name=organization]").select_option(str(body_pk))
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("姓名或名称").fill(APPLICANT)
    page.locator("select[name=id_type]").select_option("resident_id")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("电子邮箱").fill("zhangsanfeng@example.com")
    page.get_by_label("所需信息的名称、文号或便于查询的其他特征性描述").fill(
        "2026年乡村教师生活补助发放名单及发放标准"
    )
    page.get_by_label("电子文档").check()
    page.get_by_label("网上获取").check()
    page.get_by_label("本人（本单位）承诺所填写的申请人信息真实").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r".*/requests/submitted/$"))
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    return dd_after(page, "登记编号").strip(), dd_after(page, "查询码").strip()


def look_up(page: Any, base: str, number: str, code: str) -> None:
    page.goto(f"{base}/requests/lookup/")
    page.get_by_label("登记编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_url(re.compile(rf".*/requests/{re.escape(number)}/$"))


def open_case(page: Any, base: str, number: str) -> None:
    """From the register (登记簿) to the case page."""
    page.goto(f"{base}/staff/requests/")
    page.get_by_role("link", name=number, exact=True).click()
    page.wait_for_url(re.compile(r".*/staff/requests/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def open_details(page: Any, summary: str) -> None:
    page.locator("summary", has_text=summary).first.click()


def test_apply_correct_consult_extend_partial_reply_download(browser, live_server, region, tmp_path):
    base = live_server.url
    calendar = get_calendar()
    today = timezone.localdate()
    handler = UserFactory.create(username="handler", full_name="承办人庚")
    head = UserFactory.create(username="officehead", full_name="公开办负责人辛")
    Role.objects.create(user=handler, organization=region.dept, role=RoleName.REQUEST_HANDLER)
    Role.objects.create(user=head, organization=region.dept, role=RoleName.OFFICE_HEAD)
    due_20 = calendar.add_workdays(today, 20)
    due_30 = calendar.add_workdays(today, 30)

    # 1. The citizen applies online and is shown the registration number and the look-up code once.
    citizen = new_page(browser)
    number, code = apply_online(citizen, base, region.dept.pk)
    info = InfoRequest.objects.get(registration_number=number)
    assert info.applicant_name == APPLICANT and info.id_number == ID_NUMBER
    assert info.received_on == today
    assert len(code) == 10
    # Shown once: the same page again leads to the look-up form, without the code.
    citizen.goto(f"{base}/requests/submitted/")
    citizen.wait_for_url(re.compile(r".*/requests/lookup/$"))
    assert code not in citizen.content()
    citizen.context.close()

    staff = new_page(browser)
    try:
        # 2. The handler finds the case in the register, assigns it, asks for a correction, and records
        #    the corrected application received today.
        login(staff, base, "handler")
        open_case(staff, base, number)
        open_details(staff, "分办给承办部门")
        assign = staff.locator("#assign-form")
        assign.locator("select[name=assign-handling_unit]").select_option(str(region.dept.pk))
        assign.locator("select[name=assign-assignee]").select_option(str(handler.pk))
        assign.get_by_role("button", name="分办").click()
        expect(staff.get_by_text(f"已分办给{region.dept.name}")).to_be_visible()
        info.refresh_from_db()
        assert info.state == RequestState.ASSIGNED and info.assignee == handler

        open_details(staff, "告知补正（第三十条）")
        correction = staff.locator("#correction-form")
        correction.get_by_label("需要补正的事项").fill("请写明所需名单的年度和发放学校范围")
        correction.get_by_role("button", name="告知补正").click()
        expect(staff.get_by_text("已告知补正，补正期间不计算答复期限。")).to_be_visible()
        expect(staff.locator("#clock")).to_contain_text("待补正期间不计算")
        info.refresh_from_db()
        assert info.state == RequestState.CORRECTION
        correct_by = calendar.add_workdays(today, 15)  # the default: 15 working days
        assert info.correction_due == correct_by

        corrected = staff.locator("#corrected-form")
        corrected.get_by_label("说明").fill("申请人补充了年度和学校范围")
        corrected.get_by_role("button", name="登记补正").click()
        expect(staff.get_by_text("已登记补正，答复期限重新计算（第三十条）。")).to_be_visible()
        info.refresh_from_db()
        assert info.state == RequestState.ASSIGNED
        assert info.due_date == due_20

        # 3. The citizen, in a browser of their own, looks the request up: the steps show the
        #    correction and the restarted period, and the due date is 20 working days after today.
        citizen = new_page(browser)
        look_up(citizen, base, number, code)
        meta = citizen.get_by_role("table", name="申请概况")
        expect(meta).to_contain_text(number)
        expect(meta).to_contain_text("张**")
        expect(meta.locator("tr", has_text="答复期限")).to_contain_text(zh_date(due_20))
        expect(meta.locator("tr", has_text="剩余时间")).to_contain_text("共20个工作日，已用0个工作日")
        assert ID_NUMBER not in citizen.content() and PHONE not in citizen.content()
        steps = steps_text(citizen)
        assert "告知补正" in steps
        assert f"申请人应于{zh_date(correct_by)}前补正" in steps
        assert "收到补正后的申请：申请人补充了年度和学校范围" in steps
        assert f"自收到补正申请之日的次日起重新计算20个工作日，答复期限至{zh_date(due_20)}" in steps
        letters = citizen.locator("section[aria-labelledby=letters-title]")
        expect(letters).to_contain_text("补正申请告知书")

        # 4. The handler consults a third party (第三十二条), which objects; the office head extends
        #    the period by 10 working days.
        staff.reload()
        open_details(staff, "征求第三方或其他机关意见")
        consult = staff.locator("#consult-form")
        consult.get_by_label("征求第三方意见（第三十二条）").check()
        consult.get_by_label("被征求意见方").fill(THIRD_PARTY)
        consult.get_by_label("征求意见的事项").fill("名单中涉及贵公司的联系人及联系电话")
        consult.get_by_role("button", name="发出征求意见函").click()
        answer_due = calendar.add_workdays(today, 15)
        expect(staff.get_by_text(f"已征求{THIRD_PARTY}意见，自次日起暂停计时")).to_be_visible()
        expect(staff.locator("#clock")).to_contain_text("暂停计时")
        card = staff.locator("#consultations li.card", has_text=THIRD_PARTY)
        expect(card).to_contain_text(f"意见期限至{answer_due:%Y-%m-%d}")
        card.locator("summary").click()
        card.locator("select[name$=-answer]").select_option("object")
        card.locator("textarea[name$=-opinion]").fill("联系人电话属于个人信息，不同意公开")
        card.locator("form button[type=submit]").click()
        expect(staff.get_by_text("已登记意见，恢复计时。")).to_be_visible()
        expect(staff.locator("#consultations li.card", has_text=THIRD_PARTY)).to_contain_text("不同意公开")
        expect(staff.locator("#clock")).to_contain_text(zh_date(due_20))
        clock_steps = steps_text(staff)
        assert f"征求第三方意见：{THIRD_PARTY}" in clock_steps
        assert f"收到{THIRD_PARTY}意见：不同意公开" in clock_steps
        assert f"自次日起恢复计时，答复期限至{zh_date(due_20)}" in clock_steps
        # The handler may not extend: the extension form is the office head's (第三十三条第二款).
        expect(staff.locator("#extend-form")).to_have_count(0)

        login(staff, base, "officehead")
        open_case(staff, base, number)
        open_details(staff, "延长答复期限（第三十三条第二款）")
        extend = staff.locator("#extend-form")
        extend.get_by_label("延长工作日数").fill("10")
        extend.get_by_label("延长理由").fill(EXTENSION_REASON)
        extend.get_by_role("button", name="同意延期并出具告知书").click()
        expect(staff.get_by_text("已延长答复期限，并出具延期答复告知书。")).to_be_visible()
        expect(staff.locator("#clock dl")).to_contain_text(zh_date(due_30))
        clock_steps = steps_text(staff)
        assert f"延长答复期限10个工作日：{EXTENSION_REASON}" in clock_steps
        assert f"答复期限由{zh_date(due_20)}延至{zh_date(due_30)}" in clock_steps
        info.refresh_from_db()
        assert info.due_date == due_30

        # 5. The handler issues the reply: （二）部分公开, with a third party's phone number typed into
        #    the letter and masked as the redaction proposal offers.
        login(staff, base, "handler")
        open_case(staff, base, number)
        reply = staff.locator("#reply-form")
        reply.locator("select[name=reply-outcome]").select_option("2")
        # Choosing the outcome reloads the letter part (htmx): it asks for the reasons first.
        expect(staff.locator("#reply-letter")).to_contain_text("生成告知书正文前")
        reply.locator("select[name=reply-reply_type]").select_option("provided")
        reply.get_by_label("理由", exact=True).fill(
            "名单中第三方联系人的电话属于个人信息，第三方不同意公开，公开会损害第三方合法权益"
        )
        reply.get_by_label("不予公开的内容").fill("名单中第三方联系人的联系电话")
        reply.get_by_role("button", name="按办理结果生成正文").click()
        staff.wait_for_url(re.compile(r".*/staff/requests/\d+/reply/$"))
        body_box = staff.locator("textarea[name=reply-body]")
        expect(body_box).to_contain_text("作区分处理")
        body = body_box.input_value()
        assert "第三十七条" in body and number in body
        main, closing = body.rsplit("\n\n", 1)
        lines = main.split("\n")
        remedies_at = next(i for i, line in enumerate(lines) if "行政复议" in line)
        lines.insert(remedies_at, f"可以公开的内容：补助发放工作联系人李四，联系电话{THIRD_PARTY_PHONE}。")
        body_box.fill("\n".join(lines) + "\n\n" + closing)
        staff.get_by_role("button", name="检查需要遮盖的内容").click()
        staff.wait_for_load_state()
        mask = staff.get_by_label(re.compile(rf"应用遮盖：手机号码“{THIRD_PARTY_PHONE}”"))
        expect(mask).to_be_visible()
        expect(staff.locator("#redaction")).to_contain_text(f"遮盖为“{THIRD_PARTY_PHONE_MASKED}”")
        mask.check()
        staff.get_by_role("button", name="出具答复").click()
        staff.wait_for_url(re.compile(r".*/staff/requests/\d+/(#letters)?$"))
        expect(staff.get_by_text(re.compile(r"已出具答复告知书 .+，计时结束。"))).to_be_visible()
        expect(staff.locator(".page-header")).to_contain_text("已答复")
        expect(staff.locator("#reply")).to_contain_text("（二）部分公开")
        expect(staff.locator("#reply")).to_contain_text("第三十七条")
        info.refresh_from_db()
        assert info.state == RequestState.ANSWERED and info.outcome == "2" and info.answered_on == today
        letter = info.letters.get(kind="reply")
        assert THIRD_PARTY_PHONE not in letter.body and THIRD_PARTY_PHONE_MASKED in letter.body

        # 6. The citizen reloads the status page: the reply is listed; they download the DOCX.
        citizen.reload()
        meta = citizen.get_by_role("table", name="申请概况")
        expect(meta).to_contain_text("已答复")
        expect(meta).to_contain_text("（二）部分公开")
        row = citizen.locator("section[aria-labelledby=letters-title]").locator("tr", has_text=REPLY_TITLE)
        expect(row).to_contain_text(letter.number)
        with citizen.expect_download() as download_info:
            row.get_by_role("link", name=re.compile("下载（DOCX）")).click()
        download = download_info.value
        assert download.suggested_filename == f"{REPLY_TITLE}（{letter.number}）.docx"
        path = tmp_path / "reply.docx"
        download.save_as(path)
        document = docx.Document(io.BytesIO(path.read_bytes()))
        text = "\n".join(p.text for p in document.paragraphs)
        assert REPLY_TITLE in text and letter.number in text
        assert f"{APPLICANT}：" in text
        assert f"登记编号：{number}" in text
        # The letter names the decision (部分公开) and the 区分处理 of 第三十七条.
        assert "本机关决定部分公开" in text and "对不予公开的内容作区分处理" in text
        assert "不予公开的内容：名单中第三方联系人的联系电话。" in text
        assert "《中华人民共和国政府信息公开条例》第三十七条" in text
        # Remedies (第五十一条): a department's review body is its own level's government.
        assert f"六十日内向{region.city.name}申请行政复议" in text
        assert "六个月内向有管辖权的人民法院提起行政诉讼" in text
        assert f"联系电话{THIRD_PARTY_PHONE_MASKED}" in text
        assert THIRD_PARTY_PHONE not in text
        assert ID_NUMBER not in text and PHONE not in text
        assert region.dept.name in text and zh_date(today) in text
        citizen.context.close()
    finally:
        staff.context.close()
