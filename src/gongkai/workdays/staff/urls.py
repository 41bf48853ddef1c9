"""Routes of the working-day calendar screen (工作日历), mounted under ``/staff/`` in the
``backoffice`` namespace by the back office's URL map (``gongkai.core.registry``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.workdays.staff import views

urlpatterns: list[URLPattern] = [
    path("calendar/", views.calendar_overview, name="calendar"),
    path("calendar/<year:year>/", views.calendar_year, name="calendar_year"),
    path("calendar/<year:year>/notice/", views.calendar_notice, name="calendar_notice"),
    path("calendar/<year:year>/notice/delete/", views.calendar_notice_delete, name="calendar_notice_delete"),
    path("calendar/overrides/add/", views.calendar_override_add, name="calendar_override_add"),
    path(
        "calendar/overrides/<id:pk>/delete/", views.calendar_override_delete, name="calendar_override_delete"
    ),
]
