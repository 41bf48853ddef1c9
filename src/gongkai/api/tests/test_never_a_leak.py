"""Never a leak (docs/SPEC.md §2.1, §3): nothing that is not published 主动公开 to the public ever appears in
any answer of the public API — not in lists, details, links, search, nor as an earlier version —
and no staff member's name or internal reason does either."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.api.tests.helpers import PDF_BYTES
from gongkai.disclosure.models import Item
from gongkai.disclosure.services import workflow
from gongkai.search import indexer
from gongkai.search.engine import SearchQuery
from gongkai.search.indexer import drain_outbox, item_to_doc

pytestmark = pytest.mark.django_db

CONTROL = "gkpubliccontrol"
STAFF = ["录入员甲", "审查员乙", "签发人丙", "局长丁", "县录入员", "县审查员", "县签发人", "请补充发文字号"]


def _fields(marker: str, **extra):
    return {
        "title": f"关于{marker}工作的通知",
        "summary": f"{marker} 内容概述",
        "body": f"<p>{marker} 正文</p>",
        "keywords": marker,
        **extra,
    }


@pytest.fixture
def world(region, make_item, today):
    """One public control and one item in every state the public may not see, each with a marker."""
    hidden: dict[str, Item] = {}
    for state in ("draft", "review", "signoff", "returned", "withdrawn"):
        hidden[state] = make_item(state=state, **_fields(f"gkleak{state}"))
    hidden["on_request"] = make_item(disclosure_attribute="on_request", **_fields("gkleakonrequest"))
    hidden["exempt"] = make_item(
        disclosure_attribute="exempt",
        exemption_reason="third_party",
        exemption_explanation="gkleakexemptreason",
        **_fields("gkleakexempt"),
    )
    hidden["internal"] = make_item(scope="internal", **_fields("gkleakinternal"))
    hidden["specific"] = make_item(scope="specific", **_fields("gkleakspecific"))
    # validate_item accepts an end date in the past; public() hides the item from the day after.
    hidden["expired_limited"] = make_item(
        duration="limited", public_until=today - dt.timedelta(days=1), **_fields("gkleakexpiredlimited")
    )
    # A withdrawn item that had an attachment and a withdrawal reason.
    attached = make_item(files=[("gkleakfile.pdf", PDF_BYTES)], **_fields("gkleakattached"))
    hidden["attached"] = workflow.withdraw_item(
        actor=region.signer, item=attached, reason="gkleakwithdrawreason"
    )
    # An item of a body that was switched off, and the body itself.
    hidden["inactive_org"] = make_item(county=True, **_fields("gkleakinactiveorg"))
    region.county_dept.name = "gkleakinactivebody"
    region.county_dept.is_active = False
    region.county_dept.save()

    control = make_item(**_fields(CONTROL, document_number="测教〔2026〕99号"))
    # The earlier version of a corrected item must be gone from every answer.
    corrected = make_item(**_fields("gkleakoldversion"))
    workflow.correct_item(
        actor=region.editor,
        item=corrected,
        fields={
            "title": "关于更正后工作的通知",
            "summary": "更正后",
            "body": "<p>更正后</p>",
            "keywords": "",
        },
        note="更正错误内容",
    )
    # Links from the public control to items the public may not see.
    for target in ("draft", "withdrawn", "on_request", "exempt", "internal"):
        workflow.link_items(actor=region.editor, source=control, target=hidden[target], kind="replaces")
    return {"hidden": hidden, "control": control, "corrected": corrected}


def _forbidden(world) -> list[str]:
    words = [f"gkleak{k}" for k in ("draft", "review", "signoff", "returned", "withdrawn")]
    words += [
        "gkleakonrequest",
        "gkleakexempt",
        "gkleakinternal",
        "gkleakspecific",
        "gkleakexpiredlimited",
        "gkleakattached",
        "gkleakfile",
        "gkleakwithdrawreason",
        "gkleakinactiveorg",
        "gkleakinactivebody",
        "gkleakoldversion",
        *STAFF,
    ]
    words += [i.index_number for i in world["hidden"].values() if i.index_number]
    return words


def _search_words() -> list[str]:
    return [
        "gkleakdraft",
        "gkleakreview",
        "gkleaksignoff",
        "gkleakreturned",
        "gkleakwithdrawn",
        "gkleakonrequest",
        "gkleakexempt",
        "gkleakinternal",
        "gkleakspecific",
        "gkleakexpiredlimited",
        "gkleakattached",
        "gkleakinactiveorg",
        "gkleakoldversion",
        "通知",
    ]


def _crawl_search(client) -> str:
    out = []
    for word in _search_words():
        for order in ("relevance", "date"):
            response = client.get(f"/api/v1/search?q={word}&order={order}&page_size=50")
            assert response.status_code == 200
            # "q", "words" and the page links echo the visitor's own words: only results count.
            out.append(json.dumps(response.json()["results"], ensure_ascii=False))
    return "\n".join(out)


def _crawl(client, world) -> str:
    out: list[str] = []

    def get(url: str, status: int = 200) -> None:
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        out.append(response.content.decode())

    for url in (
        "/api/v1/",
        "/api/v1/items?page_size=100",
        "/api/v1/items?page_size=100&validity=valid",
        f"/api/v1/items?page_size=100&column={world['control'].column_id}",
        "/api/v1/items?organization=city&include_subordinates=true&page_size=100",
        "/api/v1/organizations?page_size=100",
        "/api/v1/classifications",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ):
        get(url)
    for slug in ("city", "office", "edu", "county", "county-office"):
        get(f"/api/v1/organizations/{slug}")
    get("/api/v1/organizations/county-finance", status=404)
    get("/api/v1/items?organization=county-finance", status=422)
    for item in Item.objects.all():
        public = item.pk in (world["control"].pk, world["corrected"].pk)
        get(f"/api/v1/items/{item.pk}", status=200 if public else 404)
    drain_outbox()
    out.append(_crawl_search(client))
    return "\n".join(out)


def test_no_endpoint_shows_anything_not_public(client, world):
    text = _crawl(client, world)
    leaks = [w for w in _forbidden(world) if w.lower() in text.lower()]
    assert leaks == []
    # ... while the public control is everywhere it should be.
    assert CONTROL in client.get("/api/v1/items").content.decode()
    assert CONTROL in client.get(f"/api/v1/items/{world['control'].pk}").content.decode()
    hits = client.get(f"/api/v1/search?q={CONTROL}").json()
    assert [h["id"] for h in hits["results"]] == [world["control"].pk]
    listed = client.get("/api/v1/items?page_size=100").json()
    assert {r["id"] for r in listed["results"]} == {world["control"].pk, world["corrected"].pk}


def test_every_hidden_item_detail_is_a_chinese_404(client, world):
    for name, item in world["hidden"].items():
        response = client.get(f"/api/v1/items/{item.pk}")
        assert response.status_code == 404, name
        assert response.json() == {"detail": "未找到该信息", "errors": []}


def test_control_links_only_to_public_items(client, world):
    assert client.get(f"/api/v1/items/{world['control'].pk}").json()["links"] == []


def test_a_stale_search_index_still_leaks_nothing(client, world):
    """Even if the index held every item (a worker that fell behind, a bad rebuild), search answers
    are read from the public queryset only."""
    drain_outbox()
    writer = indexer._writer_engine()
    try:
        writer.upsert(item_to_doc(i) for i in Item.objects.prefetch_related("attachments", "also_in"))
        writer.commit()
    finally:
        writer.close()
    indexer.engine().refresh()
    # The index really does hold the hidden items now, so the test means something.
    assert indexer.engine().search(SearchQuery(text="gkleakdraft")).total == 1
    assert indexer.engine().search(SearchQuery(text="gkleakoldversion")).total == 0  # old text replaced
    text = _crawl_search(client)
    leaks = [w for w in _forbidden(world) if w.lower() in text.lower()]
    assert leaks == []
    assert CONTROL in client.get(f"/api/v1/search?q={CONTROL}").content.decode()
