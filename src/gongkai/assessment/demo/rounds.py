"""The demo's assessment rounds of 宿州市政务公开办公室 (the city's competent authority), each run
through the real services (``assessment.services.rounds``) on the shipped standard scheme:

All three use the city's own 细则 (``CITY_SCHEME``), copied from the platform's standard template.

- **last year's annual round, finished**: every city department and county government wrote and
  submitted its 自查报告 (pre-filled from the platform's figures, with notes and 佐证材料), the
  supervisor scored — a few scores changed with a reason —, two bodies objected (one partly upheld,
  one rejected), the results were finalized (graded and ranked per peer group, a tie and whatever
  vetoes the platform's figures hold), and the results 通报 was generated and published;
- **the last complete quarter's round, being scored**: every report is in, about half scored; the
  demo ``supervisor`` has the rest to score;
- **this year's annual round, open**: some bodies have submitted; 市教育局's (the demo
  ``officehead``'s) 自查报告 is still to write.

Dates: the services stamp what they do with the real clock; the finished round's dates are then set
to when such a round runs (opened in early January, results in March), as a real one would hold.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.assessment.bulletins import publish_bulletin
from gongkai.assessment.demo import texts
from gongkai.assessment.models import (
    Bulletin,
    CriterionScore,
    Objection,
    Round,
    RoundBody,
    Scheme,
)
from gongkai.assessment.results import generate_results_bulletin
from gongkai.assessment.services import rounds as services
from gongkai.assessment.shipped import STANDARD, sync_shipped_schemes
from gongkai.core.samplefiles import make_pdf
from gongkai.orgs.models import Kind, Organization, Role, RoleName

#: The files a body attaches (佐证材料), by criterion code: the document's title.
EVIDENCE = {
    "4.1": "关于调整政务公开工作领导小组成员的通知",
    "4.2": "政府信息公开工作考核和责任追究办法",
    "4.3": "政务公开业务培训通知及签到表",
}
#: The supervisor's reasons for a change (评定分 ≠ 自评分).
REASONS = [
    "经抽查，部分信息发布不及时，佐证材料未体现整改情况。",
    "未提供业务培训的签到表和培训材料。",
    "制度未明确奖惩措施，按细则扣分。",
    "领导小组调整文件未印发，佐证材料不足。",
]


def _bodies(office: Organization) -> list[Organization]:
    """The bodies the city assesses: its departments and the county governments."""
    city = office.parent
    return list(
        Organization.objects.filter(parent=city, is_active=True, kind__in=[Kind.DEPARTMENT, Kind.GOVERNMENT])
        .exclude(pk=office.pk)
        .order_by("position", "pk")
    )


def _heads(bodies: list[Organization], users: dict[str, Any], department: Organization) -> dict[int, Any]:
    """The 公开工作机构负责人 who writes each body's 自查报告: the demo's ``officehead`` for 市教育局;
    for the others the body's own (``<slug>-head``, as the annual reports' demo makes them)."""
    password = users["editor"].password  # the demo password, hashed once already
    heads: dict[int, Any] = {department.pk: users["officehead"]}
    for org in bodies:
        if org.pk in heads:
            continue
        role = Role.objects.filter(organization=org, role=RoleName.OFFICE_HEAD).select_related("user").first()
        if role is not None:
            heads[org.pk] = role.user
            continue
        user, _ = User.objects.get_or_create(
            username=f"{org.slug}-head",
            defaults={
                "full_name": org.disclosure_office_head or f"{org.display_short}公开办负责人",
                "email": f"{org.slug}-head@example.gov.cn",
                "password": password,
            },
        )
        Role.objects.get_or_create(user=user, organization=org, role=RoleName.OFFICE_HEAD)
        heads[org.pk] = user
    return heads


#: The city's own 细则, made from the platform's standard template through the schemes' services:
#: empty and stale columns cost points within 公开要素 instead of vetoing the body (a local rule
#: many 细则 follow); the veto of a message unanswered for more than 3 months stays.
CITY_SCHEME = {
    "name": "宿州市政务公开工作考核细则",
    "source_document": "《宿州市政务公开工作考核办法》（宿州市政务公开办公室印发）",
    "source_note": (
        "以平台标准方案为基础制定：扣分制，满分100分，各项扣分以该项分值为限；空白栏目、未及时更新栏目"
        "在“公开要素和栏目维护”中扣分，不再单项否决；有效留言超过3个月未答复的，单项否决；低于60分为不合格，"
        "67分及以上为合格，同组前四分之一评为先进。"
    ),
}
COLUMN_RULES = [
    {"type": "per_unit", "indicator": "metadata_missing", "points": "1", "label": "缺失的元数据项"},
    {"type": "per_unit", "indicator": "columns_empty", "points": "1", "label": "空白栏目"},
    {"type": "per_unit", "indicator": "columns_stale", "points": "0.5", "label": "未及时更新栏目"},
]


def _scheme(office: Organization, supervisor: Any, published_on: dt.date | None = None) -> Scheme:
    from gongkai.assessment.services import schemes

    found = Scheme.objects.filter(authority=office, code=STANDARD, state="published").first()
    if found is not None:
        return found
    sync_shipped_schemes()
    template = Scheme.objects.get(authority=None, code=STANDARD, version=1)
    draft = schemes.copy_template(actor=supervisor, template=template, authority=office)
    draft = schemes.update_scheme(
        actor=supervisor, scheme=draft, fields={**CITY_SCHEME, "config": draft.config}
    )
    elements = draft.criteria.get(code="1.2")
    schemes.save_criterion(
        actor=supervisor,
        scheme=draft,
        criterion=elements,
        fields={
            "code": "1.2",
            "title": "公开要素和栏目维护",
            "kind": "indicator",
            "max_points": elements.max_points,
            "parent": elements.parent,
            "groups": [],
            "rules": json.dumps(COLUMN_RULES, ensure_ascii=False),
            "position": elements.position,
            "guidance": "公开信息的索引号、发布机构、成文日期、文号等要素齐全，每缺1项扣1分；"
            "栏目不得空白，每个空白栏目扣1分；栏目按更新周期更新，每个未及时更新的栏目扣0.5分。",
        },
    )
    schemes.delete_criterion(actor=supervisor, criterion=draft.criteria.get(code="5"))
    published = schemes.publish_scheme(actor=supervisor, scheme=draft)
    if published_on is not None:  # issued before the first round that uses it
        Scheme.objects.filter(pk=published.pk).update(published_at=_at(published_on))
    return published


def _self_points(rng: random.Random, score: CriterionScore, care: int) -> Decimal:
    """A body's self-score of a criterion: its maximum less what the body admits, in half points
    (``care``: how thorough the body's work is, 0 best … 4)."""
    top = Decimal(score.criterion.max_points)
    less = Decimal(rng.randint(0, 2 * care + 1)) / 2
    return max(Decimal(0), top - less)


def _write(rng: random.Random, rb: RoundBody, head: Any, *, submit: bool) -> None:
    """The body's 自查报告: its narrative and each criterion's 自查情况 written for it from its own
    figures (``demo/texts.py``), its self points, its 佐证材料."""
    care = rng.choice([0, 1, 1, 2, 2, 3, 4])
    scores = list(rb.scores.select_related("criterion").order_by("criterion__position", "pk"))
    org, rnd = rb.organization, rb.round
    entries: dict[int, dict[str, Any]] = {}
    for s in scores:
        if s.criterion.kind == "veto":
            continue
        short = Decimal(0)
        entry: dict[str, Any] = {}
        if services.hand_scored(s.criterion):
            points = _self_points(rng, s, care)
            entry["points"] = str(points)
            short = Decimal(s.criterion.max_points) - points
        c = s.criterion
        entry["note"] = texts.note(
            c.code, c.title, org, rb.indicators, rnd.period_start, rnd.period_end, short
        )
        entries[s.pk] = entry
    summary = texts.summary(org, rb.indicators, rnd.period_start, rnd.period_end)
    services.save_report(actor=head, round_body=rb, summary=summary, entries=entries)
    for s in scores:
        if s.criterion.evidence_required:
            title = EVIDENCE.get(s.criterion.code, s.criterion.title)
            # The same file for every body (the body is on the report, not in the file): identical
            # bytes are read once per process (``disclosure.services.content``), not once per body.
            pdf = make_pdf([title, "（佐证材料）"], title=title)
            services.add_evidence(actor=head, score=s, data=pdf, filename=f"{title}.pdf")
    if submit:
        services.submit_report(actor=head, round_body=rb)


def _score(rng: random.Random, rb: RoundBody, supervisor: Any, *, change: bool) -> None:
    entries: dict[int, dict[str, Any]] = {}
    changed = False
    for s in rb.scores.select_related("criterion").order_by("criterion__position", "pk"):
        lowered = change and not changed and s.criterion.kind == "manual"
        if lowered and s.self_points is not None and s.self_points >= 2 and rng.random() < 0.5:
            entries[s.pk] = {"points": str(s.self_points - 2), "reason": rng.choice(REASONS)}
            changed = True
            continue
        entries[s.pk] = {}
    services.score_body(actor=supervisor, round_body=rb, entries=entries)


def _tie(rbs: list[RoundBody], supervisor: Any) -> None:
    """Two bodies of one peer group, neither vetoed, on the same total: the supervisor's points of a
    criterion of the lower one are raised by the difference (a tie the ranking shows as 并列)."""
    best: tuple[Decimal, RoundBody, RoundBody] | None = None
    for a in rbs:
        for b in rbs:
            if a.pk == b.pk or a.peer_group != b.peer_group or a.vetoes or b.vetoes:
                continue
            if a.total is None or b.total is None or not a.total > b.total:
                continue
            gap = a.total - b.total
            if best is None or gap < best[0]:
                best = (gap, a, b)
    if best is None:
        return
    gap, _higher, lower = best
    for s in lower.scores.select_related("criterion").filter(criterion__kind="manual"):
        points = s.final_points if s.final_points is not None else s.self_points
        if points is not None and points + gap <= s.criterion.max_points and points + gap != s.self_points:
            services.score_body(
                actor=supervisor,
                round_body=lower,
                entries={
                    s.pk: {"points": str(points + gap), "reason": "复核佐证材料后，按实际情况调整评分。"}
                },
            )
            return


#: A complaint to 宿州市生态环境局 left unanswered from August to January: at the end of last year it
#: had waited more than 3 months (互动回应差, 国办秘函〔2019〕19号) — the veto of last year's round.
LATE_COMPLAINT = {
    "subject": "关于埇桥区某小区周边餐饮油烟扰民的投诉",
    "text": "小区北门沿街多家烧烤店油烟直排，晚上气味很重，窗户都不敢开，希望相关部门督促安装油烟净化设施。",
    "writer_name": "周先生",
    "writer_phone": "13956781234",
    "consent_publish": False,
}
LATE_ANSWER = (
    "您反映的问题已转埇桥区生态环境分局会同属地街道现场核查，涉及的4家餐饮店已安装油烟净化设施，"
    "并纳入日常巡查。答复迟缓，向您致歉。"
)


def _late_complaint(bodies: list[Organization], heads: dict[int, Any], year: int) -> None:
    from gongkai.interaction.models import MessageKind
    from gongkai.interaction.services import handling, intake

    body = next((b for b in bodies if b.slug == "sz-sthjj"), None)
    if body is None:
        return
    message, _code = intake.submit_message(
        organization=body,
        kind=MessageKind.objects.get(code="complaint"),
        data=dict(LATE_COMPLAINT),
        received_at=_at(dt.date(year, 8, 18), 20),
    )
    handling.answer(message, actor=heads[body.pk], text=LATE_ANSWER, at=_at(dt.date(year + 1, 1, 20), 16))


def _create(office: Organization, supervisor: Any, title: str, start: dt.date, end: dt.date, due: dt.date,
            bodies: list[Organization]) -> Round:  # fmt: skip
    return services.create_round(
        actor=supervisor,
        authority=office,
        fields={
            "title": title,
            "period_start": start,
            "period_end": end,
            "scheme": _scheme(office, supervisor),
            "self_assessment_due": due,
            "objection_days": 5,
            "bodies": [b.pk for b in bodies],
        },
    )


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_finished(context: Any, office: Organization, supervisor: Any, bodies: list[Organization],
                   heads: dict[int, Any]) -> Round:  # fmt: skip
    rng = random.Random(context.seed * 31 + 12)
    year = context.today.year - 1
    _scheme(office, supervisor, published_on=dt.date(year, 12, 15))
    _late_complaint(bodies, heads, year)
    title = f"{year}年度政务公开工作考核"
    rnd = _create(
        office,
        supervisor,
        title,
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
        dt.date(year + 1, 2, 13),
        bodies,
    )
    services.open_round(actor=supervisor, round=rnd)
    rbs = list(rnd.bodies.select_related("organization").order_by("pk"))
    for rb in rbs:
        _write(rng, rb, heads[rb.organization_id], submit=True)
    services.start_scoring(actor=supervisor, round=rnd)
    for i, rb in enumerate(rbs):
        _score(rng, rb, supervisor, change=i % 3 == 0)
    rbs = list(rnd.bodies.select_related("organization").order_by("pk"))
    _tie(rbs, supervisor)
    services.open_objections(actor=supervisor, round=rnd)
    rbs = list(rnd.bodies.select_related("organization").order_by("pk"))
    changed = [rb for rb in rbs if rb.scores.exclude(change_reason="").exists()]
    objecting = changed[:2]
    for n, rb in enumerate(objecting):
        s = rb.scores.exclude(change_reason="").select_related("criterion").first()
        assert s is not None
        text = (
            "我单位已于当年印发相关文件并组织实施，现补充提交印发文件和会议纪要，请予复核。"
            if n == 0
            else "扣分所涉信息因需会签，成文日期与实际形成日期不一致，不属于逾期公开，请予复核。"
        )
        objection = services.file_objection(
            actor=heads[rb.organization_id], round_body=rb, criterion=s.criterion, text=text
        )
        if n == 0 and s.final_points is not None:
            services.decide_objection(
                actor=supervisor,
                objection=objection,
                outcome="partly",
                response="经复核，补充材料能够证明文件已印发，但未见落实情况，部分采纳。",
                points=str(s.final_points + 1),
                reason="补充材料证明文件已印发。",
            )
        else:
            services.decide_objection(
                actor=supervisor,
                objection=objection,
                outcome="rejected",
                response="经核查，该项扣分依据充分，不予采纳。",
            )
    for rb in rbs:
        if rb not in objecting:
            services.confirm_results(actor=heads[rb.organization_id], round_body=rb)
    services.finalize_round(actor=supervisor, round=rnd)
    bulletin = generate_results_bulletin(actor=supervisor, the_round=rnd)
    publish_bulletin(actor=supervisor, bulletin=bulletin)
    # When such a round runs: opened in January, reports by mid-February, results in March.
    Round.objects.filter(pk=rnd.pk).update(
        opened_at=_at(dt.date(year + 1, 1, 8)),
        objection_due=dt.date(year + 1, 3, 13),
        finalized_at=_at(dt.date(year + 1, 3, 18)),
    )
    RoundBody.objects.filter(round=rnd).update(
        indicators_at=_at(dt.date(year + 1, 1, 8), 9),
        submitted_at=_at(dt.date(year + 1, 2, 10)),
        scored_at=_at(dt.date(year + 1, 3, 3)),
    )
    Objection.objects.filter(round_body__round=rnd).update(
        filed_at=_at(dt.date(year + 1, 3, 10)), decided_at=_at(dt.date(year + 1, 3, 16))
    )
    Bulletin.objects.filter(pk=bulletin.pk).update(
        created_at=_at(dt.date(year + 1, 3, 19)), published_at=_at(dt.date(year + 1, 3, 20))
    )
    return rnd


def _last_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3  # the quarter before the current one (0: last year's 4th)
    return (today.year, quarter) if quarter else (today.year - 1, 4)


def build_scoring(context: Any, office: Organization, supervisor: Any, bodies: list[Organization],
                  heads: dict[int, Any]) -> Round:  # fmt: skip
    rng = random.Random(context.seed * 31 + 13)
    year, quarter = _last_quarter(context.today)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - dt.timedelta(days=1)
    numerals = {1: "一", 2: "二", 3: "三", 4: "四"}
    rnd = _create(office, supervisor, f"{year}年第{numerals[quarter]}季度政务公开工作考核", start, end,
                  end + dt.timedelta(days=20), bodies)  # fmt: skip
    services.open_round(actor=supervisor, round=rnd)
    rbs = list(rnd.bodies.select_related("organization").order_by("pk"))
    for rb in rbs:
        _write(rng, rb, heads[rb.organization_id], submit=True)
    services.start_scoring(actor=supervisor, round=rnd)
    for i, rb in enumerate(rbs):
        if i % 2 == 0:
            _score(rng, rb, supervisor, change=i % 4 == 0)
    return rnd


def build_open(context: Any, office: Organization, supervisor: Any, bodies: list[Organization],
               heads: dict[int, Any], officehead_org: Organization) -> Round:  # fmt: skip
    rng = random.Random(context.seed * 31 + 14)
    year = context.today.year
    title = f"{year}年度政务公开工作考核"
    rnd = _create(
        office,
        supervisor,
        title,
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
        dt.date(year + 1, 1, 15),
        bodies,
    )
    services.open_round(actor=supervisor, round=rnd)
    for i, rb in enumerate(rnd.bodies.select_related("organization").order_by("pk")):
        if rb.organization_id == officehead_org.pk or i % 3:
            continue
        _write(rng, rb, heads[rb.organization_id], submit=True)
    return rnd


def build_rounds(context: Any) -> int:
    region = context.region
    office = region.bodies[context.city_office]
    supervisor = region.users["supervisor"]
    officehead_org = region.bodies[context.department]
    bodies = _bodies(office)
    assert officehead_org in bodies
    heads = _heads(bodies, region.users, officehead_org)
    assert heads[officehead_org.pk] == region.users["officehead"]
    made = [build_finished(context, office, supervisor, bodies, heads)]
    made.append(build_scoring(context, office, supervisor, bodies, heads))
    made.append(build_open(context, office, supervisor, bodies, heads, officehead_org))
    return len(made)
