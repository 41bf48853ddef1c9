"""The upload limit applied while the request streams in (security audit 4.3: a 60 MB file was
read whole before its size was checked). ``gongkai.core.files.uploads``."""

from __future__ import annotations

import io
import os
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.backoffice.tests.helpers import editor_post, login, text_of
from gongkai.core.files.uploads import LimitedUploadHandler, RefusedUpload, read_upload
from gongkai.core.samplefiles import make_pdf
from gongkai.disclosure.models import Attachment, Item

MB = 1024 * 1024


@pytest.fixture
def limit_1mb(settings):  # type: ignore[no-untyped-def]
    settings.GONGKAI = {**settings.GONGKAI, "ATTACHMENT_MAX_BYTES": MB}
    return MB


class UnreadableBody(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body of a refused upload was read")

    readline = read


def _big_pdf(size: int) -> bytes:
    pdf = make_pdf(["大文件"])
    return pdf + b"%" + b"0" * (size - len(pdf) - 1)


@pytest.mark.django_db
def test_upload_declared_larger_than_the_limit_is_refused_before_the_body_is_read(client, region):
    login(client, region.editor)
    declared = 60 * MB  # the audit's 60 MB file
    response = client.post(
        reverse("backoffice:item_new"),
        data={"title": "x"},
        CONTENT_LENGTH=str(declared),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "上传的文件过大" in page and "60.0 MB" in page and "不能超过 50 MB" in page


@pytest.mark.django_db
def test_ordinary_posts_pass_the_upload_gate(client, region, today):
    login(client, region.editor)
    data = editor_post(region.column, date_formed=today.isoformat())
    response = client.post(reverse("backoffice:item_new") + f"?org={region.dept.pk}", data)
    assert response.status_code == 302 and Item.objects.count() == 1


@pytest.mark.django_db
def test_file_past_the_limit_is_a_form_error_and_the_typed_form_is_kept(client, region, today, limit_1mb):
    """1.5 MB against a 1 MB limit: the request (within limit + form) arrives, the handler stops
    keeping the file at 1 MB, and the editor says why; nothing is saved, nothing typed is lost."""
    login(client, region.editor)
    data = editor_post(region.column, date_formed=today.isoformat(), keywords="保留的主题词")
    data["attachments"] = [SimpleUploadedFile("年度预算.pdf", _big_pdf(MB + MB // 2), "application/pdf")]
    response = client.post(reverse("backoffice:item_new") + f"?org={region.dept.pk}", data)
    assert response.status_code == 200
    assert not Item.objects.exists() and not Attachment.objects.exists()
    errors = response.context["form"].errors["attachments"]
    assert "附件“年度预算.pdf”超过 1 MB 的上限，已拒收。" in errors
    assert "附件“年度预算.pdf”超过 1 MB 的上限，已拒收。" in text_of(response)
    assert "保留的主题词" in response.content.decode()


def test_handler_stops_writing_a_file_at_the_limit(settings, limit_1mb):
    handler = LimitedUploadHandler()
    handler.new_file("attachments", "大文件.pdf", "application/pdf", None)
    temporary = handler.file.temporary_file_path()
    chunk = b"0" * (64 * 1024)
    for start in range(0, 2 * MB, len(chunk)):
        assert handler.receive_data_chunk(chunk, start) is None
        if os.path.exists(temporary):
            assert os.path.getsize(temporary) <= MB
    assert not os.path.exists(temporary)  # the partial file is gone, not left on disk
    refused = handler.file_complete(2 * MB)
    assert isinstance(refused, RefusedUpload)
    assert refused.size == 2 * MB
    for read in (refused.read, lambda: b"".join(refused.chunks())):  # a form reading it directly
        with pytest.raises(ValidationError, match="超过 1 MB 的上限"):
            read()
    with pytest.raises(ValidationError, match=re.escape("附件“大文件.pdf”超过 1 MB 的上限，已拒收。")):
        read_upload(refused)


def test_handler_keeps_a_file_within_the_limit_on_disk(limit_1mb):
    handler = LimitedUploadHandler()
    handler.new_file("attachments", "小文件.pdf", "application/pdf", None)
    handler.receive_data_chunk(b"%PDF-1.4 small", 0)
    upload = handler.file_complete(14)
    assert upload is not None and upload.temporary_file_path()  # on disk, not in memory
    assert read_upload(upload) == b"%PDF-1.4 small"


def test_read_upload_never_reads_past_the_limit(limit_1mb):
    """Without the handler (a service called directly) the limit still holds, with the size."""
    big = SimpleUploadedFile("大.pdf", b"0" * (MB + 10))
    with pytest.raises(ValidationError, match=re.escape("附件“大.pdf”大小为 1.0 MB，超过 1 MB 的上限")):
        read_upload(big)
    assert read_upload(SimpleUploadedFile("小.pdf", b"12345")) == b"12345"
