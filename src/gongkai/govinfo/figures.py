"""The figures of 政务信息报送's dashboards (信息统计, docs/SPEC.md §8). Work in progress."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.govinfo import access, policy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization


def dashboard_offices(user: Any) -> QuerySet[Organization]:
    """The offices whose information-section dashboard ``user`` opens: their desk's (信息科编辑) and,
    read-only, the competent authorities of the regions they supervise."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    supervised = org_policy.supervised_orgs(user).filter(is_competent_authority=True)
    return Organization.objects.filter(
        Q(pk__in=policy.desk_offices(user).values("pk")) | Q(pk__in=supervised.values("pk"))
    )


def can_open_dashboards(user: Any) -> bool:
    return bool(access.unit_ids(user)) or dashboard_offices(user).exists()
