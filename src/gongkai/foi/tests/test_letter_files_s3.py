"""Files sent with a letter, in an S3-compatible object store (issue 13 §4), against the real
SeaweedFS of ``core/tests/seaweedfs.py``: the letter service stores the file in the bucket, and it
is streamed only to staff who may read it and to the holder of the request (第三十七条 keeps other
people's data out of it; the portal's look-up decides who holds the request)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.backoffice.tests.helpers import docx_file
from gongkai.core.tests.seaweedfs import Bucket
from gongkai.foi.models import InfoRequest
from gongkai.foi.tests.conftest import ISSUED, RECEIVED, reply_letter
from gongkai.testing import application, login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("s3")]


def test_letter_file_is_in_the_bucket_and_reaches_only_staff_and_the_holder(
    client: Any, foi: Any, clock: Any, s3_storage: Bucket
) -> None:
    from gongkai.foi.services.intake import register

    clock.set(RECEIVED)
    request, code = register(
        foi.office, actor=foi.office_handler, data=application(), channel="in_person", submitted_on=RECEIVED
    )
    assert isinstance(request, InfoRequest)
    clock.set(ISSUED)
    upload = docx_file("2025年招生计划", name="招生计划.docx")
    data = upload.read()
    upload.seek(0)
    letter = reply_letter(request, foi, upload, mask_attachments=False)
    attachment = letter.attachments.get()
    assert s3_storage.listed() == [attachment.file.name]
    assert s3_storage.read(attachment.file.name) == data

    staff = login_verified(client, foi.office_handler).get(
        reverse("backoffice:request_letter_file", args=[request.pk, letter.pk, attachment.pk])
    )
    assert staff.status_code == 200 and b"".join(staff.streaming_content) == data

    public_url = reverse("portal:request_letter_file", args=[request.registration_number, attachment.pk])
    stranger = Client()
    refused = stranger.get(public_url)
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("portal:request_lookup"))

    holder = Client()
    looked_up = holder.post(
        reverse("portal:request_lookup"), {"registration_number": request.registration_number, "code": code}
    )
    assert looked_up.status_code == 302
    served = holder.get(public_url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == data
    assert served["Content-Length"] == str(len(data))
