"""The people and organizations section (人员与角色) as each role meets it: the back office shows its
menu entry exactly to the people the page serves, and for them the page opens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.backoffice.menu import menu_for
from gongkai.orgs.models import RoleName
from gongkai.orgs.policy import can_open_people_page
from gongkai.testing import UserFactory, grant

pytestmark = pytest.mark.django_db


def _people_entry_shown(client, user) -> bool:
    user.__dict__.pop("_gongkai_roles", None)
    client.force_login(user)
    response = client.get(reverse("backoffice:inbox"))
    assert response.status_code == 200
    return reverse("backoffice:people") in response.content.decode()


@pytest.mark.parametrize(
    ("who", "served"),
    [
        ("admin", True),  # 机构管理员 of the department
        ("supervisor", True),  # the competent authority's supervisor grants reaching roles below
        ("editor", False),
        ("reviewer", False),
        ("signer", False),
        ("head", False),
        ("county_editor", False),
        ("outsider", False),
    ],
)
def test_people_entry_per_role(client, region, who, served):
    user = getattr(region, who)
    assert can_open_people_page(user) is served
    assert ("people" in [e.key for e in menu_for(user)]) is served
    assert _people_entry_shown(client, user) is served
    if served:
        assert client.get(reverse("backoffice:people")).status_code == 200


def test_people_entry_for_system_administrator(client, region):
    root = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    assert can_open_people_page(root)
    assert _people_entry_shown(client, root)
    response = client.get(reverse("backoffice:people"))
    assert response.status_code == 200
    assert reverse("backoffice:org_list") in response.content.decode()


def test_supervisor_with_nothing_below_does_not_see_people(client, region):
    """A supervisor of a body that is not a competent authority supervises that body alone; the
    reaching roles of that body are granted from above, so the people page has nothing for them."""
    lone = grant(UserFactory.create(username="lone"), region.county_dept, RoleName.SUPERVISOR)
    assert not can_open_people_page(lone)
    assert not _people_entry_shown(client, lone)


def test_anonymous_sees_no_people_entry(region):
    from django.contrib.auth.models import AnonymousUser

    assert not can_open_people_page(AnonymousUser())
