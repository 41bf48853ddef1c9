"""Sending notifications: one call writes the in-app message and, where possible, the e-mail (and,
for urgent kinds, a text message: ``notifications.sms``)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.notifications import sms
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
        if _should_text(note, user):
            transaction.on_commit(functools.partial(sms.send_text, user.phone, sms.text_for(note)))
        sent.append(note)
    return sent


def _should_text(note: Notification, user: Any) -> bool:
    """Urgent kinds (``sms.texted_kinds``) go by SMS to people with a mobile number on file, once
    per thing: a notice repeated daily about the same case (same kind and link) is texted the first
    time only."""
    if note.kind not in sms.texted_kinds() or sms.mobile_number(getattr(user, "phone", "")) is None:
        return False
    earlier = Notification.objects.filter(recipient=user, kind=note.kind, url=note.url).exclude(pk=note.pk)
    return not earlier.exists()


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
