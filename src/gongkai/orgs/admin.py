"""Django admin for system administrators: organizations, roles and sign-off chains, read-only.

They are changed in the back office (人员与角色, 机构管理) through ``gongkai.orgs.services``, which
check who may (roles that reach beyond an organization are granted only from above) and write the
audit log; a change made here would do neither.
"""

from django.contrib import admin
from django.db import models

from gongkai.audit.adminlog import ReadOnlyAdmin
from gongkai.orgs.models import Organization, Role, SignOffStep


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ("user", "role", "granted_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit_code", "level", "kind", "is_competent_authority", "is_active")
    list_filter = ("level", "kind", "is_competent_authority", "is_active")
    search_fields = ("name", "short_name", "unit_code")
    inlines = [RoleInline]
    # The read-only change page still builds its form: say which scheme a bare address means.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ("user", "organization", "role", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "organization__name")


@admin.register(SignOffStep)
class SignOffStepAdmin(ReadOnlyAdmin):
    list_display = ("organization", "workflow", "position", "title", "condition")
    list_filter = ("workflow",)
    search_fields = ("organization__name", "title")
