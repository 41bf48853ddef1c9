"""The issue's browser scenario, in Debian chromium:

an editor drafts an item with an attachment containing an ID number, the reviewer sees the finding
and decides, the signer signs, the item appears on the portal with its 索引号 and is found by a
two-character search; a 不予公开 item is never found.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from gongkai.disclosure.models import Item, ItemState
from gongkai.testing import make_item
from tests.browser.conftest import login, send_to_review, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_NUMBER = "11010519491231002X"


def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("2026年乡村教师生活补助发放名单")
    d.add_paragraph(f"张三，身份证号 {ID_NUMBER}，补助 1200 元。")
    d.save(str(path))
    return path


def test_draft_review_sign_publish_and_search(page, live_server, region, tmp_path, today):
    base = live_server.url
    secret = make_item(
        region=region,
        title="关于征地补偿的内部请示",
        disclosure_attribute="exempt",
        exemption_reason="process_info",
        exemption_explanation="属于过程性信息",
    )
    assert secret.state == ItemState.PUBLISHED  # filed, never public

    # 1. The editor drafts the item with the attachment and sends it to secrecy review.
    send_to_review(
        page,
        base,
        region,
        title="关于发放2026年乡村教师生活补助的公示",
        summary="公示乡村教师生活补助发放对象和标准。",
        formed=today,
        attachment=make_docx(tmp_path / "补助名单.docx"),
        document_number="测教〔2026〕31号",
    )
    item = Item.objects.get(title="关于发放2026年乡村教师生活补助的公示")
    assert item.state == ItemState.REVIEW

    # 2. The reviewer sees the finding in the attachment, decides it, and passes the review.
    login(page, base, "reviewer")
    page.goto(f"{base}/staff/items/{item.pk}/review/")
    finding = page.locator(".finding", has_text=ID_NUMBER).first
    assert "附件《补助名单.docx》" in finding.inner_text()
    finding.locator("summary", has_text="其他处理决定").click()
    finding.get_by_label("不涉密，按原样公开").check()
    finding.get_by_label("理由").fill("经核实为虚构的测试号码")
    finding.get_by_role("button", name="记录处理决定").click()
    page.locator(".finding-decided").first.wait_for()
    page.get_by_label("同意公开").check()
    page.get_by_role("button", name="提交审查结论").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == ItemState.SIGNOFF

    # 3. The signer signs: the item is published with its 索引号.
    sign(page, base, item)
    item.refresh_from_db()
    assert item.state == ItemState.PUBLISHED
    assert item.index_number == f"{region.dept.unit_code}/{today.year}-00002"

    # 4. The public finds it by a two-character word, and sees its 索引号; the filed item never.
    page.context.clear_cookies()
    page.goto(f"{base}/search/?q=补助")
    results = page.locator("main").inner_text()
    assert "乡村教师生活补助" in results
    page.get_by_role("link", name=re.compile("乡村教师生活补助")).first.click()
    page.wait_for_load_state()
    assert item.index_number in page.locator("main").inner_text()
    for query in ("征地", "补偿", "请示"):
        page.goto(f"{base}/search/?q={query}")
        assert "内部请示" not in page.locator("main").inner_text()
    assert page.goto(f"{base}/items/{secret.pk}/").status == 404
