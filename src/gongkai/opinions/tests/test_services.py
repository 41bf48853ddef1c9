"""The rules of 意见征集 (docs/SPEC.md §2.4), through the services, on a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.core.actors import SYSTEM
from gongkai.opinions import services
from gongkai.opinions.models import Consultation, FindingDecision, Moderation, State
from gongkai.opinions.tests.world import comment, draft, office_head, opened, to_signoff
from gongkai.secrecy.tests.files import docx_with
from gongkai.testing import make_item

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def today(clock):
    return clock.set(DAY)


def test_default_period_is_30_days_and_configurable(region, today, settings):
    """《重大行政决策程序暂行条例》第十五条: 一般不少于30日; the default is configurable."""
    c = services.create_consultation(
        actor=region.editor,
        organization=region.dept,
        fields={"title": "关于……（征求意见稿）", "body": "<p>x</p>"},
    )
    assert c.duration_days == 30
    settings.GONGKAI = {**settings.GONGKAI, "CONSULTATION_DAYS": 45}
    c2 = services.create_consultation(
        actor=region.editor, organization=region.dept, fields={"title": "关于……（征求意见稿）"}
    )
    assert c2.duration_days == 45
    with pytest.raises(ValidationError) as e:
        services.create_consultation(
            actor=region.editor, organization=region.dept, fields={"title": "x", "duration_days": 3}
        )
    assert "duration_days" in e.value.message_dict


def test_only_editors_draft_and_the_body_is_sanitized(region, today):
    with pytest.raises(PermissionDenied):
        services.create_consultation(actor=region.reviewer, organization=region.dept, fields={"title": "x"})
    c = draft(region, body='<p style="mso-x">正文<script>alert(1)</script></p><h1>标题</h1>')
    assert "<script" not in c.body and "style=" not in c.body and "<h2>" in c.body
    assert c.body_text.startswith("正文")


def test_review_is_not_the_drafters_and_high_findings_block(region, today):
    c = draft(region, body="<p>联系人张三，身份证号码341302199001011238。</p>")
    services.add_attachment(
        actor=region.editor,
        consultation=c,
        data=docx_with("附表：身份证号码341302199001011238"),
        filename="附表.docx",
    )
    services.submit_for_review(actor=region.editor, consultation=c)
    assert c.state == State.REVIEW
    from gongkai.orgs.models import RoleName
    from gongkai.testing import grant

    grant(region.editor, region.dept, RoleName.REVIEWER)
    with pytest.raises(PermissionDenied):  # never the drafter
        services.pass_review(actor=region.editor, consultation=c)
    with pytest.raises(ValidationError, match="高风险"):
        services.pass_review(actor=region.reviewer, consultation=c)
    blocking = services.blocking(c)
    assert {f.field_label for f in blocking} >= {"正文"}
    assert any("附表" in f.field_label for f in blocking)
    for f in blocking:
        services.decide_finding(
            actor=region.reviewer, consultation=c, fingerprint=f.fingerprint, note="虚构数据"
        )
    services.pass_review(actor=region.reviewer, consultation=c, opinion="同意")
    assert c.state == State.SIGNOFF
    assert FindingDecision.objects.filter(consultation=c, review_round=1).count() == len(blocking)


def test_decisions_belong_to_one_review_round(region, today):
    c = draft(region, body="<p>身份证号码341302199001011238</p>")
    services.submit_for_review(actor=region.editor, consultation=c)
    f = services.blocking(c)[0]
    services.decide_finding(actor=region.reviewer, consultation=c, fingerprint=f.fingerprint, note="虚构")
    services.return_to_drafter(actor=region.reviewer, consultation=c, reason="请删除身份证号码")
    assert c.state == State.DRAFT and c.return_reason == "请删除身份证号码"
    services.submit_for_review(actor=region.editor, consultation=c)
    assert services.blocking(c), "a new round asks again"


def test_signer_opens_for_the_period(region, today):
    c = to_signoff(region, draft(region))
    with pytest.raises(PermissionDenied):
        services.open_consultation(actor=region.editor, consultation=c)
    services.open_consultation(actor=region.signer, consultation=c)
    assert c.state == State.OPEN
    assert c.opens_on == DAY and c.closes_on == DAY + dt.timedelta(days=30)
    assert AuditEvent.objects.filter(action="consultation.opened", organization=region.dept).exists()


def test_comments_are_received_through_the_last_day_only(region, clock, today):
    c = opened(region)
    clock.set(c.closes_on)
    comment(c, "最后一天的意见")
    clock.set(c.closes_on + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="截止"):
        comment(c, "晚到的意见")
    assert c.comments.count() == 1


def test_round_closes_ended_consultations(region, clock, today):
    c = opened(region)
    clock.set(c.closes_on)
    assert services.close_due(clock.today) == {"closed": 0}
    clock.set(c.closes_on + dt.timedelta(days=1))
    assert services.close_due(clock.today) == {"closed": 1}
    c.refresh_from_db()
    assert c.state == State.CLOSED and c.closed_on == c.closes_on
    assert AuditEvent.objects.filter(action="consultation.closed", actor=None).exists()


def test_early_close_needs_a_reason_and_a_closing_role(region, today):
    c = opened(region)
    with pytest.raises(PermissionDenied):
        services.close_consultation(actor=region.editor, consultation=c, note="x")
    with pytest.raises(ValidationError):
        services.close_consultation(actor=region.signer, consultation=c, note="")
    with pytest.raises(ValidationError):  # the platform closes only after the period
        services.close_consultation(actor=SYSTEM, consultation=c)
    services.close_consultation(actor=region.signer, consultation=c, note="决策事项调整")
    assert c.state == State.CLOSED and c.closed_on == DAY


def test_comment_validation_messages(region, today, settings):
    c = opened(region)
    with pytest.raises(ValidationError) as e:
        services.submit_comment(consultation=c, data={"text": "  "})
    assert e.value.message_dict["text"] == ["请填写意见内容。"]
    settings.GONGKAI = {**settings.GONGKAI, "CONSULTATION_COMMENT_MAX_CHARS": 10}
    with pytest.raises(ValidationError) as e:
        services.submit_comment(consultation=c, data={"text": "长" * 11})
    assert "不能超过10字" in e.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as e:
        services.submit_comment(consultation=c, data={"text": "好", "email": "不是邮箱", "phone": "abc"})
    assert set(e.value.message_dict) == {"email", "phone"}


def test_a_double_submit_is_one_comment(region, today):
    c = opened(region)
    key = services.new_submission_key()
    first, created = services.submit_comment(consultation=c, data={"text": "意见"}, key=key)
    again, created_again = services.submit_comment(consultation=c, data={"text": "意见"}, key=key)
    assert created and not created_again and first.pk == again.pk
    assert c.comments.count() == 1


def test_precheck_flags_links_spam_and_personal_data(region, today):
    c = opened(region)
    m = comment(c, "加微信了解详情 www.example.top，联系13800000000")
    assert {f["code"] for f in m.flags} == {"link", "spam", "personal_data"}
    assert m.moderation == Moderation.PENDING and not m.published


def test_moderation_records_reason_who_and_when(region, today):
    c = opened(region)
    head = office_head(region)
    m = comment(c, "广告内容")
    with pytest.raises(ValidationError):
        services.moderate_comment(actor=head, comment=m, accept=False, reason="")
    with pytest.raises(PermissionDenied):
        services.moderate_comment(actor=region.reviewer, comment=m, accept=False, reason="spam")
    services.moderate_comment(actor=head, comment=m, accept=False, reason="spam", note="推销")
    m.refresh_from_db()
    assert (m.moderation, m.reject_reason, m.moderation_note, m.moderated_by) == (
        "rejected",
        "spam",
        "推销",
        head,
    )
    assert m.moderated_at is not None and not m.published
    event = AuditEvent.objects.get(action="consultation.comment_rejected")
    assert event.reason == "广告/垃圾信息：推销" and event.actor == head


def test_answers_by_theme_and_adoption_counts(region, clock, today):
    c = opened(region)
    head = office_head(region)
    a, b, d, r = (comment(c, t) for t in ("意见甲", "意见乙", "意见丙", "无关内容"))
    for m in (a, b, d):
        services.moderate_comment(actor=head, comment=m, accept=True)
    services.moderate_comment(actor=head, comment=r, accept=False, reason="off_topic")
    with pytest.raises(ValidationError):  # a pending or rejected comment is not answered
        services.answer_comment(actor=head, comment=r, answer="x")
    theme = services.create_theme(actor=head, consultation=c, title="服务时间", comment_ids=[a.pk, b.pk])
    with pytest.raises(ValidationError):
        services.answer_theme(actor=head, theme=theme, answer="部分采纳", adoption="partly")
    services.answer_theme(
        actor=head, theme=theme, answer="部分采纳", adoption="partly", adoption_reason="经费有限"
    )
    a.refresh_from_db()
    with pytest.raises(ValidationError, match="主题"):
        services.answer_comment(actor=head, comment=a, answer="x")
    services.answer_comment(actor=head, comment=d, answer="采纳", adoption="adopted")
    counts = services.summary_counts(c)
    assert counts == {
        "received": 4, "accepted": 3, "rejected": 1, "pending": 0, "answered": 3,
        "adopted": 1, "partly": 2, "not_adopted": 0,
    }  # fmt: skip


def test_summary_published_after_close_by_the_signer_and_linked(region, clock, today):
    c = opened(region)
    head = office_head(region)
    m = comment(c, "意见")
    services.moderate_comment(actor=head, comment=m, accept=True)
    with pytest.raises(PermissionDenied):  # not before the close
        services.publish_summary(actor=region.signer, consultation=c, text="x")
    clock.set(c.closes_on + dt.timedelta(days=1))
    services.close_due(clock.today)
    c.refresh_from_db()
    with pytest.raises(ValidationError, match="未标明采纳情况"):
        services.publish_summary(actor=region.signer, consultation=c, text="说明")
    services.answer_comment(
        actor=head, comment=m, answer="不采纳", adoption="not_adopted", adoption_reason="上位法已有规定"
    )
    text = services.draft_summary_text(c)
    assert "共收到意见1条" in text and "上位法已有规定" in text
    with pytest.raises(PermissionDenied):  # the editor writes, the signer publishes
        services.publish_summary(actor=region.editor, consultation=c, text=text)
    services.publish_summary(actor=region.signer, consultation=c, text=text)
    assert c.state == State.CONCLUDED and c.summary_counts["not_adopted"] == 1
    item = make_item(region=region, title="测试市教育局关于课后服务的实施意见")
    county_item = make_item(region=region, county=True, title="县里的文件")
    with pytest.raises(ValidationError):
        services.link_final_document(actor=region.signer, consultation=c, item=county_item)
    services.link_final_document(actor=region.signer, consultation=c, item=item)
    assert Consultation.objects.get(pk=c.pk).final_item == item


def test_the_drafted_summary_quotes_comments_masked_and_without_a_doubled_stop(region, clock, today):
    """Seen on the 采纳情况 screen: “…具体金额。（未采纳）：…” and 2026年10月08日; a comment quoted
    there is published with the summary, so its personal data is masked as on the public page."""
    c = opened(region)
    head = office_head(region)
    short = comment(c, "普惠性民办园的收费上限建议明确到具体金额。")
    long = comment(
        c, "我孩子在城东某小学，老师电话13905571234，课后服务一直在讲新课，请教育局核查并公开处理结果。"
    )
    for m in (short, long):
        services.moderate_comment(actor=head, comment=m, accept=True)
        services.answer_comment(
            actor=head, comment=m, answer="不采纳", adoption="not_adopted", adoption_reason="属县级职权"
        )
    clock.set(c.closes_on + dt.timedelta(days=1))
    services.close_due(clock.today)
    c.refresh_from_db()
    text = services.draft_summary_text(c)
    assert "具体金额（未采纳）：属县级职权" in text and "。（" not in text
    assert "13905571234" not in text and "139****1234" in text and "……（未采纳）" in text
    assert f"自{c.opens_on.year}年{c.opens_on.month}月{c.opens_on.day}日起" in text


def test_a_change_of_state_drops_the_final_documents_page_too(region, today, monkeypatch):
    """The final document's page names the consultation and its state (``{% consultation_note %}``):
    closing the consultation drops that page with the consultation's own pages."""
    purged: list[frozenset[str]] = []
    monkeypatch.setattr(services, "public_pages_changed", lambda tags: purged.append(frozenset(tags)))
    c = opened(region)
    item = make_item(region=region, title="测试市教育局关于课后服务的实施意见")
    Consultation.objects.filter(pk=c.pk).update(final_item=item)
    c.refresh_from_db()
    purged.clear()
    services.close_consultation(actor=region.signer, consultation=c, note="决策事项调整")
    assert purged and f"item:{item.pk}" in purged[-1]
