"""Sign-in protection in Debian chromium: a supervisor enrols an authenticator on first sign-in and
reaches the back office; repeated wrong passwords lock an account out with the message on the login
page; and no page the platform serves breaks its own Content-Security-Policy (chromium reports
every blocked script, style or image on the console).

Screenshots of the sign-in screens go to $GONGKAI_SCREENSHOTS when it is set (for people to look at).
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "gongkai-test-pass"


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def watch_console(page: Any) -> list[str]:
    """Console errors and CSP reports of the page, collected as they come."""
    problems: list[str] = []

    def on_console(message: Any) -> None:
        text = message.text
        # A refused form (400) or a lockout (429) is an answer the test expects, not a fault.
        expected = re.search(r"Failed to load resource: .* status of 4(00|29)", text)
        if (message.type == "error" and not expected) or "Content Security Policy" in text:
            problems.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def code_for(secret_text: str) -> str:
    from django_otp.oath import totp

    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_supervisor_enrols_on_first_sign_in(page, live_server, region, settings):
    settings.GONGKAI = {**settings.GONGKAI, "TWO_FACTOR": "privileged"}
    base = live_server.url
    problems = watch_console(page)

    sign_in(page, base, "supervisor")
    page.wait_for_url(re.compile(r".*/staff/two-factor/setup/.*"))
    assert page.get_by_role("heading", name="绑定身份验证器", level=1).is_visible()
    assert page.locator("svg.qr-code").is_visible()
    assert page.locator("nav.site-nav").count() == 0  # nothing of the back office before this step
    shoot(page, "2fa-enrol")

    page.get_by_label("验证码").fill("000000")
    page.get_by_role("button", name="完成绑定").click()
    page.wait_for_load_state()
    assert "验证码不正确" in page.locator("main").inner_text()
    shoot(page, "2fa-enrol-wrong-code")

    page.wait_for_timeout(1100)  # the one-second back-off after a wrong code
    page.get_by_label("验证码").fill(code_for(page.locator("#totp-secret").inner_text()))
    page.get_by_role("button", name="完成绑定").click()
    page.wait_for_load_state()
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    shoot(page, "2fa-recovery-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(re.compile(r".*/staff/$"))
    assert page.get_by_role("navigation", name="工作台导航").is_visible()

    # Next sign-in: the code step, where a recovery code also works.
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state()
    sign_in(page, base, "supervisor")
    page.wait_for_url(re.compile(r".*/staff/two-factor/.*"))
    shoot(page, "2fa-verify")
    page.get_by_label("验证码").fill(codes[0])
    page.get_by_role("button", name="验证并进入工作台").click()
    page.wait_for_url(re.compile(r".*/staff/$"))
    assert "还剩9个" in page.locator("main").inner_text()
    assert problems == []


def test_repeated_wrong_passwords_lock_the_account_out(page, live_server, region):
    base = live_server.url
    problems = watch_console(page)
    for _ in range(5):
        sign_in(page, base, "editor", "not-the-password")
    assert "账户已被暂时锁定" in page.locator("main").inner_text()
    shoot(page, "login-locked")
    sign_in(page, base, "editor")
    assert "/staff/login/" in page.url and "账户已被暂时锁定" in page.locator("main").inner_text()
    assert problems == []


def test_no_page_breaks_the_content_security_policy(page, live_server, region, make_item):
    base = live_server.url
    item = make_item()
    problems = watch_console(page)

    page.goto(f"{base}/")
    shoot(page, "login-portal-home")
    for path in (f"/items/{item.pk}/", "/search/?q=招生", "/guide/", "/requests/apply/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")

    # The API's Swagger page (django-ninja's bundled assets) still draws itself.
    page.goto(f"{base}/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock").first.wait_for()

    sign_in(page, base, "head")
    shoot(page, "login-inbox")
    for path in (
        "/staff/items/",
        f"/staff/items/{item.pk}/",
        "/staff/statistics/",
        "/staff/calendar/",
        "/staff/account/security/",
    ):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    assert page.locator("svg.chart").count() == 0 or page.locator("svg.chart").first.is_visible()
    assert problems == []
