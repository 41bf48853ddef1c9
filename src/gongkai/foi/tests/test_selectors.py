"""The requests dashboard (``gongkai.foi.selectors.dashboard``, docs/SPEC.md §4.3) against figures counted by
hand.

The test region (see conftest): requests received in person by the city's office (测试市人民政府办公室),
by 测试市教育局 and by 测试县财政局. "Today" is Wednesday 18 March 2026. Due dates are 20 working days
after receipt (第三十三条第一款), counted from the 2026 State Council notice: the Spring Festival holiday
is 15–23 February, with Saturday 14 and Saturday 28 February worked (调休).

Received Tue 10 Feb: 11 (1), 12 (2), 13 (3), Sat 14 (4), [15–23 off], 24 (5), 25 (6), 26 (7), 27 (8),
Sat 28 (9), Mar 2 (10) … Mar 13 (19), Mon 16 (20) → due 16 March: 2 working days late on the 18th.
Received Fri 13 Feb: … due Thu 19 March (one working day left).
Received Tue 24 Feb: 25 (1), 26, 27, Sat 28 (4), Mar 2 … 20 (19), Mon 23 (20) → due 23 March: 3 left
(19, 20, 23): due soon with the default window of 3 working days — the boundary is inclusive.
Received Thu 26 Feb: due Wed 25 March: 5 left (19, 20, 23, 24, 25): due soon only with a window of 5.
Received Mon 2 Mar: due Mon 30 March: 8 left.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.foi.legal import ConsultationKind, Outcome
from gongkai.foi.models import InfoRequest, RequestSettings
from gongkai.foi.selectors import dashboard, due_soon_bound, due_soon_windows
from gongkai.foi.services import handling

D = dt.date
TODAY = D(2026, 3, 18)


def _answer(request: InfoRequest, actor: Any, on: dt.date, clock: Any) -> None:
    clock.set(on)
    handling.issue_reply(request, actor=actor, on=on, outcome=Outcome.GRANTED, reply_type="provided")


@pytest.fixture
def cases(foi: Any, make_request: Any, clock: Any) -> dict[str, InfoRequest]:
    """The requests of the module docstring, each driven to its state through the real services."""
    RequestSettings.objects.create(organization=foi.dept, due_soon_days=5)
    c: dict[str, InfoRequest] = {}
    # Last year: answered in December 2025, so not "本年已办结".
    c["old"] = make_request(D(2025, 12, 1))
    _answer(c["old"], foi.office_handler, D(2025, 12, 10), clock)
    # The office.
    c["overdue"] = make_request(D(2026, 2, 10))
    c["soon1"] = make_request(D(2026, 2, 13))
    c["soon3"] = make_request(D(2026, 2, 24))
    c["left5"] = make_request(D(2026, 2, 26))
    c["left8"] = make_request(D(2026, 3, 2))
    c["correction"] = make_request(D(2026, 3, 2))
    handling.ask_correction(
        c["correction"], actor=foi.office_handler, on=D(2026, 3, 2), what="请写明文件名称"
    )
    c["paused"] = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 4))
    handling.consult(
        c["paused"],
        actor=foi.office_handler,
        kind=ConsultationKind.THIRD_PARTY,
        party="某公司",
        on=D(2026, 3, 4),
    )
    c["on_time"] = make_request(D(2026, 2, 10))
    _answer(c["on_time"], foi.office_handler, D(2026, 3, 12), clock)
    c["late"] = make_request(D(2026, 2, 10))
    _answer(c["late"], foi.office_handler, D(2026, 3, 17), clock)
    c["lapsed"] = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 3))
    handling.ask_correction(
        c["lapsed"], actor=foi.office_handler, on=D(2026, 3, 3), what="请写明文件名称", until=D(2026, 3, 10)
    )
    clock.set(D(2026, 3, 11))
    handling.lapse_correction(c["lapsed"], actor=SYSTEM, on=D(2026, 3, 11))
    # 测试市教育局 (due-soon window 5) and 测试县财政局 (no settings: the default 3).
    c["dept5"] = make_request(D(2026, 2, 26), organization=foi.dept, actor=foi.dept_handler)
    c["county_overdue"] = make_request(
        D(2026, 2, 10), organization=foi.region.county_dept, actor=foi.county_handler
    )
    clock.set(TODAY)
    for request in c.values():
        request.refresh_from_db()
    return c


def test_the_hand_counted_due_dates(cases: dict[str, InfoRequest]) -> None:
    due = {name: r.due_date for name, r in cases.items()}
    assert due["overdue"] == D(2026, 3, 16)
    assert due["soon1"] == D(2026, 3, 19)
    assert due["soon3"] == D(2026, 3, 23)
    assert due["left5"] == D(2026, 3, 25)
    assert due["left8"] == D(2026, 3, 30)
    assert due["correction"] is None  # 待补正: no period runs (第三十条)
    assert due["lapsed"] is None  # ended while awaiting correction: no due date
    # Paused on 4 March after 2 working days (3, 4); the third party has until 25 March (15 working
    # days); then 18 more: Mar 26 (1), 27, 30, 31, Apr 1, 2, 3 (7), [Apr 6 清明], 7 (8) … Apr 21 (18).
    assert cases["paused"].clock_status == "paused"
    assert due["paused"] == D(2026, 4, 21) and cases["paused"].due_projected


@pytest.mark.django_db
def test_due_soon_bound_is_the_first_date_no_longer_due_soon() -> None:
    # workdays_between(18 Mar, due) <= N  <=>  due < add_workdays(18 Mar, N + 1).
    assert (due_soon_bound(TODAY, 3), due_soon_bound(TODAY, 5)) == (D(2026, 3, 24), D(2026, 3, 26))
    # Over the Qingming day off (Mon 6 April): Thu 2 (1), Fri 3 (2), Tue 7 (3), Wed 8 (4).
    assert due_soon_bound(D(2026, 4, 1), 3) == D(2026, 4, 8)


def test_due_soon_windows_per_body(foi: Any) -> None:
    RequestSettings.objects.create(organization=foi.dept, due_soon_days=5)
    RequestSettings.objects.create(organization=foi.office, due_soon_days=3)  # the default: no entry
    windows = due_soon_windows(TODAY)
    assert windows.default == D(2026, 3, 24)
    assert windows.by_organization == {foi.dept.pk: D(2026, 3, 26)}


def test_visible_requests_by_body_or_handling_unit(foi: Any, cases: dict[str, InfoRequest]) -> None:
    """The scope rule: a request is visible where its receiving body or its handling unit is
    readable (orgs.policy.readable_orgs); superusers see all."""
    from gongkai.foi.policy import visible_requests
    from gongkai.foi.tests.conftest import grant
    from gongkai.orgs.models import RoleName
    from gongkai.orgs.policy import readable_orgs
    from gongkai.testing import OrganizationFactory, UserFactory

    section = OrganizationFactory.create(name="秘书科", parent=foi.office)
    clerk = grant(UserFactory.create(username="clerk"), section, RoleName.REQUEST_HANDLER)
    handling.assign(cases["soon1"], actor=foi.office_handler, handling_unit=section)
    superuser = UserFactory.create(username="root", is_superuser=True)
    people = [
        foi.office_handler,
        foi.dept_handler,
        foi.county_handler,
        foi.supervisor,
        foi.region.outsider,
        clerk,
        superuser,
    ]
    every = list(InfoRequest.objects.all())
    for person in people[:-1]:
        readable = {o.pk for o in readable_orgs(person)}
        expected = {r.pk for r in every if r.organization_id in readable or r.handling_unit_id in readable}
        assert set(visible_requests(person).values_list("pk", flat=True)) == expected, person.username
    assert set(visible_requests(clerk).values_list("pk", flat=True)) == {cases["soon1"].pk}
    assert not visible_requests(foi.region.outsider).exists()
    assert visible_requests(superuser).count() == len(every)


def test_office_handler_sees_their_body_only(foi: Any, cases: dict[str, InfoRequest]) -> None:
    board = dashboard(foi.office_handler, TODAY)
    assert [r.organization for r in board.rows] == [foi.office]
    row = board.rows[0]
    assert (row.open, row.registered, row.correction, row.paused) == (7, 6, 1, 1)
    assert (row.due_soon, row.overdue, row.provisional) == (2, 1, 0)
    # 本年已办结: on_time (12 Mar ≤ 16 Mar), late (17 Mar > 16 Mar), lapsed (no due date); not "old".
    assert (row.finished, row.finished_with_due, row.finished_on_time) == (3, 2, 1)
    assert row.on_time_rate == 50.0
    assert row.due_soon_days == 3
    assert not row.can_configure  # a handler, neither administrator nor office head
    assert [c.registration_number for c in board.overdue] == [cases["overdue"].registration_number]
    late = board.overdue[0]
    assert (late.due, late.days_left, late.days_late, late.overdue) == (D(2026, 3, 16), -2, 2, True)
    assert [(c.registration_number, c.days_left) for c in board.due_soon] == [
        (cases["soon1"].registration_number, 1),
        (cases["soon3"].registration_number, 3),
    ]


def test_each_body_uses_its_own_due_soon_window(foi: Any, cases: dict[str, InfoRequest]) -> None:
    # Same due date (25 March, 5 working days left): due soon at 测试市教育局 (5), not at the office (3).
    board = dashboard(foi.dept_handler, TODAY)
    assert [r.organization for r in board.rows] == [foi.dept]
    assert (board.rows[0].open, board.rows[0].due_soon, board.rows[0].due_soon_days) == (1, 1, 5)
    assert [(c.registration_number, c.days_left) for c in board.due_soon] == [
        (cases["dept5"].registration_number, 5)
    ]
    assert board.overdue == []
    assert not board.region_wide


def test_county_handler_sees_only_the_county_body(foi: Any, cases: dict[str, InfoRequest]) -> None:
    board = dashboard(foi.county_handler, TODAY)
    assert [r.organization for r in board.rows] == [foi.region.county_dept]
    assert (board.totals.open, board.totals.overdue) == (1, 1)
    assert [c.registration_number for c in board.overdue] == [cases["county_overdue"].registration_number]


def test_supervisor_sees_the_whole_region_with_totals(foi: Any, cases: dict[str, InfoRequest]) -> None:
    board = dashboard(foi.supervisor, TODAY)
    assert board.region_wide
    assert [r.organization for r in board.rows] == [foi.office, foi.dept, foi.region.county_dept]
    t = board.totals
    assert (t.open, t.registered, t.correction, t.paused, t.due_soon, t.overdue) == (9, 8, 1, 1, 3, 2)
    assert (t.finished, t.finished_with_due, t.finished_on_time, t.on_time_rate) == (3, 2, 1, 50.0)
    # Overdue: both due 16 March (2 working days late), in registration order.
    assert [(c.organization_name, c.days_late) for c in board.overdue] == [
        (foi.office.display_short, 2),
        (foi.region.county_dept.display_short, 2),
    ]
    assert [c.due for c in board.due_soon] == [D(2026, 3, 19), D(2026, 3, 23), D(2026, 3, 25)]
    assert not any(r.can_configure for r in board.rows)


def test_lists_are_cut_but_counts_are_complete(foi: Any, cases: dict[str, InfoRequest]) -> None:
    board = dashboard(foi.supervisor, TODAY, limit=1)
    assert board.totals.due_soon == 3
    assert [c.due for c in board.due_soon] == [D(2026, 3, 19)]
    assert len(board.overdue) == 1


def test_assigned_cases_show_to_the_handling_department(foi: Any, cases: dict[str, InfoRequest]) -> None:
    # 分办 to a section under the office: its handler sees that one case (foi.policy.visible_requests),
    # in the receiving body's row, and nothing else of the office.
    from gongkai.foi.tests.conftest import grant
    from gongkai.orgs.models import RoleName
    from gongkai.testing import OrganizationFactory, UserFactory

    section = OrganizationFactory.create(
        name="测试市人民政府办公室秘书科", short_name="秘书科", parent=foi.office
    )
    clerk = grant(UserFactory.create(username="clerk"), section, RoleName.REQUEST_HANDLER)
    handling.assign(cases["overdue"], actor=foi.office_handler, handling_unit=section)
    board = dashboard(clerk, TODAY)
    assert [r.organization for r in board.rows] == [foi.office, section]
    office_row, section_row = board.rows
    assert (office_row.open, office_row.overdue, office_row.registered) == (1, 1, 0)
    assert section_row.open == 0
    assert [(c.registration_number, c.handling_unit_name) for c in board.overdue] == [
        (cases["overdue"].registration_number, "秘书科")
    ]
    assert board.due_soon == []


def test_a_person_without_roles_sees_nothing(foi: Any, cases: dict[str, InfoRequest]) -> None:
    board = dashboard(foi.region.outsider, TODAY)
    assert board.rows == [] and board.overdue == [] and board.due_soon == []
    assert board.totals.open == 0 and board.totals.on_time_rate is None


def test_office_head_and_admin_may_configure(foi: Any, cases: dict[str, InfoRequest]) -> None:
    assert dashboard(foi.office_head, TODAY).rows[0].can_configure
    # 测试市教育局's organization administrator: a row for the body even before any figure counts.
    board = dashboard(foi.region.admin, TODAY)
    assert [(r.organization, r.can_configure) for r in board.rows] == [(foi.dept, True)]


def test_provisional_due_dates_are_counted_and_marked(foi: Any, make_request: Any, clock: Any) -> None:
    # Received Tue 15 Dec 2026: the 20 working days run into 2027, which no notice covers yet.
    request = make_request(D(2026, 12, 15))
    request.refresh_from_db()
    assert request.provisional_years == "2027"
    board = dashboard(foi.office_handler, D(2026, 12, 15))
    assert board.rows[0].provisional == 1
    assert board.rows[0].due_soon == 0 and board.rows[0].overdue == 0
    # On the due date itself the case is due soon ("今日到期"), and marked 暂定.
    board = dashboard(foi.office_handler, request.due_date)
    assert [(c.days_left, c.provisional) for c in board.due_soon] == [(0, True)]


def test_dashboard_is_one_grouped_query_whatever_the_number_of_bodies(
    foi: Any, cases: dict[str, InfoRequest], django_assert_max_num_queries: Any
) -> None:
    from gongkai.orgs import policy as org_policy

    org_policy.forget_roles(foi.supervisor)
    # roles, the supervision root, readable bodies, settings windows, grouped counts, bodies with their
    # settings, the two lists: a constant, not one per body or per request.
    with django_assert_max_num_queries(8):
        dashboard(foi.supervisor, TODAY)
