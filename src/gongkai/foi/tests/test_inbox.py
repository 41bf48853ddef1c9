"""依申请公开's part of "我的工作" (``gongkai.foi.inbox``): each role's queues, their scope, and
counts equal to the rows of the register the entry links to (``?work=``).

2026 calendar (shared with test_handling): a request handed in on Monday 2 March is due Monday 30
March (第三十三条第一款). Today is Wednesday 25 March: 26, 27 and 30 March are 3 working days, so
it is due soon (the default window of 3 working days); a request of 5 January is long overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.conftest import Clock
from gongkai.foi.inbox import WORK_QUEUES, entries, work_queue
from gongkai.foi.legal import ConsultationKind, ReplyType
from gongkai.foi.models import InfoRequest, RequestSettings, Routing
from gongkai.foi.services import handling
from gongkai.foi.tests.conftest import FoiRegion

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 3, 25)
MakeRequest = Callable[..., InfoRequest]


def by_key(user: Any) -> dict[str, Any]:
    return {e.key.removeprefix("foi."): e for e in entries(user, TODAY)}


def listed(client: Client, user: Any, url: str) -> list[str]:
    """The registration numbers the register shows ``user`` at ``url`` (every page)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.num_pages == 1
    return sorted(row["info"].registration_number for row in response.context["rows"])


@pytest.fixture
def cases(foi: FoiRegion, make_request: MakeRequest, clock: Clock) -> dict[str, InfoRequest]:
    soon = make_request(D(2026, 3, 2))
    late = make_request(D(2026, 1, 5))
    correcting = make_request(D(2026, 3, 20))
    consulted = make_request(D(2026, 3, 3))
    clock.set(D(2026, 3, 23))
    handling.ask_correction(
        correcting, actor=foi.office_handler, on=D(2026, 3, 23), what="请写明文件名称", until=D(2026, 3, 26)
    )
    clock.set(D(2026, 3, 4))
    handling.consult(  # 15 working days: the answer is due on 25 March (第三十二条)
        consulted,
        actor=foi.office_handler,
        kind=ConsultationKind.THIRD_PARTY,
        party="某公司",
        on=D(2026, 3, 4),
    )
    clock.set(TODAY)
    return {"soon": soon, "late": late, "correcting": correcting, "consulted": consulted}


def numbers(*requests: InfoRequest) -> list[str]:
    return sorted(r.registration_number for r in requests)


def test_handler_sees_overdue_due_soon_corrections_and_consultations_ending(
    foi: FoiRegion, cases: dict[str, InfoRequest], client: Client
) -> None:
    mine = by_key(foi.office_handler)
    assert [r.registration_number for r in work_queue(foi.office_handler, "overdue", TODAY)] == numbers(
        cases["late"]
    )
    assert cases["soon"].registration_number in {r[0] for r in mine["due_soon"].rows}
    assert mine["overdue"].urgent and mine["due_soon"].urgent
    assert (
        mine["correction_ending"].count == 1 and "补正期限 2026-03-26" in mine["correction_ending"].rows[0][2]
    )
    assert [r[0] for r in mine["consultation_ending"].rows] == numbers(cases["consulted"])
    # Each count is what the register shows behind the link, and each row opens the case.
    for entry in mine.values():
        assert len(listed(client, foi.office_handler, entry.url)) == entry.count, entry.key
        for _label, url, _note in entry.rows:
            assert client.get(url).status_code == 200


def test_the_inbox_page_shows_the_overdue_case_not_zeros(foi: FoiRegion, cases: Any, client: Client) -> None:
    client.force_login(foi.office_handler)
    page = client.get(reverse("backoffice:inbox"))
    html = page.content.decode()
    assert page.context["counts"]["foi.overdue"] == 1
    assert cases["late"].registration_number in html and "已超期的申请" in html
    assert f'href="{reverse("backoffice:requests")}?work=overdue"' in html


def test_scope_other_bodies_see_none_of_it(foi: FoiRegion, cases: Any, client: Client) -> None:
    for user in (foi.county_handler, foi.dept_handler):
        assert all(e.count == 0 for e in entries(user, TODAY)), user
        for name in WORK_QUEUES:
            assert listed(client, user, f"{reverse('backoffice:requests')}?work={name}") == []
    # Assigned to the department, its handler has the case (and nothing of the applicant leaks:
    # rows carry the registration number, the state and the dates only).
    handling.assign(cases["late"], actor=foi.office_handler, handling_unit=foi.dept)
    mine = by_key(foi.dept_handler)
    assert mine["overdue"].count == 1 and "张三" not in str(mine["overdue"].rows)


def test_office_head_decides_extensions_of_cases_due_soon(
    foi: FoiRegion, cases: dict[str, InfoRequest], client: Client
) -> None:
    """第三十三条第二款: an extension needs the head of the disclosure office; once extended, the
    case leaves the queue."""
    head = by_key(foi.office_head)["to_extend"]
    assert cases["soon"].registration_number in {r[0] for r in head.rows}
    assert len(listed(client, foi.office_head, head.url)) == head.count
    assert "to_extend" not in by_key(foi.office_handler)
    handling.extend(
        InfoRequest.objects.get(pk=cases["soon"].pk),
        actor=foi.office_head,
        on=TODAY,
        days=10,
        reason="需调档",
    )
    after = by_key(foi.office_head)["to_extend"]
    assert cases["soon"].registration_number not in {r[0] for r in after.rows}
    assert after.count == head.count - 1


def test_window_reviews_drafts_and_delivers_approved_replies(
    foi: FoiRegion, make_request: MakeRequest, clock: Clock, client: Client
) -> None:
    RequestSettings.objects.create(organization=foi.office, routing=Routing.WINDOW)
    request = make_request(D(2026, 3, 16))
    handling.assign(request, actor=foi.office_handler, handling_unit=foi.dept, assignee=foi.dept_handler)
    handling.submit_draft(
        InfoRequest.objects.get(pk=request.pk),
        actor=foi.dept_handler,
        outcome="4.1",
        reply_type=ReplyType.NOT_EXIST,
        reasons="经检索，本机关未制作或获取该信息",
        title="",
        body="经检索，本机关未制作或获取您所申请的信息。",
    )
    for user in (foi.office_handler, foi.office_head):
        entry = by_key(user)["to_approve"]
        assert [r[0] for r in entry.rows] == numbers(request)
        assert listed(client, user, entry.url) == numbers(request)
    assert "to_approve" not in by_key(foi.dept_handler)
    handling.approve_draft(InfoRequest.objects.get(pk=request.pk), actor=foi.office_head)
    window = by_key(foi.office_handler)
    assert window["to_approve"].count == 0
    assert [r[0] for r in window["to_deliver"].rows] == numbers(request)
    assert listed(client, foi.office_handler, window["to_deliver"].url) == numbers(request)


def test_register_refuses_an_unknown_queue(foi: FoiRegion, client: Client) -> None:
    client.force_login(foi.office_handler)
    response = client.get(f"{reverse('backoffice:requests')}?work=nonsense")
    assert response.status_code in (200, 400) and "work" in response.context["form"].errors
