"""A 单项否决 is yes or no (UX walk): the scoring screen and the objection screen offer 否决 / 不否决,
never a number; the service takes that choice (``services.rounds.parse_veto``) and refuses anything
else with a Chinese message on the field — a 400, never a 500; a veto decided by the scheme's rules
gets no input at all (the kernel reads only the indicators for it).

The scheme: A1 工作机构 (manual, 100), H 重大舆情处置不力 (veto without rules: chosen by hand),
V 空白栏目 (veto: columns_empty ≥ 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gongkai.assessment import indicators
from gongkai.assessment.indicators import Figure
from gongkai.assessment.models import Criterion, CriterionKind, Objection, Round, Scheme, SchemeState
from gongkai.assessment.services import rounds as services
from gongkai.testing import login_verified

pytestmark = pytest.mark.django_db

CONFIG: dict[str, Any] = {
    "groups": [{"code": "department", "label": "政府部门", "kinds": ["department"]}],
    "default_group": "department",
    "grades": {
        "bands": [{"from": "0", "grade": "不合格"}, {"from": "60", "grade": "合格"}],
        "veto_grade": "不合格",
    },
}


def _scheme() -> Scheme:
    scheme = Scheme.objects.create(
        code="veto", name="测试细则", source_document="测试文件", state=SchemeState.PUBLISHED, config=CONFIG
    )
    c = Criterion.objects.create
    c(scheme=scheme, code="A1", title="工作机构", kind=CriterionKind.MANUAL, max_points=100, position=1)
    c(scheme=scheme, code="H", title="重大舆情处置不力", kind=CriterionKind.VETO, max_points=0, position=2)
    c(
        scheme=scheme,
        code="V",
        title="空白栏目",
        kind=CriterionKind.VETO,
        max_points=0,
        position=3,
        rules=[{"type": "veto", "indicator": "columns_empty", "op": "ge", "value": "5"}],
    )
    return scheme


@pytest.fixture
def scored(region: Any, clock: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A round of 2026 with the bureau's report submitted and scoring begun."""
    clock.set(dt.date(2027, 1, 11))
    monkeypatch.setattr(
        indicators,
        "compute",
        lambda period, ids, codes=None: {pk: {"columns_empty": Figure(1)} for pk in ids},
    )
    rnd = services.create_round(
        actor=region.supervisor,
        authority=region.office,
        fields={
            "title": "2026年度政务公开考核",
            "period_start": dt.date(2026, 1, 1),
            "period_end": dt.date(2026, 12, 31),
            "scheme": _scheme(),
            "self_assessment_due": dt.date(2027, 1, 20),
            "objection_days": 5,
            "bodies": [region.dept.pk],
        },
    )
    services.open_round(actor=region.supervisor, round=rnd)
    rb = rnd.bodies.get()
    s = _scores(rb)
    services.save_report(
        actor=region.head,
        round_body=rb,
        summary="总体情况。",
        entries={s["A1"].pk: {"points": "90", "note": "设有公开办"}},
    )
    services.submit_report(actor=region.head, round_body=rb)
    rnd.refresh_from_db()
    services.start_scoring(actor=region.supervisor, round=rnd)
    rb.refresh_from_db()
    return rb


def _scores(rb: Any) -> dict[str, Any]:
    return {s.criterion.code: s for s in rb.scores.select_related("criterion")}


def _url(rb: Any) -> str:
    return f"/staff/assessment/rounds/{rb.round_id}/bodies/{rb.pk}/score/"


def test_the_service_takes_veto_or_no_veto_and_refuses_the_rest(region: Any, scored: Any) -> None:
    rb, s = scored, _scores(scored)
    assert services.parse_veto("1", "f") == 1 and services.parse_veto("0.00", "f") == 0
    assert services.parse_veto(True, "f") == 1 and services.parse_veto("", "f") is None
    for bad in ("2", "0.5", "否决", "nan", "-1"):
        with pytest.raises(ValidationError) as err:
            services.score_body(actor=region.supervisor, round_body=rb, entries={s["H"].pk: {"points": bad}})
        assert err.value.message_dict == {f"points_{s['H'].pk}": ["单项否决只能选择“否决”或“不否决”。"]}
    # A veto by the rules is the rules': a hand-given 否决 is refused.
    with pytest.raises(ValidationError) as err:
        services.score_body(actor=region.supervisor, round_body=rb, entries={s["V"].pk: {"points": "1"}})
    assert err.value.message_dict == {
        f"points_{s['V'].pk}": ["“V 空白栏目”按考核方案的规则判定，不能人工评定。"]
    }
    services.score_body(actor=region.supervisor, round_body=rb, entries={s["H"].pk: {"points": "1"}})
    rb.refresh_from_db()
    assert rb.vetoes == ["H"]
    services.score_body(actor=region.supervisor, round_body=rb, entries={s["H"].pk: {"points": "0"}})
    rb.refresh_from_db()
    assert rb.vetoes == []


def test_the_scoring_screen_offers_a_choice_and_answers_bad_input_with_400(
    region: Any, scored: Any, client: Any
) -> None:
    rb, s = scored, _scores(scored)
    login_verified(client, region.supervisor)
    page = client.get(_url(rb)).content.decode()
    h, v = s["H"].pk, s["V"].pk
    assert f'type="radio" name="points_{h}" value="1"' in page and "否决" in page
    assert f'type="radio" name="points_{h}" value="0"' in page and "不否决" in page
    assert f'name="points_{h}" value="0" required' not in page  # nothing forces a choice
    assert f'value="0" id="id_points_{h}_1" checked' in page  # nobody gave it: 不否决
    assert f'name="points_{v}"' not in page and "按考核方案的规则判定" in page
    assert f'type="text" name="points_{h}"' not in page
    base = {f"points_{s['A1'].pk}": "90"}
    bad = client.post(_url(rb), {**base, f"points_{h}": "2"})
    assert bad.status_code == 400 and "请选择“否决”或“不否决”。" in bad.content.decode()
    forged = client.post(_url(rb), {**base, f"points_{v}": "1"})  # no field for it: ignored
    assert forged.status_code == 302
    ok = client.post(_url(rb), {**base, f"points_{h}": "1", f"reason_{h}": "发生重大舆情处置不力"})
    assert ok.status_code == 302
    rb.refresh_from_db()
    assert rb.vetoes == ["H"] and rb.grade == "" and _scores(rb)["V"].final_points == 0
    # A veto by the rules shows what the rules give, as the figures stand.
    rb.indicators = {"columns_empty": {"value": "5"}}
    rb.save(update_fields=["indicators"])
    row = client.get(_url(rb)).content.decode().split('id="criterion-V"')[1].split("</tr>")[0]
    assert "<strong>否决</strong>" in row and "按考核方案的规则判定" in row


def test_the_objection_screen_changes_a_veto_by_choice(region: Any, scored: Any, client: Any) -> None:
    rb, s = scored, _scores(scored)
    services.score_body(actor=region.supervisor, round_body=rb, entries={s["H"].pk: {"points": "1"}})
    services.open_objections(actor=region.supervisor, round=Round.objects.get(pk=rb.round_id))
    rb.refresh_from_db()
    on_hand = services.file_objection(
        actor=region.head, round_body=rb, criterion=s["H"].criterion, text="舆情已按预案及时处置。"
    )
    rb.refresh_from_db()
    on_rules = services.file_objection(
        actor=region.head, round_body=rb, criterion=s["V"].criterion, text="栏目并非空白。"
    )
    login_verified(client, region.supervisor)
    url = f"/staff/assessment/rounds/{rb.round_id}/objections/{on_hand.pk}/"
    page = client.get(url).content.decode()
    assert 'type="radio" name="points" value=""' in page and "不调整" in page
    assert 'type="radio" name="points" value="0"' in page and 'type="text" name="points"' not in page
    bad = client.post(url, {"outcome": "upheld", "response": "采纳。", "points": "0.5"})
    assert bad.status_code == 400 and "请选择“否决”或“不否决”。" in bad.content.decode()
    done = client.post(
        url,
        {"outcome": "upheld", "response": "经核实，舆情已及时处置。", "points": "0", "reason": "申辩属实"},
    )
    assert done.status_code == 302
    rb.refresh_from_db()
    assert rb.vetoes == [] and Objection.objects.get(pk=on_hand.pk).outcome == "upheld"
    # A veto by the rules cannot be changed here: no input, a word of why.
    page = client.get(f"/staff/assessment/rounds/{rb.round_id}/objections/{on_rules.pk}/").content.decode()
    assert 'name="points"' not in page and "不能在申辩处理中人工调整" in page
    with pytest.raises(ValidationError):
        services.decide_objection(
            actor=region.supervisor,
            objection=on_rules,
            outcome="upheld",
            response="采纳",
            points="1",
            reason="x",
        )
