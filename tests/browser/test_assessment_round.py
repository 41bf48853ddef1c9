"""Issue 12's browser scenario for an assessment round (考核评议, docs/SPEC.md §7), in Debian chromium:

the competent authority's supervisor opens a round for 2025 under the shipped standard scheme with
the city's 教育局; the bureau's 公开工作机构负责人 finds its 自查报告 pre-filled from its indicators,
writes its self points, narrative and evidence, saves a draft, changes a point and submits it; the
supervisor scores, lowering 4.1 组织领导 — refused without a reason, then saved with one — and the
change shows as a diff; the results are fed back; the bureau objects to 4.1; the supervisor partly
upholds the objection with new points; the round is finalized, its results shown, and the 通报 of
the results generated and downloaded as DOCX.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from gongkai.assessment.models import CriterionScore, Objection, Round, RoundBodyState, RoundState, Scheme
from gongkai.assessment.shipped import STANDARD, sync_shipped_schemes
from gongkai.core.samplefiles import make_pdf
from tests.browser.conftest import login, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "2025年度政务公开工作考核"
#: Where to put screenshots for a person to look at (none when unset), as the kiosk's test does.
SHOTS = os.environ.get("GONGKAI_SCREENSHOTS", "")
#: The criteria of the standard scheme the body scores by hand, with the points it claims.
SELF = {"3.2": "5", "4.1": "10", "4.2": "10", "4.3": "9"}


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"round-{name}.png"), full_page=True)


def points_of(rnd: Round, code: str) -> CriterionScore:
    return CriterionScore.objects.get(round_body__round=rnd, criterion__code=code)


def test_open_self_assess_score_object_finalize(
    browser: Any, live_server: Any, region: Any, tmp_path: Path
) -> None:
    # The real clock, as in every browser test: the round assesses 2025, its reports due later.
    base = live_server.url
    sync_shipped_schemes()  # a transactional test empties the shipped schemes: put them back
    scheme = Scheme.objects.get(authority=None, code=STANDARD, version=1)
    files = {}
    for code in ("4.1", "4.2", "4.3"):
        files[code] = tmp_path / f"佐证{code}.pdf"
        files[code].write_bytes(make_pdf([f"{code} 佐证材料：相关文件"]))
    page = new_page(browser)
    try:
        # 1. The supervisor opens the round (a draft), then publishes it.
        login(page, base, "supervisor")
        page.goto(f"{base}/staff/")
        page.get_by_role("link", name="考核评议").first.click()
        page.get_by_role("link", name="组织考核").click()
        page.get_by_label("考核名称").fill(TITLE)
        page.get_by_label("考核期起").fill("2025-01-01")
        page.get_by_label("考核期止").fill("2025-12-31")
        page.get_by_label("考核方案").select_option(value=str(scheme.pk))
        page.get_by_label("测试市教育局", exact=True).check()
        shot(page, "01-new-round")
        page.get_by_role("button", name="创建考核").click()
        page.wait_for_url(re.compile(r".*/staff/assessment/rounds/\d+/$"))
        rnd = Round.objects.get(title=TITLE)
        assert rnd.state == RoundState.DRAFT
        page.get_by_role("button", name="发布考核并通知各单位自查").click()
        page.get_by_text("各单位的自查报告已按平台数据预填").wait_for()
        rnd.refresh_from_db()
        assert rnd.state == RoundState.SELF_ASSESSMENT
        shot(page, "02-round-opened")

        # 2. The bureau's office head finds the report pre-filled: 1.1 公开时效 from the indicators.
        login(page, base, "head")
        page.goto(f"{base}/staff/assessment/rounds/")
        page.get_by_role("link", name=TITLE).click()
        page.get_by_role("link", name="测试市教育局").click()
        computed = points_of(rnd, "1.1").computed_points
        assert computed is not None
        row = page.locator("#criterion-1\\.1")
        assert str(computed) in row.inner_text()
        assert "查看" in row.inner_text()  # the link to the records behind it
        page.get_by_label("自查情况总述").fill("2025年本局严格落实政务公开各项要求。")
        for code, value in SELF.items():
            page.get_by_label(f"{code} 自评分").fill(value)
            page.get_by_label(f"{code} 自查情况").fill(f"{code}：已落实，见佐证材料。")
        for code, path in files.items():
            page.get_by_label(f"{code} 上传佐证材料").set_input_files(str(path))
        shot(page, "03-report-editor")
        page.get_by_role("button", name="保存草稿").click()
        page.get_by_text("自查报告已保存").wait_for()
        assert points_of(rnd, "4.3").self_points == 9
        assert page.get_by_role("link", name="佐证4.1.pdf").is_visible()
        # Edited: 4.3 raised to 10, then submitted.
        page.get_by_label("4.3 自评分").fill("10")
        page.get_by_role("button", name="提交自查报告").click()
        page.get_by_text("自查报告已提交").wait_for()
        body = rnd.bodies.get()
        assert body.state == RoundBodyState.SUBMITTED and points_of(rnd, "4.3").self_points == 10
        self_total = body.self_total
        shot(page, "04-report-submitted")

        # 3. The supervisor scores: 4.1 lowered to 7, first without a reason.
        login(page, base, "supervisor")
        page.goto(f"{base}/staff/assessment/rounds/{rnd.pk}/")
        page.get_by_role("button", name="结束自查，开始评分").click()
        page.get_by_text("开始评分").first.wait_for()
        page.get_by_role("link", name="评分", exact=True).click()
        page.get_by_label("4.1 评定分").fill("7")
        page.get_by_role("button", name="保存评分").click()
        page.get_by_text("评定分与自评分不同，请说明调整理由").first.wait_for()
        assert points_of(rnd, "4.1").final_points is None  # nothing saved
        page.get_by_label("4.1 调整理由").fill("未见领导小组调整文件")
        page.get_by_role("button", name="保存评分").click()
        page.get_by_text("的评分已保存").wait_for()
        body.refresh_from_db()
        assert body.total == self_total - 3
        diff = page.locator("#criterion-4\\.1")
        assert "（-3.00）" in diff.inner_text() and "未见领导小组调整文件" in diff.inner_text()
        shot(page, "05-scored-diff")
        page.goto(f"{base}/staff/assessment/rounds/{rnd.pk}/")
        page.get_by_role("button", name="向各单位反馈评分结果（开始申辩期）").click()
        page.get_by_text("申辩期开始").wait_for()

        # 4. The bureau objects to 4.1.
        login(page, base, "head")
        page.goto(f"{base}/staff/assessment/rounds/{rnd.pk}/bodies/{body.pk}/")
        page.get_by_label("申辩事项").select_option(value=str(points_of(rnd, "4.1").criterion_id))
        page.get_by_label("申辩理由").fill("领导小组调整文件已于2025年3月印发，附件已补充。")
        page.get_by_role("button", name="提出申辩").click()
        page.get_by_text("申辩已提交").wait_for()
        objection = Objection.objects.get(round_body=body)
        shot(page, "06-objection")

        # 5. The supervisor partly upholds it: 4.1 to 9.
        login(page, base, "supervisor")
        page.goto(f"{base}/staff/assessment/rounds/{rnd.pk}/")
        page.get_by_role("link", name=re.compile("测试市教育局 · 4.1")).click()
        page.get_by_label("部分采纳").check()
        page.get_by_label("答复意见").fill("文件属实，但成员分工未落实，扣1分。")
        page.get_by_label("调整后的评定分").fill("9")
        page.get_by_label("调整理由").fill("申辩材料证明领导小组已调整")
        shot(page, "07-decide")
        page.get_by_role("button", name="保存处理结果").click()
        page.get_by_text("申辩已处理").wait_for()
        objection.refresh_from_db()
        assert objection.outcome == "partly" and points_of(rnd, "4.1").final_points == 9

        # 6. Every objection decided and the body has used its 申辩: the round is finalized.
        page.get_by_role("button", name="确定考核结果").click()
        page.get_by_text("考核结果已确定").wait_for()
        rnd.refresh_from_db()
        body.refresh_from_db()
        assert rnd.state == RoundState.FINAL and body.rank == 1 and body.total == self_total - 1
        page.get_by_role("link", name="考核结果").click()
        page.get_by_role("cell", name=str(body.total)).first.wait_for()
        shot(page, "08-results")

        # 7. The 通报 of the results is generated, then downloaded as DOCX from the results.
        page.get_by_role("button", name="生成通报").click()
        page.get_by_text("已生成考核结果通报").wait_for()
        bulletin = rnd.bulletins.get()
        assert "测试市教育局" in bulletin.body
        page.goto(f"{base}/staff/assessment/rounds/{rnd.pk}/results/")
        with page.expect_download() as got:
            page.get_by_role("link", name="下载（Word）").click()
        download = got.value
        assert download.suggested_filename.endswith(".docx")
        saved = tmp_path / "通报.docx"
        download.save_as(str(saved))
        assert saved.read_bytes()[:2] == b"PK"  # a DOCX is a ZIP package
        shot(page, "09-bulletin")
    finally:
        page.context.close()
