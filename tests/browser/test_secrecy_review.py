"""Issue 8, reproduced in Debian chromium: a reviewer cannot talk an ID number past the review.

The editor uploads a DOCX holding a valid 18-digit resident ID number and submits. The reviewer sees
the finding, tries "已删除或遮盖" without masking: refused. Passing the review is refused too. The
reviewer masks it on the review screen: the rescan no longer finds it. The item is signed and
published; portal search for the number finds nothing and the downloaded DOCX no longer holds it.
Screenshots of the review screen are left in the test's temporary directory.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from gongkai.disclosure.models import Item, ItemState
from gongkai.secrecy.redaction import docx_text
from tests.browser.conftest import login, send_to_review, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# GB 11643-1999 check character X (worked by hand in secrecy/tests/test_scanner.py).
ID_NUMBER = "11010519491231002X"
MASKED = "1101**********002X"


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("2026年乡村教师生活补助发放名单")
    paragraph = document.add_paragraph("张三，身份证号 ")
    # Word splits a number where its formatting changes: the mask must work across runs.
    paragraph.add_run(ID_NUMBER[:10])
    paragraph.add_run(ID_NUMBER[10:]).bold = True
    paragraph.add_run("，补助 1200 元。")
    document.save(str(path))
    return path


def test_an_id_number_cannot_be_claimed_away_and_is_masked(page, live_server, region, tmp_path, today):
    base = live_server.url

    # 1. The editor drafts the item with the DOCX and sends it to secrecy review.
    send_to_review(
        page,
        base,
        region,
        title="关于发放2026年乡村教师生活补助的公示",
        summary="公示乡村教师生活补助发放对象和标准。",
        formed=today,
        attachment=make_docx(tmp_path / "补助名单.docx"),
    )
    item = Item.objects.get(title="关于发放2026年乡村教师生活补助的公示")
    assert item.state == ItemState.REVIEW

    # 2. The reviewer sees the finding in the attachment.
    login(page, base, "reviewer")
    page.goto(f"{base}/staff/items/{item.pk}/review/")
    finding = page.locator(".finding", has_text=ID_NUMBER).first
    assert "附件《补助名单.docx》" in finding.inner_text()
    assert "下一步" in page.locator("#blocking-summary").inner_text()
    page.screenshot(path=str(tmp_path / "review-1-finding.png"), full_page=True)

    # 3. "已删除或遮盖" without masking: refused, with the way out.
    finding.locator("summary", has_text="其他处理决定").click()
    finding.get_by_label("已删除或遮盖").check()
    finding.get_by_role("button", name="记录处理决定").click()
    error = page.locator(".finding [role=alert]").first
    error.wait_for()
    assert "不能记为“已删除或遮盖”" in error.inner_text()
    assert f"遮盖为 {MASKED}" in error.inner_text()
    page.screenshot(path=str(tmp_path / "review-2-refused.png"), full_page=True)
    assert not item.finding_decisions.exists()

    # Passing the review is refused while the finding is open.
    page.get_by_label("同意公开").check()
    page.get_by_role("button", name="提交审查结论").click()
    page.wait_for_load_state()
    assert "须逐条作出处理决定后才能通过审查" in page.locator("main").inner_text()
    assert Item.objects.get(pk=item.pk).state == ItemState.REVIEW

    # 4. The reviewer masks it: the file is masked in place, rescanned, the finding is gone.
    page.locator(".finding", has_text=ID_NUMBER).first.get_by_role("button", name=f"遮盖为 {MASKED}").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "重新扫描确认该内容已不再出现" in main
    assert page.locator(".finding", has_text=ID_NUMBER).count() == 0
    assert "高风险结果均已处理" in page.locator("#blocking-summary").inner_text()
    assert "已遮盖，经复查确认" in main
    page.screenshot(path=str(tmp_path / "review-3-masked.png"), full_page=True)
    page.get_by_label("同意公开").check()
    page.get_by_role("button", name="提交审查结论").click()
    page.wait_for_load_state()
    assert Item.objects.get(pk=item.pk).state == ItemState.SIGNOFF

    # 5. Signed and published.
    sign(page, base, item)
    item.refresh_from_db()
    assert item.state == ItemState.PUBLISHED

    # 6. The public: search for the number finds nothing; the item is found by its words; the
    #    downloaded DOCX holds the masked number only.
    page.context.clear_cookies()
    page.goto(f"{base}/search/?q={ID_NUMBER}")
    assert "乡村教师生活补助" not in page.locator("main").inner_text()
    page.goto(f"{base}/search/?q=补助")
    assert "乡村教师生活补助" in page.locator("main").inner_text()
    page.goto(f"{base}/items/{item.pk}/")
    href = page.get_by_role("link", name=re.compile("补助名单")).first.get_attribute("href")
    response = page.request.get(f"{base}{href}")
    assert response.status == 200
    text = docx_text(response.body())
    assert ID_NUMBER not in text and f"张三，身份证号 {MASKED}，补助 1200 元。" in text
    assert ID_NUMBER.encode() not in response.body()
    assert ID_NUMBER not in io.BytesIO(response.body()).getvalue().decode("latin-1")
