"""The portal role (issue 13 §3, ``GONGKAI_ROLE=portal``): its URL resolver holds the public portal,
its search, the public API and the intake forms, and no staff route, no sign-in, no admin, no staff
API, no page that reads what only the staff side holds. Walked with the URL walker's own discovery
(``tests/urlwalk.py``), so a route added to the portal tomorrow is checked tomorrow. The routes only
the portal role has (``PORTAL_HOST_ROUTES``) are not in the full site's URL walk: they are walked
here with the walk's junk; their leak sweep is ``portalsync/tests/test_case_status.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, get_resolver

from gongkai.portalsync.urls import PORTAL_HOST_ROUTES, STAFF_DATA_ROUTES
from tests.urlwalk import COMMON_PARAMS, QUERY_JUNK, Route, discover_routes

PORTAL_ROLE = "gongkai.portalsync.urls"


@pytest.fixture
def portal_role() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=PORTAL_ROLE):
        clear_url_caches()
        yield
    clear_url_caches()


def _routes() -> list[Route]:
    return discover_routes()


def test_the_portal_role_has_no_staff_login_or_admin_route(portal_role):
    routes = _routes()
    assert get_resolver().urlconf_name == PORTAL_ROLE
    assert len(routes) > 60
    offending = [
        r.id
        for r in routes
        if r.area in ("staff", "admin")
        or r.route.startswith(("staff", "admin", "api/v1/govinfo"))
        or "login" in r.route
        or "login" in r.name
        or r.name.startswith(("backoffice:", "admin:"))
        or r.name.split(":")[-1] in STAFF_DATA_ROUTES
        or r.module.startswith(("gongkai.backoffice", "gongkai.accounts", "django.contrib.admin"))
        or ".staff" in r.module
    ]
    assert offending == []


def test_the_portal_role_keeps_every_public_route_and_the_intake_forms(portal_role):
    names = {r.name for r in _routes()}
    for name in (
        "portal:home",
        "portal:search",
        "portal:item",
        "portal:attachment",
        "portal:catalog",
        "portal:request_apply",
        "portal:consultation",
        "portal:message_write",
        "portal:rate_item",
        "portal:rate_body",
        "api:list_items",
        "api:search",
        "set_language",
    ):
        assert name in names, name


def test_the_embedded_default_is_unchanged():
    """Without GONGKAI_ROLE the full site answers: the back office, sign-in and every portal page."""
    clear_url_caches()
    routes = _routes()
    names = {r.name for r in routes}
    assert "backoffice:login" in names
    assert "portal:request_lookup" in names
    portal_role_names = set()
    with override_settings(ROOT_URLCONF=PORTAL_ROLE):
        clear_url_caches()
        portal_role_names = {r.name for r in discover_routes()}
    clear_url_caches()
    # The portal role is the full site's portal and API minus the staff-only routes, nothing added.
    full_public = {r.name for r in routes if r.area in ("portal", "api") or r.name == "set_language"}
    # The portal role is the full site's portal and API minus the staff-only routes, plus the pages
    # only a portal host serves (the look-up answered from the status projection), which the full
    # site does not serve.
    added = {f"portal:{p.name}" for p in PORTAL_HOST_ROUTES}
    assert portal_role_names - added <= full_public
    assert not added & names
    assert added <= portal_role_names
    dropped = {n.split(":")[-1] for n in full_public - portal_role_names if n.startswith("portal:")}
    assert dropped == STAFF_DATA_ROUTES


@pytest.mark.django_db
def test_staff_paths_are_plain_404s_on_the_portal_role(portal_role, client):
    for path in ("/staff/", "/staff/login/", "/admin/", "/requests/lookup/", "/api/v1/govinfo/issues"):
        response = client.get(path)
        assert response.status_code == 404, path
    home = client.get("/")
    assert home.status_code == 200
    assert "/staff/login/" not in home.content.decode()


@pytest.mark.django_db
def test_the_portal_hosts_own_routes_answer_junk_with_4xx_never_5xx(portal_role, client, settings):
    """The URL walk (``tests/test_url_walk.py``) walks the full site's resolver; the routes only the
    portal role has are walked here: every class of junk in the query and in each form field."""
    settings.GONGKAI_ROLE = "portal"
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_LOOKUP_PER_HOUR": 10_000}
    own = [r for r in _routes() if r.name.split(":")[-1] in {p.name for p in PORTAL_HOST_ROUTES}]
    assert {r.name for r in own} == {f"portal:{p.name}" for p in PORTAL_HOST_ROUTES}
    fields = ("registration_number", "code", "tracking_number", "number")
    for route in own:
        assert not route.params, route.id  # no path argument: nothing to put junk into there
        url = "/" + route.route
        assert client.get(url).status_code == 200, url
        for n, (kind, junk) in enumerate(QUERY_JUNK.items()):
            value = junk(n)
            for name in (*COMMON_PARAMS, *fields):
                response = client.get(url, {name: value})
                assert response.status_code < 500 and response.status_code != 404, (url, name, kind)
            for name in fields:
                response = client.post(url, {f: "YSQ-000001-2026-9100001" for f in fields} | {name: value})
                assert 400 <= response.status_code < 500, (url, name, kind, response.status_code)
