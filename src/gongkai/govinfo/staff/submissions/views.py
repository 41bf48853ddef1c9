"""Back-office pages of the submissions (信息报送, docs/SPEC.md §8)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    raise Http404


submission_new = submission_list
signing_list = submission_list


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


submission_edit = submission_detail
submission_send = submission_detail
submission_sign = submission_detail
submission_withdraw = submission_detail


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    raise Http404


attachment_remove = attachment_download
