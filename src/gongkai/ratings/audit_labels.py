"""How the audit log shows the actions of ratings (registered from ``RatingsConfig.ready()``)."""

from __future__ import annotations

from gongkai.core.registry import register_audit_labels

LABELS = {"rating.received": "收到社会评议"}


def register() -> None:
    register_audit_labels(LABELS)
