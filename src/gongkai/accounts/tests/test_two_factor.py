"""Two-factor sign-in for staff (issue 8, audit finding 4.10): TOTP with django-otp, required for
system administrators and supervisors (等保2.0 third level: two authentication techniques for
administrators), configurable for all staff (GONGKAI_2FA = privileged | all | off).

The test settings turn two-factor sign-in off for the rest of the suite; every test here turns it on.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import twofactor
from gongkai.audit.models import AuditEvent
from gongkai.orgs.models import Role, RoleName
from gongkai.testing import current_code, login_verified

pytestmark = pytest.mark.django_db

PASSWORD = "gongkai-test-pass"
SETUP = "/staff/two-factor/setup/"
VERIFY = "/staff/two-factor/"


@pytest.fixture(autouse=True)
def two_factor_on(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "privileged"}


def sign_in(client: Client, username: str, next_url: str = "") -> Any:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/staff/login/", data)


def enrol(client: Client, user: Any) -> list[str]:
    """Walk the enrolment page as a person would: read the secret, type the app's code."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def test_the_production_default_is_privileged_and_the_admin_off() -> None:
    from gongkai import settings as production

    assert production.GONGKAI["TWO_FACTOR"] == "privileged"
    assert production.GONGKAI["SESSION_IDLE_MINUTES"] == 30
    assert production.GONGKAI["ADMIN_ENABLED"] is False


def test_who_must_use_two_factor(region, django_user_model, settings):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    office_editor = region.outsider
    Role.objects.create(user=office_editor, organization=region.office, role=RoleName.EDITOR)
    assert twofactor.is_privileged(root)
    assert twofactor.is_privileged(region.supervisor)
    assert twofactor.is_privileged(office_editor)  # any role within a competent authority
    for person in (region.editor, region.signer, region.head, region.admin, region.county_editor):
        assert not twofactor.is_privileged(person)
    assert twofactor.is_required(region.supervisor) and not twofactor.is_required(region.editor)
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "all"}
    assert twofactor.is_required(django_user_model.objects.get(pk=region.editor.pk))
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "off"}
    assert not twofactor.is_required(django_user_model.objects.get(pk=root.pk))


def test_a_supervisor_enrols_on_first_sign_in_then_reaches_the_back_office(client, region, clock):
    clock.set(dt.date(2026, 3, 2))
    response = sign_in(client, "supervisor", next_url="/staff/requests/")
    assert response.status_code == 302
    # Every staff page sends the person to enrol first, keeping where they were going.
    gate = client.get("/staff/requests/")
    assert gate.status_code == 302 and gate["Location"] == f"{SETUP}?next=%2Fstaff%2Frequests%2F"

    page = client.get(gate["Location"])
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=region.supervisor, confirmed=False)
    assert '<svg width="' in html and 'class="qr-code"' in html  # drawn on the server
    assert "<title>身份验证器二维码</title>" in html
    secret = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert secret is not None
    text = secret.group(1).replace(" ", "")
    assert base64.b32decode(text + "=" * (-len(text) % 8)) == device.bin_key
    assert "绑定身份验证器" in html and "6位数字" in html
    # Reloading keeps the same secret (a QR code already scanned stays valid).
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=region.supervisor).count() == 1

    wrong = client.post(SETUP, {"code": "000000", "next": "/staff/requests/"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    clock.shift(dt.timedelta(seconds=2))  # past the one-second back-off after a wrong code

    codes_page = client.post(SETUP, {"code": current_code(device), "next": "/staff/requests/"})
    assert codes_page.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "只显示这一次" in codes_page.content.decode()
    assert 'href="/staff/requests/"' in codes_page.content.decode()
    assert client.get("/staff/requests/").status_code == 200

    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=region.supervisor).token_set.count() == 10
    actions = list(
        AuditEvent.objects.filter(actor=region.supervisor, action__startswith="auth.2fa").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["auth.2fa_enrol_failed", "auth.2fa_enrolled"]


def test_a_person_who_is_not_privileged_is_not_asked(client, region):
    sign_in(client, "editor")
    assert client.get("/staff/").status_code == 200


def test_all_staff_are_asked_when_configured(client, region, settings):
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "all"}
    sign_in(client, "editor")
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_nobody_is_asked_when_off(client, region, settings):
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "off"}
    sign_in(client, "supervisor")
    assert client.get("/staff/").status_code == 200


def test_an_enrolled_person_enters_a_code_at_every_sign_in(client, region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    enrol(client, region.supervisor)
    client.post("/staff/logout/")

    clock.set(dt.datetime(2026, 3, 2, 9, 5))
    sign_in(client, "supervisor", next_url="/staff/items/")
    gate = client.get("/staff/items/")
    assert gate.status_code == 302 and gate["Location"] == f"{VERIFY}?next=%2Fstaff%2Fitems%2F"
    page = client.get(gate["Location"])
    assert page.status_code == 200 and "两步验证" in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()

    device = TOTPDevice.objects.get(user=region.supervisor)
    response = client.post(VERIFY, {"code": current_code(device), "next": "/staff/items/"})
    assert response.status_code == 302 and response["Location"] == "/staff/items/"
    assert client.get("/staff/items/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.2fa_verified", actor=region.supervisor).count() == 1


def test_wrong_codes_are_throttled_and_audited(client, region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    enrol(client, region.supervisor)
    client.post("/staff/logout/")
    clock.set(dt.datetime(2026, 3, 2, 9, 5))
    sign_in(client, "supervisor")
    device = TOTPDevice.objects.get(user=region.supervisor)

    first = client.post(VERIFY, {"code": "123456"})
    assert first.status_code == 400 and "验证码不正确" in first.content.decode()
    # django-otp's back-off: right after a wrong code even the right one is refused, unchecked.
    second = client.post(VERIFY, {"code": current_code(device)})
    assert second.status_code == 400 and "验证码错误次数过多" in second.content.decode()
    assert client.get("/staff/").status_code == 302
    clock.shift(dt.timedelta(seconds=1, milliseconds=500))
    client.post(VERIFY, {"code": "654321"})  # second failure: now two seconds
    clock.shift(dt.timedelta(seconds=1))
    assert "请1秒后再试" in client.post(VERIFY, {"code": current_code(device)}).content.decode()
    clock.shift(dt.timedelta(seconds=1, milliseconds=500))
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    failures = AuditEvent.objects.filter(action="auth.2fa_failed", actor=region.supervisor)
    assert failures.count() == 2 and failures.first().data["kind"] == "totp"  # type: ignore[union-attr]


def test_a_code_is_good_only_once(client, region, clock):
    """A code seen over someone's shoulder cannot be replayed within its 30 seconds."""
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    enrol(client, region.supervisor)  # uses the code of this 30-second step
    device = TOTPDevice.objects.get(user=region.supervisor)
    other = Client()
    sign_in(other, "supervisor")
    assert other.post(VERIFY, {"code": current_code(device)}).status_code == 400


def test_a_recovery_code_works_once_and_is_audited(client, region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    codes = enrol(client, region.supervisor)
    client.post("/staff/logout/")
    sign_in(client, "supervisor")
    response = client.post(VERIFY, {"code": codes[3].upper()}, follow=True)
    assert response.status_code == 200
    assert "您使用了一个恢复码，还剩9个" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.2fa_recovery_used")
    assert event.actor == region.supervisor and event.data["left"] == 9

    client.post("/staff/logout/")
    clock.shift(dt.timedelta(minutes=1))
    sign_in(client, "supervisor")
    again = client.post(VERIFY, {"code": codes[3]})
    assert again.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    old = enrol(client, region.supervisor)
    page = client.post(reverse("backoffice:account_security"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "原有的恢复码已全部作废" in page.content.decode()
    assert AuditEvent.objects.filter(action="auth.2fa_recovery_regenerated").count() == 1
    client.post("/staff/logout/")
    clock.shift(dt.timedelta(minutes=1))
    sign_in(client, "supervisor")
    assert client.post(VERIFY, {"code": old[0]}).status_code == 400
    clock.shift(dt.timedelta(seconds=2))
    assert client.post(VERIFY, {"code": new[0]}).status_code == 302


def test_a_password_alone_cannot_replace_an_enrolled_authenticator(client, region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    enrol(client, region.supervisor)
    thief = Client()
    sign_in(thief, "supervisor")
    response = thief.get(SETUP)
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert thief.post(SETUP, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=region.supervisor).count() == 1


def test_every_staff_page_needs_the_second_step(client, region):
    sign_in(client, "supervisor")
    for url in (
        "/staff/",
        "/staff/items/",
        "/staff/requests/",
        "/staff/people/",
        "/staff/filings/",
        "/staff/reports/",
        "/staff/account/security/",
        reverse("backoffice:request_dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    # htmx asks for the whole page to go, not for a fragment to be swapped.
    fragment = client.post("/staff/items/1/review/findings/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204 and fragment["HX-Redirect"] == SETUP
    # Login, logout and the two-factor pages stay open.
    assert client.get(SETUP).status_code == 200
    assert client.post("/staff/logout/").status_code == 302


def test_the_admin_needs_the_second_step_too(client, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_a_system_administrator_resets_a_lost_phone(client, region, clock, django_user_model):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    enrol(client, region.supervisor)
    assert client.get("/staff/").status_code == 200

    root = django_user_model.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    admin = login_verified(Client(), root)
    page = admin.get(reverse("backoffice:security_admin") + "?q=supervisor")
    assert "已绑定" in page.content.decode()
    url = reverse("backoffice:security_two_factor_reset", args=[region.supervisor.pk])
    refused = admin.post(url, {"reason": ""})
    assert refused.status_code == 302 and TOTPDevice.objects.filter(user=region.supervisor).exists()
    assert admin.post(url, {"reason": "手机丢失"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=region.supervisor).exists()
    assert not StaticDevice.objects.filter(user=region.supervisor).exists()
    event = AuditEvent.objects.get(action="auth.2fa_reset")
    assert event.actor == root and event.reason == "手机丢失" and event.target_id == str(region.supervisor.pk)
    assert event.data == {"devices_removed": 2}
    # The supervisor's session verified with the old phone is no longer enough.
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_only_a_system_administrator_resets(client, region, clock):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    sign_in(client, "supervisor")
    enrol(client, region.supervisor)
    orgadmin = login_verified(Client(), region.admin)
    url = reverse("backoffice:security_two_factor_reset", args=[region.supervisor.pk])
    assert orgadmin.post(url, {"reason": "手机丢失"}).status_code == 403
    assert TOTPDevice.objects.filter(user=region.supervisor).exists()
    assert not AuditEvent.objects.filter(action="auth.2fa_reset").exists()


def test_login_verified_helper_opens_staff_pages(client, region):
    login_verified(client, region.supervisor)
    assert client.get("/staff/").status_code == 200


def test_an_unknown_mode_is_reported_and_treated_as_all(settings, region):
    from gongkai.accounts.checks import check_sign_in_settings

    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "sometimes"}
    errors = check_sign_in_settings()
    assert [e.id for e in errors] == ["gongkai.E201"]
    assert twofactor.mode() == "all"


def test_the_demo_accounts_text_says_who_enrols_on_first_sign_in(region, settings):
    from gongkai.demo.builder import demo_accounts_text

    text = demo_accounts_text()
    assert " *supervisor" in text and " *editor" not in text and "  editor" in text
    assert "首次登录时按页面提示，用手机上的身份验证器" in text
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "off"}
    assert "身份验证器" not in demo_accounts_text()
