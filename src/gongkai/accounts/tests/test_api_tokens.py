"""个人接口令牌 (accounts.tokens) for staff integrations (issue 10: "read endpoints for staff
integrations (authenticated)", docs/SPEC.md §8): the secret shown once and only its SHA-256 kept,
expiry (90 days by default, a year at most), revocation, two-factor before creation where required,
audit of creation and revocation, and the screens under 登录安全."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.accounts import tokens
from gongkai.accounts.models import ApiToken, User
from gongkai.audit.models import AuditEvent
from gongkai.testing import UserFactory, login_verified

pytestmark = pytest.mark.django_db

LIST = "/staff/account/tokens/"
NEW = "/staff/account/tokens/new/"
SECRET_RE = re.compile(r"gk_[A-Za-z0-9_-]{43}")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def person(clock: Any) -> User:
    clock.set(NOW)
    return UserFactory.create(username="zhang", full_name="张三")


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def revoke_url(token: ApiToken) -> str:
    return reverse("backoffice:account_token_revoke", args=[token.pk])


def test_the_routes() -> None:
    assert reverse("backoffice:account_tokens") == LIST
    assert reverse("backoffice:account_token_new") == NEW
    assert reverse("backoffice:account_token_revoke", args=[7]) == "/staff/account/tokens/7/revoke/"


def test_only_the_hash_of_the_secret_is_stored(person: User) -> None:
    created = tokens.create_token(actor=person, name="市政务信息系统对接")
    token, secret = created.token, created.secret
    assert SECRET_RE.fullmatch(secret)
    assert token.prefix == secret[:8] and token.prefix.startswith("gk_")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(v) for v in stored.values()}
    # 90 days by default, from the moment of creation
    assert token.created_at == NOW
    assert token.expires_at == NOW + dt.timedelta(days=90)
    assert token.last_used_at is None and token.revoked_at is None
    event = AuditEvent.objects.get(action="auth.token_created")
    assert event.actor == person and event.target_id == str(token.pk)
    assert event.data == {
        "name": "市政务信息系统对接",
        "prefix": token.prefix,
        "expires_at": "2026-05-31T10:00:00+08:00",  # 2 March + 29 + 30 + 31 days
    }
    assert secret not in str(event.data) + event.target_label
    # two secrets are never alike
    assert tokens.create_token(actor=person, name="另一个").secret != secret


def test_authenticate_and_last_used(person: User, clock: Any) -> None:
    created = tokens.create_token(actor=person, name="对接", days=2)
    assert tokens.authenticate(created.secret) == person
    token = ApiToken.objects.get(pk=created.token.pk)
    assert token.last_used_at == NOW
    clock.shift(dt.timedelta(seconds=59))  # not rewritten within the minute
    assert tokens.authenticate(created.secret) == person
    assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW
    clock.shift(dt.timedelta(seconds=1))
    assert tokens.authenticate(created.secret) == person
    assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW + dt.timedelta(seconds=60)
    # expired: two days after creation it is refused, to the second
    clock.set(NOW + dt.timedelta(days=2) - dt.timedelta(seconds=1))
    assert tokens.authenticate(created.secret) == person
    clock.set(NOW + dt.timedelta(days=2))
    assert tokens.authenticate(created.secret) is None
    assert tokens.state(fresh_token(token)) == tokens.EXPIRED


def fresh_token(token: ApiToken) -> ApiToken:
    return ApiToken.objects.get(pk=token.pk)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: "",
        lambda s: "gk_",
        lambda s: s[:-1],
        lambda s: s + "A",
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # right prefix, wrong secret
        lambda s: "xx_" + s[3:],
        lambda s: s.upper(),
        lambda s: " " + s,
        lambda s: s[:10] + "\x00" + s[11:],
        lambda s: s[:10] + "é" + s[11:],
    ],
)
def test_malformed_or_unknown_secrets_authenticate_nobody(person: User, mangle: Any) -> None:
    created = tokens.create_token(actor=person, name="对接")
    presented = mangle(created.secret)
    assert presented != created.secret
    assert tokens.authenticate(presented) is None
    assert fresh_token(created.token).last_used_at is None


def test_revoked_or_deactivated_authenticates_nobody(person: User) -> None:
    first = tokens.create_token(actor=person, name="一")
    second = tokens.create_token(actor=person, name="二")
    assert tokens.revoke_token(actor=person, token=first.token) is True
    assert tokens.authenticate(first.secret) is None
    assert tokens.authenticate(second.secret) == person
    event = AuditEvent.objects.get(action="auth.token_revoked")
    assert event.actor == person and event.target_id == str(first.token.pk)
    assert event.data == {"name": "一", "prefix": first.token.prefix}
    # revoking again changes nothing and writes nothing
    assert tokens.revoke_token(actor=person, token=first.token) is False
    assert AuditEvent.objects.filter(action="auth.token_revoked").count() == 1
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert tokens.authenticate(second.secret) is None


def test_only_the_owner_revokes(person: User) -> None:
    other = UserFactory.create(username="li")
    created = tokens.create_token(actor=person, name="对接")
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(actor=other, token=created.token)
    assert fresh_token(created.token).revoked_at is None


@pytest.mark.parametrize(
    "name, days, field, message",
    [
        ("", 90, "name", "请填写令牌名称（如：市政务信息系统对接）。"),
        ("   ", 90, "name", "请填写令牌名称（如：市政务信息系统对接）。"),
        ("名" * 61, 90, "name", "令牌名称不能超过60个字。"),
        ("对接", 0, "days", "有效期须为1至365天。"),
        ("对接", 366, "days", "有效期须为1至365天。"),
        ("对接", True, "days", "有效期须为1至365天。"),
    ],
)
def test_create_refuses_bad_input(person: User, name: str, days: Any, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        tokens.create_token(actor=person, name=name, days=days)
    assert caught.value.message_dict == {field: [message]}
    assert not ApiToken.objects.exists()


def test_a_year_at_most_and_twenty_active_at_most(person: User, clock: Any) -> None:
    assert tokens.create_token(actor=person, name="一年", days=365).token.expires_at == NOW + dt.timedelta(
        days=365
    )
    for n in range(19):
        tokens.create_token(actor=person, name=f"令牌{n}")
    with pytest.raises(ValidationError) as caught:
        tokens.create_token(actor=person, name="第二十一个")
    assert caught.value.messages == ["您已有20个有效的接口令牌，请先撤销不再使用的令牌。"]
    # a revoked one frees a place
    tokens.revoke_token(actor=person, token=ApiToken.objects.filter(user=person).first())  # type: ignore[arg-type]
    assert tokens.create_token(actor=person, name="第二十一个").token.name == "第二十一个"


def test_two_factor_first_where_required(person: User, settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "all"}
    with pytest.raises(PermissionDenied) as caught:
        tokens.create_token(actor=fresh(person), name="对接")
    assert str(caught.value) == "请先完成两步验证，再创建接口令牌。"
    verified = fresh(person)
    verified.is_verified = lambda: True  # type: ignore[attr-defined]  # as django-otp's middleware sets it
    assert tokens.create_token(actor=verified, name="对接").token.user == person
    # "privileged": a person with no special reach and no authenticator needs no second factor
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "privileged"}
    assert tokens.create_token(actor=fresh(person), name="对接二").token.user == person


# -- the screens -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client: Any, person: User) -> None:
    created = tokens.create_token(actor=person, name="对接")
    for response in (
        client.get(LIST),
        client.get(NEW),
        client.post(NEW, {"name": "x", "days": "30"}),
        client.post(revoke_url(created.token)),
    ):
        assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert ApiToken.objects.count() == 1 and fresh_token(created.token).revoked_at is None


def test_create_on_the_screen_shows_the_secret_once(client: Any, person: User) -> None:
    client.force_login(person)
    page = client.get("/staff/account/security/")
    assert LIST in page.content.decode()
    page = client.get(LIST)
    assert page.status_code == 200 and "您还没有接口令牌。" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, {"name": "市政务信息系统对接", "days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secrets_shown = SECRET_RE.findall(html)
    assert len(secrets_shown) == 1
    token = ApiToken.objects.get(user=person)
    assert token.key_hash == hashlib.sha256(secrets_shown[0].encode()).hexdigest()
    assert token.expires_at == NOW + dt.timedelta(days=30)
    assert "令牌只显示这一次" in html
    listing = client.get(LIST).content.decode()
    assert not SECRET_RE.search(listing)
    assert f"<code>{token.prefix}…</code>" in listing and "市政务信息系统对接" in listing
    assert "从未使用" in listing and "有效" in listing and "2026-04-01 10:00" in listing
    assert tokens.authenticate(secrets_shown[0]) == person


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "days": "30"}, "请填写令牌名称（如：市政务信息系统对接）。"),
        ({"name": "名" * 61, "days": "30"}, "令牌名称不能超过60个字。"),
        ({"name": "对接", "days": ""}, "请填写有效期天数。"),
        ({"name": "对接", "days": "abc"}, "有效期须为整数天。"),
        ({"name": "对接", "days": "0"}, "有效期须为1至365天。"),
        ({"name": "对接", "days": "366"}, "有效期须为1至365天。"),
        ({"name": "对接", "days": "9" * 40}, "有效期须为1至365天。"),
        ({"name": "对\x00接", "days": "30"}, "空字符"),  # refused by gongkai.core.middleware
        ({"days": "30"}, "请填写令牌名称（如：市政务信息系统对接）。"),
    ],
)
def test_bad_input_on_the_screen_is_a_400(
    client: Any, person: User, data: dict[str, str], message: str
) -> None:
    client.force_login(person)
    response = client.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert not ApiToken.objects.exists()


def test_revoke_on_the_screen_and_nobody_else_can(client: Any, person: User) -> None:
    other = UserFactory.create(username="li")
    mine = tokens.create_token(actor=person, name="我的对接").token
    client.force_login(other)
    assert client.post(revoke_url(mine)).status_code == 404
    assert client.post("/staff/account/tokens/999999/revoke/").status_code == 404
    assert client.post(f"/staff/account/tokens/{2**63}/revoke/").status_code == 404
    assert client.post(f"/staff/account/tokens/{10**30}/revoke/").status_code == 404
    assert "我的对接" not in client.get(LIST).content.decode()
    assert fresh_token(mine).revoked_at is None
    client.force_login(person)
    assert client.get(revoke_url(mine)).status_code == 405
    response = client.post(revoke_url(mine), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"已撤销接口令牌“我的对接”（{mine.prefix}…）" in html and "已撤销" in html
    assert fresh_token(mine).revoked_at == NOW
    response = client.post(revoke_url(mine), follow=True)
    assert "接口令牌“我的对接”此前已撤销。" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.token_revoked").count() == 1


def test_superusers_may_and_are_warned(client: Any, person: User, django_user_model: Any) -> None:
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-pass-1234")
    client.force_login(root)
    assert "您是系统管理员" in client.get(LIST).content.decode()
    assert "您是系统管理员" in client.get(NEW).content.decode()
    assert client.post(NEW, {"name": "全局对接", "days": "7"}).status_code == 200
    assert ApiToken.objects.get(user=root).name == "全局对接"


def test_two_factor_on_the_screen(client: Any, person: User, settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "all"}
    client.force_login(person)  # password only: the staff gate sends them to the second factor
    response = client.post(NEW, {"name": "对接", "days": "30"})
    assert response.status_code == 302 and response["Location"].startswith("/staff/two-factor/")
    assert not ApiToken.objects.exists()
    login_verified(client, fresh(person))
    response = client.post(NEW, {"name": "对接", "days": "30"})
    assert response.status_code == 200 and len(SECRET_RE.findall(response.content.decode())) == 1
