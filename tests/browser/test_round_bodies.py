"""组织考核 in Debian chromium (UX walk): the “全部参评” boxes tick and clear the bodies they stand for
as they are ticked (static/assessment/round-bodies.js — no inline script, the page's CSP allows
none), a group's box follows its bodies, and the round is created with every body of a ticked group."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongkai.assessment.models import Round, Scheme
from gongkai.assessment.shipped import STANDARD
from gongkai.orgs.models import Organization
from tests.browser.conftest import login, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_all_and_group_boxes_tick_and_clear_the_bodies(browser: Any, live_server: Any, region: Any) -> None:
    base = live_server.url
    scheme = Scheme.objects.get(authority=None, code=STANDARD, version=1)
    page = new_page(browser)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        login(page, base, "supervisor")
        page.goto(f"{base}/staff/assessment/rounds/new/")
        bodies = page.locator('input[name="bodies"]')
        total = bodies.count()
        assert total >= 3
        page.get_by_label(re.compile(r"^全部单位参评")).check()
        assert page.locator('input[name="bodies"]:checked').count() == total  # 全选
        page.get_by_label(re.compile(r"^全部单位参评")).uncheck()
        assert page.locator('input[name="bodies"]:checked').count() == 0  # 全不选
        group = page.get_by_label(re.compile(r"^县（区）政府部门全部参评"))
        group.check()
        assert page.get_by_label("测试县财政局", exact=True).is_checked()
        page.get_by_label("测试县财政局", exact=True).uncheck()
        assert not group.is_checked()  # the group's box follows its bodies
        page.get_by_label("测试县财政局", exact=True).check()
        assert group.is_checked()
        page.get_by_label("考核名称").fill("2026年度政务公开工作考核")
        page.get_by_label("考核期起").fill("2026-01-01")
        page.get_by_label("考核期止").fill("2026-12-31")
        page.get_by_label("考核方案").select_option(value=str(scheme.pk))
        page.get_by_role("button", name="创建考核").click()
        page.wait_for_url(re.compile(r".*/staff/assessment/rounds/\d+/$"))
        rnd = Round.objects.get()
        county_departments = Organization.objects.filter(
            level="county", kind="department", path__startswith=region.city.path, is_active=True
        )
        assert set(rnd.bodies.values_list("organization_id", flat=True)) == {o.pk for o in county_departments}
        assert not errors  # the script ran without a CSP refusal or an error
    finally:
        page.context.close()
