"""更正 with attachments: a leak in a published file is fixed without withdrawing the item (issue 8).

The published DOCX holds an ID number (published before the secrecy review was verified); the
correction replaces it: the old file is no longer served, the search index no longer finds the
number, the change is in the revision and in the public correction note. A correction that would
publish a high finding is refused and changes nothing.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.disclosure.models import Item
from gongkai.disclosure.services import workflow
from gongkai.search.engine import SearchQuery
from gongkai.search.indexer import drain_outbox, search_public
from gongkai.secrecy.redaction import docx_text
from gongkai.secrecy.tests.files import ID_DIGITS, ID_X, docx_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaked(region, make_item) -> Item:
    """A published item whose attachment holds an ID number, indexed for search."""
    item = make_item(state="draft", title="2026年乡村教师生活补助发放名单公示")
    workflow.add_attachment(
        actor=region.editor, item=item, data=docx_with(f"张三，身份证号 {ID_X}。"), filename="名单.docx"
    )
    workflow.add_attachment(actor=region.editor, item=item, data=docx_with("发放说明"), filename="说明.docx")
    workflow.submit_item(actor=region.editor, item=item)
    for f in workflow.scan_item(item):
        if f.blocks:  # the breach: a reviewer let it through
            workflow.decide_finding(
                actor=region.reviewer,
                item=item,
                fingerprint=f.fingerprint,
                decision="not_secret",
                note="误判",
            )
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    workflow.sign_item(actor=region.signer, item=item)
    drain_outbox()
    assert search_public(SearchQuery(text=ID_X)).total == 1
    return Item.objects.get(pk=item.pk)


def test_replacing_a_published_file_stops_serving_the_old_one(client, region, leaked):
    old = leaked.attachments.get(original_name="名单.docx")
    old_url = reverse("portal:attachment", args=[leaked.pk, old.pk])
    assert client.get(old_url).status_code == 200
    workflow.correct_item(
        actor=region.editor,
        item=leaked,
        fields={},
        note="附件中含有个人身份信息，已遮盖",
        replace_attachments={old.pk: ("名单.docx", docx_with(f"张三，身份证号 {'1101**********002X'}。"))},
    )
    drain_outbox()
    assert search_public(SearchQuery(text=ID_X)).total == 0
    assert client.get(old_url).status_code == 404
    new = leaked.attachments.get(original_name="名单.docx")
    assert new.position == old.position
    response = client.get(reverse("portal:attachment", args=[leaked.pk, new.pk]))
    assert ID_X not in docx_text(b"".join(response.streaming_content))
    leaked.refresh_from_db()
    assert leaked.revision == 2
    assert (
        leaked.correction_note == "附件中含有个人身份信息，已遮盖（附件《名单.docx》已替换为《名单.docx》。）"
    )
    revision = leaked.revisions.get(number=2)
    assert revision.snapshot["attachment_changes"] == ["附件《名单.docx》已替换为《名单.docx》"]
    assert [a["sha256"] for a in revision.snapshot["attachments"]] == [
        new.sha256,
        *[a.sha256 for a in leaked.attachments.exclude(pk=new.pk)],
    ]
    assert leaked.revisions.get(number=1).snapshot["attachments"][0]["sha256"] == old.sha256
    page = client.get(reverse("portal:item", args=[leaked.pk])).content.decode()
    assert "已替换为《名单.docx》" in page
    event = AuditEvent.objects.get(action="item.corrected")
    assert event.data["attachments"] == ["附件《名单.docx》已替换为《名单.docx》"]


def test_removing_a_published_file(client, region, leaked):
    old = leaked.attachments.get(original_name="名单.docx")
    workflow.correct_item(
        actor=region.signer, item=leaked, fields={}, note="删除含个人信息的附件", remove_attachments=[old]
    )
    drain_outbox()
    assert search_public(SearchQuery(text=ID_X)).total == 0
    assert client.get(reverse("portal:attachment", args=[leaked.pk, old.pk])).status_code == 404
    assert list(leaked.attachments.values_list("original_name", flat=True)) == ["说明.docx"]
    assert "删除附件《名单.docx》" in Item.objects.get(pk=leaked.pk).correction_note


def test_a_correction_that_would_publish_a_high_finding_is_refused(client, region, leaked):
    other = leaked.attachments.get(original_name="说明.docx")
    with pytest.raises(ValidationError) as refused:
        workflow.correct_item(
            actor=region.editor,
            item=leaked,
            fields={"summary": "更正概述"},
            note="补充说明",
            replace_attachments={other.pk: ("说明.docx", docx_with(f"李四 {ID_DIGITS}"))},
        )
    message = refused.value.messages[0]
    assert "附件《说明.docx》中的居民身份证号码“3413**********1234”" in message
    assert ID_DIGITS not in message
    # Nothing changed: same files, same version, the old file still served.
    leaked = Item.objects.get(pk=leaked.pk)
    assert leaked.revision == 1 and leaked.summary != "更正概述"
    assert leaked.attachments.filter(pk=other.pk).exists()
    assert client.get(reverse("portal:attachment", args=[leaked.pk, other.pk])).status_code == 200


def test_adding_a_file_in_a_correction_and_foreign_files_refused(region, leaked, make_item):
    foreign = make_item(state="draft")
    workflow.add_attachment(actor=region.editor, item=foreign, data=docx_with("别的"), filename="x.docx")
    with pytest.raises(ValidationError, match="不属于这条信息"):
        workflow.correct_item(
            actor=region.editor,
            item=leaked,
            fields={},
            note="删除",
            remove_attachments=[foreign.attachments.get()],
        )
    workflow.correct_item(
        actor=region.editor,
        item=leaked,
        fields={},
        note="补充附件",
        add_attachments=[("补充.docx", docx_with("补充"))],
    )
    assert (
        list(leaked.attachments.order_by("position").values_list("original_name", flat=True))[-1]
        == "补充.docx"
    )


def test_the_correction_screen_replaces_a_file(client, region, leaked):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.backoffice.tests.helpers import login

    old = leaked.attachments.get(original_name="名单.docx")
    login(client, region.editor)
    url = reverse("backoffice:item_correct", args=[leaked.pk])
    page = client.get(url).content.decode()
    assert f'name="replace_{old.pk}"' in page and f'name="remove_{old.pk}"' in page
    form = {
        "title": leaked.title,
        "document_number": leaked.document_number,
        "keywords": leaked.keywords,
        "summary": leaked.summary,
        "body": leaked.body,
        "validity": leaked.validity,
        "channels": leaked.channels,
        "note": "附件含个人信息，已替换",
    }
    # A replacement that still holds a number is refused on the form; nothing changes.
    leaking = SimpleUploadedFile("名单.docx", docx_with(f"张三 {ID_DIGITS}"))
    response = client.post(url, {**form, f"replace_{old.pk}": leaking})
    assert response.status_code == 200
    assert "更正后的内容含有高风险扫描结果" in response.content.decode()
    assert leaked.attachments.filter(pk=old.pk).exists()
    masked = SimpleUploadedFile("名单.docx", docx_with("张三 1101**********002X"))
    response = client.post(url, {**form, f"replace_{old.pk}": masked})
    assert response.status_code == 302
    assert not leaked.attachments.filter(pk=old.pk).exists()
    assert Item.objects.get(pk=leaked.pk).revision == 2
