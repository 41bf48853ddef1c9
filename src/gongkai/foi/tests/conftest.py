"""Fixtures for the request-handling tests (依申请公开): the test region with request staff, and a
helper that registers a request on a fixed date through the real intake service (the clock is the
root ``clock`` fixture).

The region is ``gongkai.testing.build_region()``: 测试市人民政府 (``city``) with its office
(测试市人民政府办公室, the competent authority) and 测试市教育局 (``dept``) below it, and a county
below the city. Requests are received by the office; the office assigns them to ``dept``, a
department of the same government.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # this conftest imports no model when loaded: the kernel tests beside it run
    # without Django (`pytest -p no:django`, see src/gongkai/conftest.py)
    from gongkai.accounts.models import User
    from gongkai.conftest import Clock
    from gongkai.orgs.models import Organization
    from gongkai.testing import Region

__all__ = [  # used by the request-handling tests
    "ISSUED",
    "RECEIVED",
    "FoiRegion",
    "reply_letter",
]

#: The letters' tests: a request received (in person) on RECEIVED, its letters issued on ISSUED.
RECEIVED = dt.date(2026, 3, 2)
ISSUED = dt.date(2026, 3, 20)


@dataclass
class FoiRegion:
    region: Region
    office: Organization  # 测试市人民政府办公室: receives requests (model A office, model B window)
    dept: Organization  # 测试市教育局: the handling department
    office_handler: User  # 依申请承办人 of the office
    office_head: User  # 公开工作机构负责人 of the office (approves extensions)
    dept_handler: User  # 依申请承办人 of the department
    dept_head: User  # 公开工作机构负责人 of the department
    supervisor: User  # 主管部门监督人员 (office): sees the whole city
    county_handler: User  # 依申请承办人 of 测试县财政局: another body


def __getattr__(name: str) -> Any:
    """``application`` and ``grant`` (from gongkai.testing), imported only when a test asks."""
    if name in ("application", "grant"):
        import gongkai.testing

        return getattr(gongkai.testing, name)
    raise AttributeError(name)


@pytest.fixture
def foi(region: Region) -> Iterator[FoiRegion]:
    from gongkai.orgs.models import RoleName
    from gongkai.testing import UserFactory, grant

    u = UserFactory.create
    yield FoiRegion(
        region=region,
        office=region.office,
        dept=region.dept,
        office_handler=grant(
            u(username="office_handler", full_name="公开办承办人", email="oh@example.gov.cn"),
            region.office,
            RoleName.REQUEST_HANDLER,
        ),
        office_head=grant(
            u(username="office_head", full_name="公开办主任", email="head@example.gov.cn"),
            region.office,
            RoleName.OFFICE_HEAD,
        ),
        dept_handler=grant(
            u(username="dept_handler", full_name="教育局承办人", email="dh@example.gov.cn"),
            region.dept,
            RoleName.REQUEST_HANDLER,
        ),
        dept_head=grant(region.head, region.dept, RoleName.OFFICE_HEAD),
        supervisor=region.supervisor,
        county_handler=grant(
            u(username="county_handler", full_name="县财政局承办人"),
            region.county_dept,
            RoleName.REQUEST_HANDLER,
        ),
    )
    # A test may change the calendar (overrides): never let the next test reuse that calendar.
    from gongkai.workdays import calendar

    calendar._local.clear()


@pytest.fixture
def make_request(foi: FoiRegion, clock: Clock) -> Callable[..., Any]:
    """Register a request handed in in person on ``on`` (today is frozen at ``on``): the day of
    receipt is ``on`` (第三十一条第（一）项)."""
    from gongkai.foi.services.intake import register
    from gongkai.testing import application

    def factory(
        on: dt.date, *, organization: Organization | None = None, actor: Any = None, **data: Any
    ) -> Any:
        clock.set(on)
        request, _code = register(
            organization or foi.office,
            actor=actor or foi.office_handler,
            data=application(**data),
            channel="in_person",
            submitted_on=on,
        )
        return request

    return factory


@pytest.fixture
def request_(make_request: Callable[..., Any], clock: Clock) -> Any:
    """A request received on ``RECEIVED``; today is ``ISSUED``, the day its letters are issued."""
    request = make_request(RECEIVED)
    clock.set(ISSUED)
    return request


def reply_letter(request: Any, foi: FoiRegion, *files: Any, outcome: str | None = None, **kwargs: Any) -> Any:
    """The office's 答复告知书 for ``request`` issued on ``ISSUED``, with ``files`` attached
    (outcome: 予以公开 unless given)."""
    from gongkai.foi.legal import Outcome
    from gongkai.foi.models import LetterKind
    from gongkai.foi.services.letters import issue_letter

    return issue_letter(
        request,
        kind=LetterKind.REPLY,
        actor=foi.office_handler,
        on=ISSUED,
        title="政府信息公开申请答复告知书",
        body="张三：\n正文",
        outcome=outcome or Outcome.GRANTED,
        attachments=list(files),
        **kwargs,
    )
