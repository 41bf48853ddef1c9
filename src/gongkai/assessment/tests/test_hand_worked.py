"""A round end to end against a table worked out by hand (issue 12, "Done when"): the records of five
bodies in March 2026 (items, requests, 互动 messages, ratings), the indicators the platform computes
from them, every criterion's points, the veto, the totals, the grades, the ranks with a tie, and the
rate ranking with its minimum sample — then the results 通报 and the paragraph of 第五十条.

Working days are those of the platform calendar for 2026 (State Council notice): 28 February is a
worked Saturday; March has no holiday. A request received on Mon 2 March is due Mon 30 March (20
working days, the day of receipt not counted, 2019 条例 第三十三条); one received on Mon 2 February is
due Fri 6 March (春节 15–23 February off, 14 and 28 February worked).

The scheme (a small one, written for the test; 100 points, deductions capped at each criterion's points):

== ================ ==== =====================================================================
1  公开时效         20   −5 per item published more than 20 working days after its formation (第二十六条)
2  依申请公开       30   −6 per overdue request
3  互动回应         20   −2 per overdue message
4  社会评价         10   满意率: 0 at or below 60 %, 10 at or above 90 %, linear between; no rating: 10
5  组织保障         20   scored by hand (自评, then 评定)
V  互动回应差       veto a message unanswered for more than 3 months (国办秘函〔2019〕19号)
== ================ ==== =====================================================================

Groups: 人民政府 (kind government), 部门 (the rest). Grades: < 60 不合格, ≥ 60 基本合格, ≥ 67 合格;
the best quarter of a group, floor(n × 0.25) places, ties at the boundary included, at least 67:
先进; a veto: 不合格. Minimum sample for the on-time rate of requests: 3.

The records and what the platform must compute from them (period 1–31 March 2026, as at its end):

- 教育局 (A, 部门): items formed 2 Mar, 27 Feb and 25 Mar, all published 30 Mar: 20, 22 and 3 working
  days → 1 late; median 20, 90th percentile (rank ⌈2.7⌉ = 3) 22, maximum 22. Requests: 4 received 2 Mar
  answered 30 Mar (on the due day), 1 received 2 Feb answered 10 Mar (due 6 Mar: late) → received 4
  (the February one counts in February), answered 5, on time 4 (80 %), overdue 1. A message
  received 2 Mar, due 9 Mar, answered 5 Mar: none overdue.
  Ratings: 8 满意, 2 不满意 → 80 %.
- 县财政局 (B, 部门): two items formed 27 Feb published 30 Mar (22 days) → 2 late. One request received
  2 Mar answered 30 Mar → 1 of 1 on time (sample 1 < 3: 样本不足). A message due 9 Mar answered 20 Mar
  → 1 overdue. No rating.
- 民政局 (C, 部门): no item. Two requests received 2 Feb never answered → open past their due date at
  31 March: 2 overdue, none answered (no rate). No message, no rating.
- 水利局 (D, 部门): a message received 1 Dec 2025, due 8 Dec 2025, never answered → 1 overdue and
  1 unanswered for more than 3 months → veto.
- 县人民政府 (E, 人民政府): three requests received 2 Mar answered 20 Mar → 3 of 3 on time (100 %).
  Ratings: 5 满意, 5 不满意 → 50 %.

==== ==== ==== ==== ======= ============== ======= ====== ======== ========== ==========
body  1    2    3    4       5 (self→final)  total   veto   grade    group rank rate rank
==== ==== ==== ==== ======= ============== ======= ====== ======== ========== ==========
A    15   24   20   6.67    18→15→17 (申辩) 82.67   —      合格     3          2 (80 %)
B    10   30   18   10      16             84      —      先进     1（并列）   样本不足（1）
C    20   18   20   10      16             84      —      先进     1（并列）   样本不足（0）
D    20   30   18   10      20             98      互动回应差 不合格 4          样本不足（0）
E    20   30   20   0       15             85      —      合格     1          1 (100 %)
==== ==== ==== ==== ======= ============== ======= ====== ======== ========== ==========

4 of A: 10 × (0.80 − 0.60) / (0.90 − 0.60) = 6.666… → 6.67. 部门 has 4 bodies: floor(4 × 0.25) = 1
place of 先进, taken by the best total not vetoed, 84 — and B and C tie there, so both are 先进; D
scores highest but is vetoed: 不合格 and ranked after every body of its group. 人民政府 has one body:
floor(0.25) = 0 places of 先进. Rate ranking of requests on time (min. 3): E 3/3 first, A 4/5 second
(Wilson 95 %: 37.6 %–96.4 %), B, C and D not ranked.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from gongkai.assessment import results, standings
from gongkai.assessment.bulletins import publish_bulletin
from gongkai.assessment.indicators import Figure
from gongkai.assessment.models import Criterion, CriterionKind, RoundBody, Scheme, SchemeState
from gongkai.assessment.services import rounds as svc
from gongkai.assessment.tests.records import make_message, make_request
from gongkai.orgs.models import RoleName
from gongkai.testing import OrganizationFactory, UserFactory, grant, make_item

pytestmark = pytest.mark.django_db

d = dt.date
_numbers = itertools.count(1)

CONFIG = {
    "groups": [
        {"code": "government", "label": "人民政府", "kinds": ["government"], "levels": [], "scale": "1"},
        {"code": "department", "label": "部门", "kinds": ["department"], "levels": [], "scale": "1"},
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
    "min_samples": {"requests_on_time": 3},
}


def _scheme(authority: Any) -> Scheme:
    scheme = Scheme.objects.create(
        authority=authority,
        code="hand-worked",
        name="政务公开工作考核细则（测试）",
        source_document="《测试市政务公开工作考核办法》",
        state=SchemeState.PUBLISHED,
        config=CONFIG,
    )

    def criterion(
        code: str, title: str, kind: str, points: int, rules: list[dict[str, str]], pos: int
    ) -> None:
        Criterion.objects.create(
            scheme=scheme, code=code, title=title, kind=kind, max_points=points, rules=rules, position=pos
        )

    per_unit = "per_unit"
    criterion("1", "公开时效", CriterionKind.INDICATOR, 20, [
        {"type": per_unit, "indicator": "items_late", "points": "5", "label": "超过20个工作日公开的信息"}
    ], 1)  # fmt: skip
    criterion("2", "依申请公开", CriterionKind.INDICATOR, 30, [
        {"type": per_unit, "indicator": "requests_overdue", "points": "6", "label": "逾期答复的申请"}
    ], 2)  # fmt: skip
    criterion("3", "互动回应", CriterionKind.INDICATOR, 20, [
        {"type": per_unit, "indicator": "messages_overdue", "points": "2", "label": "超期留言"}
    ], 3)  # fmt: skip
    criterion("4", "社会评价", CriterionKind.INDICATOR, 10, [
        {"type": "rate", "indicator": "satisfaction_rate", "zero_at": "0.6", "full_at": "0.9",
         "missing": "full"}
    ], 4)  # fmt: skip
    criterion("5", "组织保障", CriterionKind.MANUAL, 20, [], 5)
    criterion("V", "互动回应差", CriterionKind.VETO, 0, [
        {"type": "veto", "indicator": "messages_unanswered_3_months", "op": "ge", "value": "1",
         "label": "超过3个月未答复的留言"}
    ], 6)  # fmt: skip
    return scheme


def _ratings(org: Any, **grades: int) -> None:
    from gongkai.ratings.models import Rating

    for grade, count in grades.items():
        for i in range(count):
            day = d(2026, 3, 10 + i)
            Rating.objects.create(
                kind="body",
                organization=org,
                grade=grade,
                month=day.replace(day=1),
                created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
                token=f"t{next(_numbers)}",
            )


@pytest.fixture
def world(region: Any, clock: Any) -> dict[str, Any]:
    civil = OrganizationFactory.create(name="测试市民政局", slug="civil", parent=region.city, position=3)
    water = OrganizationFactory.create(name="测试市水利局", slug="water", parent=region.city, position=4)
    bodies = {"A": region.dept, "B": region.county_dept, "C": civil, "D": water, "E": region.county}
    heads = {"A": region.head}
    for key in "BCDE":
        user = UserFactory.create(username=f"head{key}", full_name=f"负责人{key}")
        heads[key] = grant(user, bodies[key], RoleName.OFFICE_HEAD)

    # Items, published on Mon 30 March 2026.
    clock.set(d(2026, 3, 30))
    for formed, title in [(d(2026, 3, 2), "甲"), (d(2026, 2, 27), "乙"), (d(2026, 3, 25), "丙")]:
        make_item(region=region, date_formed=formed, title=f"关于{title}事项的通知")
    for title in ("丁", "戊"):
        make_item(region=region, county=True, date_formed=d(2026, 2, 27), title=f"关于{title}事项的通知")

    clock.set(d(2026, 4, 1))
    for _ in range(4):
        make_request(bodies["A"], d(2026, 3, 2), answered=d(2026, 3, 30))
    make_request(bodies["A"], d(2026, 2, 2), answered=d(2026, 3, 10))
    make_request(bodies["B"], d(2026, 3, 2), answered=d(2026, 3, 30))
    make_request(bodies["C"], d(2026, 2, 2))
    make_request(bodies["C"], d(2026, 2, 2))
    for _ in range(3):
        make_request(bodies["E"], d(2026, 3, 2), answered=d(2026, 3, 20))

    make_message(bodies["A"], d(2026, 3, 2), d(2026, 3, 9), answered=d(2026, 3, 5))
    make_message(bodies["B"], d(2026, 3, 2), d(2026, 3, 9), answered=d(2026, 3, 20))
    make_message(bodies["D"], d(2025, 12, 1), d(2025, 12, 8))

    _ratings(bodies["A"], satisfied=8, unsatisfied=2)
    _ratings(bodies["E"], satisfied=5, unsatisfied=5)
    return {"bodies": bodies, "heads": heads, "scheme": _scheme(region.office)}


#: The indicators the platform must compute (the docstring's records).
EXPECTED_FIGURES = {
    #    items_late median p90 max  received answered on_time overdue  msg_overdue 3_months  satisfaction
    "A": (1, D("20.0"), 22, 22, 4, 5, (4, 5), 1, 0, 0, (D("0.8000"), 8, 10)),
    "B": (2, D("22.0"), 22, 22, 1, 1, (1, 1), 0, 1, 0, (None, 0, 0)),
    "C": (0, None, None, None, 0, 0, (0, 0), 2, 0, 0, (None, 0, 0)),
    "D": (0, None, None, None, 0, 0, (0, 0), 0, 1, 1, (None, 0, 0)),
    "E": (0, None, None, None, 3, 3, (3, 3), 0, 0, 0, (D("0.5000"), 5, 10)),
}

#: criterion → points, total, vetoes, grade, group rank, tied.
EXPECTED_RESULTS = {
    "A": ({"1": "15", "2": "24", "3": "20", "4": "6.67", "5": "17"}, "82.67", [], "合格", 3, False),
    "B": ({"1": "10", "2": "30", "3": "18", "4": "10", "5": "16"}, "84", [], "先进", 1, True),
    "C": ({"1": "20", "2": "18", "3": "20", "4": "10", "5": "16"}, "84", [], "先进", 1, True),
    "D": ({"1": "20", "2": "30", "3": "18", "4": "10", "5": "20"}, "98", ["V"], "不合格", 4, False),
    "E": ({"1": "20", "2": "30", "3": "20", "4": "0", "5": "15"}, "85", [], "合格", 1, False),
}
SELF_POINTS = {"A": 18, "B": 16, "C": 16, "D": 20, "E": 15}


def _figure(rb: RoundBody, code: str) -> Figure:
    return Figure.from_json(rb.indicators[code])


def _rb(the_round: Any, org: Any) -> RoundBody:
    return RoundBody.objects.get(round=the_round, organization=org)


def test_a_round_against_the_table_worked_by_hand(region: Any, clock: Any, world: dict[str, Any]) -> None:
    bodies, heads, sup = world["bodies"], world["heads"], region.supervisor
    clock.set(d(2026, 4, 1))
    the_round = svc.create_round(
        actor=sup,
        authority=region.office,
        fields={
            "title": "2026年3月政务公开考核",
            "period_start": d(2026, 3, 1),
            "period_end": d(2026, 3, 31),
            "scheme": world["scheme"],
            "self_assessment_due": d(2026, 4, 15),
            "objection_days": 5,
            "bodies": [o.pk for o in bodies.values()],
        },
    )
    svc.open_round(actor=sup, round=the_round)

    # -- the indicators, from the records ---------------------------------------------------------
    for key, expected in EXPECTED_FIGURES.items():
        rb = _rb(the_round, bodies[key])
        late, median, p90, top, received, answered, on_time, overdue, m_overdue, old, sat = expected
        got = (
            _figure(rb, "items_late").value,
            _figure(rb, "publish_days_median").value,
            _figure(rb, "publish_days_p90").value,
            _figure(rb, "publish_days_max").value,
            _figure(rb, "requests_received").value,
            _figure(rb, "requests_answered").value,
            (_figure(rb, "requests_on_time").count or 0, _figure(rb, "requests_on_time").sample or 0),
            _figure(rb, "requests_overdue").value,
            _figure(rb, "messages_overdue").value,
            _figure(rb, "messages_unanswered_3_months").value,
            (
                _figure(rb, "satisfaction_rate").value,
                _figure(rb, "satisfaction_rate").count or 0,
                _figure(rb, "satisfaction_rate").sample or 0,
            ),
        )
        assert got == (late, median, p90, top, received, answered, on_time, overdue, m_overdue, old, sat), key
    assert {k: _rb(the_round, o).peer_group for k, o in bodies.items()} == {
        "A": "department",
        "B": "department",
        "C": "department",
        "D": "department",
        "E": "government",
    }

    # -- the 自查报告: the hand-scored criterion, a note each -----------------------------------------
    for key, org in bodies.items():
        rb = _rb(the_round, org)
        entries = {
            s.pk: {"note": f"{s.criterion.title}：已按要求落实。", "points": SELF_POINTS[key]}
            if s.criterion.code == "5"
            else {"note": f"{s.criterion.title}：见平台数据。"}
            for s in rb.scores.select_related("criterion")
        }
        svc.save_report(actor=heads[key], round_body=rb, summary="本单位认真开展自查。", entries=entries)
        svc.submit_report(actor=heads[key], round_body=rb)
    assert _rb(the_round, bodies["A"]).self_total == D("83.67")  # 15 + 24 + 20 + 6.67 + 18

    # -- scoring: the supervisor lowers A's 5 from 18 to 15, with a reason --------------------------
    clock.set(d(2026, 4, 16))
    svc.start_scoring(actor=sup, round=the_round)
    for key, org in bodies.items():
        rb = _rb(the_round, org)
        entries = {}
        for s in rb.scores.select_related("criterion"):
            if key == "A" and s.criterion.code == "5":
                entries[s.pk] = {"points": "15", "reason": "未见年度工作要点印发文件。"}
            else:
                entries[s.pk] = {}
        svc.score_body(actor=sup, round_body=rb, entries=entries)
    assert _rb(the_round, bodies["A"]).total == D("80.67")

    # -- 申辩: A objects to 5 and is given 17; the others accept --------------------------------------
    svc.open_objections(actor=sup, round=the_round)
    a = _rb(the_round, bodies["A"])
    five = Criterion.objects.get(scheme=world["scheme"], code="5")
    objection = svc.file_objection(
        actor=heads["A"], round_body=a, criterion=five, text="年度工作要点已于2月印发，附文件。"
    )
    for key in "BCDE":
        svc.confirm_results(actor=heads[key], round_body=_rb(the_round, bodies[key]))
    svc.decide_objection(
        actor=sup,
        objection=objection,
        outcome="partly",
        response="文件已核实，但未明确责任分工。",
        points="17",
        reason="补充材料证明已印发工作要点。",
    )
    svc.finalize_round(actor=sup, round=the_round)

    # -- every criterion, total, veto, grade and rank ---------------------------------------------
    for key, (points, total, vetoes, grade, rank, tied) in EXPECTED_RESULTS.items():
        rb = _rb(the_round, bodies[key])
        finals = {s.criterion.code: s.final_points for s in rb.scores.select_related("criterion")}
        assert {c: finals[c] for c in points} == {c: D(p) for c, p in points.items()}, key
        assert (rb.total, rb.vetoes, rb.grade, rb.rank, rb.rank_tied) == (
            D(total),
            vetoes,
            grade,
            rank,
            tied,
        ), key

    # -- the rate ranking with its minimum sample ------------------------------------------------
    snapshots = {key: _figure(_rb(the_round, org), "requests_on_time") for key, org in bodies.items()}
    rates = standings.rate_ranking(
        {k: f.count or 0 for k, f in snapshots.items()},
        {k: f.sample or 0 for k, f in snapshots.items()},
        CONFIG["min_samples"]["requests_on_time"],  # type: ignore[index]
    )
    assert {k: (r.rank, r.label) for k, r in rates.items()} == {
        "A": (2, "80.0%（37.6%–96.4%）"),
        "B": (None, "样本不足（1）"),
        "C": (None, "样本不足（0）"),
        "D": (None, "样本不足（0）"),
        "E": (1, "100.0%（43.8%–100.0%）"),
    }

    # -- the 通报 and the paragraph of 第五十条 -----------------------------------------------------
    bulletin = results.generate_results_bulletin(actor=sup, the_round=the_round)
    publish_bulletin(actor=sup, bulletin=bulletin)
    assert "一、评定为“先进”的单位（2个）：测试县财政局、测试市民政局。" in bulletin.body
    assert "二、评定为“不合格”的单位（1个）：测试市水利局（单项否决：互动回应差）。" in bulletin.body
    assert results.report_paragraph(bodies["A"], 2026) == (
        "在测试市人民政府办公室组织的2026年3月政务公开考核中，本机关得分82.67分，等次为“合格”，在部门中排第3名。"
    )
