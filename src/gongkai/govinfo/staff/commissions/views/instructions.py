"""Instruction pages (领导批示 and 落实反馈, docs/SPEC.md §8). First version: placeholders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def instruction_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("领导批示")


@login_required
def instruction_new(request: HttpRequest) -> HttpResponse:
    return HttpResponse("新增批示")


@login_required
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("批示")


@login_required
def followup_new(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("落实任务")


@login_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("落实反馈")


@login_required
def followup_report(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("反馈")


@login_required
def followup_close(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("办结")
