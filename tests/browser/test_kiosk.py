"""A reading-room kiosk session (issue 11 point 8) in Debian chromium, at a portrait kiosk screen of
1080×1920 CSS pixels (the usual 21.5–32" standing terminal):

start page → a body → a column → an item → its printable slip (索引号, address as text and QR code,
print-styled); on every kiosk page no link leaves the kiosk and every touch target is at least
48×48 px; after the configured idle time the kiosk returns to its start page.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from gongkai.disclosure.models import Classification
from gongkai.testing import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KIOSK_VIEWPORT = {"width": 1080, "height": 1920}
MIN_TARGET = 48
SHOTS = os.environ.get("GONGKAI_SCREENSHOTS", "")


def kiosk_page(browser: Any) -> Any:
    context = browser.new_context(locale="zh-CN", viewport=KIOSK_VIEWPORT, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    return pg


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"kiosk-{name}.png"), full_page=True)


#: Every visible interactive element's box that is smaller than a touch target.
SMALL_TARGETS = """(min) => {
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (el.classList.contains('skip-link') || el.type === 'hidden') continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const text = (el.textContent || el.value || '').trim().slice(0, 30);
    const size = `${Math.round(r.width)}×${Math.round(r.height)}`;
    if (r.width < min || r.height < min) out.push(`${el.tagName} “${text}” ${size}`);
  }
  return out;
}"""


def check_kiosk_page(page: Any, base: str) -> None:
    """No link out of the kiosk, targets ≥48 px, the idle timer configured on <body>."""
    host = urlsplit(base).netloc
    for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
        parts = urlsplit(href)
        assert parts.netloc == host, f"{page.url}: a link leaves the kiosk: {href}"
        assert parts.path.startswith("/kiosk/") or re.match(r"^/items/\d+/files/\d+/$", parts.path), (
            f"{page.url}: a link leaves the kiosk layout: {href}"
        )
    small = page.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert not small, f"{page.url}: touch targets under {MIN_TARGET}px: {small}"
    assert page.get_attribute("body", "data-kiosk-idle")


@pytest.fixture
def kiosk_world(region: Any) -> dict[str, Any]:
    cache.clear()  # pages cached by an earlier test of this process hold its idle time
    topic = Classification.objects.filter(scheme="topic", is_active=True).order_by("pk").first()
    policy = make_item(
        region=region,
        title="关于做好2026年义务教育阶段学校招生入学工作的通知",
        document_number="测教〔2026〕21号",
        topic=topic,
        body=(
            "<p>各县区教育局：现将2026年义务教育招生入学工作有关事项通知如下。</p>"
            '<p>招生政策详见<a href="https://www.moe.gov.cn/jyb_xxgk/">教育部政府信息公开专栏</a>。</p>'
        ),
        files=[("划片范围.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")],
    )
    make_item(region=region, title="关于公布2026年城区小学学区划分的通告", topic=topic)
    return {"policy": policy, "topic": topic}


def test_kiosk_session_start_body_column_item_slip(browser, live_server, region, kiosk_world):
    base = live_server.url
    policy = kiosk_world["policy"]
    page = kiosk_page(browser)
    try:
        page.goto(f"{base}/kiosk/")
        assert page.locator("h1").inner_text() == "政府信息查阅"
        for heading in ("按机构浏览", "按栏目浏览", "按主题浏览"):
            assert page.get_by_role("heading", name=heading).is_visible()
        search_box = page.locator("#kiosk-search-q").bounding_box()
        assert search_box and search_box["height"] >= 56  # the large on-screen-keyboard friendly box
        check_kiosk_page(page, base)
        shot(page, "1-start")

        # A body, then one of its columns.
        page.get_by_role("link", name=re.compile(region.dept.name)).first.click()
        page.wait_for_url(f"{base}/kiosk/bodies/{region.dept.slug}/")
        assert page.locator("h1").inner_text() == region.dept.name
        check_kiosk_page(page, base)
        shot(page, "2-body")
        page.locator(".kiosk-tile", has_text=region.column.name).first.click()
        page.wait_for_url(re.compile(rf".*/kiosk/bodies/{region.dept.slug}/catalog/{region.column.code}/$"))
        check_kiosk_page(page, base)
        shot(page, "3-column")

        # The item: its text, the foreign link shown as text only.
        page.get_by_role("link", name=re.compile(policy.title)).click()
        page.wait_for_url(f"{base}/kiosk/items/{policy.pk}/")
        assert page.locator("h1").inner_text() == policy.title
        assert page.locator(".article-body .kiosk-offsite", has_text="教育部政府信息公开专栏").is_visible()
        assert page.locator("a[href*='moe.gov.cn']").count() == 0
        check_kiosk_page(page, base)
        shot(page, "4-item")

        # The printable slip.
        page.get_by_role("link", name="打印查阅单").click()
        page.wait_for_url(f"{base}/kiosk/items/{policy.pk}/slip/")
        slip = page.locator(".slip")
        assert policy.index_number in slip.inner_text()
        assert region.dept.name in slip.inner_text() and "测教〔2026〕21号" in slip.inner_text()
        assert f"/items/{policy.pk}/" in slip.locator(".url-text").inner_text()
        qr = slip.locator(".slip-qr img")
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
        check_kiosk_page(page, base)
        shot(page, "5-slip")
        page.emulate_media(media="print")
        assert slip.is_visible() and qr.is_visible()
        for hidden in (".kiosk-header", ".site-nav", ".kiosk-footer", ".kiosk-actions", ".breadcrumbs"):
            assert page.locator(hidden).first.is_hidden(), hidden
        shot(page, "6-slip-print")
        page.emulate_media(media="screen")

        # By topic and by the catalog template's column, from the start page.
        page.goto(f"{base}/kiosk/")
        page.locator("#by-topic ~ ul .kiosk-tile", has_text=kiosk_world["topic"].name).click()
        # A click does not wait for the page it opens: the assertion waits for the listing.
        expect(page.locator(".kiosk-item", has_text=policy.title)).to_be_visible()
        check_kiosk_page(page, base)
        page.goto(f"{base}/kiosk/")
        page.locator("#by-column ~ ul .kiosk-tile", has_text=region.column.template_column.name).click()
        # A click does not wait for the page it opens: the assertion waits for the listing.
        expect(page.locator(".kiosk-item", has_text=policy.title)).to_be_visible()
        check_kiosk_page(page, base)
    finally:
        page.context.close()


def test_kiosk_returns_to_the_start_page_when_idle(browser, live_server, region, kiosk_world, settings):
    settings.GONGKAI = {**settings.GONGKAI, "KIOSK_IDLE_SECONDS": 2}
    base = live_server.url
    policy = kiosk_world["policy"]
    page = kiosk_page(browser)
    try:
        page.goto(f"{base}/kiosk/items/{policy.pk}/")
        assert page.get_attribute("body", "data-kiosk-idle") == "2"
        page.wait_for_url(f"{base}/kiosk/", timeout=6000)
        assert page.locator("h1").inner_text() == "政府信息查阅"
        # Touching the screen keeps the page: taps every second for 3 s, then it returns.
        page.goto(f"{base}/kiosk/bodies/{region.dept.slug}/")
        for _ in range(3):
            page.wait_for_timeout(1000)
            page.mouse.wheel(0, 40)
        assert page.url == f"{base}/kiosk/bodies/{region.dept.slug}/"
        page.wait_for_url(f"{base}/kiosk/", timeout=6000)
    finally:
        page.context.close()
