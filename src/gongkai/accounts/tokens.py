"""个人接口令牌 (personal API tokens) for staff integrations (issue 10: "read endpoints for staff
integrations (authenticated)"; docs/SPEC.md §8).

Another government system pulling 政务信息报送 data cannot sign in to the back office with a browser,
so a member of staff creates a token for it on their 登录安全 page. The token acts exactly as its
user: the same roles and the same scope (the govinfo access functions take the user), nothing more.

- The secret is ``gk_`` + ``secrets.token_urlsafe(32)`` (256 random bits), shown once on creation.
  Only its SHA-256 digest is stored, with the first 8 characters (``prefix``) to find it by and to
  show in lists. Checking a presented secret looks the candidates up by prefix and compares digests
  with ``hmac.compare_digest``.
- Every token expires (default 90 days, at most a year) and can be revoked; a revoked or expired
  token, or one whose user is deactivated, authenticates nobody.
- Creating one needs a session that passed two-factor sign-in when the installation requires it of
  the person (``accounts.twofactor.is_required``): a token outlives the session, so it must not be
  obtainable with a password alone where a second factor is required.
- Creation and revocation are audited (``auth.token_created`` / ``auth.token_revoked``, actor the
  user). Use is not audited per request; ``last_used_at`` is written at most once a minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts import twofactor
from gongkai.accounts.models import ApiToken, User
from gongkai.audit.log import record

#: What every secret starts with, so a leaked one is recognisable (e.g. by secret scanners).
SECRET_PREFIX = "gk_"  # noqa: S105 (a marker, not a secret)
#: ``secrets.token_urlsafe(32)`` is 43 characters of the URL-safe base64 alphabet.
SECRET_PATTERN = re.compile(r"gk_[A-Za-z0-9_-]{43}")
PREFIX_LENGTH = 8
DEFAULT_DAYS = 90
MAX_DAYS = 365
#: Tokens a person may hold that are neither revoked nor expired.
MAX_ACTIVE = 20
#: ``last_used_at`` is rewritten when older than this, to spare the database a write per request.
USE_RESOLUTION = dt.timedelta(minutes=1)

ACTIVE = "active"
EXPIRED = "expired"
REVOKED = "revoked"
STATE_LABELS = {ACTIVE: "有效", EXPIRED: "已过期", REVOKED: "已撤销"}


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def state(token: ApiToken, now: dt.datetime | None = None) -> str:
    if token.revoked_at is not None:
        return REVOKED
    if token.expires_at <= (now or timezone.now()):
        return EXPIRED
    return ACTIVE


def active_tokens(user: Any) -> Any:
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)


def _verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


@dataclass(frozen=True)
class Created:
    token: ApiToken
    secret: str  # shown once, never stored


def create_token(*, actor: User, name: str, days: int = DEFAULT_DAYS) -> Created:
    """A new token for ``actor`` named ``name`` (what it is for), valid ``days`` days (1 to 365)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied("请先登录后台。")
    if twofactor.is_required(actor) and not _verified(actor):
        raise PermissionDenied("请先完成两步验证，再创建接口令牌。")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写令牌名称（如：市政务信息系统对接）。"})
    if len(name) > 60:
        raise ValidationError({"name": "令牌名称不能超过60个字。"})
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"有效期须为1至{MAX_DAYS}天。"})
    with transaction.atomic():
        # Lock the person's row so two requests at once cannot both pass the count.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if active_tokens(actor).count() >= MAX_ACTIVE:
            raise ValidationError(f"您已有{MAX_ACTIVE}个有效的接口令牌，请先撤销不再使用的令牌。")
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        now = timezone.now()
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=digest(secret),
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        record(
            actor=actor,
            action="auth.token_created",
            target=token,
            data={
                "name": name,
                "prefix": token.prefix,
                "expires_at": timezone.localtime(token.expires_at).isoformat(),
            },
        )
    return Created(token=token, secret=secret)


def revoke_token(*, actor: User, token: ApiToken) -> bool:
    """Revoke one of ``actor``'s own tokens; False when it was revoked already (nothing changes)."""
    if token.user_id != actor.pk:
        raise PermissionDenied("只能撤销本人的接口令牌。")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            token.revoked_at = locked.revoked_at
            return False
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        token.revoked_at = locked.revoked_at
        record(
            actor=actor,
            action="auth.token_revoked",
            target=locked,
            data={"name": locked.name, "prefix": locked.prefix},
        )
    return True


def authenticate(raw: str) -> User | None:
    """The user a presented secret stands for, or None (malformed, unknown, revoked, expired, or the
    user deactivated). Marks the token used (at most once a minute)."""
    if not isinstance(raw, str) or not SECRET_PATTERN.fullmatch(raw):
        return None
    presented = digest(raw)
    now = timezone.now()
    found: ApiToken | None = None
    for candidate in ApiToken.objects.filter(prefix=raw[:PREFIX_LENGTH]).select_related("user"):
        if hmac.compare_digest(candidate.key_hash, presented):
            found = candidate
    if found is None or found.revoked_at is not None or found.expires_at <= now:
        return None
    if not found.user.is_active:
        return None
    if found.last_used_at is None or now - found.last_used_at >= USE_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
