"""The staff read API of 政务信息报送 with a personal API token (issue 10: "read endpoints for staff
integrations (authenticated)", docs/SPEC.md §8): ``Authorization: Bearer <token>`` reads exactly what
the token's user may read (404 out of scope), and a malformed, unknown, revoked or expired token, or
another scheme, is a 401 in Chinese even when a session cookie comes with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.accounts import tokens
from gongkai.accounts.models import ApiToken, User
from gongkai.api.routers.govinfo import BAD_SCHEME, BAD_TOKEN
from gongkai.govinfo.tests.dashboards_world import build_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/govinfo"


@pytest.fixture
def world(clock: Any) -> Any:
    clock.set(dt.date(2026, 4, 15))
    return build_world()


def token_of(user: User, days: int = 90) -> str:
    return tokens.create_token(actor=User.objects.get(pk=user.pk), name="对接", days=days).secret


def call(
    client: Any, url: str, secret: str | None = None, header: str | None = None, status: int = 200
) -> Any:
    extra = {}
    if header is not None:
        extra["HTTP_AUTHORIZATION"] = header
    elif secret is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    response = client.get(BASE + url, **extra)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    return response


def titles(response: Any) -> set[str]:
    return {r["title"] for r in response.json()["results"]}


def test_a_unit_officers_token_reads_their_unit_only(client: Any, world: Any) -> None:
    secret = token_of(world.county_writer)
    response = call(client, "/submissions?page_size=100", secret)
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]
    assert titles(response) == {"县一月稿"}
    call(client, f"/submissions/{world.subs['county'].pk}", secret)
    assert (
        call(client, f"/submissions/{world.subs['jan5'].pk}", secret, status=404).json()["detail"] == "未找到"
    )
    call(client, f"/submissions?unit={world.unit.pk}", secret, status=404)
    got = {a["submission_id"] for a in call(client, "/adoptions", secret).json()["results"]}
    assert got == {world.subs["county"].pk}
    assert call(client, "/issues", secret).json()["results"] == []


def test_the_desks_token_reads_what_the_desk_reads(client: Any, world: Any) -> None:
    secret = token_of(world.desk)
    got = titles(call(client, "/submissions?page_size=100", secret))
    assert "一月五日稿" in got and "县一月稿" in got and "未报送草稿" not in got
    data = call(client, f"/submissions/{world.subs['jan6'].pk}", secret).json()
    assert data["title"] == "一月六日稿" and {a["level"] for a in data["adoptions"]} == {"city", "province"}


def test_no_session_is_needed_and_last_used_is_written(client: Any, world: Any, clock: Any) -> None:
    secret = token_of(world.desk)
    assert "sessionid" not in client.cookies
    call(client, "/submissions", secret)
    token = ApiToken.objects.get(user=world.desk)
    assert token.last_used_at == clock.now


def test_a_bad_token_is_401_even_with_a_session(client: Any, world: Any) -> None:
    secret = token_of(world.desk)
    client.force_login(world.desk)
    call(client, "/submissions")  # the session alone still works
    for header in (
        "Bearer " + secret[:-1],
        "Bearer " + secret + "x",
        "Bearer",
        "Bearer ",
        "Bearer gk_",
        "Bearer 123",
        "",
        "gk_" + secret[3:],
    ):
        response = call(client, "/submissions", header=header, status=401)
        assert response.json()["detail"] in (BAD_TOKEN, BAD_SCHEME), header
    assert call(client, "/submissions", header="Bearer nope", status=401).json()["detail"] == BAD_TOKEN
    assert call(client, "/submissions", header="Basic eHhrOnB3", status=401).json()["detail"] == BAD_SCHEME
    assert call(client, "/submissions", header="", status=401).json()["detail"] == BAD_SCHEME
    assert ApiToken.objects.get(user=world.desk).last_used_at is None


def test_the_scheme_is_case_insensitive(client: Any, world: Any) -> None:
    secret = token_of(world.county_writer)
    assert titles(call(client, "/submissions", header=f"bearer  {secret} ")) == {"县一月稿"}


def test_revoked_token_is_401(client: Any, world: Any) -> None:
    secret = token_of(world.desk)
    call(client, "/issues", secret)
    token = ApiToken.objects.get(user=world.desk)
    tokens.revoke_token(actor=world.desk, token=token)
    assert call(client, "/issues", secret, status=401).json()["detail"] == BAD_TOKEN


def test_expired_token_is_401(client: Any, world: Any, clock: Any) -> None:
    secret = token_of(world.desk, days=1)
    clock.shift(dt.timedelta(hours=23, minutes=59))
    call(client, "/issues", secret)
    clock.shift(dt.timedelta(minutes=1))
    assert call(client, "/issues", secret, status=401).json()["detail"] == BAD_TOKEN


def test_deactivated_user_is_401(client: Any, world: Any) -> None:
    secret = token_of(world.desk)
    User.objects.filter(pk=world.desk.pk).update(is_active=False)
    assert call(client, "/submissions", secret, status=401).json()["detail"] == BAD_TOKEN


def test_two_factor_is_not_asked_again_with_a_token(client: Any, world: Any, settings: Any) -> None:
    """A token can only be created after the second factor where it is required (accounts.tokens),
    so the API does not ask for it again; a password-only session still gets the 401."""
    secret = token_of(world.county_writer)
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "all"}
    assert titles(call(client, "/submissions", secret)) == {"县一月稿"}
    client.force_login(world.county_writer)
    call(client, "/submissions", status=401)


@pytest.mark.parametrize(
    "path, status",
    [
        ("/submissions?unit=abc", 422),
        ("/submissions/999999999999", 404),
        (f"/issues/{10**30}", 404),
        ("/standings?office=1&start=2026-02-01&end=2026-01-31", 422),
    ],
)
def test_bad_input_with_a_token_is_never_a_500(client: Any, world: Any, path: str, status: int) -> None:
    secret = token_of(world.desk)
    assert call(client, path, secret, status=status).json()["detail"]


def test_still_read_only(client: Any, world: Any) -> None:
    secret = token_of(world.desk)
    assert client.post(f"{BASE}/submissions", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 405
