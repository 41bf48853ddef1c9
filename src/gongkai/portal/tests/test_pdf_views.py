"""Letters and annual reports as PDF on the portal (issue 11 item 7): the letter only against the
applicant's look-up grant (as its DOCX), the report only when published (as its DOCX)."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.urls import resolve, reverse

from gongkai.core.pdf import FONT_FAMILY
from gongkai.portal.tests.test_annual_reports import UNPUBLISHED, reports  # noqa: F401 (fixture)
from gongkai.portal.tests.test_requests_public import (  # noqa: F401 (fixtures)
    _letter,
    client_factory,
    monday,
    status_url,
    submit,
)
from gongkai.reports.models import ReportState

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    assert str(font["/BaseFont"]).endswith("+" + FONT_FAMILY)
    return squeeze("".join(page.extract_text() for page in reader.pages))


def test_a_letter_as_pdf_for_the_holder_of_the_grant_only(client, client_factory, region, monday):  # noqa: F811
    info, _code = submit(client, region)
    sent = _letter(info, "延期答复告知书")
    internal = _letter(info, "征求意见函（内部）", to_applicant=False)
    number = info.registration_number
    url = reverse("portal:request_letter_pdf", args=[number, sent.pk])
    assert url == f"/requests/{number}/letters/{sent.pk}.pdf"

    # Offered beside the DOCX on the look-up page.
    html = client.get(status_url(info)).content.decode()
    assert f'href="{url}"' in html and reverse("portal:request_letter_docx", args=[number, sent.pk]) in html

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store" and "noindex" in response["X-Robots-Tag"]
    text = pdf_text(response.content)
    assert "延期答复告知书正文：经本机关政府信息公开工作机构负责人同意，延长答复期限。" in text
    assert sent.number in text

    # A letter not sent to the applicant: not found, even by id.
    assert client.get(reverse("portal:request_letter_pdf", args=[number, internal.pk])).status_code == 404
    # Without the grant (another browser, or after 退出查询): back to the look-up page.
    stranger = client_factory().get(url)
    assert stranger.status_code == 302
    assert stranger["Location"] == reverse("portal:request_lookup") + f"?number={number}"
    client.post(reverse("portal:request_end", args=[number]))
    assert client.get(url).status_code == 302


def test_a_published_report_as_pdf(client, reports):  # noqa: F811
    url = reverse("portal:annual_report_pdf", args=["edu", 2025])
    assert url == "/edu/reports/2025.pdf" and resolve(url).url_name == "annual_report_pdf"
    for name, args in (("annual_report", ["edu", 2025]), ("body_annual_reports", ["edu"])):
        assert f'href="{url}"' in client.get(reverse(f"portal:{name}", args=args)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content))
    assert text.startswith("测试市教育局2025年政府信息公开工作年度报告")
    assert "一、本年新收政府信息公开申请数量205102129" in text


def test_an_unpublished_report_is_not_found(client, reports):  # noqa: F811
    assert set(UNPUBLISHED) == {s for s in ReportState.values if s != ReportState.PUBLISHED}
    for year in (2026, 2027, 2028, 2029, 2030, 1999):  # draft, submitted, returned, accepted, none
        response = client.get(reverse("portal:annual_report_pdf", args=["edu", year]))
        assert response.status_code == 404 and b"gkrpt" not in response.content
    for slug in ("county-finance", "nobody"):  # a body switched off, no body
        assert client.get(reverse("portal:annual_report_pdf", args=[slug, 2025])).status_code == 404
