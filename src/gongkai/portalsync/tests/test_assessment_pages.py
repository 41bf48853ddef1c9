"""监督考核's public pages on a portal host (issue 13 §3): a body's 通报 page and the methodology pages
show there what they show on the embedded site, from the rows the projection carries — and nothing
of the assessment that is not public reaches the portal.

The staff side is this test's database. Its pages are read as an anonymous visitor reads them, its
public projection exported (``gongkai portal export``); then the database is emptied as a fresh
portal installation's would be and the batches are applied to it (``gongkai portal import``), and
the same pages are read through the portal role's URLs. The whole portal host, in its own processes
on the demo, is ``test_portal_host.py``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.assessment.bulletins import create_bulletin, publish_bulletin, unpublish_bulletin
from gongkai.assessment.models import (
    Bulletin,
    BulletinKind,
    Criterion,
    CriterionScore,
    Criticism,
    CriticismState,
    Round,
    RoundBody,
    RoundState,
    Scheme,
    SchemeState,
)
from gongkai.assessment.services import warnings
from gongkai.assessment.shipped import LONGCHUAN, STANDARD, sync_shipped_schemes
from gongkai.orgs.models import Organization
from gongkai.portalsync.channel import read_manifest
from gongkai.portalsync.forward import ExportResult, apply_public, export_public

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)
PORTAL_URLS = "gongkai.portalsync.urls"

#: Text only the staff side may hold: each one in a row or field that is not public.
SECRETS = {
    "草稿方案：尚未发布的细则": "draft scheme",
    "草稿方案的指标": "criterion of a draft scheme",
    "草稿考核：尚未启动": "draft round",
    "自查总述：本局内部情况": "self-assessment summary",
    "自查情况：内部说明": "self-assessment note",
    "调整理由：内部评分意见": "score change reason",
    "未公开的考核结果通报": "unpublished bulletin",
    "不予通报的理由：情节轻微": "dismissal reason",
    "通报批评草稿：待审核": "draft criticism",
    "超限明细：内部台账": "overrun record",
    "已印发未公开的通报批评": "issued criticism not published",
    "主管部门戊": "staff name",
}


def _round(region: Any, scheme: Scheme, title: str, state: str, year: int) -> Round:
    return Round.objects.create(
        authority=region.office,
        title=title,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        scheme=scheme,
        state=state,
        self_assessment_due=dt.date(year + 1, 3, 31),
        objection_due=dt.date(year + 1, 4, 30) if state == RoundState.FINAL else None,
        created_by=region.supervisor,
        opened_at=dt.datetime(year + 1, 1, 5, 9, tzinfo=dt.UTC),
    )


@pytest.fixture
def world(region: Any, clock: Any) -> dict[str, Any]:
    """Public and non-public assessment data side by side: a final round whose results are
    published, an opened round, a draft round, a draft scheme, a scheme used only by the draft round;
    通报批评 published, issued but not published, dismissed and draft; an unpublished 通报."""
    clock.set(TODAY)
    sync_shipped_schemes()
    standard = Scheme.objects.get(authority=None, code=STANDARD, version=1)
    longchuan = Scheme.objects.get(authority=None, code=LONGCHUAN, version=1)
    draft_scheme = Scheme.objects.create(
        authority=region.office,
        code="draft",
        name="草稿方案：尚未发布的细则",
        source_document="（草稿）",
        state=SchemeState.DRAFT,
        created_by=region.supervisor,
    )
    Criterion.objects.create(
        scheme=draft_scheme, code="1", title="草稿方案的指标", kind="manual", max_points=10
    )

    final = _round(region, standard, "2025年度政务公开考核", RoundState.FINAL, 2025)
    opened = _round(region, standard, "2026年度政务公开考核", RoundState.SELF_ASSESSMENT, 2026)
    _round(region, longchuan, "草稿考核：尚未启动", RoundState.DRAFT, 2027)
    criterion = Criterion.objects.filter(scheme=standard, kind="manual").order_by("position").first()
    assert criterion is not None
    for rank, org in enumerate((region.dept, region.county_dept), start=1):
        rb = RoundBody.objects.create(
            round=final,
            organization=org,
            peer_group="departments",
            state="final",
            summary="自查总述：本局内部情况",
            self_total=Decimal("95.00"),
            raw_total=Decimal("88.50"),
            total=Decimal("88.50"),
            grade="合格",
            rank=rank,
            band="A",
            submitted_by=region.head,
            scored_by=region.supervisor,
            indicators={"items_late": 3},
        )
        CriterionScore.objects.create(
            round_body=rb,
            criterion=criterion,
            self_points=Decimal("5"),
            self_note="自查情况：内部说明",
            final_points=Decimal("3"),
            change_reason="调整理由：内部评分意见",
            changed_by=region.supervisor,
        )
    RoundBody.objects.create(round=opened, organization=region.county, peer_group="governments")
    results = create_bulletin(
        actor=region.supervisor,
        authority=region.office,
        kind=BulletinKind.RESULTS,
        title="关于2025年度政务公开考核结果的通报",
        body="2025年度考核结果如下。",
        round=final,
    )
    publish_bulletin(actor=region.supervisor, bulletin=results)
    create_bulletin(
        actor=region.supervisor,
        authority=region.office,
        kind=BulletinKind.RESULTS,
        title="未公开的考核结果通报",
        body="尚未公开。",
        round=opened,
    )

    def criticism(org: Any, year: int, **fields: Any) -> Criticism:
        return Criticism.objects.create(
            authority=region.office,
            organization=org,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            overruns=[
                {"kind": "messages_overdue", "label": "超限明细：内部台账", "url": "", "date": "", "note": ""}
            ],
            **fields,
        )

    issued = warnings.issue_criticism(
        actor=region.supervisor, criticism=criticism(region.dept, 2025, text="该局超期答复3次。")
    )
    assert issued.bulletin is not None
    publish_bulletin(actor=region.supervisor, bulletin=issued.bulletin)
    warnings.issue_criticism(
        actor=region.supervisor,
        criticism=criticism(region.county_dept, 2025, text="尚待公开。"),
        title="已印发未公开的通报批评",
    )
    warnings.dismiss_criticism(
        actor=region.supervisor, criticism=criticism(region.county, 2025), reason="不予通报的理由：情节轻微"
    )
    criticism(region.county, 2026, text="通报批评草稿：待审核")
    assert Criticism.objects.filter(state=CriticismState.DRAFT).exists()
    return {
        "region": region,
        "standard": standard,
        "longchuan": longchuan,
        "draft_scheme": draft_scheme,
        "final": final,
        "opened": opened,
        "results": results,
        "criticism": issued,
    }


def _urls(world: dict[str, Any]) -> list[str]:
    region = world["region"]
    bodies = [region.city, region.office, region.dept, region.county, region.county_dept]
    schemes = [world["standard"], world["longchuan"], world["draft_scheme"]]
    bulletins = Bulletin.objects.order_by("pk")
    return [
        reverse("portal:assessment_methodology"),
        *(reverse("portal:assessment_methodology_scheme", args=[s.pk]) for s in schemes),
        reverse("portal:assessment_bulletins"),
        *(reverse("portal:assessment_body_bulletins", args=[b.slug]) for b in bodies),
        *(reverse("portal:assessment_body_bulletins", args=[b.slug]) + "?kind=results" for b in bodies),
        *(reverse("portal:assessment_bulletin", args=[b.pk]) for b in bulletins),
    ]


def _main(response: Any) -> tuple[int, str]:
    """The status and the page's own content (the site's frame differs by role: its menus)."""
    if response.status_code != 200:
        return response.status_code, ""
    found = re.search(r'<main id="main"[^>]*>(.*)</main>', response.content.decode(), re.S)
    assert found is not None
    return 200, found.group(1)


def _read(urls: list[str]) -> dict[str, tuple[int, str]]:
    cache.clear()  # the page cache: each side renders its own pages
    client = Client()
    return {url: _main(client.get(url)) for url in urls}


def _become_a_portal_host(settings: Any) -> None:
    """Empty the database as a fresh portal installation's (no staff data at all) and serve the
    portal role's URLs from here on."""
    # PostgreSQL truncates no table with deferred key checks still pending: run them first.
    connection.check_constraints()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not Round.objects.exists() and not Scheme.objects.exists()
    settings.ROOT_URLCONF = PORTAL_URLS
    settings.GONGKAI_ROLE = "portal"


def _apply(result: ExportResult) -> None:
    apply_public(read_manifest(result.manifest, direction="public"))


def _lines(result: ExportResult) -> list[dict[str, Any]]:
    data = result.manifest.with_name(json.loads(result.manifest.read_text())["data"])
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_the_pages_show_on_the_portal_host_what_they_show_on_the_embedded_site(world, settings, tmp_path):
    urls = _urls(world)
    embedded = _read(urls)
    region = world["region"]
    # The embedded site shows what the portal host must show too (so the comparison means something).
    body = reverse("portal:assessment_body_bulletins", args=[region.dept.slug])
    assert "关于2025年度政务公开考核结果的通报" in embedded[body][1]
    assert world["criticism"].bulletin.title in embedded[body][1]
    county_dept = reverse("portal:assessment_body_bulletins", args=[region.county_dept.slug])
    assert "关于2025年度政务公开考核结果的通报" in embedded[county_dept][1]
    assert "已印发未公开的通报批评" not in embedded[county_dept][1]
    scheme_page = reverse("portal:assessment_methodology_scheme", args=[world["standard"].pk])
    assert "2025年度政务公开考核" in embedded[scheme_page][1]
    assert "2026年度政务公开考核" in embedded[scheme_page][1]
    assert "超过20个工作日公开的信息：每项扣5分" in embedded[scheme_page][1]
    listing = reverse("portal:assessment_methodology")
    assert embedded[listing][1].count("政府信息公开工作考核标准方案") == 1
    for hidden in (world["draft_scheme"], world["longchuan"]):
        assert embedded[reverse("portal:assessment_methodology_scheme", args=[hidden.pk])][0] == 404

    batch = export_public(tmp_path / "gate", state_dir=tmp_path / "state")
    _become_a_portal_host(settings)
    _apply(batch)

    portal = _read(urls)
    for url in urls:
        assert portal[url] == embedded[url], url


def test_nothing_of_the_assessment_that_is_not_public_reaches_the_portal(world, settings, tmp_path):
    final, opened = world["final"], world["opened"]
    batch = export_public(tmp_path / "gate", state_dir=tmp_path / "state")
    with gzip.open(batch.data, "rt", encoding="utf-8") as fh:
        text = fh.read()
    for secret, why in SECRETS.items():
        assert secret not in text, why
    sent: dict[str, dict[int, dict[str, Any]]] = {}
    for line in _lines(batch):
        if line.get("op") == "u" and line["t"].startswith("assessment."):
            sent.setdefault(line["t"], {})[int(line["f"]["id"])] = line["f"]
    standard = world["standard"]
    assert set(sent["assessment.scheme"]) == {standard.pk}
    assert set(sent["assessment.criterion"]) == set(standard.criteria.values_list("pk", flat=True))
    assert set(sent["assessment.round"]) == {final.pk, opened.pk}
    assert set(sent["assessment.roundbody"]) == set(final.bodies.values_list("pk", flat=True))
    published = {world["results"].pk, world["criticism"].bulletin_id}
    assert set(sent["assessment.bulletin"]) == published
    assert set(sent["assessment.criticism"]) == {world["criticism"].pk}
    # Of the rows that travel, only what the pages show.
    for row in sent["assessment.roundbody"].values():
        assert (row["total"], row["rank"], row["grade"], row["summary"]) == (None, None, "", "")
        assert (row["indicators"], row["peer_group"], row["submitted_by_id"]) == ({}, "", None)
    for row in sent["assessment.round"].values():
        assert row["state"] == RoundState.SELF_ASSESSMENT and row["created_by_id"] is None
        assert (row["self_assessment_due"], row["objection_due"], row["opened_at"]) == (None, None, None)
    (criticism,) = sent["assessment.criticism"].values()
    assert (criticism["overruns"], criticism["text"], criticism["decided_by_id"]) == ([], "", None)
    assert criticism["created_at"].startswith("2025-12-31T00:00:00")  # the period's end, not the draft's day
    assert sent["assessment.bulletin"][world["results"].pk]["round_id"] == final.pk
    assert sent["assessment.scheme"][standard.pk]["created_by_id"] is None

    _become_a_portal_host(settings)
    _apply(batch)
    assert set(Scheme.objects.values_list("pk", flat=True)) == {standard.pk}
    assert set(Round.objects.values_list("pk", flat=True)) == {final.pk, opened.pk}
    assert set(Bulletin.objects.values_list("pk", flat=True)) == published
    assert not CriterionScore.objects.exists()
    assert set(Criticism.objects.values_list("state", flat=True)) == {CriticismState.ISSUED}


def test_what_leaves_the_public_pages_leaves_the_portal_host(world, settings, tmp_path):
    """A 通报 withdrawn on the staff side disappears from the portal host, with the participations and
    the 通报批评 behind it; an authority switched off takes its rounds along, and with their last use
    the scheme."""
    region, results, criticism = world["region"], world["results"], world["criticism"]
    gate, state = tmp_path / "gate", tmp_path / "state"
    first = export_public(gate, state_dir=state)
    unpublish_bulletin(actor=region.supervisor, bulletin=results, reason="数据有误，重新核定")
    unpublish_bulletin(actor=region.supervisor, bulletin=criticism.bulletin, reason="撤回")
    Organization.objects.filter(pk=region.office.pk).update(is_active=False)  # no opened round of it left
    second = export_public(gate, state_dir=state)
    deleted = {(line["t"], line["pk"]) for line in _lines(second) if line.get("op") == "d"}
    assert ("assessment.bulletin", results.pk) in deleted
    assert ("assessment.criticism", criticism.pk) in deleted
    assert ("assessment.scheme", world["standard"].pk) in deleted
    assert {("assessment.round", world["final"].pk), ("assessment.round", world["opened"].pk)} <= deleted

    _become_a_portal_host(settings)
    _apply(first)
    client = Client()
    body = reverse("portal:assessment_body_bulletins", args=[region.dept.slug])
    scheme_page = reverse("portal:assessment_methodology_scheme", args=[world["standard"].pk])
    assert results.title in client.get(body).content.decode()
    assert client.get(scheme_page).status_code == 200

    _apply(second)
    cache.clear()
    page = client.get(body).content.decode()
    assert results.title not in page and criticism.bulletin.title not in page
    assert client.get(reverse("portal:assessment_bulletin", args=[results.pk])).status_code == 404
    assert client.get(scheme_page).status_code == 404
    assert not Round.objects.exists() and not Scheme.objects.exists() and not Criterion.objects.exists()
    assert not RoundBody.objects.exists() and not Criticism.objects.exists() and not Bulletin.objects.exists()


def test_an_export_after_the_projection_gained_a_table_is_a_snapshot(world, tmp_path):
    """A portal host already fed may hold rows of a table no batch sent yet (the shipped schemes of
    its installation): the first batch that carries the table replaces everything."""
    gate, state_dir = tmp_path / "gate", tmp_path / "state"
    export_public(gate, state_dir=state_dir)
    state = state_dir / "export-state.json.gz"
    with gzip.open(state, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    del data["rows"]["assessment.scheme"]  # as a program version before the table left it
    with gzip.open(state, "wt", encoding="utf-8") as fh:
        json.dump(data, fh)
    again = export_public(gate, state_dir=state_dir)
    assert (again.kind, again.sequence) == ("snapshot", 2)
    assert export_public(gate, state_dir=state_dir).kind == "none"
