"""Who sees what of a request (``gongkai.foi.policy``, docs/SPEC.md §4.5): the *case* (number, dates, state,
outcome) reaches the handling body, the handling department and the supervisors above; the
*applicant* (name, ID, contact) only the staff who handle it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser

from gongkai.conftest import Clock
from gongkai.foi import policy
from gongkai.foi.legal import ReplyType
from gongkai.foi.models import InfoRequest
from gongkai.foi.services import handling
from gongkai.foi.tests.conftest import FoiRegion

D = dt.date
MakeRequest = Callable[..., InfoRequest]


def sees(user: Any, request: InfoRequest) -> tuple[bool, bool, bool, bool]:
    """(case, applicant, in the case list, in the applicant-data list)."""
    return (
        policy.can_see_case(user, request),
        policy.can_see_applicant(user, request),
        policy.visible_requests(user).filter(pk=request.pk).exists(),
        policy.handled_requests(user).filter(pk=request.pk).exists(),
    )


def test_another_bodys_staff_see_neither_case_nor_applicant(
    foi: FoiRegion, make_request: MakeRequest
) -> None:
    request = make_request(D(2026, 3, 2))
    handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept, assignee=foi.dept_handler)
    for user in (foi.county_handler, foi.region.county_editor, foi.region.outsider, AnonymousUser()):
        assert sees(user, request) == (False, False, False, False)
    assert not policy.visible_requests(foi.county_handler).exists()


def test_the_competent_authoritys_supervisor_sees_the_case_not_the_applicant(
    foi: FoiRegion, make_request: MakeRequest
) -> None:
    at_office = make_request(D(2026, 3, 2))
    at_county = make_request(D(2026, 3, 2), organization=foi.region.county_dept, actor=foi.county_handler)
    # The office is the competent authority of the city: its supervisor watches the whole city,
    # the county included.
    for request in (at_office, at_county):
        assert sees(foi.supervisor, request) == (True, False, True, False)
    assert not policy.can_handle(foi.supervisor, at_office)
    assert not policy.can_assign(foi.supervisor, at_office)
    # The county's own handler sees the county's request, not the city's.
    assert sees(foi.county_handler, at_county) == (True, True, True, True)
    assert sees(foi.county_handler, at_office) == (False, False, False, False)


def test_the_handling_staff_see_the_applicant(foi: FoiRegion, make_request: MakeRequest) -> None:
    request = make_request(D(2026, 3, 2))
    for user in (foi.office_handler, foi.office_head):
        assert sees(user, request) == (True, True, True, True)
    # The department knows nothing of the case until it is assigned to it.
    assert sees(foi.dept_handler, request) == (False, False, False, False)
    handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept, assignee=foi.dept_handler)
    request.refresh_from_db()
    for user in (foi.dept_handler, foi.dept_head):
        assert sees(user, request) == (True, True, True, True)
    # Other staff of the department see the case record, not the applicant.
    assert sees(foi.region.editor, request) == (True, False, True, False)


def test_a_person_assigned_by_name_sees_the_applicant(foi: FoiRegion, make_request: MakeRequest) -> None:
    request = make_request(D(2026, 3, 2))
    handling.assign(request, actor=foi.office_handler, assignee=foi.office_handler)
    request.refresh_from_db()
    assert policy.can_see_applicant(foi.office_handler, request)
    assert request in policy.handled_requests(foi.office_handler)


def test_who_may_do_what(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> None:
    request = make_request(D(2026, 3, 2))
    handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept, assignee=foi.dept_handler)
    request.refresh_from_db()
    assert [policy.can_extend(u, request) for u in (foi.office_head, foi.office_handler, foi.dept_head)] == [
        True,
        False,
        False,
    ]
    assert [
        policy.can_assign(u, request) for u in (foi.office_handler, foi.office_head, foi.dept_handler)
    ] == [
        True,
        True,
        False,
    ]
    assert [
        policy.can_handle(u, request) for u in (foi.office_handler, foi.dept_handler, foi.supervisor)
    ] == [
        True,
        True,
        False,
    ]
    assert [
        policy.can_remind(u, request) for u in (foi.office_handler, foi.supervisor, foi.dept_handler)
    ] == [
        True,
        True,
        False,
    ]
    assert not policy.can_record_appeal(foi.office_handler, request)  # still open
    clock.set(D(2026, 3, 20))
    handling.issue_reply(
        request, actor=foi.dept_handler, on=D(2026, 3, 20), outcome="1", reply_type=ReplyType.PROVIDED
    )
    request.refresh_from_db()
    assert not policy.can_handle(foi.dept_handler, request)
    assert not policy.can_extend(foi.office_head, request)
    assert not policy.can_remind(foi.supervisor, request)
    assert policy.can_record_appeal(foi.office_handler, request)
    assert not policy.can_record_appeal(foi.dept_handler, request)
    # Reading is unchanged once answered.
    assert sees(foi.dept_handler, request) == (True, True, True, True)
    assert sees(foi.supervisor, request) == (True, False, True, False)
