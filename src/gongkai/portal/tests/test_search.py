"""Portal search: Chinese words (2-character words inside longer words), filters, order, paging."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from gongkai.disclosure.models import Classification

pytestmark = pytest.mark.django_db


def search(client, **params):
    return client.get(reverse("portal:search"), params).content.decode()


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("2026年部门预算公开说明", "预算"),
        ("2026年部门预算公开说明", "公开"),
        ("关于印发精准扶贫工作实施方案的通知", "扶贫"),
        ("测试市教育局政府信息公开工作年度报告", "年度报告"),
    ],
)
def test_two_character_words_inside_longer_words(client, publish, title, word):
    item = publish(title=title, summary="", body="<p>无关正文。</p>")
    html = search(client, q=word)
    assert f"/items/{item.pk}/" in html
    assert f"<mark>{word}</mark>" in html


def test_body_and_attachment_text_are_searched_and_highlighted(client, region, make_item, index):
    from gongkai.disclosure.services import workflow
    from gongkai.secrecy.tests.files import docx_with

    item = make_item(state="draft", title="一条普通的通知", body="<p>本通知涉及义务教育阶段的招生计划。</p>")
    workflow.add_attachment(
        actor=region.editor, item=item, data=docx_with("附表：各学校招生名额分配表"), filename="名额.docx"
    )
    workflow.submit_item(actor=region.editor, item=item)
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    workflow.sign_item(actor=region.signer, item=item)
    index()
    html = search(client, q="招生计划")
    assert f"/items/{item.pk}/" in html and "<mark>招生</mark>" in html
    html = search(client, q="名额分配")
    assert f"/items/{item.pk}/" in html


def test_snippets_are_escaped(client, publish):
    item = publish(title="关于<script>测试</script>预算的说明", body="<p>预算 &lt;b&gt;不加粗&lt;/b&gt;</p>")
    html = search(client, q="预算")
    assert f"/items/{item.pk}/" in html
    assert "<script>测试" not in html
    assert "&lt;script&gt;" in html


def test_filters_body_class_dates_docno_validity(client, region, publish, today):
    topic = Classification.objects.filter(scheme="topic").first()
    a = publish(title="财政预算公开甲", topic=topic, document_number="测财〔2026〕1号")
    b = publish(title="财政预算公开乙", county=True, document_number="县财〔2026〕2号")
    c = publish(
        title="财政预算公开丙",
        validity="abolished",
        validity_changed_on=today,
        document_number="测财〔2025〕9号",
    )

    def found(**params):
        html = search(client, q="预算", **params)
        return {i.pk for i in (a, b, c) if f"/items/{i.pk}/" in html}

    assert found() == {a.pk, b.pk, c.pk}
    assert found(body=region.county_dept.pk) == {b.pk}
    assert found(topic=topic.pk) == {a.pk}
    assert found(docno="测财〔2026〕") == {a.pk}
    assert found(docno="测财[2026]1号") == {a.pk}  # brackets normalized
    assert found(validity="abolished") == {c.pk}
    assert found(validity=["valid"]) == {a.pk, b.pk}
    assert found(date_from=(today + dt.timedelta(days=1)).isoformat()) == set()
    assert found(date_from=today.isoformat(), date_to=today.isoformat()) == {a.pk, b.pk, c.pk}


def test_filter_by_column_on_body_search(client, region, publish, make_item, index):
    from gongkai.disclosure.models import CatalogColumn

    other = CatalogColumn.objects.filter(organization=region.dept, parent=None).exclude(pk=region.column.pk)[
        0
    ]
    a = publish(title="栏目一的预算说明")
    b = make_item(title="栏目二的预算说明", column=other)
    index()
    url = reverse("portal:body_search", args=["edu"])
    html = client.get(url, {"q": "预算", "column": other.pk}).content.decode()
    assert f"/items/{b.pk}/" in html and f"/items/{a.pk}/" not in html
    assert 'for="id_column"' in html
    # Per-body search never shows another body's items.
    c = publish(title="县里的预算说明", county=True)
    html = client.get(url, {"q": "预算"}).content.decode()
    assert f"/items/{c.pk}/" not in html and f"/items/{a.pk}/" in html


def test_order_by_date_and_pagination(client, region, make_item, index):
    from django.utils import timezone

    from gongkai.disclosure.models import Item
    from gongkai.search.outbox import enqueue

    items = [make_item(title=f"第{n}份预算说明") for n in range(25)]
    now = timezone.now()
    for n, item in enumerate(items):  # item n published n days after item 0
        Item.objects.filter(pk=item.pk).update(published_at=now - dt.timedelta(days=30 - n))
    enqueue([i.pk for i in items])
    index()
    html = search(client, q="预算", order="date")
    assert html.index(f"/items/{items[-1].pk}/") < html.index(f"/items/{items[-2].pk}/")
    assert "共找到 25 条结果" in html
    assert 'rel="next"' in html and "order=date" in html
    page2 = search(client, q="预算", order="date", page=2)
    assert f"/items/{items[0].pk}/" in page2
    assert f"/items/{items[-1].pk}/" not in page2


def test_every_filter_control_has_a_label(client, region):
    import re

    html = client.get(reverse("portal:body_search", args=["edu"]), {"q": "x"}).content.decode()
    form = html[html.index('class="filters search-form"') :]
    form = form[: form.index("</form>")]
    for control_id in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', form):
        assert f'for="{control_id}"' in form, control_id


def test_index_unavailable_gives_a_clear_message(client, region, publish, settings, tmp_path):
    publish(title="预算说明")
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_DIR": tmp_path / "missing"}
    response = client.get(reverse("portal:search"), {"q": "预算"})
    assert response.status_code == 200
    assert "检索服务暂时不可用" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_empty_search_page_shows_form_only(client, region):
    html = search(client)
    assert "检索条件" in html and "共找到" not in html


def test_the_body_filter_follows_a_renamed_or_closed_body(client, region, django_capture_on_commit_callbacks):
    """The body options are kept between searches, and drawn again when a body is renamed (its
    REGION_BODIES tag) or switched off (the global public version)."""
    from gongkai.accounts.models import User
    from gongkai.orgs.services import update_organization

    root = User.objects.create_superuser("root", password="Root-gongkai-2026")
    dept = region.dept
    assert f'<option value="{dept.pk}">{dept.name}</option>' in search(client)
    with django_capture_on_commit_callbacks(execute=True):  # the purge runs once the change commits
        update_organization(actor=root, organization=dept, fields={"name": "测试市教育和体育局"})
    assert f'<option value="{dept.pk}">测试市教育和体育局</option>' in search(client)
    with django_capture_on_commit_callbacks(execute=True):
        update_organization(actor=root, organization=dept, fields={"is_active": False})
    bodies = re.search(r'<select[^>]*name="body"[^>]*>.*?</select>', search(client), re.S)
    assert bodies is not None and f'<option value="{dept.pk}">' not in bodies.group(0)
