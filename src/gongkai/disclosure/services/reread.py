"""Reading stored attachments again (``gongkai attachments reread``).

For files whose text could not be read: those uploaded before text recognition existed (marked by
migration 0010), and those read on a machine that lacked tesseract or antiword, once they are
installed. The file's stored bytes are read with the same bounded reader as an upload; a reading
that still fails keeps the file unreadable with the new reason. Items whose public text changed
are re-indexed; one audit event records the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.audit.log import record
from gongkai.core.actors import is_system, require_actor
from gongkai.core.public_changes import public_content_changed
from gongkai.disclosure.models import Attachment, Item, TextStatus
from gongkai.disclosure.services.content import extract_text
from gongkai.orgs.policy import is_system_admin


@dataclass
class RereadCounts:
    examined: int = 0
    now_read: int = 0
    still_unreadable: int = 0
    missing: int = 0


def reread_attachments(*, actor: Any, only_unreadable: bool = True) -> RereadCounts:
    """Read the stored attachments again (by default only the unreadable ones). The platform
    itself (the console command) or a system administrator."""
    if not (is_system(require_actor(actor)) or is_system_admin(actor)):
        raise PermissionDenied("只有系统管理员可以重新读取附件。")
    counts = RereadCounts()
    attachments = Attachment.objects.order_by("pk")
    if only_unreadable:
        attachments = attachments.filter(text_status=TextStatus.UNREADABLE)
    changed_items: set[int] = set()
    for attachment in attachments.iterator(chunk_size=100):
        counts.examined += 1
        try:
            with attachment.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            counts.missing += 1
            continue
        reading = extract_text(attachment.kind, data)
        status = TextStatus(reading.status)
        problem = (reading.refusal or reading.problem)[:200] if status == TextStatus.UNREADABLE else ""
        if status == TextStatus.UNREADABLE:
            counts.still_unreadable += 1
        else:
            counts.now_read += 1
        before = (attachment.text, attachment.text_status, attachment.text_problem)
        if before == (reading.text, status, problem):
            continue
        with transaction.atomic():
            Attachment.objects.filter(pk=attachment.pk).update(
                text=reading.text, text_status=status, text_problem=problem
            )
            changed_items.add(attachment.item_id)
    with transaction.atomic():
        public = list(Item.objects.public().filter(pk__in=changed_items).values_list("pk", flat=True))
        if public:
            public_content_changed(public)
        record(
            actor=actor,
            action="attachments.reread",
            data={**counts.__dict__, "items_changed": len(changed_items)},
        )
    return counts
