from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gongkai.accounts.models import User
from gongkai.audit.adminlog import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    """Accounts (passwords, deactivation, the system-administrator flag); every change is audited.
    Roles are granted in the back office, never here."""

    fieldsets = (*BaseUserAdmin.fieldsets, ("Gongkai", {"fields": ("full_name", "phone")}))  # type: ignore[operator,misc]
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
