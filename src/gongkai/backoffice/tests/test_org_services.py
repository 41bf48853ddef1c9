"""gongkai.orgs.services and gongkai.disclosure.services.catalog_admin, called directly: permission
refusals (only the organization's 机构管理员 or a system administrator) and audit events."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import User
from gongkai.audit.models import AuditEvent
from gongkai.disclosure.models import CatalogColumn, CatalogTemplate
from gongkai.disclosure.services import catalog_admin
from gongkai.orgs import policy, services
from gongkai.orgs.models import Role, RoleName, SignOffStep

pytestmark = pytest.mark.django_db


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_grant_and_revoke_role(region):
    role = services.grant_role(
        actor=region.admin, organization=region.dept, user=region.editor, role=RoleName.REVIEWER
    )
    assert policy.has_role(region.editor, region.dept, RoleName.REVIEWER)
    event = events("role.granted").get()
    assert event.actor == region.admin and event.organization == region.dept
    assert event.data == {"role": "reviewer", "user": "editor"}
    # Granting again changes nothing and records nothing.
    services.grant_role(
        actor=region.admin, organization=region.dept, user=region.editor, role=RoleName.REVIEWER
    )
    assert events("role.granted").count() == 1
    services.revoke_role(actor=region.admin, role=role)
    assert not policy.has_role(region.editor, region.dept, RoleName.REVIEWER)
    assert events("role.revoked").get().data["role"] == "reviewer"


@pytest.mark.parametrize("who", ["editor", "supervisor", "outsider"])
def test_only_the_org_admin_manages_people(region, who):
    actor = getattr(region, who)
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=actor, organization=region.dept, user=region.outsider, role=RoleName.EDITOR)
    with pytest.raises(PermissionDenied):
        services.create_staff_user(
            actor=actor, organization=region.dept, username="newbie", password="Gongkai-2026-long"
        )
    with pytest.raises(PermissionDenied):
        services.update_contact_details(actor=actor, organization=region.dept, fields={"phone": "1"})
    with pytest.raises(PermissionDenied):
        services.configure_signoff_chain(actor=actor, organization=region.dept, steps=[])
    role = Role.objects.get(user=region.editor, organization=region.dept)
    with pytest.raises(PermissionDenied):
        services.revoke_role(actor=actor, role=role)
    assert not AuditEvent.objects.filter(action__startswith="role.").exists()


def test_admin_of_dept_cannot_manage_county(region):
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=region.admin, organization=region.county_dept, user=region.admin, role=RoleName.SIGNER
        )


def test_superuser_may_manage_any_org(region):
    root = User.objects.create_superuser("root", password="Root-gongkai-2026")
    services.grant_role(
        actor=root, organization=region.county_dept, user=region.outsider, role=RoleName.EDITOR
    )
    assert policy.has_role(region.outsider, region.county_dept, RoleName.EDITOR)


def test_admin_cannot_revoke_own_admin_role(region):
    role = Role.objects.get(user=region.admin, organization=region.dept, role=RoleName.ORG_ADMIN)
    with pytest.raises(ValidationError):
        services.revoke_role(actor=region.admin, role=role)


def test_create_staff_user_validates_password_and_hashes_it(region, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    with pytest.raises(ValidationError) as exc:
        services.create_staff_user(
            actor=region.admin, organization=region.dept, username="wangwu", password="12345678"
        )
    assert "password" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.create_staff_user(
            actor=region.admin, organization=region.dept, username="EDITOR", password="Gongkai-2026-long"
        )
    assert "username" in exc.value.error_dict
    user = services.create_staff_user(
        actor=region.admin,
        organization=region.dept,
        username="wangwu",
        password="Gongkai-2026-long",
        full_name="王五",
        roles=[RoleName.EDITOR, RoleName.REVIEWER],
    )
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("Gongkai-2026-long")
    assert set(Role.objects.filter(user=user).values_list("role", flat=True)) == {"editor", "reviewer"}
    assert events("user.created").get().data == {"user": "wangwu", "roles": ["editor", "reviewer"]}
    assert events("role.granted").count() == 2


def test_update_contact_details(region):
    services.update_contact_details(
        actor=region.admin,
        organization=region.dept,
        fields={"phone": "0557-1234567", "office_hours": "工作日 8:30—17:30"},
    )
    region.dept.refresh_from_db()
    assert region.dept.phone == "0557-1234567"
    assert events("org.contact_updated").get().data == {"fields": ["office_hours", "phone"]}
    with pytest.raises(ValidationError):
        services.update_contact_details(
            actor=region.admin, organization=region.dept, fields={"unit_code": "x"}
        )
    with pytest.raises(ValidationError):
        services.update_contact_details(
            actor=region.admin, organization=region.dept, fields={"email": "not-mail"}
        )


def test_configure_signoff_chain(region):
    steps = [
        services.StepSpec(position=1, title="分管领导签发"),
        services.StepSpec(position=2, title="主要负责人签发", condition="urgent", signers=[region.head]),
    ]
    created = services.configure_signoff_chain(actor=region.admin, organization=region.dept, steps=steps)
    assert [s.title for s in created] == ["分管领导签发", "主要负责人签发"]
    assert list(SignOffStep.objects.get(position=2).signers.all()) == [region.head]
    event = events("org.signoff_chain_configured").get()
    assert event.data["steps"][1]["signers"] == [region.head.pk]
    # A designated signer must be a signer of the organization.
    with pytest.raises(ValidationError):
        services.configure_signoff_chain(
            actor=region.admin,
            organization=region.dept,
            steps=[services.StepSpec(position=1, title="签发", signers=[region.editor])],
        )
    with pytest.raises(ValidationError):
        services.configure_signoff_chain(
            actor=region.admin,
            organization=region.dept,
            steps=[services.StepSpec(position=1, title="甲"), services.StepSpec(position=1, title="乙")],
        )
    assert SignOffStep.objects.filter(organization=region.dept).count() == 2  # unchanged


# --- catalog administration -----------------------------------------------------------------


def test_catalog_admin_add_rename_hide_move(region):
    parent = region.column
    column = catalog_admin.add_column(
        actor=region.admin, organization=region.dept, name="招生入学", parent=parent
    )
    assert column.code == f"{parent.code}Z01" and column.parent == parent
    top = catalog_admin.add_column(actor=region.admin, organization=region.dept, name="自定义栏目")
    assert top.code == "Z01"
    catalog_admin.rename_column(actor=region.admin, column=top, name="教育动态")
    catalog_admin.hide_column(actor=region.admin, column=top)
    assert CatalogColumn.objects.get(pk=top.pk).is_hidden
    catalog_admin.show_column(actor=region.admin, column=top)
    before = [
        c.pk
        for c in CatalogColumn.objects.filter(organization=region.dept, parent=None).order_by(
            "position", "id"
        )
    ]
    catalog_admin.move_column(actor=region.admin, column=top, direction="up")
    after = [
        c.pk
        for c in CatalogColumn.objects.filter(organization=region.dept, parent=None).order_by(
            "position", "id"
        )
    ]
    assert after.index(top.pk) == before.index(top.pk) - 1
    actions = set(AuditEvent.objects.filter(action__startswith="catalog.").values_list("action", flat=True))
    assert actions == {
        "catalog.column_added",
        "catalog.column_renamed",
        "catalog.column_hidden",
        "catalog.column_shown",
        "catalog.column_moved",
    }
    with pytest.raises(ValidationError):
        catalog_admin.add_column(actor=region.admin, organization=region.dept, name="  ")
    with pytest.raises(ValidationError):
        catalog_admin.add_column(
            actor=region.admin, organization=region.dept, name="跨机构", parent=region.county_column
        )


@pytest.mark.parametrize("who", ["editor", "supervisor", "signer"])
def test_catalog_admin_refuses_non_admins(region, who):
    actor = getattr(region, who)
    with pytest.raises(PermissionDenied):
        catalog_admin.add_column(actor=actor, organization=region.dept, name="x")
    with pytest.raises(PermissionDenied):
        catalog_admin.rename_column(actor=actor, column=region.column, name="x")
    with pytest.raises(PermissionDenied):
        catalog_admin.hide_column(actor=actor, column=region.column)
    with pytest.raises(PermissionDenied):
        catalog_admin.move_column(actor=actor, column=region.column, direction="down")
    with pytest.raises(PermissionDenied):
        catalog_admin.apply_template(
            actor=actor, organization=region.dept, template=CatalogTemplate.objects.first()
        )
    assert not AuditEvent.objects.filter(action__startswith="catalog.").exists()


def test_apply_template_adds_missing_columns(region):
    template = CatalogTemplate.objects.exclude(code="article-20").first()
    created = catalog_admin.apply_template(actor=region.admin, organization=region.dept, template=template)
    assert created and all(c.organization == region.dept for c in created)
    assert events("catalog.template_applied").get().data["created"] == len(created)
