"""政策解读, 政府信息公开制度 and the reading-room kiosk (issue 11 points 4 and 8): the pages show
public items only, on both ends of a link, and the kiosk keeps visitors inside the kiosk."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from gongkai.disclosure.models import CatalogColumn, Classification, LinkKind
from gongkai.disclosure.services import workflow
from gongkai.orgs.models import SignOffStep
from gongkai.portal.templatetags.kiosk import kiosk_html
from gongkai.portal.views import kiosk

pytestmark = pytest.mark.django_db


def link(region: Any, source: Any, target: Any) -> None:
    workflow.link_items(actor=region.editor, source=source, target=target, kind=LinkKind.INTERPRETS)


@pytest.fixture
def policies(region: Any, make_item: Any) -> dict[str, Any]:
    policy = make_item(title="关于推进义务教育优质均衡发展的实施意见", document_number="测教〔2026〕7号")
    reading = make_item(title="《关于推进义务教育优质均衡发展的实施意见》政策解读")
    link(region, reading, policy)
    # An interpretation of a policy withdrawn later: listed without the policy.
    old_policy = make_item(title="关于调整学前教育收费标准的通知")
    old_reading = make_item(title="学前教育收费标准调整问答")
    link(region, old_reading, old_policy)
    workflow.withdraw_item(actor=region.signer, item=old_policy, reason="已被新文件替代")
    # A hidden interpretation (still a draft) of a public policy: never shown, nor is that policy listed.
    lonely = make_item(title="关于加强校园食品安全管理的通知")
    draft = make_item(title="校园食品安全解读草稿", state="draft")
    link(region, draft, lonely)
    return {
        "policy": policy,
        "reading": reading,
        "old_policy": old_policy,
        "old_reading": old_reading,
        "lonely": lonely,
        "draft": draft,
    }


def test_interpretations_list_each_with_its_public_policy(client, policies):
    html = client.get(reverse("portal:interpretations")).content.decode()
    assert policies["reading"].title in html
    assert f"/items/{policies['policy'].pk}/" in html  # the policy it explains, linked
    # The withdrawn policy's interpretation is listed, the withdrawn policy is not.
    assert policies["old_reading"].title in html
    assert policies["old_policy"].title not in html
    assert f"/items/{policies['old_policy'].pk}/" not in html
    assert "校园食品安全解读草稿" not in html


def test_policies_list_with_their_interpretations(client, policies):
    html = client.get(reverse("portal:interpretations"), {"by": "policy"}).content.decode()
    assert policies["policy"].title in html and policies["reading"].title in html
    # A policy whose only interpretation is hidden is not a policy "with interpretations".
    assert policies["lonely"].title not in html
    assert policies["old_policy"].title not in html


def test_body_interpretations_and_unknown_view(client, region, policies):
    url = reverse("portal:body_interpretations", args=["edu"])
    html = client.get(url, {"by": "nonsense"}).content.decode()
    assert policies["reading"].title in html
    assert client.get(reverse("portal:body_interpretations", args=["county-finance"])).status_code == 200
    html = client.get(reverse("portal:body_interpretations", args=["county-finance"])).content.decode()
    assert policies["reading"].title not in html
    assert client.get(reverse("portal:body_interpretations", args=["no-such"])).status_code == 404


def test_interpretations_page_through(client, region, make_item):
    policy = make_item(title="关于义务教育招生的通知")
    for n in range(23):
        link(region, make_item(title=f"招生政策解读第{n:02d}篇"), policy)
    first = client.get(reverse("portal:interpretations")).content.decode()
    second = client.get(reverse("portal:interpretations"), {"page": 2}).content.decode()
    assert "招生政策解读第22篇" in first and "招生政策解读第00篇" not in first
    assert "招生政策解读第00篇" in second


def test_rules_page_is_generated_from_the_body_data(client, region, make_item):
    SignOffStep.objects.create(organization=region.dept, position=1, title="科室负责人审核")
    step = SignOffStep.objects.create(
        organization=region.dept, position=2, title="分管领导签发", condition="urgent"
    )
    step.signers.add(region.head)
    rules_column = CatalogColumn.objects.create(organization=region.dept, code="zd", name="政府信息公开制度")
    make_item(title="测试市教育局政府信息公开保密审查办法", column=rules_column)
    html = client.get(reverse("portal:body_rules", args=["edu"])).content.decode()
    assert "发布审核制度" in html and "保密审查制度" in html and "依申请公开工作制度" in html
    assert "不予公开备案制度" in html and "年度报告制度" in html
    assert "科室负责人审核" in html and "分管领导签发" in html and "紧急信息" in html
    assert region.head.full_name not in html  # who signs is not published
    assert "20个工作日内答复（《条例》第三十三条第一款）" in html
    assert "报测试市人民政府办公室备案" in html  # the competent authority of the region
    assert "测试市教育局政府信息公开保密审查办法" in html
    # A body without a chain signs in one step; without 制度 columns there is no list.
    html = client.get(reverse("portal:body_rules", args=["office"])).content.decode()
    assert "签发（适用于：所有信息）" in html
    assert "本机关发布的制度文件" not in html


def test_body_page_and_guide_link_the_rules(client, region):
    rules = reverse("portal:body_rules", args=["edu"])
    assert rules in client.get(reverse("portal:body", args=["edu"])).content.decode()
    assert rules in client.get(reverse("portal:body_guide", args=["edu"])).content.decode()


# --- kiosk ---------------------------------------------------------------------------------------


def test_kiosk_html_keeps_visitors_inside():
    html = (
        '<p>见<a href="https://www.gov.cn/zhengce/">国务院政策</a>和'
        '<a href="/items/12/">相关文件</a>、<a href="http://127.0.0.1:8000/items/13/files/4/">附件</a>、'
        '<a href="/catalog/">目录</a>、<a href="mailto:a@b.cn">邮箱</a>、<a href="javascript:alert(1)">x</a>'
        "&amp;<a>无地址</a>&nbsp;<br></p>"
    )
    out = kiosk_html(html)
    assert "gov.cn" not in out and "mailto" not in out and "javascript" not in out
    assert '<span class="kiosk-offsite">国务院政策</span>' in out
    assert '<a href="/kiosk/items/12/">相关文件</a>' in out
    assert '<a href="/items/13/files/4/">附件</a>' in out
    assert '<span class="kiosk-offsite">目录</span>' in out
    assert "&amp;" in out and "&nbsp;" in out and "<br>" in out
    assert kiosk_html('<a href="https://evil.example/">未闭合') == '<span class="kiosk-offsite">未闭合</span>'


def hrefs(html: str) -> list[str]:
    return re.findall(r'<(?:a|link)\b[^>]*\bhref="([^"]*)"', html)


def test_kiosk_pages_link_only_into_the_kiosk(client, region, make_item, settings):
    settings.GONGKAI = {**settings.GONGKAI, "KIOSK_IDLE_SECONDS": 45}
    topic = Classification.objects.filter(scheme="topic", is_active=True).first()
    item = make_item(
        title="关于2026年中小学招生入学工作的通知",
        body='<p>详见<a href="https://www.moe.gov.cn/">教育部网站</a>。</p>',
        topic=topic,
    )
    pages = [
        reverse("portal:kiosk"),
        reverse("portal:kiosk_body", args=["edu"]),
        reverse("portal:kiosk_column", args=["edu", region.column.code]),
        reverse("portal:kiosk_topic", args=[topic.pk]),
        reverse("portal:kiosk_item", args=[item.pk]),
        reverse("portal:kiosk_slip", args=[item.pk]),
        reverse("portal:kiosk_search") + "?q=招生",
    ]
    start = client.get(pages[0]).content.decode()
    tc = re.search(r'href="(/kiosk/template-columns/\d+/)"', start)
    assert tc, "the start page browses by the catalog template's columns"
    pages.append(tc.group(1))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'data-kiosk-idle="45"' in html
        for href in hrefs(html):
            assert href.startswith(("/kiosk/", "/static/", "#")) or re.match(
                r"^/items/\d+/files/\d+/$", href
            ), (
                url,
                href,
            )
        assert "moe.gov.cn" not in html.replace("教育部网站", "")
    item_html = client.get(reverse("portal:kiosk_item", args=[item.pk])).content.decode()
    assert item.title in item_html and "教育部网站" in item_html


def test_kiosk_hides_what_the_portal_hides(client, region, make_item):
    draft = make_item(title="尚未发布的草稿", state="draft")
    for name in ("kiosk_item", "kiosk_slip"):
        assert client.get(reverse(f"portal:{name}", args=[draft.pk])).status_code == 404
    hidden = CatalogColumn.objects.create(
        organization=region.dept, code="yc", name="隐藏栏目", is_hidden=True
    )
    assert client.get(reverse("portal:kiosk_column", args=["edu", hidden.code])).status_code == 404
    genre = Classification.objects.filter(scheme="genre").first()
    assert client.get(reverse("portal:kiosk_topic", args=[genre.pk])).status_code == 404
    assert client.get(reverse("portal:kiosk_template_column", args=[10**9])).status_code == 404


def test_kiosk_slip_has_the_full_address_and_a_qr_code(client, region, make_item, settings):
    settings.GONGKAI = {**settings.GONGKAI, "SITE_URL": "https://gk.example.gov.cn"}
    item = make_item(title="关于公布2026年义务教育学校划片范围的通告", document_number="测教〔2026〕15号")
    html = client.get(reverse("portal:kiosk_slip", args=[item.pk])).content.decode()
    address = f"https://gk.example.gov.cn/items/{item.pk}/"
    assert address in html and item.index_number in html and region.dept.name in html
    assert "测教〔2026〕15号" in html
    assert 'src="data:image/svg+xml' in html


def test_kiosk_idle_time_falls_back_on_nonsense(settings):
    settings.GONGKAI = {**settings.GONGKAI, "KIOSK_IDLE_SECONDS": "soon"}
    assert kiosk.idle_seconds() == kiosk.DEFAULT_IDLE_SECONDS
    settings.GONGKAI = {**settings.GONGKAI, "KIOSK_IDLE_SECONDS": 0}
    assert kiosk.idle_seconds() == kiosk.DEFAULT_IDLE_SECONDS


def test_kiosk_search_bad_page_is_a_clear_400(client, region, publish):
    publish(title="关于招生的通知")
    response = client.get(reverse("portal:kiosk_search"), {"q": "招生", "page": "x"})
    assert response.status_code == 400


def test_every_page_of_a_body_has_the_same_tabs(client, region):
    """概况, 指南, 制度, 目录, 政策解读, 意见征集, 互动交流, 检索, 年度报告 on each of them, the page's
    own tab current."""
    names = [
        "body",
        "body_guide",
        "body_rules",
        "body_catalog",
        "body_interpretations",
        "body_consultations",
        "body_messages",
        "body_search",
    ]
    urls = [reverse(f"portal:{name}", args=["edu"]) for name in [*names, "body_annual_reports"]]
    for url in [u for u in urls if "/search/" not in u]:  # the search page has its own form
        html = client.get(url).content.decode()
        nav = re.search(r'<nav class="tabs no-print" aria-label="本机构信息公开">(.*?)</nav>', html, re.S)
        assert nav, url
        assert re.findall(r'href="([^"]+)"', nav.group(1)) == urls, url
        assert re.findall(r'href="([^"]+)" aria-current="page"', nav.group(1)) == [url]


def test_kiosk_start_offers_only_columns_and_topics_with_items(client, region, make_item):
    """Walked at 1080×1920: 15 column tiles and 9 topic tiles of the demo led to empty lists, and
    two templates' columns named alike (其他) stood side by side with nothing to tell them apart."""
    topics = list(Classification.objects.filter(scheme="topic", is_active=True).order_by("pk"))
    make_item(title="关于公布2026年城区小学学区划分的通告", topic=topics[0])
    html = client.get(reverse("portal:kiosk")).content.decode()
    shown_topics = re.findall(r'href="/kiosk/topics/(\d+)/"', html)
    assert shown_topics == [str(topics[0].pk)]
    root = region.column.template_column
    while root.parent_id:
        root = root.parent
    assert re.findall(r'href="/kiosk/template-columns/(\d+)/"', html) == [str(root.pk)]
    assert f'<h3 class="kiosk-group-title">{root.template.name}</h3>' in html
    # An empty topic's or column's own page still answers (a bookmark), with its empty message.
    assert client.get(reverse("portal:kiosk_topic", args=[topics[1].pk])).status_code == 200


def test_kiosk_search_goes_to_the_item_of_a_document_number(client, region, make_item):
    """The kiosk's box asks for “标题、文号或关键词”, yet 宿教〔2026〕52号 found nothing there while
    the portal's box went straight to the item."""
    item = make_item(title="关于印发学籍管理办法的通知", document_number="测教〔2026〕52号")
    response = client.get(reverse("portal:kiosk_search"), {"q": "测教[2026]52号"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:kiosk_item", args=[item.pk])
    twin = make_item(title="关于印发学籍管理办法的通知（更正）", document_number="测教〔2026〕52号")
    html = client.get(reverse("portal:kiosk_search"), {"q": "测教〔2026〕52号"}).content.decode()
    assert "发文字号或索引号为" in html
    for it in (item, twin):
        assert reverse("portal:kiosk_item", args=[it.pk]) in html


def test_an_items_related_items_link_within_the_portal_or_the_kiosk(client, policies):
    """One template of the related items serves both pages; the kiosk's links stay in the kiosk."""
    policy, reading = policies["policy"], policies["reading"]
    portal_html = client.get(reverse("portal:item", args=[policy.pk])).content.decode()
    kiosk_html = client.get(reverse("portal:kiosk_item", args=[policy.pk])).content.decode()
    for html in (portal_html, kiosk_html):
        assert "相关信息" in html and reading.title in html
    assert f'href="{reverse("portal:item", args=[reading.pk])}"' in portal_html
    assert f'href="{reverse("portal:kiosk_item", args=[reading.pk])}"' in kiosk_html
    assert f'href="{reverse("portal:item", args=[reading.pk])}"' not in kiosk_html
