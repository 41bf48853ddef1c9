"""年度报告's part of "我的工作" (``gongkai.reports.inbox``): the supervisors of a competent
authority review the reports submitted to it (第五十条); the entry's count is the number of rows of
the overview it links to (``?state=submitted``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from gongkai.reports import services
from gongkai.reports.inbox import entries
from gongkai.reports.models import ReportState
from gongkai.reports.tests.samples import make_report

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 2, 10)


def test_supervisor_reviews_the_reports_submitted_to_their_authority(
    region: Any, clock: Any, client: Client
) -> None:
    clock.set(TODAY)
    report = make_report(region.dept, 2025, ReportState.SUBMITTED)
    make_report(region.county_dept, 2025, ReportState.SUBMITTED)  # goes to the county's authority
    make_report(region.city, 2025, ReportState.ACCEPTED)
    [entry] = entries(region.supervisor, TODAY)
    assert (entry.label, entry.count) == ("待审核的2025年度报告", 1)
    assert [row[0] for row in entry.rows] == [region.dept.display_short]
    client.force_login(region.supervisor)
    page = client.get(entry.url)
    assert page.status_code == 200
    assert [row.report.pk for row in page.context["body_rows"]] == [report.pk]
    assert client.get(entry.rows[0][1]).status_code == 200
    # Accepted, it leaves the inbox (an empty entry remains, linking to the overview).
    services.accept(report, actor=region.supervisor)
    [entry] = entries(region.supervisor, TODAY)
    assert entry.count == 0 and client.get(entry.url).status_code == 200


def test_only_supervisors_have_the_entry(region: Any, clock: Any) -> None:
    clock.set(TODAY)
    make_report(region.dept, 2025, ReportState.SUBMITTED)
    for user in (region.editor, region.head, region.admin, region.county_reviewer, region.outsider):
        assert list(entries(user, TODAY)) == []


def test_the_body_writes_last_years_report_until_it_is_submitted(
    region: Any, clock: Any, client: Client
) -> None:
    """第四十九条: a department reports by 31 January; on 10 February the 2025 report is late."""
    clock.set(TODAY)
    [entry] = entries(region.head, TODAY)
    assert entry.label == "市教育局2025年度报告待报送（期限 2026-01-31）" and entry.urgent
    client.force_login(region.head)
    assert client.get(entry.url).status_code == 200
    report = make_report(region.dept, 2025, ReportState.RETURNED)
    make_report(region.dept, 2024, ReportState.PUBLISHED)
    [entry] = entries(region.admin, TODAY)
    assert entry.label == "市教育局2025年度报告被退回，待修改后重新报送"
    assert entry.url == f"/staff/reports/{report.pk}/" and client.get(entry.url).status_code == 200
    report.delete()
    make_report(region.dept, 2025, ReportState.SUBMITTED)
    assert list(entries(region.admin, TODAY)) == []
