"""Factories and a small ready-made region for tests (factory_boy)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.disclosure.models import CatalogColumn, CatalogTemplate, Item, ItemState
from gongkai.disclosure.services import workflow
from gongkai.disclosure.services.catalog import instantiate_catalog
from gongkai.orgs.models import Kind, Level, Organization, Role, RoleName
from gongkai.orgs.unitcodes import make_uscc

_codes = itertools.count(1)


def next_unit_code(region: str = "341302") -> str:
    n = next(_codes)
    return make_uscc("1", "1", region, f"{n:08d}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.django.Password("gongkai-test-pass")


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试机构{n}")
    slug = factory.Sequence(lambda n: f"org{n}")
    unit_code = factory.LazyFunction(next_unit_code)
    level = Level.CITY
    kind = Kind.DEPARTMENT


class RoleFactory(factory.django.DjangoModelFactory[Role]):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = RoleName.EDITOR


@dataclass
class Region:
    city: Organization
    office: Organization  # the competent authority
    dept: Organization
    county: Organization
    county_office: Organization
    county_dept: Organization
    editor: User
    reviewer: User
    signer: User
    head: User
    supervisor: User
    admin: User
    county_editor: User
    county_reviewer: User
    county_signer: User
    outsider: User
    column: CatalogColumn
    county_column: CatalogColumn


def grant(user: User, organization: Organization, *roles: str) -> User:
    """Give ``user`` the ``roles`` in ``organization`` (those it already has are kept)."""
    for role in roles:
        Role.objects.get_or_create(user=user, organization=organization, role=role)
    return user


def build_region() -> Region:
    """A city with its office (competent authority), one department, and a county below it."""
    from gongkai.disclosure.services.catalog import sync_shipped_data

    sync_shipped_data()
    city = OrganizationFactory.create(name="测试市人民政府", slug="city", kind=Kind.GOVERNMENT)
    office = OrganizationFactory.create(
        name="测试市人民政府办公室",
        slug="office",
        kind=Kind.GENERAL_OFFICE,
        parent=city,
        is_competent_authority=True,
    )
    dept = OrganizationFactory.create(name="测试市教育局", short_name="市教育局", slug="edu", parent=city)
    county = OrganizationFactory.create(
        name="测试县人民政府", slug="county", kind=Kind.GOVERNMENT, level=Level.COUNTY, parent=city
    )
    county_office = OrganizationFactory.create(
        name="测试县人民政府办公室",
        slug="county-office",
        kind=Kind.GENERAL_OFFICE,
        level=Level.COUNTY,
        parent=county,
        is_competent_authority=True,
    )
    county_dept = OrganizationFactory.create(
        name="测试县财政局", slug="county-finance", level=Level.COUNTY, parent=county
    )
    template = CatalogTemplate.objects.get(code="article-20")
    for org in (city, office, dept, county, county_office, county_dept):
        instantiate_catalog(organization=org, template=template)
    u = UserFactory.create
    return Region(
        city=city,
        office=office,
        dept=dept,
        county=county,
        county_office=county_office,
        county_dept=county_dept,
        editor=grant(u(username="editor", full_name="录入员甲"), dept, RoleName.EDITOR),
        reviewer=grant(u(username="reviewer", full_name="审查员乙"), dept, RoleName.REVIEWER),
        signer=grant(u(username="signer", full_name="签发人丙"), dept, RoleName.SIGNER),
        head=grant(u(username="head", full_name="局长丁"), dept, RoleName.SIGNER, RoleName.OFFICE_HEAD),
        supervisor=grant(u(username="supervisor", full_name="主管部门戊"), office, RoleName.SUPERVISOR),
        admin=grant(u(username="orgadmin", full_name="管理员己"), dept, RoleName.ORG_ADMIN),
        county_editor=grant(u(username="ceditor", full_name="县录入员"), county_dept, RoleName.EDITOR),
        county_reviewer=grant(u(username="creviewer", full_name="县审查员"), county_dept, RoleName.REVIEWER),
        county_signer=grant(u(username="csigner", full_name="县签发人"), county_dept, RoleName.SIGNER),
        outsider=u(username="outsider", full_name="无角色人员"),
        column=CatalogColumn.objects.filter(organization=dept, parent=None).order_by("code").first(),  # type: ignore[arg-type]
        county_column=CatalogColumn.objects.filter(organization=county_dept, parent=None)
        .order_by("code")
        .first(),  # type: ignore[arg-type]
    )


def application(**overrides: Any) -> dict[str, Any]:
    """A complete application of a natural person (what the intake form sends, 第二十九条)."""
    data: dict[str, Any] = {
        "applicant_type": "person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": "341302199001011238",
        "phone": "13800000000",
        "email": "zhangsan@example.com",
        "address": "测试市人民路1号",
        "postcode": "234000",
        "description": "2025年测试市义务教育阶段学校招生划片范围的文件",
        "format": "electronic",
        "delivery": "email",
        "fee_waiver_requested": False,
        "fee_waiver_reason": "",
    }
    data.update(overrides)
    return data


def item_fields(column: CatalogColumn, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "关于做好2026年义务教育招生入学工作的通知",
        "document_number": "测教〔2026〕12号",
        "date_formed": timezone.localdate() - dt.timedelta(days=3),
        "column": column,
        "summary": "明确今年义务教育招生的范围、时间和程序。",
        "body": "<p>各县区教育局：为做好义务教育招生入学工作，现将有关事项通知如下。</p>",
        "disclosure_attribute": "active",
        "scope": "public",
        "duration": "long_term",
        "validity": "valid",
    }
    fields.update(overrides)
    return fields


def make_item(
    *,
    region: Region,
    state: str = ItemState.PUBLISHED,
    county: bool = False,
    files: Iterable[tuple[str, bytes]] = (),
    **overrides: Any,
) -> Item:
    """Create an item through the real services, with the attachments ``files`` (file name, bytes)
    added to the draft, and drive it to ``state``."""
    editor = region.county_editor if county else region.editor
    org = region.county_dept if county else region.dept
    column = region.county_column if county else region.column
    column = overrides.pop("column", column)
    item = workflow.create_item(actor=editor, organization=org, fields=item_fields(column, **overrides))
    for filename, data in files:
        workflow.add_attachment(actor=editor, item=item, data=data, filename=filename)
    return advance_item(region=region, item=item, state=state, county=county)


def advance_item(
    *, region: Region, item: Item, state: str = ItemState.PUBLISHED, county: bool = False
) -> Item:
    """Drive a draft through the real services to ``state``: submitted, its blocking secrecy
    findings decided as not secret, reviewed, signed (and withdrawn)."""
    editor = region.county_editor if county else region.editor
    reviewer = region.county_reviewer if county else region.reviewer
    signer = region.county_signer if county else region.signer
    if state == ItemState.DRAFT:
        return item
    workflow.submit_item(actor=editor, item=item)
    if state == ItemState.REVIEW:
        return item
    for f in workflow.scan_item(item):
        if f.blocks:
            workflow.decide_finding(
                actor=reviewer,
                item=item,
                fingerprint=f.fingerprint,
                decision="not_secret",
                note="经核实为虚构的测试数据",
            )
    if state == ItemState.RETURNED:
        workflow.review_item(actor=reviewer, item=item, conclusion="return", opinion="请补充发文字号")
        return item
    workflow.review_item(actor=reviewer, item=item, conclusion="pass")
    if state == ItemState.SIGNOFF:
        return item
    workflow.sign_item(actor=signer, item=item)
    if state == ItemState.WITHDRAWN:
        workflow.withdraw_item(actor=signer, item=item, reason="信息已过时")
    item.refresh_from_db()
    return item


def login_verified(client: Any, user: User) -> Any:
    """Sign ``user`` in on the test client with a session already verified by the second factor,
    as after the two-factor step (for tests that turn ``GONGKAI["TWO_FACTOR"]`` on): the user gets
    a confirmed authenticator if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user.__dict__.pop("_gongkai_roles", None)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def current_code(device: Any) -> str:
    """The code an authenticator app shows now for ``device`` (a TOTPDevice)."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"
