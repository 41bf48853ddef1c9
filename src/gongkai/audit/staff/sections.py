"""The staff section of the audit log: 操作日志, shown to supervisors (their region's events) and to
system administrators (every event); registered from ``AuditConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.audit.staff.urls"


def _visible(user: object) -> bool:
    from gongkai.audit.staff.views import can_search

    return can_search(user)


def register() -> None:
    register_staff_section(
        StaffSection(
            key="audit_log",
            label=gettext_lazy("操作日志"),
            url_name="audit_log",
            urls=URLS,
            order=850,
            visible=_visible,
        )
    )
