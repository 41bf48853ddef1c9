"""Template context of the calendar: the reminder to administrators that a year's notice is missing.

``calendar_warnings`` is lazy: nothing is read (neither the user, whose session would make a public
page uncacheable, nor the database) unless a template uses it — only the back-office layout does,
through ``includes/calendar_warning.html``. Only those who may edit the calendar get warnings;
everyone else gets an empty list (their due dates are marked 暂定 where they are shown).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from gongkai.workdays.calendar import get_calendar
from gongkai.workdays.policy import MissingNotice, can_edit_calendar, missing_notice_years


def warnings_for(user: Any) -> list[MissingNotice]:
    if not can_edit_calendar(user):
        return []
    return missing_notice_years(get_calendar(), timezone.localdate())


def calendar_warnings(request: HttpRequest) -> dict[str, Any]:
    return {"calendar_warnings": SimpleLazyObject(lambda: warnings_for(getattr(request, "user", None)))}
