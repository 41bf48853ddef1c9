"""Django admin changes in the audit log.

The models that have back-office screens over audited services (organizations, roles, sign-off
chains, items, the calendar) are read-only in the Django admin. The few installation-wide lists
that only the admin edits (accounts, the secrecy keywords, the class lists, catalog templates) use
:class:`AuditedAdmin`: Django admin already calls ``log_addition``/``log_change``/``log_deletions``
inside the transaction of every change, including a password change, and these hooks also write
the event to Gongkai's own append-only log.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from gongkai.audit.log import record


def _message(message: Any) -> Any:
    # Django's change messages are JSON lists of {"changed": {"fields": [...]}}: field names, never values.
    if isinstance(message, str):
        try:
            return json.loads(message) if message.startswith("[") else message
        except ValueError:
            return message
    return message


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every addition, change and deletion is also an audit event ``admin.*``."""

    def _audit(self, request: HttpRequest, action: str, obj: models.Model, message: Any = "") -> None:
        record(
            actor=request.user,
            action=f"admin.{action}",
            target=obj,
            data={"model": obj._meta.label_lower, "change": _message(message)},
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, "added", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, "changed", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, "deleted", obj)
        return super().log_deletions(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to system administrators, changed only through the back office and its services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
