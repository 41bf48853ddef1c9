"""The portal's page cache: whole responses of public pages, keyed by what the public may see.

Key: ``(public_version(), language, host, method-independent full path)``. ``public_version`` moves on
after every commit that changes what the public may see (``gongkai.core.public_changes``), so a
cached page can never outlive a withdrawal or a correction: the next request asks for a new key
and renders afresh. Entries also expire after ``GONGKAI["PAGE_CACHE_SECONDS"]`` as a backstop
(e.g. a version counter lost with a cache restart, or another process's local-memory cache).

The host (as the request names it, with its port) is part of the key although no page is built
from it (absolute URLs come from ``GONGKAI_SITE_URL``): a page rendered for one host is never
served for another, whatever a template might do with the request in the future.

Works with Django's default cache: local memory in the embedded deployment, Redis (shared by all
app processes) when ``REDIS_URL`` is set.

For HTTP caches in front (nginx, a CDN, the browser) responses carry
``Cache-Control: public, max-age=60``, a strong ``ETag`` (a hash of the body; ``If-None-Match``
is answered with 304 from the cache entry without rendering) and ``Last-Modified`` (when the entry
was rendered, an upper bound of the content's age). Language is chosen by ``LocaleMiddleware`` from
the language cookie or ``Accept-Language``; responses say ``Vary: Accept-Language, Cookie`` so no
shared cache serves one language to another (visitors without cookies still share entries).

Not cached: anything but GET/HEAD, non-200 responses, responses that set cookies, and requests that
carry a session cookie (staff): they get a fresh page, so whoever just published sees it at once
even when another process's local cache still holds the old page for a few minutes.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from gongkai.core.public_changes import public_version

#: max-age for HTTP caches in front of the platform.
HTTP_MAX_AGE = 60
HEADERS_KEPT = ("Content-Type", "Content-Language", "X-Robots-Tag")

View = Callable[..., HttpResponse]


def page_cache_key(request: HttpRequest) -> str:
    # get_host() is validated against ALLOWED_HOSTS (a bad host was refused with 400 before here).
    where = f"{request.get_host()}\n{request.get_full_path()}"
    path = hashlib.sha256(where.encode()).hexdigest()[:40]
    return f"portal:page:v{public_version()}:{get_language() or settings.LANGUAGE_CODE}:{path}"


def _cacheable_request(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _set_http_headers(response: HttpResponse, *, shared: bool) -> None:
    if shared:
        response["Cache-Control"] = f"public, max-age={HTTP_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


def _from_entry(entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["time"])
    return response


def public_page(view: View | None = None, *, timeout: int | None = None) -> Any:
    """Decorate a portal view whose output depends only on public data, the path and the language.

    ``timeout`` overrides ``GONGKAI["PAGE_CACHE_SECONDS"]`` (search pages use a shorter one,
    because the index follows the database a moment later).
    """

    def decorate(func: View) -> View:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable_request(request):
                response = func(request, *args, **kwargs)
                if request.method in ("GET", "HEAD") and response.status_code == 200:
                    _set_http_headers(response, shared=False)
                return response
            key = page_cache_key(request)
            entry = cache.get(key)
            if entry is None:
                response = func(request, *args, **kwargs)
                if getattr(response, "streaming", False) or response.status_code != 200:
                    return response
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                content = response.content
                entry = {
                    "content": content,
                    "headers": {h: response[h] for h in HEADERS_KEPT if h in response},
                    "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
                    "time": time.time(),
                }
                if not response.cookies and not getattr(response, "no_page_cache", False):
                    _publish_file(request, content, entry["headers"])
                    cache.set(
                        key,
                        entry,
                        timeout if timeout is not None else settings.GONGKAI["PAGE_CACHE_SECONDS"],
                    )
                response["ETag"] = entry["etag"]
                response["Last-Modified"] = http_date(entry["time"])
            else:
                response = _from_entry(entry)
            conditional = (
                get_conditional_response(
                    request, etag=entry["etag"], last_modified=int(entry["time"]), response=response
                )
                or response
            )
            _set_http_headers(conditional, shared=not getattr(response, "no_page_cache", False))
            return conditional

        wrapper.public_page = True  # type: ignore[attr-defined]
        return wrapper

    if view is not None:
        return decorate(view)
    return decorate


def _publish_file(request: HttpRequest, content: bytes, headers: dict[str, str]) -> None:
    """Also write the page as a file for the web server in front (gongkai.core.published_pages)."""
    from gongkai.core import published_pages

    if (
        published_pages.enabled()
        and not request.META.get("QUERY_STRING")
        and (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE
        and headers.get("Content-Type", "").startswith("text/html")
    ):
        published_pages.write(
            version=public_version(), host=request.get_host(), path=request.path, content=content
        )


def no_page_cache(response: HttpResponse) -> HttpResponse:
    """Mark a response (e.g. "search is unavailable") as not to be stored by the page cache."""
    response.no_page_cache = True  # type: ignore[attr-defined]
    return response
