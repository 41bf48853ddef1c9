"""Sending notifications: one call writes the in-app message and, where possible, the e-mail."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify each recipient once (per ``key`` when given). E-mail failures are logged, never raised:
    a notification must not undo the action that caused it."""
    sent: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    recipient=user, kind=kind, title=title, body=body, url=url, key=key
                )
        except IntegrityError:
            continue  # already notified under this key
        if email and user.email:
            transaction.on_commit(functools.partial(_email, note, user.email))
        sent.append(note)
    return sent


def _email(note: Notification, address: str) -> None:
    link = f"{settings.GONGKAI['SITE_URL'].rstrip('/')}{note.url}" if note.url else ""
    try:
        send_mail(f"[公开] {note.title}", "\n\n".join(filter(None, [note.body, link])), None, [address])
    except Exception:
        logger.exception("notification e-mail to %s failed", address)
        return
    Notification.objects.filter(pk=note.pk).update(emailed=True)


def email_applicant(address: str, subject: str, body: str) -> bool:
    """E-mail an applicant (not a user). Returns whether it was handed to the mail backend."""
    if not address:
        return False
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        logger.exception("applicant e-mail failed")
        return False
    return True


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
