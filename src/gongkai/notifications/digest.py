"""The daily digest (每日待办摘要): one e-mail per person summing up what waits for them in
"我的工作" — every app's inbox entries with something in them — and their unread notifications.

Sent by the scheduled round (``gongkai round``; ``gongkai serve`` runs it every hour): the first
round of a day sends it, later rounds of the same day send nothing (``DigestSent``). Nobody gets an
e-mail with nothing in it, and nobody without an e-mail address is asked.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from gongkai.core.registry import InboxEntry, inbox_contributions
from gongkai.notifications.models import DigestSent, Notification

logger = logging.getLogger(__name__)


def _link(path: str) -> str:
    return f"{settings.GONGKAI['SITE_URL'].rstrip('/')}{path}"


def compose(user: Any, today: dt.date) -> tuple[str, str] | None:
    """The digest of ``user`` on ``today`` as (subject, body), or None when nothing waits."""
    sections: list[tuple[str, list[InboxEntry]]] = []
    for contribution in inbox_contributions():
        waiting = [e for e in contribution.entries(user, today) if e.count]
        if waiting:
            sections.append((contribution.title, waiting))
    if not sections:
        return None
    total = sum(e.count for _, entries in sections for e in entries)
    lines = [f"{user.display_name}，您好：", "", f"截至{today:%Y年%m月%d日}，以下工作等待您处理：", ""]
    for title, entries in sections:
        lines.append(f"【{title}】")
        for entry in entries:
            urgent = "（紧急）" if entry.urgent else ""
            lines.append(f"· {entry.label}：{entry.count}项{urgent}  {_link(entry.url)}")
        lines.append("")
    lines += [f"进入“我的工作”：{_link(reverse('backoffice:inbox'))}", "", "本邮件由平台每日自动发送。"]
    subject = f"[公开] 每日待办摘要（{today:%m月%d日}）：{total}项等待处理"
    return subject, "\n".join(lines)


def recipients() -> Any:
    """Active people with an e-mail address who hold a role or have an unread notification."""
    unread = Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(roles__isnull=False) | Exists(unread))
        .distinct()
        .order_by("pk")
    )


def send_digests(today: dt.date) -> dict[str, int]:
    """Send today's digests not sent yet. Safe to repeat: at most one per person and day."""
    sent = skipped = failed = 0
    already = set(DigestSent.objects.filter(day=today).values_list("recipient_id", flat=True))
    for user in recipients().iterator(chunk_size=500):
        if user.pk in already:
            continue
        digest = compose(user, today)
        if digest is None:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(recipient=user, day=today)
        except IntegrityError:
            continue  # another round sent it meanwhile
        try:
            send_mail(digest[0], digest[1], None, [user.email])
        except Exception:
            logger.exception("digest e-mail to %s failed", user.email)
            DigestSent.objects.filter(recipient=user, day=today).delete()
            failed += 1
            continue
        sent += 1
    return {"sent": sent, "nothing_waiting": skipped, "failed": failed}
