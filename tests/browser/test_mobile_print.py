"""The portal at phone width (375×812 CSS pixels, an iPhone X–13 mini class screen) and in print
(issue 11 point 9), in Debian chromium:

- listings reflow to one card per item: no page scrolls sideways;
- an annual report's tables scroll inside their own frame, with the first column kept in view;
- a body's column tree is reachable at the top, as a disclosure button before the content;
- printed pages show their own full address and the full address of every link, without the
  navigation, the search box or other forms.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache

from gongkai.disclosure.models import LinkKind
from gongkai.disclosure.services import workflow
from gongkai.reports.tests.samples import make_report
from gongkai.testing import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
SHOTS = os.environ.get("GONGKAI_SCREENSHOTS", "")


def phone_page(browser: Any) -> Any:
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    return pg


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"phone-{name}.png"), full_page=True)


@pytest.fixture
def portal_world(region: Any) -> dict[str, Any]:
    cache.clear()
    policy = make_item(
        region=region,
        title="宿州市教育局关于做好2026年义务教育阶段学校招生入学工作的通知",
        document_number="测教〔2026〕21号",
        summary="明确2026年全市义务教育阶段公办、民办学校招生的范围、时间、程序和监督要求。",
    )
    reading = make_item(region=region, title="《关于做好2026年义务教育阶段学校招生入学工作的通知》政策解读")
    workflow.link_items(actor=region.editor, source=reading, target=policy, kind=LinkKind.INTERPRETS)
    for n in range(3):
        make_item(region=region, title=f"关于公布2026年第{n + 1}批城区小学学区划分范围的通告")
    make_report(region.dept, 2025)
    return {"policy": policy, "reading": reading}


def test_listings_reflow_at_375px(browser, live_server, region, portal_world):
    base = live_server.url
    page = phone_page(browser)
    try:
        pages = {
            "home": "/",
            "catalog": "/catalog/",
            "body": f"/{region.dept.slug}/",
            "body-catalog": f"/{region.dept.slug}/catalog/",
            "column": f"/{region.dept.slug}/catalog/{region.column.code}/",
            "search": "/search/?q=招生",
            "interpretations": "/interpretations/",
            "rules": f"/{region.dept.slug}/rules/",
            "item": f"/items/{portal_world['policy'].pk}/",
            "report": f"/{region.dept.slug}/reports/2025/",
        }
        for name, path in pages.items():
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} scrolls sideways: {width}px wide"
            shot(page, name)
        # A listing row is a card: its cells stack, each labelled with its field.
        page.goto(f"{base}/{region.dept.slug}/catalog/")
        row = page.locator(".catalog-table tbody tr").first
        assert row.evaluate("tr => getComputedStyle(tr).display") == "flex"
        label = row.locator("td.index-number").evaluate("td => getComputedStyle(td, '::before').content")
        assert "索引号" in label
        assert page.locator(".catalog-table thead").evaluate("t => t.getBoundingClientRect().width") <= 1
    finally:
        page.context.close()


def test_report_table_scrolls_in_its_frame_with_a_sticky_first_column(
    browser, live_server, region, portal_world
):
    base = live_server.url
    page = phone_page(browser)
    try:
        page.goto(f"{base}/{region.dept.slug}/reports/2025/")
        frame = page.locator(".report-table-wrap").nth(1)  # 表三, the widest
        frame.scroll_into_view_if_needed()
        sizes = frame.evaluate("f => [f.scrollWidth, f.clientWidth]")
        assert sizes[0] > sizes[1], "the table fits: nothing to scroll"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        first = frame.locator("tbody .sticky-col").first
        assert first.evaluate("c => getComputedStyle(c).position") == "sticky"
        before = first.bounding_box()
        frame.evaluate("f => { f.scrollLeft = 300; }")
        page.wait_for_timeout(100)
        after = first.bounding_box()
        frame_box = frame.bounding_box()
        assert abs(after["x"] - frame_box["x"]) <= 1 and abs(after["x"] - before["x"]) <= 1
        # A number cell moved with the scroll.
        num = frame.locator("td.num").first
        assert num.bounding_box()["x"] < frame_box["x"] + frame_box["width"]
        shot(page, "report-scrolled")
    finally:
        page.context.close()


def test_column_tree_is_at_the_top_on_a_phone(browser, live_server, region, portal_world):
    base = live_server.url
    page = phone_page(browser)
    try:
        for path in (f"/{region.dept.slug}/catalog/", f"/{region.dept.slug}/"):
            page.goto(base + path)
            toggle = page.locator("details.tree-toggle")
            assert toggle.is_visible()
            box = toggle.bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"], "the tree toggle is below the first screen"
            content_top = page.locator(".catalog-table").first.bounding_box()["y"]
            assert box["y"] < content_top
            assert page.locator("aside.sidebar").is_hidden()  # the tree is not repeated below
            toggle.locator("summary").click()
            link = toggle.get_by_role("link", name=region.column.name)
            assert link.is_visible()
        link.click()
        page.wait_for_url(f"{base}/{region.dept.slug}/catalog/{region.column.code}/")
        # On a wide screen the tree stays in the aside and the toggle is not shown.
        page.set_viewport_size({"width": 1280, "height": 900})
        assert page.locator("details.tree-toggle").is_hidden()
        assert page.locator("aside.sidebar .side-menu").is_visible()
    finally:
        page.context.close()


def test_printed_pages_show_full_urls(browser, live_server, region, portal_world):
    base = live_server.url
    page = phone_page(browser)
    page.set_viewport_size({"width": 1024, "height": 900})
    try:
        policy = portal_world["policy"]
        for path in (f"/items/{policy.pk}/", f"/{region.dept.slug}/catalog/", "/interpretations/"):
            page.goto(base + path)
            page.emulate_media(media="print")
            top = page.locator("[data-print-url]")
            assert top.is_visible() and top.inner_text() == base + path
            for hidden in (".site-nav", ".site-search", ".lang-form", "form"):
                locator = page.locator(hidden)
                for i in range(locator.count()):
                    assert locator.nth(i).is_hidden(), (path, hidden)
            links = page.locator("main a[href]:not([href^='#'])")
            assert links.count() > 0
            for i in range(links.count()):
                after = links.nth(i).evaluate("a => getComputedStyle(a, '::after').content")
                assert base in after or "http" in after, (path, after)
            if SHOTS:
                name = path.strip("/").replace("/", "-") or "home"
                page.pdf(path=os.path.join(SHOTS, f"print-{name}.pdf"))
            page.emulate_media(media="screen")
        # The item page links its interpretation, printed with its full address.
        page.goto(f"{base}/items/{policy.pk}/")
        page.emulate_media(media="print")
        link = page.get_by_role("link", name=portal_world["reading"].title)
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert f"{base}/items/{portal_world['reading'].pk}/" in after
    finally:
        page.context.close()
