"""A small hand-worked year of 政务信息报送 for the dashboards and API tests (docs/SPEC.md §8).

Rows are written directly (the dashboards only read them). Year 2026, the office 测试市人民政府办公室
receives from 市教育局 (``unit``), 测试县人民政府 (``county``) and 市公安局 (``quiet``, nothing sent):

市教育局 (``unit``), times in Beijing time:
  1月: 5日, 6日, 14日 (three; the first adopted by the city's 《政务信息》, the second by the city's
       and by the province's 《省政务信息》) — 3 submitted, 2 adopted;
  2月: 1日 00:30 (31 January 16:30 UTC: February in Beijing) — 1 submitted; one returned (20日) and
       one withdrawn (10日) are not counted (``govinfo.scoring.COUNTED_STATES``);
  3月: 3日 — 1 submitted; a draft never sent is not counted;
  2025-12-30 one submitted and adopted in 2026: counted in 2025, not 2026.
测试县人民政府 (``county``): 1月20日 — 1 submitted, adopted by 国办.
Year totals: submitted 1月4 2月1 3月1 = 6; adopted 1月3 = 3; rate 3/6; 市教育局 2/5.
Quotas of 市教育局: 2 a month from 2025-01-01, 3 from 2026-03-10 (so March and April are 3).
Authors: 信息员甲 wrote the three January items (ISO week 2: 5, 6 January; week 3: 14 January);
信息员乙 holds the role and wrote nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from gongkai.govinfo.models import (
    Adoption,
    AdoptionSource,
    Author,
    Publication,
    Submission,
    UnitQuota,
)
from gongkai.orgs.models import Organization, RoleName
from gongkai.testing import OrganizationFactory, Region, UserFactory, build_region, grant

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class World:
    region: Region
    office: Organization
    unit: Organization
    county: Organization
    quiet: Organization
    writer: Any
    writer2: Any
    signer: Any
    county_writer: Any
    desk: Any
    supervisor: Any
    outsider: Any
    city_pub: Publication
    province_pub: Publication
    national_pub: Publication
    subs: dict[str, Submission] = field(default_factory=dict)

    def fresh(self, user: Any) -> Any:
        user.__dict__.pop("_gongkai_roles", None)
        return user


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_submission(
    world: World,
    org: Organization,
    title: str,
    when: dt.datetime | None,
    state: str = "submitted",
    **extra: Any,
) -> Submission:
    return Submission.objects.create(
        organization=org,
        recipient=world.office,
        title=title,
        body=f"<p>{title}</p>",
        state=state,
        drafter=world.writer,
        submitted_at=when,
        **extra,
    )


def adopt(world: World, submission: Submission, publication: Publication, on: dt.date) -> Adoption:
    return Adoption.objects.create(
        submission=submission,
        publication=publication,
        level=publication.level,
        issue_label=f"{on.year}年第{on.month}期",
        adopted_on=on,
        source=AdoptionSource.MANUAL,
        recorded_by=world.desk,
    )


def build_world() -> World:
    region = build_region()
    quiet = OrganizationFactory.create(name="测试市公安局", slug="police", parent=region.city)
    u = UserFactory.create
    world = World(
        region=region,
        office=region.office,
        unit=region.dept,
        county=region.county,
        quiet=quiet,
        writer=grant(u(username="xxy", full_name="信息员甲"), region.dept, RoleName.INFO_OFFICER),
        writer2=grant(u(username="xxy2", full_name="信息员乙"), region.dept, RoleName.INFO_OFFICER),
        signer=grant(u(username="qfr", full_name="签发人戊"), region.dept, RoleName.SIGNER),
        county_writer=grant(u(username="cxxy", full_name="县信息员"), region.county, RoleName.INFO_OFFICER),
        desk=grant(u(username="xxk", full_name="信息科编辑"), region.office, RoleName.INFO_EDITOR),
        supervisor=region.supervisor,
        outsider=region.outsider,
        city_pub=Publication.objects.create(
            organization=region.office, name="政务信息", code="t-city", level="city", edition="general"
        ),
        province_pub=Publication.objects.create(name="省政务信息", code="t-prov", level="province"),
        national_pub=Publication.objects.create(name="国办信息", code="t-nat", level="national"),
    )
    s = world.subs
    s["jan5"] = make_submission(world, world.unit, "一月五日稿", at(2026, 1, 5), state="adopted")
    s["jan6"] = make_submission(world, world.unit, "一月六日稿", at(2026, 1, 6), state="adopted")
    s["jan14"] = make_submission(world, world.unit, "一月十四日稿", at(2026, 1, 14))
    s["feb1"] = make_submission(world, world.unit, "二月一日凌晨稿", at(2026, 2, 1, 0, 30), state="received")
    s["feb20"] = make_submission(world, world.unit, "二月二十日退回稿", at(2026, 2, 20), state="returned")
    s["feb10w"] = make_submission(world, world.unit, "二月撤回稿", at(2026, 2, 10), state="withdrawn")
    s["mar3"] = make_submission(world, world.unit, "三月三日稿", at(2026, 3, 3), state="reserved")
    s["draft"] = make_submission(world, world.unit, "未报送草稿", None, state="draft")
    s["dec25"] = make_submission(world, world.unit, "去年十二月稿", at(2025, 12, 30), state="adopted")
    s["county"] = make_submission(world, world.county, "县一月稿", at(2026, 1, 20), state="adopted")
    adopt(world, s["jan5"], world.city_pub, dt.date(2026, 1, 8))
    adopt(world, s["jan6"], world.city_pub, dt.date(2026, 1, 9))
    adopt(world, s["jan6"], world.province_pub, dt.date(2026, 2, 2))
    adopt(world, s["dec25"], world.city_pub, dt.date(2026, 1, 3))
    adopt(world, s["county"], world.national_pub, dt.date(2026, 3, 1))
    for key in ("jan5", "jan6", "jan14"):
        Author.objects.create(submission=s[key], user=world.writer, name="信息员甲")
    Author.objects.create(submission=s["feb10w"], user=world.writer, name="信息员甲")
    UnitQuota.objects.create(
        organization=world.unit, tier="四档", monthly_items=2, effective_from=dt.date(2025, 1, 1)
    )
    UnitQuota.objects.create(
        organization=world.unit, tier="三档", monthly_items=3, effective_from=dt.date(2026, 3, 10)
    )
    return world
