"""A month of 政务信息报送 for the scoring tests (November 2026 at 测试市人民政府办公室), with every
figure worked out by hand in ``test_scoring_standings``.

Units reporting to the office (``scoring.units_of``): 测试市教育局 (edu), 测试县人民政府 (county), and
five departments made here: 财政局 (finance), 公安局 (police), 农业局 (agri), 交通局 (traffic),
卫健委 (health).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from gongkai.govinfo.models import (
    Adoption,
    AdoptionSource,
    Commission,
    CommissionKind,
    CommissionTarget,
    CreditedUnit,
    Instruction,
    Penalty,
    Publication,
    State,
    Submission,
)
from gongkai.orgs.models import Organization, RoleName
from gongkai.testing import OrganizationFactory, Region, UserFactory, build_region, grant

SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@dataclass
class World:
    region: Region
    office: Organization
    edu: Organization
    county: Organization
    finance: Organization
    police: Organization
    agri: Organization
    traffic: Organization
    health: Organization
    desk: Any
    leader: Any
    writer: Any  # 信息员 of edu
    city_general: Publication
    province_general: Publication
    province_internet: Publication
    national_general: Publication
    subs: dict[str, Submission]

    def unit(self, key: str) -> Organization:
        return getattr(self, key)  # type: ignore[no-any-return]


def submission(world_office: Organization, unit: Organization, day: dt.date, title: str, drafter: Any,
               *, credits: tuple[Organization, ...] = (), state: str = State.RECEIVED,
               commission: Commission | None = None) -> Submission:  # fmt: skip
    sub = Submission.objects.create(
        organization=unit,
        recipient=world_office,
        title=title,
        drafter=drafter,
        state=state,
        submitted_at=moment(day),
        commission=commission,
    )
    for org in credits:
        CreditedUnit.objects.create(submission=sub, organization=org)
    return sub


def adopt(
    sub: Submission, publication: Publication, day: dt.date, label: str, *, via_forward: bool = False
) -> Adoption:
    return Adoption.objects.create(
        submission=sub,
        publication=publication,
        level=publication.level,
        issue_label=label,
        adopted_on=day,
        source=AdoptionSource.MANUAL if publication.organization_id is None else AdoptionSource.ISSUE,
        via_forward=via_forward,
    )


def instruct(sub: Submission, level: str, day: dt.date, by: Any, name: str = "张市长") -> Instruction:
    return Instruction.objects.create(
        submission=sub, leader_name=name, level=level, given_on=day, text="请认真研究。", recorded_by=by
    )


def build_world() -> World:
    region = build_region()
    office, city = region.office, region.city
    make = OrganizationFactory.create
    finance = make(name="测试市财政局", short_name="市财政局", slug="finance", parent=city)
    police = make(name="测试市公安局", short_name="市公安局", slug="police", parent=city)
    agri = make(name="测试市农业农村局", short_name="市农业农村局", slug="agri", parent=city)
    traffic = make(name="测试市交通运输局", short_name="市交通运输局", slug="traffic", parent=city)
    health = make(name="测试市卫生健康委员会", short_name="市卫健委", slug="health", parent=city)
    u = UserFactory.create
    desk = grant(u(username="xxk", full_name="信息科编辑"), office, RoleName.INFO_EDITOR)
    leader = grant(u(username="szz", full_name="张市长"), city, RoleName.LEADER)
    writer = grant(u(username="xxy", full_name="教育局信息员"), region.dept, RoleName.INFO_OFFICER)
    city_general = Publication.objects.create(
        organization=office, name="测试市《政务信息》", code="city-general", level="city", edition="general"
    )
    pubs = {p.code: p for p in Publication.objects.all()}
    return World(
        region=region,
        office=office,
        edu=region.dept,
        county=region.county,
        finance=finance,
        police=police,
        agri=agri,
        traffic=traffic,
        health=health,
        desk=desk,
        leader=leader,
        writer=writer,
        city_general=city_general,
        province_general=pubs["province-general"],
        province_internet=pubs["province-internet"],
        national_general=pubs["national-general"],
        subs={},
    )


def november(world: World) -> World:
    """The records of November 2026 (and a few outside it that must not count in the month)."""
    w, d = world, dt.date
    by = w.desk

    def sub(key: str, unit: Organization, day: dt.date, **kw: Any) -> Submission:
        w.subs[key] = submission(w.office, unit, day, f"{unit.short_name or unit.name}信息{key}", by, **kw)
        return w.subs[key]

    # 市教育局: s1 adopted by the city's 《政务信息》 (1) and, forwarded, by the province's (4 × 2);
    # s2 by the province's internet edition (2) with a city leader's instruction (+40).
    s1 = sub("s1", w.edu, d(2026, 11, 3))
    adopt(s1, w.city_general, d(2026, 11, 6), "2026年第41期")
    adopt(s1, w.province_general, d(2026, 11, 18), "2026年第88期", via_forward=True)
    s2 = sub("s2", w.edu, d(2026, 11, 5))
    adopt(s2, w.province_internet, d(2026, 11, 9), "2026年第120期")
    instruct(s2, "city", d(2026, 11, 12), by)
    # December: outside the month, inside the year (province general, 4).
    adopt(s2, w.province_general, d(2026, 12, 1), "2026年第95期")

    # 测试县人民政府: s3 adopted by 国办 (8), a province leader's instruction (+80), 迟报 (−100).
    s3 = sub("s3", w.county, d(2026, 11, 10))
    adopt(s3, w.national_general, d(2026, 11, 20), "2026年第30期")
    instruct(s3, "province", d(2026, 11, 25), by, name="李省长")
    Penalty.objects.create(
        organization=w.county,
        kind="late",
        points=Decimal(-100),
        on=d(2026, 11, 21),
        notice="测政办通〔2026〕9号",
        reason="11月8日交通事故迟报",
        recorded_by=by,
    )

    # 财政局 + 公安局: joint s4 forwarded and adopted by the province (4 × 2 = 8, split 4 + 4).
    s4 = sub("s4", w.finance, d(2026, 11, 4), credits=(w.finance, w.police))
    adopt(s4, w.province_general, d(2026, 11, 16), "2026年第86期", via_forward=True)
    # 财政局 s5: city general (1) + a county leader's instruction (+20).
    s5 = sub("s5", w.finance, d(2026, 11, 11))
    adopt(s5, w.city_general, d(2026, 11, 13), "2026年第43期")
    instruct(s5, "county", d(2026, 11, 14), by, name="王区长")
    # 公安局 s6: city general (1) + a county leader's instruction (+20).
    s6 = sub("s6", w.police, d(2026, 11, 17))
    adopt(s6, w.city_general, d(2026, 11, 19), "2026年第45期")
    instruct(s6, "county", d(2026, 11, 23), by, name="王区长")

    # 农业局: one submission, not adopted; a returned one that does not count.
    sub("s7", w.agri, d(2026, 11, 12))
    sub("s7r", w.agri, d(2026, 11, 13), state=State.RETURNED)
    # 交通局: submitted in October, adopted in November (city general, 1): no submission in November.
    s8 = sub("s8", w.traffic, d(2026, 10, 28))
    adopt(s8, w.city_general, d(2026, 11, 2), "2026年第40期")
    # 卫健委: nothing at all.
    # Outside the month: an October adoption of 农业局 (must not count in November).
    s9 = sub("s9", w.agri, d(2026, 10, 8))
    adopt(s9, w.city_general, d(2026, 10, 9), "2026年第38期")
    return w


def commissions_2026(world: World) -> None:
    """Two 约稿通知 of the office in 2026 to 财政局 and 公安局: 财政局 answers neither (2 missed: its
    year is zeroed), 公安局 answers the first on time (1 missed)."""
    w = world
    notices = []
    for month in (3, 6):
        commission = Commission.objects.create(
            organization=w.office,
            kind=CommissionKind.NOTICE,
            year=2026,
            title=f"关于报送{month}月重点工作信息的约稿通知",
            deadline=moment(dt.date(2026, month, 20), 18),
            issued_at=moment(dt.date(2026, month, 1)),
            created_by=w.desk,
        )
        for unit in (w.finance, w.police):
            CommissionTarget.objects.create(commission=commission, organization=unit)
        notices.append(commission)
    w.subs["answer"] = submission(
        w.office, w.police, dt.date(2026, 3, 18), "公安局约稿回复", w.desk, commission=notices[0]
    )
