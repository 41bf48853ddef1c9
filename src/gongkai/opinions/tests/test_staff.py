"""The 意见征集 screens: a consultation drafted, reviewed, opened, its comments moderated and
answered (one by one and by theme), closed early, the 采纳情况 published and the final document
linked — every step through the back office; plus who sees what and the inbox."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.backoffice.menu import menu_for
from gongkai.core.registry import inbox_contributions
from gongkai.opinions.models import Consultation, Moderation, State
from gongkai.opinions.tests.world import comment, office_head, opened
from gongkai.secrecy.tests.files import docx_with
from gongkai.testing import make_item

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def today(clock):
    return clock.set(DAY)


def _as(client, user):
    client.force_login(user)
    return client


def test_the_whole_flow_through_the_screens(client, region, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = _as(client, region.editor)
    response = c.post(
        reverse("backoffice:opinions_new"),
        {
            "organization": region.dept.pk,
            "title": "测试市教育局关于校外培训的管理办法（征求意见稿）",
            "body": "<p>第一条 为规范校外培训……</p>",
            "how_to_comment": "在网站提交意见。",
            "duration_days": 30,
            "attachment": SimpleUploadedFile(
                "起草说明.docx", docx_with("起草说明：联系人身份证号码341302199001011238")
            ),
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and consultation.attachments.count() == 1
    assert c.post(reverse("backoffice:opinions_submit", args=[consultation.pk])).status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.REVIEW

    c = _as(client, region.reviewer)
    page = c.get(reverse("backoffice:opinions_review", args=[consultation.pk]))
    assert "居民身份证号码" in page.content.decode()
    assert (
        c.post(reverse("backoffice:opinions_review", args=[consultation.pk]), {"action": "pass"}).status_code
        == 400
    )
    from gongkai.opinions.scan import blocking

    for f in blocking(consultation):
        c.post(
            reverse("backoffice:opinions_review", args=[consultation.pk]),
            {"action": "decide", "fingerprint": f.fingerprint, "note": "虚构的测试号码"},
        )
    c.post(
        reverse("backoffice:opinions_review", args=[consultation.pk]), {"action": "pass", "opinion": "同意"}
    )
    consultation.refresh_from_db()
    assert consultation.state == State.SIGNOFF

    c = _as(client, region.signer)
    c.post(reverse("backoffice:opinions_open", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.state == State.OPEN

    m1 = comment(consultation, "意见一", name="王五", phone="13800000000")
    m2 = comment(consultation, "意见二")
    m3 = comment(consultation, "广告")
    head = office_head(region)
    c = _as(client, head)
    queue = c.get(reverse("backoffice:opinions_comments", args=[consultation.pk])).content.decode()
    assert "意见一" in queue and "广告" in queue
    detail = c.get(reverse("backoffice:opinions_comment", args=[consultation.pk, m1.pk])).content.decode()
    assert "13800000000" in detail  # the handling staff see the contact data
    url = lambda m: reverse("backoffice:opinions_comment", args=[consultation.pk, m.pk])  # noqa: E731
    for m in (m1, m2):
        c.post(url(m), {"action": "moderate", "decision": "accept", "publish": "on"})
    bad = c.post(url(m3), {"action": "moderate", "decision": "reject", "reason": ""})
    assert bad.status_code == 400 and "请选择未通过的原因" in bad.content.decode()
    c.post(url(m3), {"action": "moderate", "decision": "reject", "reason": "spam", "note": "推销"})
    m3.refresh_from_db()
    assert (m3.moderation, m3.reject_reason, m3.moderated_by) == (Moderation.REJECTED, "spam", head)
    c.post(url(m1), {"action": "answer", "answer": "采纳。", "adoption": "adopted"})
    r = c.post(
        reverse("backoffice:opinions_themes", args=[consultation.pk]), {"title": "其他", "comments": [m2.pk]}
    )
    theme = consultation.themes.get()
    assert r["Location"].endswith(reverse("backoffice:opinions_theme", args=[consultation.pk, theme.pk]))
    c.post(
        reverse("backoffice:opinions_theme", args=[consultation.pk, theme.pk]),
        {"answer": "不采纳。", "adoption": "not_adopted", "adoption_reason": "超出本办法范围"},
    )

    c = _as(client, region.signer)
    c.post(reverse("backoffice:opinions_close", args=[consultation.pk]), {"note": "提前完成征求意见"})
    consultation.refresh_from_db()
    assert consultation.state == State.CLOSED
    page = c.get(reverse("backoffice:opinions_summary", args=[consultation.pk])).content.decode()
    assert "共收到意见3条" in page and "超出本办法范围" in page
    c.post(
        reverse("backoffice:opinions_summary", args=[consultation.pk]),
        {"action": "publish", "text": "采纳情况：采纳1条。"},
    )
    consultation.refresh_from_db()
    assert consultation.state == State.CONCLUDED and consultation.summary_counts["adopted"] == 1
    item = make_item(region=region, title="测试市教育局关于校外培训的管理办法")
    found = c.get(
        reverse("backoffice:opinions_final", args=[consultation.pk]), {"q": "校外培训"}
    ).content.decode()
    assert item.title in found
    c.post(reverse("backoffice:opinions_final", args=[consultation.pk]), {"item": item.pk})
    consultation.refresh_from_db()
    assert consultation.final_item == item


def test_menu_and_scope(client, region, today):
    c = opened(region)
    assert any(e.key == "opinions" for e in menu_for(region.editor))
    assert not any(e.key == "opinions" for e in menu_for(region.outsider))
    assert _as(client, region.outsider).get(reverse("backoffice:opinions")).status_code == 403
    assert (
        _as(client, region.county_editor).get(reverse("backoffice:opinions_detail", args=[c.pk])).status_code
        == 404
    )
    supervisor = _as(client, region.supervisor)
    assert supervisor.get(reverse("backoffice:opinions_detail", args=[c.pk])).status_code == 200
    m = comment(c, "意见", phone="13800000000")
    page = supervisor.get(reverse("backoffice:opinions_comment", args=[c.pk, m.pk])).content.decode()
    assert "13800000000" not in page  # readers from above do not see contact data


def test_inbox_shows_each_role_its_work(region, clock, today):
    c = opened(region)
    head = office_head(region)
    comment(c, "待审核")

    def counts(user):
        rows = {}
        for contribution in inbox_contributions():
            if contribution.key == "opinions":
                rows = {e.key: e.count for e in contribution.entries(user, clock.today)}
        return rows

    assert counts(head)["opinions.moderation"] == 1
    clock.set(c.closes_on + dt.timedelta(days=1))
    from gongkai.opinions.services import close_due

    close_due(clock.today)
    assert counts(region.signer)["opinions.summary"] == 1


def test_my_work_page_lists_the_waiting_comments(client, region, today):
    c = opened(region)
    comment(c, "待审核的意见")
    page = _as(client, office_head(region)).get(reverse("backoffice:inbox")).content.decode()
    assert "待审核的公众意见" in page and c.title in page


def test_the_comment_filters_are_tabs_with_the_current_one_marked(client, region, today):
    """The four filters of 意见处理 showed as a bulleted list, with nothing telling which was shown."""
    c = opened(region)
    comment(c, "待审核的意见")
    url = reverse("backoffice:opinions_comments", args=[c.pk])
    page = _as(client, office_head(region)).get(url).content.decode()
    tabs = page.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="?show=pending" aria-current="page">' in tabs and tabs.count("aria-current") == 1
    page = client.get(url + "?show=all").content.decode()
    assert '<a href="?show=all" aria-current="page">' in page
