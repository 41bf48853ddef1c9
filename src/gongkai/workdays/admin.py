"""The calendar in Django admin is read-only: notices and overrides are entered on the back-office
calendar screen (/staff/calendar/), whose services recompute every open request's due date and
write the audit log. A change made here would do neither."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.workdays.models import CalendarOverride, HolidayNotice


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(_ReadOnly):
    list_display = ("year", "title", "document_number", "entered_at")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(_ReadOnly):
    list_display = ("date", "is_workday", "note", "notice")
    list_filter = ("is_workday",)
