"""An annual report as PDF on the staff screens (a preview in any state, as the DOCX): the same
door (``policy.visible_reports``) and the same private download, reused from ``reports``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from gongkai.core.pdf import PDF_TYPE
from gongkai.reports.staff.views.reports import _download, _visible_report_or_404


@login_required
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    from gongkai.reports.pdf import report_pdf as render_pdf
    from gongkai.reports.pdf import report_pdf_filename

    report = _visible_report_or_404(request.user, pk)
    return _download(render_pdf(report), report_pdf_filename(report), PDF_TYPE)
