"""Handling a request through the pages, both routing models of docs/SPEC.md §4.3:

* model A — the office registers and assigns a department, which consults a third party
  (第三十二条), has the office head extend the period (第三十三条第二款), and replies with 部分公开
  (第三十七条) after masking a third party's ID number; the letter is downloaded as DOCX;
* model B (接办分离) — the window registers and forwards, the department submits a draft, the office
  returns it once and then approves it, and the window issues and delivers the reply.

Every due date is counted by hand on the calendar of November–December 2026 (no holidays).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import ID_NUMBER, docx_file, login, text_of
from gongkai.foi.models import Consultation, InfoRequest, Letter, RequestSettings, RequestState, Routing
from gongkai.foi.tests.staff import test_request_pages as pages

pytestmark = pytest.mark.django_db

register = pages.register
staff = pages.staff  # the fixture: the bureau's office, its head, a section and its handler, outsiders


def detail(info: InfoRequest) -> str:
    return reverse("backoffice:request_detail", args=[info.pk])


def post(client: Any, name: str, info: InfoRequest, data: dict[str, Any], *args: int) -> Any:
    return client.post(reverse(f"backoffice:{name}", args=[info.pk, *args]), data)


def reload(info: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.get(pk=info.pk)


def test_model_a_register_assign_consult_extend_partial_reply_and_letter(client, staff, clock):
    region = staff.region
    # 1. The office registers a letter signed for on Monday 2 November: due 30 November.
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, region.dept)
    assert info.due_date == dt.date(2026, 11, 30)
    # 2. It assigns the case to the basic-education section and its handler.
    response = post(
        client,
        "request_assign",
        info,
        {
            "assign-handling_unit": staff.section.pk,
            "assign-assignee": staff.section_handler.pk,
            "assign-note": "请于内部期限前拟办",
        },
    )
    assert response.status_code == 302
    info = reload(info)
    assert (info.state, info.handling_unit, info.assignee) == (
        RequestState.ASSIGNED,
        staff.section,
        staff.section_handler,
    )

    # 3. On Wednesday 4 November the section consults the school's contractor (第三十二条).
    clock.set(dt.date(2026, 11, 4))
    login(client, staff.section_handler)
    page = client.get(detail(info))
    assert page.context["actions"]["consult"] and not page.context["actions"]["extend"]
    response = post(
        client,
        "request_consult",
        info,
        {
            "consult-kind": "third_party",
            "consult-party": "某某教育科技有限公司",
            "consult-party_contact": "0557-1234567",
            "consult-on": "2026-11-04",
            "consult-note": "是否同意公开合同中的报价部分",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(request=info)
    # 15 working days after 4 November: 25 November.
    assert consultation.answer_due == dt.date(2026, 11, 25)
    info = reload(info)
    # 2 working days used (3, 4 Nov); at the latest the clock runs again after 25 November and
    # the remaining 18 working days end on 21 December — shown as the latest due date (最迟).
    assert (info.clock_status, info.due_date, info.due_projected) == (
        "paused",
        dt.date(2026, 12, 21),
        True,
    )
    page = text_of(client.get(detail(info)))
    assert "最迟 2026年12月21日" in page and "暂停计时" in page

    # 4. The answer arrives on Monday 9 November: 18 working days from then end on 3 December.
    clock.set(dt.date(2026, 11, 9))
    response = post(
        client,
        "request_consultation_answer",
        info,
        {
            f"answer-{consultation.pk}-answer": "agree",
            f"answer-{consultation.pk}-on": "2026-11-09",
            f"answer-{consultation.pk}-opinion": "同意公开",
        },
        consultation.pk,
    )
    assert response.status_code == 302
    info = reload(info)
    assert (info.clock_status, info.due_date, info.due_projected) == (
        "running",
        dt.date(2026, 12, 3),
        False,
    )

    # 5. Only the head of the disclosure office may extend (第三十三条第二款): the handler gets 403.
    extension = {
        "extend-on": "2026-11-09",
        "extend-days": "10",
        "extend-reason": "需要调取多所学校的档案",
    }
    assert post(client, "request_extend", info, extension).status_code == 403
    login(client, staff.clerk)
    assert post(client, "request_extend", info, extension).status_code == 403
    login(client, staff.head)
    assert client.get(detail(info)).context["actions"]["extend"]
    assert post(client, "request_extend", info, extension).status_code == 302
    info = reload(info)
    # 10 more working days after 3 December: 17 December.
    assert info.due_date == dt.date(2026, 12, 17)
    assert Letter.objects.filter(request=info, kind="extension").count() == 1

    # 6. The section replies on 10 November: 部分公开, the text with a parent's ID number masked.
    clock.set(dt.date(2026, 11, 10))
    login(client, staff.section_handler)
    page = client.get(detail(info))
    assert page.context["actions"]["reply"] and not page.context["actions"]["submit_draft"]
    # The reply form offers all 21 outcome codes of 表三, grouped.
    outcome_field = page.context["reply_form"].fields["outcome"]
    assert sum(len(options) for _, options in outcome_field.choices[1:]) == 21
    assert [group for group, _ in outcome_field.choices[1:]][1] == "（二）部分公开"
    # ?outcome= reloads the letter for that outcome; 部分公开 first needs the reasons.
    page = client.get(detail(info), {"outcome": "1"})
    initial = page.context["reply_form"].initial
    assert initial["outcome"] == "1" and initial["body"].startswith("张三：")
    assert "《中华人民共和国政府信息公开条例》第三十六条" in initial["body"]
    # The htmx reload of the outcome select (its own name) gives the same.
    page = client.get(detail(info), {"reply-outcome": "1"}, headers={"HX-Request": "true"})
    assert page.context["reply_form"].initial["body"] == initial["body"]
    page = client.get(detail(info), {"outcome": "2"})
    assert "“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”的答复应当说明理由" in text_of(page)
    reply = {
        "reply-outcome": "2",
        "reply-reply_type": "provided",
        "reply-reasons": "名单中学生家长的身份信息属于第三方个人信息，公开会损害其合法权益（第十五条）",
        "reply-withheld": "学生家长的身份证号码",
        "reply-access": "",
        "reply-referred_body": "",
        "reply-query_channel": "",
        "reply-title": "",
        "reply-body": "",
        "reply-on": "2026-11-10",
    }
    composed = client.post(
        reverse("backoffice:request_reply", args=[info.pk]), {**reply, "action": "compose"}
    )
    assert composed.status_code == 200
    body = composed.context["reply_form"]["body"].value()
    assert body.startswith("张三：")
    assert "不予公开的内容：学生家长的身份证号码" in body
    assert "《中华人民共和国政府信息公开条例》第三十七条" in body
    assert composed.context["reply_form"]["title"].value() == "政府信息公开申请答复告知书"
    assert reload(info).state == RequestState.ASSIGNED  # composing issues nothing

    # The handler adds the list to the text; the check proposes masking the ID number.
    body = body.replace(
        "不予公开的内容：", f"招生名单（节选）：王某，家长身份证号{ID_NUMBER}。\n不予公开的内容：", 1
    )
    checked = client.post(
        reverse("backoffice:request_reply", args=[info.pk]),
        {**reply, "reply-title": "政府信息公开申请答复告知书", "reply-body": body, "action": "check"},
    )
    findings = checked.context["reply_findings"]
    assert [(f.kind, f.text) for f in findings] == [("id_card", ID_NUMBER)]
    start = body.index(ID_NUMBER)
    key = f"{start}-{start + 18}"
    proposal = f"居民身份证号码“{ID_NUMBER}”（第{start + 1}—{start + 18}字），遮盖为“1101**********002X”"
    assert f"应用遮盖：{proposal}" in text_of(checked)

    issued = client.post(
        reverse("backoffice:request_reply", args=[info.pk]),
        {
            **reply,
            "reply-title": "政府信息公开申请答复告知书",
            "reply-body": body,
            "reply-redact": [key],
            "reply-attachments": [docx_file("招生计划表（已作区分处理）")],
            "action": "issue",
        },
    )
    assert issued.status_code == 302, text_of(issued)
    info = reload(info)
    assert (info.state, info.outcome, info.reply_type, info.answered_on) == (
        RequestState.ANSWERED,
        "2",
        "provided",
        dt.date(2026, 11, 10),
    )
    letter = Letter.objects.get(request=info, kind="reply")
    assert "家长身份证号1101**********002X。" in letter.body and ID_NUMBER not in letter.body
    attachment = letter.attachments.get()
    assert attachment.name == "名单.docx" and attachment.redacted

    # The steps table shows how the due date was computed, article by article.
    page = client.get(detail(info))
    steps = [(s.on, s.article) for s in page.context["clock"]["steps"]]
    assert steps == [
        (dt.date(2026, 11, 2), "第三十一条、第三十三条第一款"),
        (dt.date(2026, 11, 4), "第三十三条第三款"),
        (dt.date(2026, 11, 9), "第三十三条第三款"),
        (dt.date(2026, 11, 9), "第三十三条第二款"),
        (dt.date(2026, 11, 10), "第三十三条第一款"),
    ]
    text = text_of(page)
    for article in ("第三十一条、第三十三条第一款", "第三十三条第三款", "第三十三条第二款"):
        assert article in text
    assert "答复期限由2026年12月3日延至2026年12月17日" in text
    assert "已于期限（2026年12月17日）内答复，计时结束" in text

    # 7. The letter, downloaded as DOCX, reads as issued (the ID number masked).
    response = client.get(reverse("backoffice:request_letter_docx", args=[info.pk, letter.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Cache-Control"] == "private, no-store"
    import docx

    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert paragraphs[0] == "政府信息公开申请答复告知书"
    assert paragraphs[1] == letter.number
    joined = "\n".join(paragraphs)
    assert "1101**********002X" in joined and ID_NUMBER not in joined
    file = client.get(reverse("backoffice:request_letter_file", args=[info.pk, letter.pk, attachment.pk]))
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"PK")

    # 8. The delivery is recorded on the letter.
    response = post(
        client,
        "request_letter_delivery",
        info,
        {
            f"delivery-{letter.pk}-on": "2026-11-10",
            f"delivery-{letter.pk}-delivery": "post",
            f"delivery-{letter.pk}-note": "EMS 1234567890",
        },
        letter.pk,
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.delivered_on, letter.delivery, letter.delivery_note) == (
        dt.date(2026, 11, 10),
        "post",
        "EMS 1234567890",
    )

    # The history lists each step with its actor.
    actions = list(
        AuditEvent.objects.filter(target_type="foi.inforequest", target_id=str(info.pk))
        .exclude(action__in=["request.personal_data_viewed"])
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "request.registered",
        "request.assigned",
        "request.consultation_sent",
        "request.consultation_answered",
        "request.extended",
        "request.answered",
    ]
    history = text_of(client.get(detail(info)))
    assert "延期答复 局长丁" in history and "答复 承办人辛" in history and "登记送达 承办人辛" in history


def test_model_b_window_department_office_window(client, staff, clock):
    region = staff.region
    RequestSettings.objects.create(organization=region.dept, routing=Routing.WINDOW)
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, region.dept, channel="in_person", signed_for_on="")
    assert (
        post(
            client, "request_assign", info, {"assign-handling_unit": staff.section.pk, "assign-note": ""}
        ).status_code
        == 302
    )
    # The window cannot issue before the office approved a draft.
    page = client.get(detail(info))
    assert not page.context["actions"]["reply"] and not page.context["actions"]["deliver"]

    # The department sees 提交公开办审核 instead of 出具答复.
    login(client, staff.section_handler)
    page = client.get(detail(info))
    text = text_of(page)
    assert "提交公开办审核" in text and "出具答复" not in text
    draft = {
        "reply-outcome": "1",
        "reply-reply_type": "provided",
        "reply-reasons": "",
        "reply-withheld": "",
        "reply-access": "",
        "reply-referred_body": "",
        "reply-query_channel": "",
        "reply-title": "政府信息公开申请答复告知书",
        "reply-body": "张三：\n本机关提供2025年各学校招生计划（见附件）。",
        "reply-on": "2026-11-02",
        "action": "issue",
    }
    assert post(client, "request_reply", info, draft).status_code == 302
    assert reload(info).state == RequestState.DRAFTED
    assert (
        post(
            client, "request_deliver", info, {"deliver-on": "2026-11-02", "deliver-delivery": "post"}
        ).status_code
        == 403
    )

    # The office reviews: it returns the draft once, with its opinion.
    login(client, staff.clerk)
    page = client.get(detail(info))
    assert page.context["actions"]["review_draft"]
    assert "审核通过" in text_of(page) and "本机关提供2025年各学校招生计划" in text_of(page)
    response = post(client, "request_draft_return", info, {"return-reason": ""})
    assert response.status_code == 200
    assert response.context["forms"]["return"].errors["reason"] == ["这个字段是必填项。"]
    assert post(client, "request_draft_return", info, {"return-reason": "请写明提供方式"}).status_code == 302
    info = reload(info)
    assert (info.state, info.return_reason) == (RequestState.ASSIGNED, "请写明提供方式")

    # The department sees the opinion and its earlier draft, and submits again.
    login(client, staff.section_handler)
    page = client.get(detail(info))
    assert "公开办退回意见" in text_of(page) and "请写明提供方式" in text_of(page)
    assert page.context["reply_form"]["body"].value() == "张三：\n本机关提供2025年各学校招生计划（见附件）。"
    draft["reply-body"] += "\n提供方式：邮寄。"
    assert post(client, "request_reply", info, draft).status_code == 302

    # The office approves; the window issues and delivers (出具并送达).
    login(client, staff.clerk)
    assert post(client, "request_draft_approve", info, {}).status_code == 302
    assert reload(info).state == RequestState.APPROVED
    page = client.get(detail(info))
    assert page.context["actions"]["deliver"] and "出具并送达" in text_of(page)
    response = client.post(
        reverse("backoffice:request_deliver", args=[info.pk]),
        {
            "deliver-on": "2026-11-02",
            "deliver-delivery": "pickup",
            "deliver-delivered_on": "2026-11-02",
            "deliver-delivery_note": "申请人到窗口领取，本人签收",
            "deliver-attachments": [docx_file("2025年招生计划")],
        },
    )
    assert response.status_code == 302, text_of(response)
    info = reload(info)
    assert (info.state, info.outcome, info.answered_on) == (RequestState.ANSWERED, "1", dt.date(2026, 11, 2))
    letter = Letter.objects.get(request=info, kind="reply")
    assert letter.body == "张三：\n本机关提供2025年各学校招生计划（见附件）。\n提供方式：邮寄。"
    assert (letter.delivered_on, letter.delivery, letter.issued_by) == (
        dt.date(2026, 11, 2),
        "pickup",
        staff.clerk,
    )
    assert letter.attachments.count() == 1 and not letter.attachments.get().redacted
    actions = list(
        AuditEvent.objects.filter(
            target_type="foi.inforequest", target_id=str(info.pk), action__startswith="request.draft"
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "request.draft_submitted",
        "request.draft_returned",
        "request.draft_submitted",
        "request.draft_approved",
    ]


def test_validation_errors_keep_what_was_entered(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    login(client, staff.head)
    # More than 20 working days: refused with the article, the reason kept.
    response = post(
        client,
        "request_extend",
        info,
        {"extend-on": "2026-11-02", "extend-days": "25", "extend-reason": "档案分散在十余所学校"},
    )
    assert response.status_code == 200
    assert response.context["forms"]["extend"].errors["days"] == [
        "延长答复期限最长不得超过20个工作日（第三十三条第二款）"
    ]
    assert "档案分散在十余所学校" in response.content.decode()
    assert "<details open" in response.content.decode()
    assert reload(info).due_date == dt.date(2026, 11, 30)

    # A refusal without reasons: the service's error on the reasons field; title and body kept.
    login(client, staff.clerk)
    response = post(
        client,
        "request_reply",
        info,
        {
            "reply-outcome": "3.1",
            "reply-reply_type": "refused",
            "reply-reasons": "",
            "reply-title": "政府信息公开申请答复告知书",
            "reply-body": "张三：\n经审查，您申请的信息属于国家秘密。",
            "reply-on": "2026-11-02",
            "action": "issue",
        },
    )
    assert response.status_code == 200
    form = response.context["reply_form"]
    assert form.errors["reasons"] == ["除予以公开外，答复须说明理由（第十四条、第三十六条第（三）项）"]
    assert form["body"].value() == "张三：\n经审查，您申请的信息属于国家秘密。"
    assert reload(info).state == RequestState.REGISTERED
    assert not Letter.objects.filter(request=info).exists()

    # A consultation without the party named.
    response = post(
        client,
        "request_consult",
        info,
        {
            "consult-kind": "other_body",
            "consult-party": "",
            "consult-on": "2026-11-02",
            "consult-note": "共同制作的文件",
        },
    )
    assert response.status_code == 200
    assert response.context["forms"]["consult"].errors["party"] == ["这个字段是必填项。"]
    assert "共同制作的文件" in response.content.decode()

    # A correction asked after the 7 working days of 第三十条 (2 Nov + 7 = 11 Nov): the
    # kernel's message, on the form.
    clock.set(dt.date(2026, 11, 12))
    response = post(
        client,
        "request_correction",
        info,
        {"correction-on": "2026-11-12", "correction-what": "请写明学校名称"},
    )
    assert response.status_code == 200
    errors = response.context["forms"]["correction"].non_field_errors()
    assert errors == ["应当自收到申请之日起7个工作日内（2026年11月11日前）一次性告知补正（第三十条）"]
    assert "请写明学校名称" in response.content.decode()


def test_correction_restarts_the_period(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    response = post(
        client,
        "request_correction",
        info,
        {
            "correction-on": "2026-11-03",
            "correction-what": "请写明所需招生计划的学校范围",
            "correction-until": "2026-11-13",
        },
    )
    # The date may not be after today (2 November).
    assert response.status_code == 200
    assert response.context["forms"]["correction"].errors["on"] == ["日期不能晚于今天"]
    clock.set(dt.date(2026, 11, 3))
    assert (
        post(
            client,
            "request_correction",
            info,
            {
                "correction-on": "2026-11-03",
                "correction-what": "请写明所需招生计划的学校范围",
                "correction-until": "2026-11-13",
            },
        ).status_code
        == 302
    )
    info = reload(info)
    assert (info.state, info.due_date, info.correction_due) == (
        RequestState.CORRECTION,
        None,
        dt.date(2026, 11, 13),
    )
    assert "待补正（不计时）" in text_of(client.get(reverse("backoffice:requests")))
    clock.set(dt.date(2026, 11, 6))
    assert (
        post(
            client,
            "request_correction_received",
            info,
            {"corrected-on": "2026-11-06", "corrected-note": "补充了学校名单"},
        ).status_code
        == 302
    )
    info = reload(info)
    # 第三十条: 20 working days afresh from Friday 6 November: 4 December.
    assert (info.state, info.due_date) == (RequestState.REGISTERED, dt.date(2026, 12, 4))
    text = text_of(client.get(detail(info)))
    assert "自收到补正申请之日的次日起重新计算20个工作日，答复期限至2026年12月4日" in text


def test_fee_notice_quote_and_payment(client, staff, settings, clock):
    settings.GONGKAI = {
        **settings.GONGKAI,
        "REQUEST_FEES": {**settings.GONGKAI["REQUEST_FEES"], "ENABLED": True},
    }
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    fee = {"fee-method": "volume", "fee-quantity": "35", "fee-on": "2026-11-02", "fee-payment_method": ""}
    # 试算: by volume, pages 1–30 free, 31–35 at 10 元 a page (国办函〔2020〕109号).
    response = post(client, "request_fee", info, {**fee, "action": "quote"})
    assert response.status_code == 200
    assert response.context["fee_quote"].total == Decimal("50")
    text = text_of(response)
    assert "第1—30页：30页，免费" in text and "第31—35页：5页×10元＝50元" in text
    assert not info.fee_notices.exists()
    assert post(client, "request_fee", info, {**fee, "action": "issue"}).status_code == 302
    notice = info.fee_notices.get()
    # 20 working days to pay from 2 November: 30 November; the clock pauses meanwhile.
    assert (notice.amount, notice.pay_by) == (Decimal("50.00"), dt.date(2026, 11, 30))
    assert reload(info).clock_status == "paused"
    clock.set(dt.date(2026, 11, 5))
    assert (
        post(client, "request_fee_paid", info, {f"pay-{notice.pk}-on": "2026-11-05"}, notice.pk).status_code
        == 302
    )
    notice.refresh_from_db()
    info = reload(info)
    # The notice went out on the day of receipt, so no working day was used before the pause:
    # all 20 count after the payment on 5 November, to 3 December.
    assert (notice.paid_on, info.clock_status, info.due_date) == (
        dt.date(2026, 11, 5),
        "running",
        dt.date(2026, 12, 3),
    )


def test_fee_form_hidden_when_fees_are_disabled(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    info = register(client, staff.clerk, staff.region.dept)
    page = client.get(detail(info))
    assert not page.context["actions"]["fee"]
    assert "核算并发出收费通知" not in text_of(page)
    assert (
        post(
            client,
            "request_fee",
            info,
            {"fee-method": "count", "fee-quantity": "1", "fee-on": "2026-11-02"},
        ).status_code
        == 403
    )


def test_remind_duplicates_and_appeals(client, staff, clock):
    clock.set(dt.date(2026, 11, 2))
    first = register(client, staff.clerk, staff.region.dept)
    second = register(client, staff.clerk, staff.region.dept)
    # The same applicant asking the same: a duplicate candidate, linked from the page.
    page = client.get(detail(second))
    assert [d.pk for d in page.context["duplicates"]] == [first.pk]
    response = post(client, "request_duplicate", second, {"duplicate-original": first.registration_number})
    assert response.status_code == 302
    assert reload(second).duplicate_of == first
    response = post(client, "request_duplicate", second, {"duplicate-original": "YSQ-000000-2026-99999"})
    assert response.context["forms"]["duplicate"].errors["original"] == [
        "本机关没有登记编号为“YSQ-000000-2026-99999”的申请"
    ]

    # The supervisor reminds (催办); escalation reaches the office head.
    login(client, staff.supervisor)
    assert (
        post(
            client, "request_remind", first, {"remind-message": "请抓紧办理", "remind-escalation": "on"}
        ).status_code
        == 302
    )
    reminder = first.reminders.get()
    assert (reminder.sent_by, reminder.escalation, reminder.message) == (
        staff.supervisor,
        True,
        "请抓紧办理",
    )
    assert "超期督办" in text_of(client.get(detail(first)))

    # Appeals are recorded by the office once the request is answered.
    login(client, staff.clerk)
    assert not client.get(detail(first)).context["actions"]["record_appeal"]
    reply = {
        "reply-outcome": "5.2",
        "reply-reply_type": "repeat",
        "reply-reasons": "与本机关正在办理的申请内容相同",
        "reply-title": "政府信息公开申请答复告知书",
        "reply-body": "张三：\n您的申请属于重复申请，本机关不再重复处理。",
        "reply-on": "2026-11-02",
        "action": "issue",
    }
    assert post(client, "request_reply", second, reply).status_code == 302
    page = client.get(detail(second))
    assert page.context["actions"]["record_appeal"]
    response = post(
        client,
        "request_appeal",
        second,
        {
            "appeal-kind": "review",
            "appeal-filed_on": "2026-11-02",
            "appeal-authority": "测试市人民政府",
            "appeal-case_number": "测复〔2026〕1号",
        },
    )
    assert response.status_code == 302
    appeal = second.appeals.get()
    response = post(
        client,
        "request_appeal_decide",
        second,
        {f"decide-{appeal.pk}-result": "upheld", f"decide-{appeal.pk}-decided_on": ""},
        appeal.pk,
    )
    assert response.context["appeals"][0][1].errors["decided_on"] == ["请填写审结日期"]
    assert (
        post(
            client,
            "request_appeal_decide",
            second,
            {f"decide-{appeal.pk}-result": "upheld", f"decide-{appeal.pk}-decided_on": "2026-11-02"},
            appeal.pk,
        ).status_code
        == 302
    )
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on) == ("upheld", dt.date(2026, 11, 2))
