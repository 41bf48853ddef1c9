"""信息统计 views (first routes; the screens follow)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def dashboard(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


office_dashboard = office_submissions = points_detail = office_xlsx = dashboard
unit_dashboard = unit_submissions = unit_xlsx = dashboard
