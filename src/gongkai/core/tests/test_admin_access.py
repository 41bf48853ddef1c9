"""Django admin is for system administrators only (issue: staff use the back office)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_staff_flag_alone_does_not_open_admin(client, region):
    region.signer.is_staff = True
    region.signer.save()
    client.force_login(region.signer)
    assert client.get("/admin/").status_code == 302


def test_superuser_opens_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/disclosure/secrecykeyword/").status_code == 200
