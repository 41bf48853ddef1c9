"""Protection of the staff areas (the back office under /staff/ and Django admin under /admin/).

One middleware, after authentication, django-otp and messages, does four things in order:

1. ``/admin/`` exists only when ``GONGKAI["ADMIN_ENABLED"]`` (``GONGKAI_ADMIN_ENABLED``) is on;
   otherwise it is a 404, as if the route did not exist.
2. **Idle timeout.** A signed-in person's staff request more than
   ``GONGKAI["SESSION_IDLE_MINUTES"]`` after their previous one signs them out and sends them to
   the login page with a message and ``next`` back to where they were. The time of the last
   request is kept in the session (rewritten at most once a minute, to spare the database).
3. **Two-factor gate.** When ``accounts.twofactor.is_required``, every staff page except login,
   logout and the two-factor pages needs a session verified by the second factor (django-otp);
   the person is sent to enrol (no device yet) or to enter a code.
4. ``Cache-Control: no-store, private`` on every staff response: they show applicants' personal
   data, drafts and registers, which no browser or proxy cache may keep.

htmx requests get the redirect as ``HX-Redirect`` so the whole page goes, not a fragment.
The public portal and the API are not touched (the applicant's own 30-minute grant is
``foi``'s, in the portal's views).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from gongkai.accounts import twofactor
from gongkai.core.conf import conf

#: Session key of the time (epoch seconds) of the person's last staff request.
LAST_SEEN_KEY = "gongkai_staff_seen"
#: The stored time is refreshed when it is older than this (seconds).
SEEN_RESOLUTION = 60

IDLE_MESSAGE = "因长时间未操作，您已退出登录，请重新登录。"
IDLE_REASON = "长时间未操作，自动退出"

STAFF_PREFIX = "/staff/"
ADMIN_PREFIX = "/admin/"


def admin_enabled() -> bool:
    return bool(conf().get("ADMIN_ENABLED", False))


def idle_seconds() -> int:
    return int(conf().get("SESSION_IDLE_MINUTES", 30) or 0) * 60


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(url: str, request: HttpRequest) -> str:
    # Back to the page after signing in; a form post or an htmx fragment is not a page to go back to.
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        staff = path.startswith(STAFF_PREFIX)
        admin = path.startswith(ADMIN_PREFIX)
        if admin and not admin_enabled():
            raise Http404("系统管理后台未启用")
        response: HttpResponseBase | None = None
        if (staff or admin) and request.user.is_authenticated:
            response = self._idle_timeout(request) or self._two_factor_gate(request)
        if response is None:
            response = self.get_response(request)
        if staff or admin:
            patch_cache_control(response, no_store=True, private=True)
        return response

    def _idle_timeout(self, request: HttpRequest) -> HttpResponse | None:
        limit = idle_seconds()
        if not limit:
            return None
        now = int(time.time())
        seen = request.session.get(LAST_SEEN_KEY)
        if isinstance(seen, int) and now - seen > limit:
            # The audit event of the sign-out (accounts/signals.py) carries the reason.
            request.gongkai_logout_reason = IDLE_REASON  # type: ignore[attr-defined]
            logout(request)  # flushes the session
            messages.info(request, IDLE_MESSAGE)
            return _redirect(request, _with_next(reverse("backoffice:login"), request))
        if not isinstance(seen, int) or now - seen >= SEEN_RESOLUTION:
            request.session[LAST_SEEN_KEY] = now
        return None

    def _two_factor_gate(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not twofactor.is_required(user) or user.is_verified():  # type: ignore[union-attr]
            return None
        verify = reverse("backoffice:two_factor_verify")
        setup = reverse("backoffice:two_factor_setup")
        open_paths = {reverse("backoffice:login"), reverse("backoffice:logout"), verify, setup}
        if admin_enabled():
            open_paths.add(reverse("admin:logout"))
        if request.path_info in open_paths:
            return None
        target = verify if twofactor.confirmed_authenticator(user) is not None else setup
        return _redirect(request, _with_next(target, request))
