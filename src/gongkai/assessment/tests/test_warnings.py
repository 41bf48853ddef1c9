"""Early warnings and 通报批评 by the rule of docs/SPEC.md §7 (对接近……的处室……要及时提醒，发生3次及以上超限
的应通报批评): the rule at exactly 2 and 3 overruns, which kinds count per policy, the round job
(idempotent), the review (edit, issue as a numbered 通报, dismiss), the screens and who sees them.

The overruns are real records counted by the real providers (``items_late``, ``requests_overdue``,
``messages_overdue``), made through the services or as the providers' own tests make them.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.assessment import overruns
from gongkai.assessment.indicators import Period
from gongkai.assessment.models import Bulletin, Criticism, CriticismState, OverrunPolicy
from gongkai.assessment.services import warnings
from gongkai.assessment.tests.records import make_message, make_request
from gongkai.audit.models import AuditEvent
from gongkai.core.registry import inbox_contributions
from gongkai.notifications.models import Notification
from gongkai.testing import login_verified

pytestmark = pytest.mark.django_db

d = dt.date
YEAR = Period.year(2026)
TODAY = d(2026, 6, 1)


# -- the rule, by hand ------------------------------------------------------------------------------


def test_the_rule_at_exactly_two_and_three():
    rule = overruns.DEFAULT_RULE  # docs/SPEC.md §7: a reminder one short of 3, 通报批评 at 3 or more
    assert (rule.remind_at, rule.threshold, rule.period) == (2, 3, "year")
    assert [rule.level(n) for n in (0, 1, 2, 3, 4)] == ["none", "none", "remind", "criticize", "criticize"]
    wider = overruns.Rule(("items_late",), "month", threshold=5, remind_at=3)
    assert [wider.level(n) for n in (2, 3, 4, 5)] == ["none", "remind", "remind", "criticize"]


def test_periods_hold_the_day():
    assert overruns.period_of("month", d(2026, 2, 14)) == Period(d(2026, 2, 1), d(2026, 2, 28))
    assert overruns.period_of("quarter", d(2026, 5, 31)) == Period(d(2026, 4, 1), d(2026, 6, 30))
    assert overruns.period_of("quarter", d(2026, 12, 1)) == Period(d(2026, 10, 1), d(2026, 12, 31))
    assert overruns.period_of("year", d(2026, 7, 1)) == YEAR


@pytest.fixture
def late(region: Any, clock: Any) -> dict[str, Any]:
    """测试市教育局: one request answered late and one message answered late (2 overruns);
    测试县人民政府: two messages answered late and one open past due (3 overruns); 测试市人民政府: one
    message answered late (1 overrun). All in 2026, counted on 1 June 2026."""
    clock.set(TODAY)
    return {
        # received Mon 2 March 2026, due Mon 30 March (20 working days), answered the 31st
        "dept_request": make_request(region.dept, d(2026, 3, 2), answered=d(2026, 3, 31)),
        "dept_message": make_message(region.dept, d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 10)),
        "county_1": make_message(region.county, d(2026, 2, 2), d(2026, 2, 9), d(2026, 2, 12)),
        "county_2": make_message(region.county, d(2026, 4, 1), d(2026, 4, 8), d(2026, 4, 9)),
        "county_3": make_message(region.county, d(2026, 5, 6), d(2026, 5, 13)),  # still open on 1 June
        "city": make_message(region.city, d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 10)),
        # answered in time: no overrun
        "in_time": make_message(region.county, d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 9)),
    }


def _by_name(rows: list[overruns.BodyOverruns]) -> dict[str, tuple[dict[str, int], int, str]]:
    return {r.organization.name: (r.counts, r.total, r.level) for r in rows}


def test_counts_and_levels_of_the_bodies_reporting_to_the_authority(region, late):
    bodies = overruns.bodies_of(region.office)
    # the city's departments and the office itself report to it, and the county's government
    # (a government reports to the authority of the region above); 测试县财政局 reports to the
    # county's office.
    assert {b.name for b in bodies} == {
        "测试市人民政府",
        "测试市人民政府办公室",
        "测试市教育局",
        "测试县人民政府",
    }
    rows = _by_name(overruns.count_overruns(bodies, YEAR, overruns.rule_of(region.office)))
    zero = {"items_late": 0, "requests_overdue": 0, "messages_overdue": 0}
    assert rows["测试市教育局"] == ({**zero, "requests_overdue": 1, "messages_overdue": 1}, 2, "remind")
    assert rows["测试县人民政府"] == ({**zero, "messages_overdue": 3}, 3, "criticize")
    assert rows["测试市人民政府"] == ({**zero, "messages_overdue": 1}, 1, "none")
    assert rows["测试市人民政府办公室"] == (zero, 0, "none")


def test_which_kinds_count_is_the_policy(region, late):
    warnings.save_policy(
        actor=region.supervisor,
        authority=region.office,
        kinds=["items_late", "requests_overdue"],
        period="year",
        threshold=3,
        remind_at=2,
    )
    rows = _by_name(
        overruns.count_overruns(overruns.bodies_of(region.office), YEAR, overruns.rule_of(region.office))
    )
    # messages no longer count: the county's 3 and the department's 1 drop out
    assert rows["测试县人民政府"] == ({"items_late": 0, "requests_overdue": 0}, 0, "none")
    assert rows["测试市教育局"] == ({"items_late": 0, "requests_overdue": 1}, 1, "none")
    warnings.save_policy(
        actor=region.supervisor,
        authority=region.office,
        kinds=["requests_overdue"],
        period="quarter",
        threshold=2,
        remind_at=1,
    )
    rule = overruns.rule_of(region.office)
    q1 = overruns.period_of(rule.period, d(2026, 3, 31))
    assert _by_name(overruns.count_overruns([region.dept], q1, rule))["测试市教育局"] == (
        {"requests_overdue": 1},
        1,
        "remind",
    )
    q2 = overruns.period_of(rule.period, TODAY)  # the late answer was in March
    assert _by_name(overruns.count_overruns([region.dept], q2, rule))["测试市教育局"][1] == 0


def test_policy_is_validated_and_only_the_authority_sets_it(region):
    with pytest.raises(PermissionDenied):
        warnings.save_policy(
            actor=region.head,
            authority=region.office,
            kinds=["items_late"],
            period="year",
            threshold=3,
            remind_at=2,
        )
    with pytest.raises(ValidationError) as bad:
        warnings.save_policy(
            actor=region.supervisor,
            authority=region.office,
            kinds=[],
            period="week",
            threshold=3,
            remind_at=3,
        )
    assert set(bad.value.message_dict) == {"kinds", "period", "remind_at"}
    assert not OverrunPolicy.objects.exists()


# -- the round job ------------------------------------------------------------------------------------


def test_job_reminds_at_two_drafts_at_three_and_is_idempotent(region, late):
    counts = warnings.run_warnings(TODAY)
    assert counts == {"reminded": 1, "drafted": 1, "updated": 0}
    # the reminder: to the department's 公开工作机构负责人 (局长丁), naming its overruns and the limit
    note = Notification.objects.get(kind=warnings.NOTIFY_KIND)
    assert note.recipient == region.head
    assert "2次" in note.title
    assert "超期答复的依申请公开1次、超期未答复的留言1次" in note.body
    assert "发生3次及以上超限的将予以通报批评" in note.body
    # the draft: the county, the year, its three overruns with links
    draft = Criticism.objects.get()
    assert (draft.organization, draft.authority, draft.state) == (region.county, region.office, "draft")
    assert (draft.period_start, draft.period_end) == (d(2026, 1, 1), d(2026, 12, 31))
    assert [o["kind"] for o in draft.overruns] == ["messages_overdue"] * 3
    assert all(o["url"].startswith("/staff/messages/") for o in draft.overruns)
    assert "发生政务公开超限3次（超期未答复的留言3次）" in draft.text
    # again the same day: nothing new
    assert warnings.run_warnings(TODAY) == {"reminded": 0, "drafted": 0, "updated": 0}
    assert Notification.objects.filter(kind=warnings.NOTIFY_KIND).count() == 1
    assert Criticism.objects.count() == 1
    # a fourth overrun of the county: the draft's list is brought up to date, not doubled
    make_message(region.county, d(2026, 5, 11), d(2026, 5, 18))
    assert warnings.run_warnings(TODAY) == {"reminded": 0, "drafted": 0, "updated": 1}
    assert len(Criticism.objects.get().overruns) == 4


def test_inbox_entry_for_the_authoritys_supervisors_only(region, late):
    warnings.run_warnings(TODAY)
    contribution = next(c for c in inbox_contributions() if c.key == "assessment_warnings")
    (entry,) = contribution.entries(region.supervisor, TODAY)
    assert entry.count == 1
    assert entry.rows[0][0] == "测试县人民政府"
    assert list(contribution.entries(region.head, TODAY)) == []


# -- review -------------------------------------------------------------------------------------------


def test_edit_and_issue(region, late, clock):
    import docx

    warnings.run_warnings(TODAY)
    draft = Criticism.objects.get()
    with pytest.raises(PermissionDenied):
        warnings.update_text(actor=region.head, criticism=draft, text="x")
    warnings.update_text(
        actor=region.supervisor, criticism=draft, text="经查，测试县人民政府超限3次。\n请整改。"
    )
    issued = warnings.issue_criticism(actor=region.supervisor, criticism=draft)
    assert issued.state == CriticismState.ISSUED and issued.decided_by == region.supervisor
    bulletin = issued.bulletin
    assert bulletin is not None
    assert (bulletin.kind, bulletin.number) == ("criticism", "测试市人民政府办公室通〔2026〕1号")
    assert bulletin.title == "关于对测试县人民政府政务公开超限情况的通报批评"
    assert bulletin.published_at is None
    document = docx.Document(io.BytesIO(warnings.bulletins.bulletin_docx(bulletin)))
    texts = [p.text for p in document.paragraphs]
    assert "经查，测试县人民政府超限3次。" in texts and "请整改。" in texts
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "类别", "事项", "日期", "说明"]
    assert [r[:3] for r in rows[1:]] == [[str(n), "超期未答复的留言", "—"] for n in (1, 2, 3)]
    # a message's number and subject are the writer's: never in the 通报, which goes public
    assert rows[1][3:] == ["2026年2月9日", "答复期限2026年2月9日，2026年2月12日逾期答复"]
    assert late["county_1"].subject not in bulletin.body
    assert late["county_1"].subject in str(draft.overruns)  # the staff's draft links the record
    with pytest.raises(ValidationError):
        warnings.dismiss_criticism(actor=region.supervisor, criticism=issued, reason="已印发")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assessment.criticism_drafted",
        "assessment.criticism_edited",
        "assessment.criticism_issued",
        "assessment.bulletin_created",
    } <= actions


def test_dismiss_needs_a_reason(region, late):
    warnings.run_warnings(TODAY)
    draft = Criticism.objects.get()
    with pytest.raises(ValidationError) as blank:
        warnings.dismiss_criticism(actor=region.supervisor, criticism=draft, reason=" ")
    assert "decision_reason" in blank.value.message_dict
    done = warnings.dismiss_criticism(actor=region.supervisor, criticism=draft, reason="系统故障所致，已核实")
    assert (done.state, done.decision_reason, done.bulletin) == ("dismissed", "系统故障所致，已核实", None)
    assert not Bulletin.objects.exists()
    # a dismissed draft is not drafted again by the next run
    assert warnings.run_warnings(TODAY)["drafted"] == 0


# -- screens ------------------------------------------------------------------------------------------


def test_screens_of_the_supervisor(client, region, late):
    warnings.run_warnings(TODAY)
    draft = Criticism.objects.get()
    login_verified(client, region.supervisor)
    page = client.get(reverse("backoffice:assessment_warnings"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "测试县人民政府" in html and "应通报批评" in html and "应予提醒" in html
    only_requests = client.get(reverse("backoffice:assessment_warnings"), {"kind": "requests_overdue"})
    assert only_requests.status_code == 200
    assert client.get(reverse("backoffice:assessment_warnings_export")).status_code == 200
    body = client.get(reverse("backoffice:assessment_warnings_body", args=[region.county.pk]))
    assert body.status_code == 200 and late["county_3"].tracking_number in body.content.decode()
    url = reverse("backoffice:assessment_criticism", args=[draft.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"action": "dismiss", "decision_reason": ""})
    assert bad.status_code == 400
    response = client.post(url, {"action": "issue", "title": "关于对测试县人民政府的通报批评", "number": ""})
    assert response.status_code == 302
    bulletin = Criticism.objects.get().bulletin
    assert bulletin is not None and bulletin.title == "关于对测试县人民政府的通报批评"
    b_url = reverse("backoffice:assessment_bulletin", args=[bulletin.pk])
    assert client.post(b_url, {"action": "publish"}).status_code == 302
    download = client.get(reverse("backoffice:assessment_bulletin_docx", args=[bulletin.pk]))
    assert download.status_code == 200
    policy = client.post(
        reverse("backoffice:assessment_overrun_policy", args=[region.office.pk]),
        {"kinds": ["requests_overdue"], "period": "month", "remind_at": "2", "threshold": "2"},
    )
    assert policy.status_code == 400 and "提醒起点应小于通报批评起点" in policy.content.decode()
    assert not OverrunPolicy.objects.exists()
    saved = client.post(
        reverse("backoffice:assessment_overrun_policy", args=[region.office.pk]),
        {"kinds": ["requests_overdue"], "period": "month", "remind_at": "1", "threshold": "2"},
    )
    assert saved.status_code == 302
    assert overruns.rule_of(region.office) == overruns.Rule(("requests_overdue",), "month", 2, 1)


def test_a_body_sees_its_own_overruns_not_the_drafts(client, region, late):
    warnings.run_warnings(TODAY)
    draft = Criticism.objects.get()
    login_verified(client, region.head)  # 测试市教育局's 公开工作机构负责人
    page = client.get(reverse("backoffice:assessment_warnings"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "测试市教育局" in html and "测试县人民政府" not in html
    assert (
        client.get(reverse("backoffice:assessment_warnings_body", args=[region.county.pk])).status_code == 404
    )
    assert client.get(reverse("backoffice:assessment_criticism", args=[draft.pk])).status_code == 404
    assert (
        client.get(reverse("backoffice:assessment_overrun_policy", args=[region.office.pk])).status_code
        == 404
    )


def test_no_menu_no_page_for_others(client, region):
    assert not warnings.can_open_section(region.editor)
    assert warnings.can_open_section(region.supervisor) and warnings.can_open_section(region.head)
    login_verified(client, region.editor)
    assert client.get(reverse("backoffice:assessment_warnings")).status_code == 403


def test_each_body_is_counted_by_the_authority_it_reports_to(region, late):
    # 测试县财政局 reports to the county's office, whose rule counts per quarter: its three overdue
    # messages of the second quarter give a draft there; the city's office does not count them.
    warnings.save_policy(
        actor=_county_supervisor(region),
        authority=region.county_office,
        kinds=["messages_overdue"],
        period="quarter",
        threshold=3,
        remind_at=2,
    )
    for day in (d(2026, 4, 1), d(2026, 4, 2), d(2026, 5, 4)):
        make_message(region.county_dept, day, day + dt.timedelta(days=7))
    # answered late in the first quarter: an overrun of Q1, not of Q2 (an open one would be: it is
    # still past due at Q2's end)
    make_message(region.county_dept, d(2026, 1, 5), d(2026, 1, 12), d(2026, 1, 14))
    assert warnings.run_warnings(TODAY) == {"reminded": 1, "drafted": 2, "updated": 0}
    county = Criticism.objects.get(organization=region.county_dept)
    assert (county.authority, county.period_start, county.period_end) == (
        region.county_office,
        d(2026, 4, 1),
        d(2026, 6, 30),
    )
    assert len(county.overruns) == 3
    assert Criticism.objects.get(organization=region.county).authority == region.office


def _county_supervisor(region: Any) -> Any:
    from gongkai.testing import UserFactory, grant

    return grant(UserFactory.create(username="csupervisor"), region.county_office, "supervisor")


@pytest.fixture
def region_2025(db: Any, clock: Any) -> Any:
    """The test region with its catalogs made at the start of 2025."""
    from gongkai.testing import build_region

    clock.set(d(2025, 1, 2))
    return build_region()


def test_items_published_late_count_and_are_named_in_the_bulletin(region_2025, clock):
    """测试市教育局 in 2025: two items formed Monday 22 September 2025 and published on the 21st and
    22nd working day after it (Monday 27 and Tuesday 28 October: the national-day holiday and its
    make-up days counted by the calendar, 2019 条例 第二十六条: within 20 working days), one on the
    20th (Friday 24 October, in time), and a message answered a day late: 3 overruns, a draft."""
    from gongkai.testing import make_item

    region = region_2025
    formed = d(2025, 9, 22)
    clock.set(d(2025, 10, 24))
    on_time = make_item(region=region, date_formed=formed, title="按时发布的通知")
    clock.set(d(2025, 10, 27))
    first = make_item(region=region, date_formed=formed, title="超期发布的通知甲")
    clock.set(d(2025, 10, 28))
    second = make_item(region=region, date_formed=formed, title="超期发布的通知乙")
    assert (on_time.workdays_to_publish, first.workdays_to_publish, second.workdays_to_publish) == (
        20,
        21,
        22,
    )
    make_message(region.dept, d(2025, 11, 3), d(2025, 11, 10), d(2025, 11, 11))
    clock.set(d(2025, 12, 1))
    assert warnings.run_warnings(d(2025, 12, 1)) == {"reminded": 0, "drafted": 1, "updated": 0}
    draft = Criticism.objects.get(organization=region.dept)
    assert [(o["kind"], o["label"]) for o in draft.overruns] == [
        ("items_late", "超期发布的通知乙"),  # the latest first, as the provider lists them
        ("items_late", "超期发布的通知甲"),
        ("messages_overdue", draft.overruns[2]["label"]),
    ]
    issued = warnings.issue_criticism(actor=region.supervisor, criticism=draft)
    assert issued.bulletin is not None
    body = issued.bulletin.body
    assert "超期发布的通知甲" in body and "超期发布的通知乙" in body  # public items are named
    assert draft.overruns[2]["label"] not in body
    assert "超过20个工作日公开的信息2次、超期未答复的留言1次" in issued.text
