"""The portal's pages render with the expected content (status 200, one h1, 第十二条 fields …)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.disclosure.models import CatalogColumn, Classification

pytestmark = pytest.mark.django_db


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def test_home_lists_latest_and_bodies_with_counts(client, region, publish):
    publish(title="关于2026年春季学期开学工作的通知")
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert "关于2026年春季学期开学工作的通知" in html
    assert region.dept.name in html and region.county_dept.name in html
    assert "1 条" in html


def test_body_page_shows_tree_without_hidden_columns(client, region, publish):
    publish(title="教育局公开信息一")
    hidden = CatalogColumn.objects.filter(organization=region.dept).exclude(pk=region.column.pk).first()
    hidden.is_hidden = True
    hidden.name = "隐藏的栏目XYZ"
    hidden.save()
    html = client.get(reverse("portal:body", args=["edu"])).content.decode()
    assert "教育局公开信息一" in html
    assert region.column.name in html
    assert "隐藏的栏目XYZ" not in html
    assert client.get(reverse("portal:column", args=["edu", hidden.code])).status_code == 404


def test_inactive_body_is_not_found_and_not_listed(client, region, publish):
    publish(title="县财政局的信息", county=True)
    region.county_dept.is_active = False
    region.county_dept.save()
    assert client.get(reverse("portal:body", args=["county-finance"])).status_code == 404
    html = client.get(reverse("portal:home")).content.decode()
    assert region.county_dept.name not in html
    assert "县财政局的信息" not in html


def test_column_listing_has_article_12_fields_and_paginates(client, region, publish, make_item):
    for n in range(23):
        make_item(title=f"栏目信息第{n:02d}号", summary=f"概述{n:02d}")
    url = reverse("portal:column", args=["edu", region.column.code])
    html = client.get(url).content.decode()
    for label in ("索引号", "名称", "生成日期", "发布日期", "发文字号"):
        assert f'<th scope="col">{label}</th>' in html
    assert "概述22" in html
    assert "共 23 条" in html
    assert 'rel="next"' in html
    page2 = client.get(url, {"page": 2}).content.decode()
    assert "栏目信息第00号" in page2 and "栏目信息第22号" not in page2


def test_child_column_items_show_in_parent(client, region, make_item):
    parent = region.column
    child = CatalogColumn.objects.create(organization=region.dept, parent=parent, code="0199", name="子栏目")
    make_item(title="子栏目里的信息", column=child)
    html = client.get(reverse("portal:column", args=["edu", parent.code])).content.decode()
    assert "子栏目里的信息" in html
    html = client.get(reverse("portal:column", args=["edu", "0199"])).content.decode()
    assert "子栏目里的信息" in html


def test_catalog_filters_by_class(client, region, make_item):
    topic = Classification.objects.filter(scheme="topic").first()
    genre = Classification.objects.filter(scheme="genre").first()
    make_item(title="有主题分类的信息", topic=topic, genre=genre)
    make_item(title="没有分类的信息")
    html = client.get(reverse("portal:catalog"), {"topic": topic.pk}).content.decode()
    assert "有主题分类的信息" in html and "没有分类的信息" not in html
    assert 'for="id_topic"' in html
    html = client.get(reverse("portal:body_catalog", args=["edu"]), {"genre": genre.pk}).content.decode()
    assert "有主题分类的信息" in html and "没有分类的信息" not in html


def test_item_page_full_metadata(client, region, make_item):
    topic = Classification.objects.filter(scheme="topic").first()
    item = make_item(
        title="关于印发某某办法的通知",
        keywords="教育 招生",
        topic=topic,
        stage="result",
        channels=["website", "gazette"],
        effective_from=item_date(),
    )
    response = client.get(reverse("portal:item", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    for text in (
        item.index_number,
        "测教〔2026〕12号",
        region.dept.name,
        topic.name,
        "教育 招生",
        "有效（自2026-01-01起施行）",
        "主动公开",
        "面向社会",
        "长期公开",
        "结果公开",
        "政府网站、政府公报",
        '<th scope="row">成文日期</th>',
    ):
        assert text in html, text
    assert "各县区教育局" in html


def item_date():
    import datetime as dt

    return dt.date(2026, 1, 1)


def test_item_links_only_to_public_items(client, region, make_item):
    from gongkai.disclosure.services import workflow

    policy = make_item(title="某某政策文件")
    reading = make_item(title="《某某政策文件》政策解读")
    draft = make_item(title="尚未发布的解读稿", state="draft")
    workflow.link_items(actor=region.editor, source=reading, target=policy, kind="interprets")
    workflow.link_items(actor=region.editor, source=draft, target=policy, kind="interprets")
    html = client.get(reverse("portal:item", args=[policy.pk])).content.decode()
    assert "《某某政策文件》政策解读" in html
    assert "尚未发布的解读稿" not in html
    html = client.get(reverse("portal:item", args=[reading.pk])).content.decode()
    assert "解读的政策文件" in html and "某某政策文件" in html


def test_corrected_item_shows_current_version_and_dated_note(client, region, make_item):
    from gongkai.disclosure.services import workflow

    item = make_item(title="原标题甲乙丙", body="<p>原正文内容丁戊己</p>")
    workflow.correct_item(
        actor=region.editor,
        item=item,
        fields={"title": "更正后的标题", "body": "<p>更正后的正文</p>"},
        note="发文字号有误，予以更正",
    )
    html = client.get(reverse("portal:item", args=[item.pk])).content.decode()
    assert "更正后的标题" in html and "更正后的正文" in html
    assert "原标题甲乙丙" not in html and "原正文内容丁戊己" not in html
    assert "发文字号有误，予以更正" in html
    assert "更正" in html


def test_guides_render_from_body_data(client, region):
    dept = region.dept
    dept.functions = "负责全市教育工作。"
    dept.address = "测试市人民路1号"
    dept.office_hours = "工作日 9:00—17:00"
    dept.phone = "0557-1234567"
    dept.fax = "0557-7654321"
    dept.email = "gk@example.org"
    dept.website = "https://edu.example.org/"
    dept.disclosure_office = "办公室"
    dept.disclosure_office_head = "张三"
    dept.reading_room = "市档案馆查阅中心"
    dept.save()
    html = client.get(reverse("portal:body_guide", args=["edu"])).content.decode()
    for text in (
        "负责全市教育工作。",
        "测试市人民路1号",
        "工作日 9:00—17:00",
        "0557-1234567",
        "0557-7654321",
        "gk@example.org",
        "https://edu.example.org/",
        "张三",
        "市档案馆查阅中心",
        "20个工作日内予以公开",
        "第二十七条",
        "第三十三条",
        "行政复议",
        "行政诉讼",
        region.column.name,
        region.office.name,  # the competent authority
    ):
        assert text in html, text
    assert h1_count(html) == 1
    # Kept current: a change of the record shows at once (the guide is rendered, never stored).
    dept.phone = "0557-0000000"
    dept.save()
    from gongkai.core.public_changes import bump_public_version

    bump_public_version()
    assert "0557-0000000" in client.get(reverse("portal:body_guide", args=["edu"])).content.decode()


def test_region_guide_lists_every_body(client, region):
    html = client.get(reverse("portal:guide_region")).content.decode()
    assert region.city.name in html
    assert reverse("portal:body_guide", args=["county-finance"]) in html
    assert h1_count(html) == 1


def test_english_interface(client, region):
    response = client.get(reverse("portal:home"), headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Latest disclosures" in html and "Disclosure guide" in html
    html = client.get(reverse("portal:body_guide", args=["edu"]), headers={"accept-language": "en"}).content
    assert "Disclosure on request" in html.decode() and "Article 33" in html.decode()
    zh = client.get(reverse("portal:home"), headers={"accept-language": "zh-hans"}).content.decode()
    assert "最新公开信息" in zh


def test_item_in_hidden_column_still_renders(client, region, make_item):
    item = make_item(title="隐藏栏目里的公开信息")
    column = region.column
    column.is_hidden = True
    column.save()
    response = client.get(reverse("portal:item", args=[item.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "隐藏栏目里的公开信息" in html
    assert reverse("portal:column", args=["edu", column.code]) not in html


def test_listing_count_is_capped(client, region, make_item, monkeypatch):
    from gongkai.portal import selectors

    monkeypatch.setattr(selectors, "LISTING_CAP", 3)
    monkeypatch.setattr(selectors, "LISTING_PAGE_SIZE", 2)
    for n in range(5):
        make_item(title=f"信息{n}")
    html = client.get(reverse("portal:body_catalog", args=["edu"])).content.decode()
    assert "超过 3 条" in html
    # Only the pages within the cap exist; a deeper page number shows the last one.
    html = client.get(reverse("portal:body_catalog", args=["edu"]), {"page": 9}).content.decode()
    assert "信息2" in html and "信息0" not in html


def test_unknown_pages_are_404(client, region):
    assert client.get("/no-such-body/").status_code == 404
    assert client.get(reverse("portal:item", args=[999999])).status_code == 404
    assert client.get(reverse("portal:column", args=["edu", "zz"])).status_code == 404


def test_breakable_index_number_is_escaped():
    from gongkai.portal.templatetags.portal import breakable

    assert breakable("11441700007280420Y/2021-00050") == "11441700007280420Y/<wbr>2021-00050"
    assert breakable("<b>/x") == "&lt;b&gt;/<wbr>x"
    assert breakable(None) == ""
