"""Letters and annual reports as PDF on the portal, beside their DOCX (issue 11; docs/SPEC.md §4.5, §6).

Each route goes through the same door as its DOCX, reused rather than copied:

* a letter (``requests/<登记编号>/letters/<id>.pdf``) only against the applicant's look-up grant
  (``requests._held_letter``: without a grant, back to the look-up page; a letter not sent to the
  applicant, 404), private to the visitor (``private_page``: no-store, noindex);
* an annual report (``<slug>/reports/<year>.pdf``) only when published, of an active body
  (``reports.get_published_report``: any other state is 404), downloaded like the DOCX (HTTP caches
  may keep it 60 s; never in the page cache).

The PDF files embed their Chinese font (``core.pdf``), so they print the same anywhere.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.pdf import PDF_TYPE
from gongkai.portal.views.reports import _file, get_published_report
from gongkai.portal.views.requests import _held_letter, _to_lookup, private_page


@private_page
@require_http_methods(["GET", "HEAD"])
def request_letter_pdf(request: HttpRequest, registration_number: str, letter_id: int) -> HttpResponseBase:
    """A letter sent to the applicant, as PDF, to the holder of the request's look-up grant only."""
    from gongkai.foi.letter_pdf import letter_pdf_filename, render_pdf

    letter = _held_letter(request, registration_number, letter_id)
    if letter is None:
        return _to_lookup(registration_number)
    response = HttpResponse(render_pdf(letter), content_type=PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, letter_pdf_filename(letter))
    return response


@require_safe
def annual_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponseBase:
    """A published annual report as PDF (条例 第四十九条, 第五十条)."""
    from gongkai.reports.pdf import report_pdf, report_pdf_filename

    _body, report = get_published_report(slug, year)
    return _file(report_pdf(report), report_pdf_filename(report), PDF_TYPE)


urlpatterns: list[URLPattern] = [
    path(
        "requests/<registration:registration_number>/letters/<id:letter_id>.pdf",
        request_letter_pdf,
        name="request_letter_pdf",
    ),
    path("<slug:slug>/reports/<year:year>.pdf", annual_report_pdf, name="annual_report_pdf"),
]
