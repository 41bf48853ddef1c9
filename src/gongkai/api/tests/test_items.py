"""GET /api/v1/items and /api/v1/items/{id}: the public catalog and item pages (docs/SPEC.md §2.1, §3)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import timezone

from gongkai.api.tests.helpers import PDF_BYTES, get_json
from gongkai.disclosure.models import CatalogColumn, Classification, Item
from gongkai.disclosure.services import workflow
from gongkai.testing import advance_item

pytestmark = pytest.mark.django_db


def _portal_route(url):
    """The portal route an absolute URL of the API leads to (the link must really work)."""
    parts = urlsplit(url)
    # On the configured site address (GONGKAI_SITE_URL), never the request's host.
    assert (parts.scheme, parts.netloc) == ("http", "127.0.0.1:8000"), url
    return resolve(parts.path)


def _ids(data):
    return [r["id"] for r in data["results"]]


def test_catalog_row_has_the_fields_of_article_12(client, make_item):
    """2019 条例 第十二条: the catalog shows at least 索引号, 名称, 内容概述, 生成日期."""
    item = make_item()
    data = get_json(client, "/api/v1/items")
    assert data["count"] == 1
    row = data["results"][0]
    assert row["id"] == item.pk
    assert row["index_number"] == item.index_number
    assert row["title"] == item.title
    assert row["summary"] == item.summary
    assert row["date_formed"] == item.date_formed.isoformat()
    assert row["document_number"] == "测教〔2026〕12号"
    assert row["organization"] == {"id": item.organization_id, "slug": "edu", "name": "测试市教育局"}
    assert row["column"]["id"] == item.column_id
    assert row["published_date"] == item.published_date.isoformat()
    assert row["validity"] == "valid" and row["validity_label"] == "有效"
    assert set(row["classes"]) == {"topic", "genre", "audience", "combined"}
    match = _portal_route(row["url"])
    assert (match.view_name, match.kwargs) == ("portal:item", {"pk": item.pk})


def test_newest_first(client, make_item):
    a, b, c = make_item(title="甲通知"), make_item(title="乙通知"), make_item(title="丙通知")
    now = timezone.now()
    Item.objects.filter(pk=a.pk).update(published_at=now - dt.timedelta(days=1))
    Item.objects.filter(pk=b.pk).update(published_at=now - dt.timedelta(days=3))
    Item.objects.filter(pk=c.pk).update(published_at=now - dt.timedelta(days=2))
    assert _ids(get_json(client, "/api/v1/items")) == [a.pk, c.pk, b.pk]


def test_filter_by_organization_slug_or_id_and_subordinates(client, region, make_item):
    city_item = make_item()
    county_item = make_item(county=True)
    assert _ids(get_json(client, "/api/v1/items?organization=edu")) == [city_item.pk]
    assert _ids(get_json(client, f"/api/v1/items?organization={region.county_dept.pk}")) == [county_item.pk]
    assert _ids(get_json(client, "/api/v1/items?organization=county")) == []
    below = get_json(client, "/api/v1/items?organization=county&include_subordinates=true")
    assert _ids(below) == [county_item.pk]
    assert set(_ids(get_json(client, "/api/v1/items?organization=city&include_subordinates=1"))) == {
        city_item.pk,
        county_item.pk,
    }


def test_unknown_or_inactive_organization_is_a_clear_422(client, region):
    data = get_json(client, "/api/v1/items?organization=nowhere", status=422)
    assert data["detail"] == "没有找到机构“nowhere”。"
    assert data["errors"] == [{"field": "organization", "message": "没有找到机构“nowhere”。"}]
    region.dept.is_active = False
    region.dept.save()
    get_json(client, "/api/v1/items?organization=edu", status=422)


def _in_column(region, make_item, column, title, also_in=()):
    # make_item() always uses the region's first column; move the draft before publishing.
    item = make_item(state="draft", title=title)
    workflow.update_item(actor=region.editor, item=item, fields={"column": column})
    if also_in:
        workflow.set_cross_listing(actor=region.editor, item=item, columns=also_in)
    return advance_item(region=region, item=item)


def test_filter_by_column_includes_sub_columns_and_cross_listing(client, region, make_item):
    parent = region.column
    child = CatalogColumn.objects.create(organization=region.dept, parent=parent, code="0101", name="规章")
    other = CatalogColumn.objects.filter(organization=region.dept, parent=None).exclude(pk=parent.pk).first()
    in_parent = make_item(title="父栏目信息")
    in_child = _in_column(region, make_item, child, "子栏目信息")
    elsewhere = _in_column(region, make_item, other, "别的栏目信息")
    cross = _in_column(region, make_item, other, "同时列入信息", also_in=[child])
    got = set(_ids(get_json(client, f"/api/v1/items?column={parent.pk}")))
    assert got == {in_parent.pk, in_child.pk, cross.pk}
    assert set(_ids(get_json(client, f"/api/v1/items?column={other.pk}"))) == {elsewhere.pk, cross.pk}
    get_json(client, "/api/v1/items?column=999999", status=422)


def test_filter_by_class_codes(client, make_item):
    topic = Classification.objects.get(scheme="topic", code="10")
    genre = Classification.objects.get(scheme="genre", code="03")
    audience = Classification.objects.filter(scheme="audience").first()
    tagged = make_item(topic=topic, genre=genre, audience=audience)
    make_item(title="未分类信息")
    assert _ids(get_json(client, "/api/v1/items?topic=10")) == [tagged.pk]
    assert _ids(get_json(client, "/api/v1/items?genre=03&topic=10")) == [tagged.pk]
    assert _ids(get_json(client, f"/api/v1/items?audience={audience.code}")) == [tagged.pk]
    assert _ids(get_json(client, "/api/v1/items?genre=02")) == []
    row = get_json(client, "/api/v1/items?topic=10")["results"][0]
    assert row["classes"]["topic"] == {"code": "10", "name": topic.name}
    assert row["classes"]["genre"] == {"code": "03", "name": genre.name}
    data = get_json(client, "/api/v1/items?topic=zz", status=422)
    assert data["detail"] == "没有代码为“zz”的主题分类。"


def test_filter_by_validity(client, make_item, today):
    valid = make_item()
    expired = make_item(validity="expired", validity_changed_on=today)
    assert _ids(get_json(client, "/api/v1/items?validity=valid")) == [valid.pk]
    assert _ids(get_json(client, "/api/v1/items?validity=expired")) == [expired.pk]
    data = get_json(client, "/api/v1/items?validity=bogus", status=422)
    assert data["errors"][0]["field"] == "validity"
    assert "可选值" in data["errors"][0]["message"]


def test_filter_by_published_date_range(client, make_item):
    old, new = make_item(title="旧信息"), make_item(title="新信息")
    tz = timezone.get_current_timezone()
    Item.objects.filter(pk=old.pk).update(published_at=dt.datetime(2024, 3, 10, 9, tzinfo=tz))
    Item.objects.filter(pk=new.pk).update(published_at=dt.datetime(2025, 6, 1, 23, 30, tzinfo=tz))
    assert _ids(get_json(client, "/api/v1/items?published_from=2024-03-10&published_to=2024-03-10")) == [
        old.pk
    ]
    assert _ids(get_json(client, "/api/v1/items?published_from=2025-06-01")) == [new.pk]
    assert _ids(get_json(client, "/api/v1/items?published_to=2025-05-31")) == [old.pk]
    data = get_json(client, "/api/v1/items?published_from=2025-01-01&published_to=2024-01-01", status=422)
    assert data["detail"] == "发布日期的起始日期不能晚于截止日期。"
    data = get_json(client, "/api/v1/items?published_from=yesterday", status=422)
    assert data["errors"] == [{"field": "published_from", "message": "必须是日期，格式为 YYYY-MM-DD。"}]


def test_filter_by_document_number(client, make_item):
    a = make_item(document_number="国办发〔2019〕54号")
    make_item(document_number="测教〔2026〕12号")
    assert _ids(get_json(client, "/api/v1/items?document_number=国办发〔2019〕54号")) == [a.pk]
    assert _ids(get_json(client, "/api/v1/items?document_number=国办发")) == [a.pk]
    # Square brackets typed by the visitor match the 〔〕 of the stored number.
    assert _ids(get_json(client, "/api/v1/items?document_number=[2019]54号")) == [a.pk]


def test_page_pagination_and_limits(client, make_item):
    items = [make_item(title=f"第{n}条信息") for n in range(3)]
    first = get_json(client, "/api/v1/items?page_size=2")
    assert first["count"] == 3 and first["num_pages"] == 2 and len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].startswith("http://127.0.0.1:8000/api/v1/items?") and "page=2" in first["next"]
    second = get_json(client, "/api/v1/items?page_size=2&page=2")
    assert len(second["results"]) == 1 and second["next"] is None and "page=1" in second["previous"]
    assert set(_ids(first) + _ids(second)) == {i.pk for i in items}
    assert get_json(client, "/api/v1/items?page=9")["results"] == []
    assert len(get_json(client, "/api/v1/items?page_size=100")["results"]) == 3


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page_size=101", "page_size", "不能大于 100。"),
        ("page_size=0", "page_size", "不能小于 1。"),
        ("page=0", "page", "不能小于 1。"),
        ("page=abc", "page", "必须是整数。"),
    ],
)
def test_bad_paging_parameters_are_422_in_chinese(client, region, query, field, message):
    data = get_json(client, f"/api/v1/items?{query}", status=422)
    assert data["errors"] == [{"field": field, "message": message}]
    assert data["detail"].startswith("请求参数有误")


def test_detail_has_the_full_metadata_table(client, region, make_item, today):
    topic = Classification.objects.get(scheme="topic", code="10")
    item = make_item(
        topic=topic,
        keywords="义务教育 招生",
        stage="result",
        channels=["website", "gazette"],
        duration="limited",
        public_until=today + dt.timedelta(days=30),
        effective_from=today,
        files=[("招生计划表.pdf", PDF_BYTES)],
    )
    data = get_json(client, f"/api/v1/items/{item.pk}")
    assert data["index_number"] == item.index_number
    assert data["keywords"] == "义务教育 招生"
    assert data["classes"]["topic"] == {"code": "10", "name": topic.name}
    assert data["disclosure_attribute"] == {"code": "active", "label": "主动公开"}
    assert data["scope"] == {"code": "public", "label": "面向社会"}
    assert data["duration"] == {"code": "limited", "label": "限时公开"}
    assert data["public_until"] == (today + dt.timedelta(days=30)).isoformat()
    assert data["effective_from"] == today.isoformat()
    assert data["stage"] == {"code": "result", "label": "结果公开"}
    assert data["channels"] == [
        {"code": "website", "label": "政府网站"},
        {"code": "gazette", "label": "政府公报"},
    ]
    assert data["body_html"] == item.body and data["body_html"].startswith("<p>")
    [attachment] = data["attachments"]
    assert attachment["name"] == "招生计划表.pdf"
    assert attachment["kind"] == "pdf" and attachment["size"] == len(PDF_BYTES)
    match = _portal_route(attachment["url"])
    assert match.view_name == "portal:attachment"
    assert match.kwargs == {"pk": item.pk, "attachment_id": item.attachments.get().pk}
    assert data["links"] == [] and data["correction"] is None
    for staff in ("录入员甲", "审查员乙", "签发人丙", "author", "reviewer", "signer", "state"):
        assert staff not in data
        assert staff not in str(data.values())


def test_detail_shows_the_correction_note_and_only_the_current_version(client, region, make_item):
    item = make_item(title="关于调整招生范围的通知（旧稿）")
    workflow.correct_item(
        actor=region.editor, item=item, fields={"title": "关于调整招生范围的通知"}, note="更正标题中的错字"
    )
    data = get_json(client, f"/api/v1/items/{item.pk}")
    assert data["title"] == "关于调整招生范围的通知"
    assert data["correction"]["note"] == "更正标题中的错字"
    assert data["correction"]["corrected_at"]
    assert "旧稿" not in str(data)


def test_detail_links_only_to_public_items(client, region, make_item):
    policy = make_item(title="关于印发招生办法的通知")
    reading = make_item(title="《招生办法》政策解读")
    withdrawn = make_item(title="将被撤回的旧办法")
    workflow.link_items(actor=region.editor, source=reading, target=policy, kind="interprets")
    workflow.link_items(actor=region.editor, source=policy, target=withdrawn, kind="replaces")
    workflow.withdraw_item(actor=region.signer, item=withdrawn, reason="错误发布")
    data = get_json(client, f"/api/v1/items/{policy.pk}")
    assert data["links"] == [
        {
            "kind": "interprets",
            "direction": "incoming",
            "label": "政策解读",
            "id": reading.pk,
            "index_number": reading.index_number,
            "title": "《招生办法》政策解读",
            "url": data["links"][0]["url"],
        }
    ]
    outgoing = get_json(client, f"/api/v1/items/{reading.pk}")["links"]
    assert [(x["direction"], x["label"], x["id"]) for x in outgoing] == [
        ("outgoing", "所解读的文件", policy.pk)
    ]


def test_detail_of_missing_item_is_404_in_chinese(client, region, make_item):
    draft = make_item(state="draft")
    for pk in (draft.pk, 999999):
        assert get_json(client, f"/api/v1/items/{pk}", status=404) == {"detail": "未找到该信息", "errors": []}
    assert get_json(client, "/api/v1/items/abc", status=404)["detail"]
