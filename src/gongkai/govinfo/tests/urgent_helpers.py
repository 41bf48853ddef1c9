"""Shared set-up of the urgent-report tests: the test region with a unit's 信息员 and 签发人, the
office's 信息科编辑 and the city's leader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from gongkai.orgs.models import RoleName
from gongkai.testing import UserFactory, grant

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 3) -> dt.datetime:
    """A moment of March 2026, Beijing time."""
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=BEIJING)


@dataclass
class People:
    region: Any
    officer: Any  # 信息员 of the education bureau (reports to the city office)
    signer: Any  # 签发人 of the education bureau
    desk: Any  # 信息科编辑 of the city office
    leader: Any  # leader of the city government
    county_desk: Any  # 信息科编辑 of the county office: not the bureau's office
    county_officer: Any  # 信息员 of the county finance bureau


def people(region: Any) -> People:
    u = UserFactory.create
    return People(
        region=region,
        officer=grant(
            u(username="xxy", full_name="信息员甲", phone="13800000001"), region.dept, RoleName.INFO_OFFICER
        ),
        signer=grant(region.signer, region.dept, RoleName.SIGNER),
        desk=grant(
            u(username="desk", full_name="编辑乙", phone="13800000002"), region.office, RoleName.INFO_EDITOR
        ),
        leader=grant(
            u(username="leader", full_name="秘书长丙", phone="13800000003"), region.city, RoleName.LEADER
        ),
        county_desk=grant(
            u(username="cdesk", full_name="县编辑"), region.county_office, RoleName.INFO_EDITOR
        ),
        county_officer=grant(
            u(username="cxxy", full_name="县信息员"), region.county_dept, RoleName.INFO_OFFICER
        ),
    )
