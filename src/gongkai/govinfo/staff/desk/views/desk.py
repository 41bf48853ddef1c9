"""Desk views (first routes; the screens follow)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def desk_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_item(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_receive(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_return(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_reserve(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_adopt(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_forward(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def desk_merge(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
