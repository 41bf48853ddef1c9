"""年度报告's part of "我的工作": the annual reports waiting to be written and submitted by a body,
and those waiting for a supervisor's review.

A body submits its report to its competent authority (第四十九条); the authority's supervisors accept
it or return it (``policy.can_review``). The inbox has one entry per authority and year with reports
to review, linking to that year's overview filtered to them (``?state=submitted``): the count is the
number of rows the link opens.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from gongkai.core.registry import InboxContribution, InboxEntry, register_inbox
from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization
from gongkai.reports import policy, services
from gongkai.reports.models import AnnualReport, ReportState

#: How many reports the inbox shows under an entry (the count is complete).
ROWS = 5


def reports_to_review(user: Any) -> dict[tuple[int, int], list[AnnualReport]]:
    """The submitted reports ``user`` may accept or return, by (receiving authority, year)."""
    if not (set(policy.REVIEWER_ROLES) & org_policy.role_names(user) or getattr(user, "is_superuser", False)):
        return {}
    grouped: dict[tuple[int, int], list[AnnualReport]] = defaultdict(list)
    submitted = (
        policy.visible_reports(user)
        .filter(state=ReportState.SUBMITTED)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    for report in submitted:
        authority = hierarchy.reports_to(report.organization)
        if authority is not None and policy.is_reviewer_for(user, authority):
            grouped[authority.pk, report.year].append(report)
    return dict(grouped)


def _to_submit(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    """The bodies whose report ``user`` writes (its office head, its organization administrator):
    last year's report until it is submitted (第四十九条: by 31 January, a government by 31 March),
    and any report returned by the competent authority. One entry per report, linking to it (or,
    not started yet, to the body's reports, where it is started)."""
    if not set(policy.EDITOR_ROLES) & org_policy.role_names(user):
        return
    year = today.year - 1
    bodies = list(policy.bodies_edited_by(user).order_by("path"))
    reports = {
        (r.organization_id, r.year): r
        for r in AnnualReport.objects.filter(organization__in=bodies).filter(
            Q(year=year) | Q(state=ReportState.RETURNED)
        )
    }
    for body in bodies:
        wanted = [reports.get((body.pk, year))] + [
            r for (org_id, y), r in sorted(reports.items()) if org_id == body.pk and y != year
        ]
        for report in wanted:
            if services.is_submitted(report):
                continue
            report_year = report.year if report is not None else year
            due = services.due_date(body, report_year)
            returned = report is not None and report.state == ReportState.RETURNED
            url = (
                reverse("backoffice:report", args=[report.pk])
                if report is not None
                else f"{reverse('backoffice:reports')}?org={body.pk}"
            )
            yield InboxEntry(
                key=f"reports.to_submit.{body.slug or body.pk}.{report_year}",
                label=f"{body.display_short}{report_year}年度报告"
                + ("被退回，待修改后重新报送" if returned else f"待报送（期限 {due:%Y-%m-%d}）"),
                count=1,
                url=url,
                urgent=today > due,
            )


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    yield from _to_submit(user, today)
    if not set(policy.REVIEWER_ROLES) & org_policy.role_names(user):
        return
    grouped = reports_to_review(user)
    if not grouped:
        yield InboxEntry(
            key="reports.to_review",
            label="待审核的年度报告",
            count=0,
            url=reverse("backoffice:reports_overview"),
        )
        return
    authorities = {o.pk: o for o in Organization.objects.filter(pk__in={a for a, _ in grouped})}
    overview = reverse("backoffice:reports_overview")
    for (authority_id, year), reports in sorted(grouped.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
        query = urlencode({"authority": authority_id, "year": year, "state": ReportState.SUBMITTED.value})
        url = f"{overview}?{query}"
        authority = authorities[authority_id]
        where = f"{authority.display_short} " if len(authorities) > 1 else ""
        yield InboxEntry(
            key=f"reports.to_review.{authority.slug or authority.pk}.{year}",
            label=f"待审核的{where}{year}年度报告",
            count=len(reports),
            url=url,
            rows=tuple(
                (
                    r.organization.display_short,
                    reverse("backoffice:report", args=[r.pk]),
                    f"报送于 {r.submitted_at:%Y-%m-%d}" if r.submitted_at else "",
                )
                for r in reports[:ROWS]
            ),
        )


def register() -> None:
    register_inbox(InboxContribution(key="reports", title="年度报告", entries=entries, order=30))
