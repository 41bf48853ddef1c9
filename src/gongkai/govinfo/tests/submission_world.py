"""A unit with its 信息员 and the three signers of the submissions chain, and the office above whose
信息科 receives (docs/SPEC.md §8), for the submissions tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.govinfo.models import Carrier, Submission
from gongkai.govinfo.services import submissions as services
from gongkai.orgs.models import Organization, RoleName
from gongkai.testing import Region, UserFactory, build_region, grant


@dataclass
class World:
    region: Region
    unit: Organization
    office: Organization
    writer: Any
    writer2: Any
    section_head: Any
    deputy: Any
    head: Any
    desk: Any
    other_writer: Any  # 信息员 of another unit (the county's finance bureau)

    def fresh(self, user: Any) -> Any:
        user.__dict__.pop("_gongkai_roles", None)
        return user


def build_world() -> World:
    region = build_region()
    unit, office = region.dept, region.office
    u = UserFactory.create
    writer = grant(u(username="xxy", full_name="信息员甲"), unit, RoleName.INFO_OFFICER)
    writer2 = grant(u(username="xxy2", full_name="信息员乙"), unit, RoleName.INFO_OFFICER)
    section_head = grant(u(username="kzhang", full_name="科长丙"), unit, RoleName.SIGNER)
    deputy = grant(u(username="fjz", full_name="副局长丁"), unit, RoleName.SIGNER)
    head = grant(u(username="jz", full_name="局长戊"), unit, RoleName.SIGNER)
    desk = grant(u(username="xxk", full_name="信息科编辑"), office, RoleName.INFO_EDITOR)
    other = grant(u(username="cxxy", full_name="县信息员"), region.county_dept, RoleName.INFO_OFFICER)
    services.install_default_chain(unit, section_head=section_head, deputy=deputy, head=head)
    return World(region, unit, office, writer, writer2, section_head, deputy, head, desk, other)


def carrier(code: str = "pukan") -> Carrier:
    return Carrier.objects.get(code=code)


def draft(world: World, *, body: str = "<p>市教育局开展校园安全检查。</p>", **fields: Any) -> Submission:
    data: dict[str, Any] = {"title": "市教育局开展校园安全大检查", "body": body, "carrier": carrier()}
    data.update(fields)
    return services.create_submission(actor=world.writer, organization=world.unit, fields=data)


def sign_all(world: World, submission: Submission) -> Submission:
    for signer in (world.section_head, world.deputy, world.head):
        if submission.state != "signing":
            break
        submission = services.sign_submission(actor=signer, submission=submission)
    return submission
