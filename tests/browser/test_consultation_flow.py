"""Issue 11's browser scenario for 意见征集 (docs/SPEC.md §2.4), in Debian chromium:

the editor drafts a consultation in the back office and sends it to secrecy review; the reviewer
passes it; the signer opens it (签发); a citizen reads it on the portal and sends a comment with a
name and a telephone number; the office head accepts the comment and answers it; the signer closes
the consultation early, publishes the 采纳情况 pre-filled with the counts and links the final policy
(a published item); the portal shows the answered comment (without the contact data), the 采纳情况
and the link to the final document, whose page links back ("本文件曾公开征求意见").
"""

from __future__ import annotations

import re

import pytest

from gongkai.opinions.models import Comment, Consultation, State
from gongkai.testing import make_item
from tests.browser.conftest import login, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "测试市教育局关于进一步规范中小学课后服务的实施意见（征求意见稿）"
BODY = "一、课后服务每周5天全覆盖，结束时间原则上不早于当地正常下班时间。"
COMMENT = "建议低年级增设弹性延时看护，方便双职工家庭。"
ANSWER = "已采纳，实施意见第三条增加弹性延时服务的规定。"
FINAL = "测试市教育局关于进一步规范中小学课后服务的实施意见"


def type_body(page, text: str) -> None:
    editor = page.locator(".jodit-wysiwyg")
    editor.click()
    page.keyboard.insert_text(text)


def test_open_comment_answer_close_conclude_link(browser, live_server, region):
    # The real clock, as in every browser test.
    base = live_server.url
    final = make_item(region=region, title=FINAL, document_number="测教〔2026〕88号")
    page = new_page(browser)
    try:
        # 1. The editor drafts and sends it to secrecy review.
        login(page, base, "editor")
        page.goto(f"{base}/staff/opinions/new/")
        page.locator("input[name=title]").fill(TITLE)
        type_body(page, BODY)
        page.get_by_label("意见反馈方式说明").fill("在本页提交意见，或致电0557-3021568。")
        page.get_by_role("button", name="保存").click()
        page.wait_for_url(re.compile(r".*/staff/opinions/\d+/$"))
        consultation = Consultation.objects.get(title=TITLE)
        assert BODY in consultation.body_text and consultation.duration_days == 30
        page.get_by_role("button", name="送保密审查").click()
        page.wait_for_load_state()
        consultation.refresh_from_db()
        assert consultation.state == State.REVIEW

        # 2. The reviewer passes the review; 3. the signer opens it.
        login(page, base, "reviewer")
        page.goto(f"{base}/staff/opinions/{consultation.pk}/review/")
        page.get_by_role("button", name="审查通过").click()
        page.wait_for_url(re.compile(rf".*/staff/opinions/{consultation.pk}/$"))
        login(page, base, "signer")
        page.goto(f"{base}/staff/opinions/{consultation.pk}/")
        page.get_by_role("button", name="签发并公开征求意见").click()
        page.wait_for_load_state()
        consultation.refresh_from_db()
        assert consultation.state == State.OPEN

        # 4. A citizen comments on the portal, with a name and a telephone number.
        citizen = new_page(browser)
        try:
            citizen.goto(f"{base}/consultations/")
            citizen.get_by_role("link", name=TITLE).click()
            citizen.get_by_text("还剩31天").wait_for()
            citizen.get_by_label("意见内容").fill(COMMENT)
            citizen.get_by_label("姓名（选填）").fill("张女士")
            citizen.get_by_label("联系电话（选填）").fill("13905571234")
            citizen.get_by_role("button", name="提交意见").click()
            citizen.get_by_text("您的意见已收到").wait_for()
            assert COMMENT not in citizen.content()  # not public before moderation
        finally:
            citizen.context.close()
        comment = Comment.objects.get(consultation=consultation)
        assert (comment.text, comment.name, comment.phone) == (COMMENT, "张女士", "13905571234")

        # 5. The office head accepts the comment and answers it.
        login(page, base, "head")
        page.goto(f"{base}/staff/opinions/{consultation.pk}/comments/")
        page.get_by_role("link", name=re.compile(r"\d{4}-\d{2}-\d{2}")).first.click()
        page.get_by_text("13905571234").wait_for()  # the handling staff see the contact data
        page.get_by_role("button", name="保存审核结论").click()
        page.wait_for_url(re.compile(rf".*/staff/opinions/{consultation.pk}/comments/$"))
        page.goto(f"{base}/staff/opinions/{consultation.pk}/comments/{comment.pk}/")
        page.locator("textarea[name=answer]").fill(ANSWER)
        page.locator("select[name=adoption]").select_option("adopted")
        page.get_by_role("button", name="保存答复").click()
        page.wait_for_load_state()
        comment.refresh_from_db()
        assert comment.published and comment.answer == ANSWER and comment.adoption == "adopted"

        # 6. The signer closes early, publishes the 采纳情况 and links the final policy.
        login(page, base, "signer")
        page.goto(f"{base}/staff/opinions/{consultation.pk}/")
        page.locator("input[name=note]").fill("已充分听取意见，提前截止")
        page.get_by_role("button", name="提前截止").click()
        page.wait_for_load_state()
        page.goto(f"{base}/staff/opinions/{consultation.pk}/summary/")
        summary = page.locator("textarea[name=text]")
        assert "共收到意见1条" in summary.input_value() and "采纳1条" in summary.input_value()
        page.get_by_role("button", name="公布采纳情况").click()
        page.wait_for_url(re.compile(rf".*/staff/opinions/{consultation.pk}/$"))
        page.goto(f"{base}/staff/opinions/{consultation.pk}/final/?q=课后服务")
        page.get_by_label(re.compile(re.escape(FINAL))).check()
        page.get_by_role("button", name="关联", exact=True).click()
        page.wait_for_url(re.compile(rf".*/staff/opinions/{consultation.pk}/$"))
        consultation.refresh_from_db()
        assert consultation.state == State.CONCLUDED and consultation.final_item == final

        # 7. The portal: the answered comment without contact data, the 采纳情况, both links.
        public = new_page(browser)
        try:
            public.goto(f"{base}/consultations/{consultation.pk}/")
            html = public.content()
            for shown in (COMMENT, ANSWER, "意见采纳情况", "共收到意见1条", FINAL):
                assert shown in html, shown
            assert "张女士" not in html and "13905571234" not in html
            public.get_by_role("link", name=FINAL).click()
            public.get_by_text("本文件曾公开征求意见").wait_for()
            public.get_by_role("link", name=TITLE).click()
            public.wait_for_url(re.compile(rf".*/consultations/{consultation.pk}/$"))
        finally:
            public.context.close()
    finally:
        page.context.close()
