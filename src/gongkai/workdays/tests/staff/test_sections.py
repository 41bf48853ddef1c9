"""The 工作日历 entry of the back office's menu: registered from ``WorkdaysConfig.ready()`` and shown
to everyone who may read the calendar (``workdays.policy.can_view_calendar``: every deadline of every
body is counted on it). Per role: the entry is shown and answers 200; only the calendar's
administrators (``can_edit_calendar``) are offered the changes, and nobody else meets a 403 there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from gongkai.backoffice.menu import menu_for
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.core.registry import staff_sections
from gongkai.workdays import policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(region: Any, calendar_admin: Any, handler: Any) -> dict[str, Any]:
    return {
        "calendar administrator": calendar_admin,  # 机构管理员 of the city government (top of the tree)
        "superuser": get_user_model().objects.create_superuser("root", "root@example.gov.cn", "x"),
        "organization administrator of a department": region.admin,
        "supervisor": region.supervisor,
        "office head": region.head,
        "editor": region.editor,
        "request handler": handler,
        "person without a role": region.outsider,
    }


EDITORS = {"calendar administrator", "superuser"}


def test_the_section_is_registered_last_of_the_domain_sections():
    by_key = {s.key: s for s in staff_sections()}
    calendar = by_key["calendar"]
    assert (calendar.label, calendar.url_name, calendar.order) == ("工作日历", "calendar", 100)
    assert calendar.urls == "gongkai.workdays.staff.urls"
    assert calendar.visible is policy.can_view_calendar


@pytest.mark.parametrize(
    "who",
    [
        "calendar administrator",
        "superuser",
        "organization administrator of a department",
        "supervisor",
        "office head",
        "editor",
        "request handler",
        "person without a role",
    ],
)
def test_every_signed_in_person_sees_the_calendar_entry_and_it_answers_200(
    client: Client, people: dict[str, Any], clock: Any, who: str
) -> None:
    clock.set(dt.date(2026, 11, 16))
    user = people[who]
    user.__dict__.pop("_gongkai_roles", None)
    entries = {e.key: e.url for e in menu_for(user)}
    assert entries["calendar"] == reverse("backoffice:calendar")
    login(client, user)
    response = client.get(entries["calendar"])
    assert response.status_code == 200
    year = client.get(reverse("backoffice:calendar_year", args=[2027]))
    assert year.status_code == 200
    # Changes are offered to exactly those who may make them; their pages answer them with 200.
    offered = "添加单日调整" in text_of(year)
    assert offered == (who in EDITORS) == policy.can_edit_calendar(user)
    notice = client.get(reverse("backoffice:calendar_notice", args=[2027]))
    assert notice.status_code == (200 if who in EDITORS else 403)


def test_nobody_signed_out_sees_it() -> None:
    assert not policy.can_view_calendar(AnonymousUser())
