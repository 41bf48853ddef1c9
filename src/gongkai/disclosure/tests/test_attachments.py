"""Attachments as stored: the text read (or recognized, or not readable, with the reason) for the
secrecy scan and search (issue 8, §3); ZIP bombs and over-long readings refused (audit 4.2); the
stored and served name of the detected kind (audit 4.6)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.backoffice.tests.helpers import login
from gongkai.core.files import extract
from gongkai.core.files.extract import Tools
from gongkai.core.tests.documents import (
    NOTICE_ID,
    docx_bytes,
    need_tools,
    ocr_notice,
    polyglot_png_html,
    scanned_pdf,
    zip_bomb_docx,
)
from gongkai.core.tests.legacy_office import biff8, word97
from gongkai.disclosure.models import TextStatus
from gongkai.disclosure.services import content, workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_tools(monkeypatch):  # type: ignore[no-untyped-def]
    """A machine without tesseract and antiword."""
    monkeypatch.setattr(extract, "find_tools", lambda: Tools(tesseract=None, antiword=None))


@pytest.fixture
def draft(make_item):  # type: ignore[no-untyped-def]
    return make_item(state="draft", title="关于公布名单的公告")


def test_scanned_pdf_is_stored_with_its_recognized_text(region, draft):
    need_tools("tesseract")
    attachment = workflow.add_attachment(
        actor=region.editor, item=draft, data=scanned_pdf(ocr_notice()), filename="名单（扫描件）.pdf"
    )
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.OCR and attachment.text_problem == ""
    assert NOTICE_ID in attachment.text


def test_image_on_a_machine_without_ocr_is_stored_unreadable_with_the_reason(region, draft, no_tools):
    attachment = workflow.add_attachment(
        actor=region.editor, item=draft, data=ocr_notice(), filename="名单.png"
    )
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.UNREADABLE and attachment.text == ""
    assert attachment.text_problem.startswith("本机未安装文字识别组件")


def test_doc_and_xls_are_stored_with_their_text(region, draft):
    need_tools("antiword")
    doc = workflow.add_attachment(
        actor=region.editor, item=draft, data=word97([f"张三 {NOTICE_ID}"]), filename="名单.doc"
    )
    xls = workflow.add_attachment(
        actor=region.editor, item=draft, data=biff8("名单", [["张三", NOTICE_ID]]), filename="名单.xls"
    )
    for attachment in (doc, xls):
        attachment.refresh_from_db()
        assert attachment.text_status == TextStatus.READ and NOTICE_ID in attachment.text


def test_zip_bomb_is_refused_at_once_and_never_opened(monkeypatch):
    """The audit's 730 KB DOCX: refused from its directory alone; no reading process is started
    (peak memory of the whole check is measured in benchmarks/bench_uploads.py)."""

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a ZIP bomb reached the reader")

    monkeypatch.setattr(extract, "extract_text", never)
    with pytest.raises(ValidationError) as refused:
        content.check_upload(zip_bomb_docx(300), "工作总结.docx")
    assert refused.value.messages == ["附件“工作总结.docx”解压后超过 200 MB，疑似压缩炸弹，已拒收。"]


def test_reading_past_the_time_limit_refuses_the_upload(settings, no_tools):
    settings.GONGKAI = {**settings.GONGKAI, "ATTACHMENT_READ_SECONDS": 0.05}
    with pytest.raises(ValidationError) as refused:
        content.check_upload(scanned_pdf(ocr_notice()), "扫描件.pdf")
    (message,) = refused.value.messages
    assert message.startswith("附件“扫描件.pdf”在 0 秒内未能读完") and "已拒收" in message


def test_a_file_checked_twice_is_read_once(monkeypatch, no_tools):
    """The editor's form and the service both check an upload; OCR must not run twice."""
    calls = []
    real = extract.extract_text

    def counting(*args: object, **kwargs: object) -> extract.Extraction:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract, "extract_text", counting)
    data = scanned_pdf(ocr_notice()) + b"% once\n"
    first = content.check_upload(data, "a.pdf")
    second = content.check_upload(data, "b.pdf")
    assert len(calls) == 1 and first.text_status == second.text_status == TextStatus.UNREADABLE


def test_polyglot_is_stored_and_served_as_what_it_is(client, region, draft):
    """Audit 4.6: a PNG-signed HTML file was stored and served as ``evil.html``."""
    data = polyglot_png_html()
    attachment = workflow.add_attachment(actor=region.editor, item=draft, data=data, filename="evil.html")
    attachment.refresh_from_db()
    sha = hashlib.sha256(data).hexdigest()
    assert attachment.kind == "png" and attachment.content_type == "image/png"
    assert attachment.original_name == "evil.png"
    assert attachment.file.name == f"attachments/{sha[:2]}/{sha}.png"

    response = login(client, region.editor).get(
        reverse("backoffice:item_attachment", args=[draft.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="evil.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == data


def test_rows_stored_before_the_fix_are_served_with_the_detected_extension(client, region, draft):
    attachment = workflow.add_attachment(
        actor=region.editor, item=draft, data=polyglot_png_html(), filename="evil.html"
    )
    type(attachment).objects.filter(pk=attachment.pk).update(original_name="旧文件.html")
    response = login(client, region.editor).get(
        reverse("backoffice:item_attachment", args=[draft.pk, attachment.pk])
    )
    assert "filename*=utf-8''%E6%97%A7%E6%96%87%E4%BB%B6.png" in response["Content-Disposition"]
    assert ".html" not in response["Content-Disposition"]


def test_files_uploaded_before_reading_are_marked_unreadable_by_the_upgrade(region, draft):
    """Migration 0010: a stored empty text (or a DOC, XLS or image, which were never read)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("gongkai.disclosure.migrations.0010_attachments_read_before_ocr")
    data = docx_bytes("正文")
    old_doc = workflow.add_attachment(actor=region.editor, item=draft, data=data, filename="旧.docx")
    read = workflow.add_attachment(
        actor=region.editor, item=draft, data=docx_bytes("有文字"), filename="新.docx"
    )
    type(old_doc).objects.filter(pk=old_doc.pk).update(text="", text_status=TextStatus.READ)
    migration.mark_unread(apps, None)
    old_doc.refresh_from_db()
    read.refresh_from_db()
    assert (
        old_doc.text_status == TextStatus.UNREADABLE and "gongkai attachments reread" in old_doc.text_problem
    )
    assert read.text_status == TextStatus.READ


def test_reread_once_tesseract_is_installed(region, draft, monkeypatch):
    from click.testing import CliRunner

    from gongkai.audit.models import AuditEvent
    from gongkai.cli import main

    need_tools("tesseract")
    real = extract.find_tools
    monkeypatch.setattr(extract, "find_tools", lambda: Tools(tesseract=None, antiword=None))
    attachment = workflow.add_attachment(
        actor=region.editor, item=draft, data=ocr_notice(), filename="名单.png"
    )
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.UNREADABLE
    monkeypatch.setattr(extract, "find_tools", real)  # tesseract installed
    result = CliRunner().invoke(main, ["attachments", "reread"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "已重新读取 1 个附件：1 个已读取，0 个仍无法读取" in result.output
    attachment.refresh_from_db()
    assert attachment.text_status == TextStatus.OCR and NOTICE_ID in attachment.text
    assert AuditEvent.objects.get(action="attachments.reread").data["now_read"] == 1


def test_only_system_administrators_reread(region):
    from django.core.exceptions import PermissionDenied

    from gongkai.disclosure.services.reread import reread_attachments

    with pytest.raises(PermissionDenied):
        reread_attachments(actor=region.editor)


def test_editor_says_which_file_cannot_be_read_and_why(client, region, draft, no_tools):
    workflow.add_attachment(actor=region.editor, item=draft, data=ocr_notice(), filename="名单.png")
    page = login(client, region.editor).get(reverse("backoffice:item_edit", args=[draft.pk])).content.decode()
    assert "无法读取" in page and "本机未安装文字识别组件" in page and "须由保密审查员人工审查" in page
