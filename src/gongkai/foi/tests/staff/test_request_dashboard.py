"""The requests dashboard page and each body's request-handling settings (docs/SPEC.md §4.3).

"Today" is Wednesday 18 March 2026; due dates counted by hand in foi/tests/test_selectors.py:
received 10 Feb → due 16 March (2 working days late); 24 Feb → due 23 March (3 left, due soon);
2 March → due 30 March (8 left), internal due 23 March (15 working days: lead 5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.foi.models import InfoRequest, RequestSettings, Routing
from gongkai.foi.tests import conftest as foi_fixtures

# The request-handling fixtures of the foi tests (a region with request staff); the clock is the root
# ``clock`` fixture.
foi = foi_fixtures.foi
make_request = foi_fixtures.make_request

D = dt.date
TODAY = D(2026, 3, 18)
URL = reverse("backoffice:request_dashboard")


@pytest.fixture
def cases(foi: Any, make_request: Any, clock: Any) -> dict[str, InfoRequest]:
    c = {
        "overdue": make_request(D(2026, 2, 10), applicant_name="王五"),
        "soon": make_request(D(2026, 2, 24), applicant_name="王五"),
        "later": make_request(D(2026, 3, 2), applicant_name="王五"),
        "county": make_request(
            D(2026, 2, 10),
            organization=foi.region.county_dept,
            actor=foi.county_handler,
            applicant_name="赵六",
        ),
    }
    clock.set(TODAY)
    for request in c.values():
        request.refresh_from_db()
    return c


def test_body_staff_see_their_figures_and_lists_never_the_applicant(
    client: Client, foi: Any, cases: dict[str, InfoRequest]
) -> None:
    response = login(client, foi.office_handler).get(URL)
    assert response.status_code == 200
    board = response.context["dashboard"]
    [row] = board.rows
    assert (row.organization, row.open, row.due_soon, row.overdue) == (foi.office, 3, 1, 1)
    text = text_of(response)
    assert "本机关办理情况" in text and "各机关办理情况" not in text
    assert cases["overdue"].registration_number in text and "超期2个工作日" in text
    assert cases["soon"].registration_number in text and "剩余3个工作日" in text
    assert cases["later"].registration_number not in text  # 8 working days left: neither list
    assert cases["county"].registration_number not in text  # another body
    assert "王五" not in text and "赵六" not in text  # applicant data never on the dashboard
    html = response.content.decode()
    assert f'href="/staff/requests/{cases["overdue"].pk}/"' in html
    assert f"?org={foi.office.pk}&amp;overdue=on" in html
    assert "第三十三条" in text
    # A handler may not change the body's settings: no link.
    assert reverse("backoffice:request_settings", args=[foi.office.pk]) not in html


def test_supervisor_sees_every_body_of_the_region_with_totals_and_drill_down(
    client: Client, foi: Any, cases: dict[str, InfoRequest]
) -> None:
    response = login(client, foi.supervisor).get(URL)
    board = response.context["dashboard"]
    assert board.region_wide
    assert [r.organization for r in board.rows] == [foi.office, foi.region.county_dept]
    assert (board.totals.open, board.totals.overdue, board.totals.due_soon) == (4, 2, 1)
    text = text_of(response)
    assert "各机关办理情况" in text and "合计" in text
    assert cases["county"].registration_number in text
    assert "赵六" not in text and "王五" not in text
    html = response.content.decode()
    for org in (foi.office, foi.region.county_dept):
        assert f"/staff/requests/?org={org.pk}&amp;overdue=on" in html
        assert f"/staff/requests/?org={org.pk}&amp;due_soon=on" in html


def test_someone_without_a_body_gets_an_empty_dashboard(client: Client, foi: Any, cases: Any) -> None:
    response = login(client, foi.region.outsider).get(URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "您所在的机关还没有政府信息公开申请" in text
    assert "没有超期未答复的申请" in text


def test_dashboard_needs_a_login(client: Client, db: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


# -- request-handling settings ----------------------------------------------------------------------


def settings_url(org: Any) -> str:
    return reverse("backoffice:request_settings", args=[org.pk])


def post_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "routing": Routing.WINDOW,
        "internal_lead_days": "8",
        "due_soon_days": "5",
        "review_body": "测试市人民政府",
        "court": "测试市中级人民法院",
        "letter_prefix": "测政办依复",
    }
    data.update(overrides)
    return data


def test_office_head_changes_the_settings_and_the_internal_due_dates_follow(
    client: Client, foi: Any, cases: dict[str, InfoRequest]
) -> None:
    assert cases["later"].internal_due_date == D(2026, 3, 23)
    login(client, foi.office_head)
    page = client.get(settings_url(foi.office))
    assert page.status_code == 200
    assert "尚未设置，以下为默认值" in text_of(page)
    assert page.context["form"].initial["internal_lead_days"] == 5
    # Left blank, the letters use the defaults of foi.services.letters, and the form says which:
    # a city department's 行政复议 goes to its own level's government (测试市人民政府).
    page_text = text_of(page)
    assert "不填则告知书使用：测试市人民政府" in page_text
    assert "不填则告知书使用：有管辖权的人民法院" in page_text
    response = client.post(settings_url(foi.office), post_data())
    assert response.status_code == 302 and response["Location"] == URL
    saved = RequestSettings.objects.get(organization=foi.office)
    assert (saved.routing, saved.internal_lead_days, saved.due_soon_days) == (Routing.WINDOW, 8, 5)
    assert (saved.review_body, saved.court, saved.letter_prefix) == (
        "测试市人民政府",
        "测试市中级人民法院",
        "测政办依复",
    )
    # Lead 8: the internal period is 12 working days from 2 March — Mar 3–6 (4), 9–13 (9), 16, 17, 18 (12).
    later = InfoRequest.objects.get(pk=cases["later"].pk)
    assert (later.internal_due_date, later.due_date) == (D(2026, 3, 18), D(2026, 3, 30))
    event = AuditEvent.objects.get(action="request.settings_updated")
    assert (event.actor, event.organization) == (foi.office_head, foi.office)
    assert event.data["fields"] == [
        "court",
        "due_soon_days",
        "internal_lead_days",
        "letter_prefix",
        "review_body",
        "routing",
    ]
    assert event.data["before"]["internal_lead_days"] == 5 and event.data["after"]["internal_lead_days"] == 8
    assert event.data["requests_refreshed"] == 3
    # The new window (5) is used at once: due 25 March would now be due soon; the dashboard says 5.
    [row] = client.get(URL).context["dashboard"].rows
    assert row.due_soon_days == 5 and row.can_configure


def test_bad_values_are_refused_in_chinese_and_nothing_entered_is_lost(
    client: Client, foi: Any, cases: dict[str, InfoRequest]
) -> None:
    login(client, foi.office_head)
    response = client.post(settings_url(foi.office), post_data(internal_lead_days="20", due_soon_days="十一"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["internal_lead_days"] == [
        "内部办理提前工作日数应在0至19之间（法定答复期限为20个工作日，第三十三条第一款）"
    ]
    assert form.errors["due_soon_days"] == ["临期提醒工作日数应在0至10之间"]
    html = response.content.decode()
    assert 'value="测试市中级人民法院"' in html and 'value="测政办依复"' in html
    assert not RequestSettings.objects.filter(organization=foi.office).exists()
    assert not AuditEvent.objects.filter(action="request.settings_updated").exists()


def test_the_service_refuses_what_the_form_would_not_catch(foi: Any, db: Any) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    from gongkai.foi.services.request_settings import update_request_settings

    with pytest.raises(ValidationError) as error:
        update_request_settings(foi.office, actor=foi.office_head, fields={"internal_lead_days": 20})
    assert error.value.message_dict == {
        "internal_lead_days": [
            "内部办理提前工作日数应在0至19之间（法定答复期限为20个工作日，第三十三条第一款）"
        ]
    }
    with pytest.raises(PermissionDenied):
        update_request_settings(foi.office, actor=foi.office_handler, fields={"due_soon_days": 5})


def test_organization_administrator_may_configure_their_own_body(client: Client, foi: Any) -> None:
    login(client, foi.region.admin)  # 机构管理员 of 测试市教育局
    assert client.get(settings_url(foi.dept)).status_code == 200
    response = client.post(settings_url(foi.dept), post_data(routing=Routing.OFFICE, due_soon_days="4"))
    assert response.status_code == 302
    assert RequestSettings.objects.get(organization=foi.dept).due_soon_days == 4


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office_handler", 403),  # of the body, but neither administrator nor office head
        ("supervisor", 403),  # reads the whole region, changes nothing
        ("county_handler", 404),  # another body: not even revealed
        ("outsider", 404),
    ],
)
def test_others_may_not_change_the_settings(client: Client, foi: Any, who: str, status: int) -> None:
    user = getattr(foi, who, None) or getattr(foi.region, who)
    login(client, user)
    assert client.get(settings_url(foi.office)).status_code == status
    assert client.post(settings_url(foi.office), post_data()).status_code == status
    assert not RequestSettings.objects.filter(organization=foi.office).exists()
