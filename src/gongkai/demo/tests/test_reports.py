"""The demo's annual reports: two completed years, written from the platform's own figures, in every
state of the workflow (docs/SPEC.md §6; issue 4 "the demo region has filled annual reports for two years")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from gongkai.conftest import Clock
from gongkai.demo.builder import build_demo
from gongkai.disclosure.models import Item, ItemLink, LinkKind
from gongkai.foi.models import Appeal, InfoRequest
from gongkai.foi.services.notices import case_url
from gongkai.notifications.models import Notification
from gongkai.reports import figures as report_figures
from gongkai.reports import services as report_services
from gongkai.reports.demo.plans import PLANS, RETURN_COMMENT
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.national import check

pytestmark = pytest.mark.django_db


#: The demo's "today" in these tests: its history is 2024 and 2025, its live requests late 2026.
TODAY = dt.date(2026, 11, 16)


def build(clock: Clock, capture: Any, today: dt.date) -> tuple[int, int]:
    """The demo built on ``today`` (the clock stays there): its two completed years."""
    clock.set(today)
    with capture(execute=True):
        build_demo(items=300, seed=2008, echo=lambda _: None)
    return today.year - 2, today.year - 1


@pytest.fixture
def demo(db: Any, clock: Clock, django_capture_on_commit_callbacks: Any) -> tuple[int, int]:
    return build(clock, django_capture_on_commit_callbacks, TODAY)


def test_two_years_of_reports_in_every_state(demo: tuple[int, int]) -> None:
    older, newer = demo
    states = {
        (r.organization.slug, r.year): r.state for r in AnnualReport.objects.select_related("organization")
    }
    assert states == {
        **{(plan.slug, older): ReportState.PUBLISHED for plan in PLANS},
        ("sz-jyj", newer): ReportState.PUBLISHED,
        ("suzhou", newer): ReportState.PUBLISHED,
        ("sz-czj", newer): ReportState.ACCEPTED,
        ("sz-rsj", newer): ReportState.SUBMITTED,
        ("sz-mzj", newer): ReportState.RETURNED,
        ("dsx", newer): ReportState.DRAFT,
    }
    # Dated as a body would have worked: departments by 31 January, governments by 31 March.
    for report in AnnualReport.objects.filter(year=older).select_related("organization"):
        published = timezone.localtime(report.published_at).date()
        deadline = report_services.due_date(report.organization, older)
        assert published.year == older + 1 and published <= deadline
        assert report.submitted_at is not None and report.submitted_at <= report.published_at
    returned = AnnualReport.objects.get(organization__slug="sz-mzj", year=newer)
    assert returned.review_comment == RETURN_COMMENT and returned.figures == {}
    draft = AnnualReport.objects.get(organization__slug="dsx", year=newer)
    assert draft.section_1 and not draft.section_5 and draft.fee_income is None
    assert [e.cell for e in report_services.run_checks(draft)] == [
        "行政事业性收费 × 本年收费金额（单位：万元）"
    ]


def test_submitted_figures_are_the_registers_and_pass_every_check(demo: tuple[int, int]) -> None:
    figures_are_the_registers(*demo)


def test_built_early_in_a_year_whose_calendar_is_provisional(
    db: Any, clock: Clock, django_capture_on_commit_callbacks: Any
) -> None:
    """Built on Mon 10 January 2028 (no holiday notice for 2027 or 2028 yet): the reports are of 2026
    and 2027, the live requests of the last weeks fall in 2027 too, and every figure still agrees."""
    older, newer = build(clock, django_capture_on_commit_callbacks, dt.date(2028, 1, 10))
    assert (older, newer) == (2026, 2027)
    assert set(AnnualReport.objects.values_list("year", flat=True)) == {2026, 2027}
    figures_are_the_registers(older, newer)


def figures_are_the_registers(older: int, newer: int) -> None:
    for report in AnnualReport.objects.filter(state__in=report_services.policy.SUBMITTED_STATES):
        frozen = report_figures.from_json(report.figures)
        computed = report_figures.compute([report.organization_id], report.year)[report.organization_id]
        assert frozen == report_figures.with_entered(computed, report), report
        assert report_services.run_checks(report) == [], report
        # Entered figures carry their source.
        assert report.licensing_source and report.penalty_source and report.fee_income_source
    for plan in PLANS:
        org_id = AnnualReport.objects.get(organization__slug=plan.slug, year=older).organization_id
        both = {year: report_figures.compute([org_id], year)[org_id] for year in (older, newer)}
        assert check(
            report_figures.with_entered(both[newer], AnnualReport(licensing_decisions=0, penalty_decisions=0,
                                        coercion_decisions=0, fee_income=0)),
            last_year_carried_out=report_figures.carried_out(both[older]),
        ) == []  # fmt: skip
        for kind in ("regulation", "normative"):
            t, before = both[newer]["table2"], both[older]["table2"]
            assert t[kind, "in_force"] == before[kind, "in_force"] + t[kind, "made"] - t[kind, "abolished"]
    # Requests carried over from the older year into the newer one, in every body of the demo.
    carried = [
        report_figures.carried_out(report_figures.from_json(r.figures))["total"]
        for r in AnnualReport.objects.filter(year=older)
    ]
    assert len(carried) == len(PLANS) and all(n > 0 for n in carried)


def test_narratives_are_written_from_the_figures(demo: tuple[int, int]) -> None:
    _older, newer = demo
    report = AnnualReport.objects.get(organization__slug="sz-jyj", year=newer)
    figures = report_figures.for_report(report)
    t2, t3 = figures["table2"], figures["table3"]
    assert report.section_3.startswith(f"{newer}年，本机关共收到政府信息公开申请{t3['new', 'total']}件")
    assert f"上年结转{t3['carried_in', 'total']}件" in report.section_3
    assert f"结转下年度继续办理{t3['carried_out', 'total']}件" in report.section_3
    assert f"现行有效{t2['normative', 'in_force']}件" in report.section_2
    # 市教育局's fee of 500 元 (80 pages, 按量) paid in the newer year is reported in section 六.
    assert figures["extra"]["fees", report_figures.FEES_COLLECTED] == 500
    assert "收取信息处理费500.00元" in report.section_6
    appeals = Appeal.objects.filter(request__organization__slug="sz-jyj", filed_on__year=newer).count()
    assert figures["table4"]["all", "review.total"] + figures["table4"]["all", "direct.total"] == appeals
    assert "行政复议" in report.section_4


def test_history_behind_the_reports(demo: tuple[int, int]) -> None:
    older, newer = demo
    # 市人民政府 makes 规章; every body made 规范性文件 and replaced an older one each year.
    regulations = Item.objects.filter(
        organization__slug="suzhou", is_regulation=True, date_formed__year__gte=older
    )
    assert regulations.count() == sum(PLANS[1].regulations)
    assert ItemLink.objects.filter(kind=LinkKind.REPLACES, target__validity="expired").count() >= 2 * len(
        PLANS
    )
    # Every outcome group of 表三 occurs in the history; all of it is finished except what is carried over.
    history = InfoRequest.objects.filter(received_on__year__in=(older, newer))
    groups = {
        outcome.split(".")[0] for outcome in history.exclude(outcome="").values_list("outcome", flat=True)
    }
    assert groups == {"1", "2", "3", "4", "5", "6"}
    # What the services told people about this history is read; pending report work is not.
    unread = Notification.objects.filter(read_at__isnull=True)
    urls = [case_url(request) for request in history]
    assert Notification.objects.filter(url__in=urls, kind="request.new").count() >= history.count()
    assert not unread.filter(url__in=urls).exists()
    assert set(unread.filter(kind__startswith="report.").values_list("recipient__username", "kind")) == {
        ("supervisor", "report.submitted"),
        ("sz-czj-head", "report.accepted"),
        ("sz-mzj-head", "report.returned"),
    }
