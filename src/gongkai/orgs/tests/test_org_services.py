"""Organizations are created and changed by system administrators through audited services, in the
back office (机构管理); the Django admin shows organizations, roles and sign-off steps read-only
(issue 8 §5: the admin changed them with no audit event)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.disclosure.models import SecrecyKeyword
from gongkai.orgs import services
from gongkai.orgs.models import Kind, Level, Organization, Role, SignOffStep
from gongkai.orgs.unitcodes import make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="Root-gongkai-2026")


def fields(parent, **overrides):
    data = {
        "name": "测试市卫生健康委员会",
        "short_name": "市卫健委",
        "slug": "wjw",
        "unit_code": make_uscc("1", "1", "341302", "77700001"),
        "parent": parent,
        "level": Level.CITY,
        "kind": Kind.DEPARTMENT,
        "is_competent_authority": False,
        "position": 5,
        "is_active": True,
    }
    data.update(overrides)
    return data


def test_system_admin_creates_an_organization_and_it_is_audited(region, root):
    org = services.create_organization(actor=root, fields=fields(region.city))
    assert org.path == f"{region.city.path}{org.pk}/"
    event = AuditEvent.objects.get(action="org.created")
    assert event.actor == root and event.organization == org
    assert event.data["unit_code"] == org.unit_code
    assert event.data["parent"] == {"id": region.city.pk, "name": region.city.name}


@pytest.mark.parametrize("who", ["admin", "supervisor", "editor"])
def test_only_system_admins_create_organizations(region, who):
    with pytest.raises(PermissionDenied):
        services.create_organization(actor=getattr(region, who), fields=fields(region.city))
    with pytest.raises(PermissionDenied):
        services.update_organization(
            actor=getattr(region, who), organization=region.dept, fields={"name": "x"}
        )
    assert not AuditEvent.objects.filter(action__startswith="org.").exists()


def test_unit_code_is_checked_and_normalized(region, root):
    good = make_uscc("1", "1", "341302", "77700002")
    with pytest.raises(ValidationError) as exc:
        services.create_organization(actor=root, fields=fields(region.city, unit_code=good[:-1] + "0"))
    [message] = exc.value.message_dict["unit_code"]  # one message, not one per check
    assert "校验位" in message
    org = services.create_organization(actor=root, fields=fields(region.city, unit_code=good.lower()))
    assert org.unit_code == good
    with pytest.raises(ValidationError) as exc:
        services.create_organization(
            actor=root, fields=fields(region.city, slug="other", unit_code=good.lower(), name="重复")
        )
    assert "unit_code" in exc.value.message_dict


def test_reserved_slug_and_competent_authority_rules(region, root):
    with pytest.raises(ValidationError) as exc:
        services.create_organization(actor=root, fields=fields(region.city, slug="search"))
    assert "系统保留" in exc.value.message_dict["slug"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_organization(actor=root, fields=fields(region.dept, is_competent_authority=True))
    assert "人民政府" in exc.value.message_dict["is_competent_authority"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_organization(actor=root, fields=fields(region.city, is_competent_authority=True))
    assert region.office.name in exc.value.message_dict["is_competent_authority"][0]
    assert not Organization.objects.filter(slug="wjw").exists()


def test_update_moves_the_subtree_and_records_what_changed(region, root):
    services.update_organization(
        actor=root, organization=region.county, fields={"parent": region.dept, "name": "测试县政府"}
    )
    region.county_dept.refresh_from_db()
    assert region.county_dept.path.startswith(region.dept.path)
    event = AuditEvent.objects.get(action="org.updated")
    assert event.data["changes"]["name"] == ["测试县人民政府", "测试县政府"]
    assert event.data["changes"]["parent"][1] == {"id": region.dept.pk, "name": region.dept.name}
    with pytest.raises(ValidationError):
        services.update_organization(actor=root, organization=region.city, fields={"parent": region.county})


def test_django_admin_cannot_change_orgs_roles_or_signoff_steps(region, root):
    request = RequestFactory().get("/admin/")
    request.user = root
    for model in (Organization, Role, SignOffStep):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, None)
        assert not model_admin.has_delete_permission(request, None)
        assert model_admin.has_view_permission(request, None)


def test_admin_changes_of_other_lists_are_audited(root):
    """The lists only the admin edits (accounts, secrecy keywords …) write the audit log."""
    request = RequestFactory().post("/admin/")
    request.user = root
    keyword = SecrecyKeyword.objects.create(text="内部资料")
    admin.site._registry[SecrecyKeyword].log_change(request, keyword, '[{"changed": {"fields": ["级别"]}}]')
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.actor == root and event.target_label == "内部资料"
    assert event.data == {"model": "disclosure.secrecykeyword", "change": [{"changed": {"fields": ["级别"]}}]}
    admin.site._registry[User].log_deletions(request, [root])
    assert AuditEvent.objects.filter(action="admin.deleted", target_type="accounts.user").exists()


def test_org_screens_for_the_system_admin(client, region, root):
    login(client, root)
    response = client.get(reverse("backoffice:org_list"))
    assert response.status_code == 200 and region.county_dept.name in text_of(response)
    data = fields(region.city)
    data["parent"] = region.city.pk
    data["is_competent_authority"] = ""
    response = client.post(reverse("backoffice:org_new"), data)
    assert response.status_code == 302
    org = Organization.objects.get(slug="wjw")
    data["name"] = "测试市卫生健康委"
    data["unit_code"] = "123"
    response = client.post(reverse("backoffice:org_edit", args=[org.pk]), data)
    assert response.status_code == 200 and "单位代码应为18位" in text_of(response)
    data["unit_code"] = org.unit_code
    response = client.post(reverse("backoffice:org_edit", args=[org.pk]), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "测试市卫生健康委"
    assert AuditEvent.objects.filter(action__in=["org.created", "org.updated"]).count() == 2


def test_org_screens_refuse_everyone_else(client, region):
    login(client, region.admin)
    assert client.get(reverse("backoffice:org_list")).status_code == 403
    response = client.post(reverse("backoffice:org_new"), fields(region.city.pk))
    assert response.status_code == 403 and "只有系统管理员" in text_of(response)
    assert client.get(reverse("backoffice:org_edit", args=[region.dept.pk])).status_code == 403


def test_signoff_chain_positions_start_at_one(region):
    from gongkai.orgs.services import StepSpec

    with pytest.raises(ValidationError) as exc:
        services.configure_signoff_chain(
            actor=region.admin, organization=region.dept, steps=[StepSpec(position=0, title="签发")]
        )
    assert "1至99" in exc.value.messages[0]
    steps = services.configure_signoff_chain(
        actor=region.admin, organization=region.dept, steps=[StepSpec(position=1, title="签发")]
    )
    assert [s.position for s in steps] == [1]
    assert AuditEvent.objects.filter(action="org.signoff_chain_configured").count() == 1
