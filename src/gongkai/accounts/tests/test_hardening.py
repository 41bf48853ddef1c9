"""Hardening (issue 8, audit finding 4.9): a Content-Security-Policy on every HTML page, HSTS and
Secure cookies when the site is served over https, staff sessions with an idle timeout,
``Cache-Control: no-store`` on staff pages, and ``/admin/`` only where the configuration allows it.
"""

from __future__ import annotations

import datetime as dt
import re
import runpy
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.middleware import IDLE_MESSAGE
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]
PASSWORD = "gongkai-test-pass"


def directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


# --- Content-Security-Policy ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/staff/login/", "/search/?q=教育", "/api/v1/docs", "/no-such-page/"])
def test_every_page_has_a_policy_without_inline_script(client, region, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_staff_pages_have_the_policy(client, region):
    login(client, region.editor)
    assert directives(client.get("/staff/"))["script-src"] == ["'self'"]


TEMPLATE_DIRS = [SRC / "templates", *sorted(SRC.glob("*/templates"))]
#: The one standalone page with its own <style> element; its views allow it by hash (core/csp.py).
STYLE_ELEMENT_ALLOWED = {"foi/letter_print.html"}


def templates() -> list[tuple[str, str]]:
    found = []
    for base in TEMPLATE_DIRS:
        for path in sorted(base.rglob("*.html")):
            found.append((str(path.relative_to(base)), path.read_text()))
    return found


def test_templates_have_no_inline_script_handlers_or_styles():
    """What the policy would block must not be in the templates in the first place."""
    assert len(templates()) > 50
    problems = []
    for name, text in templates():
        for match in re.finditer(r"<script\b([^>]*)>", text, re.I):
            attrs = match.group(1)
            if "src=" not in attrs and 'type="application/json"' not in attrs:
                problems.append(f"{name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", re.sub(r"{%.*?%}|{{.*?}}", "", text), re.I):
            problems.append(f"{name}: inline event handler")
        if "javascript:" in text.lower():
            problems.append(f"{name}: javascript: URL")
        if re.search(r"\sstyle\s*=", text, re.I):
            problems.append(f"{name}: style attribute")
        if re.search(r"<style\b", text, re.I) and name not in STYLE_ELEMENT_ALLOWED:
            problems.append(f"{name}: <style> element")
    assert problems == []


def test_the_letter_page_allows_exactly_its_own_style_element():
    from gongkai.core.csp import standalone_page_policy, style_hashes

    html = "<html><head><style>p { color: #000; }</style></head><body><p>告知书</p></body></html>"
    policy = standalone_page_policy(html)
    assert style_hashes(html) == ["'sha256-" + _sha256("p { color: #000; }") + "'"]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy


def _sha256(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


# --- HTTPS: HSTS and Secure cookies ---------------------------------------------------------------


def production_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings module as a deployment with ``env`` would compute it (a fresh run of it)."""
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path))
    for name in ("GONGKAI_SITE_URL", "GONGKAI_TRUSTED_PROXIES", "GONGKAI_SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SRC / "settings.py"), run_name="gongkai_settings_probe")


def test_an_https_site_gets_hsts_and_secure_cookies(monkeypatch, tmp_path):
    conf = production_settings(monkeypatch, tmp_path, GONGKAI_SITE_URL="https://gk.example.gov.cn")
    assert conf["SESSION_COOKIE_SECURE"] is True and conf["CSRF_COOKIE_SECURE"] is True
    assert conf["SECURE_HSTS_SECONDS"] == 31536000
    assert conf.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", False) is False  # subdomains may be plain http
    # The forwarded scheme is believed only from a trusted proxy.
    assert "SECURE_PROXY_SSL_HEADER" not in conf
    behind = production_settings(
        monkeypatch,
        tmp_path,
        GONGKAI_SITE_URL="https://gk.example.gov.cn",
        GONGKAI_TRUSTED_PROXIES="127.0.0.1",
    )
    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_the_embedded_http_default_keeps_them_off(monkeypatch, tmp_path):
    conf = production_settings(monkeypatch, tmp_path)
    assert conf["SESSION_COOKIE_SECURE"] is False and conf["CSRF_COOKIE_SECURE"] is False
    assert conf["SECURE_HSTS_SECONDS"] == 0
    plain = production_settings(
        monkeypatch, tmp_path, GONGKAI_SITE_URL="http://10.1.2.3:8000", GONGKAI_TRUSTED_PROXIES="127.0.0.1"
    )
    assert plain["SECURE_HSTS_SECONDS"] == 0 and "SECURE_PROXY_SSL_HEADER" not in plain


def test_hsts_is_sent_over_https(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get("/", secure=True)["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/")


# --- Idle timeout -------------------------------------------------------------------------------


@pytest.fixture
def idle_30(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "SESSION_IDLE_MINUTES": 30}


def test_an_idle_staff_session_is_signed_out_with_a_message(client, region, clock, idle_30):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    client.post("/staff/login/", {"username": "editor", "password": PASSWORD})
    assert client.get("/staff/").status_code == 200
    clock.set(dt.datetime(2026, 3, 2, 9, 29))
    assert client.get("/staff/items/").status_code == 200  # activity moves the limit on
    clock.set(dt.datetime(2026, 3, 2, 9, 58))
    assert client.get("/staff/items/").status_code == 200
    clock.set(dt.datetime(2026, 3, 2, 10, 29))
    response = client.get("/staff/requests/?state=open")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=%2Fstaff%2Frequests%2F%3Fstate%3Dopen"
    page = client.get(response["Location"])
    assert IDLE_MESSAGE in page.content.decode()
    assert IDLE_MESSAGE == "因长时间未操作，您已退出登录，请重新登录。"
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="auth.logout").get()
    assert event.actor == region.editor and event.reason == "长时间未操作，自动退出"
    # Signing in again goes back to the page.
    again = client.post(
        "/staff/login/",
        {"username": "editor", "password": PASSWORD, "next": "/staff/requests/?state=open"},
    )
    assert again["Location"] == "/staff/requests/?state=open"


def test_an_idle_htmx_request_redirects_the_whole_page(client, region, clock, idle_30):
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    login(client, region.reviewer)
    client.get("/staff/")
    clock.set(dt.datetime(2026, 3, 2, 9, 31))
    response = client.post("/staff/items/1/review/findings/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == "/staff/login/"


def test_the_idle_limit_is_configurable_and_zero_turns_it_off(client, region, clock, settings):
    settings.GONGKAI = {**settings.GONGKAI, "SESSION_IDLE_MINUTES": 5}
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    login(client, region.editor)
    client.get("/staff/")
    clock.set(dt.datetime(2026, 3, 2, 9, 6))
    assert client.get("/staff/").status_code == 302
    settings.GONGKAI = {**settings.GONGKAI, "SESSION_IDLE_MINUTES": 0}
    login(client, region.editor)
    client.get("/staff/")
    clock.set(dt.datetime(2026, 3, 9, 9, 0))
    assert client.get("/staff/").status_code == 200


def test_the_portal_does_not_touch_the_staff_session(client, region, clock, idle_30):
    """Only staff requests count; the portal (and the applicant's own grant) is left alone."""
    clock.set(dt.datetime(2026, 3, 2, 9, 0))
    login(client, region.editor)
    client.get("/staff/")
    clock.set(dt.datetime(2026, 3, 2, 9, 40))
    assert client.get("/").status_code == 200
    assert "_auth_user_id" in client.session


# --- Cache-Control on staff pages ------------------------------------------------------------------


def test_every_staff_response_is_no_store(client, region, make_item):
    item = make_item()
    login(client, region.head)
    for url in ("/staff/", f"/staff/items/{item.pk}/", "/staff/requests/", "/staff/requests/export/"):
        response = client.get(url)
        cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        assert {"no-store", "private"} <= cache_control, url
    anonymous = Client()
    assert "no-store" in anonymous.get("/staff/login/")["Cache-Control"]
    assert "no-store" not in anonymous.get("/").get("Cache-Control", "")


# --- /admin/ only where configured ------------------------------------------------------------------


def test_admin_is_a_404_unless_enabled(client, settings, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    settings.GONGKAI = {**settings.GONGKAI, "ADMIN_ENABLED": False}
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code == 404
    client.force_login(root)
    assert client.get("/admin/").status_code == 404
    settings.GONGKAI = {**settings.GONGKAI, "ADMIN_ENABLED": True}
    assert client.get("/admin/").status_code == 200
    assert reverse("backoffice:security_admin")  # system administration stays in the back office


def test_published_pages_get_the_same_policy_from_nginx():
    """Pages published as files are served by nginx (deploy/nginx.conf), not by Django: its header
    must say what django-csp says."""
    from csp.utils import build_policy

    def parse(header: str) -> dict[str, list[str]]:
        return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}

    conf = (SRC.parents[1] / "deploy" / "nginx.conf").read_text()
    found = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', conf)
    assert found is not None
    assert parse(found.group(1)) == parse(build_policy())
