"""The portal's page cache: whole responses of public pages, dropped by what changed.

Key: ``(public_version(), language, host, method-independent full path)``. Each entry also carries
the tags of its page (``core.public_deps``: ``item:12``, ``column:45``, ``org:7``, ``home`` …, read
by ``portal.page_tags``) with their versions as they were *before* the page was rendered
(``core.tag_versions``). An entry is served only while every one of those versions is unchanged:
a change purges the tags it touches after its commit (``core.public_changes``), so a cached page
can never outlive a withdrawal or a correction of anything it shows, and every other page stays.
A global change moves ``public_version`` and with it every key. Entries also expire after
``GONGKAI["PAGE_CACHE_SECONDS"]`` as a backstop.

**One render per missing page.** The first request for a missing page takes a short lock in the
cache (``cache.add``: atomic in Redis across processes, in local memory across a worker's threads)
and renders; concurrent requests for the same page get the old copy when it is still public (only
a publication purged its tags: ``core.tag_versions.hard``), or else wait for the new entry
(polling, at most :data:`RENDER_WAIT_SECONDS`) instead of rendering it too. After a withdrawal or
a correction nobody is ever served an old copy. A lock whose holder died expires after
:data:`RENDER_LOCK_SECONDS`. The hot pages a change touches are rendered again right after it
commits (``portal.prewarm``), so visitors rarely wait at all.

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
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from gongkai.core import tag_versions
from gongkai.core.public_changes import public_version
from gongkai.portal import page_tags

#: max-age for HTTP caches in front of the platform.
HTTP_MAX_AGE = 60
#: How long a render may hold its page's lock, and how long others wait for it before rendering.
RENDER_LOCK_SECONDS = 30
RENDER_WAIT_SECONDS = 10.0
#: Renders stored per path in this process (measured by the benchmark and the tests).
RENDERS: Counter[str] = Counter()
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


def _good(entry: Any) -> dict[str, Any] | None:
    """The entry, if every tag of its page still has the version it was rendered under."""
    if not isinstance(entry, dict) or "tags" not in entry:
        return None
    return entry if tag_versions.unchanged(entry["tags"]) else None


def _still_public(entry: Any) -> bool:
    """Whether an old copy shows nothing taken from the public since: only additions (a
    publication) purged its tags (``core.tag_versions.hard``)."""
    return isinstance(entry, dict) and "hard" in entry and tag_versions.unchanged(entry["hard"])


def _wait_for(key: str, lock: str) -> dict[str, Any] | None:
    """Another request is rendering this page: wait for its entry (None: it failed, or took too
    long; render it here)."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    delay = 0.002
    while time.monotonic() < deadline:
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
        entry = _good(cache.get(key))
        if entry is not None:
            return entry
        if cache.get(lock) is None:
            return _good(cache.get(key))
    return None


def _render(
    request: HttpRequest, func: View, args: Any, kwargs: Any, key: str, timeout: int | None
) -> tuple[HttpResponse, dict[str, Any] | None]:
    # Versions first, then the data: a change committed during the render moves a version, and
    # the entry is then never served (see core.published_pages for the files).
    tags = page_tags.tags_for(request)
    both = tag_versions.current([*tags, *(tag_versions.hard(t) for t in tags)])
    versions = {t: both[t] for t in tags}
    response = func(request, *args, **kwargs)
    if getattr(response, "streaming", False) or response.status_code != 200:
        return response, None
    RENDERS[request.path] += 1
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    content = response.content
    headers = {h: response[h] for h in HEADERS_KEPT if h in response}
    entry: dict[str, Any] = {
        "content": content,
        "headers": headers,
        "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
        "time": time.time(),
        "tags": versions,
        "hard": {h: v for h, v in both.items() if h not in versions},
    }
    if not response.cookies and not getattr(response, "no_page_cache", False):
        _publish_file(request, content, headers, versions)
        cache.set(key, entry, timeout if timeout is not None else settings.GONGKAI["PAGE_CACHE_SECONDS"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["time"])
    return response, entry


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
            found = cache.get(key)
            entry = _good(found)
            rendered: HttpResponse | None = None
            if entry is None:
                lock = f"{key}:render"
                if cache.add(lock, 1, RENDER_LOCK_SECONDS):
                    try:
                        rendered, entry = _render(request, func, args, kwargs, key, timeout)
                    finally:
                        cache.delete(lock)
                elif _still_public(found):
                    entry = found  # the old copy, while the lock's holder renders the new one
                else:
                    entry = _wait_for(key, lock)
                    if entry is None:
                        rendered, entry = _render(request, func, args, kwargs, key, timeout)
                if entry is None:
                    assert rendered is not None
                    return rendered  # not a page for the cache (an error, a stream)
            response = rendered if rendered is not None else _from_entry(entry)
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


def _publish_file(
    request: HttpRequest, content: bytes, headers: dict[str, str], tags: dict[str, int]
) -> None:
    """Also write the page as a file for the web server in front (gongkai.core.published_pages)."""
    from gongkai.core import published_pages

    if (
        published_pages.enabled()
        and not request.META.get("QUERY_STRING")
        and (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE
        and headers.get("Content-Type", "").startswith("text/html")
    ):
        published_pages.write(
            version=public_version(), host=request.get_host(), path=request.path, content=content, tags=tags
        )


def no_page_cache(response: HttpResponse) -> HttpResponse:
    """Mark a response (e.g. "search is unavailable") as not to be stored by the page cache."""
    response.no_page_cache = True  # type: ignore[attr-defined]
    return response
