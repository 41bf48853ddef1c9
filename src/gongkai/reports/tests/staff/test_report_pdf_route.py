"""An annual report as PDF on the staff screens: a preview in any state for who may see the report
(policy.visible_reports, as its DOCX), private."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.backoffice.tests.helpers import login
from gongkai.reports.models import ReportState
from gongkai.reports.tests.samples import make_report

pytestmark = pytest.mark.django_db


def test_the_report_pdf_goes_through_the_docx_policy(client, region):
    report = make_report(region.dept, 2025, state=ReportState.SUBMITTED)
    url = reverse("backoffice:report_pdf", args=[report.pk])
    login(client, region.head)
    assert f'href="{url}"' in client.get(reverse("backoffice:report", args=[report.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    login(client, region.outsider)
    assert client.get(reverse("backoffice:report_download", args=[report.pk, "docx"])).status_code == 404
    assert client.get(url).status_code == 404
