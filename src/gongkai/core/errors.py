"""Error pages: 403 and 404 in the look of the part of the site the visitor was in.

A path under ``/staff/`` gets the back office's layout with a way back to 我的工作; any other path
the portal's layout with a way back to the home page. The templates are rendered by Django's own
error views (``django.views.defaults``), so what they do on failure stays Django's: a 404 or 403
template that fails is a 500. That is why the layouts they extend must render when
``request.resolver_match`` is None (an unknown URL matched no route).

400.html is left to Django's own view, which renders it without the request (it can be a bad
Host header, and anything that builds a URL from the request would fail again); 500.html is a
static page: an error page must not depend on anything that can fail.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import defaults

#: The back office's mount point (gongkai/urls.py).
STAFF_PREFIX = "/staff/"


def _in_back_office(request: HttpRequest) -> bool:
    return request.path_info.startswith(STAFF_PREFIX)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    template = "backoffice/404.html" if _in_back_office(request) else "404.html"
    return defaults.page_not_found(request, exception, template_name=template)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    template = "backoffice/403.html" if _in_back_office(request) else "403.html"
    return defaults.permission_denied(request, exception, template_name=template)
