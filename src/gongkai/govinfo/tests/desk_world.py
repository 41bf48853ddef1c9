"""A region for the desk tests (docs/SPEC.md §8): the city's general office runs a desk that the
city's departments and the county report to; the county's office runs its own desk for the
county's departments and forwards upward to the city's; a leader of the city reads the city
office's issues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.govinfo.models import Publication, State, Submission
from gongkai.govinfo.services import desk
from gongkai.govinfo.text import set_body
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization, RoleName
from gongkai.testing import Region, UserFactory, build_region, grant


@dataclass
class DeskWorld:
    region: Region
    office: Organization  # 测试市人民政府办公室: the city's desk
    county_office: Organization  # 测试县人民政府办公室: the county's desk
    unit: Organization  # 测试市教育局, reports to the city's office
    county_unit: Organization  # 测试县财政局, reports to the county's office
    editor: Any  # 信息科编辑 of the city's office
    county_editor: Any  # 信息科编辑 of the county's office
    writer: Any  # 信息员 of the city's unit
    county_writer: Any  # 信息员 of the county's unit
    leader: Any  # 领导 of the city government
    outsider: Any


def fresh(user: Any) -> Any:
    """Forget the roles cached on ``user`` (after granting more)."""
    user.__dict__.pop("_gongkai_roles", None)
    return user


def build_desk_world() -> DeskWorld:
    region = build_region()
    u = UserFactory.create
    return DeskWorld(
        region=region,
        office=region.office,
        county_office=region.county_office,
        unit=region.dept,
        county_unit=region.county_dept,
        editor=grant(u(username="xxk", full_name="市信息科编辑"), region.office, RoleName.INFO_EDITOR),
        county_editor=grant(
            u(username="cxxk", full_name="县信息科编辑"), region.county_office, RoleName.INFO_EDITOR
        ),
        writer=grant(u(username="xxy", full_name="信息员甲"), region.dept, RoleName.INFO_OFFICER),
        county_writer=grant(
            u(username="cxxy", full_name="县信息员"), region.county_dept, RoleName.INFO_OFFICER
        ),
        leader=grant(u(username="ld", full_name="市长"), region.city, RoleName.LEADER),
        outsider=region.outsider,
    )


def submitted(
    unit: Organization,
    drafter: Any,
    *,
    title: str = "市教育局开展校园安全大检查",
    body: str = "<p>近日，市教育局组织开展校园安全大检查，排查隐患12处，已全部整改。</p>",
    at: dt.datetime | None = None,
    **fields: Any,
) -> Submission:
    """A submission as the unit's sign-off leaves it: 已报送 to the office the unit reports to."""
    submission = Submission(
        organization=unit,
        recipient=hierarchy.reports_to(unit),
        title=title,
        drafter=drafter,
        state=State.SUBMITTED,
        submitted_at=at or timezone.now(),
        **fields,
    )
    set_body(submission, body)
    submission.save()
    return submission


def publication(
    world: DeskWorld, name: str = "《政务信息》", *, office: Organization | None = None, **values: Any
) -> Publication:
    office = office or world.office
    editor = world.editor if office == world.office else world.county_editor
    data: dict[str, Any] = {
        "name": name,
        "level": "city" if office == world.office else "county",
        "edition": "general",
        "default_bao": "省政府办公厅",
        "default_song": "市委办公室，市人大常委会办公室",
        "default_fa": "各县区人民政府，市政府各部门",
    }
    data.update(values)
    return desk.save_publication(office, actor=editor, **data)
