"""Files sent with a letter: what cannot be read cannot be checked for other people's data
(第三十七条), uploads past the limit are refused (audit 4.3), and files keep the name and type of
their detected kind (audit 4.6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.files import extract
from gongkai.core.files.extract import Tools
from gongkai.core.files.uploads import RefusedUpload
from gongkai.core.tests.documents import ocr_notice, polyglot_png_html
from gongkai.foi.models import InfoRequest, Letter
from gongkai.foi.tests.conftest import reply_letter
from gongkai.testing import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "find_tools", lambda: Tools(tesseract=None, antiword=None))


def test_unreadable_file_for_the_applicant_is_refused_unless_staff_checked_it(
    request_: InfoRequest, foi: Any, no_tools: None
) -> None:
    scan = SimpleUploadedFile("名单（扫描件）.png", ocr_notice())
    with pytest.raises(ValidationError) as refused:
        reply_letter(request_, foi, scan)
    message = refused.value.message_dict["attachments"][0]
    assert message.startswith("附件《名单（扫描件）.png》的文字无法读取（本机未安装文字识别组件")
    assert "第三十七条" in message
    assert not Letter.objects.exists()
    # Staff confirm by hand that nothing must be masked ("不作遮盖"): the file goes out.
    assert reply_letter(request_, foi, scan, mask_attachments=False).attachments.count() == 1


def test_file_refused_while_streaming_is_a_letter_error(request_: InfoRequest, foi: Any) -> None:
    too_large = RefusedUpload("全部档案.pdf", "application/pdf", received=60 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        reply_letter(request_, foi, too_large)
    assert refused.value.message_dict["attachments"] == ["附件“全部档案.pdf”超过 50 MB 的上限，已拒收。"]


def test_letter_file_keeps_the_detected_kind(client: Any, request_: InfoRequest, foi: Any) -> None:
    letter = reply_letter(
        request_, foi, SimpleUploadedFile("evil.html", polyglot_png_html()), mask_attachments=False
    )
    attachment = letter.attachments.get()
    assert attachment.name == "evil.png" and attachment.file.name.endswith(".png")
    response = login_verified(client, foi.office_handler).get(
        reverse("backoffice:request_letter_file", args=[request_.pk, letter.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="evil.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
