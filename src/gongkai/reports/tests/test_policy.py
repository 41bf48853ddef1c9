"""Who writes, reviews and publishes an annual report (``gongkai.reports.policy``).

The test region (``gongkai.testing.build_region``): 测试市人民政府 (``city``) with its office
(测试市人民政府办公室, the competent authority) and 测试市教育局 (``dept``); below the city 测试县人民政府
(``county``) with its own office (competent authority) and 测试县财政局 (``county_dept``).

Receiving authorities worked out from 条例第四十九条: a department reports to the competent
authority of its own government (dept → city office, county_dept → county office); a government's
report goes to the competent authority of the region above (county → city office); the top
government, with no region above, to its own (city → city office).
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.orgs import hierarchy
from gongkai.orgs.models import Kind, Role, RoleName
from gongkai.reports import policy
from gongkai.reports.models import AnnualReport
from gongkai.testing import OrganizationFactory, Region, UserFactory

pytestmark = pytest.mark.django_db


def grant(user: Any, org: Any, role: str) -> Any:
    Role.objects.create(user=user, organization=org, role=role)
    return user


def test_receiving_authority_follows_article_49(region: Region) -> None:
    assert hierarchy.reports_to(region.dept) == region.office
    assert hierarchy.reports_to(region.office) == region.office
    assert hierarchy.reports_to(region.city) == region.office
    assert hierarchy.reports_to(region.county) == region.office
    assert hierarchy.reports_to(region.county_dept) == region.county_office
    assert hierarchy.reports_to(region.county_office) == region.county_office


def test_reporting_bodies_of_each_authority(region: Region) -> None:
    hospital = OrganizationFactory.create(
        name="测试市人民医院", kind=Kind.PUBLIC_INSTITUTION, parent=region.city
    )
    closed = OrganizationFactory.create(name="已撤销的局", parent=region.city, is_active=False)
    city_bodies = policy.reporting_bodies(region.office)
    assert {o.name for o in city_bodies} == {
        "测试市人民政府",
        "测试市人民政府办公室",
        "测试市教育局",
        "测试县人民政府",
    }
    assert hospital not in city_bodies and closed not in city_bodies  # 第五十五条; no longer exists
    assert [o.path for o in city_bodies] == sorted(o.path for o in city_bodies)
    assert {o.name for o in policy.reporting_bodies(region.county_office)} == {
        "测试县人民政府办公室",
        "测试县财政局",
    }
    assert policy.reporting_bodies(region.dept) == []  # not a competent authority
    # The installation-wide map agrees with the per-authority lists.
    mapping = policy.reporting_map()
    assert {o.pk for o in mapping[region.office.pk]} == {o.pk for o in city_bodies}
    assert {o.pk for o in mapping[region.county_office.pk]} == {
        region.county_office.pk,
        region.county_dept.pk,
    }


def test_editors_are_the_office_head_and_the_org_admin(region: Region) -> None:
    report = AnnualReport.objects.create(organization=region.dept, year=2025)
    handler = grant(UserFactory.create(username="handler"), region.dept, RoleName.REQUEST_HANDLER)
    assert policy.can_edit(region.head, report)  # 公开工作机构负责人
    assert policy.can_edit(region.admin, report)  # 机构管理员
    for user in (region.editor, region.signer, handler, region.supervisor, region.outsider):
        assert not policy.can_edit(user, report), user
    # Another body's office head does not write this body's report.
    other_head = grant(UserFactory.create(username="chead"), region.county_dept, RoleName.OFFICE_HEAD)
    assert not policy.can_edit(other_head, report)
    assert policy.can_edit(
        other_head, AnnualReport.objects.create(organization=region.county_dept, year=2025)
    )


def test_reviewers_are_the_receiving_authoritys_supervisors(region: Region) -> None:
    report = AnnualReport.objects.create(organization=region.dept, year=2025)
    county_report = AnnualReport.objects.create(organization=region.county_dept, year=2025)
    county_supervisor = grant(UserFactory.create(username="csup"), region.county_office, RoleName.SUPERVISOR)
    AnnualReport.objects.filter(pk__in=[report.pk, county_report.pk]).update(state="submitted")
    report.refresh_from_db()
    county_report.refresh_from_db()
    assert policy.can_review(region.supervisor, report)
    assert not policy.can_review(county_supervisor, report)
    assert not policy.can_review(region.head, report)
    # The city's supervisor sees the county's reports but was not sent them.
    assert policy.can_read(region.supervisor, county_report)
    assert not policy.can_review(region.supervisor, county_report)
    assert policy.can_review(county_supervisor, county_report)
    # Only a submitted report is reviewed.
    AnnualReport.objects.filter(pk=report.pk).update(state="draft")
    report.refresh_from_db()
    assert not policy.can_review(region.supervisor, report)


def test_publishing_after_acceptance_by_the_body_or_the_authority(region: Region) -> None:
    report = AnnualReport.objects.create(organization=region.dept, year=2025)
    AnnualReport.objects.filter(pk=report.pk).update(state="accepted")
    report.refresh_from_db()
    assert policy.can_publish(region.head, report)
    assert policy.can_publish(region.supervisor, report)
    assert not policy.can_publish(region.editor, report)
    assert not policy.can_publish(region.outsider, report)
    AnnualReport.objects.filter(pk=report.pk).update(state="submitted")
    report.refresh_from_db()
    assert not policy.can_publish(region.head, report)


def test_reading_follows_the_scope_rule(region: Region) -> None:
    report = AnnualReport.objects.create(organization=region.dept, year=2025)
    county_report = AnnualReport.objects.create(organization=region.county_dept, year=2025)
    assert set(policy.visible_reports(region.editor)) == {report}  # any role in the body
    assert set(policy.visible_reports(region.supervisor)) == {report, county_report}  # the whole city
    assert set(policy.visible_reports(region.county_editor)) == {county_report}
    assert not policy.visible_reports(region.outsider).exists()


def test_public_institutions_write_no_annual_report(region: Region) -> None:
    hospital = OrganizationFactory.create(
        name="测试市人民医院", kind=Kind.PUBLIC_INSTITUTION, parent=region.city
    )
    head = grant(UserFactory.create(username="hhead"), hospital, RoleName.OFFICE_HEAD)
    assert not policy.can_edit_body_reports(head, hospital)
    assert list(policy.bodies_edited_by(head)) == []
    assert list(policy.bodies_edited_by(region.head)) == [region.dept]
