from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gongkai.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Gongkai", {"fields": ("full_name", "phone")}))  # type: ignore[operator,misc]
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
