"""A letter of a request as PDF on the staff screens, beside its DOCX: the same door (the staff who
may read the applicant's data, ``policy.READ_LETTER``; the reading recorded) and the same headers
(private, no-store), reused from the DOCX route of ``requests``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

from gongkai.core.pdf import PDF_TYPE
from gongkai.foi.staff.views.requests import _private, _readable_letter


@login_required
def request_letter_pdf(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponseBase:
    from gongkai.foi.letter_pdf import letter_pdf_filename, render_pdf

    letter = _readable_letter(request, pk, letter_pk, "pdf")
    response = HttpResponse(render_pdf(letter), content_type=PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, letter_pdf_filename(letter))
    return _private(response)
