"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Never downloads a browser: the executable is /usr/bin/chromium (CI installs the Debian package).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The password of every user made by ``gongkai.testing``.
PASSWORD = "gongkai-test-pass"


@pytest.fixture(autouse=True)
def _shipped_data(request: pytest.FixtureRequest) -> None:
    """The data the migrations ship (catalog templates, carriers, 互动's kinds of message, the
    assessment scheme templates): a transactional test — every browser test is one — empties the
    tables when it ends, so the next one puts them back first."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from gongkai.assessment.shipped import sync_shipped_schemes
    from gongkai.disclosure.services.catalog import sync_shipped_data as sync_catalog
    from gongkai.govinfo.shipped import sync_shipped_data as sync_govinfo
    from gongkai.interaction.shipped import sync_shipped_kinds

    sync_catalog()
    sync_govinfo(apps)
    sync_shipped_kinds()
    sync_shipped_schemes()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is missing at /usr/bin/chromium (CI must install it)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop; Django must allow ORM calls from the test body.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield b
        b.close()


def new_page(browser: Any) -> Any:
    """A page in a fresh browser context: no cookies of anyone else. Close it with
    ``page.context.close()``."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    return pg


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    pg = new_page(browser)
    yield pg
    pg.context.close()


def login(page: Any, base: str, username: str) -> None:
    """Sign ``username`` in to the back office, after signing out whoever was signed in."""
    page.context.clear_cookies()
    page.goto(f"{base}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/staff/(?!login).*"))


def send_to_review(
    page: Any,
    base: str,
    region: Any,
    *,
    title: str,
    summary: str,
    formed: dt.date,
    attachment: Path,
    document_number: str = "",
) -> None:
    """As the editor of the region's department: draft an item with one attachment on the new-item
    page and send it to secrecy review."""
    login(page, base, "editor")
    page.goto(f"{base}/staff/items/new/?org={region.dept.pk}")
    page.get_by_label("信息名称").fill(title)
    if document_number:
        page.get_by_label("发文字号").fill(document_number)
    page.get_by_label("成文日期").fill(formed.isoformat())
    page.locator("select[name=column]").select_option(str(region.column.pk))
    page.get_by_label("内容概述").fill(summary)
    page.locator("input[type=file]").set_input_files(str(attachment))
    page.get_by_role("button", name="保存并送保密审查").click()
    page.wait_for_load_state()


def sign(page: Any, base: str, item: Any) -> None:
    """As the region's signer: sign ``item`` on its sign-off page."""
    login(page, base, "signer")
    page.goto(f"{base}/staff/items/{item.pk}/sign/")
    page.get_by_role("button", name="同意签发").click()
    page.wait_for_load_state()
