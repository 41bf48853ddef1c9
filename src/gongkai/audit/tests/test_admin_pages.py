"""No change through the Django admin escapes the audit log (issue 8 §5: organizations, roles and
sign-off steps were edited there with no audit event). Every registered admin page is either
read-only or an ``AuditedAdmin``; organizations, roles and sign-off steps are read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from gongkai.accounts.models import User
from gongkai.audit.adminlog import AuditedAdmin
from gongkai.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_request():
    request = RequestFactory().post("/admin/")
    request.user = User.objects.create_superuser("root", password="Root-gongkai-2026")
    return request


def test_every_admin_page_is_read_only_or_audited(root_request):
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        read_only = not (
            model_admin.has_add_permission(root_request)
            or model_admin.has_change_permission(root_request, None)
            or model_admin.has_delete_permission(root_request, None)
        )
        if not read_only and not isinstance(model_admin, AuditedAdmin):
            unaudited.append(model._meta.label)
    assert unaudited == []


@pytest.mark.parametrize("label", ["orgs.Organization", "orgs.Role", "orgs.SignOffStep"])
def test_organizations_roles_and_signoff_steps_are_read_only(root_request, label):
    from django.apps import apps

    model_admin = admin.site._registry[apps.get_model(label)]
    assert not model_admin.has_add_permission(root_request)
    assert not model_admin.has_change_permission(root_request, None)
    assert not model_admin.has_delete_permission(root_request, None)


def test_a_change_of_a_two_factor_device_is_audited(root_request):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=root_request.user, name="手机")
    admin.site._registry[TOTPDevice].log_deletions(root_request, [device])
    event = AuditEvent.objects.get(action="admin.deleted")
    assert event.data["model"] == "otp_totp.totpdevice" and event.actor == root_request.user
