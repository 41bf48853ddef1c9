"""URL map of the portal role (``GONGKAI_ROLE=portal``, ``gongkai serve --role portal``): the public
portal with its search, the public API and the intake forms (requests, comments, messages, ratings)
— and nothing else. No /staff/, no /admin/, no sign-in, no staff API; none of the pages that read
what only the staff side holds: an applicant's own request pages (look-up, 补正, letters) and the
民主评议 questionnaire (its access codes are issued on the staff side). It adds the pages only a
portal host serves (``PORTAL_HOST_ROUTES``): the look-up of a request filed there, answered from the
status projection the staff side sends (``statuses``).

The routes are the embedded site's own (``gongkai.urls``), filtered by name, so the two can never
drift apart; ``portalsync/tests/test_portal_role.py`` walks the resolver and proves what is absent.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from gongkai.api import urls as api_urls
from gongkai.portal import urls as portal_urls
from gongkai.portalsync import views

#: Portal routes that read data only the staff side holds (the applicant's own pages).
STAFF_DATA_ROUTES = frozenset(
    {
        "request_lookup",
        "request_status",
        "request_end",
        "request_correction",
        "request_letter_docx",
        "request_letter_print",
        "request_letter_file",
        "request_letter_pdf",
        "surveys",
        "survey",
        "survey_results",
    }
)
#: Pages only a portal host serves (the look-up of a request filed there, from the status projection).
PORTAL_HOST_ROUTES = [
    path("requests/track/", views.request_track, name="request_track"),
]
#: API operations for staff (personal tokens, the back-office session).
STAFF_API_PREFIXES = ("govinfo",)


def _public(patterns: list[Any]) -> list[URLPattern | URLResolver]:
    out: list[URLPattern | URLResolver] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            kept = _public(p.url_patterns)
            if kept:
                out.append(URLResolver(p.pattern, kept, p.default_kwargs, p.app_name, p.namespace))
        elif p.name not in STAFF_DATA_ROUTES:
            out.append(p)
    return out


def _public_api(patterns: list[Any]) -> list[URLPattern | URLResolver]:
    return [p for p in patterns if not str(p.pattern).startswith(STAFF_API_PREFIXES)]


urlpatterns = [
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/v1/", include((_public_api(api_urls.urlpatterns), "api"))),
    path("", include(([*PORTAL_HOST_ROUTES, *_public(portal_urls.urlpatterns)], "portal"))),
]


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.page_not_found(request, exception, template_name="404.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.permission_denied(request, exception, template_name="403.html")


handler403 = "gongkai.portalsync.urls.permission_denied"
handler404 = "gongkai.portalsync.urls.page_not_found"
