from django.contrib import admin

from gongkai.audit.models import AuditEvent
from gongkai.core.registry import audit_label


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action_label", "action", "organization", "target_label", "reason")
    list_filter = ("action",)
    search_fields = ("action", "target_label", "reason", "actor__username")
    date_hierarchy = "at"

    @admin.display(description="操作", ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        """How the history shows the action (labelled by the app that records it)."""
        return audit_label(event.action)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
