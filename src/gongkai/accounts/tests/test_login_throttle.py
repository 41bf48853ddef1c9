"""Login throttling (issue 8, audit finding 4.4: "no login throttling on /staff/login/ or
/admin/login/: 6 guesses a second were accepted").

After AXES_FAILURE_LIMIT (5) failed sign-ins for one username from one client address, that pair
is locked out for AXES_COOLOFF_TIME (30 minutes): even the right password is refused, with the login
page saying so in Chinese (HTTP 429). Every failure and every lockout is in the audit log; a system
administrator can lift a lockout from the back office (audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "gongkai-test-pass"
LOGIN = "/staff/login/"


def attempt(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail(client: Client, username: str, times: int, **extra: Any) -> None:
    for _ in range(times):
        response = attempt(client, username, "wrong-password", **extra)
        assert response.status_code in (200, 429)


def test_five_failures_lock_the_username_out_even_with_the_right_password(client, region, clock):
    clock.set(dt.date(2026, 3, 2))
    for _ in range(4):
        response = attempt(client, "editor", "wrong-password")
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode() or "登录未成功" in response.content.decode()
    fifth = attempt(client, "editor", "wrong-password")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "账户已被暂时锁定" in page and "“editor”" in page and "30 分钟后再试" in page
    assert 'name="username"' in page  # the login page itself, not a bare error page

    refused = attempt(client, "editor", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/staff/").status_code == 302  # still not signed in


def test_lockout_is_written_to_the_audit_log(client, region, clock):
    clock.set(dt.date(2026, 3, 2))
    fail(client, "editor", 5)
    attempt(client, "editor", PASSWORD)
    failed = AuditEvent.objects.filter(action="auth.login_failed").order_by("id")
    assert failed.count() == 6
    # The fifth failure locked the pair out; the sixth try was refused without checking the password.
    assert [e.data["locked"] for e in failed] == [False] * 4 + [True, True]
    assert [e.data["refused"] for e in failed] == [False] * 5 + [True]
    first = failed.first()
    assert first is not None
    assert first.data["username"] == "editor" and first.data["address"] == "127.0.0.1"
    assert first.target_id == str(region.editor.pk)
    locked = AuditEvent.objects.get(action="auth.locked_out")
    assert locked.data == {"username": "editor", "address": "127.0.0.1", "failures": 5}
    assert "连续5次登录失败" in locked.reason


def test_unknown_usernames_are_audited_without_a_target(client, db):
    attempt(client, "nobody-here", "x")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.target_id == "" and event.data["username"] == "nobody-here"


def test_the_lockout_is_per_username_and_address(client, region, clock):
    clock.set(dt.date(2026, 3, 2))
    fail(client, "editor", 5)
    # The same person from another address, and another person from the same address, sign in.
    other_address = Client(REMOTE_ADDR="203.0.113.9")
    assert attempt(other_address, "editor", PASSWORD).status_code == 302
    assert attempt(Client(), "reviewer", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, region, clock, settings):
    clock.set(dt.date(2026, 3, 2))
    fail(client, "editor", 5, HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, region, clock, settings):
    """The address is core.ratelimit.client_ip's: behind nginx every visitor is not 127.0.0.1."""
    clock.set(dt.date(2026, 3, 2))
    settings.GONGKAI = {**settings.GONGKAI, "TRUSTED_PROXIES": ["127.0.0.1"]}
    fail(client, "editor", 5, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    locked = AuditEvent.objects.get(action="auth.locked_out")
    assert locked.data["address"] == "198.51.100.1"


def test_the_lockout_ends_after_the_cool_off(client, region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    fail(client, "editor", 5)
    clock.set(dt.datetime(2026, 3, 2, 9, 29))
    assert attempt(client, "editor", PASSWORD).status_code == 429
    # Tries during the lockout do not extend it: 30 minutes after the fifth failure it is over.
    clock.set(dt.datetime(2026, 3, 2, 9, 31))
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client, region, clock):
    clock.set(dt.date(2026, 3, 2))
    fail(client, "editor", 4)
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.post("/staff/logout/")
    fail(client, "editor", 4)
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_admin_login_is_throttled_too(client, region, clock, django_user_model):
    clock.set(dt.date(2026, 3, 2))
    django_user_model.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429
    assert "账户已被暂时锁定" in response.content.decode()


def test_a_system_administrator_lifts_a_lockout_and_it_is_audited(client, region, clock, django_user_model):
    clock.set(dt.date(2026, 3, 2))
    fail(client, "editor", 5)
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    admin = Client(REMOTE_ADDR="192.0.2.10")
    admin.force_login(root)
    page = admin.get(reverse("backoffice:security_admin"))
    assert page.status_code == 200
    assert "editor" in page.content.decode() and "127.0.0.1" in page.content.decode()
    response = admin.post(
        reverse("backoffice:security_unlock"), {"username": "editor", "ip_address": "127.0.0.1"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.unlocked")
    assert event.actor == root and event.data == {"username": "editor", "address": "127.0.0.1"}
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_only_a_system_administrator_may_unlock(client, region, clock):
    clock.set(dt.date(2026, 3, 2))
    fail(client, "editor", 5)
    other = Client(REMOTE_ADDR="192.0.2.10")
    other.force_login(region.admin)  # an organization administrator
    assert other.get(reverse("backoffice:security_admin")).status_code == 403
    response = other.post(
        reverse("backoffice:security_unlock"), {"username": "editor", "ip_address": "127.0.0.1"}
    )
    assert response.status_code == 403
    assert attempt(client, "editor", PASSWORD).status_code == 429
    assert not AuditEvent.objects.filter(action="auth.unlocked").exists()


def test_successful_sign_ins_are_audited(client, region):
    assert attempt(client, "editor", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == region.editor and event.data["address"] == "127.0.0.1"
