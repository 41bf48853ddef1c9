"""Django admin for system administrators (staff use the back office)."""

from django.contrib import admin

from gongkai.orgs.models import Organization, Role, SignOffStep


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "unit_code", "level", "kind", "is_competent_authority", "is_active")
    list_filter = ("level", "kind", "is_competent_authority", "is_active")
    search_fields = ("name", "short_name", "unit_code")
    autocomplete_fields = ["parent"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "organization__name")
    autocomplete_fields = ["user", "organization"]


@admin.register(SignOffStep)
class SignOffStepAdmin(admin.ModelAdmin):
    list_display = ("organization", "position", "title", "condition")
    autocomplete_fields = ["organization"]
