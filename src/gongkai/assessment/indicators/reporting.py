"""Indicators of reporting duties: the annual report (政府信息公开工作年度报告) and 政务信息报送.

``annual_report_on_time`` (flag 1/0): the body's annual report on the year before the period's end
year (a period ending in 2026 looks at the report on 2025) was **published** (``published_at``,
local date) on or before its deadline. The deadline is the reports app's own
(``reports.services.due_date``, 2019 条例 第四十九条): a department reports to its competent
authority and publishes by **31 January**, a people's government publishes by **31 March**. A
department's report is published only after the competent authority accepted it, so publication
by the deadline also means it was submitted and accepted by then. No report, a report not yet
published, or one published after the deadline: 0. A period that does not hold the deadline (a
quarter from April on, a period that ends before it) does not judge the report: no figure (``None``,
which a scheme's rule reads as "no data", deducting nothing). 第五十条 says what the report contains,
and that the assessment results go into it.

政务信息报送 (``govinfo.scoring``): the figures of the body as a unit in the ranking of the office it
reports to, exactly as the office's standings compute them (``standings_by_office``: points of
adoptions, leaders' instructions and penalties in the period, a joint item split among its units,
a whole calendar year zeroed for 2 or more missed 约稿通知):

- ``govinfo_submissions``: submissions credited to it and submitted in the period (returned,
  withdrawn and unsent ones excepted);
- ``govinfo_adoptions``: adoptions of submissions credited to it, adopted in the period;
- ``govinfo_points``: its points (``UnitStanding.points``), with the rank among the office's units.

A body that is not a unit of any office's ranking (an office itself, and the government whose
office it is: what they send is the office's own work) has no 政务信息报送 figures (None).

The drill-down of 政务信息报送 (``records``) names the submissions behind a figure; who opens which
page of a submission is govinfo's (its own dashboards' rule): the office's desk editors its desk
page, the unit's 信息员 and 签发人 its page, and a supervisor or a body's 公开工作机构负责人 reads only
the figures — ``links`` links each row to the page the reader may open, or to none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.indicators.base import Definition, Figure, Period, Record, Records
from gongkai.foi.clock import zh_date
from gongkai.govinfo import access as govinfo_access
from gongkai.govinfo import figures as govinfo_figures
from gongkai.govinfo import policy as govinfo_policy
from gongkai.govinfo import scoring
from gongkai.govinfo.models import Submission
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import due_date as report_due_date

REPORT_GROUP = _("年度报告")
GOVINFO_GROUP = _("政务信息报送")

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "annual_report_on_time",
        _("年度报告按时公布"),
        "flag",
        REPORT_GROUP,
        explanation=_(
            "上一年度政府信息公开工作年度报告在规定期限内公布的记1，否则记0：部门为1月31日前，"
            "人民政府为3月31日前（第四十九条）。考核期不含该期限的（如第二季度起的季度考核），不评价此项。"
        ),
    ),
    Definition(
        "govinfo_submissions",
        _("政务信息报送数"),
        "count",
        GOVINFO_GROUP,
        explanation=_("考核期内报送的政务信息条数（退回、撤回和未报送的不计），与政务信息报送排名一致。"),
    ),
    Definition(
        "govinfo_adoptions",
        _("政务信息采用数"),
        "count",
        GOVINFO_GROUP,
        explanation=_("考核期内被采用的政务信息次数，与政务信息报送排名一致。"),
    ),
    Definition(
        "govinfo_points",
        _("政务信息得分"),
        "points",
        GOVINFO_GROUP,
        explanation=_(
            "按政务信息计分规则计算的考核期内得分（采用、批示加分，扣分项扣分），与政务信息报送排名一致。"
        ),
    ),
)

CODES = frozenset(d.code for d in DEFINITIONS)


def report_year(period: Period) -> int:
    """The year of the annual report a period looks at: the year before the period's end year."""
    return period.end.year - 1


def _published_on(report: AnnualReport | None) -> dt.date | None:
    if report is None or report.published_at is None:
        return None
    return timezone.localdate(report.published_at)


def _report_figure(org: Organization, report: AnnualReport | None, year: int, period: Period) -> Figure:
    due = report_due_date(org, year)
    if not period.start <= due <= period.end:
        # The deadline falls outside the period (a quarter without 31 January or 31 March, a period
        # still before the deadline): the report is judged in the period that holds its deadline.
        return Figure(None, detail={"year": year, "due": due.isoformat(), "not_due_in_period": True})
    published = _published_on(report)
    submitted = (
        None if report is None or report.submitted_at is None else timezone.localdate(report.submitted_at)
    )
    on_time = published is not None and published <= due
    return Figure(
        int(on_time),
        detail={
            "year": year,
            "due": due.isoformat(),
            "state": "" if report is None else report.state,
            "submitted_on": submitted.isoformat() if submitted else None,
            "published_on": published.isoformat() if published else None,
        },
    )


def _govinfo(period: Period, ids: list[int]) -> dict[int, dict[str, Figure]]:
    wanted = set(ids)
    out: dict[int, dict[str, Figure]] = {}
    for office_id, rows in scoring.standings_by_office(period.start, period.end).items():
        units = len(rows)
        for row in rows:
            pk = row.organization.pk
            if pk not in wanted:
                continue
            out[pk] = {
                "govinfo_submissions": Figure(row.submissions),
                "govinfo_adoptions": Figure(row.adopted),
                "govinfo_points": Figure(
                    row.points,
                    detail={
                        "office": office_id,
                        "rank": row.rank,
                        "tied": row.tied,
                        "units": units,
                        "raw_points": str(row.raw_points),
                        "zeroed": row.zeroed,
                        "by_source": {kind: str(points) for kind, points in row.by_source.items()},
                    },
                ),
            }
    return out


def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
    ids = sorted(set(org_ids))
    if not ids:
        return {}
    year = report_year(period)
    orgs = Organization.objects.filter(pk__in=ids).only("pk", "kind")
    reports = {r.organization_id: r for r in AnnualReport.objects.filter(organization_id__in=ids, year=year)}
    govinfo = _govinfo(period, ids)
    not_a_unit = {
        code: Figure(None) for code in ("govinfo_submissions", "govinfo_adoptions", "govinfo_points")
    }
    out: dict[int, dict[str, Figure]] = {}
    for org in orgs:
        out[org.pk] = {
            "annual_report_on_time": _report_figure(org, reports.get(org.pk), year, period),
            **govinfo.get(org.pk, not_a_unit),
        }
    return out


# -- the records behind a figure -------------------------------------------------------------------


def _office_of(org_id: int) -> Organization | None:
    for office_id, bodies in hierarchy.reporting_map().items():
        if any(body.pk == org_id for body in bodies):
            office = Organization.objects.get(pk=office_id)
            if office.is_competent_authority and org_id not in (office.pk, office.parent_id):
                return office
    return None


def records(code: str, org_id: int, period: Period, limit: int) -> Records:
    if code not in CODES:
        raise KeyError(code)
    org = Organization.objects.get(pk=org_id)
    if code == "annual_report_on_time":
        year = report_year(period)
        report = AnnualReport.objects.filter(organization=org, year=year).first()
        if report is None:
            return Records([], 0)
        due = report_due_date(org, year)
        published = _published_on(report)
        if published is None:
            note = gettext("应于%(due)s前公布，尚未公布（%(state)s）") % {
                "due": zh_date(due),
                "state": report.get_state_display(),
            }
        else:
            note = gettext("应于%(due)s前公布，%(published)s公布") % {
                "due": zh_date(due),
                "published": zh_date(published),
            }
        return Records(
            [
                Record(
                    label=str(report),
                    url=reverse("backoffice:report", args=[report.pk]),
                    date=published,
                    note=note,
                )
            ],
            1,
        )
    if code == "govinfo_submissions":
        submissions = scoring.counted_submissions(org, period.start, period.end)
        rows = [
            Record(
                label=s.title,
                url=reverse("backoffice:govinfo_submission", args=[s.pk]),
                date=timezone.localdate(s.submitted_at) if s.submitted_at else None,
                note=s.get_state_display(),
                ref=s.pk,
            )
            for s in submissions[:limit]
        ]
        return Records(rows, submissions.count())
    office = _office_of(org_id)
    if office is None:
        return Records([], 0)
    lines = scoring.points_lines(office, org, period.start, period.end)
    if code == "govinfo_adoptions":
        lines = [line for line in lines if line.kind == scoring.ADOPTION]
    points_page = reverse("backoffice:govinfo_dashboard_points", args=[office.pk, org.pk])
    rows = [
        Record(
            label=line.label,
            url=(
                reverse("backoffice:govinfo_submission", args=[line.submission_id])
                if line.submission_id
                else points_page
            ),
            date=line.date,
            note=gettext("%(points)s分") % {"points": line.points},
            ref=line.submission_id or None,
        )
        for line in lines[:limit]
    ]
    return Records(rows, len(lines))


def _opens_points(viewer: Any, office: Organization, org_id: int) -> bool:
    """Does ``viewer`` open the office's page of the unit's points (``govinfo_dashboard_points``): the
    office's desk and supervisors, and the unit's own 信息员 and 签发人."""
    if govinfo_figures.can_open_office(viewer, office):
        return True
    if org_id not in govinfo_access.unit_ids(viewer):
        return False
    reports_to = hierarchy.reports_to(Organization.objects.get(pk=org_id))
    return reports_to is not None and reports_to.pk == office.pk


def links(viewer: Any, code: str, org_id: int, found: Records) -> Records:
    """The 政务信息报送 records linked to what ``viewer`` may open: a submission to its desk page for
    the editors of the office it was sent to, to its page for the people of its unit, and to nothing
    for the others (a supervisor reads the figures, as govinfo's dashboards show them); a line
    without a submission to the unit's points page, where ``viewer`` opens it."""
    if code == "annual_report_on_time" or not found.rows:
        return found
    ids = [r.ref for r in found.rows if r.ref is not None]
    recipients = dict(Submission.objects.filter(pk__in=ids).values_list("pk", "recipient_id"))
    desk = set(govinfo_policy.desk_offices(viewer).values_list("pk", flat=True))
    readable = set(
        govinfo_access.readable_submissions(viewer).filter(pk__in=ids).values_list("pk", flat=True)
    )
    points = False
    if any(r.ref is None for r in found.rows):
        office = _office_of(org_id)
        points = office is not None and _opens_points(viewer, office, org_id)

    def url(r: Record) -> str:
        if r.ref is None:
            return r.url if points else ""
        if recipients.get(r.ref) in desk:
            return reverse("backoffice:govinfo_desk_item", args=[r.ref])
        if r.ref in readable:
            return reverse("backoffice:govinfo_submission", args=[r.ref])
        return ""

    return Records([replace(r, url=url(r)) for r in found.rows], found.total)
