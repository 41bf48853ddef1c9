"""The results of a final round in words (assessment.results): the 通报's tables per peer group with
ties (并列) and vetoes, the 通报 generated through the bulletins service, and the paragraph of
section 六 of the annual report (2019 条例 第五十条) offered to the report's editor via the registry.

The round (worked by hand), 2026, organised by 测试市人民政府办公室 (the city's competent authority):

============== ======== ======= ====== ======== ===================
body           group    total   veto   grade    rank in group
============== ======== ======= ====== ======== ===================
测试市教育局   部门     92.5    —      先进     1
测试市财政局   部门     88      —      合格     2（并列）
测试市民政局   部门     88      —      合格     2（并列）
测试市水利局   部门     95      空白栏目 不合格  4 (a veto ranks last)
测试县人民政府 政府     90      —      合格     1
============== ======== ======= ====== ======== ===================
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.assessment import results
from gongkai.assessment.bulletins import publish_bulletin
from gongkai.assessment.models import (
    BulletinKind,
    Criterion,
    CriterionKind,
    Criticism,
    CriticismState,
    Round,
    RoundBody,
    RoundState,
    Scheme,
    SchemeState,
)
from gongkai.audit.models import AuditEvent
from gongkai.core import registry
from gongkai.orgs.models import Kind
from gongkai.testing import OrganizationFactory

pytestmark = pytest.mark.django_db

CONFIG = {
    "groups": [
        {"code": "government", "label": "县区人民政府", "kinds": ["government"], "scale": "1"},
        {"code": "department", "label": "市直部门", "kinds": [], "scale": "1"},
    ],
    "default_group": "department",
    "grades": {
        "bands": [
            {"from": "0", "grade": "不合格"},
            {"from": "60", "grade": "基本合格"},
            {"from": "67", "grade": "合格"},
        ],
        "veto_grade": "不合格",
        "top": {"share": "0.25", "grade": "先进", "min_total": "67"},
    },
}


def _round(region: Any, state: str = RoundState.FINAL) -> Round:
    scheme = Scheme.objects.create(
        code="test",
        name="政务公开工作考核细则",
        source_document="《测试市政务公开工作考核办法》",
        state=SchemeState.PUBLISHED,
        config=CONFIG,
    )
    Criterion.objects.create(scheme=scheme, code="V1", title="空白栏目5个及以上", kind=CriterionKind.VETO)
    the_round = Round.objects.create(
        authority=region.office,
        title="2026年度政务公开考核",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        scheme=scheme,
        state=state,
    )
    finance = OrganizationFactory.create(name="测试市财政局", parent=region.city, position=2)
    civil = OrganizationFactory.create(name="测试市民政局", parent=region.city, position=3)
    water = OrganizationFactory.create(name="测试市水利局", parent=region.city, position=4)
    rows = [
        (region.dept, "department", "92.5", [], "先进"),
        (finance, "department", "88", [], "合格"),
        (civil, "department", "88", [], "合格"),
        (water, "department", "95", ["V1"], "不合格"),
        (region.county, "government", "90", [], "合格"),
    ]
    for org, group, total, vetoes, grade in rows:
        RoundBody.objects.create(
            round=the_round, organization=org, peer_group=group, total=D(total), vetoes=vetoes, grade=grade
        )
    return the_round


def test_tables_per_group_with_ties_and_the_vetoed_body_last(region: Any) -> None:
    tables = results.results_tables(_round(region))
    assert [(t.code, t.label) for t in tables] == [("government", "县区人民政府"), ("department", "市直部门")]
    assert [(r.name, r.rank_label, r.grade, r.vetoes) for r in tables[1].rows] == [
        ("测试市教育局", "1", "先进", ()),
        ("测试市财政局", "2（并列）", "合格", ()),
        ("测试市民政局", "2（并列）", "合格", ()),
        ("测试市水利局", "4", "不合格", ("空白栏目5个及以上",)),
    ]
    assert [(r.name, r.rank_label) for r in tables[0].rows] == [("测试县人民政府", "1")]


def test_the_results_bulletin_names_the_best_and_the_failed(region: Any, clock: Any) -> None:
    clock.set(dt.date(2027, 1, 20))
    the_round = _round(region)
    bulletin = results.generate_results_bulletin(actor=region.supervisor, the_round=the_round)
    assert bulletin.kind == BulletinKind.RESULTS and bulletin.round == the_round
    assert bulletin.title == "关于2026年度政务公开考核结果的通报"
    assert bulletin.number == "测试市人民政府办公室考〔2027〕1号"
    assert "对5个单位2026年1月1日至2026年12月31日的政务公开工作进行了考核" in bulletin.body
    assert "一、评定为“先进”的单位（1个）：测试市教育局。" in bulletin.body
    assert "二、评定为“不合格”的单位（1个）：测试市水利局（单项否决：空白栏目5个及以上）。" in bulletin.body
    assert "<td>2（并列）</td><td>测试市财政局</td><td>88</td><td>合格</td><td>—</td>" in bulletin.body
    assert (
        "<td>4</td><td>测试市水利局</td><td>95</td><td>不合格</td><td>空白栏目5个及以上</td>" in bulletin.body
    )
    assert bulletin.published_at is None


def test_no_results_bulletin_before_the_round_is_final(region: Any) -> None:
    the_round = _round(region, RoundState.OBJECTION)
    with pytest.raises(ValidationError) as refused:
        results.generate_results_bulletin(actor=region.supervisor, the_round=the_round)
    assert "round" in refused.value.message_dict


def test_the_governments_paragraph_of_section_6_article_50(region: Any, clock: Any) -> None:
    clock.set(dt.date(2027, 1, 20))
    the_round = _round(region)
    bulletin = results.generate_results_bulletin(actor=region.supervisor, the_round=the_round)
    publish_bulletin(actor=region.supervisor, bulletin=bulletin)
    assert results.report_paragraph(region.city, 2026) == (
        "2026年，测试市人民政府办公室组织开展2026年度政务公开考核，对5个单位进行考核，其中先进1个、合格3个、"
        "不合格1个，1个单位因单项否决事项被评为不合格。考核结果已以《关于2026年度政务公开考核结果的通报》"
        "（测试市人民政府办公室考〔2027〕1号）通报并向社会公开。"
    )
    assert results.report_paragraph(region.city, 2025) == ""


def test_an_assessed_bodys_paragraph_with_its_rank_and_criticism(region: Any) -> None:
    _round(region)
    assert results.report_paragraph(region.dept, 2026) == (
        "在测试市人民政府办公室组织的2026年度政务公开考核中，本机关得分92.5分，等次为“先进”，在市直部门中排第1名。"
    )
    finance = RoundBody.objects.get(organization__name="测试市财政局").organization
    Criticism.objects.create(
        authority=region.office,
        organization=finance,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        state=CriticismState.ISSUED,
    )
    assert results.report_paragraph(finance, 2026) == (
        "在测试市人民政府办公室组织的2026年度政务公开考核中，本机关得分88分，等次为“合格”，在市直部门中并列第2名。\n"
        "本年度本机关因超期办理被通报批评1次。"
    )
    water = RoundBody.objects.get(organization__name="测试市水利局").organization
    assert results.report_paragraph(water, 2026).endswith(
        "在市直部门中排第4名（单项否决：空白栏目5个及以上）。"
    )


def test_the_report_editor_is_offered_the_paragraph_through_the_registry(region: Any) -> None:
    _round(region)
    offered = registry.report_paragraphs(region.dept, 2026, "6")
    assert [(str(label), text[:11]) for label, text in offered] == [
        ("政务公开考核结果（第五十条）", "在测试市人民政府办公室")
    ]
    assert registry.report_paragraphs(region.dept, 2026, "5") == []
    assert registry.report_paragraphs(region.dept, 2024, "6") == []


def test_a_round_not_final_gives_no_paragraph(region: Any) -> None:
    _round(region, RoundState.SCORING)
    assert results.report_paragraph(region.dept, 2026) == ""
    assert results.report_paragraph(region.city, 2026) == ""
    assert region.county.kind == Kind.GOVERNMENT


def test_the_report_editor_shows_the_offered_paragraph(region: Any, client: Any) -> None:
    from django.urls import reverse

    from gongkai.reports.models import AnnualReport
    from gongkai.testing import login_verified

    _round(region)
    report = AnnualReport.objects.create(organization=region.dept, year=2026)
    login_verified(client, region.head)
    page = client.get(reverse("backoffice:report", args=[report.pk])).content.decode()
    assert "可写入本部分：政务公开考核结果（第五十条）" in page
    assert "本机关得分92.5分，等次为“先进”，在市直部门中排第1名。" in page
    other = AnnualReport.objects.create(organization=region.dept, year=2025)
    assert "可写入本部分" not in client.get(reverse("backoffice:report", args=[other.pk])).content.decode()


def test_the_results_screen_generates_and_publishes_the_bulletin(
    region: Any, client: Any, clock: Any
) -> None:
    from django.urls import reverse

    from gongkai.testing import login_verified

    clock.set(dt.date(2027, 1, 20))
    the_round = _round(region)
    Round.objects.filter(pk=the_round.pk).update(finalized_at=timezone.now())
    url = reverse("backoffice:assessment_round_results", args=[the_round.pk])
    generate = reverse("backoffice:assessment_round_bulletin", args=[the_round.pk])
    # A body's office head reads the results but is offered no 通报 action and may not post one.
    login_verified(client, region.head)
    page = client.get(url).content.decode()
    assert "生成通报" not in page
    assert client.post(generate).status_code == 403
    client.logout()

    login_verified(client, region.supervisor)
    page = client.get(url).content.decode()
    assert "尚未生成考核结果通报。" in page and "生成通报" in page
    response = client.post(generate)
    bulletin = the_round.bulletins.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:assessment_bulletin", args=[bulletin.pk])
    page = client.get(url).content.decode()
    assert "测试市人民政府办公室考〔2027〕1号 · 未公开" in page
    publish = reverse("backoffice:assessment_round_bulletin_publish", args=[the_round.pk, bulletin.pk])
    assert client.post(publish).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.published_at is not None
    assert "2027-01-20已公开" in client.get(url).content.decode()
    # Not before the round is final.
    draft = Round.objects.create(
        authority=region.office,
        title="另一考核",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        scheme=the_round.scheme,
        state=RoundState.SCORING,
    )
    assert client.post(reverse("backoffice:assessment_round_bulletin", args=[draft.pk])).status_code == 404


def test_a_regenerated_results_bulletin_replaces_the_published_one_on_the_portal(
    client: Any, region: Any, clock: Any
) -> None:
    """Generated again after a recomputation, the results 通报 of a round is published in place of the
    first: the portal lists one 通报 of that title (the new 文号), the first one's page is gone, and
    its withdrawal is audited with the new 文号 as the reason."""
    clock.set(dt.date(2027, 1, 20))
    the_round = _round(region)
    first = results.generate_results_bulletin(actor=region.supervisor, the_round=the_round)
    publish_bulletin(actor=region.supervisor, bulletin=first)
    clock.set(dt.date(2027, 2, 3))
    second = results.generate_results_bulletin(actor=region.supervisor, the_round=the_round)
    listing = client.get(reverse("portal:assessment_bulletins")).content.decode()
    assert listing.count("关于2026年度政务公开考核结果的通报") == 1  # the new one is not public yet
    publish_bulletin(actor=region.supervisor, bulletin=second)

    listing = client.get(reverse("portal:assessment_bulletins")).content.decode()
    assert listing.count("关于2026年度政务公开考核结果的通报") == 1
    assert second.number in listing and first.number not in listing
    assert client.get(reverse("portal:assessment_bulletin", args=[first.pk])).status_code == 404
    assert client.get(reverse("portal:assessment_bulletin", args=[second.pk])).status_code == 200
    withdrawn = AuditEvent.objects.get(action="assessment.bulletin_unpublished", target_id=str(first.pk))
    assert withdrawn.reason == f"已由重新生成的通报（{second.number}）替代。"
