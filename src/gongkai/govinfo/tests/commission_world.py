"""The world of the commissions and instructions tests (docs/SPEC.md §8): the city's general office
with its information desk and a leader of the city, two units reporting to it (the city's education
bureau and the county government) with their 信息员, the county's own office and a unit below it,
and a leader of the county (another government)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.govinfo.models import Issue, IssueEntry, IssueState, Publication, PublicationLevel, Submission
from gongkai.orgs.models import Organization, RoleName
from gongkai.testing import Region, UserFactory, build_region, grant


@dataclass
class World:
    region: Region
    office: Organization  # 市政府办公室: its desk commissions
    unit: Organization  # 市教育局, reports to the office
    county: Organization  # 县政府, reports to the office
    county_office: Organization
    county_unit: Organization  # 县财政局, reports to the county office
    desk: Any
    leader: Any  # 市领导
    county_leader: Any  # 县领导
    writer: Any  # 信息员 of the unit
    writer2: Any
    county_writer: Any  # 信息员 of the county government
    county_unit_writer: Any
    county_desk: Any


def build_world() -> World:
    r = build_region()
    u = UserFactory.create
    return World(
        region=r,
        office=r.office,
        unit=r.dept,
        county=r.county,
        county_office=r.county_office,
        county_unit=r.county_dept,
        desk=grant(u(username="xxk", full_name="信息科编辑"), r.office, RoleName.INFO_EDITOR),
        leader=grant(u(username="sz", full_name="市长甲"), r.city, RoleName.LEADER),
        county_leader=grant(u(username="xz", full_name="县长乙"), r.county, RoleName.LEADER),
        writer=grant(u(username="xxy", full_name="信息员甲"), r.dept, RoleName.INFO_OFFICER),
        writer2=grant(u(username="xxy2", full_name="信息员乙"), r.dept, RoleName.INFO_OFFICER),
        county_writer=grant(u(username="cxxy", full_name="县政府信息员"), r.county, RoleName.INFO_OFFICER),
        county_unit_writer=grant(
            u(username="cdxxy", full_name="县财政局信息员"), r.county_dept, RoleName.INFO_OFFICER
        ),
        county_desk=grant(
            u(username="cxxk", full_name="县信息科编辑"), r.county_office, RoleName.INFO_EDITOR
        ),
    )


def at(day: dt.date, hour: int = 17, minute: int = 0) -> dt.datetime:
    """A local (Asia/Shanghai) moment."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def submission(
    organization: Organization,
    drafter: Any,
    *,
    commission: Any = None,
    submitted_at: dt.datetime | None = None,
    recipient: Organization | None = None,
    title: str = "市教育局开展校园安全大检查",
) -> Submission:
    """A submission row as the submissions part leaves it (only what this part reads)."""
    return Submission.objects.create(
        organization=organization,
        recipient=recipient,
        drafter=drafter,
        title=title,
        commission=commission,
        submitted_at=submitted_at,
    )


def publication(office: Organization, code: str = "zwxx") -> Publication:
    return Publication.objects.create(
        organization=office, name="政务信息", code=code, level=PublicationLevel.CITY
    )


def issued_issue(pub: Publication, by: Any, *, items: tuple[Submission, ...] = (), number: int = 1) -> Issue:
    issue = Issue.objects.create(
        publication=pub,
        year=2026,
        number=number,
        state=IssueState.ISSUED,
        created_by=by,
        issued_at=timezone.now(),
        date=timezone.localdate(),
    )
    for position, item in enumerate(items, 1):
        IssueEntry.objects.create(issue=issue, submission=item, title=item.title, body="", position=position)
    return issue


def fresh(user: Any) -> Any:
    """Forget the roles cached on ``user`` (after a grant)."""
    user.__dict__.pop("_gongkai_roles", None)
    return user
