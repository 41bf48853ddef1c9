"""The request screens' entries in the back office's menu (依申请公开, 办理情况): shown to exactly
the people each page serves (``foi.policy.can_open_register``, ``can_open_dashboard``), and every
entry shown opens (200, never a 403 or a page saying the person lacks the role)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.backoffice.menu import menu_for
from gongkai.foi.models import RequestSettings, Routing
from gongkai.foi.tests.conftest import FoiRegion
from gongkai.orgs.models import RoleName
from gongkai.testing import UserFactory, grant

BOTH = {"requests", "request_dashboard"}


def entries(user: Any) -> set[str]:
    return {e.key for e in menu_for(user)} & BOTH


def opens(client: Client, user: Any) -> None:
    """Every request entry ``user``'s menu shows answers 200 and says nothing of a missing role."""
    client.force_login(user)
    for entry in menu_for(user):
        if entry.key not in BOTH:
            continue
        response = client.get(entry.url)
        assert response.status_code == 200, (user.username, entry.key)
        assert "您没有这种角色" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office_handler", BOTH),  # the office (or, in model B, the window)
        ("office_head", BOTH),
        ("dept_handler", BOTH),  # a handling department
        ("dept_head", BOTH),
        ("supervisor", BOTH),  # reads the region's cases
        ("county_handler", BOTH),
        ("org_admin", {"request_dashboard"}),  # sets the body's request handling there
        ("editor", set()),
        ("reviewer", set()),
        ("signer", set()),
        ("outsider", set()),
    ],
)
def test_each_role_sees_the_entries_its_pages_serve(
    foi: FoiRegion, client: Client, who: str, expected: set[str]
) -> None:
    region = foi.region
    user = (
        getattr(foi, who, None)
        or {
            "org_admin": region.admin,
            "editor": region.editor,
            "reviewer": region.reviewer,
            "signer": region.signer,
            "outsider": region.outsider,
        }[who]
    )
    assert entries(user) == expected
    opens(client, user)


def test_the_window_of_model_b_and_a_system_administrator(foi: FoiRegion, client: Client) -> None:
    RequestSettings.objects.create(organization=foi.office, routing=Routing.WINDOW)
    assert entries(foi.office_handler) == BOTH
    opens(client, foi.office_handler)
    admin = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    assert entries(admin) == BOTH
    opens(client, admin)


def test_a_role_in_an_inactive_body_does_not_count(foi: FoiRegion) -> None:
    closed = foi.region.county_office
    closed.is_active = False
    closed.save()
    user = grant(UserFactory.create(username="former"), closed, RoleName.REQUEST_HANDLER)
    assert entries(user) == set()


def test_nobody_signed_out_sees_them() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert entries(AnonymousUser()) == set()
