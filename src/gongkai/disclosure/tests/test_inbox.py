"""主动公开's part of "我的工作" (``gongkai.disclosure.inbox``): each role's queues, their scope,
and counts equal to the rows of the list each entry links to (the item list's ``?work=``, the
filings' ``?status=to_acknowledge``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.disclosure.inbox import WORK_QUEUES, entries
from gongkai.disclosure.models import ItemState
from gongkai.disclosure.services import workflow

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)  # a Monday


def by_key(user: Any) -> dict[str, Any]:
    return {e.key.removeprefix("disclosure."): e for e in entries(user, TODAY)}


def listed(client: Client, user: Any, url: str) -> list[str]:
    """The titles the list at ``url`` shows ``user`` (one page is enough here)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context["page_obj"]
    assert page.paginator.num_pages == 1
    return sorted(getattr(o, "title", None) or o.item.title for o in page.object_list)


@pytest.fixture
def items(region: Any, make_item: Any, clock: Any) -> dict[str, Any]:
    clock.set(TODAY)
    made = {
        "review": make_item(state=ItemState.REVIEW, title="待审查的信息"),
        "sign": make_item(state=ItemState.SIGNOFF, title="待签发的信息"),
        "returned": make_item(state=ItemState.RETURNED, title="被退回的信息"),
        "draft": make_item(state=ItemState.DRAFT, title="我的草稿", date_formed=dt.date(2026, 11, 12)),
        # 第二十六条: formed on 22 October, due on 19 November, 3 working days left (warning at 5).
        "near": make_item(state=ItemState.DRAFT, title="快到期的草稿", date_formed=dt.date(2026, 10, 22)),
        "county": make_item(state=ItemState.REVIEW, title="县里的送审稿", county=True),
        "referred": make_item(state=ItemState.REVIEW, title="呈报审定的信息", county=True),
        "exempt": make_item(
            title="不予公开的信息",
            disclosure_attribute="exempt",
            exemption_reason="third_party",
            exemption_explanation="涉及第三方商业秘密",
        ),
    }
    workflow.review_item(
        actor=region.county_reviewer, item=made["referred"], conclusion="refer", opinion="请主管部门审定"
    )
    return made


def check_links(client: Client, user: Any, mine: dict[str, Any]) -> None:
    """Every count is what the linked list shows; every row's link answers."""
    for entry in mine.values():
        assert len(listed(client, user, entry.url)) == entry.count, entry.key
        for _label, url, _note in entry.rows:
            assert client.get(url).status_code == 200, url


def test_reviewer_has_the_drafts_to_review_of_their_body_only(region, items, client) -> None:
    mine = by_key(region.reviewer)
    assert [r[0] for r in mine["to_review"].rows] == ["待审查的信息"]
    assert mine["to_review"].rows[0][1] == reverse("backoffice:item_review", args=[items["review"].pk])
    check_links(client, region.reviewer, mine)
    county = by_key(region.county_reviewer)
    assert [r[0] for r in county["to_review"].rows] == ["县里的送审稿", "呈报审定的信息"]


def test_signer_has_the_items_at_their_step(region, items, client) -> None:
    mine = by_key(region.signer)
    assert [r[0] for r in mine["to_sign"].rows] == ["待签发的信息"]
    assert mine["to_sign"].rows[0][1] == reverse("backoffice:item_sign", args=[items["sign"].pk])
    check_links(client, region.signer, mine)
    assert by_key(region.county_signer)["to_sign"].count == 0


def test_editor_has_returned_items_drafts_and_the_near_limit(region, items, client) -> None:
    mine = by_key(region.editor)
    assert [r[0] for r in mine["returned"].rows] == ["被退回的信息"]
    assert "退回理由：请补充发文字号" in mine["returned"].rows[0][2]
    assert sorted(r[0] for r in mine["my_drafts"].rows) == sorted(["我的草稿", "快到期的草稿"])
    assert [r[0] for r in mine["near_limit"].rows] == ["快到期的草稿"] and mine["near_limit"].urgent
    assert "剩余3个工作日" in mine["near_limit"].rows[0][2]
    check_links(client, region.editor, mine)
    # The county editor's inbox has nothing of the city's.
    assert all(e.count == 0 for e in entries(region.county_editor, TODAY))


def test_supervisor_has_referred_items_and_filings_to_acknowledge(region, items, client) -> None:
    mine = by_key(region.supervisor)
    assert [r[0] for r in mine["referred"].rows] == ["呈报审定的信息"]
    assert [r[0] for r in mine["filings"].rows] == ["不予公开的信息"]
    check_links(client, region.supervisor, mine)
    workflow.acknowledge_filing(actor=region.supervisor, filing=items["exempt"].filing)
    assert by_key(region.supervisor)["filings"].count == 0
    # Nobody else is asked to acknowledge it.
    assert "filings" not in by_key(region.editor)


def test_people_without_these_roles_have_no_entries(region, items) -> None:
    assert list(entries(region.outsider, TODAY)) == []


def test_the_item_list_refuses_an_unknown_queue(region, client) -> None:
    client.force_login(region.editor)
    response = client.get(f"{reverse('backoffice:items')}?work=nonsense")
    assert response.status_code == 400 and "work" in response.context["form"].errors
    assert set(WORK_QUEUES) >= {"to_review", "to_sign", "returned", "near_limit", "referred", "my_drafts"}
