"""Commission pages (约稿, docs/SPEC.md §8). First version: placeholders so other parts can link."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def commission_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("约稿")


@login_required
def commission_new(request: HttpRequest) -> HttpResponse:
    return HttpResponse("新建约稿")


@login_required
def commission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("约稿")


@login_required
def commission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("修改约稿")


@login_required
def commission_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("发布约稿")
