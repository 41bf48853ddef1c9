"""Django admin for system administrators: installation-wide lists (class values, catalog templates,
the secrecy keyword list), each change also written to the audit log (``AuditedAdmin``). Items are
changed only through the back office and its services; the admin shows them read-only so nobody can
bypass the workflow."""

from django.contrib import admin

from gongkai.audit.adminlog import AuditedAdmin
from gongkai.disclosure.models import (
    CatalogTemplate,
    Classification,
    ExemptionFiling,
    Item,
    SecrecyKeyword,
    TemplateColumn,
)


@admin.register(SecrecyKeyword)
class SecrecyKeywordAdmin(AuditedAdmin):
    list_display = ("text", "severity", "note")
    list_filter = ("severity",)
    search_fields = ("text",)


@admin.register(Classification)
class ClassificationAdmin(AuditedAdmin):
    list_display = ("scheme", "code", "name", "position", "is_active")
    list_filter = ("scheme", "is_active")
    search_fields = ("name",)


class TemplateColumnInline(admin.TabularInline):
    model = TemplateColumn
    extra = 0
    fields = ("code", "name", "parent", "position")


@admin.register(CatalogTemplate)
class CatalogTemplateAdmin(AuditedAdmin):
    list_display = ("name", "code", "basis")
    inlines = [TemplateColumnInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization", "index_number", "state", "disclosure_attribute", "published_at")
    list_filter = ("state", "disclosure_attribute", "scope", "validity")
    search_fields = ("title", "index_number", "document_number")


@admin.register(ExemptionFiling)
class ExemptionFilingAdmin(ReadOnlyAdmin):
    list_display = ("item", "organization", "competent_authority", "reason", "filed_at", "acknowledged_at")
    list_filter = ("reason",)
