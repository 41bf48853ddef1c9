"""Letters (告知书, docs/SPEC.md §4.5): one uniform format for every outcome of 表三, numbering, attachments,
delivery, the applicant's e-mail, and the DOCX and printable renderings."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gongkai.audit.models import AuditEvent
from gongkai.foi.legal import REGULATION, ConsultationKind, FeeMethod, Outcome
from gongkai.foi.models import Consultation, FeeNotice, InfoRequest, Letter, LetterKind, RequestSettings
from gongkai.foi.services.letters import (
    article_for,
    compose,
    issue_letter,
    record_delivery,
    render_docx,
    render_html,
    review_body_for,
)
from gongkai.foi.tests.conftest import ISSUED, RECEIVED, reply_letter
from gongkai.secrecy.tests.files import docx_with

DESCRIPTION = "2025年测试市义务教育阶段学校招生划片范围的文件"
# The office is a department of 测试市人民政府: that government reviews it (行政复议法, 2024).
REMEDIES = (
    "申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以自收到本告知书之日起六十日内"
    "向测试市人民政府申请行政复议，或者自收到本告知书之日起六个月内向有管辖权的人民法院提起行政诉讼"
    "（《中华人民共和国政府信息公开条例》第五十一条）。"
)

#: Per outcome: the extra facts the letter needs, and a phrase its decision paragraph must contain.
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "1": ({"reply_type": "provided", "attached": True}, "本机关予以公开，向您提供该政府信息（见附件）"),
    "2": ({"withheld": "第3页其他人员的姓名和联系电话"}, "不予公开的内容：第3页其他人员的姓名和联系电话。"),
    "3.1": ({}, "属于依法确定为国家秘密的政府信息"),
    "3.2": ({}, "属于法律、行政法规禁止公开的政府信息"),
    "3.3": ({}, "可能危及国家安全、公共安全、经济安全、社会稳定"),
    "3.4": ({}, "公开会对第三方合法权益造成损害"),
    "3.5": ({}, "属于行政机关的内部事务信息"),
    "3.6": ({}, "请示报告等过程性信息"),
    "3.7": ({}, "属于行政执法案卷信息"),
    "3.8": ({"query_channel": "测试市不动产登记中心"}, "受理机关及途径：测试市不动产登记中心"),
    "4.1": ({"reply_type": "not_exist"}, "该政府信息不存在"),
    "4.2": ({}, "需要对现有政府信息进行加工、分析才能形成"),
    "4.3": ({}, "补正后的申请内容仍不明确"),
    "5.1": ({}, "以政府信息公开申请的形式进行信访、投诉、举报等活动"),
    "5.2": ({}, "本机关不予重复处理"),
    "5.3": ({}, "政府公报、报刊、书籍等公开出版物"),
    "5.4": ({}, "数量、频次明显超过合理范围"),
    "5.5": ({}, "确认或者重新出具"),
    "6.1": (
        {"correction_asked": dt.date(2026, 3, 4), "correct_by": dt.date(2026, 3, 13)},
        "补正期限至2026年3月13日",
    ),
    "6.2": ({}, "您应缴纳信息处理费4700元，缴费期限至2026年4月1日"),
    "6.3": ({}, "申请人撤回申请。"),
}
REASONS = {"6.3": "申请人撤回申请"}


def _body_lines(body: str) -> list[str]:
    return body.split("\n")


def test_every_kind_and_outcome_has_a_template() -> None:
    assert len(CASES) == len(Outcome.values) == 21
    assert set(CASES) == set(Outcome.values)


@pytest.mark.parametrize("code", Outcome.values)
def test_every_outcome_produces_a_proper_reply(code: str, request_: InfoRequest, foi: Any) -> None:
    """第三十六条: each of the 21 rows of 表三 gives a letter with addressee, the application, the
    decision, the article, the reasons, the remedies (第五十一条), the body's name and the date."""
    extra, phrase = CASES[code]
    if code == "6.2":
        FeeNotice.objects.create(
            request=request_,
            method=FeeMethod.BY_VOLUME,
            quantity=250,
            amount=Decimal(4700),
            issued_on=dt.date(2026, 3, 4),
            pay_by=dt.date(2026, 4, 1),
        )
    if code == "5.2":
        earlier = InfoRequest.objects.get(pk=request_.pk)
        request_.duplicate_of = earlier  # stands in for an earlier request; the number is what matters
    reasons = REASONS.get(code, f"测试理由{code}")
    kind = LetterKind.TERMINATION if code.startswith("6") else LetterKind.REPLY
    title, body = compose(request_, kind, outcome=code, reasons=reasons, extra=extra, on=ISSUED)
    assert title == LetterKind(kind).label
    lines = _body_lines(body)
    assert lines[0] == "张三："
    assert lines[1] == (
        f"本机关于2026年3月2日收到您提交的政府信息公开申请（登记编号：{request_.registration_number}），"
        f"您申请获取：“{DESCRIPTION}”。"
    )
    assert phrase in body
    article = article_for(code, extra.get("reply_type", ""))
    assert f"根据{REGULATION}{article}" in body
    if code in ("6.1", "6.2"):
        assert "视为放弃申请" in body
    elif code != "6.3":
        assert f"测试理由{code}。" in body
    assert lines[-4:] == [REMEDIES, "", "测试市人民政府办公室", "2026年3月20日"]
    letter = issue_letter(
        request_, kind=kind, actor=foi.office_handler, on=ISSUED, title=title, body=body, outcome=code
    )
    html = render_html(letter)
    assert f"{REGULATION}{article}" in html
    assert REMEDIES in html
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(letter))).paragraphs)
    assert f"{REGULATION}{article}" in text and REMEDIES in text


def test_partial_disclosure_letter_in_full(request_: InfoRequest) -> None:
    """第三十七条: what was withheld and why, worked out line by line."""
    _, body = compose(
        request_,
        LetterKind.REPLY,
        outcome=Outcome.PARTIAL,
        reasons="第3页含有第三方的个人信息，公开会损害其合法权益",
        extra={"withheld": "第3页申请人以外人员的姓名和联系电话", "attached": True},
        on=ISSUED,
    )
    assert body == "\n".join(
        [
            "张三：",
            f"本机关于2026年3月2日收到您提交的政府信息公开申请（登记编号：{request_.registration_number}），"
            f"您申请获取：“{DESCRIPTION}”。",
            "经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。"
            "根据《中华人民共和国政府信息公开条例》第三十七条的规定，本机关决定部分公开：向您提供可以公开的政府信息内容（见附件），"
            "对不予公开的内容作区分处理。",
            "不予公开的内容：第3页申请人以外人员的姓名和联系电话。",
            "不予公开的理由：第3页含有第三方的个人信息，公开会损害其合法权益。",
            "提供方式：电子邮件。",
            REMEDIES,
            "",
            "测试市人民政府办公室",
            "2026年3月20日",
        ]
    )


def test_refusals_need_reasons_and_terminations_need_other_outcomes(request_: InfoRequest) -> None:
    with pytest.raises(ValidationError) as error:
        compose(request_, LetterKind.REPLY, outcome=Outcome.REFUSED_STATE_SECRET)
    assert "第十四条、第三十六条第（三）项" in error.value.message_dict["reasons"][0]
    with pytest.raises(ValidationError) as error:
        compose(request_, LetterKind.TERMINATION, outcome=Outcome.GRANTED)
    assert "其他处理" in error.value.message_dict["outcome"][0]
    with pytest.raises(ValidationError) as error:
        compose(request_, LetterKind.REPLY, outcome="9.9")
    assert error.value.message_dict["outcome"] == ["请选择办理结果"]
    with pytest.raises(ValidationError) as error:
        compose(request_, LetterKind.TERMINATION, outcome=Outcome.OTHER_FEE_UNPAID)
    assert "没有收费通知" in error.value.message_dict["fee"][0]
    with pytest.raises(ValidationError) as error:
        compose(request_, "memo")
    assert "kind" in error.value.message_dict


def test_already_public_tells_where(request_: InfoRequest) -> None:
    """第三十六条第（一）项: the reasons field says where it was published."""
    with pytest.raises(ValidationError) as error:
        compose(request_, LetterKind.REPLY, outcome=Outcome.GRANTED, extra={"reply_type": "already_public"})
    assert "第三十六条第（一）项" in error.value.message_dict["reasons"][0]
    _, body = compose(
        request_,
        LetterKind.REPLY,
        outcome=Outcome.GRANTED,
        reasons="该文件已于2025年4月1日在测试市教育局门户网站“政府信息公开”专栏公开",
        extra={"reply_type": "already_public"},
        on=ISSUED,
    )
    assert (
        "根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，现告知您获取该政府信息的方式和途径："
        "该文件已于2025年4月1日在测试市教育局门户网站“政府信息公开”专栏公开。"
    ) in body
    assert "说明：" not in body


def test_not_this_bodys_information_names_the_right_body(request_: InfoRequest) -> None:
    """第三十六条第（五）项: the body responsible and how to reach it."""
    request_.reply_type = "not_ours"
    request_.referred_body = "测试市自然资源和规划局，电话0557-3021234"
    _, body = compose(request_, LetterKind.REPLY, outcome=Outcome.UNABLE_NOT_HELD, on=ISSUED)
    assert "该政府信息由测试市自然资源和规划局，电话0557-3021234负责公开，请您向其提出申请。" in body
    assert "根据《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，特此告知。" in body
    request_.referred_body = ""
    _, body = compose(request_, LetterKind.REPLY, outcome=Outcome.UNABLE_NOT_HELD, on=ISSUED)
    assert "本机关无法确定负责公开该政府信息的行政机关。" in body


def test_organization_applicant_is_addressed_as_such(make_request: Any, clock: Any) -> None:
    request = make_request(
        RECEIVED,
        applicant_type="business",
        applicant_name="测试市某建设有限公司",
        id_type="credit_code",
        contact_person="李四",
    )
    clock.set(ISSUED)
    _, body = compose(request, LetterKind.REPLY, outcome=Outcome.UNABLE_NEEDS_CREATION, on=ISSUED)
    assert body.startswith("测试市某建设有限公司：\n本机关于2026年3月2日收到贵单位提交的政府信息公开申请")


def test_remedies_name_the_configured_bodies_or_fall_back(foi: Any) -> None:
    region = foi.region
    assert review_body_for(region.dept) == "测试市人民政府"  # a department: its own government
    assert review_body_for(region.county) == "测试市人民政府"  # a government: the one above
    assert review_body_for(region.county_dept) == "测试县人民政府"
    assert review_body_for(region.city) == "上一级人民政府"
    RequestSettings.objects.create(
        organization=region.office, review_body="测试市人民政府行政复议办公室", court="测试市中级人民法院"
    )
    from gongkai.foi.services.letters import remedies_for

    region.office.refresh_from_db()
    assert "向测试市人民政府行政复议办公室申请行政复议" in remedies_for(region.office)
    assert "向测试市中级人民法院提起行政诉讼" in remedies_for(region.office)


def test_correction_letter(request_: InfoRequest) -> None:
    """第三十条: what to correct, by when, and that no correction means abandonment."""
    with pytest.raises(ValidationError) as error:
        compose(request_, LetterKind.CORRECTION, extra={"correct_by": dt.date(2026, 3, 13)})
    assert "第三十条" in error.value.message_dict["items"][0]
    _, body = compose(
        request_,
        LetterKind.CORRECTION,
        reasons="请写明所需文件的名称、文号或者形成时间",
        extra={"until": dt.date(2026, 3, 13)},
        on=dt.date(2026, 3, 4),
    )
    lines = _body_lines(body)
    assert lines[3] == (
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您于2026年3月13日前对以下事项作出补正："
    )
    assert lines[4] == "请写明所需文件的名称、文号或者形成时间。"
    assert "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。" in body
    assert lines[-2:] == ["测试市人民政府办公室", "2026年3月4日"]


def test_extension_letter(request_: InfoRequest) -> None:
    """第三十三条第二款: the new due date, approved by the office head."""
    with pytest.raises(ValidationError) as error:
        compose(request_, LetterKind.EXTENSION, extra={"days": 20})
    assert "reasons" in error.value.message_dict
    _, body = compose(
        request_,
        LetterKind.EXTENSION,
        reasons="所申请信息数量较多，需要跨年度检索档案",
        extra={"days": 20, "new_due": dt.date(2026, 4, 28)},
        on=dt.date(2026, 3, 25),
    )
    assert (
        "本机关正在办理您的申请，因以下原因无法在法定期限内作出答复：所申请信息数量较多，需要跨年度检索档案。"
        in body
    )
    assert (
        "根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长20个工作日，本机关将于2026年4月28日前作出答复。"
    ) in body
    assert REMEDIES in body


@pytest.mark.parametrize(
    ("kind", "article", "silence"),
    [
        (
            ConsultationKind.THIRD_PARTY,
            "第三十二条",
            "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
        ),
        (ConsultationKind.OTHER_BODY, "第三十四条", "逾期未提出意见的，视为同意公开。"),
    ],
)
def test_consultation_letter(request_: InfoRequest, kind: str, article: str, silence: str) -> None:
    """第三十二条 / 第三十四条: 15 working days to answer; never names the applicant."""
    consultation = Consultation.objects.create(
        request=request_,
        kind=kind,
        party="测试市某建设有限公司",
        sent_on=dt.date(2026, 3, 5),
        answer_due=dt.date(
            2026, 3, 26
        ),  # 15 working days after 5 March: 6 (1), 9–13 (6), 16–20 (11), 23–26 (15)
    )
    title, body = compose(
        request_, LetterKind.CONSULTATION, extra={"consultation": consultation}, on=dt.date(2026, 3, 5)
    )
    assert title == "征求意见函"
    assert body.startswith("测试市某建设有限公司：\n本机关于2026年3月2日收到一件政府信息公开申请")
    assert f"根据《中华人民共和国政府信息公开条例》{article}的规定" in body
    assert "自收到本征求意见书之日起15个工作日内（即2026年3月26日前）" in body
    assert silence in body
    assert "张三" not in body and "341302" not in body and request_.registration_number not in body
    assert "第五十一条" not in body  # remedies are the applicant's, not the consulted party's


def test_receipt_letter(request_: InfoRequest) -> None:
    _, body = compose(request_, LetterKind.RECEIPT, extra={"due": dt.date(2026, 3, 30)}, on=RECEIVED)
    assert "本机关将自收到申请之日起20个工作日内（即2026年3月30日前）予以答复" in body
    from gongkai.foi.services.letters import lookup_url

    assert lookup_url().startswith("http://127.0.0.1:8000/")
    assert f"您可以凭登记编号和查询码在{lookup_url()}查询办理进度和答复文书。" in body
    assert "第五十一条" not in body


def test_free_text_is_not_html_escaped_in_the_letter(make_request: Any, clock: Any) -> None:
    request = make_request(RECEIVED, description="《关于A&B学校<试点>的批复》")
    clock.set(ISSUED)
    _, body = compose(request, LetterKind.REPLY, outcome=Outcome.GRANTED, on=ISSUED)
    assert "“《关于A&B学校<试点>的批复》”" in body


# --- issuing ----------------------------------------------------------------------------------------------


def test_issue_numbers_letters_per_body_and_year(
    request_: InfoRequest, foi: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    title, body = compose(request_, LetterKind.REPLY, outcome=Outcome.GRANTED, on=ISSUED)
    with django_capture_on_commit_callbacks(execute=True):
        first = issue_letter(
            request_, kind=LetterKind.REPLY, actor=foi.office_handler, on=ISSUED, title=title, body=body
        )
    second = issue_letter(
        request_,
        kind=LetterKind.EXTENSION,
        actor=foi.office_handler,
        on=ISSUED,
        title="延期答复告知书",
        body="x",
    )
    assert first.number == "测试市人民政府办公室依申〔2026〕1号"
    assert second.number == "测试市人民政府办公室依申〔2026〕2号"
    assert first.issued_by == foi.office_handler and first.body == body
    event = AuditEvent.objects.get(action="letter.issued", target_id=str(first.pk))
    assert event.organization == foi.office
    assert event.data["number"] == first.number
    # The applicant is told a letter is waiting: number and look-up page, never the letter or their data.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["zhangsan@example.com"]
    assert request_.registration_number in mail.subject
    assert "http://127.0.0.1:8000/" in mail.body and "lookup" in mail.body
    assert "张三" not in mail.body and DESCRIPTION not in mail.body and "341302" not in mail.body


def test_configured_prefix_and_department_short_name(make_request: Any, clock: Any, foi: Any) -> None:
    RequestSettings.objects.create(organization=foi.office, letter_prefix="测政办依复")
    office_request = make_request(RECEIVED)
    dept_request = make_request(RECEIVED, organization=foi.dept, actor=foi.dept_handler)
    clock.set(ISSUED)
    office_letter = issue_letter(
        office_request, kind=LetterKind.RECEIPT, actor=foi.office_handler, on=ISSUED, title="回执", body="x"
    )
    dept_letter = issue_letter(
        dept_request, kind=LetterKind.RECEIPT, actor=foi.dept_handler, on=ISSUED, title="回执", body="x"
    )
    assert office_letter.number == "测政办依复〔2026〕1号"
    assert dept_letter.number == "市教育局依申〔2026〕1号"


def test_no_mail_when_not_for_the_applicant(
    request_: InfoRequest, foi: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        issue_letter(
            request_,
            kind=LetterKind.CONSULTATION,
            actor=foi.office_handler,
            on=ISSUED,
            title="征求意见函",
            body="x",
            to_applicant=False,
        )
    assert mailoutbox == []


def test_attachments_are_checked_and_kept(request_: InfoRequest, foi: Any) -> None:
    good = SimpleUploadedFile(
        "招生划片范围（区分处理）.docx", docx_with("划片范围：第一小学"), "application/octet-stream"
    )
    letter = reply_letter(request_, foi, good, outcome=Outcome.PARTIAL)
    attachment = letter.attachments.get()
    assert attachment.name == "招生划片范围（区分处理）.docx"
    assert (
        attachment.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert attachment.redacted  # 部分公开: the copies provided are the redacted ones
    assert "招生划片" not in attachment.file.name  # stored under its hash, not the uploader's name
    assert docx.Document(attachment.file.open("rb")).paragraphs[0].text == "划片范围：第一小学"

    bad = SimpleUploadedFile("名单.docx", b"just text, not a document", "application/octet-stream")
    with pytest.raises(ValidationError) as error:
        issue_letter(
            request_,
            kind=LetterKind.REPLY,
            actor=foi.office_handler,
            on=ISSUED,
            title="t",
            body="b",
            attachments=[bad],
        )
    assert "不是可接受的文件格式" in error.value.message_dict["attachments"][0]
    assert Letter.objects.count() == 1


def test_issue_checks_who_and_what(request_: InfoRequest, foi: Any) -> None:
    with pytest.raises(PermissionDenied):
        issue_letter(
            request_, kind=LetterKind.REPLY, actor=foi.county_handler, on=ISSUED, title="t", body="b"
        )
    with pytest.raises(ValidationError) as error:
        issue_letter(
            request_,
            kind="memo",
            actor=foi.office_handler,
            on=RECEIVED - dt.timedelta(days=1),
            title=" ",
            body="",
        )
    assert set(error.value.message_dict) == {"kind", "title", "body", "on"}
    assert not Letter.objects.exists()


def test_record_delivery(request_: InfoRequest, foi: Any) -> None:
    letter = issue_letter(
        request_, kind=LetterKind.REPLY, actor=foi.office_handler, on=ISSUED, title="t", body="b"
    )
    with pytest.raises(ValidationError) as error:
        record_delivery(letter, actor=foi.office_handler, on=dt.date(2026, 3, 19), delivery="post", note="")
    assert "不能早于出具日期（2026年3月20日）" in error.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as error:
        record_delivery(letter, actor=foi.office_handler, on=ISSUED, delivery="pigeon")
    assert error.value.message_dict["delivery"] == ["请选择送达方式"]
    with pytest.raises(PermissionDenied):
        record_delivery(letter, actor=foi.region.outsider, on=ISSUED, delivery="post")
    record_delivery(
        letter, actor=foi.office_handler, on=ISSUED, delivery="post", note="EMS 1100400012345 本人签收"
    )
    letter.refresh_from_db()
    assert (letter.delivery, letter.delivered_on, letter.delivery_note) == (
        "post",
        ISSUED,
        "EMS 1100400012345 本人签收",
    )
    assert AuditEvent.objects.filter(action="letter.delivered", target_id=str(letter.pk)).exists()


# --- rendering --------------------------------------------------------------------------------------------


@pytest.fixture
def refusal(request_: InfoRequest, foi: Any) -> Letter:
    title, body = compose(
        request_,
        LetterKind.REPLY,
        outcome=Outcome.REFUSED_PROCESS,
        reasons="所申请的会议纪要为讨论记录，尚未形成正式决定",
        on=ISSUED,
    )
    return issue_letter(
        request_,
        kind=LetterKind.REPLY,
        actor=foi.office_handler,
        on=ISSUED,
        title=title,
        body=body,
        outcome=Outcome.REFUSED_PROCESS,
        attachments=[SimpleUploadedFile("说明.docx", docx_with("说明"))],
    )


def test_docx_layout_and_text(refusal: Letter) -> None:
    document = docx.Document(io.BytesIO(render_docx(refusal)))
    section = document.sections[0]
    # Word stores twips, so millimetres come back rounded to a twip (1/1440 inch).
    sizes = [section.page_width, section.page_height]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(x.mm, 1) for x in sizes] == [210.0, 297.0]  # A4
    assert [round(x.mm, 1) for x in margins] == [37.0, 35.0, 28.0, 26.0]  # GB/T 9704
    paragraphs = [p for p in document.paragraphs if p.text]
    title, number, addressee = paragraphs[:3]
    assert title.text == "政府信息公开申请答复告知书"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    assert title.runs[0].font.size == Pt(22)
    assert (
        number.text == "测试市人民政府办公室依申〔2026〕1号" and number.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    )
    assert addressee.text == "张三：" and addressee.paragraph_format.first_line_indent is None
    body = paragraphs[3:-3]
    assert body[0].text.startswith("本机关于2026年3月2日收到您提交的政府信息公开申请")
    assert all(p.paragraph_format.first_line_indent == Pt(32) for p in body)
    texts = [p.text for p in body]
    assert "不予公开的理由：所申请的会议纪要为讨论记录，尚未形成正式决定。" in texts
    assert any(
        "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项的规定" in t for t in texts
    )
    assert REMEDIES in texts
    assert texts[-1] == REMEDIES
    assert paragraphs[-3].text == "附件：1．说明.docx"
    closing = paragraphs[-2:]
    assert [p.text for p in closing] == ["测试市人民政府办公室", "2026年3月20日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in closing)
    assert document.core_properties.title == "政府信息公开申请答复告知书"


def test_printable_html(refusal: Letter) -> None:
    html = render_html(refusal)
    assert html.startswith("<!doctype html>")
    assert "<h1>政府信息公开申请答复告知书</h1>" in html
    assert '<p class="number">测试市人民政府办公室依申〔2026〕1号</p>' in html
    assert "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项" in html
    assert REMEDIES in html
    assert "@media print" in html and "@page { size: A4;" in html
    assert "<p>测试市人民政府办公室</p>" in html and "<p>2026年3月20日</p>" in html
    assert "附件：" in html and "说明.docx" in html
    # Standalone: no stylesheet, script, font or image fetched from anywhere.
    for needle in ("<link", "<script", "src=", "@import", "url("):
        assert needle not in html


def test_html_escapes_what_the_applicant_wrote(make_request: Any, clock: Any, foi: Any) -> None:
    request = make_request(RECEIVED, description="<script>alert(1)</script>的文件")
    clock.set(ISSUED)
    title, body = compose(request, LetterKind.REPLY, outcome=Outcome.GRANTED, on=ISSUED)
    letter = issue_letter(
        request, kind=LetterKind.REPLY, actor=foi.office_handler, on=ISSUED, title=title, body=body
    )
    html = render_html(letter)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;的文件" in html
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(letter))).paragraphs)
    assert "“<script>alert(1)</script>的文件”" in text


# --- as the handling services call them -------------------------------------------------------------------


def test_letters_of_the_handling_services(make_request: Any, clock: Any, foi: Any) -> None:
    """The correction form's reasons are the items to correct (第三十条); a partial reply's reasons
    cover what was withheld and why when no separate list is given (第三十七条)."""
    from gongkai.foi.services import handling

    request = make_request(RECEIVED)
    clock.set(dt.date(2026, 3, 4))
    letter = handling.ask_correction(
        request,
        actor=foi.office_handler,
        on=dt.date(2026, 3, 4),
        what="请写明所需文件的文号",
        until=dt.date(2026, 3, 13),
    )
    assert "请您于2026年3月13日前对以下事项作出补正：\n请写明所需文件的文号。\n" in letter.body

    other = make_request(RECEIVED)
    clock.set(ISSUED)
    reply = handling.issue_reply(
        other,
        actor=foi.office_handler,
        on=ISSUED,
        outcome=Outcome.PARTIAL,
        reply_type="provided",
        reasons="第3页含有第三方个人信息（第十五条），已作遮盖",
    )
    assert "不予公开的内容及理由：第3页含有第三方个人信息（第十五条），已作遮盖。" in reply.body
    assert reply.number == "测试市人民政府办公室依申〔2026〕2号"


# -- personal data in attachments (第三十七条) ----------------------------------------------------------


def test_personal_data_in_a_docx_attachment_is_masked(request_: InfoRequest, foi: Any) -> None:
    """A DOCX provided with the reply has its ID and phone numbers masked in place."""
    # 34130219900307123 → check character 4 (GB 11643, worked by hand in test_redaction.py).
    data = docx_with("联系人王五，身份证号341302199003071234，电话13912345678。")
    letter = issue_letter(
        request_,
        kind=LetterKind.REPLY,
        actor=foi.office_handler,
        on=ISSUED,
        title="答复",
        body="张三：\n正文",
        outcome=Outcome.GRANTED,
        attachments=[SimpleUploadedFile("名单.docx", data)],
    )
    attachment = letter.attachments.get()
    text = docx.Document(attachment.file.open("rb")).paragraphs[0].text
    assert "341302199003071234" not in text and "13912345678" not in text
    assert "139****5678" in text
    assert attachment.redacted  # masked although the outcome is 予以公开
    event = AuditEvent.objects.get(action="letter.issued")
    assert event.data["masked"] == {"名单.docx": 2}


def test_personal_data_in_a_pdf_is_refused_unless_it_is_the_applicants_own(
    request_: InfoRequest, foi: Any
) -> None:
    """A file that cannot be masked here is refused with the finding named; the applicant's own
    data may be provided unmasked when staff confirm it."""
    from gongkai.core.samplefiles import make_pdf

    pdf = make_pdf(["Tel 13912345678"])

    def issue(**kwargs: Any) -> Letter:
        return issue_letter(
            request_,
            kind=LetterKind.REPLY,
            actor=foi.office_handler,
            on=ISSUED,
            title="答复",
            body="张三：\n正文",
            attachments=[SimpleUploadedFile("a.pdf", pdf)],
            **kwargs,
        )

    with pytest.raises(ValidationError) as error:
        issue()
    assert "疑似手机号码" in error.value.message_dict["attachments"][0]
    assert not Letter.objects.exists()
    assert issue(mask_attachments=False).attachments.count() == 1
