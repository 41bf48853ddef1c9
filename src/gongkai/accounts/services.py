"""Entry points for sign-in security: the audit of sign-ins, unlocking, two-factor enrolment,
verification and reset. Each checks who may, changes state and records the audit event."""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import twofactor
from gongkai.accounts.models import User
from gongkai.accounts.throttle import client_address
from gongkai.audit.log import record

#: Longest typed username kept in the audit log (what people type into the field is not trusted).
USERNAME_MAX = 150


def _address(request: HttpRequest | None) -> str:
    return (client_address(request) or "") if request is not None else ""


def _known_user(username: str) -> User | None:
    return User.objects.filter(username=username).first() if username else None


# --- Sign-in events (called from the receivers in accounts/signals.py) -------------------------


def record_login_failed(*, request: HttpRequest | None, username: str, locked: bool, refused: bool) -> None:
    """A failed sign-in: a wrong password or unknown user (``locked`` when this failure locked the
    pair out), or a try refused unchecked because the pair is locked out (``refused``)."""
    username = (username or "")[:USERNAME_MAX]
    if refused:
        reason = "账户已被暂时锁定，本次登录未核对密码即被拒绝"
    elif locked:
        reason = "用户名或密码错误，失败次数达到上限，账户被暂时锁定"
    else:
        reason = "用户名或密码错误"
    record(
        actor=None,
        action="auth.login_failed",
        target=_known_user(username),
        reason=reason,
        data={
            "username": username,
            "address": _address(request),
            "path": request.path if request is not None else "",
            "locked": locked,
            "refused": refused,
        },
    )


def record_locked_out(*, request: HttpRequest | None, username: str, failures: int) -> None:
    """The failure that locked ``username`` out from the client's address."""
    username = (username or "")[:USERNAME_MAX]
    record(
        actor=None,
        action="auth.locked_out",
        target=_known_user(username),
        reason=f"连续{failures}次登录失败，暂时锁定",
        data={"username": username, "address": _address(request), "failures": failures},
    )


def record_logged_in(*, request: HttpRequest | None, actor: User) -> None:
    record(actor=actor, action="auth.login", target=actor, data={"address": _address(request)})


def record_logged_out(*, request: HttpRequest | None, actor: User, reason: str = "") -> None:
    record(
        actor=actor,
        action="auth.logout",
        target=actor,
        reason=reason,
        data={"address": _address(request)},
    )


# --- Unlocking -----------------------------------------------------------------------------------


def unlock_login(*, actor: Any, username: str, ip_address: str | None) -> int:
    """A system administrator lifts the lockout of ``username`` from ``ip_address``."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied("只有系统管理员可以解除登录锁定。")
    with transaction.atomic():
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=ip_address).delete()
        if count:
            record(
                actor=actor,
                action="auth.unlocked",
                target=_known_user(username),
                data={"username": username, "address": ip_address or ""},
            )
    return count


# --- Two-factor sign-in --------------------------------------------------------------------------


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator being enrolled: one unconfirmed device per person, kept until confirmed,
    so reloading the page does not invalidate a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=twofactor.AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=twofactor.RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(twofactor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def confirm_enrolment(*, request: HttpRequest, actor: User, code: str) -> list[str]:
    """Confirm the pending authenticator with a code from the app; returns the new recovery codes
    (shown once). The session counts as verified from then on."""
    if twofactor.confirmed_authenticator(actor) is not None:
        raise PermissionDenied("您已绑定身份验证器。如需更换，请联系系统管理员重置两步验证。")
    device = pending_authenticator(actor)
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ValidationError("尝试次数过多，请稍等片刻再输入验证码。", code="throttled")
    if otp_verify_token(actor, device.persistent_id, _clean(code)) is None:
        record(actor=actor, action="auth.2fa_enrol_failed", target=actor, data={"address": _address(request)})
        raise ValidationError("验证码不正确。请输入身份验证器中当前显示的6位数字。", code="invalid")
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        codes = _new_recovery_codes(actor)
        record(actor=actor, action="auth.2fa_enrolled", target=actor, data={"address": _address(request)})
    otp_login(request, device)
    return codes


@dataclass(frozen=True)
class VerifyResult:
    device: Device
    recovery_codes_left: int | None = None  # set when a recovery code was used


def verify_second_factor(*, request: HttpRequest, actor: User, code: str) -> VerifyResult:
    """The second step of sign-in: a code from the authenticator (6 digits) or a recovery code.

    Each device throttles itself (django-otp: after n wrong codes the next is refused for 2^(n-1)
    seconds), so codes cannot be tried at speed.
    """
    code = _clean(code)
    if not code:
        raise ValidationError("请输入验证码。", code="required")
    authenticator = twofactor.confirmed_authenticator(actor)
    recovery = twofactor.recovery_device(actor)
    if authenticator is None:
        raise PermissionDenied("您尚未绑定身份验证器。")
    # Authenticator codes are 6 digits; recovery codes 8 letters and digits.
    device: Device | None = authenticator if len(code) == 6 and code.isdigit() else recovery
    if device is None:
        raise ValidationError("验证码不正确。", code="invalid")
    allowed, info = device.verify_is_allowed()
    if not allowed:
        until = (info or {}).get("locked_until")
        seconds = max(math.ceil((until - timezone.now()).total_seconds()), 1) if until else 0
        raise ValidationError(
            f"验证码错误次数过多，请{seconds}秒后再试。" if seconds else "验证码错误次数过多，请稍后再试。",
            code="throttled",
        )
    # django-otp re-reads the device under a row lock, so concurrent tries are counted one by one.
    if otp_verify_token(actor, device.persistent_id, code) is None:
        record(
            actor=actor,
            action="auth.2fa_failed",
            target=actor,
            data={"address": _address(request), "kind": "recovery" if device is recovery else "totp"},
        )
        raise ValidationError(
            "验证码不正确。请输入身份验证器中当前显示的6位数字，或一个未用过的恢复码。", code="invalid"
        )
    otp_login(request, device)
    if device is recovery:
        left = twofactor.recovery_codes_left(actor)
        record(
            actor=actor,
            action="auth.2fa_recovery_used",
            target=actor,
            data={"address": _address(request), "left": left},
        )
        return VerifyResult(device=device, recovery_codes_left=left)
    record(actor=actor, action="auth.2fa_verified", target=actor, data={"address": _address(request)})
    return VerifyResult(device=device)


def regenerate_recovery_codes(*, request: HttpRequest, actor: Any) -> list[str]:
    """New recovery codes for the signed-in person (the old ones stop working). Needs a session
    verified by the second factor."""
    if twofactor.confirmed_authenticator(actor) is None or not actor.is_verified():
        raise PermissionDenied("请先完成两步验证。")
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        record(
            actor=actor,
            action="auth.2fa_recovery_regenerated",
            target=actor,
            data={"address": _address(request)},
        )
    return codes


def reset_two_factor(*, actor: Any, user: User, reason: str) -> None:
    """A system administrator removes someone's authenticator and recovery codes (a lost phone):
    the person enrols again at the next sign-in. Sessions verified with the old device lose that
    verification at their next request."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied("只有系统管理员可以重置两步验证。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写重置原因（如：手机丢失）。"})
    with transaction.atomic():
        removed = (
            TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
        )
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(
            actor=actor,
            action="auth.2fa_reset",
            target=user,
            reason=reason,
            data={"devices_removed": removed},
        )
