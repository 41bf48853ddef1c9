"""Public attachments: served as the kind detected in their bytes (audit 4.6), and the text read
from scans found by search like any other text (issue 8, §3: "The extracted text feeds search")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.tests.documents import NOTICE_ID, need_tools, ocr_notice, polyglot_png_html, scanned_pdf

pytestmark = pytest.mark.django_db


def publish_with_file(make_item, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    """A published item with one attachment (its secrecy findings decided on the way)."""
    return make_item(
        title="关于公布教师招聘拟录用人员名单的公告", body="<p>见附件。</p>", files=[(filename, data)]
    )


def test_polyglot_is_served_as_a_png_never_as_html(client, region, make_item):
    item = publish_with_file(make_item, polyglot_png_html(), "evil.html")
    attachment = item.attachments.get()
    response = client.get(reverse("portal:attachment", args=[item.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="evil.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]

    data = client.get(f"/api/v1/items/{item.pk}").json()
    assert [a["name"] for a in data["attachments"]] == ["evil.png"]
    assert "evil.html" not in client.get(reverse("portal:item", args=[item.pk])).content.decode()


def test_text_recognized_in_a_scan_is_found_by_search(client, region, make_item, index):
    need_tools("tesseract")
    item = publish_with_file(make_item, scanned_pdf(ocr_notice()), "电话.pdf")
    index()
    # "0557-3021234" is only in the scanned page, not in the item's title or body.
    html = client.get(reverse("portal:search"), {"q": "3021234"}).content.decode()
    assert f"/items/{item.pk}/" in html
    assert NOTICE_ID in item.attachments.get().text
