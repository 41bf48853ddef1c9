"""Django admin: the administrators' list of words for the segmenter (place names the bodies'
names do not carry, local terms), audited like every installation-wide list."""

from django.contrib import admin

from gongkai.audit.adminlog import AuditedAdmin
from gongkai.search.models import SearchWord


@admin.register(SearchWord)
class SearchWordAdmin(AuditedAdmin):
    list_display = ("word", "kind", "note")
    list_filter = ("kind",)
    search_fields = ("word",)
