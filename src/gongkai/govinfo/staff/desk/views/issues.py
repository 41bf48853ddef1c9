"""Desk views (first routes; the screens follow)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def issue_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_entry(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_move(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_remove(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_issue(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_archive(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_delete(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_docx(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def issue_print(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
