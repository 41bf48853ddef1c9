"""URLs of the public API under /api/v1/: the django-ninja operations, the OpenAPI document, the
offline docs page and its assets, and a JSON 404 for anything else. Every view is wrapped by
:func:`gongkai.api.http.public_api_view` (CORS, cache headers, Chinese labels)."""

from django.urls import URLPattern, URLResolver, path, re_path

from gongkai.api.api import api
from gongkai.api.http import api_index, docs_asset, not_found, public_api_view

app_name = "api"


def _wrap(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    out: list[URLPattern | URLResolver] = []
    for p in patterns:
        if isinstance(p, URLPattern):
            # ninja's own root view raises a bare Http404 (an HTML page); ours answers in JSON.
            callback = api_index if p.name == "api-root" else p.callback
            p = URLPattern(p.pattern, public_api_view(callback), p.default_args, p.name)
        out.append(p)
    return out


ninja_patterns, _app, _namespace = api.urls

urlpatterns = _wrap(
    [
        *ninja_patterns,
        path("docs/assets/<str:name>", docs_asset, name="docs-asset"),
        re_path(r"^.*$", not_found, name="not-found"),
    ]
)
