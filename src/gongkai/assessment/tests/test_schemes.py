"""Assessment schemes (docs/SPEC.md §7): the shipped templates, the scheme services (copy, versions,
criteria, publish frozen, retire, who may), the diff of two versions, and recomputing a closed round
under a corrected version — every figure worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.assessment import scoring, shipped
from gongkai.assessment.models import (
    Criterion,
    CriterionKind,
    CriterionScore,
    Recomputation,
    Round,
    RoundBody,
    RoundState,
    Scheme,
    SchemeState,
)
from gongkai.assessment.schemes import config_words, diff, rule_words, spec_of, tree
from gongkai.assessment.services import recompute as recompute_services
from gongkai.assessment.services import schemes as svc
from gongkai.audit.models import AuditEvent
from gongkai.testing import OrganizationFactory, UserFactory


def template(code: str) -> Scheme:
    return Scheme.objects.get(authority=None, code=code, version=1)


# -- the shipped templates -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_longchuan_template_keeps_seed_003s_figures() -> None:
    scheme = template(shipped.LONGCHUAN)
    assert scheme.state == SchemeState.PUBLISHED and scheme.authority is None
    assert (
        scheme.source_document == "《陇川县政府信息公开工作评议考核办法》及陇川县政府信息公开目标评议考核细则"
    )
    assert "合计95分（非100分）" in scheme.source_note
    rows = [(c.code, c.title, c.kind, c.max_points) for c in scheme.criteria.order_by("position")]
    assert rows == [
        ("一", "组织领导和机构情况", "manual", D("20")),
        ("二", "制度建设与监督检查", "manual", D("15")),
        ("三", "政府信息公开的内容", "manual", D("20")),
        ("四", "政府信息公开的形式", "manual", D("20")),
        ("五", "政府信息公开的实效", "manual", D("20")),
    ]
    spec = spec_of(scheme)
    assert scoring.check_scheme(spec) == []
    assert scoring.max_points_of(spec, "") == D("95")
    second = scheme.criteria.get(code="二")
    assert second.rules == [{"type": "checklist", "label": "未建立奖惩机制", "points": "5"}]
    # the seed's 镇: 二 scored 15 − 5 = 10 (未建立奖惩机制扣5分), the other parts full: 85 of 95
    assert scoring.checklist_points(spec.by_code()["二"], [0]) == D("10")
    result = scoring.score(spec, "", {}, {"一": D(20), "二": D(10), "三": D(20), "四": D(20), "五": D(20)})
    assert result.raw_total == D("90") and result.max_points == D("95")


@pytest.mark.django_db
def test_the_standard_template_follows_spec_7() -> None:
    spec = spec_of(template(shipped.STANDARD))
    assert scoring.check_scheme(spec) == []
    assert scoring.max_points_of(spec, "government") == D("100")
    assert scoring.max_points_of(spec, "department") == D("100")
    assert scoring.max_points_of(spec, "no_service") == D("75")
    assert scoring.peer_group(spec, "government", "township") == "government"
    assert scoring.peer_group(spec, "department", "county") == "department"
    clean = {
        "items_late": 0,
        "metadata_missing": 0,
        "requests_overdue": 0,
        "appeals_corrected": 0,
        "annual_report_on_time": 1,
        "columns_empty": 0,
        "columns_stale": 0,
        "messages_unanswered_3_months": 0,
    }
    manual = {"3.2": D(5), "4.1": D(10), "4.2": D(10), "4.3": D(10)}
    assert scoring.score(spec, "department", clean, manual).total == D("100.00")
    # 2 late items (−10), 3 missing fields (−3), 1 overdue request (−6), 1 corrected (−3), report late (−5),
    # 未建立奖惩机制 (4.2: 5 of 10): 100 − 10 − 3 − 6 − 3 − 5 − 5 = 68 → 合格
    worse = {**clean, "items_late": 2, "metadata_missing": 3, "requests_overdue": 1, "appeals_corrected": 1}
    worse["annual_report_on_time"] = 0
    result = scoring.score(spec, "department", worse, {**manual, "4.2": D(5)})
    assert result.total == D("68.00")
    assert scoring.grade(spec, {"x": result.total}, set()) == {"x": "合格"}
    # without public-service functions: no 依申请公开; 75 − 10 − 3 − 5 − 5 = 52 × 4/3 = 69.33
    result = scoring.score(spec, "no_service", worse, {**manual, "4.2": D(5)})
    assert (result.raw_total, result.total) == (D("52.00"), D("69.33"))
    # 5 stale columns: vetoed whatever the score
    vetoed = scoring.score(spec, "department", {**clean, "columns_stale": 5}, manual)
    assert vetoed.vetoes == ("5",) and vetoed.total == D("100.00")
    assert scoring.grade(spec, {"x": vetoed.total}, {"x"}) == {"x": "不合格"}


@pytest.mark.django_db
def test_syncing_the_templates_again_changes_nothing() -> None:
    before = Criterion.objects.filter(scheme__authority=None).count()
    shipped.sync_shipped_schemes()
    assert Criterion.objects.filter(scheme__authority=None).count() == before


@pytest.mark.django_db
def test_rules_and_config_in_words() -> None:
    scheme = template(shipped.STANDARD)
    assert (
        rule_words("indicator", scheme.criteria.get(code="1.1").rules[0])
        == "超过20个工作日公开的信息：每项扣5分"
    )
    assert rule_words("indicator", scheme.criteria.get(code="3.1").rules[0]) == "年度报告未按时公布的，扣5分"
    assert (
        rule_words("veto", scheme.criteria.get(code="6").rules[0])
        == "超过3个月未答复的有效留言 ≥ 1 时单项否决"
    )
    assert rule_words("manual", scheme.criteria.get(code="4.2").rules[0]) == "未建立奖惩机制扣5分"
    assert (
        rule_words(
            "indicator",
            {"type": "rate", "indicator": "x", "label": "满意率", "zero_at": "0.6", "full_at": "1"},
        )
        == "按满意率计分：60%及以下0分，100%及以上满分，其间按比例；无数据或样本不足时计满分"
    )
    assert config_words(scheme.config) == [
        "参评分组“人民政府”",
        "参评分组“政府部门”",
        "参评分组“无公共服务职能的单位”（由组织考核机关指定）：得分乘以4/3折算",
        "0分至不足60分为“不合格”",
        "60分至不足67分为“基本合格”",
        "67分及以上为“合格”",
        "触发单项否决的，评为“不合格”",
        "同组得分前25%（向下取整，末位同分者并列）评为“先进”，须达到67分",
    ]
    assert [(n.criterion.code, n.depth) for n in tree(scheme)][:4] == [
        ("1", 0),
        ("1.1", 1),
        ("1.2", 1),
        ("2", 0),
    ]


# -- the services ----------------------------------------------------------------------------------


def test_who_opens_the_schemes(region: Any) -> None:
    assert svc.can_open_schemes(region.supervisor)
    assert not svc.can_open_schemes(region.editor)
    assert not svc.can_open_schemes(region.head)
    admin = UserFactory.create(is_superuser=True)
    assert svc.can_open_schemes(admin)
    assert set(svc.visible_schemes(region.editor)) == set()
    assert {s.code for s in svc.visible_schemes(region.supervisor)} >= {"longchuan", "standard"}


def test_copy_a_template_edit_publish_and_it_is_frozen(region: Any) -> None:
    copy = svc.copy_template(
        actor=region.supervisor, template=template(shipped.LONGCHUAN), authority=region.office
    )
    assert (copy.authority, copy.code, copy.version, copy.state) == (
        region.office,
        "longchuan",
        1,
        SchemeState.DRAFT,
    )
    assert copy.criteria.count() == 5
    with pytest.raises(ValidationError):  # one draft at a time
        svc.copy_template(
            actor=region.supervisor, template=template(shipped.LONGCHUAN), authority=region.office
        )
    # the authority states its grades (the source has none)
    svc.update_scheme(
        actor=region.supervisor,
        scheme=copy,
        fields={
            "name": copy.name,
            "source_document": copy.source_document,
            "source_note": copy.source_note,
            "config": '{"grades": {"bands": [{"from": "0", "grade": "不合格"}, '
            '{"from": "57", "grade": "合格"}]}}',
        },
    )
    copy.refresh_from_db()
    assert copy.config["grades"]["bands"][1] == {"from": "57", "grade": "合格"}
    with pytest.raises(ValidationError) as bad:
        svc.update_scheme(
            actor=region.supervisor, scheme=copy, fields={"name": "x", "source_document": "y", "config": "{"}
        )
    assert "config" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        svc.update_scheme(
            actor=region.supervisor,
            scheme=copy,
            fields={
                "name": "x",
                "source_document": "y",
                "config": '{"groups": [{"code": "a", "scale": "0"}]}',
            },
        )
    assert bad.value.message_dict["config"] == ["参评分组“a”的折算系数（scale）应为正数，如 1 或 4/3"]
    # a bad rule is refused with the kernel's words
    first = copy.criteria.get(code="一")
    fields = {
        "code": "一",
        "title": first.title,
        "kind": "manual",
        "max_points": "20",
        "rules": '[{"type": "per_unit"}]',
    }
    with pytest.raises(ValidationError) as bad:
        svc.save_criterion(actor=region.supervisor, scheme=copy, criterion=first, fields=fields)
    assert bad.value.message_dict["rules"] == [
        "“一 组织领导和机构情况”的第1条规则：类型“per_unit”不适用于此计分方式（可用：checklist）"
    ]
    fields["rules"] = '[{"type": "checklist", "label": "未成立领导小组", "points": "10"}]'
    svc.save_criterion(actor=region.supervisor, scheme=copy, criterion=first, fields=fields)
    first.refresh_from_db()
    assert first.rules == [{"type": "checklist", "label": "未成立领导小组", "points": "10"}]
    svc.publish_scheme(actor=region.supervisor, scheme=copy)
    copy.refresh_from_db()
    assert copy.state == SchemeState.PUBLISHED and copy.published_at is not None
    with pytest.raises(ValidationError):
        svc.save_criterion(actor=region.supervisor, scheme=copy, criterion=first, fields=fields)
    with pytest.raises(ValidationError):
        svc.delete_criterion(actor=region.supervisor, criterion=first)
    actions = list(
        AuditEvent.objects.filter(action__startswith="assessment.scheme").values_list("action", flat=True)
    )
    assert "assessment.scheme_copied" in actions and "assessment.scheme_published" in actions


def test_a_new_version_supersedes_and_retires_the_old_on_publishing(region: Any) -> None:
    v1 = svc.copy_template(
        actor=region.supervisor, template=template(shipped.STANDARD), authority=region.office
    )
    svc.publish_scheme(actor=region.supervisor, scheme=v1)
    v2 = svc.new_version(actor=region.supervisor, scheme=v1)
    assert (v2.version, v2.supersedes, v2.state) == (2, v1, SchemeState.DRAFT)
    with pytest.raises(ValidationError):
        svc.new_version(actor=region.supervisor, scheme=v1)
    late = v2.criteria.get(code="1.1")
    svc.save_criterion(
        actor=region.supervisor,
        scheme=v2,
        criterion=late,
        fields={
            "code": "1.1",
            "title": "公开时效",
            "kind": "indicator",
            "max_points": "20",
            "parent": late.parent_id,
            "rules": '[{"type": "per_unit", "indicator": "items_late", "points": "3", '
            '"label": "超过20个工作日公开的信息"}]',
            "guidance": late.guidance,
        },
    )
    changes = diff(v1, v2)
    assert [(c.code, c.change, c.fields) for c in changes.criteria] == [
        (
            "1.1",
            "changed",
            (("计分规则", "超过20个工作日公开的信息：每项扣5分", "超过20个工作日公开的信息：每项扣3分"),),
        )
    ]
    svc.publish_scheme(actor=region.supervisor, scheme=v2)
    v1.refresh_from_db()
    assert v1.state == SchemeState.RETIRED
    svc.retire_scheme(actor=region.supervisor, scheme=v2)
    assert Scheme.objects.get(pk=v2.pk).state == SchemeState.RETIRED


def test_a_draft_with_problems_is_not_published(region: Any) -> None:
    scheme = svc.create_scheme(
        actor=region.supervisor,
        authority=region.office,
        fields={"code": "own", "name": "本市考核细则", "source_document": "《测试市考核办法》"},
    )
    with pytest.raises(ValidationError) as bad:
        svc.publish_scheme(actor=region.supervisor, scheme=scheme)
    assert bad.value.messages == ["方案还没有考核指标。"]
    group = svc.save_criterion(
        actor=region.supervisor,
        scheme=scheme,
        criterion=None,
        fields={"code": "1", "title": "主动公开", "kind": "group", "max_points": "30"},
    )
    svc.save_criterion(
        actor=region.supervisor,
        scheme=scheme,
        criterion=None,
        fields={
            "code": "1.1",
            "title": "公开时效",
            "kind": "manual",
            "max_points": "20",
            "parent": str(group.pk),
        },
    )
    with pytest.raises(ValidationError) as bad:
        svc.publish_scheme(actor=region.supervisor, scheme=scheme)
    assert bad.value.messages == ["分类“1 主动公开”分值30分，其下各项合计20分"]
    with pytest.raises(ValidationError) as bad:
        svc.save_criterion(
            actor=region.supervisor,
            scheme=scheme,
            criterion=None,
            fields={"code": "1.1", "title": "重复", "kind": "manual", "max_points": "10"},
        )
    assert bad.value.message_dict["code"] == ["本方案已有编号为“1.1”的指标。"]
    with pytest.raises(ValidationError) as bad:
        svc.delete_criterion(actor=region.supervisor, criterion=group)
    assert bad.value.messages == ["请先删除或移走其下的指标。"]


def test_only_the_authoritys_supervisors_change_its_schemes(region: Any) -> None:
    copy = svc.copy_template(
        actor=region.supervisor, template=template(shipped.STANDARD), authority=region.office
    )
    for user in (region.editor, region.head, region.outsider):
        assert not svc.can_manage(user, copy)
        with pytest.raises(PermissionDenied):
            svc.publish_scheme(actor=user, scheme=copy)
        with pytest.raises(PermissionDenied):
            svc.copy_template(actor=user, template=template(shipped.STANDARD), authority=region.office)
    # the templates are the system administrators'
    with pytest.raises(PermissionDenied):
        svc.new_version(actor=region.supervisor, scheme=template(shipped.STANDARD))


# -- recomputing a closed round --------------------------------------------------------------------

CONFIG = {
    "groups": [{"code": "department", "label": "市直部门", "kinds": ["department"], "scale": "1"}],
    "default_group": "department",
    "grades": {
        "bands": [{"from": "0", "grade": "不合格"}, {"from": "30", "grade": "合格"}],
        "veto_grade": "不合格",
        "top": {"share": "0.25", "grade": "先进"},
    },
}


def _scheme_v1(region: Any) -> Scheme:
    scheme = Scheme.objects.create(
        authority=region.office,
        code="city",
        version=1,
        name="测试市考核细则",
        source_document="《测试市政务公开考核办法》",
        state=SchemeState.PUBLISHED,
        config=CONFIG,
    )
    Criterion.objects.create(
        scheme=scheme,
        code="1",
        title="公开时效",
        kind=CriterionKind.INDICATOR,
        max_points=D(30),
        position=10,
        rules=[{"type": "per_unit", "indicator": "items_late", "points": "5", "label": "逾期发布"}],
    )
    Criterion.objects.create(
        scheme=scheme, code="2", title="组织保障", kind=CriterionKind.MANUAL, max_points=D(20), position=20
    )
    Criterion.objects.create(
        scheme=scheme,
        code="3",
        title="空白栏目",
        kind=CriterionKind.VETO,
        position=30,
        rules=[{"type": "veto", "indicator": "columns_empty", "op": "ge", "value": "5", "label": "空白栏目"}],
    )
    return scheme


def _final_round(region: Any, scheme: Scheme) -> tuple[Round, dict[str, RoundBody]]:
    rnd = Round.objects.create(
        authority=region.office,
        title="2026年度政务公开考核",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        scheme=scheme,
        state=RoundState.FINAL,
    )
    crit = {c.code: c for c in scheme.criteria.all()}
    # (items late, columns empty, final points of 1 (None: the computation), of 2, total, grade, rank)
    rows = {
        "A": (0, 0, None, "12", "42", "先进", 1),
        "B": (2, 0, None, "20", "40", "合格", 2),
        "D": (4, 0, "25", "10", "35", "合格", 3),  # 1 overridden: 25 where the rules gave 10
        "C": (1, 5, None, "20", "45", "不合格", 4),  # vetoed: ranked last
    }
    bodies = {}
    for name, (late, empty, override, manual, total, grade, rank) in rows.items():
        org = (
            region.dept
            if name == "A"
            else OrganizationFactory.create(name=f"测试市{name}局", parent=region.city)
        )
        computed = max(D(30) - 5 * late, D(0))
        rb = RoundBody.objects.create(
            round=rnd,
            organization=org,
            peer_group="department",
            indicators={"items_late": {"value": str(late)}, "columns_empty": {"value": str(empty)}},
            raw_total=D(total),
            total=D(total),
            vetoes=["3"] if empty >= 5 else [],
            grade=grade,
            rank=rank,
        )
        CriterionScore.objects.create(
            round_body=rb, criterion=crit["1"], computed_points=computed, final_points=D(override or computed)
        )
        CriterionScore.objects.create(round_body=rb, criterion=crit["2"], final_points=D(manual))
        CriterionScore.objects.create(round_body=rb, criterion=crit["3"], computed_points=D(0))
        bodies[name] = rb
    return rnd, bodies


def test_recompute_a_closed_round_under_the_corrected_version(region: Any) -> None:
    v1 = _scheme_v1(region)
    rnd, bodies = _final_round(region, v1)
    v2 = svc.new_version(actor=region.supervisor, scheme=v1)
    c1 = v2.criteria.get(code="1")
    svc.save_criterion(
        actor=region.supervisor,
        scheme=v2,
        criterion=c1,
        fields={
            "code": "1",
            "title": "公开时效",
            "kind": "indicator",
            "max_points": "30",
            "rules": '[{"type": "per_unit", "indicator": "items_late", "points": "3", "label": "逾期发布"}]',
        },
    )
    svc.publish_scheme(actor=region.supervisor, scheme=v2)
    assert recompute_services.candidates(rnd) == [v2]
    with pytest.raises(ValidationError) as bad:
        recompute_services.recompute_round(actor=region.supervisor, round=rnd, scheme=v2, reason=" ")
    assert bad.value.message_dict["reason"] == ["请说明重新计分的理由。"]
    with pytest.raises(PermissionDenied):
        recompute_services.recompute_round(actor=region.editor, round=rnd, scheme=v2, reason="更正")
    done = recompute_services.recompute_round(
        actor=region.supervisor, round=rnd, scheme=v2, reason="逾期发布每项扣分由5分更正为3分"
    )
    rnd.refresh_from_db()
    assert rnd.scheme == v2
    # A: 30 + 12 = 42 (no late item); B: 30 − 6 = 24, + 20 = 44; D: the override 25 stays, + 10 = 35;
    # C: 30 − 3 = 27, + 20 = 47, vetoed. B now first and 先进 (1 place of 4), A second.
    got = {}
    for name, rb in bodies.items():
        rb.refresh_from_db()
        got[name] = (rb.total, rb.grade, rb.rank, list(rb.vetoes))
    assert got == {
        "A": (D("42.00"), "合格", 2, []),
        "B": (D("44.00"), "先进", 1, []),
        "D": (D("35.00"), "合格", 3, []),
        "C": (D("47.00"), "不合格", 4, ["3"]),
    }
    score_b = bodies["B"].scores.get(criterion__code="1")
    assert (score_b.criterion.scheme, score_b.computed_points, score_b.final_points) == (
        v2,
        D("24.00"),
        D("24.00"),
    )
    score_d = bodies["D"].scores.get(criterion__code="1")
    assert (score_d.computed_points, score_d.final_points) == (D("18.00"), D("25.00"))
    assert Recomputation.objects.get() == done
    by_name = {c["name"]: c for c in done.changes}
    assert by_name["测试市B局"]["before"] == {
        "raw_total": "40.00",
        "total": "40.00",
        "grade": "合格",
        "rank": 2,
        "tied": False,
        "band": "",
        "vetoes": [],
    }
    assert by_name["测试市B局"]["after"]["total"] == "44.00" and by_name["测试市B局"]["after"]["rank"] == 1
    assert [(r["code"], r["before"], r["after"]) for r in by_name["测试市B局"]["criteria"]] == [
        ("1", "20.00", "24.00")
    ]
    assert by_name["测试市D局"]["criteria"] == []
    assert by_name["测试市教育局"]["changed"] and not by_name["测试市D局"]["changed"]
    event = AuditEvent.objects.get(action="assessment.round_recomputed")
    assert event.reason == "逾期发布每项扣分由5分更正为3分"
    # once recomputed, v2 is the round's scheme: nothing later to recompute under
    assert recompute_services.candidates(rnd) == []
