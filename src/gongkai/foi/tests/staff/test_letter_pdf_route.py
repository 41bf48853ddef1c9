"""A letter as PDF on the staff screens: the door of its DOCX (policy.READ_LETTER), private."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login
from gongkai.foi.tests.conftest import reply_letter

pytestmark = pytest.mark.django_db


def test_the_letter_pdf_goes_through_the_docx_policy(client, request_, foi):
    letter = reply_letter(request_, foi)
    url = reverse("backoffice:request_letter_pdf", args=[request_.pk, letter.pk])
    login(client, foi.office_handler)
    detail = client.get(reverse("backoffice:request_detail", args=[request_.pk])).content.decode()
    assert f'href="{url}"' in detail
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    events = AuditEvent.objects.filter(action="request.personal_data_viewed", actor=foi.office_handler)
    event = events.latest("id")
    assert event.data == {"letter": letter.number, "as": "pdf"}
    # Who may not read the DOCX may not read the PDF either.
    for user in (foi.supervisor, foi.county_handler):
        login(client, user)
        docx = client.get(reverse("backoffice:request_letter_docx", args=[request_.pk, letter.pk]))
        assert docx.status_code in (403, 404)
        assert client.get(url).status_code == docx.status_code
