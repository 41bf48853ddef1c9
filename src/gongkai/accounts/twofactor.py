"""Who must sign in with a second factor, and the devices that provide it (django-otp).

等保2.0 (GB/T 22239-2019) third level asks for two or more authentication techniques for the
administrators of a system; the issue extends this to supervisors. ``GONGKAI["TWO_FACTOR"]``
(``GONGKAI_2FA``) chooses:

- ``"privileged"`` (default): system administrators (``is_superuser``), supervisors
  (``RoleName.SUPERVISOR``: they read every body below their supervision root) and anyone holding
  a role within a competent authority (its staff see every 不予公开 filing of the region,
  ``disclosure.policy.visible_filings``) — the accounts whose reach goes beyond one body;
- ``"all"``: every member of staff;
- ``"off"``: nobody.

Anyone who has enrolled an authenticator anyway is asked for its code (unless ``"off"``).
The factors are a TOTP authenticator app (RFC 6238, 6 digits, 30 s) and ten one-time recovery
codes (a static device).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.conf import conf
from gongkai.orgs.models import Role, RoleName

MODES = ("privileged", "all", "off")
#: The name given to the devices, shown to staff.
AUTHENTICATOR_NAME = "身份验证器"
RECOVERY_NAME = "恢复码"
RECOVERY_CODE_COUNT = 10


def mode() -> str:
    """The configured mode; an unknown value counts as ``"all"`` (the system check reports it)."""
    value = str(conf().get("TWO_FACTOR", "privileged")).strip().lower()
    return value if value in MODES else "all"


def is_privileged(user: Any) -> bool:
    """System administrators, supervisors and the staff of a competent authority."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return (
        Role.objects.filter(user=user, organization__is_active=True)
        .filter(Q(role=RoleName.SUPERVISOR) | Q(organization__is_competent_authority=True))
        .exists()
    )


def confirmed_authenticator(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_required(user: Any) -> bool:
    """Must ``user`` pass the second step before any staff page? (Cached on the user object for
    the request.)"""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_gongkai_2fa_required", None)
    if cached is None:
        current = mode()
        if current == "off":
            cached = False
        elif current == "all":
            cached = True
        else:
            cached = is_privileged(user) or confirmed_authenticator(user) is not None
        user._gongkai_2fa_required = cached
    return bool(cached)


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0
