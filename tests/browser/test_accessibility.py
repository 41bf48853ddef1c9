"""axe-core on the main public pages, in Chinese and in English (issue 11, point 9; WCAG 2.1 AA as
docs/FRONTEND.md "Accessibility" sets out): any violation axe rates serious or critical fails the
test, which lists each with the page, the rule and the elements.

axe-core is vendored from npm into tests/browser/vendor/axe-core/ (docs/FRONTEND.md, "Refreshing vendored
files") and injected by the browser before any page script runs, so the pages' Content Security
Policy stays as served. Pages that other parts of the portal add (意见征集, 互动, 政策解读, the kiosk)
are checked once their routes exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from gongkai.reports.tests.samples import make_report
from gongkai.testing import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
#: What fails the test (axe's impacts are minor, moderate, serious, critical).
FAILING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(
      n => n.target.join(" ") + " :: " + n.failureSummary.split("\\n").slice(0, 3).join(" ")
    ),
  }));
}"""


def optional(name: str, *args: Any) -> list[str]:
    try:
        return [reverse(f"portal:{name}", args=args)]
    except NoReverseMatch:
        return []


def public_pages(region: Any, item: Any) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:catalog"),
        reverse("portal:body", args=["edu"]),
        reverse("portal:column", args=["edu", region.column.code]),
        reverse("portal:item", args=[item.pk]),
        reverse("portal:search") + "?q=%E6%8B%9B%E7%94%9F",  # 招生
        reverse("portal:guide_region"),
        reverse("portal:body_guide", args=["edu"]),
        reverse("portal:request_apply"),
        reverse("portal:request_lookup"),
        reverse("portal:annual_reports"),
        reverse("portal:annual_report", args=["edu", 2025]),
        *optional("consultations"),
        *optional("messages"),
        *optional("message_write"),
        *optional("interpretations"),
        *optional("body_rules", "edu"),
        *optional("kiosk"),
    ]


def violations(browser: Any, base: str, urls: list[str], language: str) -> list[str]:
    context = browser.new_context(
        locale="zh-CN" if language == "zh-hans" else "en-US", viewport={"width": 1280, "height": 900}
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(20000)
    found = []
    try:
        for url in urls:
            page.goto(base + url)
            assert page.locator("html").get_attribute("lang") == language, url
            for v in page.evaluate(RUN_AXE):
                if v["impact"] in FAILING:
                    nodes = "\n      ".join(v["nodes"])
                    found.append(f"[{language}] {url}: {v['impact']} {v['id']} ({v['help']})\n      {nodes}")
    finally:
        context.close()
    return found


@pytest.fixture
def published(region: Any) -> Any:
    from gongkai.search.indexer import drain_outbox, engine

    item = make_item(region=region)
    make_report(region.dept, 2025)
    drain_outbox()
    engine().refresh()
    return item


def test_no_serious_or_critical_violation_on_the_main_public_pages(browser, live_server, region, published):
    assert AXE.exists(), "axe-core is vendored by `npm run vendor` (docs/FRONTEND.md)"
    urls = public_pages(region, published)
    found = violations(browser, live_server.url, urls, "zh-hans") + violations(
        browser, live_server.url, urls, "en"
    )
    assert not found, f"{len(found)} serious or critical accessibility violations:\n" + "\n".join(found)
