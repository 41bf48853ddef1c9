"""Desk views (first routes; the screens follow)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def publication_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


@login_required
def publication_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
