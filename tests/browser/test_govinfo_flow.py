"""Issue 10's browser scenario (政务信息报送, docs/SPEC.md §8), in Debian chromium:

an officer writes an item over its carrier's limit and is told as she types and again by the
server; she shortens it; the section head and the deputy director sign; the city office's
information section receives it and adopts it into 《政务信息》 第N期; a city leader reads the issue
(the circulation log records it) and writes an instruction; the month's ranking shows the points
(1 for the city's general issue + 40 for a city leader's instruction).
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps

from gongkai.govinfo.models import Carrier, Circulation, Instruction, Issue, Publication, State, Submission
from gongkai.govinfo.services.submissions import install_default_chain
from gongkai.govinfo.shipped import sync_shipped_data
from gongkai.orgs.models import Level, RoleName
from gongkai.testing import UserFactory, grant
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "市教育局开展校园食品安全专项检查"
#: 242 字 — over 普刊's 200.
LONG = (
    "为切实保障师生饮食安全，市教育局会同市市场监管局于11月中旬开展校园食品安全专项检查，"
    "重点检查学校食堂、校外供餐单位和校园周边食品经营店，共检查学校86所、供餐单位12家，"
    "发现问题隐患23处，已当场整改17处，其余6处限期一周内整改到位。检查中，各地严格落实"
    "校长陪餐、食品留样和原材料进货查验制度，推行“明厨亮灶”，邀请家长代表参与监督。"
    "下一步，市教育局将建立问题清单和整改台账，实行销号管理，对整改不到位的学校和企业"
    "依法依规严肃处理，并将检查结果纳入学校年度考核，确保师生吃得安全、吃得放心。"
)
#: The same news in 普刊's length.
SHORT = (
    "为保障师生饮食安全，市教育局会同市市场监管局开展校园食品安全专项检查，共检查学校86所、"
    "供餐单位12家，发现问题隐患23处，已整改17处，其余6处限期一周内整改到位。下一步将建立"
    "整改台账，实行销号管理，结果纳入学校年度考核。"
)


def type_body(page, text: str) -> None:
    editor = page.locator(".jodit-wysiwyg")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def test_officer_writes_units_sign_section_adopts_leader_instructs_ranking_counts(
    page, live_server, region, today
):
    # The real clock, as in every browser test (a browser drops cookies whose expiry a frozen clock
    # computed): what is expected is computed from today.
    base = live_server.url
    sync_shipped_data(apps)  # the carriers (a transactional test starts from an emptied database)
    grant(UserFactory.create(username="xxy", full_name="吴信息"), region.dept, RoleName.INFO_OFFICER)
    section_head = grant(UserFactory.create(username="kzr", full_name="科长甲"), region.dept, RoleName.SIGNER)
    deputy = grant(UserFactory.create(username="fjz", full_name="副局长乙"), region.dept, RoleName.SIGNER)
    install_default_chain(region.dept, section_head=section_head, deputy=deputy, head=region.head)
    grant(UserFactory.create(username="xxk", full_name="信息科编辑丙"), region.office, RoleName.INFO_EDITOR)
    assert region.city.level == Level.CITY
    grant(UserFactory.create(username="fsz", full_name="副市长丁"), region.city, RoleName.LEADER)
    publication = Publication.objects.create(
        organization=region.office,
        name="政务信息",
        code="test-zwxx",
        level="city",
        edition="general",
        publisher_name="测试市人民政府办公室",
        default_bao="省政府办公厅",
        default_fa="各县区人民政府，市政府各部门",
    )

    # 1. The officer writes the item for 普刊 (≤ 200 字): the counter tells her as she types.
    login(page, base, "xxy")
    page.goto(f"{base}/staff/govinfo/submissions/new/")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("目标载体").select_option(value=str(Carrier.objects.get(code="pukan").pk))
    page.locator("textarea[name=body][data-richtext-ready]").wait_for(state="attached")
    type_body(page, LONG)
    counter = page.locator("[data-length-output]")
    counter.filter(has_text="请删减").wait_for()
    assert "超出“普刊”的上限" in counter.inner_text()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r".*/staff/govinfo/submissions/\d+/$"))
    submission = Submission.objects.get(title=TITLE)

    # ... and the server refuses to send it for signature, saying how much must go.
    page.get_by_role("button", name="送签").click()
    alert = page.get_by_role("alert").filter(has_text="超过“普刊”").last
    alert.wait_for()
    assert "正文字数为242字" in alert.inner_text() and "请删减42字" in alert.inner_text()
    submission.refresh_from_db()
    assert submission.state == State.DRAFT

    # 2. She shortens it and sends it.
    page.goto(f"{base}/staff/govinfo/submissions/{submission.pk}/edit/")
    page.locator("textarea[name=body][data-richtext-ready]").wait_for(state="attached")
    type_body(page, SHORT)
    counter.filter(has_text=re.compile(r"字数 \d+ / 上限 200$")).wait_for()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(rf".*/staff/govinfo/submissions/{submission.pk}/$"))
    page.get_by_role("button", name="送签").click()
    page.get_by_text("签发中").first.wait_for()
    submission.refresh_from_db()
    assert submission.state == State.SIGNING

    # 3. The section head, then the deputy director sign (a normal item needs no head).
    for signer in ("kzr", "fjz"):
        login(page, base, signer)
        page.goto(f"{base}/staff/govinfo/submissions/{submission.pk}/")
        page.get_by_role("button", name="签发").click()
        page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.state == State.SUBMITTED
    assert submission.recipient_id == region.office.pk
    assert list(submission.signatures.values_list("signer__username", flat=True)) == ["kzr", "fjz"]

    # 4. The information section receives it and adopts it into 《政务信息》.
    login(page, base, "xxk")
    page.goto(f"{base}/staff/govinfo/desk/{submission.pk}/")
    page.get_by_role("button", name="签收").click()
    page.wait_for_load_state()
    page.get_by_label("刊物").select_option(value=str(publication.pk))
    page.get_by_role("button", name="编入刊期").click()
    page.wait_for_url(re.compile(r".*/staff/govinfo/(issues|desk)/\d+/$"))
    issue = Issue.objects.get(publication=publication)
    page.goto(f"{base}/staff/govinfo/issues/{issue.pk}/")
    page.get_by_role("button", name="印发（编号）").click()
    page.wait_for_load_state()
    issue.refresh_from_db()
    assert (issue.year, issue.number) == (today.year, 1)
    page.get_by_text("第1期").first.wait_for()
    submission.refresh_from_db()
    assert submission.state == State.ADOPTED

    # 5. The city leader reads the issue (传阅 records it) and writes an instruction.
    login(page, base, "fsz")
    page.goto(f"{base}/staff/govinfo/issues/{issue.pk}/")
    page.get_by_text(TITLE).first.wait_for()
    assert Circulation.objects.filter(issue=issue, user__username="fsz").exists()
    page.get_by_role("link", name="批示", exact=True).click()
    page.get_by_label("批示内容").fill("请市教育局持续抓好校园食品安全，整改情况年底前报市政府。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r".*/staff/govinfo/instructions/\d+/$"))
    instruction = Instruction.objects.get(issue=issue)
    assert instruction.leader.username == "fsz"

    # 6. The month's ranking: the unit has 1 (city general issue) + 40 (a city leader's instruction).
    login(page, base, "xxk")
    page.goto(f"{base}/staff/govinfo/rankings/?period=month&date={today.isoformat()}")
    row = page.locator("tr", has_text=region.dept.name).first
    row.wait_for()
    assert re.search(r"\b41(\.00?)?\b", row.inner_text()), row.inner_text()
