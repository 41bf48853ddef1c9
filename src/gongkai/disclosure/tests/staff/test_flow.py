"""The whole publishing path through the screens (docs/SPEC.md §2.4, §2.5): an editor drafts an item with a
DOCX attachment that contains a resident ID number, the reviewer sees the finding with its position in
the attachment and decides it, passes the review, the signer signs, and the item is published with
its 索引号."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import ID_NUMBER, docx_file, editor_post, login, text_of
from gongkai.disclosure.models import Item, ItemState

pytestmark = pytest.mark.django_db


def test_draft_review_sign_publish(client, region, today):
    # 1. The editor drafts, with an attachment, and sends it to review.
    login(client, region.editor)
    data = editor_post(region.column, date_formed=today.isoformat(), action="submit")
    data["attachments"] = [docx_file(f"张三 身份证号 {ID_NUMBER} 语文教师")]
    response = client.post(reverse("backoffice:item_new") + f"?org={region.dept.pk}", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    item = Item.objects.get(title=data["title"])
    assert item.state == ItemState.REVIEW
    assert item.attachments.count() == 1
    assert sorted(item.channels) == ["notice_board", "website"]

    # 2. The reviewer sees the finding: field label, position in the attachment text, the match.
    login(client, region.reviewer)
    assert item.title in client.get(reverse("backoffice:inbox")).content.decode()
    response = client.get(reverse("backoffice:item_review", args=[item.pk]))
    assert response.status_code == 200
    finding = next(f for f in response.context["findings"] if f["f"].finding.kind == "id_card")
    attachment_text = item.attachments.get().text
    start = attachment_text.index(ID_NUMBER)
    assert finding["f"].field_label == "附件《名单.docx》"
    assert finding["position"] == f"第{start + 1}—{start + len(ID_NUMBER)}字"
    html = response.content.decode()
    assert f"<mark>{ID_NUMBER}</mark>" in html
    assert "附件《名单.docx》，第" in text_of(response)

    # Passing is refused while the high finding is undecided.
    response = client.post(reverse("backoffice:item_review", args=[item.pk]), {"conclusion": "pass"})
    assert response.status_code == 200
    assert "须逐条作出处理决定后才能通过审查" in text_of(response)
    assert Item.objects.get(pk=item.pk).state == ItemState.REVIEW

    # The decision, the htmx way: only the finding comes back, with the summary out of band.
    response = client.post(
        reverse("backoffice:item_finding_decide", args=[item.pk]),
        {"fingerprint": finding["f"].fingerprint, "decision": "not_secret", "note": "公示需要"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert finding["id"] in fragment and 'hx-swap-oob="true"' in fragment
    assert "不涉密，按原样公开" in fragment and "理由：公示需要" in fragment and "<html" not in fragment

    response = client.post(
        reverse("backoffice:item_review", args=[item.pk]), {"conclusion": "pass", "opinion": "同意公开"}
    )
    assert response.status_code == 302
    assert Item.objects.get(pk=item.pk).state == ItemState.SIGNOFF

    # 3. The signer sees the chain and signs; the item is published with its 索引号.
    login(client, region.signer)
    response = client.get(reverse("backoffice:item_sign", args=[item.pk]))
    assert response.status_code == 200
    assert "当前环节" in text_of(response)
    response = client.post(reverse("backoffice:item_sign", args=[item.pk]), {"opinion": "同意"}, follow=True)
    item = Item.objects.get(pk=item.pk)
    assert item.state == ItemState.PUBLISHED
    assert item.index_number == f"{region.dept.unit_code}/{today.year}-00001"
    assert item.index_number in text_of(response)
    actions = set(AuditEvent.objects.filter(target_id=str(item.pk)).values_list("action", flat=True))
    assert {"item.created", "item.attachment_added", "item.submitted", "item.finding_decided"} <= actions
    assert {"item.review_pass", "item.signed", "item.published"} <= actions


def test_decision_without_javascript_redirects_back(client, region, make_item):
    """Without JavaScript: an unverified "已删除或遮盖" is refused with the reason and the way out;
    the mask button masks, rescans and records the decision."""
    item = make_item(state=ItemState.REVIEW, summary=f"联系人身份证号{ID_NUMBER}")
    login(client, region.reviewer)
    response = client.get(reverse("backoffice:item_review", args=[item.pk]))
    finding = response.context["findings"][0]
    assert finding["f"].field_label == "内容概述"
    masked = finding["f"].masked_as
    assert f"遮盖为 {masked}" in text_of(response)
    review_url = reverse("backoffice:item_review", args=[item.pk])
    response = client.post(
        reverse("backoffice:item_finding_decide", args=[item.pk]),
        {"fingerprint": finding["f"].fingerprint, "decision": "removed"},
        follow=True,
    )
    assert response.redirect_chain == [(review_url, 302)]
    assert "复查仍在内容概述中发现该居民身份证号码，不能记为“已删除或遮盖”" in text_of(response)
    assert not item.finding_decisions.exists()
    response = client.post(
        reverse("backoffice:item_finding_mask", args=[item.pk]),
        {"fingerprint": finding["f"].fingerprint},
        follow=True,
    )
    assert response.redirect_chain[0][0].startswith(review_url)
    assert "重新扫描确认该内容已不再出现" in text_of(response)
    assert Item.objects.get(pk=item.pk).summary == f"联系人身份证号{masked}"
    decision = item.finding_decisions.get()
    assert (decision.decision, decision.method) == ("removed", "masked")
    assert response.context["blocking"] == 0 and "已遮盖或删除（经重新扫描确认）" in text_of(response)


def test_unreadable_file_is_replaced_or_removed_in_the_review_screen(client, region, make_item):
    from gongkai.backoffice.tests.helpers import docx_file
    from gongkai.disclosure.models import Attachment
    from gongkai.disclosure.services import workflow

    item = make_item(state=ItemState.DRAFT)
    upload = docx_file("会议照片说明")
    workflow.add_attachment(actor=region.editor, item=item, data=upload.read(), filename="照片.docx")
    workflow.submit_item(actor=region.editor, item=item)
    Attachment.objects.filter(item=item).update(text_status="unreadable", text_problem="文件已加密")
    attachment = item.attachments.get()
    login(client, region.reviewer)
    response = client.get(reverse("backoffice:item_review", args=[item.pk]))
    page = text_of(response)
    assert "附件无法读取，须人工审查：文件已加密" in page
    assert response.context["findings"][0]["mask_form"] is None  # nothing to mask in it
    assert response.context["blocking"] == 1
    remove_url = reverse("backoffice:item_review_file_remove", args=[item.pk, attachment.pk])
    response = client.post(remove_url, {"reason": " "}, follow=True)
    assert "删除附件必须填写理由" in text_of(response) and item.attachments.exists()
    replace_url = reverse("backoffice:item_review_file_replace", args=[item.pk, attachment.pk])
    response = client.post(replace_url, {"file": docx_file("会议照片说明（文字版）")}, follow=True)
    assert "新文件已重新扫描" in text_of(response)
    assert response.context["blocking"] == 0
    assert not item.attachments.filter(pk=attachment.pk).exists()


def test_return_with_reason_shows_in_editors_inbox(client, region, make_item):
    item = make_item(state=ItemState.REVIEW, title="需要退回的通知")
    login(client, region.reviewer)
    response = client.post(
        reverse("backoffice:item_review", args=[item.pk]), {"conclusion": "return", "opinion": ""}
    )
    assert response.status_code == 200 and "必须填写审查意见" in text_of(response)
    client.post(
        reverse("backoffice:item_review", args=[item.pk]),
        {"conclusion": "return", "opinion": "请删除附件中的个人信息"},
    )
    assert Item.objects.get(pk=item.pk).state == ItemState.RETURNED
    response = login(client, region.editor).get(reverse("backoffice:inbox"))
    page = text_of(response)
    assert "需要退回的通知" in page and "请删除附件中的个人信息" in page
    assert response.context["counts"]["disclosure.returned"] == 1
    # …and in the editor itself.
    assert "请删除附件中的个人信息" in text_of(client.get(reverse("backoffice:item_edit", args=[item.pk])))


def test_signer_returns_with_reason(client, region, make_item):
    item = make_item(state=ItemState.SIGNOFF)
    login(client, region.signer)
    response = client.post(reverse("backoffice:item_return", args=[item.pk]), {"reason": "  "})
    assert Item.objects.get(pk=item.pk).state == ItemState.SIGNOFF
    response = client.post(reverse("backoffice:item_return", args=[item.pk]), {"reason": "请核对发文字号"})
    assert response.status_code == 302
    item = Item.objects.get(pk=item.pk)
    assert item.state == ItemState.RETURNED and item.return_reason == "请核对发文字号"


def test_exempt_item_is_filed_and_competent_authority_sees_it(client, region, make_item):
    item = make_item(
        disclosure_attribute="exempt",
        exemption_reason="third_party",
        exemption_explanation="涉及第三方商业秘密",
        title="不予公开的合同",
    )
    assert item.state == ItemState.PUBLISHED
    login(client, region.supervisor)
    response = client.get(reverse("backoffice:filings"))
    page = text_of(response)
    assert "不予公开的合同" in page and "第十五条" in page and "保护第三方合法权益" in page
    filing = item.filing
    response = client.post(reverse("backoffice:filing_acknowledge", args=[filing.pk]))
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.acknowledged_by == region.supervisor
    # The body sees its own filing but cannot acknowledge it.
    login(client, region.editor)
    assert "不予公开的合同" in text_of(client.get(reverse("backoffice:filings")))
    # An outsider sees nothing and cannot acknowledge.
    login(client, region.county_editor)
    assert "不予公开的合同" not in text_of(client.get(reverse("backoffice:filings")))
    assert client.post(reverse("backoffice:filing_acknowledge", args=[filing.pk])).status_code == 404


def test_correction_and_withdrawal(client, region, make_item):
    item = make_item()
    login(client, region.editor)
    response = client.get(reverse("backoffice:item_correct", args=[item.pk]))
    assert response.status_code == 200
    data = {
        "title": item.title,
        "document_number": "测教〔2026〕13号",
        "keywords": item.keywords,
        "summary": item.summary,
        "body": item.body,
        "validity": "valid",
        "effective_from": "",
        "validity_changed_on": "",
        "channels": ["website"],
        "note": "",
    }
    response = client.post(reverse("backoffice:item_correct", args=[item.pk]), data)
    assert response.status_code == 200 and "更正说明" in text_of(response)
    response = client.post(
        reverse("backoffice:item_correct", args=[item.pk]), {**data, "note": "发文字号有误"}
    )
    assert response.status_code == 302
    item = Item.objects.get(pk=item.pk)
    assert item.document_number == "测教〔2026〕13号" and item.revision == 2
    assert item.correction_note == "发文字号有误"
    page = text_of(client.get(reverse("backoffice:item", args=[item.pk])))
    assert "发文字号有误" in page

    # Only a signer withdraws; the editor is refused.
    assert client.get(reverse("backoffice:item_withdraw", args=[item.pk])).status_code == 403
    login(client, region.signer)
    response = client.post(reverse("backoffice:item_withdraw", args=[item.pk]), {"reason": ""})
    assert response.status_code == 200
    response = client.post(reverse("backoffice:item_withdraw", args=[item.pk]), {"reason": "政策已调整"})
    assert response.status_code == 302
    item = Item.objects.get(pk=item.pk)
    assert item.state == ItemState.WITHDRAWN and item.index_number  # keeps its 索引号
    assert "政策已调整" in text_of(client.get(reverse("backoffice:item", args=[item.pk])))
