"""Never a leak (docs/SPEC.md §3; issue point 10).

Items are created in every state the public must never see — each with its own marker words in
the title, the body and an attached DOCX (text and file name) — next to one public control item.
Then every public route of the portal is requested (the list of routes is read from the URL
resolver, so a new route without test parameters fails this module), the feeds, the sitemap,
search for every marker and the attachment URLs of the hidden items. No hidden marker may appear
anywhere; the control's markers must.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gongkai.disclosure.models import (
    CatalogColumn,
    Classification,
    ClassificationScheme,
    Item,
    ItemLink,
    LinkKind,
)
from gongkai.disclosure.services import workflow
from gongkai.portal.tests.leaksweep import Probe, Sweep, fetch_all, strip_echo
from gongkai.reports.tests.samples import make_report
from gongkai.secrecy.tests.files import docx_with

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    name: str
    item: Item
    markers: list[str] = field(default_factory=list)
    attachment_ids: list[int] = field(default_factory=list)


def markers_for(name: str) -> tuple[str, str, str, str]:
    # ASCII words are single tokens for the segmenter, so each marker is searchable on its own.
    return (f"mk{name}title", f"mk{name}body", f"mk{name}file", f"mk{name}fname")


def drive(region: Any, item: Item, state: str) -> Item:
    """Take a draft through the real workflow services to ``state``."""
    if state == "draft":
        return item
    workflow.submit_item(actor=region.editor, item=item)
    if state == "review":
        return item
    if state == "returned":
        workflow.review_item(actor=region.reviewer, item=item, conclusion="return", opinion="请修改")
        return item
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    if state == "signoff":
        return item
    workflow.sign_item(actor=region.signer, item=item)
    item.refresh_from_db()
    return item


def create(region: Any, make_item: Callable[..., Any], name: str, state: str, **fields: Any) -> Case:
    title_m, body_m, file_m, fname_m = markers_for(name)
    county = fields.pop("county", False)
    item = make_item(
        state="draft",
        county=county,
        title=f"关于{title_m}的通知",
        summary=f"概述 {body_m}",
        body=f"<p>正文 {body_m} 内容</p>",
        **fields,
    )
    editor = region.county_editor if county else region.editor
    att = workflow.add_attachment(
        actor=editor, item=item, data=docx_with(f"附件 {file_m} 文本"), filename=f"附件{fname_m}.docx"
    )
    if county:
        workflow.submit_item(actor=region.county_editor, item=item)
        workflow.review_item(actor=region.county_reviewer, item=item, conclusion="pass")
        workflow.sign_item(actor=region.county_signer, item=item)
        item.refresh_from_db()
    else:
        item = drive(region, item, state)
    return Case(name, item, [title_m, body_m, file_m, fname_m], [att.pk])


@pytest.fixture
def world(region: Any, make_item: Callable[..., Any], index: Callable[[], int]) -> dict[str, Any]:
    today = timezone.localdate()
    hidden: list[Case] = [
        create(region, make_item, "draft", "draft"),
        create(region, make_item, "review", "review"),
        create(region, make_item, "signoff", "signoff"),
        create(region, make_item, "returned", "returned"),
        create(region, make_item, "onrequest", "published", disclosure_attribute="on_request"),
        create(
            region,
            make_item,
            "exempt",
            "published",
            disclosure_attribute="exempt",
            exemption_reason="process_info",
            exemption_explanation="过程性信息",
        ),
        create(region, make_item, "internal", "published", scope="internal"),
        create(region, make_item, "specific", "published", scope="specific"),
        create(
            region,
            make_item,
            "expired",
            "published",
            duration="limited",
            public_until=today - dt.timedelta(days=1),
        ),
        create(region, make_item, "inactivebody", "published", county=True),
    ]
    # Withdrawn: published and indexed first, so the index really held it once.
    withdrawn = create(region, make_item, "withdrawn", "published")
    index()
    workflow.withdraw_item(actor=region.signer, item=withdrawn.item, reason="信息有误")
    hidden.append(withdrawn)

    # Corrected: the old title and body are indexed, then replaced; only the new text is public.
    old = create(region, make_item, "corrold", "published")
    index()
    workflow.correct_item(
        actor=region.editor,
        item=old.item,
        fields={
            "title": "关于mkcorrnewtitle的通知",
            "body": "<p>正文 mkcorrnewbody</p>",
            "summary": "新概述",
        },
        note="标题有误，予以更正",
    )
    corrected_old = Case("corrold", old.item, ["mkcorroldtitle", "mkcorroldbody"])

    # Annual reports: one published (the control), one in every state before publication, and a
    # published one of the body switched off below. Years: 2025 published, 2026… hidden.
    make_report(region.dept, 2025, marker="mkrptcontrol")
    hidden_reports = {"mkrptinactive": make_report(region.county_dept, 2025, marker="mkrptinactive")}
    for year, state in enumerate(("draft", "submitted", "returned", "accepted"), start=2026):
        hidden_reports[f"mkrpt{state}"] = make_report(region.dept, year, state=state, marker=f"mkrpt{state}")

    region.county_dept.is_active = False
    region.county_dept.save()

    control = create(region, make_item, "control", "published")
    return {
        "hidden": hidden,
        "corrected_old": corrected_old,
        "corrected": old.item,
        "control": control,
        "withdrawn": withdrawn,
        "hidden_reports": hidden_reports,
    }


# --- every portal route, with the requests that exercise it ---------------------------------------


def portal_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "portal" and p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns, None)
    return names


def probes(world: dict[str, Any], region: Any) -> dict[str, list[Probe]]:
    control: Case = world["control"]
    hidden: list[Case] = world["hidden"]
    column_code = region.column.code
    hidden_column = CatalogColumn.objects.create(
        organization=region.dept, code="98", name="隐藏栏目", is_hidden=True
    )
    all_markers = [m for c in hidden for m in c.markers] + world["corrected_old"].markers
    search_queries = [{"q": m} for m in [*all_markers, *control.markers, "mkcorrnewtitle", "通知"]]
    search_queries += [{"docno": "测教"}, {"q": "通知", "order": "date"}, {"validity": "valid"}]
    # A 发文字号 or 索引号 in the box goes straight to a public item (302), never to a hidden one.
    search_queries += [{"q": "测教〔2026〕12号"}, {"q": "测教[2026]第12号"}]
    search_queries += [{"q": c.item.index_number} for c in hidden if c.item.index_number]
    # 政策解读: the control interprets a withdrawn policy, a draft interprets the control.
    ItemLink.objects.create(source=control.item, target=world["withdrawn"].item, kind=LinkKind.INTERPRETS)
    ItemLink.objects.create(source=hidden[0].item, target=control.item, kind=LinkKind.INTERPRETS)
    topic = Classification.objects.filter(scheme=ClassificationScheme.TOPIC, is_active=True).first()
    assert topic is not None and region.column.template_column_id
    kiosk_items = [Probe([control.item.pk]), Probe([world["corrected"].pk])]
    kiosk_items += [Probe([c.item.pk], status=404) for c in hidden]
    return {
        "home": [Probe([])],
        "catalog": [Probe([]), Probe([], {"page": 2})],
        "guide_region": [Probe([])],
        "search": [Probe([], q) for q in search_queries],
        "feed": [Probe([])],
        "item": [Probe([control.item.pk]), Probe([world["corrected"].pk])]
        + [Probe([c.item.pk], status=404) for c in hidden],
        "attachment": [Probe([control.item.pk, control.attachment_ids[0]])]
        + [Probe([c.item.pk, a], status=404) for c in hidden for a in c.attachment_ids]
        # An attachment id of a hidden item under the control item's id: still no file.
        + [Probe([control.item.pk, hidden[0].attachment_ids[0]], status=404)],
        "sitemap": [Probe([])],
        "sitemap_section": [
            Probe(["items"]),
            Probe(["items"], {"p": 1}),
            Probe(["bodies"]),
            Probe(["columns"]),
            Probe(["reports"]),
        ],
        "body": [Probe(["edu"]), Probe(["city"]), Probe(["county-finance"], status=404)],
        "body_guide": [Probe(["edu"]), Probe(["county-finance"], status=404)],
        "body_catalog": [Probe(["edu"]), Probe(["county-finance"], status=404)],
        "column": [Probe(["edu", column_code]), Probe(["edu", hidden_column.code], status=404)],
        "column_feed": [Probe(["edu", column_code])],
        "body_feed": [Probe(["edu"])],
        "body_search": [Probe(["edu"], q) for q in search_queries],
        "interpretations": [Probe([]), Probe([], {"by": "policy"}), Probe([], {"page": 2})],
        "body_interpretations": [
            Probe(["edu"]),
            Probe(["edu"], {"by": "policy"}),
            Probe(["county-finance"], status=404),
        ],
        "body_rules": [Probe(["edu"]), Probe(["county-finance"], status=404)],
        "kiosk": [Probe([])],
        "kiosk_search": [Probe([], q) for q in search_queries if "q" in q],
        "kiosk_body": [Probe(["edu"]), Probe(["county-finance"], status=404)],
        "kiosk_column": [Probe(["edu", column_code]), Probe(["edu", hidden_column.code], status=404)],
        "kiosk_template_column": [Probe([region.column.template_column_id])],
        "kiosk_topic": [Probe([topic.pk])],
        "kiosk_item": kiosk_items,
        "kiosk_slip": kiosk_items,
        "request_apply": [Probe([]), Probe([], {"body": "edu"}), Probe([], {"body": "county-finance"})],
        "request_submitted": [Probe([], status=302)],
        "request_lookup": [Probe([]), Probe([], {"number": "YSQ-000000-2026-00001"})],
        "request_status": [Probe(["YSQ-000000-2026-00001"], status=302)],
        "request_end": [Probe(["YSQ-000000-2026-00001"], status=405)],
        "request_letter_docx": [Probe(["YSQ-000000-2026-00001", 1], status=302)],
        "request_letter_pdf": [Probe(["YSQ-000000-2026-00001", 1], status=302)],
        "request_letter_print": [Probe(["YSQ-000000-2026-00001", 1], status=302)],
        "request_letter_file": [Probe(["YSQ-000000-2026-00001", 1], status=302)],
        "request_correction": [Probe(["YSQ-000000-2026-00001"], status=405)],
        # Deflection: every marker typed as a description; only the control may be suggested.
        "request_suggestions": [Probe([], {"description": m}) for m in [*all_markers, *control.markers]],
        "request_suggestion_follow": [Probe([control.item.pk], status=302)]
        + [Probe([c.item.pk], status=404) for c in hidden],
        "annual_reports": [Probe([])],
        "body_annual_reports": [Probe(["edu"]), Probe(["county-finance"], status=404)],
        **{
            name: [Probe(["edu", 2025])]
            + [Probe([r.organization.slug, r.year], status=404) for r in world["hidden_reports"].values()]
            + [Probe(["edu", 1999], status=404)]
            for name in ("annual_report", "annual_report_docx", "annual_report_pdf", "annual_report_xlsx")
        },
    }


def assert_no_leak(pages: list[tuple[str, str]], world: dict[str, Any]) -> None:
    for marker in world["hidden_reports"]:
        for where, html in pages:
            assert marker not in html, f"annual report {marker} leaked on {where}"
    for case in [*world["hidden"], world["corrected_old"]]:
        for marker in case.markers:
            for where, html in pages:
                assert marker not in html, f"{case.name}: {marker} leaked on {where}"
    for case in world["hidden"]:
        link = re.compile(rf"/items/{case.item.pk}/(?!\d)")
        for where, html in pages:
            assert not link.search(html), f"{case.name}: a link to item {case.item.pk} leaked on {where}"


#: The apps whose public routes sweep themselves (``<app>/tests/leak_probes.py``, see ``leaksweep``).
APP_SWEEPS = ("opinions", "interaction", "ratings", "assessment")


def app_sweeps(region: Any) -> list[Sweep]:
    return [import_module(f"gongkai.{app}.tests.leak_probes").build(region) for app in APP_SWEEPS]


def test_every_portal_route_has_probes(world, region):
    probed = set(probes(world, region))
    for sweep in app_sweeps(region):
        probed |= set(sweep.probes)
    missing = portal_route_names() - probed
    assert not missing, f"portal routes without leak-test parameters: {sorted(missing)}"


def test_nothing_hidden_of_the_apps_appears_on_any_public_route(client, world, region, index):
    """The apps' hidden records (drafts, contact data, unmoderated or rejected comments, messages
    not consented to …) appear on no public route — theirs or the portal's —, their controls do."""
    sweeps = app_sweeps(region)
    index()
    table = probes(world, region)
    for sweep in sweeps:
        table.update(sweep.probes)
    pages = fetch_all(client, table)
    for sweep in sweeps:
        for marker in sweep.hidden:
            for where, html in pages:
                assert marker not in html, f"{marker} leaked on {where}"
        joined = "\n".join(html for _, html in pages)
        for marker in sweep.shown:
            assert marker in joined, f"{marker} is public but shown nowhere"


def test_nothing_hidden_appears_on_any_public_route(client, world, region, index):
    index()  # the search index holds exactly what the outbox says
    table = probes(world, region)
    pages = fetch_all(client, table)
    assert_no_leak(pages, world)

    joined = "\n".join(html for _, html in pages)
    control = world["control"]
    title_m, body_m, _file_m, _fname_m = control.markers
    assert title_m in joined and body_m in joined
    assert "mkcorrnewtitle" in joined  # the corrected item's current version is public
    assert "mkrptcontrol" in joined  # the published annual report
    # The control's attachment is served with its UTF-8 name (RFC 5987).
    assert any(where.endswith("[file]") and "filename*=utf-8''" in html for where, html in pages)


def test_search_finds_control_markers_only(client, world, index):
    index()
    control = world["control"]
    for marker in control.markers[:3]:
        html = client.get(reverse("portal:search"), {"q": marker}).content.decode()
        assert f"/items/{control.item.pk}/" in html, marker
    for case in [*world["hidden"], world["corrected_old"]]:
        for marker in case.markers:
            html = client.get(reverse("portal:search"), {"q": marker}).content.decode()
            assert marker not in strip_echo(html, {"q": marker})
            assert "共找到 0 条结果" in html, f"{case.name}: {marker} found"


def test_stale_index_never_shows_hidden_items(client, world, region, index):
    """Between a change and the index catching up, search still shows nothing hidden: hits are
    re-read from the public queryset (the withdrawal and correction above were indexed before)."""
    from gongkai.search.models import OutboxEntry

    # Undo nothing: the outbox still holds the withdrawal and the correction (not yet drained).
    assert OutboxEntry.objects.exists()
    for marker in ["mkwithdrawntitle", "mkwithdrawnbody", "mkcorroldtitle", "mkcorroldbody"]:
        html = client.get(reverse("portal:search"), {"q": marker}).content.decode()
        assert marker not in strip_echo(html, {"q": marker})
        assert f"/items/{world['withdrawn'].item.pk}/" not in html


def test_attachment_download_headers(client, world):
    control = world["control"]
    response = client.get(reverse("portal:attachment", args=[control.item.pk, control.attachment_ids[0]]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E9%99%84%E4%BB%B6mkcontrolfname.docx" in disposition
    data = b"".join(response.streaming_content)
    assert data.startswith(b"PK")


def test_feeds_and_sitemap_never_hold_old_versions(client, world):
    corrected = world["corrected"]
    for url in (reverse("portal:feed"), reverse("portal:body_feed", args=["edu"])):
        xml = client.get(url).content.decode()
        assert "mkcorrnewtitle" in xml
        assert "mkcorroldtitle" not in xml and "mkcorroldbody" not in xml
    xml = client.get(reverse("portal:sitemap_section", args=["items"])).content.decode()
    assert f"/items/{corrected.pk}/" in xml
    assert f"/items/{world['control'].item.pk}/" in xml
    for case in world["hidden"]:
        assert f"/items/{case.item.pk}/<" not in xml
