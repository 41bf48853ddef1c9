"""Requests carrying NUL are refused before any view sees them (400, in Chinese).

A NUL character (U+0000) has no use in an address, a query or a form field of this site, and
PostgreSQL refuses to store or compare text holding it (a ``DataError``, i.e. a 500, wherever raw
input reaches a query). Django's form fields refuse it already; this covers everything else — query
strings and form fields read directly by views, django-ninja's string parameters. It sits after
``UploadLimitMiddleware``, so a multipart body is parsed here (as the CSRF check would parse it)
only once its size is known to be allowed; file contents are not looked at. Found by the URL walk
(tests/test_url_walk.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.response import HttpResponseBase

MESSAGE = "请求中含有不允许的空字符（NUL），无法处理。请检查地址或填写的内容。"


def _any_nul(params: Any) -> bool:
    # dict.items: the raw lists of a QueryDict, without going through its own accessors.
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in dict.items(params))


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info or _any_nul(request.GET):
        return True
    return (
        request.method == "POST"
        and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        and _any_nul(request.POST)
    )


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _has_nul(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": MESSAGE, "errors": []}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return _page(MESSAGE)
        return self.get_response(request)


def _page(message: str) -> HttpResponse:
    # The 400 page renders without the request (see core/errors.py); the message replaces its text.
    from django.template.loader import render_to_string

    html = render_to_string("400.html", {"message": message})
    return HttpResponseBadRequest(html)
