"""Who reports to whom (``orgs.hierarchy``, 条例第四十九条) and who holds which role where
(``orgs.selectors.staff_of``): the shared reads every module asks."""

from __future__ import annotations

import pytest

from gongkai.orgs import hierarchy
from gongkai.orgs.models import Kind, Organization, RoleName
from gongkai.orgs.selectors import staff_of
from gongkai.testing import OrganizationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def test_a_department_reports_to_its_governments_authority_a_government_to_the_region_above(region):
    """条例第四十九条: a department to 本级政府信息公开工作主管部门; a county government to the city's."""
    assert hierarchy.reports_to(region.dept) == region.office
    assert hierarchy.reports_to(region.county_dept) == region.county_office
    assert hierarchy.reports_to(region.county) == region.office
    # The top government has no region above: its own competent authority.
    assert hierarchy.reports_to(region.city) == region.office


def test_a_region_without_an_authority_reports_further_up(region):
    township = OrganizationFactory.create(name="测试镇人民政府", kind=Kind.GOVERNMENT, parent=region.county)
    station = OrganizationFactory.create(name="测试镇农技站", parent=township)
    # The township has no office of its own: its bodies report to the county's competent authority.
    assert hierarchy.reports_to(station) == region.county_office
    assert hierarchy.reports_to(township) == region.county_office


def test_bodies_reporting_to_keep_every_active_body_unless_told(region):
    hospital = OrganizationFactory.create(
        name="测试市人民医院", kind=Kind.PUBLIC_INSTITUTION, parent=region.city
    )
    closed = OrganizationFactory.create(name="已撤销的局", parent=region.city, is_active=False)
    bodies = hierarchy.bodies_reporting_to(region.office)
    assert hospital in bodies and closed not in bodies
    assert region.county in bodies and region.county_dept not in bodies
    # ``keep`` replaces the default: a closed department counts when the caller says so.
    departments = hierarchy.bodies_reporting_to(region.office, keep=lambda o: o.kind == Kind.DEPARTMENT)
    assert set(departments) == {region.dept, closed}
    assert hierarchy.bodies_reporting_to(region.dept) == []  # not a competent authority
    mapping = hierarchy.reporting_map()
    assert {o.pk for o in mapping[region.office.pk]} == {o.pk for o in bodies}


def test_staff_of_one_body_several_bodies_or_none(region):
    assert set(staff_of(region.dept, RoleName.SIGNER)) == {region.signer, region.head}
    assert set(staff_of(region.dept.pk, RoleName.SIGNER, RoleName.ORG_ADMIN)) == {
        region.signer,
        region.head,
        region.admin,
    }
    both = Organization.objects.filter(pk__in=[region.dept.pk, region.county_dept.pk])
    assert set(staff_of(both, RoleName.EDITOR)) == {region.editor, region.county_editor}
    assert set(staff_of([region.dept, region.county_dept.pk], RoleName.EDITOR)) == {
        region.editor,
        region.county_editor,
    }
    assert region.head in staff_of(region.dept)  # any role
    assert list(staff_of(None, RoleName.EDITOR)) == []


def test_staff_of_holds_one_role_row_per_match_and_skips_disabled_accounts(region):
    """A person with the role in one body and another role in a second body is not the staff of
    the first for the second role; a disabled account is staff only when asked for explicitly."""
    grant(region.signer, region.county_dept, RoleName.EDITOR)
    assert region.signer not in staff_of(region.dept, RoleName.EDITOR)
    gone = grant(UserFactory.create(username="gone", is_active=False), region.dept, RoleName.SIGNER)
    assert gone not in staff_of(region.dept, RoleName.SIGNER)
    assert gone in staff_of(region.dept, RoleName.SIGNER, active_only=False)
    assert list(staff_of(region.dept, RoleName.SIGNER)).count(region.head) == 1


def test_authorities_above_nearest_first(region):
    """A county department's 主管部门 is the county's office, then the city's; a township without an
    office of its own is passed over."""
    assert region.county_dept.authorities_above() == [region.county_office, region.office]
    assert region.dept.authorities_above() == [region.office]
    township = OrganizationFactory.create(name="测试镇人民政府", kind=Kind.GOVERNMENT, parent=region.county)
    station = OrganizationFactory.create(name="测试镇农技站", parent=township)
    assert station.authorities_above() == [region.county_office, region.office]
    assert station.competent_authority() == region.county_office
    assert OrganizationFactory.create(name="孤立机构").authorities_above() == []
