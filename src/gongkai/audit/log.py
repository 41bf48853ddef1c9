"""Recording audit events: an explicit call from every service entry point, never a signal."""

from __future__ import annotations

from typing import Any

from django.db import models

from gongkai.audit.models import AuditEvent
from gongkai.core.actors import SYSTEM_NAME, is_system


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    organization: Any = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit log.

    ``action`` is a dotted name such as ``item.published``; ``reason`` carries the human reason
    given for returns, refusals and withdrawals. The platform acting by itself
    (``gongkai.core.actors.SYSTEM``) is recorded with no user and ``"actor": "系统"`` in the data.
    """
    if is_system(actor):
        data = {**(data or {}), "actor": SYSTEM_NAME}
    if organization is None and target is not None:
        if target._meta.label_lower == "orgs.organization":
            organization = target
        else:
            organization = getattr(target, "organization", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        organization=organization,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        reason=reason,
        data=data or {},
    )
