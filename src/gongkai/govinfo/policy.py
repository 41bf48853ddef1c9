"""Who may do what in 政务信息报送 (docs/SPEC.md §8), in one place. Views, the API, the inbox and the
services all ask these functions; lists are filtered by them, never only hidden.

- 信息员 (``info_officer``) of a unit write its submissions, answer commissions and report urgent
  events;
- the unit's 签发人 sign them through the unit's ``submission`` chain (``orgs.signoff``);
- 信息科编辑 (``info_editor``) of a general office run its desk: receive what the units below send
  (``orgs.hierarchy.reports_to``), edit, return, reserve, adopt into the office's publications,
  forward upward, commission, record adoptions above, penalties, rankings and 通报;
- 领导 (``leader``) read the issues of their government's publications and write instructions;
- supervisors of a region read its figures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Kind, Organization, RoleName

WRITER_ROLES = (RoleName.INFO_OFFICER,)
DESK_ROLES = (RoleName.INFO_EDITOR,)
LEADER_ROLES = (RoleName.LEADER,)


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def writing_units(user: Any) -> QuerySet[Organization]:
    """The units whose submissions ``user`` writes (信息员)."""
    return org_policy.organizations_for(user, *WRITER_ROLES)


def can_write(user: Any) -> bool:
    return bool(org_policy.org_ids_with_role(user, *WRITER_ROLES))


def signing_units(user: Any) -> QuerySet[Organization]:
    """The units whose submissions ``user`` may sign (签发人 of the unit)."""
    return org_policy.organizations_for(user, RoleName.SIGNER)


def desk_offices(user: Any) -> QuerySet[Organization]:
    """The offices whose information desk ``user`` runs (信息科编辑)."""
    if _superuser(user):
        return Organization.objects.filter(Q(kind=Kind.GENERAL_OFFICE) | Q(is_competent_authority=True))
    return org_policy.organizations_for(user, *DESK_ROLES)


def can_use_desk(user: Any, office: Organization | int | None = None) -> bool:
    if office is None:
        return _superuser(user) or bool(org_policy.org_ids_with_role(user, *DESK_ROLES))
    office_id = office if isinstance(office, int) else office.pk
    return _superuser(user) or org_policy.has_role(user, office_id, *DESK_ROLES)


def leader_orgs(user: Any) -> QuerySet[Organization]:
    return org_policy.organizations_for(user, *LEADER_ROLES)


def is_leader(user: Any) -> bool:
    return bool(org_policy.org_ids_with_role(user, *LEADER_ROLES))


def reading_offices(user: Any) -> QuerySet[Organization]:
    """The offices whose issued issues ``user`` reads: a leader reads the publications of the general
    office of their government (the office is a child of the government, or the leader's own body
    is the office or one of its departments' government); a desk editor reads their own office's."""
    if _superuser(user):
        return Organization.objects.all()
    led = list(leader_orgs(user))
    # A government's leader reads its own office's publications, never the region above's; the
    # leader of a department reads those of the department's government.
    ids = {o.pk for o in led} | {o.parent_id for o in led if o.parent_id and o.kind != Kind.GOVERNMENT}
    q = (
        Q(pk__in=ids)
        | Q(parent_id__in=ids, kind=Kind.GENERAL_OFFICE)
        | Q(pk__in=desk_offices(user).values("pk"))
    )
    return Organization.objects.filter(q)


def can_see_rankings(user: Any) -> bool:
    """Rankings and 通报 are read by desk editors, leaders, supervisors and the units' 信息员 (their own
    row is always highlighted; the published ranking is open to every reporting unit)."""
    roles = org_policy.role_names(user)
    return _superuser(user) or bool(
        roles & {*DESK_ROLES, *LEADER_ROLES, *WRITER_ROLES, RoleName.SUPERVISOR, RoleName.SIGNER}
    )
