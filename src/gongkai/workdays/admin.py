from django.contrib import admin

from gongkai.workdays.calendar import calendar_changed
from gongkai.workdays.models import CalendarOverride, HolidayNotice


class OverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 3


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "document_number", "entered_at")
    inlines = [OverrideInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        calendar_changed()


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note", "notice")
    list_filter = ("is_workday",)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        calendar_changed()
