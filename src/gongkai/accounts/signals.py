"""Sign-in events into the audit log.

Sign-ins happen inside Django's authentication (the back office's login page and the admin's), so
their outcomes arrive as Django's and django-axes' signals rather than from a service of ours;
these receivers only hand them to ``accounts.services``, which writes the audit events. They are
connected in ``AccountsConfig.ready``, after django-axes' own receivers (``axes`` comes first in
``INSTALLED_APPS``), so a failed sign-in already carries axes' verdict (``request.axes_locked_out``).
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from gongkai.accounts import services


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    locked = bool(getattr(request, "axes_locked_out", False))
    # axes counted this failure (and set the count) unless the pair was already locked out.
    refused = locked and getattr(request, "axes_failures_since_start", None) is None
    services.record_login_failed(
        request=request, username=str(credentials.get("username") or ""), locked=locked, refused=refused
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kw: Any
) -> None:
    # axes also sends this for every try while the lockout lasts; only the failure that locked the
    # pair out has counted failures (the later tries are in the log as failed sign-ins, locked).
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    services.record_locked_out(request=request, username=username or "", failures=int(failures))


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    services.record_logged_in(request=request, actor=user)


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    if user is not None:
        reason = str(getattr(request, "gongkai_logout_reason", ""))
        services.record_logged_out(request=request, actor=user, reason=reason)


def connect() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="gongkai.accounts.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="gongkai.accounts.locked_out")
    user_logged_in.connect(on_logged_in, dispatch_uid="gongkai.accounts.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="gongkai.accounts.logged_out")
