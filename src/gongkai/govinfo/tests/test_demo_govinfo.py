"""The demo's year of 政务信息报送 (issue 10 item 12; docs/SPEC.md §8 and its source papers):
about 40 units and 1,500 submissions, numbered issues without gaps, adoptions at city and province
levels, instructions with follow-ups, penalties, a 通报, one urgent event with a late report and an
intact log, texts whose titles fit their bodies, and work waiting for each demo account.

Only the region and govinfo's builder are built (the other apps' parts of the demo are theirs), on a
fixed day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Count

from gongkai.accounts.models import User
from gongkai.core.serials import next_serial
from gongkai.demo.builder import DemoContext
from gongkai.demo.install import configure_signoff, create_bodies, create_people
from gongkai.demo.region import region_bodies
from gongkai.govinfo import neardup, scoring
from gongkai.govinfo.demo import build
from gongkai.govinfo.lengths import count_chars
from gongkai.govinfo.models import (
    SUBMISSION_WORKFLOW,
    Adoption,
    AdoptionSource,
    Bulletin,
    Circulation,
    Commission,
    CommissionKind,
    FollowUp,
    FollowUpState,
    Forward,
    Instruction,
    Issue,
    IssueEntry,
    IssueState,
    LeaderLevel,
    Penalty,
    PenaltyKind,
    Publication,
    Revision,
    Signature,
    State,
    Submission,
    UnitQuota,
    UrgentEvent,
)
from gongkai.govinfo.signoff import signable
from gongkai.orgs.models import Organization, Role, RoleName, SignOffStep
from gongkai.orgs.signoff import can_sign

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)
START = TODAY - dt.timedelta(days=364)


@pytest.fixture
def demo(db: Any, clock: Any) -> DemoContext:
    clock.set(TODAY)
    specs = region_bodies(2008)
    bodies = create_bodies(specs)
    region = create_people(specs, bodies)
    configure_signoff(region)
    context = DemoContext(region=region, seed=2008, size=0, echo=lambda _: None, today=TODAY)
    build(context)
    return context


def office() -> Organization:
    return Organization.objects.get(slug="sz-zfb")


def test_units_people_chains_quotas_and_publications(demo: DemoContext) -> None:
    units = scoring.units_of(office())
    # The city's departments, the five counties, the vertically managed and public bodies.
    assert 34 <= len(units) <= 42
    assert {"sz-jyj", "sz-czj", "dsx", "xx", "sz-sw"} <= {u.slug for u in units}
    tiers = {"一档": 6, "二档": 5, "三档": 3, "四档": 2}  # docs/SPEC.md §8: tiered monthly quotas
    quotas = {q.organization_id: q for q in UnitQuota.objects.all()}
    assert set(quotas) == {u.pk for u in units}
    assert all(tiers[q.tier] == q.monthly_items for q in quotas.values())
    assert set(Counter(q.tier for q in quotas.values())) == set(tiers)
    for unit in units:
        steps = list(
            SignOffStep.objects.filter(organization=unit, workflow=SUBMISSION_WORKFLOW).order_by("position")
        )
        assert [s.title for s in steps] == ["科室负责人审核", "分管副职签发", "主要负责人签发"]
        assert steps[2].condition == "region_wide_or_urgent"
        assert Role.objects.filter(organization=unit, role=RoleName.INFO_OFFICER).exists()
    edu = Organization.objects.get(slug="sz-jyj")
    designated = [
        list(s.signers.values_list("username", flat=True))
        for s in SignOffStep.objects.filter(organization=edu, workflow=SUBMISSION_WORKFLOW).order_by(
            "position"
        )
    ]
    assert designated == [["infohead"], ["signer"], ["signer2"]]
    general = Publication.objects.get(organization=office(), name="《政务信息》")
    assert general.default_bao == "省政府办公厅" and "市委办公室" in general.default_song
    assert general.default_fa.startswith("各县区人民政府")
    assert set(Publication.objects.filter(organization=office()).values_list("edition", flat=True)) == {
        "general",
        "daily",
        "special",
    }
    assert Role.objects.get(user__username="leader").organization.slug == "suzhou"


def test_a_year_of_submissions_in_realistic_states(demo: DemoContext) -> None:
    subs = Submission.objects.all()
    total = subs.count()
    assert 1400 <= total <= 1650
    first = (
        subs.filter(submitted_at__isnull=False)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    assert first is not None and first.date() >= START
    states = Counter(subs.values_list("state", flat=True))
    assert 0.25 <= states[State.ADOPTED] / total <= 0.40
    assert states[State.RESERVED] > 200 and states[State.RECEIVED] > 300
    assert states[State.RETURNED] >= 60 and states[State.SUBMITTED] >= 10
    assert states[State.MERGED] >= 3 and states[State.WITHDRAWN] >= 1
    assert not subs.filter(state=State.RETURNED, return_reason="").exists()
    # Every unit but one sent something last month; 宿州一中 sent nothing (flagged).
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    senders = set(
        subs.filter(
            submitted_at__date__gte=last_month, submitted_at__date__lt=TODAY.replace(day=1)
        ).values_list("organization__slug", flat=True)
    )
    assert {u.slug for u in scoring.units_of(office())} - senders == {"sz-yz"}
    # Merged: the kept item credits both units; one pair is two counties on one inspection.
    pairs = {(o.organization.slug, o.merged_into.organization.slug) for o in subs.filter(state=State.MERGED)}
    assert ("sx", "lbx") in pairs and ("yqq", "sz-nyncj") in pairs
    for other in subs.filter(state=State.MERGED):
        keep = other.merged_into
        assert keep is not None and keep.title == other.title
        assert {other.organization_id, keep.organization_id} <= set(
            keep.credits.values_list("organization_id", flat=True)
        )
    # Joint: two units credited, two authors sharing it.
    decided = [State.ADOPTED, State.RESERVED, State.RECEIVED, State.RETURNED]
    joint = subs.annotate(n=Count("credits")).filter(n=2, merged__isnull=True, state__in=decided)
    assert joint.count() >= 4
    for sub in joint:
        assert sorted(a.share for a in sub.authors.all()) == [Decimal("0.5"), Decimal("0.5")]
        assert "会同" in sub.title
    # Revisions: the author's draft of every item, and the editor's edit of some adopted ones.
    assert Revision.objects.filter(number=1).count() == total
    edited = Revision.objects.filter(by_editor=True).select_related("submission")
    assert edited.count() > 50
    for rev in edited[:50]:
        draft = rev.submission.revisions.get(number=1)
        assert (draft.title, draft.body) != (rev.title, rev.body)
        assert rev.submission.state == State.ADOPTED
    # Signatures in order, the head's only for region-wide or urgent items; serials unique per unit.
    sent = subs.exclude(state__in=[State.DRAFT, State.SIGNING]).prefetch_related("signatures")
    for sub in sent:
        signed = sorted((s.position, s.signed_at) for s in sub.signatures.all())
        assert [p for p, _ in signed] == ([1, 2, 3] if sub.needs_head else [1, 2]), sub.pk
        assert [t for _, t in signed] == sorted(t for _, t in signed)
        assert sub.submitted_at is not None and signed[-1][1] <= sub.submitted_at
    serials = Counter(subs.exclude(serial="").values_list("organization_id", "serial"))
    assert max(serials.values()) == 1


def _longest_common(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def test_titles_fit_their_bodies_and_bodies_their_carriers(demo: DemoContext) -> None:
    subs = list(Submission.objects.select_related("carrier", "organization"))
    bodies = Counter(s.plain_text for s in subs)
    for s in subs:
        # The title's subject is in the body: a run of at least 4 characters of the title (after
        # the unit's name, which every title and body share) appears in the body as written.
        title = s.title.replace(s.organization.short_name, "")
        assert _longest_common(title, s.plain_text) >= 4, (s.title, s.plain_text)
        assert s.length == count_chars(s.plain_text) > 40
        cjk = sum(1 for ch in s.plain_text if "\u4e00" <= ch <= "\u9fff")
        assert cjk / len(s.plain_text) > 0.6  # Chinese, no lorem
        assert not re.search(r"lorem|ipsum|\{|\}", s.plain_text, re.I)
        if s.carrier.code in ("pukan", "guoban"):
            assert s.length <= s.carrier.limit, s.title
        if s.carrier.code == "zhuangong":  # 专供信息: several paragraphs, none repeated
            paragraphs = [p for p in s.plain_text.split("\n") if p]
            assert len(paragraphs) >= 8 and s.length >= 450
            assert len(set(paragraphs)) == len(paragraphs)
            assert {"一、基本情况", "二、存在的问题", "三、对策建议"} <= set(paragraphs)
    # No filler: a body is written once (all but a handful of 1,500: a unit's proposal whose figures
    # carry no number may come out the same twice in a month).
    repeated = [text for text, n in bodies.items() if n > 1]
    assert len(repeated) <= 5


def test_issues_adoptions_circulation_and_instructions(demo: DemoContext) -> None:
    pubs = {p.edition: p for p in Publication.objects.filter(organization=office())}
    for pub in pubs.values():
        by_year: dict[int, list[int]] = defaultdict(list)
        for year, number in Issue.objects.filter(publication=pub, state=IssueState.ISSUED).values_list(
            "year", "number"
        ):
            assert number is not None
            by_year[year].append(number)
        for year, numbers in by_year.items():
            assert sorted(numbers) == list(range(1, len(numbers) + 1)), (pub.name, year)  # no gaps
            # The desk's next issue takes the next number (core.serials counter in step).
            assert next_serial(f"govinfo.issue:{pub.pk}:{year}") == len(numbers) + 1
    general = Issue.objects.filter(publication=pubs["general"], state=IssueState.ISSUED)
    assert 90 <= general.count() <= 110  # about two a week
    sizes = Counter(general.annotate(n=Count("entries")).values_list("n", flat=True))
    assert set(sizes) <= {3, 4, 5}
    assert general.exclude(editor_note="").count() >= 3
    month_start = TODAY.replace(day=1)
    assert not general.filter(date__lt=month_start, archived_at__isnull=True).exists()
    assert general.filter(date__lt=month_start).first().archive_code.startswith("GX-")  # type: ignore[union-attr]
    draft = Issue.objects.get(publication=pubs["general"], state=IssueState.DRAFT)
    assert draft.number is None and draft.entries.count() == 3
    assert not Adoption.objects.filter(submission__issue_entries__issue=draft).exists()
    # Adoptions: one per entry of an issued issue (city level), and above by hand from notices.
    entries = IssueEntry.objects.filter(issue__state=IssueState.ISSUED).count()
    city = Adoption.objects.filter(source=AdoptionSource.ISSUE, level="city")
    assert city.count() == entries
    above = Adoption.objects.filter(source=AdoptionSource.MANUAL)
    assert set(above.values_list("publication__code", flat=True)) == {
        "province-general",
        "province-internet",
        "national-general",
    }
    assert not above.filter(via_forward=False).exists()
    forwarded = set(Forward.objects.values_list("submission_id", flat=True))
    assert set(above.values_list("submission_id", flat=True)) <= forwarded
    # 传阅: the leader has read all but the latest issues.
    leader = User.objects.get(username="leader")
    unread = general.exclude(circulation__user=leader)
    assert unread.count() == 3
    assert Circulation.objects.filter(user=leader).count() > 100
    # Instructions: city (the leader among them), province and county; on items and issues.
    levels = Counter(Instruction.objects.values_list("level", flat=True))
    assert (
        levels[LeaderLevel.CITY] >= 20
        and levels[LeaderLevel.PROVINCE] >= 2
        and levels[LeaderLevel.COUNTY] >= 3
    )
    assert Instruction.objects.filter(leader=leader, issue__isnull=False).exists()
    assert Instruction.objects.filter(leader=leader, submission__isnull=False).count() >= 10
    closed = FollowUp.objects.filter(state=FollowUpState.CLOSED)
    assert closed.count() >= 5 and all(f.reports.filter(closes=True).exists() for f in closed)
    open_ = FollowUp.objects.filter(state=FollowUpState.OPEN)
    assert open_.filter(deadline__lt=TODAY).count() == 1  # one overdue
    assert open_.filter(owner__username="infoofficer", deadline__gte=TODAY).exists()


def test_commissions_penalties_the_urgent_event_and_the_bulletin(demo: DemoContext) -> None:
    from gongkai.govinfo.services.commissions import missed_commissions
    from gongkai.govinfo.services.urgent import verify_log

    kinds = Counter(Commission.objects.values_list("kind", flat=True))
    assert kinds[CommissionKind.PLAN] == 1 and kinds[CommissionKind.POINTS] == 4
    assert 9 <= kinds[CommissionKind.NOTICE] <= 12
    notices = Commission.objects.filter(kind=CommissionKind.NOTICE)
    assert all(n.deadline and n.targets.exists() for n in notices)
    assert Submission.objects.filter(commission__kind=CommissionKind.NOTICE).count() > 30
    # Two units missed two each: 市审计局 both this year (its year is zeroed), 市信访局 one a year.
    ids = {o.slug: o.pk for o in Organization.objects.filter(slug__in=["sz-sjj", "sz-xfj"])}
    this_year = missed_commissions(office(), dt.date(TODAY.year, 1, 1), TODAY)
    assert len(this_year[ids["sz-sjj"]]) == 2 and len(this_year[ids["sz-xfj"]]) == 1
    window = missed_commissions(office(), START, TODAY)
    assert len(window[ids["sz-xfj"]]) == 2
    assert {k for k, v in this_year.items() if len(v) >= 2} == {ids["sz-sjj"]}
    # Zeroing applies to a whole calendar year (govinfo.scoring.standings).
    year = scoring.standings(office(), dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
    assert {r.organization.slug for r in year if r.zeroed} == {"sz-sjj"}
    assert {r.organization.slug for r in year if r.points > 0} >= {"sz-jyj", "dsx", "lbx"}
    # Penalties: the 迟报 of the urgent event (−100, named in the office's notice) and 信息失实 (−50).
    late = Penalty.objects.get(kind=PenaltyKind.LATE)
    assert late.points == Decimal(-100) and late.event is not None and "通报" in late.notice
    untrue = Penalty.objects.get(kind=PenaltyKind.FALSE)
    assert untrue.points == Decimal(-50) and untrue.submission is not None
    assert untrue.submission.state == State.RETURNED and "失实" in untrue.submission.return_reason
    # The urgent event: 初报 (phone and written) → 续报 → 日报 → 终报, the written 初报 late; log intact.
    event = UrgentEvent.objects.get()
    reports = list(event.reports.order_by("created_at"))
    assert [r.kind for r in reports] == ["first", "first", "follow", "daily", "final"]
    assert [r.sent_at > r.due_at for r in reports if r.due_at] == [False, True, False]  # type: ignore[operator]
    assert event.state == "closed"
    verdict = verify_log()
    assert verdict.ok and verdict.count >= 20
    # 通报: last month's issued with the ranking of every unit; this month's a draft.
    issued = Bulletin.objects.get(issued_at__isnull=False)
    assert issued.period_start == (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert len(issued.table) == len(scoring.units_of(office())) and issued.number
    assert issued.table[0]["rank"] == 1 and issued.foreword
    assert Bulletin.objects.filter(issued_at__isnull=True, period_start=TODAY.replace(day=1)).exists()


def test_each_demo_account_has_work_waiting(demo: DemoContext) -> None:
    from gongkai.govinfo.services.commissions import due_for_writer

    officer = User.objects.get(username="infoofficer")
    mine = Submission.objects.filter(drafter=officer)
    assert Revision.objects.filter(submission__in=mine, by_editor=True).exists()  # a diff to read
    assert mine.filter(state=State.RETURNED).exclude(return_reason="").exists()
    assert mine.filter(state=State.DRAFT).exists()
    due = list(due_for_writer(officer, TODAY))
    assert any(c.deadline and c.deadline.date() <= TODAY + dt.timedelta(days=3) for c in due)
    # Each of 市教育局's signers has an item at their step (and no one else's).
    signing = list(Submission.objects.filter(state=State.SIGNING, organization__slug="sz-jyj"))
    for name in ("infohead", "signer", "signer2"):
        user = User.objects.get(username=name)
        assert sum(can_sign(user, signable(s)) for s in signing) == 1, name
    # The desk: new items, among them the same meeting reported by 市农业农村局 and 砀山县.
    new = list(Submission.objects.filter(state=State.SUBMITTED, recipient=office()))
    assert len(new) >= 10
    pair = [s for s in new if s.title == "全市高标准农田建设现场推进会在砀山县召开"]
    assert {s.organization.slug for s in pair} == {"sz-nyncj", "dsx"}
    assert neardup.is_near_duplicate(neardup.similarity(pair[0].plain_text, pair[1].plain_text))
    assert Signature.objects.filter(submission__in=pair).count() == 4
    assert Issue.objects.filter(state=IssueState.DRAFT, publication__organization=office()).exists()


def test_the_same_seed_builds_the_same_year(demo: DemoContext, clock: Any) -> None:
    from gongkai.demo.builder import delete_demo_data

    def fingerprint() -> list[tuple[Any, ...]]:
        return list(
            Submission.objects.order_by("submitted_at", "organization__slug", "title").values_list(
                "organization__slug", "title", "state", "submitted_at", "length"
            )
        )

    first = fingerprint()
    issues = list(Issue.objects.order_by("publication__code", "year", "number").values_list("number", "date"))
    delete_demo_data()
    specs = region_bodies(2008)
    region = create_people(specs, create_bodies(specs))
    configure_signoff(region)
    build(DemoContext(region=region, seed=2008, size=0, echo=lambda _: None, today=TODAY))
    assert fingerprint() == first
    assert (
        list(Issue.objects.order_by("publication__code", "year", "number").values_list("number", "date"))
        == issues
    )
