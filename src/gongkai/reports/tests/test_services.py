"""The annual report's workflow (``gongkai.reports.services``): entered figures, the check rules
before submission, freezing on submission, return / accept / publish, deadlines (条例第四十九条),
the missing reports, reminders, and the region's aggregation with its drill-down.

Region and people: see ``report_helpers``. 测试市教育局 (``dept``) reports to the city office; so do
the office itself, the city government and the county government (条例第四十九条, see
``test_policy``). Figures were worked out by hand from the requests each test registers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.conftest import Clock
from gongkai.core import public_deps, tag_versions
from gongkai.notifications.models import Notification
from gongkai.orgs.models import RoleName
from gongkai.reports import figures as report_figures
from gongkai.reports import regional, services
from gongkai.reports.models import ReportState
from gongkai.reports.national import CheckError
from gongkai.reports.tests import report_helpers
from gongkai.reports.tests.report_helpers import (
    ZERO_ENTERED,
    People,
    answer,
    fresh,
    grant,
    ready_report,
    receive,
)
from gongkai.testing import Region, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date

# Fixtures: request handlers in the test region (the clock is the root ``clock`` fixture).
people = report_helpers.people


def notes(user: Any, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("id"))


# -- deadlines (条例第四十九条) -----------------------------------------------------------------------


def test_due_dates_31_january_for_departments_31_march_for_governments(region: Region) -> None:
    assert services.due_date(region.dept, 2025) == D(2026, 1, 31)
    assert services.due_date(region.office, 2025) == D(2026, 1, 31)
    assert services.due_date(region.county_dept, 2025) == D(2026, 1, 31)
    assert services.due_date(region.city, 2025) == D(2026, 3, 31)
    assert services.due_date(region.county, 2025) == D(2026, 3, 31)
    assert services.due_date(region.dept, 2019) == D(2020, 1, 31)
    assert "第四十九条" in services.due_rule(region.city)


# -- starting and the entered figures ----------------------------------------------------------------


def test_only_editors_start_a_report_and_only_for_a_past_or_current_year(
    region: Region, clock: Clock
) -> None:
    clock.set(D(2026, 1, 5))
    with pytest.raises(PermissionDenied):
        services.get_or_create_report(region.dept, 2025, actor=region.editor)
    with pytest.raises(ValidationError) as error:
        services.get_or_create_report(region.dept, 2027, actor=region.head)
    assert error.value.message_dict == {"year": ["年度应在2008年至2026年之间"]}
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    assert (report.state, report.year, report.organization) == (ReportState.DRAFT, 2025, region.dept)
    assert services.get_or_create_report(region.dept, 2025, actor=region.admin) == report
    assert AuditEvent.objects.filter(action="report.created", target_id=str(report.pk)).count() == 1


def test_checks_fail_for_missing_entered_figures_and_pass_after_entering(
    region: Region, clock: Clock
) -> None:
    clock.set(D(2026, 1, 5))
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    not_entered = "尚未填报，请填写数字（没有的填0）"
    assert services.run_checks(report) == [
        CheckError("表二", "行政强制 × 本年处理决定数量", not_entered),
        CheckError("表二", "行政事业性收费 × 本年收费金额（单位：万元）", not_entered),
        CheckError("表二", "行政许可 × 本年处理决定数量", not_entered),
        CheckError("表二", "行政处罚 × 本年处理决定数量", not_entered),
    ]
    services.update_report(
        report,
        actor=region.head,
        data={"licensing_decisions": 12, "licensing_source": "市政务服务平台统计", "penalty_decisions": 0},
    )
    assert [e.cell for e in services.run_checks(fresh(report))] == [
        "行政强制 × 本年处理决定数量",
        "行政事业性收费 × 本年收费金额（单位：万元）",
    ]
    services.update_report(
        report,
        actor=region.admin,
        data={"coercion_decisions": "0", "fee_income": "3.25", "fee_income_source": "2025年度财务决算报表"},
    )
    report = fresh(report)
    assert services.run_checks(report) == []
    figures = report_figures.for_report(report)
    assert figures["table2"][("licensing", "decisions")] == 12
    assert figures["table2"][("fees", "income")] == Decimal("3.25")
    assert report.licensing_source == "市政务服务平台统计"


def test_a_figure_other_than_zero_needs_its_source_and_bad_input_keeps_the_stored_report(
    region: Region, clock: Clock
) -> None:
    clock.set(D(2026, 1, 5))
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    with pytest.raises(ValidationError) as error:
        services.update_report(
            report, actor=region.head, data={"section_1": "本年度……", "licensing_decisions": 7}
        )
    assert error.value.message_dict == {
        "licensing_source": [
            "行政许可 × 本年处理决定数量不为0，请注明数据来源（如：本机关行政审批系统统计、财务决算报表）"
        ]
    }
    with pytest.raises(ValidationError) as error:
        services.update_report(
            report, actor=region.head, data={"penalty_decisions": "-3", "fee_income": "1.23456"}
        )
    assert error.value.message_dict == {
        "penalty_decisions": ["请填写不小于0的整数"],
        "fee_income": ["请填写不小于0的金额（万元，最多4位小数）"],
    }
    stored = fresh(report)
    assert (stored.section_1, stored.licensing_decisions, stored.penalty_decisions) == ("", None, None)
    with pytest.raises(ValidationError):
        services.update_report(report, actor=region.head, data={"figures": {}})
    with pytest.raises(PermissionDenied):
        services.update_report(report, actor=region.editor, data={"section_1": "x"})


def test_sections_are_saved_with_line_breaks_normalized(region: Region, clock: Clock) -> None:
    clock.set(D(2026, 1, 5))
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    services.update_report(
        report, actor=region.head, data={"section_1": "一段。\r\n二段。\r\n\r\n", "section_5": "问题"}
    )
    stored = fresh(report)
    assert stored.section_1 == "一段。\n二段。"
    assert stored.section_5 == "问题"
    assert AuditEvent.objects.get(action="report.updated").data == {"fields": ["section_1", "section_5"]}


# -- submission --------------------------------------------------------------------------------------


def test_a_report_failing_checks_cannot_be_submitted_and_the_message_names_the_cell(
    region: Region, clock: Clock
) -> None:
    clock.set(D(2026, 1, 5))
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    services.update_report(
        report, actor=region.head, data={"penalty_decisions": 0, "coercion_decisions": 0, "fee_income": 0}
    )
    with pytest.raises(ValidationError) as error:
        services.submit(fresh(report), actor=region.head)
    assert error.value.messages == ["表二“行政许可 × 本年处理决定数量”：尚未填报，请填写数字（没有的填0）"]
    stored = fresh(report)
    assert (stored.state, stored.figures, stored.submitted_at) == (ReportState.DRAFT, {}, None)


def test_submit_freezes_the_figures(people: People, clock: Clock) -> None:
    region = people.region
    clock.set(D(2025, 12, 20))
    request = receive(people.dept_handler, region.dept, D(2025, 12, 20))
    clock.set(D(2026, 1, 10))
    report = ready_report(region.dept, 2025, region.head)
    services.submit(report, actor=region.head)
    report = fresh(report)
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_by == region.head
    frozen = report.figures["table3"]
    assert (frozen["new|person"], frozen["new|total"], frozen["carried_out|total"], frozen["1|total"]) == (
        1,
        1,
        1,
        0,
    )
    assert report.figures["table2"]["licensing|decisions"] == 0
    # The request is answered afterwards, dated in 2025: the register moves, the report does not.
    answer(people.dept_handler, request, D(2025, 12, 30))
    now = report_figures.compute([region.dept.pk], 2025)[region.dept.pk]["table3"]
    assert (now[("carried_out", "total")], now[("1", "total")]) == (0, 1)
    submitted = report_figures.for_report(fresh(report))["table3"]
    assert (submitted[("carried_out", "total")], submitted[("1", "total")]) == (1, 0)
    assert services.run_checks(fresh(report)) == []
    assert len(notes(region.supervisor, "report.submitted")) == 1
    assert AuditEvent.objects.filter(action="report.submitted", target_id=str(report.pk)).exists()
    # Submitted: no more editing, no second submission.
    with pytest.raises(ValidationError):
        services.update_report(fresh(report), actor=region.head, data={"section_1": "改"})
    with pytest.raises(ValidationError):
        services.submit(fresh(report), actor=region.head)


def test_a_year_is_reported_on_after_it_ends(region: Region, clock: Clock) -> None:
    clock.set(D(2025, 12, 31))
    report = ready_report(region.dept, 2025, region.head)
    with pytest.raises(ValidationError) as error:
        services.submit(report, actor=region.head)
    assert error.value.messages == ["2025年度尚未结束，年度报告在次年报送（条例第四十九条）。"]
    clock.set(D(2026, 1, 1))
    assert services.submit(fresh(report), actor=region.head).state == ReportState.SUBMITTED


def test_return_unfreezes_and_keeps_the_comment(people: People, clock: Clock) -> None:
    region = people.region
    clock.set(D(2025, 12, 20))
    request = receive(people.dept_handler, region.dept, D(2025, 12, 20))
    clock.set(D(2026, 1, 10))
    report = services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    answer(people.dept_handler, request, D(2025, 12, 30))
    with pytest.raises(ValidationError) as error:
        services.return_report(fresh(report), actor=region.supervisor, comment="  ")
    assert error.value.message_dict == {"comment": ["退回须填写审核意见，说明需要修改的内容。"]}
    services.return_report(fresh(report), actor=region.supervisor, comment="第五部分未写存在的问题")
    report = fresh(report)
    assert (report.state, report.figures, report.review_comment) == (
        ReportState.RETURNED,
        {},
        "第五部分未写存在的问题",
    )
    assert report.reviewed_by == region.supervisor
    # Unfrozen: the figures are computed again and now count the answer of 30 December.
    table3 = report_figures.for_report(report)["table3"]
    assert (table3[("carried_out", "total")], table3[("1", "total")]) == (0, 1)
    assert [n.body for n in notes(region.head, "report.returned")] == ["审核意见：第五部分未写存在的问题"]
    assert len(notes(region.admin, "report.returned")) == 1
    # Editable again, and submitted again with the new figures frozen.
    services.update_report(report, actor=region.head, data={"section_5": "一是……二是……"})
    services.submit(fresh(report), actor=region.head)
    assert fresh(report).figures["table3"]["1|total"] == 1


def test_only_the_receiving_authoritys_supervisor_returns_or_accepts(people: People, clock: Clock) -> None:
    region = people.region
    clock.set(D(2026, 1, 10))
    report = services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    county_supervisor = grant(UserFactory.create(username="csup"), region.county_office, RoleName.SUPERVISOR)
    for user in (region.head, region.admin, region.outsider, county_supervisor, people.office_handler):
        with pytest.raises(PermissionDenied):
            services.accept(fresh(report), actor=user)
        with pytest.raises(PermissionDenied):
            services.return_report(fresh(report), actor=user, comment="请修改")
    assert fresh(report).state == ReportState.SUBMITTED
    # The county department reports to the county office: the city's supervisor may not review it.
    county_head = grant(UserFactory.create(username="chead"), region.county_dept, RoleName.OFFICE_HEAD)
    county_report = services.submit(ready_report(region.county_dept, 2025, county_head), actor=county_head)
    with pytest.raises(PermissionDenied):
        services.accept(fresh(county_report), actor=region.supervisor)
    services.accept(fresh(county_report), actor=county_supervisor, comment="同意")
    services.accept(fresh(report), actor=region.supervisor)
    assert fresh(report).state == ReportState.ACCEPTED
    assert (fresh(county_report).state, fresh(county_report).review_comment) == (ReportState.ACCEPTED, "同意")
    # Accepted reports are no longer reviewed.
    with pytest.raises(ValidationError):
        services.return_report(fresh(report), actor=region.supervisor, comment="再改")


def test_publish_only_after_acceptance(
    people: People, clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    region = people.region
    clock.set(D(2026, 1, 10))
    report = services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    with pytest.raises(ValidationError) as error:
        services.publish(fresh(report), actor=region.head)
    assert error.value.messages == ["报告已报送：年度报告须经主管部门审核通过后才能公开。"]
    services.accept(fresh(report), actor=region.supervisor)
    with pytest.raises(PermissionDenied):
        services.publish(fresh(report), actor=region.outsider)
    with pytest.raises(PermissionDenied):
        services.publish(fresh(report), actor=people.dept_handler)
    tags = [public_deps.REPORTS, public_deps.org(report.organization_id), public_deps.sitemap("reports")]
    before = tag_versions.current(tags)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(fresh(report), actor=region.head)
    report = fresh(report)
    assert report.state == ReportState.PUBLISHED
    assert report.published_at is not None
    assert all(tag_versions.current(tags)[t] != before[t] for t in tags)  # its pages are dropped
    assert AuditEvent.objects.filter(action="report.published", target_id=str(report.pk)).exists()


# -- who has not submitted, and the reminders -----------------------------------------------------------


def test_missing_reports_lists_the_bodies_without_a_submitted_report(people: People, clock: Clock) -> None:
    region = people.region
    clock.set(D(2026, 1, 10))
    names = lambda orgs: {o.name for o in orgs}  # noqa: E731
    assert names(services.missing_reports(region.office, 2025)) == {
        "测试市人民政府",
        "测试市人民政府办公室",
        "测试市教育局",
        "测试县人民政府",
    }
    assert names(services.missing_reports(region.county_office, 2025)) == {
        "测试县人民政府办公室",
        "测试县财政局",
    }
    report = ready_report(region.dept, 2025, region.head)  # a draft is not submitted
    assert "测试市教育局" in names(services.missing_reports(region.office, 2025))
    services.submit(report, actor=region.head)
    assert names(services.missing_reports(region.office, 2025)) == {
        "测试市人民政府",
        "测试市人民政府办公室",
        "测试县人民政府",
    }
    assert "测试市教育局" in names(services.missing_reports(region.office, 2024))  # another year
    services.return_report(fresh(report), actor=region.supervisor, comment="请补充")
    assert "测试市教育局" in names(services.missing_reports(region.office, 2025))


def test_reminders_once_a_day_at_15_7_3_1_0_days_before_then_weekly_after(
    people: People, clock: Clock
) -> None:
    region = people.region
    dept_staff = [region.head, region.admin, people.dept_handler]  # office head, admin, request handler

    def due_soon(user: Any) -> list[str]:
        return [n.title for n in notes(user, "report.due_soon")]

    counts = services.send_reminders(D(2026, 1, 16))  # 15 days before 31 January
    assert counts == {"due_soon": 2, "overdue": 0, "authorities": 1}  # dept and office; the city office
    for user in [*dept_staff, people.office_handler]:
        assert due_soon(user) == ["请按期报送2025年度政府信息公开工作年度报告（还有15天截止）"]
    assert notes(region.dept.roles.get(role=RoleName.EDITOR).user, "report.due_soon") == []
    [missing] = notes(region.supervisor, "report.missing")
    assert missing.title == "2个机关尚未报送2025年度报告（报送期限2026年1月31日，还有15天截止）"
    assert missing.body == "尚未报送：测试市人民政府办公室、市教育局。"
    assert missing.url == f"/staff/reports/overview/?authority={region.office.pk}&year=2025"
    # Once a day: the hourly round sends nothing more today.
    assert services.send_reminders(D(2026, 1, 16)) == {"due_soon": 0, "overdue": 0, "authorities": 0}
    assert services.send_reminders(D(2026, 1, 17)) == {"due_soon": 0, "overdue": 0, "authorities": 0}
    services.send_reminders(D(2026, 1, 24))  # 7 days before
    assert len(due_soon(region.head)) == 2
    # The department submits; the office has not.
    clock.set(D(2026, 1, 26))
    services.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    services.send_reminders(D(2026, 1, 28))  # 3 days before
    assert len(due_soon(region.head)) == 2
    assert len(due_soon(people.office_handler)) == 3
    assert notes(region.supervisor, "report.missing")[-1].body == "尚未报送：测试市人民政府办公室。"
    services.send_reminders(D(2026, 1, 30))  # 1 day before
    services.send_reminders(D(2026, 1, 31))  # the day itself
    assert due_soon(people.office_handler)[-1] == "请按期报送2025年度政府信息公开工作年度报告（今天截止）"
    assert len(due_soon(people.office_handler)) == 5
    # After the deadline: the first day late, then every 7 days.
    for day in range(1, 16):
        services.send_reminders(D(2026, 1, 31) + dt.timedelta(days=day))
    overdue = [n.title for n in notes(people.office_handler, "report.overdue")]
    assert overdue == [
        "2025年度政府信息公开工作年度报告已逾期1天未报送",
        "2025年度政府信息公开工作年度报告已逾期8天未报送",
        "2025年度政府信息公开工作年度报告已逾期15天未报送",
    ]
    assert notes(region.head, "report.overdue") == []  # the department submitted
    assert [n.title for n in notes(region.supervisor, "report.missing")][-3:] == [
        "1个机关尚未报送2025年度报告（报送期限2026年1月31日，已逾期）"
    ] * 3
    # 15 days before 31 March the supervisors hear about the two governments (no staff of their own).
    assert services.send_reminders(D(2026, 3, 16)) == {"due_soon": 0, "overdue": 0, "authorities": 1}
    latest = notes(region.supervisor, "report.missing")[-1]
    assert latest.title == "2个机关尚未报送2025年度报告（报送期限2026年3月31日，还有15天截止）"
    assert latest.body == "尚未报送：测试市人民政府、测试县人民政府。"


# -- the check across years ----------------------------------------------------------------------------


def test_last_years_carried_over_check_uses_last_years_submitted_figures(
    people: People, clock: Clock
) -> None:
    region = people.region
    clock.set(D(2025, 1, 5))
    request = receive(people.dept_handler, region.dept, D(2024, 12, 20))
    clock.set(D(2025, 1, 10))
    last = services.submit(ready_report(region.dept, 2024, region.head), actor=region.head)
    assert fresh(last).figures["table3"]["carried_out|person"] == 1
    clock.set(D(2025, 1, 15))
    answer(people.dept_handler, request, D(2024, 12, 30))  # recorded late, dated in 2024
    clock.set(D(2026, 1, 10))
    report = ready_report(region.dept, 2025, region.head)
    carried = services.last_year_carried_out(report)
    assert (carried["person"], carried["business"], carried["total"]) == (1, 0, 1)
    reason = "应等于上一年度报告“四、结转下年度继续办理”的 1，实为 0"
    assert services.run_checks(report) == [
        CheckError("跨年度", "二、上年结转政府信息公开申请数量 × 自然人", reason),
        CheckError("跨年度", "二、上年结转政府信息公开申请数量 × 总计", reason),
    ]
    with pytest.raises(ValidationError) as error:
        services.submit(fresh(report), actor=region.head)
    assert error.value.messages == [
        f"跨年度“二、上年结转政府信息公开申请数量 × 自然人”：{reason}",
        f"跨年度“二、上年结转政府信息公开申请数量 × 总计”：{reason}",
    ]
    # Once last year's report is returned it is no longer what the authority holds: the check
    # compares with last year's computed figures, which agree.
    services.return_report(fresh(last), actor=region.supervisor, comment="上年结转有误，请更正")
    assert services.last_year_carried_out(report)["total"] == 0
    assert services.run_checks(fresh(report)) == []


# -- the region ------------------------------------------------------------------------------------------


def test_overview_aggregation_and_drill_down(people: People, clock: Clock) -> None:
    region = people.region
    clock.set(D(2026, 1, 10))
    first = receive(people.office_handler, region.office, D(2025, 3, 2))
    receive(people.office_handler, region.office, D(2025, 3, 2))
    receive(people.dept_handler, region.dept, D(2025, 5, 6), applicant_type="business")
    answer(people.office_handler, first, D(2025, 3, 20))

    data = regional.overview(region.office, 2025, D(2026, 1, 10))
    assert {row.organization.name for row in data.rows} == {
        "测试市人民政府",
        "测试市人民政府办公室",
        "测试市教育局",
        "测试县人民政府",
    }
    agg = regional.regional_figures(data.rows, 2025)
    t3 = agg.total["table3"]
    assert (t3[("new", "person")], t3[("new", "business")], t3[("new", "total")]) == (2, 1, 3)
    assert (t3[("1", "total")], t3[("outcome_total", "total")], t3[("carried_out", "total")]) == (1, 1, 2)
    assert regional.headline_values(agg.total) == [3, 1, 2, 0, 0]
    drill = {
        d.organization.name: (d.value, d.share, d.frozen)
        for d in regional.drill_down(agg, "table3", "new", "total")
    }
    assert drill == {
        "测试市人民政府": (0, None, False),
        "测试市人民政府办公室": (2, Decimal("66.7"), False),
        "测试市教育局": (1, Decimal("33.3"), False),
        "测试县人民政府": (0, None, False),
    }
    # The department submits with 5 licensing decisions: its figures are frozen; a request
    # registered later, dated in 2025, no longer changes its contribution.
    report = services.get_or_create_report(region.dept, 2025, actor=region.head)
    services.update_report(
        report,
        actor=region.head,
        data={**ZERO_ENTERED, "licensing_decisions": 5, "licensing_source": "审批系统"},
    )
    services.submit(fresh(report), actor=region.head)
    receive(people.dept_handler, region.dept, D(2025, 6, 1))
    data = regional.overview(region.office, 2025, D(2026, 2, 1))
    agg = regional.regional_figures(data.rows, 2025)
    drill = {
        d.organization.name: (d.value, d.frozen) for d in regional.drill_down(agg, "table3", "new", "total")
    }
    assert drill["测试市教育局"] == (1, True)
    assert agg.total["table3"][("new", "total")] == 3
    assert agg.total["table2"][("licensing", "decisions")] == 5  # only the department entered it
    assert agg.total["table2"][("penalty", "decisions")] == 0
    only_submitted = regional.regional_figures(data.rows, 2025, submitted_only=True)
    assert [c.organization.name for c in only_submitted.bodies] == ["测试市教育局"]
    assert only_submitted.total["table3"][("new", "business")] == 1
    # Who has not submitted by 1 February: the office is overdue (31 January), the governments are not yet.
    assert data.missing_count == 3
    assert [row.organization.name for row in data.rows if row.overdue] == ["测试市人民政府办公室"]


def test_cells_of_the_drill_down(region: Region) -> None:
    assert regional.parse_cell("table3:new:total") == ("table3", "new", "total")
    assert regional.parse_cell("table4:all:review.corrected") == ("table4", "all", "review.corrected")
    assert regional.parse_cell("table3:nonsense:total") is None
    assert regional.cell_label("table3:3.1:person") == "（三）不予公开1.属于国家秘密 × 自然人"
    assert (
        regional.cell_label("table2:fees:income")
        == "第二十条第（八）项 行政事业性收费 × 本年收费金额（单位：万元）"
    )
    assert regional.cell_label("table4:all:direct.pending") == "行政诉讼 未经复议直接起诉 × 尚未审结"
    keys = [key for _, cells in regional.cell_choices() for key, _ in cells]
    assert len(keys) == len(set(keys)) == 10 + 25 * 7 + 15 + 1
