"""The hot pages a change touches are rendered again right after it is committed, not on the next
visitor's request: the home page, the bodies' home pages, the first page of each column listing
and the items' own pages named by the purged tags (``core.public_deps``).

Called by ``core.public_changes`` after each purge (:func:`after_purge`). The pages are requested
through Django's whole handler (middleware included) under the configured site address
(``GONGKAI_SITE_URL``: the host nginx names the published files by), anonymously, so they land in
the page cache and, when enabled, in the published files exactly as a visitor's request would put
them there. ``GONGKAI["PREWARM"]``: ``"thread"`` (default: one background thread per process, so
the staff member who published does not wait), ``"inline"`` (in the committing thread; tests,
commands) or ``"off"``. With Redis the rendered pages serve every process; in the embedded
deployment they serve this process and the published files (other workers render their own copy
once, on their next request for the page).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.core.handlers.base import BaseHandler
from django.db import close_old_connections, connections
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from gongkai.core import public_deps
from gongkai.core.conf import conf
from gongkai.core.siteurl import parse_site_url
from gongkai.disclosure.models import CatalogColumn
from gongkai.orgs.models import Organization

logger = logging.getLogger(__name__)
#: At most this many pages per change (an import touching thousands of items re-renders the home
#: page, the bodies and the columns, not every item).
MOST_PAGES = 40
_queue: queue.SimpleQueue[list[str]] = queue.SimpleQueue()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()
_handler: BaseHandler | None = None


def _ids(tags: Iterable[str], prefix: str) -> list[int]:
    return sorted(int(t[len(prefix) :]) for t in tags if t.startswith(prefix) and t[len(prefix) :].isdigit())


def hot_paths(tags: frozenset[str]) -> list[str]:
    """The paths of the hot pages among those the purged ``tags`` dropped."""
    paths = []
    if public_deps.HOME in tags:
        paths.append(reverse("portal:home"))
    org_ids = _ids(tags, "org:")
    slugs = dict(Organization.objects.filter(pk__in=org_ids, is_active=True).values_list("pk", "slug"))
    paths += [reverse("portal:body", args=[slugs[pk]]) for pk in org_ids if pk in slugs]
    columns = CatalogColumn.objects.filter(pk__in=_ids(tags, "column:"), organization__is_active=True)
    for slug, code in columns.values_list("organization__slug", "code").order_by(
        "organization__slug", "code"
    ):
        try:
            paths.append(reverse("portal:column", args=[slug, code]))
        except NoReverseMatch:
            continue
    paths += [reverse("portal:item", args=[pk]) for pk in _ids(tags, "item:")]
    return paths[:MOST_PAGES]


def after_purge(tags: frozenset[str]) -> None:
    mode = str(conf().get("PREWARM", "thread"))
    if mode == "off":
        return
    paths = hot_paths(tags)
    if not paths:
        return
    if mode == "inline":
        render(paths)
        return
    _start_worker()
    _queue.put(paths)


def render(paths: Iterable[str]) -> int:
    """Request each path as an anonymous visitor would; returns how many answered 200."""
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    scheme, _host, base = parse_site_url(str(conf()["SITE_URL"]))
    host = urlsplit(base).netloc  # as visitors name it, with its port: the same cache key
    factory = RequestFactory()
    done = 0
    for path in dict.fromkeys(paths):
        request = factory.get(path, HTTP_HOST=host, secure=scheme == "https")
        try:
            response = _handler.get_response(request)
            done += response.status_code == 200
            # Not response.close(): its request_finished signal runs close_old_connections, which
            # in the inline mode would close the caller's connection inside its transaction (the
            # worker closes its own connections after each pass). The pages hold no open files.
        except Exception:
            logger.exception("re-rendering %s after a change", path)
    return done


def _start_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="gongkai-prewarm", daemon=True)
            _worker.start()


def _work() -> None:
    while True:
        paths = _queue.get()
        while True:  # changes that came meanwhile: one pass over all their pages
            try:
                paths += _queue.get_nowait()
            except queue.Empty:
                break
        close_old_connections()
        try:
            render(paths)
        finally:
            connections.close_all()
