"""Every screen renders for the role it is for (and login is required everywhere)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.disclosure.models import ItemState

pytestmark = pytest.mark.django_db


def test_login_page_is_accessible_form(client):
    response = client.get(reverse("backoffice:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert "<h1>" in html


def test_login_and_logout(client, region):
    region.editor.set_password("Zhengwu-gongkai-2026")
    region.editor.save()
    response = client.post(
        reverse("backoffice:login"), {"username": "editor", "password": "Zhengwu-gongkai-2026"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:inbox")
    assert client.get(reverse("backoffice:inbox")).status_code == 200
    client.post(reverse("backoffice:logout"))
    assert client.get(reverse("backoffice:inbox")).status_code == 302


def test_wrong_password_shows_error(client, region):
    response = client.post(reverse("backoffice:login"), {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["inbox", "items", "item_new", "catalog", "people", "filings", "timeliness"],
)
def test_anonymous_is_sent_to_login(client, region, name):
    response = client.get(reverse(f"backoffice:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


def test_inbox_shows_counts_and_lists(client, region, make_item):
    make_item(state=ItemState.REVIEW, title="待审查的通知")
    make_item(state=ItemState.DRAFT, title="我的草稿通知")
    response = login(client, region.reviewer).get(reverse("backoffice:inbox"))
    assert response.status_code == 200
    assert "待审查的通知" in response.content.decode()
    assert response.context["counts"]["disclosure.to_review"] == 1
    response = login(client, region.editor).get(reverse("backoffice:inbox"))
    assert "我的草稿通知" in response.content.decode()
    assert response.context["counts"]["disclosure.my_drafts"] == 1


def test_inbox_shows_items_near_the_limit_with_days_left(client, region, make_item, today):
    import datetime as dt

    make_item(state=ItemState.DRAFT, title="快到期的草稿", date_formed=today - dt.timedelta(days=40))
    response = login(client, region.editor).get(reverse("backoffice:inbox"))
    assert response.context["counts"]["disclosure.near_limit"] == 1
    assert "已超期" in text_of(response)


def test_item_list_and_detail_render_for_editor(client, region, make_item):
    item = make_item()
    login(client, region.editor)
    response = client.get(reverse("backoffice:items"))
    assert response.status_code == 200 and item.title in response.content.decode()
    response = client.get(reverse("backoffice:item", args=[item.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert item.index_number in page
    assert "办理记录" in page and "发布" in page and "历史版本" in page


def test_item_list_filters(client, region, make_item):
    make_item(state=ItemState.DRAFT, title="甲通知")
    make_item(state=ItemState.REVIEW, title="乙通知")
    login(client, region.editor)
    page = client.get(reverse("backoffice:items"), {"state": "review"}).content.decode()
    assert "乙通知" in page and "甲通知" not in page
    page = client.get(reverse("backoffice:items"), {"q": "甲"}).content.decode()
    assert "甲通知" in page and "乙通知" not in page


def test_item_list_paginates(client, region, make_item):
    for n in range(23):
        make_item(state=ItemState.DRAFT, title=f"分页测试{n:02d}")
    login(client, region.editor)
    response = client.get(reverse("backoffice:items"))
    assert len(response.context["rows"]) == 20
    response = client.get(reverse("backoffice:items"), {"page": 2})
    assert len(response.context["rows"]) == 3


def test_catalog_people_filings_timeliness_render(client, region, make_item):
    make_item()
    login(client, region.admin)
    assert "栏目" in text_of(client.get(reverse("backoffice:catalog")))
    response = client.get(reverse("backoffice:people"))
    assert response.status_code == 200 and "录入员甲" in response.content.decode()
    assert client.get(reverse("backoffice:org_contact", args=[region.dept.pk])).status_code == 200
    assert client.get(reverse("backoffice:org_signoff", args=[region.dept.pk])).status_code == 200
    assert client.get(reverse("backoffice:people_user_new", args=[region.dept.pk])).status_code == 200
    login(client, region.supervisor)
    assert client.get(reverse("backoffice:filings")).status_code == 200
    response = client.get(reverse("backoffice:timeliness"))
    assert response.status_code == 200 and "测试市教育局" in response.content.decode()


def test_people_page_for_non_admin_explains(client, region):
    response = login(client, region.editor).get(reverse("backoffice:people"))
    assert response.status_code == 200
    assert "您不是任何机构的机构管理员" in text_of(response)
