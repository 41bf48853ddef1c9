"""The platform's working-day calendar: the pure kernel fed with the administrators' overrides.

Every deadline in Gongkai asks ``get_calendar()``. The kernel is rebuilt when the override tables
change (a version number in the cache), so several processes agree on the calendar.
"""

from __future__ import annotations

from django.core.cache import cache

from gongkai.workdays.kernel import Calendar, build_calendar

_VERSION_KEY = "gongkai:calendar-version"
_local: dict[str, object] = {}


def calendar_version() -> int:
    return int(cache.get(_VERSION_KEY) or 0)


def calendar_changed() -> None:
    """Call after any change to notices or overrides: every process rebuilds its calendar."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, timeout=None)
    _local.clear()


def get_calendar() -> Calendar:
    from gongkai.workdays.models import CalendarOverride, HolidayNotice

    version = calendar_version()
    if _local.get("version") != version or "calendar" not in _local:
        overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
        years = set(HolidayNotice.objects.values_list("year", flat=True))
        _local["calendar"] = build_calendar(overrides=overrides, notice_years=years)
        _local["version"] = version
    return _local["calendar"]  # type: ignore[return-value]
