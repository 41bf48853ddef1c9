"""Roles that reach beyond an organization are granted only from above (audit finding 4.8).

Before the fix an organization administrator could grant itself 主管部门监督人员 and then read every
body below. Now: nobody grants themselves a role; a supervisor role (and the administrator of a top
organization, who changes the installation's calendar) is granted and revoked only by a supervisor
of a body above it or a system administrator; every grant and revocation is audited.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.orgs import policy, services
from gongkai.orgs.models import Role, RoleName

pytestmark = pytest.mark.django_db


def role_events():
    return AuditEvent.objects.filter(action__startswith="role.")


def test_org_admin_cannot_grant_itself_supervisor(region):
    with pytest.raises(PermissionDenied) as exc:
        services.grant_role(
            actor=region.admin, organization=region.dept, user=region.admin, role=RoleName.SUPERVISOR
        )
    assert "不能给自己授予角色" in str(exc.value)
    assert not Role.objects.filter(user=region.admin, role=RoleName.SUPERVISOR).exists()
    assert not policy.supervised_orgs(region.admin).exists()
    assert not role_events().exists()


def test_org_admin_cannot_grant_supervisor_to_a_colleague(region):
    with pytest.raises(PermissionDenied) as exc:
        services.grant_role(
            actor=region.admin, organization=region.dept, user=region.editor, role=RoleName.SUPERVISOR
        )
    assert "只能由上级主管部门的监督人员或系统管理员授予" in str(exc.value)
    assert not Role.objects.filter(role=RoleName.SUPERVISOR, organization=region.dept).exists()
    assert not role_events().exists()


def test_org_admin_cannot_grant_itself_an_ordinary_role_either(region):
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=region.admin, organization=region.dept, user=region.admin, role=RoleName.SIGNER
        )
    assert not Role.objects.filter(user=region.admin, role=RoleName.SIGNER).exists()


def test_supervisor_from_above_grants_supervisor_below(region):
    """The city office's supervisor reaches the whole city, so it may make county supervisors."""
    role = services.grant_role(
        actor=region.supervisor,
        organization=region.county_office,
        user=region.outsider,
        role=RoleName.SUPERVISOR,
    )
    assert role.organization == region.county_office
    event = role_events().get()
    assert event.action == "role.granted" and event.actor == region.supervisor
    assert event.data == {"role": "supervisor", "user": "outsider"}
    assert policy.is_supervisor_of(region.outsider, region.county_dept)


def test_a_peer_cannot_grant_supervisor_at_its_own_level(region):
    """The city office's supervisor is not above the city office itself: only a system administrator is."""
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=region.supervisor,
            organization=region.office,
            user=region.outsider,
            role=RoleName.SUPERVISOR,
        )
    root = User.objects.create_superuser("root", password="Root-gongkai-2026")
    services.grant_role(
        actor=root, organization=region.office, user=region.outsider, role=RoleName.SUPERVISOR
    )
    assert policy.has_role(region.outsider, region.office, RoleName.SUPERVISOR)


def test_supervisor_role_is_revoked_from_above_too(region):
    """An administrator could otherwise remove the oversight of its own body."""
    role = services.grant_role(
        actor=region.supervisor, organization=region.dept, user=region.outsider, role=RoleName.SUPERVISOR
    )
    with pytest.raises(PermissionDenied):
        services.revoke_role(actor=region.admin, role=role)
    assert Role.objects.filter(pk=role.pk).exists()
    services.revoke_role(actor=region.supervisor, role=role)
    assert not Role.objects.filter(pk=role.pk).exists()
    assert list(role_events().order_by("id").values_list("action", flat=True)) == [
        "role.granted",
        "role.revoked",
    ]


def test_admin_of_a_top_organization_is_granted_from_above_only(region):
    """The 机构管理员 of a top organization edits the installation's working-day calendar."""
    city_admin = User.objects.create_user("cityadmin", password="Gongkai-2026-long")
    Role.objects.create(user=city_admin, organization=region.city, role=RoleName.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=city_admin, organization=region.city, user=region.outsider, role=RoleName.ORG_ADMIN
        )
    # An ordinary role of the same organization is the administrator's to grant.
    services.grant_role(
        actor=city_admin, organization=region.city, user=region.outsider, role=RoleName.EDITOR
    )
    assert policy.grantable_roles(city_admin, region.city) == [
        r for r in RoleName.values if r not in (RoleName.SUPERVISOR, RoleName.ORG_ADMIN)
    ]


def test_new_account_cannot_be_created_with_a_reaching_role(region):
    with pytest.raises(PermissionDenied):
        services.create_staff_user(
            actor=region.admin,
            organization=region.dept,
            username="sneaky",
            password="Gongkai-2026-long",
            roles=[RoleName.SUPERVISOR],
        )
    assert not User.objects.filter(username="sneaky").exists()


def test_people_screen_refuses_self_grant_of_supervisor(client, region):
    login(client, region.admin)
    url = reverse("backoffice:people_role_grant", args=[region.dept.pk])
    response = client.post(url, {"username": "orgadmin", "role": RoleName.SUPERVISOR})
    assert response.status_code == 403
    assert "不能给自己授予角色" in text_of(response)
    assert not Role.objects.filter(user=region.admin, role=RoleName.SUPERVISOR).exists()
    assert not role_events().exists()
    # The form does not even offer the role.
    page = client.get(reverse("backoffice:people") + f"?org={region.dept.pk}")
    assert f'value="{RoleName.SUPERVISOR}"' not in page.content.decode()


def test_supervisor_from_above_uses_the_people_screen_for_bodies_below(client, region):
    login(client, region.supervisor)
    page = client.get(reverse("backoffice:people") + f"?org={region.county_dept.pk}")
    assert page.status_code == 200
    assert f'value="{RoleName.SUPERVISOR}"' in page.content.decode()
    assert f'value="{RoleName.EDITOR}"' not in page.content.decode()
    url = reverse("backoffice:people_role_grant", args=[region.county_dept.pk])
    response = client.post(url, {"username": "outsider", "role": RoleName.SUPERVISOR})
    assert response.status_code == 302
    assert policy.has_role(region.outsider, region.county_dept, RoleName.SUPERVISOR)
    # Ordinary roles stay with the body's own administrator.
    response = client.post(url, {"username": "outsider", "role": RoleName.EDITOR})
    assert response.status_code == 403
