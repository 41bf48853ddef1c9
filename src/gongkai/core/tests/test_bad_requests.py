"""Malformed input that reached the database or a redirect (found by tests/test_url_walk.py) is a
4xx with a Chinese message: NUL anywhere, ids past 2**63-1 in a list of ids, a bare word as
"where to go back to", a formset claiming 10**30 forms, "²" as a body's id."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test import Client

from gongkai.orgs.models import Organization

pytestmark = pytest.mark.django_db

HUGE = 2**63


@pytest.fixture
def quiet() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url", ["/search/?q=a%00b", "/catalog/?page=1%00", "/items/1%00/", "/staff/items/?q=%00"]
)
def test_nul_in_the_address_is_a_400_in_chinese(quiet: Client, region: Any, url: str) -> None:
    quiet.force_login(region.editor)
    response = quiet.get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_nul_in_the_api_is_a_json_400(quiet: Client, region: Any) -> None:
    response = quiet.get("/api/v1/organizations/a%00b")
    assert response.status_code == 400
    assert "空字符" in response.json()["detail"]


def test_nul_in_a_posted_form_is_a_400(quiet: Client, region: Any) -> None:
    quiet.force_login(region.editor)
    response = quiet.post("/staff/notifications/read/", {"all": "1", "next": "/staff/\x00"})
    assert response.status_code == 400


def test_ids_the_column_cannot_hold_match_nothing(region: Any) -> None:
    """Django checks the range for pk=…, not for pk__in=[…] (SQLite: OverflowError)."""
    assert list(Organization.objects.filter(pk__in=[HUGE, 10**30])) == []
    assert list(Organization.objects.filter(pk__in=[HUGE, region.dept.pk])) == [region.dept]
    assert list(Organization.objects.filter(pk__in=[-(2**63) - 1])) == []


def test_a_multiple_choice_of_huge_ids_is_invalid_not_an_error(region: Any) -> None:
    class Choose(forms.Form):
        orgs = forms.ModelMultipleChoiceField(queryset=Organization.objects.all())

    form = Choose({"orgs": [str(HUGE), str(10**30)]})
    assert not form.is_valid()
    assert "orgs" in form.errors


@pytest.mark.parametrize("next_url", ["abc", "999999", "2026-02-30", "https://evil.example/"])
def test_a_way_back_that_is_no_local_path_falls_back(quiet: Client, region: Any, next_url: str) -> None:
    quiet.force_login(region.editor)
    response = quiet.post("/staff/notifications/read/", {"all": "1", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/staff/notifications/"


def test_a_sign_off_formset_claiming_countless_forms_builds_ten_at_most(region: Any) -> None:
    """Django's default bound is 2,000 forms, each with its signer list: the page hung."""
    client = Client()
    client.force_login(region.admin)
    response = client.post(
        f"/staff/people/{region.dept.pk}/signoff/",
        {"form-TOTAL_FORMS": str(10**30), "form-INITIAL_FORMS": "0"},
    )
    assert response.status_code < 500
    assert len(response.context["formset"].forms) <= 10


@pytest.mark.parametrize("ref", ["²", "١٢", str(HUGE), "0"])
def test_api_body_by_something_that_is_no_id_is_a_404(quiet: Client, region: Any, ref: str) -> None:
    response = quiet.get(f"/api/v1/organizations/{ref}")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_overlong_username_is_recorded_cut_to_a_usernames_length(quiet: Client, region: Any) -> None:
    """django-axes kept the whole 10,000 characters in a 255-character column (PostgreSQL: 500)."""
    from axes.models import AccessAttempt

    response = quiet.post("/staff/login/", {"username": "x" * 10_000, "password": "wrong"})
    assert response.status_code == 200
    assert [len(a.username) for a in AccessAttempt.objects.all()] == [150]
