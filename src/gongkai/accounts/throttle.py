"""Login throttling glue for django-axes: the client address, the lockout state, unlocking.

The client address is computed exactly as the public forms' rate limits compute it
(``core.ratelimit.client_ip``: ``REMOTE_ADDR``, or the nearest ``X-Forwarded-For`` hop written by a
proxy listed in ``GONGKAI_TRUSTED_PROXIES``), so a forged header never picks a fresh lockout counter
and, behind nginx, visitors are not all counted as 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone

from gongkai.core.ratelimit import client_ip

#: The longest username (``User.username``); longer input is recorded cut to this.
USERNAME_MAX = 150


def client_address(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the client's address as text (None when it cannot be read)."""
    address = client_ip(request)
    return None if address is None else str(address)


def client_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> Any:
    """``AXES_USERNAME_CALLABLE``: the username as django-axes records it, cut to the length a
    username can have (150, ``User.username``). A 10,000-character "username" was stored whole in
    axes' 255-character column: a 500 on PostgreSQL (found by tests/test_url_walk.py)."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "data", request.POST).get("username")
    return raw[:USERNAME_MAX] if isinstance(raw, str) else raw


def cool_off() -> dt.timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, dt.timedelta) else dt.timedelta(hours=float(value))


def locked_attempts() -> QuerySet[AccessAttempt]:
    """Username and address pairs locked out now (failures at the limit, within the cool-off)."""
    since = timezone.now() - cool_off()
    return (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("username", "ip_address")
    )


def locked_until(username: str, ip_address: str | None) -> dt.datetime | None:
    """When the lockout of ``username`` from ``ip_address`` ends (None if it is not locked out)."""
    attempts = AccessAttempt.objects.filter(username=username, ip_address=ip_address)
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    last = attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if last is None or total < settings.AXES_FAILURE_LIMIT:
        return None
    until = last + cool_off()
    return until if until > timezone.now() else None
