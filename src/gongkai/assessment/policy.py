"""Who may do what in 监督考核 (docs/SPEC.md §7), in one place: the rounds' screens, services and
inbox ask these functions; every back-office queryset of the assessment starts from them (and so
from ``orgs.policy``).

Decisions:

- **The competent authority runs the round.** A round belongs to a competent authority
  (政府信息公开工作主管部门, ``Organization.is_competent_authority``; 2019 条例 第三条 makes it the body
  that 推进、指导、协调、监督 the work of its region, 第四十六条 requires its 考核 system). Only the
  authority's own supervisors (``RoleName.SUPERVISOR`` held *within* the authority) open, score,
  decide objections and finalize it. A supervisor of a region above reads the round (their
  ``supervised_orgs`` reach the authority) but does not act on it.
- **The bodies assessed** are those the authority supervises: its region's organizations
  (``supervised_orgs`` of the supervisor, within the authority's supervision root), neither the
  region's government itself (assessed from above) nor the authority (it does not assess itself).
- **The body's 自查报告 is written, submitted and defended by its 公开工作机构负责人**
  (``RoleName.OFFICE_HEAD``): the person who answers for the body's disclosure work (2019 条例
  第四条: each body designates its 政府信息公开工作机构), and who signs it off. The body's 机构管理员
  manages accounts, not the substance of the work: it reads, with the body's leaders. The same
  people file the 申辩 (objections) and confirm the results (无异议).
- **Who reads what.** The authority's supervisors and those above them read the whole round; the
  people of an assessed body read the round's page and their own body only, never another body's
  report, scores or objections, and nothing before the round is opened (a draft is the authority's).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName

if TYPE_CHECKING:
    from gongkai.assessment.models import Objection, Round, RoundBody

#: The body's roles that write, submit and defend its 自查报告.
REPORTING_ROLES: tuple[str, ...] = (RoleName.OFFICE_HEAD,)
#: The body's roles that read its part of a round (its report, scores and objections).
BODY_READING_ROLES: tuple[str, ...] = (RoleName.OFFICE_HEAD, RoleName.LEADER, RoleName.ORG_ADMIN)


# -- the competent authority -----------------------------------------------------------------------


def authorities_for(user: Any) -> QuerySet[Organization]:
    """The competent authorities within which ``user`` is a supervisor: whose rounds they run."""
    ids = org_policy.org_ids_with_role(user, RoleName.SUPERVISOR)
    return Organization.objects.filter(pk__in=ids, is_competent_authority=True, is_active=True)


def can_open_round(user: Any, authority: Organization | None = None) -> bool:
    """May ``user`` open a round (of ``authority``, or of any authority when none is named)?"""
    if authority is None:
        return authorities_for(user).exists()
    return (
        authority.is_competent_authority
        and authority.is_active
        and org_policy.has_role(user, authority, RoleName.SUPERVISOR)
    )


def assessable_bodies(user: Any, authority: Organization) -> QuerySet[Organization]:
    """The bodies ``authority`` may assess, as ``user`` (its supervisor) sees them: active
    organizations of its region, without the region's government and the authority itself."""
    if not can_open_round(user, authority):
        return Organization.objects.none()
    root = authority.supervision_root()
    return (
        org_policy.supervised_orgs(user)
        .filter(path__startswith=root.path, is_active=True)
        .exclude(pk__in=[root.pk, authority.pk])
        .order_by("path", "position")
    )


def can_manage(user: Any, rnd: Round) -> bool:
    """Does ``user`` run ``rnd`` (a supervisor of its authority)?"""
    return can_open_round(user, rnd.authority)


def reads_whole_round(user: Any, rnd: Round) -> bool:
    """The authority's supervisors and the supervisors above it read every body of the round."""
    return can_manage(user, rnd) or org_policy.is_supervisor_of(user, rnd.authority)


# -- reading ------------------------------------------------------------------------------------------


def _body_ids(user: Any) -> set[int]:
    return org_policy.org_ids_with_role(user, *BODY_READING_ROLES)


def visible_rounds(user: Any) -> QuerySet[Round]:
    """The rounds ``user`` may open: those of authorities they supervise (drafts included), and the
    opened rounds in which one of their bodies is assessed."""
    from gongkai.assessment.models import Round, RoundState

    supervised = org_policy.supervised_orgs(user).values("pk")
    bodies = _body_ids(user)
    q = Q(authority__in=supervised)
    if bodies:
        q |= Q(bodies__organization__in=bodies) & ~Q(state=RoundState.DRAFT)
    return Round.objects.filter(q).distinct()


def can_open_section(user: Any) -> bool:
    """The menu entry 考核评议: supervisors of a competent authority, and the people of a body
    assessed in an opened round (nobody else finds anything behind it)."""
    return can_open_round(user) or visible_rounds(user).exists()


def visible_bodies(user: Any, rnd: Round) -> QuerySet[RoundBody]:
    """The bodies of ``rnd`` whose report and scores ``user`` may read."""
    qs = rnd.bodies.all()
    if reads_whole_round(user, rnd):
        return qs
    if rnd.state == "draft":
        return qs.none()
    return qs.filter(organization__in=_body_ids(user))


def can_read_body(user: Any, rb: RoundBody) -> bool:
    return visible_bodies(user, rb.round).filter(pk=rb.pk).exists()


def is_reporter(user: Any, rb: RoundBody) -> bool:
    """Is ``user`` one of the body's people who write, submit and defend its 自查报告?"""
    return org_policy.has_role(user, rb.organization_id, *REPORTING_ROLES)


# -- acting ---------------------------------------------------------------------------------------------


def can_edit_draft_round(user: Any, rnd: Round) -> bool:
    return rnd.state == "draft" and can_manage(user, rnd)


def can_write_report(user: Any, rb: RoundBody) -> bool:
    """The 自查报告 is written while the round is in 单位自查 and the body has not submitted it."""
    return rb.round.state == "self_assessment" and rb.state == "pending" and is_reporter(user, rb)


def can_start_scoring(user: Any, rnd: Round) -> bool:
    return rnd.state == "self_assessment" and can_manage(user, rnd)


def can_score(user: Any, rb: RoundBody) -> bool:
    return rb.round.state == "scoring" and can_manage(user, rb.round)


def can_open_objections(user: Any, rnd: Round) -> bool:
    return rnd.state == "scoring" and can_manage(user, rnd)


def objection_window_open(rnd: Round, today: dt.date) -> bool:
    """The 申辩 window runs through ``objection_due`` (the last day included)."""
    return rnd.state == "objection" and (rnd.objection_due is None or today <= rnd.objection_due)


def can_object(user: Any, rb: RoundBody, today: dt.date) -> bool:
    return (
        objection_window_open(rb.round, today)
        and rb.state in ("scored", "objected")
        and is_reporter(user, rb)
    )


def can_confirm(user: Any, rb: RoundBody, today: dt.date) -> bool:
    """无异议: the body accepts its results before the window closes (it files no objection)."""
    return objection_window_open(rb.round, today) and rb.state == "scored" and is_reporter(user, rb)


def can_decide_objection(user: Any, objection: Objection) -> bool:
    rnd = objection.round_body.round
    return rnd.state == "objection" and objection.outcome == "pending" and can_manage(user, rnd)


def can_finalize(user: Any, rnd: Round) -> bool:
    """Whether the finalize action is offered; the service says what is still missing (pending
    objections, the window)."""
    return rnd.state == "objection" and can_manage(user, rnd)
