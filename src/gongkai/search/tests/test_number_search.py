"""A 发文字号 or an 索引号 typed in the portal's search box: straight to the item when one public
item has it, listed first when several do, never a hidden item."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.disclosure.services import workflow
from gongkai.search.indexer import find_public_by_number

pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get(reverse("portal:search"), params)


@pytest.mark.parametrize(
    "typed",
    [
        "宿教〔2026〕52号",
        "宿教[2026]52号",
        "宿教(2026)第52号",
        "宿教【2026】52号",
        "宿教［2026］ 52 号",
        "宿教2026年52号",
    ],
)
def test_a_doc_number_typed_any_way_goes_straight_to_the_item(client, make_item, index, typed):
    item = make_item(document_number="宿教〔2026〕52号", title="关于秋季学期招生工作的通知")
    make_item(document_number="宿教〔2026〕5号", title="另一条通知")
    index()
    response = get(client, q=typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:item", args=[item.pk])


def test_an_index_number_goes_straight_to_the_item(client, make_item, index):
    item = make_item(document_number="")
    index()
    typed = item.index_number.lower().replace("-", " － ")
    response = get(client, q=typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:item", args=[item.pk])


def test_found_before_the_index_has_it(client, make_item):
    """The database is asked too: an item published a moment ago (outbox not drained) is found."""
    item = make_item(document_number="宿教〔2026〕61号")
    response = get(client, q="宿教[2026]61号")
    assert response.status_code == 302 and response["Location"].endswith(f"/items/{item.pk}/")


def test_several_matches_are_listed_first_the_exact_spelling_first(client, make_item, index):
    older = make_item(document_number="宿教[2026]70号", title="通知甲：甲乙丙")
    exact = make_item(document_number="宿教〔2026〕70号", title="通知乙：甲乙丙")
    index()
    assert [i.pk for i in find_public_by_number("宿教〔2026〕70号")] == [exact.pk, older.pk]
    assert [i.pk for i in find_public_by_number("宿教[2026]70号")] == [older.pk, exact.pk]
    response = get(client, q="宿教〔2026〕70号")
    assert response.status_code == 200
    html = response.content.decode()
    listed = html.index('class="number-matches"')
    assert html.index(f"/items/{exact.pk}/", listed) < html.index(f"/items/{older.pk}/", listed)
    assert "发文字号或索引号为“宿教〔2026〕70号”的信息（2 条）" in html


@pytest.mark.parametrize("state", ["draft", "review", "signoff", "withdrawn"])
def test_a_hidden_item_is_never_redirected_to(client, make_item, index, state):
    hidden = make_item(state=state, document_number="宿教〔2026〕88号", title="关于某事项的通知")
    index()
    assert find_public_by_number("宿教〔2026〕88号") == []
    response = get(client, q="宿教〔2026〕88号")
    assert response.status_code == 200
    assert f"/items/{hidden.pk}/" not in response.content.decode()
    if hidden.index_number:  # withdrawn: it had a number once
        response = get(client, q=hidden.index_number)
        assert response.status_code == 200
        assert f"/items/{hidden.pk}/" not in response.content.decode()


def test_an_item_that_stops_being_public_is_no_longer_redirected_to(client, region, make_item, index):
    item = make_item(document_number="宿教〔2026〕90号")
    index()
    assert get(client, q="宿教〔2026〕90号").status_code == 302
    workflow.withdraw_item(actor=region.signer, item=item, reason="信息有误")
    # The index still holds it until the outbox is drained: the database check keeps it out.
    assert get(client, q="宿教〔2026〕90号").status_code == 200


def test_a_body_search_looks_in_that_body_only(client, region, make_item, index):
    item = make_item(document_number="宿教〔2026〕93号")
    index()
    response = client.get(reverse("portal:body_search", args=[region.dept.slug]), {"q": "宿教〔2026〕93号"})
    assert response.status_code == 302 and response["Location"].endswith(f"/items/{item.pk}/")
    response = client.get(reverse("portal:body_search", args=[region.city.slug]), {"q": "宿教〔2026〕93号"})
    assert response.status_code == 200


def test_filters_or_later_pages_search_the_text(client, make_item, index):
    make_item(document_number="宿教〔2026〕95号")
    index()
    assert get(client, q="宿教〔2026〕95号", page=1).status_code == 200
    assert get(client, q="宿教〔2026〕95号", validity="valid").status_code == 200


def test_ordinary_words_search_as_before(client, make_item, index):
    item = make_item(title="关于宿教工作的通知")
    index()
    response = get(client, q="宿教")
    assert response.status_code == 200 and f"/items/{item.pk}/" in response.content.decode()
