"""Django admin for system administrators: accounts (every change audited). Roles are granted in the
back office, never here."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import User
from gongkai.audit.adminlog import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    """Accounts (passwords, deactivation, the system-administrator flag); every change is audited.
    Roles are granted in the back office, never here."""

    fieldsets = (*BaseUserAdmin.fieldsets, ("Gongkai", {"fields": ("full_name", "phone")}))  # type: ignore[operator,misc]
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")


def _audit_registered(*models: type) -> None:
    """Admin pages of models Gongkai does not own (Django's permission groups, the two-factor
    devices of django-otp) change who may do what: their changes are audited too."""
    for model in models:
        if admin.site.is_registered(model):
            base: type[admin.ModelAdmin[Any]] = type(admin.site.get_model_admin(model))
            admin.site.unregister(model)
            admin.site.register(
                model, type(f"Audited{base.__name__}", (AuditedAdmin, base), {"__module__": __name__})
            )


_audit_registered(Group, TOTPDevice, StaticDevice)
