"""The portal pages of 意见征集: lists and feeds, a consultation's page with its form, the intake
(honeypot, one comment per form, closed period, 429 with a Chinese page) and the item page's link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from gongkai.opinions import services
from gongkai.opinions.models import Comment
from gongkai.opinions.tests.world import comment, draft, office_head, opened
from gongkai.testing import make_item

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def today(clock):
    return clock.set(DAY)


def _key(html: str) -> str:
    return re.search(r'name="key" value="([0-9a-f]{32})"', html).group(1)  # type: ignore[union-attr]


def test_lists_and_feeds_show_opened_consultations_only(client, region, today):
    c = opened(region, "公开的征求意见稿")
    draft(region, "未公开的草稿")
    for url in (
        reverse("portal:consultations"),
        reverse("portal:consultations") + "?status=open",
        reverse("portal:body_consultations", args=[region.dept.slug]),
        reverse("portal:consultations_feed"),
        reverse("portal:body_consultations_feed", args=[region.dept.slug]),
    ):
        html = client.get(url).content.decode()
        assert c.title in html and "未公开的草稿" not in html, url
    closed = client.get(reverse("portal:consultations") + "?status=closed").content.decode()
    assert c.title not in closed


def test_the_page_with_the_form_is_never_cached(client, region, today):
    c = opened(region)
    response = client.get(reverse("portal:consultation", args=[c.pk]))
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html and "还剩31天" in html
    assert 'name="website"' in html  # the honeypot


def test_a_comment_posted_twice_is_stored_once_and_pending(client, region, today):
    c = opened(region)
    url = reverse("portal:consultation", args=[c.pk])
    key = _key(client.get(url).content.decode())
    data = {"text": "建议增加体育活动。", "name": "张三", "phone": "13800000000", "key": key}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Comment.objects.filter(consultation=c).count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "您的意见已收到" in page and "建议增加体育活动" not in page and "张三" not in page


def test_honeypot_stores_nothing(client, region, today):
    c = opened(region)
    url = reverse("portal:consultation", args=[c.pk])
    response = client.post(
        url, {"text": "广告", "website": "http://spam.example", "key": _key(client.get(url).content.decode())}
    )
    assert response.status_code == 302 and not Comment.objects.exists()


def test_clear_messages_for_empty_long_and_closed(client, region, clock, today, settings):
    c = opened(region)
    url = reverse("portal:consultation", args=[c.pk])
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and "请填写意见内容" in response.content.decode()
    settings.GONGKAI = {**settings.GONGKAI, "CONSULTATION_COMMENT_MAX_CHARS": 5}
    response = client.post(url, {"text": "太长的意见内容"})
    assert response.status_code == 400 and "不能超过5字" in response.content.decode()
    clock.set(c.closes_on + dt.timedelta(days=1))
    response = client.post(url, {"text": "晚了"})
    html = response.content.decode()
    assert response.status_code == 400 and "截止，不再接收意见" in html and 'name="text"' not in html
    assert not Comment.objects.exists()


def test_rate_limit_answers_429_in_chinese(client, region, today, settings):
    settings.GONGKAI = {**settings.GONGKAI, "CONSULTATION_COMMENTS_PER_CONSULTATION_PER_HOUR": 2}
    c = opened(region)
    url = reverse("portal:consultation", args=[c.pk])
    assert client.post(url, {"text": "一"}).status_code == 302
    assert client.post(url, {"text": ""}).status_code == 400  # an invalid form does not count
    key = _key(client.get(url).content.decode())
    assert client.post(url, {"text": "二", "key": key}).status_code == 302
    # The same form again at the limit: still the one comment, not refused.
    assert client.post(url, {"text": "二", "key": key}).status_code == 302
    response = client.post(url, {"text": "三"})
    assert response.status_code == 429 and "Retry-After" in response
    assert "每小时最多提交2条意见" in response.content.decode()
    assert Comment.objects.count() == 2
    other = opened(region, "另一征求意见稿")  # per consultation: another one still takes comments
    assert client.post(reverse("portal:consultation", args=[other.pk]), {"text": "四"}).status_code == 302


def test_accepted_comments_with_answers_summary_and_both_way_links(client, region, clock, today):
    c = opened(region)
    head = office_head(region)
    shown = comment(c, "请公开收费标准，联系我13800000000", name="李四", email="lisi@example.com")
    hidden = comment(c, "未审核的意见")
    services.moderate_comment(actor=head, comment=shown, accept=True)
    services.answer_comment(actor=head, comment=shown, answer="已采纳。", adoption="adopted")
    html = client.get(reverse("portal:consultation", args=[c.pk])).content.decode()
    assert "请公开收费标准" in html and "已采纳。" in html and hidden.text not in html
    assert "13800000000" not in html and "138****0000" in html  # personal data masked in the text
    assert "李四" not in html and "lisi@example.com" not in html
    clock.set(c.closes_on + dt.timedelta(days=1))
    services.close_due(clock.today)
    c.refresh_from_db()
    services.moderate_comment(actor=head, comment=hidden, accept=False, reason="duplicate")
    services.publish_summary(actor=region.signer, consultation=c, text="采纳情况说明：采纳1条。")
    item = make_item(region=region, title="测试市教育局关于课后服务的实施意见")
    services.link_final_document(actor=region.signer, consultation=c, item=item)
    html = client.get(reverse("portal:consultation", args=[c.pk])).content.decode()
    assert response_has(html, "采纳情况说明：采纳1条。", item.title, reverse("portal:item", args=[item.pk]))
    assert "截止，不再接收意见" in html and 'name="text"' not in html
    item_page = client.get(reverse("portal:item", args=[item.pk])).content.decode()
    assert "本文件曾公开征求意见" in item_page and reverse("portal:consultation", args=[c.pk]) in item_page


def response_has(html: str, *parts: str) -> bool:
    missing = [p for p in parts if p not in html]
    assert not missing, missing
    return True


def test_files_of_public_consultations_only(client, region, today):
    from gongkai.secrecy.tests.files import docx_with

    hidden = draft(region, "草稿")
    file = services.add_attachment(
        actor=region.editor, consultation=hidden, data=docx_with("草稿附件"), filename="附件.docx"
    )
    url = reverse("portal:consultation_attachment", args=[hidden.pk, file.pk])
    assert client.get(url).status_code == 404


def test_pages_in_english(client, region, today):
    c = opened(region)
    html = client.get(reverse("portal:consultation", args=[c.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Send a comment" in html and "31 days left" in html
    listing = client.get(reverse("portal:consultations"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Public consultations" in listing and "Open for comment" in listing
    response = client.post(
        reverse("portal:consultation", args=[c.pk]), {"text": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Please write your comment." in response.content.decode()


def test_a_sent_comment_lands_on_the_thanks_and_a_closed_page_invites_no_comment(
    client, region, clock, today
):
    """Seen in the browser: after sending, the page opened at its top, far above the thanks; and a
    closed consultation still said how to comment (“在本页面提交意见栏直接填写”)."""
    c = opened(region)
    url = reverse("portal:consultation", args=[c.pk])
    html = client.get(url).content.decode()
    assert services_how(html) and f'action="{url}#c-form"' in html
    response = client.post(url, {"text": "建议增加体育活动。", "key": _key(html)})
    assert response.status_code == 302 and response["Location"] == f"{url}?sent=1#c-form"
    assert 'id="c-form"' in client.get(response["Location"]).content.decode()
    clock.set(c.closes_on + dt.timedelta(days=1))
    services.close_due(clock.today)
    closed = client.get(url).content.decode()
    assert not services_how(closed) and "不再接收意见" in closed


def services_how(html: str) -> bool:
    """Whether the page shows the consultation's 意见反馈方式 (the world's ``HOW``)."""
    from gongkai.opinions.tests.world import HOW

    return "意见反馈方式" in html and HOW in html


def test_labels_take_the_colon_of_the_page_language(client, region, today):
    c = opened(region)
    head = office_head(region)
    shown = comment(c, "建议公开收费标准。")
    services.moderate_comment(actor=head, comment=shown, accept=True)
    services.answer_comment(actor=head, comment=shown, answer="已采纳。", adoption="adopted")
    url = reverse("portal:consultation", args=[c.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    main = re.sub(r"<[^>]+>", "", english.split("<main", 1)[1])
    assert "Received: " in main and "Reply: " in main and "：" not in main
    chinese = client.get(url).content.decode()
    assert "收到时间：" in re.sub(r"<[^>]+>", "", chinese) and "答复：" in re.sub(r"<[^>]+>", "", chinese)
