"""Fixtures of the calendar tests: a calendar administrator, a request handler, a fresh calendar."""

from __future__ import annotations

from typing import Any

import pytest

# No model is imported when this conftest loads: the kernel tests beside it run without Django
# (`pytest -p no:django`, see src/gongkai/conftest.py).


@pytest.fixture(autouse=True)
def _fresh_calendar(request: pytest.FixtureRequest) -> None:
    if not request.config.pluginmanager.has_plugin("django"):
        return  # a kernel test without Django: no calendar is cached
    from gongkai.workdays.calendar import calendar_changed

    calendar_changed()  # forget any calendar this process built in an earlier test


@pytest.fixture
def calendar_admin(region: Any) -> Any:
    """An organization administrator of the city government: the top of the tree (no parent)."""
    from gongkai.orgs.models import Role, RoleName
    from gongkai.testing import UserFactory

    user = UserFactory.create(username="caladmin", full_name="日历管理员")
    Role.objects.create(user=user, organization=region.city, role=RoleName.ORG_ADMIN)
    return user


@pytest.fixture
def handler(region: Any) -> Any:
    """A request handler (依申请承办人) of the city government office; build_region() has none."""
    from gongkai.orgs.models import Role, RoleName
    from gongkai.testing import UserFactory

    user = UserFactory.create(username="handler", full_name="承办人庚")
    Role.objects.create(user=user, organization=region.office, role=RoleName.REQUEST_HANDLER)
    return user
