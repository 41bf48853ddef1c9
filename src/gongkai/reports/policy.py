"""Who may do what with an annual report (政府信息公开工作年度报告, docs/SPEC.md §6), in one place.

* **Which bodies report, and to whom.** Every active body except public enterprises and
  institutions (公共企事业单位, whose disclosure follows the rules of their competent departments,
  条例第五十五条) writes a report. A department submits it to the competent authority of its own
  government (本级政府信息公开工作主管部门, 条例第四十九条): ``Organization.competent_authority()``. A
  government's report is compiled by its office and checked by the competent authority of the
  region above (a county government's by the city's office, a township's by the county's); a
  government with no region above (the top of the installation) goes to its own competent
  authority. That competent authority is the report's *receiving authority*
  (``orgs.hierarchy.reports_to``: who reports to whom is the tree's rule, shared by the modules).
* **Editors** — the body's 公开工作机构负责人 (office head) and 机构管理员 (organization
  administrator). They write the sections, enter the figures and submit. Request handlers are
  *not* editors: the report speaks for the whole body, so it is written and submitted by the
  people who answer for the body's disclosure work.
* **Reviewers** — the 主管部门监督人员 (supervisors) of the receiving authority. They return a
  submitted report with comments or accept it. Supervisors further up see the report (the scope
  rule of ``orgs.policy``) but do not review it: it was not submitted to them.
* **Publishing** an accepted report: the body's editors or the reviewers.
* **Reading**: whoever may read the body's internal data (``orgs.policy.readable_orgs``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Kind, Organization, RoleName
from gongkai.reports.models import AnnualReport, ReportState

#: The roles that write and submit a body's report.
EDITOR_ROLES = (RoleName.OFFICE_HEAD, RoleName.ORG_ADMIN)
#: The roles of the receiving authority that review it.
REVIEWER_ROLES = (RoleName.SUPERVISOR,)
#: Kinds of body that do not write the annual report of 条例第四十九条 (see the module docstring).
NON_REPORTING_KINDS = (Kind.PUBLIC_INSTITUTION,)

#: States in which the report has reached the competent authority (returned ones have not).
SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.PUBLISHED)


def is_reporting_body(organization: Organization) -> bool:
    return organization.is_active and organization.kind not in NON_REPORTING_KINDS


# -- who reports to whom (orgs.hierarchy) ----------------------------------------------------------


def reporting_bodies(authority: Organization) -> list[Organization]:
    """The bodies whose reports ``authority`` receives, in tree order."""
    return hierarchy.bodies_reporting_to(authority, keep=is_reporting_body)


def reporting_map() -> dict[int, list[Organization]]:
    """Every competent authority's id → the bodies reporting to it (the whole installation, one query)."""
    return hierarchy.reporting_map(keep=is_reporting_body)


# -- permissions ---------------------------------------------------------------------------------------


def can_edit_body_reports(user: Any, organization: Organization) -> bool:
    """Write (and start, and submit) the reports of ``organization``."""
    if not is_reporting_body(organization):
        return False
    return getattr(user, "is_superuser", False) or org_policy.has_role(user, organization, *EDITOR_ROLES)


def can_edit(user: Any, report: AnnualReport) -> bool:
    return report.is_editable and can_edit_body_reports(user, report.organization)


def can_submit(user: Any, report: AnnualReport) -> bool:
    return can_edit(user, report)


def is_reviewer_for(user: Any, authority: Organization | None) -> bool:
    """A supervisor of ``authority`` (a competent authority)."""
    if authority is None or not authority.is_competent_authority:
        return False
    return getattr(user, "is_superuser", False) or org_policy.has_role(user, authority, *REVIEWER_ROLES)


def can_review(user: Any, report: AnnualReport) -> bool:
    """Return or accept: the receiving authority's supervisors, while the report is submitted."""
    return report.state == ReportState.SUBMITTED and is_reviewer_for(
        user, hierarchy.reports_to(report.organization)
    )


def can_publish(user: Any, report: AnnualReport) -> bool:
    """Publish an accepted report: the body's editors or the receiving authority's supervisors."""
    if report.state != ReportState.ACCEPTED:
        return False
    return can_edit_body_reports(user, report.organization) or is_reviewer_for(
        user, hierarchy.reports_to(report.organization)
    )


def can_read(user: Any, report: AnnualReport) -> bool:
    return visible_reports(user).filter(pk=report.pk).exists()


def visible_reports(user: Any) -> QuerySet[AnnualReport]:
    """The reports ``user`` may read: those of the bodies whose internal data they may read."""
    return AnnualReport.objects.filter(organization__in=org_policy.readable_orgs(user))


def authorities_reviewed_by(user: Any) -> QuerySet[Organization]:
    """The competent authorities where ``user`` reviews reports (their overview pages)."""
    if getattr(user, "is_superuser", False):
        return Organization.objects.filter(is_competent_authority=True, is_active=True)
    return Organization.objects.filter(
        pk__in=org_policy.org_ids_with_role(user, *REVIEWER_ROLES),
        is_competent_authority=True,
        is_active=True,
    )


def bodies_edited_by(user: Any) -> QuerySet[Organization]:
    """The bodies whose reports ``user`` writes."""
    qs = Organization.objects.filter(is_active=True).exclude(kind__in=NON_REPORTING_KINDS)
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(pk__in=org_policy.org_ids_with_role(user, *EDITOR_ROLES))


# -- the back office's sections --------------------------------------------------------------------------


def overview_authorities(user: Any) -> QuerySet[Organization]:
    """The competent authorities whose overview (年度报告汇总) ``user`` may open: those within their
    supervision (every one for a superuser). The receiving authority's reviewers are among these
    supervisors; supervisors further up open the overviews of the authorities below them too."""
    qs: QuerySet[Organization] = (
        Organization.objects.all()
        if getattr(user, "is_superuser", False)
        else org_policy.supervised_orgs(user)
    )
    return qs.filter(is_competent_authority=True, is_active=True).order_by("path")


def can_open_reports(user: Any) -> bool:
    """Does the 年度报告 page serve ``user``: an editor of a reporting body (its office head or
    organization administrator, ``EDITOR_ROLES``), or a supervisor with a competent authority
    within their supervision (its overview, where the receiving authority's supervisors review)?
    Anyone else would find only "您在任何机关都没有这两种角色"; the menu shows the entry to exactly
    these people."""
    return bodies_edited_by(user).exists() or overview_authorities(user).exists()


def can_open_statistics(user: Any) -> bool:
    """Does 统计分析 serve ``user``: someone who may read the internal data of at least one body
    (``orgs.policy.readable_orgs``: a role there, a supervisor above it, or a superuser)? For anyone
    else its tables would cover no body at all."""
    return org_policy.readable_orgs(user).exists()
