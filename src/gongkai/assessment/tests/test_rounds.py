"""An assessment round end to end through its services (docs/SPEC.md §7; issue 12 point 4): every
transition, and the refusals — wrong role, wrong state, a change without its reason, after the 申辩
window. The scheme is small and the indicators are fixed, so every total, grade, rank and band
below is worked out by hand in the comments.

The scheme (department and government peer groups, scale 1):

    一 组织领导 (group, 20)      A1 工作机构 (manual, 20)
    二 公开内容 (group, 80)      B1 发布及时 (indicator, 40: −5 per items_late)
                                 B2 政策解读 (manual, 40)
    V 空白栏目 (veto: columns_empty ≥ 5, 单项否决)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.assessment import indicators, policy
from gongkai.assessment.indicators import Figure
from gongkai.assessment.models import (
    Criterion,
    CriterionKind,
    Evidence,
    ObjectionOutcome,
    Round,
    RoundBodyState,
    RoundState,
    Scheme,
    SchemeState,
)
from gongkai.assessment.services import rounds as services
from gongkai.audit.models import AuditEvent
from gongkai.core.samplefiles import make_pdf
from gongkai.notifications.models import Notification
from gongkai.orgs.models import RoleName
from gongkai.testing import UserFactory, grant

pytestmark = pytest.mark.django_db

CONFIG: dict[str, Any] = {
    "groups": [
        {"code": "government", "label": "人民政府", "kinds": ["government"]},
        {"code": "department", "label": "政府部门", "kinds": ["department", "general_office"]},
    ],
    "default_group": "department",
    "grades": {
        "bands": [
            {"from": "0", "grade": "不合格"},
            {"from": "60", "grade": "基本合格"},
            {"from": "67", "grade": "合格"},
        ],
        "veto_grade": "不合格",
        "top": {"share": "0.5", "grade": "先进", "min_total": "67"},
    },
    "bands": [{"band": "第一档", "share": "0.5"}, {"band": "第二档", "share": "1"}],
}

#: The indicators of the period per body (slug → figures); compute() is replaced by these.
FIGURES = {
    "edu": {"items_late": 2, "columns_empty": 0},
    "county": {"items_late": 0, "columns_empty": 1},
    "county-office": {"items_late": 2, "columns_empty": 0},
    "county-finance": {"items_late": 0, "columns_empty": 5},
}


def make_scheme() -> Scheme:
    scheme = Scheme.objects.create(
        code="test", name="测试细则", source_document="测试文件", state=SchemeState.PUBLISHED, config=CONFIG
    )
    c = Criterion.objects.create
    one = c(scheme=scheme, code="一", title="组织领导", kind=CriterionKind.GROUP, max_points=20, position=1)
    c(scheme=scheme, parent=one, code="A1", title="工作机构", kind=CriterionKind.MANUAL, max_points=20,
      position=2, evidence_required=True)  # fmt: skip
    two = c(scheme=scheme, code="二", title="公开内容", kind=CriterionKind.GROUP, max_points=80, position=3)
    Criterion.objects.create(
        scheme=scheme, parent=two, code="B1", title="发布及时", kind=CriterionKind.INDICATOR, max_points=40,
        position=4, rules=[{"type": "per_unit", "indicator": "items_late", "points": "5"}],
    )  # fmt: skip
    c(
        scheme=scheme,
        parent=two,
        code="B2",
        title="政策解读",
        kind=CriterionKind.MANUAL,
        max_points=40,
        position=5,
    )
    Criterion.objects.create(
        scheme=scheme, code="V", title="空白栏目", kind=CriterionKind.VETO, max_points=0, position=6,
        rules=[{"type": "veto", "indicator": "columns_empty", "op": "ge", "value": "5"}],
    )  # fmt: skip
    return scheme


@pytest.fixture
def world(region: Any, clock: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    clock.set(dt.date(2027, 1, 11))
    slugs = {o.pk: o.slug for o in (region.dept, region.county, region.county_office, region.county_dept)}

    def compute(period: Any, org_ids: Any, codes: Any = None) -> dict[int, dict[str, Figure]]:
        assert period == indicators.Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        return {pk: {k: Figure(v) for k, v in FIGURES[slugs[pk]].items()} for pk in org_ids}

    monkeypatch.setattr(indicators, "compute", compute)
    region.scheme = make_scheme()
    region.county_head = grant(UserFactory.create(username="chead"), region.county, RoleName.OFFICE_HEAD)
    region.office_head2 = grant(
        UserFactory.create(username="ohead"), region.county_office, RoleName.OFFICE_HEAD
    )
    region.fin_head = grant(UserFactory.create(username="fhead"), region.county_dept, RoleName.OFFICE_HEAD)
    return region


def fields(r: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "2026年度政务公开考核",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 12, 31),
        "scheme": r.scheme,
        "self_assessment_due": dt.date(2027, 1, 20),
        "objection_days": 5,
        "bodies": [r.dept.pk, r.county.pk, r.county_office.pk, r.county_dept.pk],
    }
    data.update(overrides)
    return data


def body(rnd: Round, org: Any) -> Any:
    return rnd.bodies.get(organization=org)


def by_code(rb: Any) -> dict[str, Any]:
    return {s.criterion.code: s for s in rb.scores.select_related("criterion")}


def opened(r: Any) -> Round:
    rnd = services.create_round(actor=r.supervisor, authority=r.office, fields=fields(r))
    return services.open_round(actor=r.supervisor, round=rnd)


def write(r: Any, rnd: Round, org: Any, user: Any, a1: str, b2: str, submit: bool = True) -> Any:
    rb = body(rnd, org)
    s = by_code(rb)
    services.save_report(
        actor=user,
        round_body=rb,
        summary="本年度公开工作总体情况。",
        entries={
            s["A1"].pk: {"points": a1, "note": "设有公开办"},
            s["B2"].pk: {"points": b2, "note": "解读12篇"},
        },
    )
    services.add_evidence(actor=user, score=s["A1"], data=make_pdf(["机构设置文件"]), filename="机构.pdf")
    if submit:
        services.submit_report(actor=user, round_body=rb)
    rb.refresh_from_db()
    return rb


def test_opening_a_round_prefills_each_report_from_its_indicators(world: Any) -> None:
    r = world
    # Only the competent authority's supervisor opens a round, and only for its region's bodies.
    with pytest.raises(PermissionDenied):
        services.create_round(actor=r.head, authority=r.office, fields=fields(r))
    with pytest.raises(ValidationError) as refused:
        services.create_round(actor=r.supervisor, authority=r.office, fields=fields(r, bodies=[r.city.pk]))
    assert "bodies" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.create_round(
            actor=r.supervisor,
            authority=r.office,
            fields=fields(r, period_end=dt.date(2025, 12, 31), title=" "),
        )
    assert set(refused.value.message_dict) >= {"title", "period_end"}

    rnd = services.create_round(actor=r.supervisor, authority=r.office, fields=fields(r))
    assert rnd.state == RoundState.DRAFT
    groups = {rb.organization.slug: rb.peer_group for rb in rnd.bodies.select_related("organization")}
    assert groups == {"edu": "department", "county": "government", "county-office": "department",
                      "county-finance": "department"}  # fmt: skip
    # A criterion score per criterion that is not a group: A1, B1, B2, V.
    assert sorted(by_code(body(rnd, r.dept))) == ["A1", "B1", "B2", "V"]
    # Bodies see nothing of a draft round.
    assert not policy.visible_rounds(r.head).filter(pk=rnd.pk).exists()

    services.open_round(actor=r.supervisor, round=rnd)
    assert rnd.state == RoundState.SELF_ASSESSMENT
    with pytest.raises(PermissionDenied):  # opened once
        services.open_round(actor=r.supervisor, round=Round.objects.get(pk=rnd.pk))
    edu = body(rnd, r.dept)
    assert edu.indicators == {"items_late": {"value": "2"}, "columns_empty": {"value": "0"}}
    s = by_code(edu)
    # B1: 40 − 2 × 5 = 30; manual criteria have no computed points; V holds no veto (0 < 5).
    assert s["B1"].computed_points == Decimal("30.00")
    assert s["A1"].computed_points is None
    assert by_code(body(rnd, r.county_dept))["V"].computed_detail  # the veto's line is explained
    # Self total before any self points: only B1 counts (A1, B2 未评分) = 30.
    assert edu.self_total == Decimal("30.00")
    assert Notification.objects.filter(recipient=r.head, kind="assessment.self_assessment").count() == 1
    assert policy.visible_rounds(r.head).filter(pk=rnd.pk).exists()
    # The county's office head sees the round but not the department's report.
    assert list(policy.visible_bodies(r.county_head, rnd).values_list("organization__slug", flat=True)) == [
        "county"
    ]


def test_the_body_writes_and_submits_its_self_assessment(world: Any) -> None:
    r = world
    rnd = opened(r)
    edu = body(rnd, r.dept)
    s = by_code(edu)
    entries = {s["A1"].pk: {"points": "18", "note": "设有公开办"}}
    for stranger in (r.editor, r.supervisor, r.county_head):
        with pytest.raises(PermissionDenied):
            services.save_report(actor=stranger, round_body=edu, summary="", entries=entries)
    with pytest.raises(ValidationError) as refused:
        services.save_report(actor=r.head, round_body=edu, summary="", entries={s["A1"].pk: {"points": "21"}})
    assert f"points_{s['A1'].pk}" in refused.value.message_dict  # above the criterion's 20
    with pytest.raises(ValidationError) as refused:
        services.save_report(
            actor=r.head, round_body=edu, summary="", entries={s["A1"].pk: {"points": "1.234"}}
        )
    assert f"points_{s['A1'].pk}" in refused.value.message_dict
    # A draft: A1 alone; submitting asks for B2, and for A1's evidence.
    services.save_report(actor=r.head, round_body=edu, summary="总述", entries=entries)
    with pytest.raises(ValidationError) as refused:
        services.submit_report(actor=r.head, round_body=edu)
    assert set(refused.value.message_dict) == {
        f"points_{s['B2'].pk}",
        f"note_{s['B2'].pk}",
        f"evidence_{s['A1'].pk}",
    }

    edu = write(r, rnd, r.dept, r.head, "18", "35")
    # Self total: A1 18 + B1 30 + B2 35 = 83.
    assert edu.self_total == Decimal("83.00")
    assert edu.state == RoundBodyState.SUBMITTED
    assert Evidence.objects.filter(score__round_body=edu).count() == 1
    assert Notification.objects.filter(recipient=r.supervisor, kind="assessment.report_submitted").exists()
    with pytest.raises(PermissionDenied):  # submitted: no more changes
        services.save_report(actor=r.head, round_body=edu, summary="", entries=entries)
    assert AuditEvent.objects.filter(action="assessment.report_submitted").count() == 1


def scored_round(r: Any, clock: Any) -> Round:
    """Reports written (all but 县财政局's), scored; the 申辩 window open."""
    rnd = opened(r)
    write(r, rnd, r.dept, r.head, "18", "35")
    write(r, rnd, r.county, r.county_head, "20", "40")
    write(r, rnd, r.county_office, r.office_head2, "17", "35")
    with pytest.raises(ValidationError):  # 县财政局 has not submitted; the due date 2027-01-20 not passed
        services.start_scoring(actor=r.supervisor, round=rnd)
    clock.set(dt.date(2027, 1, 21))
    with pytest.raises(PermissionDenied):
        services.start_scoring(actor=r.head, round=rnd)
    services.start_scoring(actor=r.supervisor, round=rnd)
    assert rnd.state == RoundState.SCORING
    return rnd


def test_the_supervisor_scores_every_change_with_a_reason(world: Any, clock: Any) -> None:
    r = world
    rnd = scored_round(r, clock)
    edu = body(rnd, r.dept)
    s = by_code(edu)
    with pytest.raises(PermissionDenied):
        services.score_body(actor=r.head, round_body=edu, entries={})
    # A1 lowered from the self-score 18 to 15 without a reason: refused.
    with pytest.raises(ValidationError) as refused:
        services.score_body(actor=r.supervisor, round_body=edu, entries={s["A1"].pk: {"points": "15"}})
    assert f"reason_{s['A1'].pk}" in refused.value.message_dict
    services.score_body(
        actor=r.supervisor,
        round_body=edu,
        entries={s["A1"].pk: {"points": "15", "reason": "机构人员未落实到位"}},
    )
    edu.refresh_from_db()
    s = by_code(edu)
    # Final: A1 15 + B1 30 (computed, kept) + B2 35 (self, kept) = 80; the self total stays 83.
    assert (s["A1"].final_points, s["A1"].change_reason) == (Decimal("15.00"), "机构人员未落实到位")
    assert (s["B1"].final_points, s["B2"].final_points) == (Decimal("30.00"), Decimal("35.00"))
    assert (edu.total, edu.self_total, edu.state) == (
        Decimal("80.00"),
        Decimal("83.00"),
        RoundBodyState.SCORED,
    )

    # 县财政局 never submitted: its hand-scored criteria need points.
    fin = body(rnd, r.county_dept)
    f = by_code(fin)
    with pytest.raises(ValidationError) as refused:
        services.score_body(actor=r.supervisor, round_body=fin, entries={})
    assert set(refused.value.message_dict) == {f"points_{f['A1'].pk}", f"points_{f['B2'].pk}"}
    # The window cannot open while bodies are unscored.
    with pytest.raises(ValidationError):
        services.open_objections(actor=r.supervisor, round=rnd)


def to_objection(r: Any, clock: Any) -> Round:
    rnd = scored_round(r, clock)
    plan = {
        r.dept: {"A1": ("15", "机构人员未落实到位")},
        r.county: {},
        r.county_office: {},
        r.county_dept: {"A1": ("10", ""), "B2": ("20", "")},
    }
    for org, given in plan.items():
        rb = body(rnd, org)
        s = by_code(rb)
        entries = {s[c].pk: {"points": p, "reason": why} for c, (p, why) in given.items()}
        services.score_body(actor=r.supervisor, round_body=rb, entries=entries)
    services.open_objections(actor=r.supervisor, round=rnd)
    return rnd


def test_objections_within_the_window_and_the_results(world: Any, clock: Any) -> None:
    r = world
    rnd = to_objection(r, clock)
    # 5 working days after Thursday 2027-01-21, the day itself not counted: 22, 25, 26, 27, 28.
    assert rnd.objection_due == dt.date(2027, 1, 28)
    assert Notification.objects.filter(recipient=r.head, kind="assessment.results").exists()
    edu, county = body(rnd, r.dept), body(rnd, r.county)
    a1 = by_code(edu)["A1"]
    with pytest.raises(PermissionDenied):
        services.file_objection(actor=r.county_head, round_body=edu, criterion=a1.criterion, text="不服")
    with pytest.raises(ValidationError):
        services.file_objection(actor=r.head, round_body=edu, criterion=a1.criterion, text=" ")
    objection = services.file_objection(
        actor=r.head, round_body=edu, criterion=a1.criterion, text="公开办已配备专职人员2名，附任命文件。"
    )
    services.confirm_results(actor=r.county_head, round_body=county)
    services.confirm_results(actor=r.office_head2, round_body=body(rnd, r.county_office))
    # Not yet: an objection is pending, and 县财政局 has neither objected nor accepted.
    assert len(services.finalize_problems(rnd, clock.today)) == 2
    with pytest.raises(ValidationError):
        services.finalize_round(actor=r.supervisor, round=rnd)

    with pytest.raises(PermissionDenied):
        services.decide_objection(actor=r.head, objection=objection, outcome="upheld", response="同意")
    with pytest.raises(ValidationError) as refused:  # a change of points needs its reason
        services.decide_objection(
            actor=r.supervisor,
            objection=objection,
            outcome=ObjectionOutcome.PARTLY,
            response="部分采纳",
            points="17",
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:  # a rejected objection changes nothing
        services.decide_objection(
            actor=r.supervisor, objection=objection, outcome=ObjectionOutcome.REJECTED, response="不予采纳",
            points="17", reason="x",
        )  # fmt: skip
    assert "outcome" in refused.value.message_dict
    services.decide_objection(
        actor=r.supervisor,
        objection=objection,
        outcome=ObjectionOutcome.PARTLY,
        response="专职人员属实，但未见分管领导调整文件。",
        points="17",
        reason="申辩材料证明专职人员到位",
    )
    edu.refresh_from_db()
    # A1 17 + B1 30 + B2 35 = 82.
    assert edu.total == Decimal("82.00")
    assert Notification.objects.filter(recipient=r.head, kind="assessment.objection_decided").exists()
    with pytest.raises(PermissionDenied):  # decided once
        services.decide_objection(actor=r.supervisor, objection=objection, outcome="upheld", response="再议")

    # After the window (2027-01-28): no objection, and the round can be finalized.
    clock.set(dt.date(2027, 1, 29))
    fin = body(rnd, r.county_dept)
    with pytest.raises(ValidationError) as late:
        services.file_objection(actor=r.fin_head, round_body=fin, criterion=None, text="迟到的申辩")
    assert "2027-01-28" in late.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.finalize_round(actor=r.head, round=rnd)
    services.finalize_round(actor=r.supervisor, round=rnd)
    assert rnd.state == RoundState.FINAL
    results = {
        rb.organization.slug: (rb.total, rb.vetoes, rb.grade, rb.rank, rb.rank_tied, rb.band, rb.state)
        for rb in rnd.bodies.select_related("organization")
    }
    # 政府部门: 市教育局 82 and 县政府办 82 (A1 17 + B1 30 + B2 35) tie at 1; 县财政局 70
    # (A1 10 + B1 40 + B2 20) is vetoed (5 empty columns) and ranked after them. Top share 0.5 of 3
    # = 1 place, the tie at its boundary included: both 先进; the vetoed body 不合格. Bands: 2 bodies
    # without a veto, 第一档 holds floor(0.5 × 2) = 1 place, read at the tie's rank 1 — both.
    # 人民政府: the county alone, 100; floor(0.5 × 1) = 0 top places, so 合格 (≥ 67); 第二档.
    final = RoundBodyState.FINAL
    assert results == {
        "edu": (Decimal("82.00"), [], "先进", 1, True, "第一档", final),
        "county-office": (Decimal("82.00"), [], "先进", 1, True, "第一档", final),
        "county-finance": (Decimal("70.00"), ["V"], "不合格", 3, False, "第二档", final),
        "county": (Decimal("100.00"), [], "合格", 1, False, "第二档", final),
    }
    with pytest.raises(PermissionDenied):  # final: nothing moves any more
        services.finalize_round(actor=r.supervisor, round=rnd)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assessment.round_created",
        "assessment.round_opened",
        "assessment.report_saved",
        "assessment.evidence_added",
        "assessment.report_submitted",
        "assessment.scoring_started",
        "assessment.body_scored",
        "assessment.objections_opened",
        "assessment.objection_filed",
        "assessment.results_confirmed",
        "assessment.objection_decided",
        "assessment.round_finalized",
    } <= actions
    assert Notification.objects.filter(recipient=r.fin_head, kind="assessment.final").exists()


def test_inbox_and_screens_follow_the_round(world: Any, clock: Any, client: Any) -> None:
    """ "我的工作" shows each person their part of a round; the screens show a body its own report
    only (another body's page is a 404), and nobody but the supervisor the scoring screen."""
    from django.urls import reverse

    from gongkai.assessment.hooks.rounds import entries

    r = world
    rnd = opened(r)

    def keys(user: Any) -> dict[str, int]:
        user.__dict__.pop("_gongkai_roles", None)
        return {e.key: e.count for e in entries(user, clock.today)}

    assert keys(r.head) == {"assessment.self_report": 1}
    assert keys(r.supervisor) == {}
    assert keys(r.editor) == {}
    write(r, rnd, r.dept, r.head, "18", "35")
    assert keys(r.head) == {}
    clock.set(dt.date(2027, 1, 21))
    services.start_scoring(actor=r.supervisor, round=rnd)
    assert keys(r.supervisor) == {"assessment.to_score": 4}

    edu, fin = body(rnd, r.dept), body(rnd, r.county_dept)
    client.force_login(r.head)
    assert client.get(reverse("backoffice:assessment_round_body", args=[rnd.pk, edu.pk])).status_code == 200
    assert client.get(reverse("backoffice:assessment_round_body", args=[rnd.pk, fin.pk])).status_code == 404
    assert client.get(reverse("backoffice:assessment_score", args=[rnd.pk, edu.pk])).status_code == 403
    page = client.get(reverse("backoffice:assessment_round", args=[rnd.pk])).content.decode()
    assert "测试市教育局" in page and "测试县财政局" not in page
    client.force_login(r.editor)  # no role that reads the report
    assert client.get(reverse("backoffice:assessment_round", args=[rnd.pk])).status_code == 404
    client.force_login(r.supervisor)
    s = by_code(edu)
    response = client.post(
        reverse("backoffice:assessment_score", args=[rnd.pk, edu.pk]),
        {f"points_{s['A1'].pk}": "12", f"reason_{s['A1'].pk}": ""},
    )
    assert response.status_code == 400  # the reason is missing; what was typed stays
    assert "评定分与自评分不同，请说明调整理由" in response.content.decode()
    assert 'value="12"' in response.content.decode()
