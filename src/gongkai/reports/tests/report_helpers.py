"""Helpers for the annual-report workflow tests (the clock is the root ``clock`` fixture): request
staff in the test region, and requests registered and answered through the
real services (``foi.services``).

The region is ``gongkai.testing.build_region()``: 测试市人民政府 (``city``), its office
(测试市人民政府办公室, the competent authority, supervisor ``region.supervisor``) and 测试市教育局
(``dept``: office head ``region.head``, organization administrator ``region.admin``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from gongkai.accounts.models import User
from gongkai.foi.legal import ReplyType
from gongkai.foi.models import InfoRequest
from gongkai.foi.services import handling
from gongkai.foi.services.intake import register
from gongkai.orgs.models import Organization, RoleName
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.testing import Region, UserFactory, application, grant


@dataclass
class People:
    region: Region
    office_handler: User  # 依申请承办人 of the office (registers and answers its requests)
    dept_handler: User  # 依申请承办人 of the department


@pytest.fixture
def people(region: Region) -> People:
    return People(
        region=region,
        office_handler=grant(
            UserFactory.create(username="office_handler", full_name="公开办承办人"),
            region.office,
            RoleName.REQUEST_HANDLER,
        ),
        dept_handler=grant(
            UserFactory.create(username="dept_handler", full_name="教育局承办人", email="dh@example.gov.cn"),
            region.dept,
            RoleName.REQUEST_HANDLER,
        ),
    )


def receive(
    actor: User, organization: Organization, on: dt.date, *, applicant_type: str = "person"
) -> InfoRequest:
    """An application handed in on ``on`` (received that day, 第三十一条第（一）项); today must be
    ``on`` or later."""
    data = application(applicant_type=applicant_type)
    if applicant_type != "person":
        data.update(applicant_name="某某科技有限公司", contact_person="李四")
    request, _code = register(organization, actor=actor, data=data, channel="in_person", submitted_on=on)
    return request


def answer(actor: User, request: InfoRequest, on: dt.date) -> None:
    """予以公开 on ``on`` (today must be ``on`` or later)."""
    handling.issue_reply(
        InfoRequest.objects.get(pk=request.pk),
        actor=actor,
        on=on,
        outcome="1",
        reply_type=ReplyType.PROVIDED,
    )


ZERO_ENTERED = {
    "licensing_decisions": 0,
    "penalty_decisions": 0,
    "coercion_decisions": 0,
    "fee_income": 0,
}


def ready_report(organization: Organization, year: int, actor: User) -> AnnualReport:
    """A report with every entered figure of 表二 filled in (zero, so no source is needed)."""
    report = services.get_or_create_report(organization, year, actor=actor)
    return services.update_report(report, actor=actor, data=ZERO_ENTERED)


def fresh(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_related("organization").get(pk=report.pk)
