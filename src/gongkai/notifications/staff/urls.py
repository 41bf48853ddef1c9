"""Routes of the notification screens (通知), mounted by the back office shell under ``/staff/`` in
the ``backoffice`` namespace (``gongkai.core.registry.staff_url_modules``)."""

from __future__ import annotations

from gongkai.notifications.staff.views import urlpatterns

__all__ = ["urlpatterns"]
