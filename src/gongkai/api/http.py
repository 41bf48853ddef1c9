"""What every public API response carries, and the offline API docs page.

* CORS: the public catalog is open data, so any origin may read it (GET only, no credentials).
* Caching: GET answers are ``public, max-age=60``; a change reaches clients within a minute.
* Language: labels are always Chinese, whatever the visitor's language cookie says, so that a
  cached answer is the same for everybody.
* Docs: the deployment has no internet, so the Swagger UI page is served with the swagger-ui
  assets that django-ninja ships inside its package, through :func:`docs_asset` (``ninja`` is not
  in ``INSTALLED_APPS``, so neither its templates nor its static files are found otherwise).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

from gongkai.core.siteurl import absolute_url

if TYPE_CHECKING:
    from ninja import NinjaAPI

API_LANGUAGE = "zh-hans"
CACHE_SECONDS = 60
ALLOWED_METHODS = "GET, HEAD, OPTIONS"

View = Callable[..., HttpResponseBase]


def add_public_headers(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    if "Cache-Control" in response:  # the docs assets keep their own, longer lifetime
        return response
    if request.method in ("GET", "HEAD") and response.status_code in (200, 404):
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    else:
        response["Cache-Control"] = "no-store"
    return response


def public_api_view(view: View) -> View:
    """Wrap a view of the public API: CORS preflight, CORS and cache headers, Chinese labels."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":
            preflight = HttpResponse(status=204)
            preflight["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            preflight["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            preflight["Access-Control-Max-Age"] = "86400"
            return add_public_headers(request, preflight)
        if request.method not in ("GET", "HEAD"):
            refused = _json({"detail": "本接口只读，仅支持 GET 请求。", "errors": []}, status=405)
            refused["Allow"] = ALLOWED_METHODS
            return add_public_headers(request, refused)
        is_head = request.method == "HEAD"
        if is_head:
            request.method = "GET"  # the operations are declared for GET only
        with translation.override(API_LANGUAGE):
            response = view(request, *args, **kwargs)
        if is_head:
            request.method = "HEAD"
            if isinstance(response, HttpResponse):
                response.content = b""
        return add_public_headers(request, response)

    return wrapper


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def api_index(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The API root: where the description and the docs are."""
    return _json(
        {
            "title": "Gongkai 政府信息公开 API",
            "version": "1",
            "openapi": absolute_url(reverse("api:openapi-json")),
            "docs": absolute_url(reverse("api:openapi-view")),
        }
    )


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other path under the API prefix: a JSON 404 instead of the portal's HTML page."""
    docs = reverse("api:openapi-view")
    return _json({"detail": f"没有这个接口，请查看接口说明 {docs}", "errors": []}, status=404)


# ------------------------------------------------------------------------------------------ docs

NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"

#: The only files served from django-ninja's package, with their content types.
DOCS_ASSETS: dict[str, str] = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-init.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}


def docs_asset(request: HttpRequest, name: str) -> HttpResponseBase:
    content_type = DOCS_ASSETS.get(name)
    if content_type is None:
        return not_found(request)
    response = FileResponse((NINJA_STATIC / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


DOCS_PAGE = """<!DOCTYPE html>
<html lang="zh-hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{favicon}" type="image/png">
</head>
<body data-csrf-token="" data-api-csrf="">
<noscript><p>本页面需要 JavaScript。接口说明（OpenAPI）：<a href="{openapi}">{openapi}</a></p></noscript>
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


class OfflineSwagger(DocsBase):
    """Swagger UI from local assets only: no CDN, no validator badge (``validatorUrl: null``)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)

        def asset(name: str) -> str:
            return reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name})

        settings = {
            "url": openapi_url,
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,
            "supportedSubmitMethods": ["get"],
        }
        # "</" cannot occur in the JSON of a URL we reverse ourselves, but escape it anyway so the
        # settings can never close their <script> element.
        settings_json = json.dumps(settings).replace("</", "<\\/")
        html = DOCS_PAGE.format(
            title=escape(api.title),
            css=asset("swagger-ui.css"),
            favicon=asset("favicon.png"),
            openapi=escape(openapi_url),
            settings=settings_json,
            bundle=asset("swagger-ui-bundle.js"),
            init=asset("swagger-ui-init.js"),
        )
        return HttpResponse(html, content_type="text/html; charset=utf-8")
